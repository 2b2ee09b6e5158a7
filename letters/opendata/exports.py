"""Exports of a search: every matching letter, in the page's order, streamed.

CSV (for a spreadsheet), JSON Lines (for a script), RIS and BibTeX (for a citation
manager). Each record is ``letters.opendata.citing.ExportRecord``: the symbols, title, dates,
session, agenda items, sender States, signatories, cited documents, the letters and
documents it replies to, refers to or transmits, the Charter Articles it invokes, the
States it mentions, the UN style citation and the permanent URL. Matches are read a
chunk of ids at a time through a server-side cursor and written as they come, so memory
stays flat whatever the count, and no export is capped.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Iterator

from django.db.models import QuerySet

from letters.models import Letter
from letters.opendata import citing

# Letters read per query: records are built for a chunk of ids at a time.
CHUNK = 500


@dataclasses.dataclass(frozen=True)
class ExportFormat:
    """An export format: its URL extension, its name, its content type and the writer that
    streams records in it."""

    name: str  # the URL's extension
    label: str
    content_type: str
    write: Callable[[Iterable[citing.ExportRecord]], Iterator[str]]


CSV_COLUMNS = (
    "id",
    "symbols",
    "title",
    "kind",
    "letter_date",
    "distribution_date",
    "ga_session",
    "sc_year",
    "agenda_items",
    "senders",
    "sender_title",
    "signatories",
    "cited_documents",
    "references",
    "charter_articles",
    "states_mentioned",
    "citation",
    "url",
)


def _agenda(record: citing.ExportRecord) -> list[str]:
    return [
        f"{item.number} (session {item.session})" + (f": {item.title}" if item.title else "")
        for item in record.agenda_items
    ]


def _fields(record: citing.ExportRecord) -> dict:
    """A record as plain values (lists stay lists, a reference is a dict), in CSV_COLUMNS
    order."""
    return {
        "id": record.pk,
        "symbols": list(record.symbols),
        "title": record.title,
        "kind": record.kind,
        "letter_date": record.letter_date.isoformat() if record.letter_date else None,
        "distribution_date": (
            record.distribution_date.isoformat() if record.distribution_date else None
        ),
        "ga_session": record.session,
        "sc_year": record.sc_year,
        "agenda_items": _agenda(record),
        "senders": list(record.senders),
        "sender_title": record.sender_title,
        "signatories": list(record.signatories),
        "cited_documents": [cited.key for cited in record.cited],
        "references": [
            {
                "relation": r.relation,
                "symbols": list(r.symbols),
                "date": r.date.isoformat() if r.date else None,
                "sender_states": list(r.sender_states),
                "text": r.text,
                "url": r.url or None,
            }
            for r in record.references
        ],
        "charter_articles": list(record.charter_articles),
        "states_mentioned": list(record.states_mentioned),
        "citation": record.citation,
        "url": record.url,
    }


def _csv_safe(value) -> str:
    """A cell as text; lists joined by "; ". A cell a spreadsheet would run as a formula
    (=, +, -, @ first) gets a leading apostrophe: letter text is untrusted."""
    text = "; ".join(value) if isinstance(value, list) else "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(records: Iterable[citing.ExportRecord]) -> Iterator[str]:
    """CSV: a header row, then one row per record in CSV_COLUMNS (lists joined by "; ",
    formula-like cells defused), streamed a row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in records:
        fields = _fields(record)
        # A reference is one phrase in a cell: "Replies to A/75/861–S/2021/392 (…)".
        fields["references"] = [str(reference) for reference in record.references]
        writer.writerow([_csv_safe(fields[column]) for column in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def write_jsonl(records: Iterable[citing.ExportRecord]) -> Iterator[str]:
    """JSON Lines: one object per record (the CSV columns, lists kept as lists)."""
    for record in records:
        yield json.dumps(_fields(record), ensure_ascii=False) + "\n"


def write_ris(records: Iterable[citing.ExportRecord]) -> Iterator[str]:
    """RIS: one record per letter, streamed as they come."""
    for record in records:
        yield citing.ris([record])


def write_bibtex(records: Iterable[citing.ExportRecord]) -> Iterator[str]:
    """BibTeX: one entry per letter, streamed as they come."""
    for record in records:
        yield citing.bibtex([record]) + "\n"


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("csv", "CSV", "text/csv", write_csv),
        ExportFormat("jsonl", "JSON Lines", "application/jsonl", write_jsonl),
        ExportFormat("ris", "RIS", "application/x-research-info-systems", write_ris),
        ExportFormat("bib", "BibTeX", "application/x-bibtex", write_bibtex),
    )
}


def records(letter_ids: Iterable[int], *, base_url: str) -> Iterator[citing.ExportRecord]:
    """The export records of ``letter_ids`` (published letters), in that order, read a
    chunk at a time."""
    chunk: list[int] = []
    for pk in letter_ids:
        chunk.append(pk)
        if len(chunk) == CHUNK:
            yield from _chunk_records(chunk, base_url)
            chunk = []
    if chunk:
        yield from _chunk_records(chunk, base_url)


def _chunk_records(ids: list[int], base_url: str) -> Iterator[citing.ExportRecord]:
    found = {
        record.pk: record
        for record in citing.export_records(
            Letter.objects.public().filter(pk__in=ids), base_url=base_url
        )
    }
    return (found[pk] for pk in ids if pk in found)


def match_ids(entries: QuerySet) -> Iterator[int]:
    """The letter ids of ordered search rows, through a server-side cursor."""
    return entries.values_list("letter_id", flat=True).iterator(chunk_size=CHUNK)
