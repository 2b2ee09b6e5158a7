"""Dates as UN documents print them, and the ordinals of sessions and years.

UN editorial style writes dates day-first with the month in words ("27 December
2006"); web copies and translations also give "December 27, 2006" and
"27.12.2006". Slashed numeric dates ("02/03/2017") are ambiguous between day-
and month-first and are not read.
"""

from __future__ import annotations

import datetime
import re

# Month names in the languages whose letters the parser reads dates from: English, and
# the French, Spanish and Russian versions (DESIGN.md §11; Russian in the genitive, as
# dates print it: "7 марта 2022 года"). Arabic and Chinese dates are read below.
_MONTH_NAMES = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
}  # fmt: skip
MONTHS = {
    name: number for names in _MONTH_NAMES.values() for number, name in enumerate(names, start=1)
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
_ORD_SUFFIX = r"(?:st|nd|rd|th|er)?"

# The United Nations' Arabic names each month twice, its Levantine and its Egyptian name
# ("7 أيار/مايو 2021"); either alone is read too.
_ARABIC_MONTHS = (
    ("كانون الثاني", "يناير"), ("شباط", "فبراير"), ("آذار", "مارس"), ("نيسان", "أبريل"),
    ("أيار", "مايو"), ("حزيران", "يونيه"), ("تموز", "يوليه"), ("آب", "أغسطس"),
    ("أيلول", "سبتمبر"), ("تشرين الأول", "أكتوبر"), ("تشرين الثاني", "نوفمبر"),
    ("كانون الأول", "ديسمبر"),
)  # fmt: skip
ARABIC_MONTHS = {
    **{name: number for number, names in enumerate(_ARABIC_MONTHS, start=1) for name in names},
    # Spellings other Arabic writers use.
    "إبريل": 4, "يونيو": 6, "يوليو": 7,
}  # fmt: skip
_ARABIC_NAME = "(?:" + "|".join(sorted(ARABIC_MONTHS, key=len, reverse=True)) + ")"
_ARABIC_MONTH = rf"{_ARABIC_NAME}(?:\s*/\s*{_ARABIC_NAME})?"

# Day first with the month in words, in English, French, Spanish or Russian ("7 мая 2021
# года"); month first ("May 7, 2021"); dotted numbers ("07.05.2021"); Arabic; Chinese
# ("2021年5月7日"). ``\d`` also reads Arabic-Indic digits.
DATE_RE = re.compile(
    rf"(?<![\w.])(?P<d>\d{{1,2}}){_ORD_SUFFIX}\s*(?:(?:of|de)\s+)?(?P<m>{_MONTH})\s*,?\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d)(?:\s+года|\s*г\.)?"
    rf"|(?<![\w.])(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}}){_ORD_SUFFIX}\s*,\s*(?P<y2>\d{{4}})(?!\d)"
    r"|(?<![\w.])(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>\d{4})(?![\w.]|\.\d)"
    rf"|(?<![\w.])(?P<d5>\d{{1,2}})\s+(?P<m5>{_ARABIC_MONTH})\s+(?P<y5>\d{{4}})(?!\d)"
    r"|(?<!\d)(?P<y4>\d{4})\s*年\s*(?P<m4>\d{1,2})\s*月\s*(?P<d4>\d{1,2})\s*日",
    re.IGNORECASE,
)

_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9,
}  # fmt: skip
_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_TENS_ORDINAL = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
_NUMERIC_ORDINAL_RE = re.compile(r"^(\d{1,3})(st|nd|rd|th)$", re.IGNORECASE)

# What an ordinal looks like in running text: "Sixty-first", "Seventy first",
# "Eightieth", "61st". Validated by ordinal_to_int.
ORDINAL_PATTERN = (
    r"(?:[A-Za-z]+-[A-Za-z]+"
    r"|[A-Za-z]+(?:\s(?!(?:emergency|special|session|year)\b)[A-Za-z]+)?"
    r"|\d{1,3}(?:st|nd|rd|th))"
)


def ordinal_to_int(text: str) -> int | None:
    """ "Sixty-first" -> 61, "Eightieth" -> 80, "61st" -> 61; None if not an ordinal."""
    word = " ".join(text.lower().replace("-", " ").split())
    numeric = _NUMERIC_ORDINAL_RE.match(word)
    if numeric:
        value = int(numeric.group(1))
        return value if 0 < value < 1000 else None
    if word == "hundredth" or word == "one hundredth":
        return 100
    for table in (_UNITS, _TEENS, _TENS_ORDINAL):
        if word in table:
            return table[word]
    parts = word.split(" ")
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None


def _make_date(year: str, month: int, day: str) -> datetime.date | None:
    try:
        value = datetime.date(int(year), month, int(day))
    except ValueError:
        return None
    # The United Nations dates from 1945; anything far outside is an OCR error.
    return value if 1945 <= value.year <= 2100 else None


def date_from_match(match: re.Match[str]) -> datetime.date | None:
    if match.group("d5"):
        name = re.split(r"\s*/\s*", match.group("m5"))[0]
        return _make_date(match.group("y5"), ARABIC_MONTHS[name], match.group("d5"))
    if match.group("y4"):
        return _make_date(match.group("y4"), int(match.group("m4")), match.group("d4"))
    if match.group("d"):
        return _make_date(match.group("y"), MONTHS[match.group("m").lower()], match.group("d"))
    if match.group("d2"):
        return _make_date(match.group("y2"), MONTHS[match.group("m2").lower()], match.group("d2"))
    return _make_date(match.group("y3"), int(match.group("m3")), match.group("d3"))


def parse_date(text: str) -> datetime.date | None:
    """The date that ``text`` consists of (surrounding spaces and a final period allowed)."""
    text = text.strip().rstrip(".").strip()
    match = DATE_RE.fullmatch(text)
    return date_from_match(match) if match else None


def find_date(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first valid date in ``text[start:end]``, as a match (or None)."""
    for match in DATE_RE.finditer(text, start, len(text) if end is None else end):
        if date_from_match(match):
            return match
    return None
