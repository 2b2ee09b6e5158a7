"""The masthead of a French, Spanish, Russian, Arabic or Chinese version: its session,
Council year, agenda item numbers and original language, which do not depend on the
language (DESIGN.md §11).

The English masthead is read by ``letters.parsing.header``; this reads the same lines as
the versions print them ("Soixante-seizième session", "Septuagésimo sexto período de
sesiones", "Семьдесят шестая сессия", "الدورة السادسة والسبعون", "第七十六届会议";
"Point 12 de l'ordre du jour", "Temas 17 y 27 del programa", "Пункты 17 и 27 повестки
дня", "البنود 17 و 27 من جدول الأعمال", "议程项目17和27"). Agenda item titles are words, left to the
English version or to review.
"""

from __future__ import annotations

import re
import unicodedata

# --- Ordinals ---------------------------------------------------------------------------

_FR_CARDINAL = {
    "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13,
    "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30,
    "quarante": 40, "cinquante": 50, "soixante": 60,
}  # fmt: skip
# "-ième" ordinals drop or change the cardinal's last letter: "quatrième", "cinquième",
# "neuvième", "onzième", "trentième".
_FR_ORDINAL_STEMS = {
    "un": 1, "deux": 2, "trois": 3, "quatr": 4, "cinqu": 5, "six": 6, "sept": 7,
    "huit": 8, "neuv": 9, "dix": 10, "onz": 11, "douz": 12, "treiz": 13, "quatorz": 14,
    "quinz": 15, "seiz": 16, "vingt": 20, "trent": 30, "quarant": 40, "cinquant": 50,
    "soixant": 60,
}  # fmt: skip

_ES_ORDINAL = {
    "primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4,
    "quinto": 5, "sexto": 6, "septimo": 7, "setimo": 7, "octavo": 8, "noveno": 9,
    "decimo": 10, "undecimo": 11, "duodecimo": 12, "vigesimo": 20, "trigesimo": 30,
    "cuadragesimo": 40, "quincuagesimo": 50, "sexagesimo": 60, "septuagesimo": 70,
    "octogesimo": 80, "nonagesimo": 90,
}  # fmt: skip

_RU_TENS = {
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
}  # fmt: skip
# Ordinal stems, any gender or case ("шестая", "шестой", "шестого"); longest first.
_RU_ORDINAL_STEMS = sorted(
    {
        "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6,
        "седьм": 7, "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11,
        "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15,
        "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19,
        "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50, "шестидесят": 60,
        "семидесят": 70, "восьмидесят": 80, "девяност": 90,
    }.items(),
    key=lambda item: -len(item[0]),
)  # fmt: skip


def _plain(text: str) -> list[str]:
    """Lowercase words, hyphens and apostrophes split, "et" and "y" left out."""
    words = text.lower().replace("-", " ").replace("’", " ").split()
    return [w for w in words if w not in ("et", "y")]


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def french_ordinal(text: str) -> int | None:
    """ "Soixante-seizième" -> 76, "Quatre-vingtième" -> 80, "Premier" -> 1."""
    words = [_unaccented(w) for w in _plain(text)]
    if not words or len(words) > 5:
        return None
    *head, last = words
    if last in ("premier", "premiere"):
        last_value = 1
    elif last.endswith("ieme") and last[:-4] in _FR_ORDINAL_STEMS:
        last_value = _FR_ORDINAL_STEMS[last[:-4]]
    else:
        return None
    values = [_FR_CARDINAL.get(w) for w in head]
    if None in values:
        return None
    total, values = 0, [*values, last_value]
    for i, value in enumerate(values):
        # "quatre-vingt(s)": four twenties.
        if value == 4 and i + 1 < len(values) and values[i + 1] == 20:
            values[i + 1] = 80
            continue
        total += value
    return total or None


def spanish_ordinal(text: str) -> int | None:
    """ "Septuagésimo sexto" -> 76, "Decimotercero" -> 13."""
    total = 0
    for word in (_unaccented(w) for w in _plain(text)):
        word = word.removesuffix("a") + "o" if word.endswith("a") else word
        if word.startswith("decimo") and word != "decimo":
            rest = _ES_ORDINAL.get(word[len("decimo") :])
            if rest is None or rest >= 10:
                return None
            total += 10 + rest
        elif word in _ES_ORDINAL:
            total += _ES_ORDINAL[word]
        else:
            return None
    return total or None


def russian_ordinal(text: str) -> int | None:
    """ "Семьдесят шестая" -> 76, "Шестидесятый" -> 60."""
    words = _plain(text)
    if not words or len(words) > 3:
        return None
    *head, last = words
    total = 0
    for word in head:
        if word not in _RU_TENS:
            return None
        total += _RU_TENS[word]
    stem = next((v for s, v in _RU_ORDINAL_STEMS if last.startswith(s)), None)
    return total + stem if stem else None


_AR_UNITS = {
    "الأولى": 1, "الأول": 1, "الحادية": 1, "الحادي": 1, "الثانية": 2, "الثاني": 2,
    "الثالثة": 3, "الثالث": 3, "الرابعة": 4, "الرابع": 4, "الخامسة": 5, "الخامس": 5,
    "السادسة": 6, "السادس": 6, "السابعة": 7, "السابع": 7, "الثامنة": 8, "الثامن": 8,
    "التاسعة": 9, "التاسع": 9, "العاشرة": 10, "العاشر": 10,
}  # fmt: skip
_AR_TENS = {
    "العشرون": 20, "العشرين": 20, "الثلاثون": 30, "الثلاثين": 30, "الأربعون": 40,
    "الأربعين": 40, "الخمسون": 50, "الخمسين": 50, "الستون": 60, "الستين": 60,
    "السبعون": 70, "السبعين": 70, "الثمانون": 80, "الثمانين": 80, "التسعون": 90,
    "التسعين": 90,
}  # fmt: skip


def arabic_ordinal(text: str) -> int | None:
    """ "الخامسة والسبعون" -> 75, "الأربعون" -> 40, "الحادية عشرة" -> 11."""
    words = text.split()
    if not words or len(words) > 3:
        return None
    if len(words) == 1:
        return _AR_UNITS.get(words[0]) or _AR_TENS.get(words[0])
    unit = _AR_UNITS.get(words[0])
    if unit is None:
        return None
    second = words[1].removeprefix("و")
    if second in ("عشرة", "عشر") and unit < 10:
        return 10 + unit
    tens = _AR_TENS.get(second)
    return unit + tens if tens and unit < 10 and len(words) == 2 else None


_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}  # fmt: skip


def chinese_number(text: str) -> int | None:
    """ "七十五" -> 75, "十一" -> 11, "八十" -> 80, "五" -> 5; arabic digits too."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _ZH_DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    value = (_ZH_DIGITS.get(tens) if tens else 1) or 0
    unit = _ZH_DIGITS.get(units, 0) if units else 0
    return value * 10 + unit or None


# --- Masthead lines -----------------------------------------------------------------------

# An ordinal of a few words at the start of a line (never across lines).
_WORDS = r"^[ \t]*(?P<ord>[^\W\d_]+(?:[ \t-]+[^\W\d_]+){0,4}?)[ \t]+"


def _line(noun: str) -> re.Pattern[str]:
    return re.compile(_WORDS + noun + r"(?!\w)", re.IGNORECASE | re.MULTILINE)


_SESSION_RES = (
    (_line("session"), french_ordinal),
    (_line(r"per[ií]odo[ \t]+de[ \t]+sesiones"), spanish_ordinal),
    (_line("сессия"), russian_ordinal),
    # "الدورة الخامسة والسبعون", "第七十五届会议"
    (
        re.compile(r"الدورة[ \t]+(?P<ord>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2})[ \t]*$", re.M),
        arabic_ordinal,
    ),
    (re.compile(r"第(?P<ord>[〇零一二三四五六七八九十\d]{1,4})届会议"), chinese_number),
)
_YEAR_RES = (
    (_line("année"), french_ordinal),
    (_line("año"), spanish_ordinal),
    (_line("год"), russian_ordinal),
    (
        re.compile(r"السنة[ \t]+(?P<ord>[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2})[ \t]*$", re.M),
        arabic_ordinal,
    ),
    (
        re.compile(r"第(?P<ord>[〇零一二三四五六七八九十\d]{1,4})年(?![^\n]{0,3}[月日])"),
        chinese_number,
    ),
)

_ITEM = r"\d{1,3}(?:\s?\([a-z]{1,2}\))?"
_ITEMS = rf"{_ITEM}(?:\s*(?:,|et|y|и)\s*{_ITEM})*"
_AR_ITEMS = rf"{_ITEM}(?:\s*(?:,|،|و)\s*{_ITEM})*"
_ZH_ITEMS = rf"{_ITEM}(?:\s*(?:、|,|，|和|及)\s*{_ITEM})*"
AGENDA_RE = re.compile(
    rf"\bPoints?\s+(?P<fr>{_ITEMS})\s+de\s+l['’]ordre\s+du\s+jour"
    rf"|\bTemas?\s+(?P<es>{_ITEMS})\s+del\s+programa"
    rf"|\bПункты?\s+(?P<ru>{_ITEMS})\s+(?:предварительной\s+)?повестки\s+дня"
    rf"|(?:البند|البنود)\s+(?P<ar>{_AR_ITEMS})\s+من\s+جدول\s+الأعمال"
    rf"|(?:临时)?议程项目\s*(?P<zh>{_ZH_ITEMS})",
    re.IGNORECASE,
)
# Bounded by Latin letters and digits: Chinese joins numbers with "和" (and).
_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9_(])\d{1,3}(?![A-Za-z0-9_)])")


def _ordinal(header: str, patterns) -> int | None:
    for pattern, reader in patterns:
        for match in pattern.finditer(header):
            value = reader(match.group("ord"))
            if value is not None:
                return value
    return None


# "Original : anglais", "Original: inglés": the original's language in the French and
# Spanish mastheads (the Russian, Arabic and Chinese ones print it in English).
_LANGUAGE_WORDS = {
    "anglais": "English", "français": "French", "espagnol": "Spanish", "russe": "Russian",
    "arabe": "Arabic", "chinois": "Chinese",
    "inglés": "English", "francés": "French", "español": "Spanish", "ruso": "Russian",
    "árabe": "Arabic", "chino": "Chinese",
}  # fmt: skip
_ORIGINAL_RE = re.compile(
    r"\bOriginal\s*:\s*(?P<lang>" + "|".join(_LANGUAGE_WORDS) + r")(?!\w)", re.IGNORECASE
)


def original_language(header: str) -> str | None:
    """The original's language a French or Spanish masthead names, in English."""
    match = _ORIGINAL_RE.search(header)
    return _LANGUAGE_WORDS[match.group("lang").lower()] if match else None


def session(header: str) -> int | None:
    """The General Assembly session a version's masthead names."""
    return _ordinal(header, _SESSION_RES)


def council_year(header: str) -> int | None:
    """The Security Council's year count a version's masthead names."""
    return _ordinal(header, _YEAR_RES)


def agenda_numbers(header: str) -> tuple[list[int], int | None]:
    """A version's agenda item numbers, and where their line ends."""
    match = AGENDA_RE.search(header)
    if not match:
        return [], None
    listed = next(match.group(k) for k in ("fr", "es", "ru", "ar", "zh") if match.group(k))
    numbers: list[int] = []
    for number in _NUMBER_RE.findall(listed):
        if int(number) not in numbers:
            numbers.append(int(number))
    return numbers, match.end()
