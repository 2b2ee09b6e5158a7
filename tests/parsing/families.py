"""A generator of UN letters by layout family, and the measure of what a parse gets right.

The same kind of facts (dates, session, Council year, agenda items, symbols, sender
States and group, addressees, signatories, cited documents, an annex) are drawn at
random for a seed and rendered into one family's text: the official layout (with its
page furniture), a web copy, a letter as sent, a one-line Word dump, a joint letter, a
group letter, a note verbale, a 1980s document, and each UN language's version.
``expected`` lists the facts that text prints; ``score`` compares a parse contract with
them: each fact is right, wrong (a value the text does not say: invented) or missing.

Two sets: ``tuning`` letters draw from the tuning part of each pool, ``held_out`` letters
from the held-out part (States, people, topics and groups never used while tuning the
parser). ``bench/parse_families.py`` prints the table; ``test_families.py`` holds the
parser to it.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import re
import textwrap
from collections.abc import Iterable
from typing import Any

from tests.parsing import phrasings as ph
from tests.parsing.phrasings import Person, StateForms

FAMILIES = (
    "official",
    "glued_masthead",
    "web",
    "as_sent",
    "word_dump",
    "joint",
    "group",
    "note_verbale",
    "1980s",
    "traps",
    "french",
    "spanish",
    "russian",
    "arabic",
    "chinese",
)
LANGUAGE_OF = {"french": "fr", "spanish": "es", "russian": "ru", "arabic": "ar", "chinese": "zh"}
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "ar": "Arabic",
    "zh": "Chinese",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Annex:
    title: dict[str, str]
    language: str  # the original's English name
    place_first: bool  # place and date under the title, else at the foot


@dataclasses.dataclass(frozen=True)
class Citation:
    key: str
    kind: str  # "sc", "ga", "doc"
    number: str  # "2231", "62/243", or the symbol as printed


@dataclasses.dataclass(frozen=True)
class Facts:
    family: str
    language: str
    kind: str  # letter, identical_letters, note_verbale
    states: tuple[StateForms, ...]
    role: str  # "pr" (Permanent Representative), "charge", "mission"
    group: dict[str, str] | None
    addressees: tuple[str, ...]  # "sg", "psc", "pga"
    letter_date: datetime.date
    distribution_date: datetime.date
    ga_session: int | None
    sc_year: int | None
    agenda: tuple[tuple[int, str], ...]
    symbols: tuple[str, ...]
    signers: tuple[Person, ...]
    cited: tuple[Citation, ...]
    annex: Annex | None
    original_language: str
    annex_date: datetime.date
    job: str  # the printing office's job number, "21-05870"
    variant: int = 0  # which of a family's layouts (0-3)
    traps: tuple[str, ...] = ()  # the "traps" family's snares


# --- Drawing the facts ------------------------------------------------------------------


def _pool(items: Iterable[Any], held: frozenset[str], held_out: bool, key=lambda x: x) -> list:
    return [x for x in items if (key(x) in held) == held_out]


def draw(family: str, seed: int, *, held_out: bool = False) -> Facts:
    """The facts of one letter of ``family`` for ``seed`` (deterministic)."""
    rng = random.Random(f"{family}-{seed}-{held_out}")
    language = LANGUAGE_OF.get(family, "en")
    states = _pool(ph.STATES, ph.HELD_OUT_STATES, held_out, key=lambda s: s.en)
    people = _pool(ph.PEOPLE, ph.HELD_OUT_PEOPLE, held_out, key=lambda p: p.en)
    topics = _pool(ph.TOPICS, ph.HELD_OUT_TOPICS, held_out)
    groups = _pool(ph.GROUPS, ph.HELD_OUT_GROUPS, held_out, key=lambda g: g["en"])
    year = rng.randint(1980, 1989) if family == "1980s" else rng.randint(1996, 2024)
    letter_date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    distribution_date = letter_date + datetime.timedelta(days=rng.randint(1, 9))
    session = year - 1945 - (0 if letter_date.month >= 9 else 1)
    sc_year = year - 1945
    organs = rng.choice(("both", "both", "ga", "sc"))
    if family in ("glued_masthead", "group"):
        organs = "both"
    ga = session if organs in ("both", "ga") else None
    sc = sc_year if organs in ("both", "sc") else None
    count = rng.choice((1, 1, 2, 3)) if ga else 0
    chosen = rng.sample(topics, count)
    numbers = sorted(rng.sample(range(8, 140), count))
    agenda = tuple(zip(numbers, chosen, strict=True))
    ga_number = rng.randint(100, 999)
    sc_number = rng.randint(100, 999)
    symbols: tuple[str, ...] = ()
    if ga:
        symbols += (f"A/{ga}/{ga_number}",)
    if sc:
        symbols += (f"S/{year}/{sc_number}",)
    if family == "1980s":
        # The Council's documents of the time are numbered in one series.
        symbols = (f"S/{rng.randint(15000, 21000)}",)
        ga, agenda = None, ()
    kind = "letter"
    role = "pr"
    n_states = 1
    group = None
    if family == "joint":
        n_states = rng.choice((2, 2, 3))
    elif family == "group":
        group = rng.choice(groups)
    elif family == "note_verbale":
        kind, role = "note_verbale", "mission"
    if family in LANGUAGE_OF.values() or family in LANGUAGE_OF:
        kind = rng.choice(("letter", "letter", "identical_letters", "note_verbale"))
        role = "mission" if kind == "note_verbale" else rng.choice(("pr", "pr", "charge"))
        n_states = 2 if kind == "letter" and rng.random() < 0.25 else 1
        if n_states == 1 and kind == "letter" and role == "pr" and rng.random() < 0.2:
            group = rng.choice(groups)
    if family in ("official", "glued_masthead") and rng.random() < 0.3:
        kind = "identical_letters"
    if family in ("official", "web") and rng.random() < 0.2:
        role = "charge"
    if family == "as_sent" and rng.random() < 0.3:
        kind = "identical_letters"
    variant = rng.randint(0, 3)
    traps: tuple[str, ...] = ()
    if family == "traps":
        traps = tuple(rng.sample(_TRAPS, 3))
    chosen_states = tuple(rng.sample(states, n_states))
    signers = tuple(rng.sample(people, n_states)) if role != "mission" else ()
    if kind == "identical_letters":
        addressees = ("sg", "psc") if sc else ("sg", "pga")
    else:
        addressees = (rng.choice(("sg", "sg", "sg", "psc" if sc else "pga")),)
    cited = _citations(rng, year, symbols)
    annex = None
    if rng.random() < 0.6 and family not in ("as_sent", "word_dump"):
        annex = Annex(
            title=rng.choice(_ANNEX_TITLES),
            language=rng.choice(("English", "Russian", "French", "Arabic", "Spanish")),
            place_first=rng.random() < 0.5,
        )
    original = "English" if language != "en" else rng.choice(("English", "English", "French"))
    if language != "en" and rng.random() < 0.3:
        original = LANGUAGE_NAMES[language]
    return Facts(
        family=family,
        language=language,
        kind=kind,
        states=chosen_states,
        role=role,
        group=group,
        addressees=addressees,
        letter_date=letter_date,
        distribution_date=distribution_date,
        ga_session=ga,
        sc_year=sc,
        agenda=agenda,
        symbols=symbols,
        signers=signers,
        cited=cited,
        annex=annex,
        original_language=original,
        annex_date=letter_date - datetime.timedelta(days=rng.randint(0, 5)),
        job=f"{year % 100:02d}-{rng.randint(10000, 99999)}",
        variant=variant,
        traps=traps,
    )


# Snares of the "traps" family: text that says less than it seems to.
_TRAPS = (
    "cut_original",  # "Original: Eng" (a line cut short): no language
    "dated_no_organ",  # "resolution 377 of 3 November 1950": the Assembly's, not the Council's
    "slash_no_organ",  # "resolution 31/1": the Human Rights Council's or the Assembly's
    "roman",  # "resolution 2625 (XXV)": the Assembly's (a session numeral)
    "cut_title_date",  # "Letter dated 7 May 20…": no date
    "bad_distribution_date",  # "31 February 2021": no date
    "cut_session",  # "Seventy-" (the session line cut short): no session
)


def _citations(rng: random.Random, year: int, own: tuple[str, ...]) -> tuple[Citation, ...]:
    out = []
    sc_year = rng.randint(1990, year) if year > 1990 else rng.randint(1967, year)
    sc_number = rng.randint(242, 2700) if sc_year > 1990 else rng.randint(242, 600)
    out.append(Citation(f"S/RES/{sc_number} ({sc_year})", "sc", f"{sc_number} ({sc_year})"))
    if year >= 1990:
        session = rng.randint(31, min(year - 1946, 78))
        number = rng.randint(1, 320)
        out.append(Citation(f"A/RES/{session}/{number}", "ga", f"{session}/{number}"))
        other = f"A/{session}/{rng.randint(100, 999)}"
        out.append(Citation(other, "doc", other))
    return tuple(c for c in out if c.key not in own)


_ANNEX_TITLES: tuple[dict[str, str], ...] = (
    {
        "en": "Statement by the Ministry of Foreign Affairs",
        "fr": "Déclaration du Ministère des affaires étrangères",
        "es": "Declaración del Ministerio de Relaciones Exteriores",
        "ru": "Заявление Министерства иностранных дел",
        "ar": "بيان وزارة الخارجية",
        "zh": "外交部的声明",
    },
    {
        "en": "Joint statement of the Ministers for Foreign Affairs on the anniversary of the "
        "adoption of the Convention on the Prevention and Punishment of the Crime of Genocide",
        "fr": "Déclaration commune des ministres des affaires étrangères",
        "es": "Declaración conjunta de los Ministros de Relaciones Exteriores",
        "ru": "Совместное заявление министров иностранных дел",
        "ar": "بيان مشترك لوزراء الخارجية",
        "zh": "外交部长联合声明",
    },
    {
        "en": "Information on the humanitarian situation in the region",
        "fr": "Informations sur la situation humanitaire dans la région",
        "es": "Información sobre la situación humanitaria en la región",
        "ru": "Информация о гуманитарной ситуации в регионе",
        "ar": "معلومات عن الحالة الإنسانية في المنطقة",
        "zh": "关于该区域人道主义局势的资料",
    },
)

# --- Words of each language ---------------------------------------------------------------


def date_text(value: datetime.date, language: str) -> str:
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    month = ph.MONTHS[language][value.month - 1]
    if language == "es":
        return f"{value.day} de {month} de {value.year}"
    if language == "ru":
        return f"{value.day} {month} {value.year} года"
    if language == "fr" and value.day == 1:
        return f"1er {month} {value.year}"
    return f"{value.day} {month} {value.year}"


def _en_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _fr_de(name: str) -> str:
    """ "la Chine" -> "de la Chine", "le Brésil" -> "du Brésil", "Cuba" -> "de Cuba"."""
    if name.startswith("le "):
        return "du " + name[3:]
    if name.startswith("les "):
        return "des " + name[4:]
    if name.startswith("l'") or name.startswith("la "):
        return "de " + name
    return ("d'" if name[0] in "AEIOUÉ" else "de ") + name


def _es_de(name: str) -> str:
    if name.startswith("el "):
        return "del " + name[3:]
    return "de " + name


def _ar_li(name: str) -> str:
    """The Arabic "of": "لأذربيجان", "للصين"."""
    return "لل" + name[2:] if name.startswith("ال") else "ل" + name


def _list(items: list[str], joiner: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + joiner + items[-1]


_ADDRESSEES = {
    "en": {"sg": "the Secretary-General", "psc": "the President of the Security Council",
           "pga": "the President of the General Assembly"},
    "fr": {"sg": "au Secrétaire général", "psc": "au Président du Conseil de sécurité",
           "pga": "au Président de l'Assemblée générale"},
    "es": {"sg": "al Secretario General", "psc": "a la Presidencia del Consejo de Seguridad",
           "pga": "al Presidente de la Asamblea General"},
    "ru": {"sg": "Генерального секретаря", "psc": "Председателя Совета Безопасности",
           "pga": "Председателя Генеральной Ассамблеи"},
    "ar": {"sg": "الأمين العام", "psc": "رئيس مجلس الأمن", "pga": "رئيس الجمعية العامة"},
    "zh": {"sg": "秘书长", "psc": "安全理事会主席", "pga": "大会主席"},
}  # fmt: skip
ADDRESSEE_NAMES = {
    "sg": "Secretary-General",
    "psc": "President of the Security Council",
    "pga": "President of the General Assembly",
}


def _addressees(facts: Facts) -> str:
    words = [_ADDRESSEES[facts.language][a] for a in facts.addressees]
    joiner = {"en": " and ", "fr": " et ", "es": " y ", "ru": " и ", "ar": " و", "zh": "和"}
    return joiner[facts.language].join(words)


def sender_phrase(facts: Facts) -> str:
    """Who sends the letter, as its title says it in its language."""
    lang, states = facts.language, facts.states
    many = len(states) > 1
    if lang == "en":
        names = _en_list([s.en_of for s in states])
        if facts.role == "mission":
            return f"the Permanent Mission of {names} to the United Nations"
        if facts.role == "charge":
            return f"the Chargé d'affaires a.i. of the Permanent Mission of {names} to the United Nations"
        word = "Permanent Representatives" if many else "Permanent Representative"
        if many and facts.variant == 3:
            word = "representatives"
        phrase = f"the {word} of {names} to the United Nations"
        if facts.group:
            phrase += f" on behalf of the States members of the {facts.group['en']}"
        return phrase
    if lang == "fr":
        names = _list([_fr_de(s.fr) for s in states], " et ")
        un = "auprès de l'Organisation des Nations Unies"
        if facts.role == "mission":
            return f"la Mission permanente {names} {un}"
        if facts.role == "charge":
            return f"le Chargé d'affaires par intérim de la Mission permanente {names} {un}"
        word = "les Représentants permanents" if many else "le Représentant permanent"
        phrase = f"{word} {names} {un}"
        if facts.group:
            phrase += f", au nom des États membres du {facts.group['fr']}"
        return phrase
    if lang == "es":
        names = _es_de(_list([s.es for s in states], " y "))
        un = "ante las Naciones Unidas"
        if facts.role == "mission":
            return f"la Misión Permanente {names} {un}"
        if facts.role == "charge":
            return f"el Encargado de Negocios interino de la Misión Permanente {names} {un}"
        word = "los Representantes Permanentes" if many else "el Representante Permanente"
        phrase = f"{word} {names} {un}"
        if facts.group:
            phrase += f", en nombre de los Estados miembros del {facts.group['es']}"
        return phrase
    if lang == "ru":
        names = _list([s.ru for s in states], " и ")
        un = "при Организации Объединенных Наций"
        if facts.role == "mission":
            return f"Постоянного представительства {names} {un}"
        if facts.role == "charge":
            return f"Временного поверенного в делах Постоянного представительства {names} {un}"
        word = "постоянных представителей" if many else "Постоянного представителя"
        phrase = f"{word} {names} {un}"
        if facts.group:
            phrase += f" от имени государств — членов {facts.group['ru']}"
        return phrase
    if lang == "ar":
        first, *others = [s.ar for s in states]
        names = _ar_li(first) + "".join(" و" + o for o in others)
        un = "لدى الأمم المتحدة"
        if facts.role == "mission":
            return f"البعثة الدائمة {names} {un}"
        if facts.role == "charge":
            return f"القائم بالأعمال بالنيابة للبعثة الدائمة {names} {un}"
        word = "الممثلين الدائمين" if many else "الممثل الدائم"
        phrase = f"{word} {names} {un}"
        if facts.group:
            phrase += f" باسم الدول الأعضاء في {facts.group['ar']}"
        return phrase
    names = "和".join(s.zh for s in states)
    if facts.role == "mission":
        return f"{names}常驻联合国代表团"
    if facts.role == "charge":
        return f"{names}常驻联合国代表团临时代办"
    phrase = f"{names}常驻联合国代表"
    if facts.group:
        phrase = f"{names}常驻联合国代表以{facts.group['zh']}成员国名义"
    return phrase


def title_text(facts: Facts, *, upper: bool = False) -> str:
    date = date_text(facts.letter_date, facts.language)
    to, sender = _addressees(facts), sender_phrase(facts)
    lang, kind = facts.language, facts.kind
    if lang == "en":
        word = {"letter": "Letter", "identical_letters": "Identical letters",
                "note_verbale": "Note verbale"}[kind]  # fmt: skip
        text = f"{word} dated {date} from {sender} addressed to {to}"
        return text.upper() if upper else text
    if lang == "fr":
        word = {"letter": "Lettre datée", "identical_letters": "Lettres identiques datées",
                "note_verbale": "Note verbale datée"}[kind]  # fmt: skip
        verb = "adressées" if kind == "identical_letters" else "adressée"
        return f"{word} du {date}, {verb} {to} par {sender}"
    if lang == "es":
        word = {"letter": "Carta", "identical_letters": "Cartas idénticas",
                "note_verbale": "Nota verbal"}[kind]  # fmt: skip
        verb = "dirigidas" if kind == "identical_letters" else "dirigida"
        return f"{word} de fecha {date} {verb} {to} por {sender}"
    if lang == "ru":
        word = {"letter": "Письмо", "identical_letters": "Идентичные письма",
                "note_verbale": "Вербальная нота"}[kind]  # fmt: skip
        return f"{word} {sender} от {date} на имя {to}"
    if lang == "ar":
        word = {"letter": "رسالة مؤرخة", "identical_letters": "رسالتان متطابقتان مؤرختان",
                "note_verbale": "مذكرة شفوية مؤرخة"}[kind]  # fmt: skip
        verb = "موجهتان" if kind == "identical_letters" else "موجهة"
        return f"{word} {date} {verb} إلى {to} من {sender}"
    word = {"letter": "信", "identical_letters": "相同信函", "note_verbale": "普通照会"}[kind]
    return f"{date}{sender}给{to}的{word}"


_ORIGINAL = {
    "fr": ("Original : {}", {"English": "anglais", "French": "français", "Spanish": "espagnol",
                             "Russian": "russe", "Arabic": "arabe", "Chinese": "chinois"}),
    "es": ("Original: {}", {"English": "inglés", "French": "francés", "Spanish": "español",
                            "Russian": "ruso", "Arabic": "árabe", "Chinese": "chino"}),
}  # fmt: skip
_ANNEX_ORIGINAL = {
    "en": lambda lang: f"[Original: {lang}]",
    "fr": lambda lang: f"[Original : {_ORIGINAL['fr'][1][lang]}]",
    "es": lambda lang: f"[Original: {_ORIGINAL['es'][1][lang]}]",
    "ru": lambda lang: "[Подлинный текст на {} языке]".format(
        {"English": "английском", "French": "французском", "Spanish": "испанском",
         "Russian": "русском", "Arabic": "арабском", "Chinese": "китайском"}[lang]),
    "ar": lambda lang: "[الأصل: {}]".format(
        {"English": "بالإنكليزية", "French": "بالفرنسية", "Spanish": "بالإسبانية",
         "Russian": "بالروسية", "Arabic": "بالعربية", "Chinese": "بالصينية"}[lang]),
    "zh": lambda lang: "[原件：{}]".format(
        {"English": "英文", "French": "法文", "Spanish": "西班牙文", "Russian": "俄文",
         "Arabic": "阿拉伯文", "Chinese": "中文"}[lang]),
}  # fmt: skip


def _wrap(text: str, width: int = 72) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _masthead(facts: Facts, rng: random.Random) -> list[str]:
    """The lines of the masthead, as a PDF's text layer gives them (paragraphs split by "")."""
    lang = facts.language
    joint_symbol = "–".join(facts.symbols)
    organs = {"en": ("General Assembly", "Security Council"),
              "fr": ("Assemblée générale", "Conseil de sécurité"),
              "es": ("Asamblea General", "Consejo de Seguridad"),
              "ru": ("Генеральная Ассамблея", "Совет Безопасности"),
              "ar": ("الجمعية العامة", "مجلس الأمن"),
              "zh": ("大会", "安全理事会")}[lang]  # fmt: skip
    united = {"en": "United Nations", "fr": "Nations Unies", "es": "Naciones Unidas",
              "ru": "Организация Объединенных Наций", "ar": "الأمم المتحدة", "zh": "联合国"}[lang]  # fmt: skip
    lines = [f"{united} {joint_symbol}"]
    for organ, present in zip(organs, (facts.ga_session, facts.sc_year), strict=True):
        if present:
            lines.append(organ)
    if lang == "fr":
        lines += ["Distr. générale", date_text(facts.distribution_date, "fr"), "Français"]
        lines.append(_ORIGINAL["fr"][0].format(_ORIGINAL["fr"][1][facts.original_language]))
    elif lang == "es":
        lines += ["Distr. general", date_text(facts.distribution_date, "es"), "Español"]
        lines.append(_ORIGINAL["es"][0].format(_ORIGINAL["es"][1][facts.original_language]))
    else:
        lines += ["Distr.: General", date_text(facts.distribution_date, "en")]
        if lang != "en":
            lines.append(LANGUAGE_NAMES[lang])
        lines.append(f"Original: {facts.original_language}")
    lines.append("")
    session = _session_line(facts) if facts.ga_session else None
    year = _year_line(facts) if facts.sc_year else None
    glued = facts.family == "glued_masthead"
    if glued and session and year:
        # Two columns read across: the Assembly's and the Council's blocks on one line each.
        lines += [f"{organs[0]} {organs[1]}", f"{session} {year}"]
    elif session:
        lines += [organs[0], session]
    if facts.agenda:
        lines.append(_agenda_line(facts))
        if lang == "en":
            separate = rng.random() < 0.5
            for _, topic in facts.agenda:
                if separate:
                    lines.append("")
                lines += _wrap(topic, rng.choice((60, 72, 90)))
    if year and (not glued or not session):
        lines += ["", organs[1], year]
    lines.append("")
    return lines


def _session_line(facts: Facts) -> str:
    n, lang = facts.ga_session, facts.language
    return {
        "en": lambda: f"{ph.en_ordinal(n)} session",
        "fr": lambda: f"{ph.fr_ordinal(n)} session",
        "es": lambda: f"{ph.es_ordinal(n)} período de sesiones",
        "ru": lambda: f"{ph.ru_ordinal(n, feminine=True)} сессия",
        "ar": lambda: f"الدورة {ph.ar_ordinal(n)}",
        "zh": lambda: f"第{ph.zh_number(n)}届会议",
    }[lang]()


def _year_line(facts: Facts) -> str:
    n, lang = facts.sc_year, facts.language
    return {
        "en": lambda: f"{ph.en_ordinal(n)} year",
        "fr": lambda: f"{ph.fr_ordinal(n)} année",
        "es": lambda: f"{ph.es_ordinal(n)} año",
        "ru": lambda: f"{ph.ru_ordinal(n, feminine=False)} год",
        "ar": lambda: f"السنة {ph.ar_ordinal(n)}",
        "zh": lambda: f"第{ph.zh_number(n)}年",
    }[lang]()


def _numbers(facts: Facts, joiner: str, comma: str = ", ") -> str:
    numbers = [str(n) for n, _ in facts.agenda]
    if len(numbers) == 1:
        return numbers[0]
    return comma.join(numbers[:-1]) + joiner + numbers[-1]


def _agenda_line(facts: Facts) -> str:
    many = len(facts.agenda) > 1
    lang = facts.language
    if lang == "en":
        return f"Agenda item{'s' if many else ''} {_numbers(facts, ' and ')}"
    if lang == "fr":
        return f"Point{'s' if many else ''} {_numbers(facts, ' et ')} de l'ordre du jour"
    if lang == "es":
        return f"Tema{'s' if many else ''} {_numbers(facts, ' y ')} del programa"
    if lang == "ru":
        return f"Пункт{'ы' if many else ''} {_numbers(facts, ' и ')} повестки дня"
    if lang == "ar":
        return f"{'البنود' if many else 'البند'} {_numbers(facts, ' و ', ' و ')} من جدول الأعمال"
    return f"议程项目{_numbers(facts, '和', '、')}"


def _cite(c: Citation, lang: str) -> str:
    if c.kind == "doc":
        return c.number
    sc = c.kind == "sc"
    return {
        "en": f"Security Council resolution {c.number}" if sc else f"General Assembly resolution {c.number}",
        "fr": f"la résolution {c.number} du Conseil de sécurité" if sc else f"la résolution {c.number} de l'Assemblée générale",
        "es": f"la resolución {c.number} del Consejo de Seguridad" if sc else f"la resolución {c.number} de la Asamblea General",
        "ru": f"резолюции {c.number} Совета Безопасности" if sc else f"резолюции {c.number} Генеральной Ассамблеи",
        "ar": f"قرار مجلس الأمن {c.number}" if sc else f"قرار الجمعية العامة {c.number}",
        "zh": f"安全理事会第{c.number.replace(' ', '')}号决议" if sc else f"大会第{c.number}号决议",
    }[lang]  # fmt: skip


def _body(facts: Facts, rng: random.Random) -> list[str]:
    """The covering letter's paragraphs (without the signature)."""
    lang = facts.language
    cites = [_cite(c, lang) for c in facts.cited]
    event = date_text(facts.letter_date - datetime.timedelta(days=40), lang)
    first = cites[0]
    rest = cites[1:]
    mission = facts.role == "mission"
    texts = {
        "en": [
            (
                f"The Permanent Mission of {facts.states[0].en_of} to the United Nations presents its "
                "compliments to the Secretary-General and has the honour to refer to "
                f"{first} and to transmit herewith information on the events of {event}."
                if mission
                else f"I have the honour to refer to {first} and to the events of {event}, which my "
                "Government has followed with the utmost concern."
            ),
            "The Government recalls that all parties are bound to respect the principles of the "
            "Charter of the United Nations and the norms of international law."
            + (f" It also draws attention to {' and '.join(rest)}." if rest else ""),
        ],
        "fr": [
            f"J'ai l'honneur de me référer à {first} et aux événements du {event}, que mon "
            "gouvernement suit avec la plus grande préoccupation.",
            "Le Gouvernement rappelle que toutes les parties sont tenues de respecter les "
            "principes de la Charte des Nations Unies."
            + (f" Il appelle également l'attention sur {' et '.join(rest)}." if rest else ""),
        ],
        "es": [
            f"Tengo el honor de referirme a {first} y a los acontecimientos del {event}, que mi "
            "Gobierno sigue con la mayor preocupación.",
            "El Gobierno recuerda que todas las partes deben respetar los principios de la Carta "
            "de las Naciones Unidas."
            + (f" Asimismo, señala a la atención {' y '.join(rest)}." if rest else ""),
        ],
        "ru": [
            f"Имею честь сослаться на положения {first} и на события {event}, за которыми мое "
            "правительство следит с глубокой озабоченностью.",
            "Правительство напоминает, что все стороны обязаны соблюдать принципы Устава "
            "Организации Объединенных Наций."
            + (f" Оно также обращает внимание на положения {' и '.join(rest)}." if rest else ""),
        ],
        "ar": [
            f"يشرفني أن أشير إلى {first} وإلى أحداث {event}، التي تتابعها حكومتي ببالغ القلق.",
            "وتذكّر الحكومة بأن جميع الأطراف ملزمة باحترام مبادئ ميثاق الأمم المتحدة."
            + (f" وتوجه الانتباه أيضا إلى {' و'.join(rest)}." if rest else ""),
        ],
        "zh": [
            f"谨提及{first}以及{event}发生的事件，我国政府对此深表关切。",
            "我国政府回顾，各方都必须尊重《联合国宪章》的原则。"
            + (f"我国政府还提请注意{'和'.join(rest)}。" if rest else ""),
        ],
    }[lang]
    texts.append(_circulation(facts))
    if mission and lang == "en":
        texts.append(
            f"The Permanent Mission of {facts.states[0].en_of} avails itself of this opportunity "
            "to renew to the Secretary-General the assurances of its highest consideration."
        )
    return texts


def _circulation(facts: Facts) -> str:
    lang = facts.language
    items = _numbers(facts, {"en": " and ", "fr": " et ", "es": " y ", "ru": " и ",
                             "ar": " و ", "zh": "和"}[lang]) if facts.agenda else ""  # fmt: skip
    ga, sc = facts.ga_session, facts.sc_year
    if lang == "en":
        organs = []
        if ga:
            organs.append(
                "of the General Assembly"
                + (
                    f", under agenda item{'s' if len(facts.agenda) > 1 else ''} {items},"
                    if items
                    else ""
                )
            )
        if sc:
            organs.append("of the Security Council")
        return (
            "I should be grateful if you would have the present letter circulated as a "
            f"document {' and '.join(organs)}."
        )
    if lang == "fr":
        return (
            "Je vous serais reconnaissant de bien vouloir faire distribuer le texte de la "
            "présente lettre comme document de l'Assemblée générale"
            + (f", au titre des points {items} de l'ordre du jour" if items else "")
            + (", et du Conseil de sécurité." if sc else ".")
        )
    if lang == "es":
        return (
            "Le agradecería que tuviera a bien hacer distribuir la presente carta como "
            "documento de la Asamblea General"
            + (f", en relación con los temas {items} del programa" if items else "")
            + (", y del Consejo de Seguridad." if sc else ".")
        )
    if lang == "ru":
        return (
            "Буду признателен Вам за распространение настоящего письма в качестве "
            "документа Генеральной Ассамблеи"
            + (f" по пунктам {items} повестки дня" if items else "")
            + (" и документа Совета Безопасности." if sc else ".")
        )
    if lang == "ar":
        return (
            "وأكون ممتنا لو تفضلتم بتعميم هذه الرسالة بوصفها وثيقة من وثائق الجمعية العامة"
            + (f"، في إطار البنود {items} من جدول الأعمال" if items else "")
            + ("، ومن وثائق مجلس الأمن." if sc else ".")
        )
    return (
        "请将本函作为大会"
        + (f"议程项目{items}下的" if items else "")
        + "文件"
        + ("和安全理事会的文件" if sc else "")
        + "分发为荷。"
    )


_TITLES = {
    "en": ("Ambassador", "Permanent Representative", "Chargé d'affaires a.i."),
    "fr": ("Ambassadeur", "Représentant permanent", "Chargé d'affaires par intérim"),
    "es": ("Embajador", "Representante Permanente", "Encargado de Negocios interino"),
    "ru": ("Посол", "Постоянный представитель", "Временный поверенный в делах"),
    "ar": ("السفير", "الممثل الدائم", "القائم بالأعمال بالنيابة"),
    "zh": ("大使", "常驻代表", "临时代办"),
}
_SIGNED = {"en": "(Signed)", "fr": "(Signé)", "es": "(Firmado)", "ru": "(Подпись)",
           "ar": "(توقيع)", "zh": "（签名）"}  # fmt: skip


def person_name(person: Person, lang: str) -> str:
    return {"ru": person.ru, "ar": person.ar, "zh": person.zh}.get(lang, person.en)


def _signature(facts: Facts, rng: random.Random) -> list[str]:
    lang = facts.language
    if facts.role == "mission" and lang == "en":
        return []
    if facts.role == "mission":
        return []
    ambassador, pr, charge = _TITLES[lang]
    lines: list[str] = []
    many = len(facts.signers) > 1
    if many and lang == "en" and facts.variant in (1, 2):
        # Side by side, read across: the names on one line, the titles on the next.
        names = " ".join(f"(Signed) {person_name(p, lang)}" for p in facts.signers)
        titles = " ".join("Permanent Representative" for _ in facts.signers)
        return [names, titles, ""]
    for person, state in zip(facts.signers, facts.states, strict=True):
        name = person_name(person, lang)
        titles = [charge] if facts.role == "charge" else [ambassador, pr]
        if many and lang == "en":
            titles = [f"Permanent Representative of {state.en_of} to the United Nations"]
        if lang == "zh":
            lines += [*titles, f"{name}{_SIGNED['zh']}", ""]
        else:
            lines += [f"{_SIGNED[lang]} {name}", *titles, ""]
    return lines


def _annex_lines(facts: Facts, rng: random.Random) -> list[str]:
    annex, lang = facts.annex, facts.language
    if annex is None:
        return []
    heading = {
        "en": lambda t: "Annex to the " + t[0].lower() + t[1:],
        "fr": lambda t: "Annexe à la " + t[0].lower() + t[1:],
        "es": lambda t: "Anexo de la " + t[0].lower() + t[1:],
        "ru": lambda t: (
            "Приложение к "
            + {
                "letter": "письму",
                "identical_letters": "идентичным письмам",
                "note_verbale": "вербальной ноте",
            }[facts.kind]
            + " "
            + t.split(" ", 1 if facts.kind == "letter" else 2)[-1]
        ),
        "ar": lambda t: "مرفق " + t,
        "zh": lambda t: t + "的附件",
    }[lang](title_text(facts))
    city = facts.states[0].city[("en", "fr", "es", "ru", "ar", "zh").index(lang)]
    date = date_text(facts.annex_date, lang)
    place_date = {
        "fr": f"{city}, le {date}",
        "ar": f"{city}، {date}",
        "zh": f"{date}于{city}",
    }.get(lang, f"{city}, {date}")
    lines = ["", heading, ""]
    if annex.language != LANGUAGE_NAMES[lang]:
        lines += [_ANNEX_ORIGINAL[lang](annex.language), ""]
    lines += [*(_wrap(annex.title[lang], 70) if lang == "en" else [annex.title[lang]]), ""]
    if annex.place_first:
        lines += [place_date, ""]
    paragraph = {
        "en": "The Ministry reaffirms its commitment to the peaceful settlement of disputes.",
        "fr": "Le Ministère réaffirme son attachement au règlement pacifique des différends.",
        "es": "El Ministerio reafirma su compromiso con el arreglo pacífico de controversias.",
        "ru": "Министерство подтверждает свою приверженность мирному урегулированию споров.",
        "ar": "وتؤكد الوزارة من جديد التزامها بتسوية المنازعات بالوسائل السلمية.",
        "zh": "外交部重申致力于和平解决争端。",
    }[lang]
    lines += [paragraph, ""]
    if not annex.place_first:
        lines += [place_date, ""]
    return lines


def _furniture(facts: Facts, page: int, pages: int) -> list[str]:
    """A page break as the text layer gives it: the foot of one page (job number with its
    language letter and date stamp, barcode) and the head of the next (running symbols)."""
    letter = {"en": "E", "fr": "F", "es": "S", "ru": "R", "ar": "A", "zh": "C"}[facts.language]
    stamp = facts.distribution_date.strftime("%d%m%y")
    digits = facts.job.replace("-", "")
    if page == 1:
        foot = [f"{facts.job} ({letter}) {stamp}", f"*{digits}*"]
    else:
        foot = [f"{page}/{pages} {facts.job}"]
    head = [*facts.symbols] if facts.symbols else []
    return ["", *foot, "", *head, ""]


def render(facts: Facts) -> str:
    """The text of the letter in its family's layout."""
    rng = random.Random(f"render-{facts.family}-{facts.letter_date}-{facts.job}")
    family = facts.family
    if family == "web":
        return _web(facts, rng)
    if family == "as_sent":
        return _as_sent(facts, rng)
    if family == "1980s":
        return _eighties(facts, rng)
    lines = _masthead(facts, rng)
    title = title_text(facts)
    lines += [*(_wrap(title, 80) if rng.random() < 0.5 else [title]), ""]
    body = _body(facts, rng)
    for index, paragraph in enumerate(body):
        lines += [paragraph, ""]
        if index == 0 and family != "word_dump":
            lines += _furniture(facts, 1, 2)
    lines += _signature(facts, rng)
    if rng.random() < 0.5 and family != "word_dump":
        lines += _furniture(facts, 2, 2)
    lines += _annex_lines(facts, rng)
    text = "\n".join(lines)
    if family == "word_dump":
        text = " ".join(text.split())
    if family == "traps":
        text = _set_traps(facts, text)
    return text + "\n"


def _set_traps(facts: Facts, text: str) -> str:
    """The official text with the family's snares in it."""
    first = "I have the honour to refer to "
    recalls = []
    if "dated_no_organ" in facts.traps:
        recalls.append("resolution 377 of 3 November 1950")
    if "slash_no_organ" in facts.traps:
        recalls.append("resolution 31/1")
    if "roman" in facts.traps:
        recalls.append("resolution 2625 (XXV)")
    if recalls:
        text = text.replace(
            first, f"Recalling {' and '.join(recalls)}, I have the honour to refer to "
        )
    if "cut_original" in facts.traps:
        text = text.replace(
            f"Original: {facts.original_language}", f"Original: {facts.original_language[:3]}", 1
        )
    if "cut_title_date" in facts.traps:
        printed = date_text(facts.letter_date, "en")
        text = text.replace(f"dated {printed}", f"dated {printed[:-2]}")
    if "bad_distribution_date" in facts.traps:
        printed = date_text(facts.distribution_date, "en")
        text = text.replace(f"\n{printed}\n", f"\n31 February {facts.distribution_date.year}\n", 1)
    if "cut_session" in facts.traps and facts.ga_session:
        line = _session_line(facts)
        text = text.replace(line, line.split("-")[0] + "-" if "-" in line else line.split()[0][:4])
    return text


def _web(facts: Facts, rng: random.Random) -> str:
    """A copy from a website: the symbols and the title, no masthead, no furniture; or,
    on a mission's website, a heading "Letter of the Permanent Representative … to …" and
    the date."""
    if facts.variant == 3:
        heading = title_text(facts).split(" from ", 1)[1]
        sender, _, to = heading.partition(" addressed to ")
        sender = sender.replace(" to the United Nations", "")
        lines = [f"Letter of {sender} to {to}", "", date_text(facts.letter_date, "en"), ""]
    else:
        lines = ["–".join(facts.symbols), "", title_text(facts), ""]
    for paragraph in _body(facts, rng):
        lines += [paragraph, ""]
    lines += _signature(facts, rng)
    lines += _annex_lines(facts, rng)
    return "\n".join(lines) + "\n"


def _as_sent(facts: Facts, rng: random.Random) -> str:
    """The letter as the mission sent it: letterhead, place and date, inside address,
    salutation, text, closing formula, name and titles; no UN title or masthead."""
    state = facts.states[0]
    if facts.variant % 2:
        lines = [f"Permanent Mission of {state.en_of} to the United Nations", ""]
    else:
        lines = ["PERMANENT MISSION OF " + state.en_of.upper(), "TO THE UNITED NATIONS", ""]
    date = date_text(facts.letter_date, "en")
    lines += [f"New York, {date}" if facts.variant < 2 else date, ""]
    for addressee in facts.addressees:
        lines += {
            "sg": ["H.E. Mr. António Guterres", "Secretary-General of the United Nations"],
            "psc": ["H.E. Mr. Vassily Nebenzia", "President of the Security Council"],
            "pga": ["H.E. Mr. Csaba Kőrösi", "President of the General Assembly"],
        }[addressee]
        lines += ["New York", ""]
    lines += ["Excellency,", ""]
    for paragraph in _body(facts, rng)[:-1]:
        lines += [paragraph, ""]
    lines += [
        "I should be grateful if the present letter could be circulated as a document of the "
        "General Assembly.",
        "",
        "Please accept, Excellency, the assurances of my highest consideration.",
        "",
    ]
    person = facts.signers[0]
    lines += [person.en, "Ambassador", "Permanent Representative"]
    return "\n".join(lines) + "\n"


def _eighties(facts: Facts, rng: random.Random) -> str:
    """A Security Council document of the 1980s as its Official Records print it: the
    symbol, the title, then "[Original: …]" and the document's date in brackets."""
    lines = [f"DOCUMENT {facts.symbols[0]}", "", title_text(facts), ""]
    lines += [
        f"[Original: {facts.original_language}]",
        f"[{date_text(facts.distribution_date, 'en')}]",
        "",
    ]
    for paragraph in _body(facts, rng):
        lines += [paragraph, ""]
    person = facts.signers[0] if facts.signers else None
    if person:
        lines += [f"(Signed) {person.en.upper()}", "Permanent Representative", ""]
    lines += _annex_lines(facts, rng)
    return "\n".join(lines) + "\n"


# --- What the text says, and how a parse scores -------------------------------------------


def _sender_title(facts: Facts) -> str | None:
    if facts.role == "mission":
        return "Permanent Mission"
    if facts.role == "charge":
        return "Chargé d'affaires a.i."
    if len(facts.states) > 1 and facts.language == "en" and facts.variant == 3:
        return "representatives"
    return "Permanent Representatives" if len(facts.states) > 1 else "Permanent Representative"


def expected(facts: Facts) -> dict[str, Any]:
    """The facts the rendered text prints: scalar values, or lists of values."""
    family, lang = facts.family, facts.language
    out: dict[str, Any] = {}
    masthead = family not in ("web", "as_sent", "1980s")
    if family != "as_sent":
        out["symbols"] = list(facts.symbols)
        out["kind"] = facts.kind
        out["sender_title"] = _sender_title(facts)
    if masthead:
        out["distribution_date"] = facts.distribution_date.isoformat()
        out["original_language"] = facts.original_language
        out["ga_session"] = facts.ga_session
        out["sc_year"] = facts.sc_year
        out["agenda_numbers"] = [n for n, _ in facts.agenda]
        if lang == "en" and family != "word_dump":
            out["agenda_titles"] = [t for _, t in facts.agenda]
    if family == "1980s":
        out["distribution_date"] = facts.distribution_date.isoformat()
        out["original_language"] = facts.original_language
    out["letter_date"] = facts.letter_date.isoformat()
    out["sender_states"] = [s.en for s in facts.states]
    if facts.group:
        out["sender_organization"] = facts.group[lang]
    out["addressees"] = [ADDRESSEE_NAMES[a] for a in facts.addressees]
    names = [person_name(p, lang) for p in facts.signers]
    if family == "1980s":
        names = [n.upper() for n in names]
    out["signatories"] = names
    out["cited"] = [c.key for c in facts.cited]
    if lang == "en":
        # The English texts name treaties the parser knows by name.
        out["cited"].append("Charter of the United Nations")
        if (
            facts.annex
            and "Genocide" in facts.annex.title["en"]
            and family not in ("as_sent", "word_dump")
        ):
            out["cited"].append(
                "Convention on the Prevention and Punishment of the Crime of Genocide"
            )
    if facts.annex and family not in ("as_sent", "word_dump"):
        annex = facts.annex
        out["annex_title"] = annex.title[lang]
        out["annex_date"] = facts.annex_date.isoformat()
        out["annex_place"] = facts.states[0].city[("en", "fr", "es", "ru", "ar", "zh").index(lang)]
        if annex.language != LANGUAGE_NAMES[lang]:
            out["annex_language"] = annex.language
    out["recognisable"] = True
    if masthead and family != "word_dump":
        out["clean_body"] = True
    if family == "web" and facts.variant == 3:
        out["symbols"], out["kind"] = [], "letter"
    if family == "traps":
        traps = facts.traps
        out["unresolved"] = []
        if "cut_original" in traps:
            out["original_language"] = None
        if "cut_title_date" in traps:
            out["letter_date"] = None
        if "bad_distribution_date" in traps:
            out["distribution_date"] = None
        if "cut_session" in traps:
            out["ga_session"] = None
        if "roman" in traps:
            out["cited"].append("A/RES/2625 (XXV)")
        if "dated_no_organ" in traps:
            out["unresolved"].append("resolution 377 of 3 November 1950")
        if "slash_no_organ" in traps:
            out["unresolved"].append("resolution 31/1")
    return out


# Page furniture that must never reach a letter's text: a job number, with or without its
# language letter and date stamp, and a barcode.
_FURNITURE_IN_BODY_RE = re.compile(r"\b\d{2}-\d{5}\b(?! ?\()|\*\d{7}\*|\(\w\) \d{6}")


def observed(contract: dict[str, Any], own_symbols: Iterable[str] = ()) -> dict[str, Any]:
    """The same facts read from a parse contract."""
    sender = contract["sender"]
    annex = contract["annexes"][0] if contract["annexes"] else {}
    body = contract["body"]
    furniture = bool(_FURNITURE_IN_BODY_RE.search(body)) or any(
        re.search(rf"(?m)^{re.escape(s)}$", body) for s in own_symbols
    )
    names = [s["name"] for s in contract["signatories"]]
    return {
        "symbols": contract["symbols"],
        "kind": contract["kind"],
        "sender_title": sender["title"],
        "distribution_date": contract["distribution_date"],
        "original_language": contract["original_language"],
        "ga_session": contract["ga_session"],
        "sc_year": contract["sc_year"],
        "agenda_numbers": [a["number"] for a in contract["agenda_items"]],
        "agenda_titles": [a["title"] for a in contract["agenda_items"] if a["title"]],
        "letter_date": contract["letter_date"],
        "sender_states": sender["states"],
        "sender_organization": sender["organization"],
        "addressees": contract["addressees"],
        "signatories": names,
        "cited": [c["key"] for c in contract["cited_documents"]],
        "annex_title": annex.get("title"),
        "annex_date": annex.get("date"),
        "annex_place": annex.get("place"),
        "annex_language": annex.get("original_language"),
        "recognisable": bool(
            contract["title"]
            or contract["distribution_date"]
            or contract["signatories"]
            or (contract["symbols"] and contract["language"])
        )
        or None,
        "clean_body": (not furniture) if body else None,
        "unresolved": [u["text"] for u in contract.get("unresolved_citations", [])],
    }


@dataclasses.dataclass
class Score:
    facts: int = 0
    right: int = 0
    wrong: int = 0
    missing: int = 0
    misses: list[str] = dataclasses.field(default_factory=list)

    def add(self, other: Score) -> None:
        self.facts += other.facts
        self.right += other.right
        self.wrong += other.wrong
        self.missing += other.missing
        self.misses += other.misses


def score(want: dict[str, Any], got: dict[str, Any]) -> Score:
    """Right, wrong (said by the parse, not by the text) and missing facts. A list counts
    each expected value once, and each value the parse adds that the text does not say
    as wrong; ``None`` expected (an organ absent) is a fact too: a value there is wrong."""
    result = Score()
    for field, value in want.items():
        have = got.get(field)
        if isinstance(value, list):
            for item in value:
                result.facts += 1
                if item in (have or []):
                    result.right += 1
                else:
                    result.missing += 1
                    result.misses.append(f"{field}: missing {item!r} (got {have!r})")
            for item in have or []:
                if item not in value:
                    result.wrong += 1
                    result.misses.append(f"{field}: invented {item!r}")
            continue
        result.facts += 1
        if have == value:
            result.right += 1
        elif have is None or (value is None and have is None):
            result.missing += 1
            result.misses.append(f"{field}: missing {value!r}")
        else:
            result.wrong += 1
            result.misses.append(f"{field}: wrong {have!r} for {value!r}")
    return result


def letters(family: str, count: int, *, held_out: bool = False) -> list[tuple[Facts, str]]:
    """``count`` letters of ``family``: their facts and their text."""
    out = []
    for seed in range(count):
        facts = draw(family, seed, held_out=held_out)
        out.append((facts, render(facts)))
    return out
