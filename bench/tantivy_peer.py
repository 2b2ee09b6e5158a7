"""Peer engine: tantivy (PyPI ``tantivy``, Rust) over the same letters, doing comparable page work.

Per query: top 20 by BM25 (title boosted 4, body 1, annexes 0.5, as the FTS5 peer) with
a highlighted body snippet each (``SnippetGenerator`` over the stored body, ``<b>``-marked
HTML), the total (the search's own count collector) and counts for the scalar facets
session, SC year, year and has annex. Text is tokenized with tantivy's ``en_stem``
(lower-case, tokens over 40 bytes dropped, Snowball English stemmer as PostgreSQL's
``english``; no stop words, no unaccent). Words are ANDed, a quoted phrase is a phrase
query; the session filter is a term query on an indexed integer field.

Facets: one ``Searcher.aggregate`` call with four ``terms`` aggregations over fast
(columnar) integer fields, all computed in Rust in a single pass over the matches, so
they cost about as much as counting. Letters without a session or SC year are not
counted in a bucket (PostgreSQL counts them under NULL); that is a few letters at most.

Compared with our search page it does less: no array facets (agenda topic, State,
signatory, cited document), no symbol/name look-ups, no HTML escaping, no template or
HTTP machinery, and it runs in-process on an index held in memory-mapped files. The
ratio ours ÷ tantivy therefore overstates the gap: read it as an upper bound.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import tantivy
from peer_rows import letter_rows

FACETS = ("session", "sc_year", "year", "has_annex")
BOOSTS = {"title": 4.0, "body": 1.0, "annexes": 0.5}
_AGGREGATION = {name: {"terms": {"field": name, "size": 10_000}} for name in FACETS}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("annexes", tokenizer_name="en_stem")
    for name in FACETS:
        builder.add_integer_field(name, indexed=True, fast=True)
    builder.add_text_field("letter_date", stored=True, tokenizer_name="raw")
    return builder.build()


def build(path: Path) -> tantivy.Index:
    """Index title, body and annex text of every published letter into directory ``path``."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(path))
    writer = index.writer(heap_size=256_000_000, num_threads=1)
    for pk, title, body, annexes, session, sc_year, year, has_annex, date in letter_rows():
        doc = tantivy.Document(id=pk, title=title, body=body, annexes=annexes)
        for name, value in zip(FACETS, (session, sc_year, year, int(has_annex)), strict=True):
            if value is not None:
                doc.add_integer(name, value)
        if date is not None:
            doc.add_text("letter_date", date)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


def to_query(text: str) -> str:
    """The websearch query text in tantivy's query language (words AND, quoted phrase kept)."""
    if text.startswith('"'):
        return text
    return " ".join(f'"{w}"' for w in text.replace('"', " ").split())


def page(index: tantivy.Index, text: str, session: int | None = None) -> int:
    """One results page's work; returns the total."""
    query = index.parse_query(
        to_query(text), list(BOOSTS), field_boosts=BOOSTS, conjunction_by_default=True
    )
    if session is not None:
        schema = index.schema
        query = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, query),
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "session", session)),
            ]
        )
    searcher = index.searcher()
    result = searcher.search(query, limit=20, count=True)
    snippets = tantivy.SnippetGenerator.create(searcher, query, index.schema, "body")
    for _score, address in result.hits:
        doc = searcher.doc(address)
        doc.get_first("id")
        doc.get_first("title")
        snippets.snippet_from_doc(doc).to_html()
    searcher.aggregate(query, _AGGREGATION)
    return result.count
