"""Title lines of the French, Spanish, Russian, Arabic and Chinese versions, read into
the same facts as an English title (parsing/title.py): kind, date, sender and addressees.

The forms are the United Nations' own (DESIGN.md §11):

* French: "Lettre datée du 7 mai 2021, adressée au Secrétaire général par le
  Représentant permanent de l'Azerbaïdjan auprès de l'Organisation des Nations Unies";
* Spanish: "Carta de fecha 7 de mayo de 2021 dirigida al Secretario General por el
  Representante Permanente de Azerbaiyán ante las Naciones Unidas";
* Russian: "Письмо Постоянного представителя Азербайджана при Организации Объединенных
  Наций от 7 мая 2021 года на имя Генерального секретаря";
* Arabic: "رسالة مؤرخة 7 أيار/مايو 2021 موجهة إلى الأمين العام من الممثل الدائم
  لأذربيجان لدى الأمم المتحدة";
* Chinese: "2021年5月7日阿塞拜疆常驻联合国代表给秘书长的信".

Identical letters, notes verbales, Chargés d'affaires, joint senders and a group a letter
is sent on behalf of ("au nom des États membres du Groupe des États arabes") are read
too. States come out under their canonical English names (parsing/state_names.py), the
sender's title and the addressees under the English names the archive uses for them;
an organization is kept as printed. What a title does not say stays empty.
"""

from __future__ import annotations

import re

from letters.parsing import dates, state_names
from letters.parsing.model import LetterKind, Sender
from letters.parsing.title import TitleInfo

_MAX_TITLE = 1200

# --- Where a title starts, per language ---------------------------------------------------

_FR = re.compile(
    r"^(?P<kind>Lettres?\s+identiques|Lettre\s+commune|Lettre|Notes\s+verbales\s+identiques"
    r"|Notes?\s+verbales?)\s+(?:datée?s?\s+du\s+(?P<date>[^,]{6,40}?)\s*,?\s+)?"
    r"adressée?s?\s+(?P<to>.+?)\s+par\s+(?P<from>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_ES = re.compile(
    r"^(?P<kind>Cartas\s+idénticas|Carta|Notas\s+verbales\s+idénticas|Nota\s+verbal)\s+"
    r"(?:de\s+fecha\s+(?P<date>.{6,40}?)\s+)?dirigidas?\s+(?P<to>.+?)\s+por\s+(?P<from>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_RU = re.compile(
    r"^(?P<kind>Идентичные\s+письма|Совместное\s+письмо|Письмо|Идентичные\s+вербальные\s+ноты"
    r"|Вербальная\s+нота)\s+(?P<from>.+?)\s+от\s+(?P<date>\d{1,2}\s+[^\W\d_]+\s+\d{4}\s+года)"
    r"\s+на\s+имя\s+(?P<to>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_AR = re.compile(
    r"^(?P<kind>رسالتان\s+متطابقتان|رسائل\s+متطابقة|رسالة\s+مشتركة|رسالة"
    r"|مذكرتان\s+شفويتان\s+متطابقتان|مذكرات\s+شفوية\s+متطابقة|مذكرة\s+شفوية)\s+"
    r"(?:مؤرخ\w*\s+(?P<date>.{6,40}?)\s+)?موجه\w*\s+إلى\s+(?P<to>.+?)\s+من\s+(?P<from>.+)$",
    re.DOTALL,
)
_ZH = re.compile(
    r"^(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?P<from>.+?)给(?P<to>.+?)的"
    r"(?P<kind>相同信函|普通照会|联名信|信)$",
    re.DOTALL,
)
_READERS = (("fr", _FR), ("es", _ES), ("ru", _RU), ("ar", _AR), ("zh", _ZH))

# What a paragraph starts with when it is a version's title (the end is checked by the
# full patterns above).
TITLE_START_RE = re.compile(
    r"^(?:(?:Lettres?|Notes?\s+verbales?)(?:\s+identiques|\s+commune)?\s+(?:datée?s?|adressée?s?)\s"
    r"|(?:Cartas?|Notas?\s+verbal(?:es)?)(?:\s+idénticas)?\s+(?:de\s+fecha|dirigidas?)\s"
    r"|(?:Идентичные\s+|Совместное\s+)?(?:Письм[оа]|вербальные\s+ноты)\s|Вербальная\s+нота\s"
    r"|(?:رسال\w*|مذكر\w*\s+شفوي\w*)(?:\s+(?:متطابق\w*|مشتركة))?\s+(?:مؤرخ|موجه)"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^\n]{2,300}?给[^\n]{2,120}?的(?:相同信函|普通照会|联名信|信)$)",
    re.IGNORECASE,
)

# A covering letter's first words: where a title that runs on into the text ends.
BODY_OPENING_RE = re.compile(
    r"\s(?=(?:J['’]ai\s+l['’]honneur|Nous\s+avons\s+l['’]honneur|D['’]ordre\s+de"
    r"|Tengo\s+el\s+honor|Tenemos\s+el\s+honor|Siguiendo\s+instrucciones"
    r"|Имею\s+честь|Имеем\s+честь|По\s+поручению|يشرفني|يشرفنا|谨)\b)"
)

_KINDS = {
    "lettres identiques": LetterKind.IDENTICAL_LETTERS,
    "notes verbales identiques": LetterKind.IDENTICAL_LETTERS,
    "note verbale": LetterKind.NOTE_VERBALE,
    "notes verbales": LetterKind.NOTE_VERBALE,
    "cartas idénticas": LetterKind.IDENTICAL_LETTERS,
    "notas verbales idénticas": LetterKind.IDENTICAL_LETTERS,
    "nota verbal": LetterKind.NOTE_VERBALE,
    "идентичные письма": LetterKind.IDENTICAL_LETTERS,
    "идентичные вербальные ноты": LetterKind.IDENTICAL_LETTERS,
    "вербальная нота": LetterKind.NOTE_VERBALE,
    "رسالتان متطابقتان": LetterKind.IDENTICAL_LETTERS,
    "رسائل متطابقة": LetterKind.IDENTICAL_LETTERS,
    "مذكرتان شفويتان متطابقتان": LetterKind.IDENTICAL_LETTERS,
    "مذكرات شفوية متطابقة": LetterKind.IDENTICAL_LETTERS,
    "مذكرة شفوية": LetterKind.NOTE_VERBALE,
    "相同信函": LetterKind.IDENTICAL_LETTERS,
    "普通照会": LetterKind.NOTE_VERBALE,
}

# --- Addressees ---------------------------------------------------------------------------

_ADDRESSEES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        (r"Secrétaire\s+générale?", "Secretary-General"),
        (r"Présiden(?:t|te|ce)\s+du\s+Conseil\s+de\s+sécurité",
         "President of the Security Council"),
        (r"Présiden(?:t|te|ce)\s+de\s+l['’]Assemblée\s+générale",
         "President of the General Assembly"),
        (r"Présiden(?:t|te|ce)\s+du\s+Conseil\s+économique\s+et\s+social",
         "President of the Economic and Social Council"),
        (r"Présiden(?:t|te|ce)\s+du\s+Conseil\s+des\s+droits\s+de\s+l['’]homme",
         "President of the Human Rights Council"),
        (r"Haute?-Commissaire\s+des\s+Nations\s+Unies\s+aux\s+droits\s+de\s+l['’]homme",
         "United Nations High Commissioner for Human Rights"),
    ),
    "es": (
        (r"Secretari[oa]\s+General", "Secretary-General"),
        (r"(?:Presidente|Presidenta|Presidencia)\s+del\s+Consejo\s+de\s+Seguridad",
         "President of the Security Council"),
        (r"(?:Presidente|Presidenta|Presidencia)\s+de\s+la\s+Asamblea\s+General",
         "President of the General Assembly"),
        (r"(?:Presidente|Presidenta|Presidencia)\s+del\s+Consejo\s+Económico\s+y\s+Social",
         "President of the Economic and Social Council"),
        (r"(?:Presidente|Presidenta|Presidencia)\s+del\s+Consejo\s+de\s+Derechos\s+Humanos",
         "President of the Human Rights Council"),
        (r"Alt[oa]\s+Comisionad[oa]\s+de\s+las\s+Naciones\s+Unidas\s+para\s+los\s+Derechos"
         r"\s+Humanos", "United Nations High Commissioner for Human Rights"),
    ),
    "ru": (
        (r"Генеральн\w{0,3}\s+секретар\w{0,3}", "Secretary-General"),
        (r"Председател\w{0,3}\s+Совета\s+Безопасности", "President of the Security Council"),
        (r"Председател\w{0,3}\s+Генеральной\s+Ассамблеи", "President of the General Assembly"),
        (r"Председател\w{0,3}\s+Экономического\s+и\s+Социального\s+Совета",
         "President of the Economic and Social Council"),
        (r"Председател\w{0,3}\s+Совета\s+по\s+правам\s+человека",
         "President of the Human Rights Council"),
        (r"Верховн\w{0,3}\s+комиссар\w{0,3}\s+Организации\s+Объединенных\s+Наций\s+по\s+правам"
         r"\s+человека", "United Nations High Commissioner for Human Rights"),
    ),
    "ar": (
        (r"الأمين\s+العام", "Secretary-General"),
        (r"رئيسة?\s+مجلس\s+الأمن", "President of the Security Council"),
        (r"رئيسة?\s+الجمعية\s+العامة", "President of the General Assembly"),
        (r"رئيسة?\s+المجلس\s+الاقتصادي\s+والاجتماعي",
         "President of the Economic and Social Council"),
        (r"رئيسة?\s+مجلس\s+حقوق\s+الإنسان", "President of the Human Rights Council"),
        (r"مفوضة?\s+الأمم\s+المتحدة\s+السامية?\s+لحقوق\s+الإنسان",
         "United Nations High Commissioner for Human Rights"),
    ),
    "zh": (
        (r"秘书长", "Secretary-General"),
        (r"安全理事会主席|安理会主席", "President of the Security Council"),
        (r"大会主席", "President of the General Assembly"),
        (r"经济及社会理事会主席", "President of the Economic and Social Council"),
        (r"人权理事会主席", "President of the Human Rights Council"),
        (r"联合国人权事务高级专员", "United Nations High Commissioner for Human Rights"),
    ),
}  # fmt: skip
_ADDRESSEE_RES = {
    language: tuple((re.compile(pattern, re.IGNORECASE), name) for pattern, name in table)
    for language, table in _ADDRESSEES.items()
}

# --- Senders: the title (as the archive names it in English), then the States ------------

_ROLES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        (r"(?:le|la)\s+Chargée?\s+d['’]affaires\s+(?:par\s+intérim|a\.\s?i\.)"
         r"(?:\s+de\s+la\s+Mission\s+permanente)?", "Chargé d'affaires a.i."),
        (r"(?:les\s+)?Représentante?s\s+permanente?s\s+adjointe?s",
         "Deputy Permanent Representatives"),
        (r"(?:le|la)\s+Représentante?\s+permanente?\s+adjointe?",
         "Deputy Permanent Representative"),
        (r"les\s+Représentante?s\s+permanente?s", "Permanent Representatives"),
        (r"(?:le|la)\s+Représentante?\s+permanente?", "Permanent Representative"),
        (r"(?:les\s+)?représentante?s", "representatives"),
        (r"(?:la\s+)?Mission\s+permanente\s+d['’]observation", "Permanent Observer Mission"),
        (r"(?:la\s+)?Mission\s+permanente", "Permanent Mission"),
        (r"(?:l['’])?Observat(?:eur|rice)\s+permanente?", "Permanent Observer"),
        (r"(?:le|la)\s+Ministre\s+des\s+affaires\s+étrangères", "Minister for Foreign Affairs"),
    ),
    "es": (
        (r"(?:el|la)\s+Encargad[oa]\s+de\s+Negocios\s+(?:interin[oa]|a\.\s?i\.)"
         r"(?:\s+de\s+la\s+Misión\s+Permanente)?", "Chargé d'affaires a.i."),
        (r"(?:los\s+)?Representantes\s+Permanentes\s+Adjunt[oa]s",
         "Deputy Permanent Representatives"),
        (r"(?:el|la)\s+Representante\s+Permanente\s+Adjunt[oa]", "Deputy Permanent Representative"),
        (r"(?:los|las)\s+Representantes\s+Permanentes", "Permanent Representatives"),
        (r"(?:el|la)\s+Representante\s+Permanente", "Permanent Representative"),
        (r"(?:los\s+)?representantes", "representatives"),
        (r"(?:la\s+)?Misión\s+(?:Permanente\s+)?de\s+Observación", "Permanent Observer Mission"),
        (r"(?:la\s+)?Misión\s+Permanente", "Permanent Mission"),
        (r"(?:el|la)\s+Observador(?:a)?\s+Permanente", "Permanent Observer"),
        (r"(?:el|la)\s+Ministr[oa]\s+de\s+Relaciones\s+Exteriores", "Minister for Foreign Affairs"),
    ),
    "ru": (
        (r"Временн\w{1,3}\s+поверенн\w{1,3}\s+в\s+делах(?:\s+Постоянного\s+представительства)?",
         "Chargé d'affaires a.i."),
        (r"заместител\w{1,3}\s+Постоянного\s+представителя", "Deputy Permanent Representative"),
        (r"постоянных\s+представителей", "Permanent Representatives"),
        (r"Постоянного\s+представителя", "Permanent Representative"),
        (r"представителей", "representatives"),
        (r"Постоянного\s+представительства", "Permanent Mission"),
        (r"Постоянного\s+наблюдателя", "Permanent Observer"),
        (r"Министра\s+иностранных\s+дел", "Minister for Foreign Affairs"),
    ),
    "ar": (
        (r"القائمة?\s+بالأعمال\s+(?:بالنيابة|المؤقتة?)(?:\s+للبعثة\s+الدائمة)?",
         "Chargé d'affaires a.i."),
        (r"الممثل(?:ين|ون)\s+الدائم(?:ين|ون)", "Permanent Representatives"),
        (r"نائبة?\s+الممثل\s+الدائم", "Deputy Permanent Representative"),
        (r"الممثلة?\s+الدائمة?", "Permanent Representative"),
        (r"ممثل(?:ي|ين)", "representatives"),
        (r"البعثة\s+الدائمة", "Permanent Mission"),
        (r"المراقبة?\s+الدائمة?", "Permanent Observer"),
        (r"وزيرة?\s+خارجية", "Minister for Foreign Affairs"),
    ),
}  # fmt: skip
_ROLE_RES = {
    language: tuple((re.compile(pattern + r"\s+", re.IGNORECASE), role) for pattern, role in table)
    for language, table in _ROLES.items()
}
# Chinese names the States first, then the title: "阿塞拜疆常驻联合国代表团临时代办".
_ZH_ROLES = (
    ("常驻联合国代表团临时代办", "Chargé d'affaires a.i."),
    ("常驻联合国副代表", "Deputy Permanent Representative"),
    ("常驻联合国代表团", "Permanent Mission"),
    ("常驻联合国观察员", "Permanent Observer"),
    ("常驻联合国代表", "Permanent Representative"),
    ("代表", "representatives"),
)

# The group or organization a letter is sent on behalf of, or whose chair sends it.
_GROUPS = {
    "fr": re.compile(
        r",?\s+(?:au\s+nom\s+(?:des\s+(?:États|pays)\s+membres\s+)?"
        r"|en\s+(?:sa|leur)\s+qualité\s+de\s+(?:Présidente?|présidence|Coordonnat(?:eur|rice))\s+)"
        r"(?:du\s+|de\s+la\s+|de\s+l['’]|des\s+|de\s+)(?P<org>.+)$",
        re.IGNORECASE | re.DOTALL,
    ),
    "es": re.compile(
        r",?\s+(?:en\s+nombre\s+(?:de\s+los\s+(?:Estados|países)\s+miembros\s+)?"
        r"|en\s+su\s+calidad\s+de\s+(?:President[ea]|Presidencia|Coordinador[a]?)\s+)"
        r"(?:del\s+|de\s+la\s+|de\s+los\s+|de\s+)(?P<org>.+)$",
        re.IGNORECASE | re.DOTALL,
    ),
    "ru": re.compile(
        r",?\s+(?:от\s+имени\s+(?:государств\s*[—–-]\s*членов\s+)?"
        r"|в\s+качестве\s+Председателя\s+)(?P<org>.+)$",
        re.IGNORECASE | re.DOTALL,
    ),
    "ar": re.compile(
        r"،?\s+(?:باسم|بالنيابة\s+عن)\s+(?:الدول\s+الأعضاء\s+في\s+)?(?P<org>.+)$"
        r"|،?\s+بصفته\s+رئيسا?\s+ل(?P<org2>.+)$",
        re.DOTALL,
    ),
}
_ZH_GROUP = re.compile(
    r"^\s*(?:以(?P<org>.+?)(?:成员国)?(?:名义|主席身份)|代表(?P<org2>.+?)(?:成员国)?)$"
)
# "… auprès de l'Organisation des Nations Unies", "… ante las Naciones Unidas", "… при
# Организации Объединенных Наций", "… لدى الأمم المتحدة": where the States end.
_UN_SUFFIX = {
    "fr": re.compile(r"^\s*auprès\s+de\s+l['’]Organisation\s+des\s+Nations\s+Unies", re.I),
    "es": re.compile(r"^\s*ante\s+(?:las\s+)?Naciones\s+Unidas", re.I),
    "ru": re.compile(r"^\s*при\s+Организации\s+Объединенных\s+Наций", re.I),
    "ar": re.compile(r"^\s*لدى\s+الأمم\s+المتحدة"),
}


def is_title(paragraph: str) -> bool:
    """Whether ``paragraph`` starts as a version's title."""
    return bool(TITLE_START_RE.match(paragraph[:_MAX_TITLE]))


def title_end(text: str) -> int:
    """Where a version's title that starts ``text`` ends: before the covering letter's
    first words when they follow on the same line, else at the end."""
    if len(text) > 300:
        opening = BODY_OPENING_RE.search(text)
        if opening:
            return opening.start()
    return len(text)


def _tidy(title: str) -> str:
    # Chinese lines rejoined with a space: no space belongs between its characters.
    return re.sub(
        r"(?<=[\u3000-\u9fff（）])\s+(?=[\u3000-\u9fff（）])", "", " ".join(title.split())
    )


def parse_title(title: str) -> tuple[TitleInfo, str] | None:
    """The facts of a version's title and its language code, or None when ``title`` is
    not one."""
    text = _tidy(title[:_MAX_TITLE])
    for language, pattern in _READERS:
        match = pattern.match(text)
        if match:
            return _read(language, match), language
    return None


def _read(language: str, match: re.Match[str]) -> TitleInfo:
    warnings: list[str] = []
    kind_words = " ".join(match.group("kind").split()).lower()
    kind = _KINDS.get(kind_words, LetterKind.LETTER)
    letter_date = None
    if match.group("date"):
        found = dates.find_date(match.group("date"))
        letter_date = dates.date_from_match(found) if found else None
    if letter_date is None:
        warnings.append("no date found in the title")
    addressees = tuple(
        dict.fromkeys(
            name
            for _, name in sorted(
                (m.start(), name)
                for pattern, name in _ADDRESSEE_RES[language]
                for m in pattern.finditer(match.group("to"))
            )
        )
    )
    if not addressees:
        warnings.append("no addressee found in the title")
    sender, sender_warnings = read_sender(language, match.group("from"))
    warnings.extend(sender_warnings)
    return TitleInfo(kind, letter_date, sender, addressees, tuple(warnings))


def read_sender(language: str, phrase: str) -> tuple[Sender, list[str]]:
    """A version's sender phrase -> Sender (canonical States, the title in English, the
    organization as printed) and warnings."""
    phrase = " ".join(phrase.split()).rstrip(" .,;")
    if language == "zh":
        return _zh_sender(phrase)
    organization = None
    group = _GROUPS[language].search(phrase)
    if group:
        organization = (group.group("org") or group.groupdict().get("org2") or "").strip(" ,.")
        phrase = phrase[: group.start()]
    role = None
    for pattern, name in _ROLE_RES[language]:
        found = pattern.match(phrase)
        if found:
            role, phrase = name, phrase[found.end() :]
            break
    names, used = state_names.match_states(language, phrase)
    warnings = []
    if not names:
        rest = phrase[:80]
        warnings.append(f"sender not recognised as a State or an organization: {rest!r}")
    else:
        tail = phrase[used:]
        if tail.strip() and not _UN_SUFFIX[language].match(tail):
            warnings.append(f"sender read up to {tail.strip()[:60]!r}")
    if role is None:
        warnings.append("sender's title not recognised")
    return Sender(tuple(names), role, organization or None), warnings


def _zh_sender(phrase: str) -> tuple[Sender, list[str]]:
    names, used = state_names.match_states("zh", phrase)
    rest = phrase[used:]
    role = None
    for words, name in _ZH_ROLES:
        if rest.startswith(words):
            role, rest = name, rest[len(words) :]
            break
    if role == "Permanent Representative" and len(names) > 1:
        role = "Permanent Representatives"
    # What follows the title: "以阿拉伯国家集团成员国名义" (on behalf of the Group's members).
    group = _ZH_GROUP.match(rest)
    organization = (group.group("org") or group.group("org2")) if group else None
    warnings = []
    if not names:
        warnings.append(f"sender not recognised as a State or an organization: {phrase[:40]!r}")
    if role is None:
        warnings.append("sender's title not recognised")
    return Sender(tuple(names), role, organization), warnings
