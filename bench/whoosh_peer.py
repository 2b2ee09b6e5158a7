"""Peer engine: Whoosh (PyPI ``whoosh-reloaded``, pure Python) over the same letters.

Per query: top 20 by BM25F (title boosted 4, body 1, annexes 0.5, as the FTS5 peer)
with a highlighted body snippet each (``Hit.highlights``: re-tokenizes the stored body
of each shown letter, context fragments, ``<mark>``), the exact total, and counts for
the scalar facets session, SC year, year and has annex. Text goes through
``StemmingAnalyzer`` (regex tokens, lower-case, English stop words, Porter stemmer);
words are ANDed (``MultifieldParser``'s default group), a quoted phrase is a phrase
query; the session filter is ``filter=Term("session", n)``.

Facets: ``searcher.search(q, limit=20, groupedby=[...], maptype=Count)`` on sortable
NUMERIC columns: the collector walks every match once, in Python, and counts each
facet's value per document. That makes the total exact too (every match is seen).
Letters without a session or SC year are counted under ``None``, as PostgreSQL's NULL.

Compared with our search page it does less: no array facets (agenda topic, State,
signatory, cited document), no symbol/name look-ups, no template or HTTP machinery.
It runs in-process; everything it does is Python, so it is slower than the C/Rust
peers and mainly shows what a pure-Python engine costs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from peer_rows import letter_rows
from whoosh import fields, highlight, index, qparser, query, sorting
from whoosh.analysis import StemmingAnalyzer
from whoosh.searching import Searcher

FACETS = ("session", "sc_year", "year", "has_annex")
BOOSTS = {"title": 4.0, "body": 1.0, "annexes": 0.5}


def _schema() -> fields.Schema:
    analyzer = StemmingAnalyzer()
    return fields.Schema(
        id=fields.NUMERIC(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, stored=True, field_boost=BOOSTS["title"]),
        body=fields.TEXT(analyzer=analyzer, stored=True, field_boost=BOOSTS["body"]),
        annexes=fields.TEXT(analyzer=analyzer, field_boost=BOOSTS["annexes"]),
        session=fields.NUMERIC(sortable=True),
        sc_year=fields.NUMERIC(sortable=True),
        year=fields.NUMERIC(sortable=True),
        has_annex=fields.ID(sortable=True),
        letter_date=fields.ID(stored=True),
    )


def build(path: Path) -> Searcher:
    """Index title, body and annex text of every published letter into directory ``path``."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    ix = index.create_in(str(path), _schema())
    writer = ix.writer(procs=1, limitmb=512)
    for pk, title, body, annexes, session, sc_year, year, has_annex, date in letter_rows():
        doc = {"id": pk, "title": title, "body": body, "annexes": annexes}
        doc |= {"session": session, "sc_year": sc_year, "year": year}
        doc["has_annex"] = "yes" if has_annex else "no"
        if date is not None:
            doc["letter_date"] = date
        writer.add_document(**{k: v for k, v in doc.items() if v is not None})
    writer.commit()
    return ix.searcher()


def page(searcher: Searcher, text: str, session: int | None = None) -> int:
    """One results page's work; returns the total."""
    parser = qparser.MultifieldParser(list(BOOSTS), searcher.schema)
    q = parser.parse(text)
    results = searcher.search(
        q,
        limit=20,
        filter=query.Term("session", session) if session is not None else None,
        groupedby=list(FACETS),
        maptype=sorting.Count,
    )
    results.formatter = highlight.HtmlFormatter(tagname="mark")
    shown = [(hit["id"], hit["title"], hit.highlights("body")) for hit in results]
    facets = {facet: results.groups(facet) for facet in FACETS}
    del shown, facets
    return len(results)
