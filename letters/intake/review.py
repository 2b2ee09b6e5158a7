"""What the review page shows of where each field was read (DESIGN.md §6).

The letter's text with every located field value marked, and for each field the lines
it stands on or the note that it was not found (``letters.parsing.locate``). The text is
untrusted: it is escaped first, and only then are the marks put in.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters.parsing.locate import locate


@dataclasses.dataclass(frozen=True)
class FieldPlace:
    lines: list[int]  # where the value stands in the text (empty: not found)
    anchor: str  # the id of its first mark


@dataclasses.dataclass(frozen=True)
class LocatedText:
    html: SafeString  # the text, escaped, the located values in <mark>
    places: dict[str, FieldPlace]
    cut: int  # characters of the text not shown


def located_text(text: str, fields: Mapping[str, Any], *, limit: int) -> LocatedText:
    """``text`` (its first ``limit`` characters) with every located field value marked."""
    found = locate(text, fields)
    places = {
        name: FieldPlace(sorted({s.line for s in spans}), f"at-{name}")
        for name, spans in found.items()
    }
    # Each character belongs to the narrowest value over it: a date inside the title is
    # marked as the date, the rest of the title as the title.
    shown = text[:limit]
    owner: list[str | None] = [None] * len(shown)
    located = [(s, name) for name, spans in found.items() for s in spans if s.start < len(shown)]
    for span, name in sorted(located, key=lambda item: item[0].start - item[0].end):
        owner[span.start : min(span.end, len(shown))] = [name] * (
            min(span.end, len(shown)) - span.start
        )
    parts, anchored = [], set()
    for name, run in _runs(shown, owner):
        if name is None:
            parts.append(escape(run))
            continue
        anchor = "" if name in anchored else f' id="at-{name}"'
        anchored.add(name)
        parts.append(f'<mark{anchor} data-field="{name}" title="{name}">{escape(run)}</mark>')
    places = {
        name: dataclasses.replace(place, anchor=place.anchor if name in anchored else "")
        for name, place in places.items()
    }
    return LocatedText(mark_safe("".join(parts)), places, max(0, len(text) - limit))


def _runs(text: str, owner: list[str | None]):
    """(owner, text) for each run of characters with the same owner."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or owner[i] != owner[start]:
            yield owner[start], text[start:i]
            start = i
