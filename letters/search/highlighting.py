"""Where a search's words stand in a letter's texts, for the letter page to mark them.

The same words as the search finds (DESIGN.md §5): the search text within its bounds,
read as ``websearch_to_tsquery`` in every configuration the archive holds (the very query
``query.text_query`` builds), matched by ``ts_headline`` against each paragraph parsed in
its own text's language configuration (``indexing.search_config``), so a French annex
meets French stems. PostgreSQL returns each paragraph with markers around the words it
matched; they become character spans of the paragraph, and the page escapes the text and
marks the spans (``letters.browse.paragraphs``): nothing of the letter is ever trusted as
markup.

As in the result snippets, ``ts_headline`` marks every word of the query wherever it
stands: the words of a quoted phrase are marked apart too, and a run of marked words
separated only by spaces is one match.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from django.db import connection

from letters.search import indexing
from letters.search.query import HIGHLIGHT_START as _START
from letters.search.query import HIGHLIGHT_STOP as _STOP
from letters.search.query import query_configs, tsquery_sql

# ts_headline reads every character it is given, about 1 ms per thousand here (200,000
# characters: 120–190 ms; a whole 800,000-character letter: 0.8–1.1 s, a third of the
# public statement timeout). Marking stops after this many characters of a letter's
# texts, and after this many matches; the page says so.
MAX_MARKED_CHARACTERS = 200_000
MAX_MATCHES = 500

_OPTIONS = f"HighlightAll=true, StartSel={_START}, StopSel={_STOP}"
_MARKERS = re.compile(f"[{_START}{_STOP}]")
_SPACES = re.compile(r"[^\S\n]*")  # between two marked words of one match

Span = tuple[int, int]  # [start, end) of a match in a paragraph's text


@dataclasses.dataclass(frozen=True)
class TextToSearch:
    """One text of a letter (its body, an annex): its language and its paragraphs."""

    language: str | None
    paragraphs: Sequence[str]


@dataclasses.dataclass(frozen=True)
class Matches:
    """Where the words stand: for each text, for each of its paragraphs, the spans of its
    matches in order."""

    spans: list[list[list[Span]]]
    complete: bool  # every character was searched and every match is listed

    @property
    def count(self) -> int:
        return sum(len(p) for text in self.spans for p in text)


def find_matches(search_text: str, texts: Sequence[TextToSearch]) -> Matches:
    """The spans of ``search_text``'s words in each paragraph of ``texts``: one statement
    for every paragraph within MAX_MARKED_CHARACTERS, none when the text is blank."""
    spans: list[list[list[Span]]] = [[[] for _ in text.paragraphs] for text in texts]
    configs, paragraphs, places = [], [], []
    budget, cut = MAX_MARKED_CHARACTERS, False
    for t, text in enumerate(texts):
        config = indexing.search_config(text.language)
        for p, paragraph in enumerate(text.paragraphs):
            cut = cut or len(paragraph) > budget
            if budget == 0:
                break
            sent = _MARKERS.sub(" ", paragraph[:budget])  # same length: spans stay true
            budget -= len(sent)
            configs.append(config)
            paragraphs.append(sent)
            places.append((t, p))
    complete = not cut
    if not search_text.strip() or not paragraphs:
        return Matches(spans, complete)
    found = 0
    for n, headline in _headlines(search_text, configs, paragraphs):
        t, p = places[n - 1]
        paragraph_spans = _spans(headline, paragraphs[n - 1])
        if found + len(paragraph_spans) > MAX_MATCHES:
            paragraph_spans = paragraph_spans[: MAX_MATCHES - found]
            complete = False
        spans[t][p] = paragraph_spans
        found += len(paragraph_spans)
        if found >= MAX_MATCHES:
            break
    return Matches(spans, complete)


def _headlines(
    search_text: str, configs: list[str], paragraphs: list[str]
) -> list[tuple[int, str]]:
    """``ts_headline`` of each paragraph that holds a match, by its 1-based position."""
    sql, params = tsquery_sql(search_text, query_configs())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n, h FROM ("
            "  SELECT t.n, ts_headline(t.config::regconfig, t.paragraph, q.query, %s) AS h"
            "  FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS t(config, paragraph, n),"
            f"  (SELECT {sql} AS query) AS q"
            ") AS marked WHERE strpos(h, %s) > 0 ORDER BY n",
            [_OPTIONS, configs, paragraphs, *params, _START],
        )
        return cursor.fetchall()


def _spans(headline: str, paragraph: str) -> list[Span]:
    """The spans ``headline``'s markers enclose in ``paragraph``, words separated only by
    spaces joined into one; none when the headline is not the paragraph with markers
    (ts_headline keeps the text as it is given; this checks it)."""
    if _MARKERS.sub("", headline) != paragraph:
        return []
    spans: list[Span] = []
    position, start = 0, None
    for piece in re.split(f"([{_START}{_STOP}])", headline):
        if piece == _START:
            start = position
        elif piece == _STOP and start is not None:
            if spans and _SPACES.fullmatch(paragraph, spans[-1][1], start):
                spans[-1] = (spans[-1][0], position)
            else:
                spans.append((start, position))
            start = None
        else:
            position += len(piece)
    return spans
