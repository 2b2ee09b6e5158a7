"""A text as its paragraphs, each with a stable anchor, as the letter page and the API
show them.

A paragraph is a run of text between blank lines: the parse contract's paragraphs
(DESIGN.md §4). Its anchor comes from its position in the stored text, never from a
database id: ``p4`` is the fourth paragraph of the letter's body, ``annex-1-p2`` the
second paragraph of its first annex. Parsing the same text again (a re-parse, another
database) gives the same paragraphs, so the same anchors, and a link to one keeps
pointing at it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BLANK_LINES = re.compile(r"\n\s*\n")

Span = tuple[int, int]  # [start, end) of a marked match in a paragraph's text


@dataclasses.dataclass(frozen=True)
class Paragraph:
    """One paragraph: its anchor, its number within its text, its text, and the spans of
    a search's matches in it, marked from ``first_mark`` on."""

    anchor: str
    number: int
    text: str
    spans: tuple[Span, ...] = ()
    first_mark: int = 1

    @property
    def html(self) -> SafeString:
        """The paragraph as an HTML element: ``<p id="p4" class="para">``, its text
        (``render``) and a link to it (shown on hover or focus, archive.css).

        Made here, not in a template, because a letter may have thousands of paragraphs:
        the template's four variables a paragraph cost five times the one the page had
        before anchors (800,000 characters, 1,774 paragraphs: 220 ms against 45)."""
        text = render(self.text, self.spans, first_mark=self.first_mark)
        link = (
            f'<a class="para-link" href="#{self.anchor}">'
            '<span class="visually-hidden">Link to paragraph </span>'
            f'<span aria-hidden="true">¶\u202f</span>{self.number}</a>'
        )
        return mark_safe(f'<p id="{self.anchor}" class="para">{text} {link}</p>')


def annex_anchor(position: int) -> str:
    """The anchor of an annex, by its position among the letter's annexes (from 0)."""
    return f"annex-{position + 1}"


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of ``text``: the runs between blank lines, stripped, empty ones left
    out. Anchors are positions in this list: changing how it splits moves them."""
    return [part.strip() for part in _BLANK_LINES.split(text) if part.strip()]


def paragraphs(text: str, *, within: str = "") -> list[Paragraph]:
    """``text``'s paragraphs, anchored ``p1``, ``p2`` … or, ``within`` an annex's anchor,
    ``annex-1-p1`` …"""
    prefix = f"{within}-p" if within else "p"
    return [
        Paragraph(anchor=f"{prefix}{n}", number=n, text=part)
        for n, part in enumerate(split_paragraphs(text), start=1)
    ]


def render(text: str, spans: Sequence[Span] = (), *, first_mark: int = 1) -> SafeString:
    """A paragraph's text as HTML: escaped, each span in a ``<mark>`` numbered from ``first_mark``
    (``id="m1"`` …), each line break a ``<br>``. The text is never trusted: every piece of
    it is escaped, and only the marks and breaks made here are markup."""
    pieces, position = [], 0
    for number, (start, end) in enumerate(spans, start=first_mark):
        pieces += [escape(text[position:start]), f'<mark id="m{number}">']
        pieces += [escape(text[start:end]), "</mark>"]
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces).replace("\n", "<br>\n"))


def marked(paragraph: Paragraph, spans: Sequence[Span], *, first_mark: int) -> Paragraph:
    """``paragraph`` with ``spans`` marked, numbered from ``first_mark``."""
    return dataclasses.replace(paragraph, spans=tuple(spans), first_mark=first_mark)
