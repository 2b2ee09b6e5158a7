"""Where the sentence or paragraph around a position starts and ends, for the readers
that judge words by their context (parsing/charter.py, parsing/references.py).

A sentence ends at a full stop, question or exclamation mark or semicolon followed by
a space (or at a line break), in the scripts of the six UN languages; a stop after a
common abbreviation ("No.", "para.", "a.i.", "Mr.") does not end one.
"""

from __future__ import annotations

import bisect
import re

_END_RE = re.compile(r"[.!?;。！？；؛](?=\s|$)|[。！？；]|\n")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")
_ABBREVIATIONS = frozenset(
    {
        "no", "nos", "para", "paras", "art", "arts", "mr", "mrs", "ms", "dr", "st", "p", "pp",
        "vol", "e.g", "i.e", "a.i", "h.e", "u.n", "cf", "op", "cit", "ibid", "sect", "chap",
        "rev", "add", "corr", "см", "п", "ст", "г", "núm", "párr", "réf",
    }
)  # fmt: skip


def _is_end(text: str, match: re.Match[str]) -> bool:
    if match.group() != ".":
        return True
    word = _WORD_BEFORE_RE.search(text, max(0, match.start() - 12), match.start())
    return not (word and word.group(1).casefold() in _ABBREVIATIONS)


def sentence_end(text: str, position: int, reach: int = 600) -> int:
    """Where the sentence holding ``position`` ends (the index after its stop), looking
    at most ``reach`` characters ahead."""
    limit = min(len(text), position + reach)
    for match in _END_RE.finditer(text, position, limit):
        if _is_end(text, match):
            return match.end()
    return limit


def sentence_start(text: str, position: int, reach: int = 600) -> int:
    """Where the sentence holding ``position`` starts, looking at most ``reach``
    characters back."""
    floor = max(0, position - reach)
    start = floor
    for match in _END_RE.finditer(text, floor, position):
        if _is_end(text, match):
            start = match.end()
    return start


def paragraph_bounds(text: str, position: int, reach: int = 3000) -> tuple[int, int]:
    """The paragraph (between line breaks) holding ``position``, at most ``reach``
    characters either way."""
    floor = max(0, position - reach)
    start = text.rfind("\n", floor, position)
    end = text.find("\n", position, position + reach)
    return (floor if start < 0 else start + 1), (
        min(len(text), position + reach) if end < 0 else end
    )


class Spans:
    """Stretches of a text already read, so a later reader skips them: looking a
    position up costs a binary search (a letter of a hundred thousand words stays
    linear)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        index = bisect.bisect_right(self._starts, start)
        if index and self._ends[index - 1] >= start:
            index -= 1  # overlaps the stretch before: widen it
            self._ends[index] = max(self._ends[index], end)
        else:
            self._starts.insert(index, start)
            self._ends.insert(index, end)
        # Swallow the stretches the widened one now covers.
        while index + 1 < len(self._starts) and self._starts[index + 1] <= self._ends[index]:
            self._ends[index] = max(self._ends[index], self._ends[index + 1])
            del self._starts[index + 1], self._ends[index + 1]

    def __contains__(self, position: int) -> bool:
        index = bisect.bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]
