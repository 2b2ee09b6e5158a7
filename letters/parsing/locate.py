"""Where a letter's field values stand in its text, so a reviewer can check each one.

``locate`` takes the text and the fields in contract shape (DESIGN.md §4, as stored or
as parsed) and finds each value where it is printed: a symbol with any dash, a date in
any of the forms the parser reads, a session by its ordinal, a name or a title with
any line breaks inside. A value the text does not print as such (a canonical State
name where the letter wrote another form, a value corrected by hand) is not found, and
the review page says so: that is the field to check first.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any

from letters.parsing import dates

# A value is looked for at most this many times in the text (a common word as a name).
_MAX_SPANS = 5
# Titles and long names are matched on their first words: enough to place them.
_MAX_WORDS = 12


@dataclasses.dataclass(frozen=True)
class Span:
    start: int
    end: int
    line: int  # 1-based


def locate(text: str, fields: Mapping[str, Any]) -> dict[str, list[Span]]:
    """Field name -> where its value stands in ``text`` (empty when not found)."""
    lines = [0, *(m.end() for m in re.finditer(r"\n", text))]

    def spans(matches: Iterable[re.Match[str]]) -> list[Span]:
        found = []
        for match in matches:
            line = bisect.bisect_right(lines, match.start())
            found.append(Span(match.start(), match.end(), line))
            if len(found) == _MAX_SPANS:
                break
        return found

    def words(*values: str | None) -> list[Span]:
        return [s for v in values if v for s in spans(_words_re(v).finditer(text))][:_MAX_SPANS]

    result: dict[str, list[Span]] = {}
    result["symbols"] = words(*fields.get("symbols", ()))
    result["title"] = words(fields.get("title"))
    for name in ("distribution_date", "letter_date"):
        result[name] = spans(_dates_equal(text, fields.get(name)))
    result["original_language"] = spans(
        _original_re(fields.get("original_language")).finditer(text)
    )
    result["ga_session"] = spans(_ordinal_matches(text, fields.get("ga_session"), "session"))
    result["sc_year"] = spans(_ordinal_matches(text, fields.get("sc_year"), "year"))
    numbers = [str(item["number"]) for item in fields.get("agenda_items", ())]
    result["agenda_items"] = spans(_agenda_matches(text, numbers)) if numbers else []
    result["senders"] = words(*fields.get("senders", ()))
    result["sender_title"] = words(fields.get("sender_title"))
    result["sender_organization"] = words(fields.get("sender_organization"))
    result["addressees"] = words(*fields.get("addressees", ()))
    result["signatories"] = words(*(s["name"] for s in fields.get("signatories", ())))
    result["cited_documents"] = words(*(c["text"] for c in fields.get("cited_documents", ())))
    result["annexes"] = words(*(a["label"] for a in fields.get("annexes", ())))
    return result


_DASHES = "-–—"


def _words_re(value: str) -> re.Pattern[str]:
    """``value``'s first words, each as written, any dash for a dash; between them any
    run of spaces, line breaks and the emphasis marks PDF and Word text keeps
    ("Agshin **Mehdiyev**")."""
    parts = [
        "".join(f"[{_DASHES}]" if c in _DASHES else re.escape(c) for c in word)
        for word in value.split()[:_MAX_WORDS]
    ]
    return re.compile(r"[\s*_]+".join(parts), re.IGNORECASE)


def _dates_equal(text: str, value: str | datetime.date | None) -> Iterable[re.Match[str]]:
    if not value:
        return []
    wanted = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    return (m for m in dates.DATE_RE.finditer(text) if dates.date_from_match(m) == wanted)


def _original_re(language: str | None) -> re.Pattern[str]:
    if not language:
        return re.compile(r"(?!)")
    return re.compile(rf"Original\s*:\s*{re.escape(language)}", re.IGNORECASE)


def _ordinal_matches(text: str, number: int | None, noun: str) -> Iterable[re.Match[str]]:
    if number is None:
        return []
    pattern = re.compile(rf"\b({dates.ORDINAL_PATTERN})\s+{noun}\b", re.IGNORECASE)
    return (m for m in pattern.finditer(text) if dates.ordinal_to_int(m.group(1)) == number)


def _agenda_matches(text: str, numbers: list[str]) -> Iterable[re.Match[str]]:
    """The "Agenda item(s) …" lines that name one of ``numbers``."""
    for match in re.finditer(r"Agenda\s+items?\s+[^\n]*", text, re.IGNORECASE):
        if set(re.findall(r"\d+", match.group())) & set(numbers):
            yield match
