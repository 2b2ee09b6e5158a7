"""United Nations document symbols: recognise, canonicalise, split, look up.

A symbol is a series of components separated by slashes, starting with the
letters of the issuing body (A = General Assembly, S = Security Council, E =
Economic and Social Council, ST = Secretariat, CCPR/…, UNEP/…), e.g. ``A/75/861``,
``S/2021/392``, ``A/C.1/75/L.5/Rev.1``, ``A/ES-10/1``, ``E/CN.4/2005/1``,
``S/PRST/2021/1``. Letters to both organs carry two symbols joined by an en dash
(``A/75/861–S/2021/392``). Security Council resolutions are ``S/RES/822 (1993)``
and are cited as "resolution 822 (1993)"; General Assembly resolutions are
``A/RES/62/243``, cited as "resolution 62/243" (and, before the thirty-first
session, "resolution 181 (II)").

Canonical form (DESIGN.md §4): ASCII hyphen between joint parts, no internal
spaces, one space before a resolution's "(year)".
"""

from __future__ import annotations

import re

DASHES = "-‐‑‒–—−﹣－"
_DASH_CLASS = "[" + DASHES + "]"

# One component after a slash: a session or year or number ("75", "2021"), a
# body or document type with an optional number ("C.1", "L.5", "ES-10", "CN.4",
# "PV.8800", "RES", "HRC"), or a revision part ("Add.1", "Corr.2", "Rev.1").
_COMPONENT = (
    r"(?:(?:Add|Corr|Rev|Amend|Suppl?|Part)\.\s?\d{1,3}"
    r"|[A-Z]{1,8}(?:[.-]\d{1,5}[A-Z]?)?"
    r"|\d{1,6}[A-Z]?)"
)
_SINGLE = rf"[A-Z]{{1,8}}(?:\.\d{{1,3}})?(?:/{_COMPONENT}){{1,8}}"
# A Security Council resolution number carries its year: "S/RES/822 (1993)".
_SC_RES = r"S/RES/\d{1,5}\s?\((?:19|20)\d\d\)"
# A General Assembly resolution of before 1976 carries its session numeral:
# "A/RES/2625 (XXV)", "A/RES/377 (V)", "A/RES/997 (ES-I)".
_GA_OLD_RES = r"A/RES/\d{1,4}\s?\((?:ES-|S-)?[IVXL]{1,6}\)"
_ANY = rf"(?:{_SC_RES}|{_GA_OLD_RES}|{_SINGLE})"
# Bounded by Latin letters and digits only: an Arabic or Chinese text runs its words onto
# a symbol ("وA/69/977", "和A/63/863号文件").
SYMBOL_PATTERN = rf"(?<![A-Za-z0-9_/.]){_ANY}(?:\s?{_DASH_CLASS}\s?{_ANY}){{0,3}}(?![A-Za-z0-9_/])"
SYMBOL_RE = re.compile(SYMBOL_PATTERN)
_JOINT_SPLIT_RE = re.compile(rf"\s*{_DASH_CLASS}\s*(?=[A-Z]{{1,8}}(?:\.\d{{1,3}})?/)")

_SC_RES_RE = re.compile(r"^S/RES/(\d{1,5})\s?\((\d{4})\)$")
_GA_RES_RE = re.compile(
    r"^A/RES/(?:(?:ES|S)-\d{1,2}/\d{1,4}|\d{1,3}/\d{1,4}[A-Z]?|\d{1,4} \((?:ES-|S-)?[IVXL]{1,6}\))$"
)

# What a user may type for a resolution without its symbol.
_SC_SHORT_RE = re.compile(r"(?<![\w/])(\d{1,5})\s*\(((?:19|20)\d\d)\)")
_GA_SHORT_RE = re.compile(r"(?<![\w/.])((?:ES-|S-)?\d{1,2})/(\d{1,3})(?![\w/.])")
_GA_OLD_RE = re.compile(r"(?<![\w/])(\d{1,4})\s*\(((?:[IVXL]+|S-[IVXL]+|ES-[IVXL]+))\)")


def _is_plausible(single: str) -> bool:
    """Reject shapes that are symbol-like by accident ("AB/12" is, "S/25539" is not)."""
    if not any(c.isdigit() for c in single):
        return False
    parts = single.split("/")
    # One slash: only a long number or lettered part is a real symbol ("S/25539").
    return len(parts) > 2 or len(parts[1]) >= 3


def canonical_single(text: str) -> str | None:
    """The canonical form of one (not joint) symbol, or None."""
    compact = re.sub(r"\s+", "", text.strip()).rstrip("*.,;")
    compact = re.sub(rf"{_DASH_CLASS}", "-", compact)
    session = re.fullmatch(r"A/RES/(\d{1,4})\(((?:ES-|S-)?[IVXL]{1,6})\)", compact)
    if session:
        return ga_old_resolution_key(session.group(1), session.group(2))
    year = re.search(r"\((\d{4})\)$", compact)
    if year:
        compact = compact[: year.start()]
    if not re.fullmatch(_SINGLE, compact):
        return None
    if not _is_plausible(compact):
        return None
    if year:
        if not compact.startswith("S/RES/"):
            return None
        return f"{compact} ({year.group(1)})"
    return compact


def split_symbol(text: str) -> list[str]:
    """A (possibly joint) symbol's canonical parts: "A/75/861–S/2021/392" -> two."""
    parts = []
    for piece in _JOINT_SPLIT_RE.split(text.strip()):
        single = canonical_single(piece)
        if single is None:
            return []
        parts.append(single)
    return parts


def canonical_symbol(text: str) -> str | None:
    """Canonical form of a symbol or joint symbol; None if ``text`` is not one."""
    parts = split_symbol(text)
    return "-".join(parts) if parts else None


def find_symbols(text: str) -> list[tuple[int, int, str]]:
    """Every symbol in running text: (start, end, canonical), in order."""
    found = []
    for match in SYMBOL_RE.finditer(text):
        key = canonical_symbol(match.group())
        if key:
            found.append((match.start(), match.end(), key))
    return found


def is_sc_resolution(key: str) -> bool:
    return bool(_SC_RES_RE.match(key))


def is_ga_resolution(key: str) -> bool:
    return bool(_GA_RES_RE.match(key))


def sc_resolution_key(number: str, year: str) -> str:
    return f"S/RES/{int(number)} ({year})"


def ga_resolution_key(session: str, number: str) -> str:
    return f"A/RES/{session}/{int(number)}"


def ga_old_resolution_key(number: str, session: str) -> str:
    return f"A/RES/{int(number)} ({session})"


def plausible_ga_resolution(session: str, number: str) -> bool:
    """GA resolutions are numbered "<session>/<n>" from the thirty-first session (1976)."""
    if session.startswith(("ES-", "S-")):
        return True
    return 31 <= int(session) <= 99 and 1 <= int(number) <= 999


_REVISION_RE = re.compile(r"\b(?:ADD|CORR|REV|AMEND|SUPPL?|PART)\.")


def parse_reference(query: str) -> list[str]:
    """Canonical keys of the documents a search query denotes, in order ([] if none).

    "A/75/861–S/2021/392" -> ["A/75/861-S/2021/392"]; "resolution 822 (1993)" and
    "822(1993)" -> ["S/RES/822 (1993)"]; "resolution 62/243" and "62/243" ->
    ["A/RES/62/243"]; ordinary words -> [].
    """
    query = query.strip()[:500]
    if "/" in query:
        # People type symbols in lowercase ("a/75/861"); symbols are capitals
        # except the revision parts ("Add.1", "Corr.1", "Rev.1").
        query = _REVISION_RE.sub(lambda m: m.group().capitalize(), query.upper())
    whole = canonical_symbol(query)
    if whole:
        return [whole]
    found: list[tuple[int, int, str]] = list(find_symbols(query))

    def add(match: re.Match[str], key: str) -> None:
        if not any(s < match.end() and match.start() < e for s, e, _ in found):
            found.append((match.start(), match.end(), key))

    for match in _SC_SHORT_RE.finditer(query):
        add(match, sc_resolution_key(match.group(1), match.group(2)))
    for match in _GA_OLD_RE.finditer(query):
        add(match, ga_old_resolution_key(match.group(1), match.group(2)))
    for match in _GA_SHORT_RE.finditer(query):
        if plausible_ga_resolution(match.group(1), match.group(2)):
            add(match, ga_resolution_key(match.group(1), match.group(2)))
    keys: list[str] = []
    for _, _, key in sorted(found):
        if key not in keys:
            keys.append(key)
    return keys
