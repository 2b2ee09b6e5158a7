"""Footnotes: the reference mark in the text and the note's own line.

Cleaning turns ``<sup>1</sup>`` into "¹", so a note line starts with a
superscript number wherever a page break put it. Plain "1 See …" lines (OCR
and web copies lose superscripts) are read only where notes can stand: after
the signature block; the matching "regard.1" in the text becomes "regard.¹".
"""

from __future__ import annotations

import re

from letters.parsing import text
from letters.parsing.model import Footnote

_SUPERSCRIPT_NOTE_RE = re.compile(r"^(?P<mark>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*(?P<text>\S.*)$")
_PLAIN_NOTE_RE = re.compile(r"^(?P<mark>\d{1,2})\s+(?P<text>[A-Z\"“‘(].*)$")


def _take(
    paragraphs: list[list[str]], pattern: re.Pattern[str]
) -> tuple[list[Footnote], list[list[str]]]:
    notes: list[tuple[str, list[str]]] = []
    kept: list[list[str]] = []
    for para in paragraphs:
        body_lines: list[str] = []
        in_note = False
        for line in para:
            match = pattern.match(line)
            if match:
                notes.append((text.from_superscript(match.group("mark")), [match.group("text")]))
                in_note = True
            elif in_note:
                notes[-1][1].append(line)
            else:
                body_lines.append(line)
        if body_lines:
            kept.append(body_lines)
    footnotes = [Footnote(marker=mark, text=text.join_lines(lines)) for mark, lines in notes]
    return footnotes, kept


def take_superscript_notes(
    paragraphs: list[list[str]],
) -> tuple[list[Footnote], list[list[str]]]:
    """Notes whose line starts with a superscript mark, anywhere in ``paragraphs``."""
    return _take(paragraphs, _SUPERSCRIPT_NOTE_RE)


def take_plain_notes(paragraphs: list[list[str]]) -> tuple[list[Footnote], list[list[str]]]:
    """Notes written "1 See …", for the part after a signature block only.

    Plain numbers at the start of a line are also list items and stray figures,
    so they count as notes only when numbered 1, 2, 3 … in order.
    """
    notes, kept = _take(paragraphs, _PLAIN_NOTE_RE)
    if [n.marker for n in notes] != [str(i) for i in range(1, len(notes) + 1)]:
        return [], paragraphs
    return notes, kept


_GLUED_MARK_RE = re.compile(r"(?<=[a-z.,;:)”\"’])(\d{1,2})(?=\s|$)")


def mark_references(body: str, markers: list[str]) -> str:
    """Turn plain reference marks glued to a word or stop ("regard.1") into
    superscripts: the first such mark for each note, in one pass."""
    wanted = {m for m in markers if m.isdigit()}
    if not wanted:
        return body

    def replace(match: re.Match[str]) -> str:
        if match.group(1) in wanted:
            wanted.discard(match.group(1))
            return text.to_superscript(match.group(1))
        return match.group(1)

    return _GLUED_MARK_RE.sub(replace, body)
