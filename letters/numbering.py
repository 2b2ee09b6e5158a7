"""How the United Nations counts its sessions and years (DESIGN.md §1), in one place.

The General Assembly's first regular session opened in 1946 and each runs from
September to September; the Security Council counts its years from 1946, so its
Seventy-sixth year is 2021. Pure functions: the models, the facets' labels and the
open-data records all number through them.
"""

from __future__ import annotations

# The year before the first: session n opens in 1945 + n, Council year n is 1945 + n.
FIRST_YEAR_BEFORE = 1945


def ordinal(n: int) -> str:
    """1 -> "1st", 22 -> "22nd", 75 -> "75th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def session_years(number: int) -> str:
    """The years a regular session of the General Assembly spans: 75 -> "2020–2021"."""
    start = FIRST_YEAR_BEFORE + number
    return f"{start}–{start + 1}"


def sc_calendar_year(count: int) -> int:
    """The calendar year of the Security Council's year ``count``: 76 -> 2021."""
    return FIRST_YEAR_BEFORE + count


def sc_year_count(calendar_year: int) -> int:
    """The Security Council's year count of a calendar year: 2021 -> 76."""
    return calendar_year - FIRST_YEAR_BEFORE
