"""The masthead of a French, Spanish or Russian version: its session, Council year and
agenda item numbers, which do not depend on the language (DESIGN.md §11).

The English masthead is read by ``letters.parsing.header``; this reads the same lines as
the versions print them ("Soixante-seizième session", "Septuagésimo sexto período de
sesiones", "Семьдесят шестая сессия"; "Point 12 de l'ordre du jour", "Temas 17 y 27 del
programa", "Пункты 17 и 27 повестки дня"). Agenda item titles are words, left to the
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


# --- Masthead lines -----------------------------------------------------------------------

# An ordinal of a few words at the start of a line (never across lines).
_WORDS = r"^[ \t]*(?P<ord>[^\W\d_]+(?:[ \t-]+[^\W\d_]+){0,4}?)[ \t]+"


def _line(noun: str) -> re.Pattern[str]:
    return re.compile(_WORDS + noun + r"(?!\w)", re.IGNORECASE | re.MULTILINE)


_SESSION_RES = (
    (_line("session"), french_ordinal),
    (_line(r"per[ií]odo[ \t]+de[ \t]+sesiones"), spanish_ordinal),
    (_line("сессия"), russian_ordinal),
)
_YEAR_RES = (
    (_line("année"), french_ordinal),
    (_line("año"), spanish_ordinal),
    (_line("год"), russian_ordinal),
)

_ITEM = r"\d{1,3}(?:\s?\([a-z]{1,2}\))?"
_ITEMS = rf"{_ITEM}(?:\s*(?:,|et|y|и)\s*{_ITEM})*"
AGENDA_RE = re.compile(
    rf"\bPoints?\s+(?P<fr>{_ITEMS})\s+de\s+l['’]ordre\s+du\s+jour"
    rf"|\bTemas?\s+(?P<es>{_ITEMS})\s+del\s+programa"
    rf"|\bПункты?\s+(?P<ru>{_ITEMS})\s+(?:предварительной\s+)?повестки\s+дня",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"(?<![\w(])\d{1,3}(?![\w)])")


def _ordinal(header: str, patterns) -> int | None:
    for pattern, reader in patterns:
        for match in pattern.finditer(header):
            value = reader(match.group("ord"))
            if value is not None:
                return value
    return None


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
    listed = match.group("fr") or match.group("es") or match.group("ru")
    numbers: list[int] = []
    for number in _NUMBER_RE.findall(listed):
        if int(number) not in numbers:
            numbers.append(int(number))
    return numbers, match.end()
