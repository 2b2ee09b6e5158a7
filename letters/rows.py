"""The rows a parsed letter becomes: one definition for every way of storing letters.

The per-letter ingest (``letters.ingest``) and the bulk loader (``letters.bulk``) both
build their rows here, as ``{model field: value}`` dicts — the ingest hands them to the
ORM, the loader copies them — so a column cannot be written by one path and forgotten
by the other. The search vector's weights are defined here once too (DESIGN.md §5).
Nothing here touches the database.
"""

from __future__ import annotations

import datetime
import mimetypes
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from letters.parsing import ParsedLetter, is_synthetic_text, sha256_hex
from letters.parsing.model import CitedDocumentRef, ParsedAnnex, Signatory
from letters.parsing.source import SourceText

Row = dict[str, Any]

# PostgreSQL refuses a tsvector over 1 MB; no real letter comes near this.
MAX_INDEXED_CHARS = 200_000
# Citation.text holds the words as cited, to this length.
CITATION_TEXT_CHARS = 300


def source_row(*, data: bytes, filename: str, text: str) -> Row:
    """The ``SourceFile`` of an upload: the bytes as they came, the text read and, when
    the text is a ``SourceText`` (what ``intake`` reads), how it was read and OCR's
    confidence; a text made elsewhere (synthetic letters) records neither."""
    read = isinstance(text, SourceText)
    return {
        "sha256": sha256_hex(data),
        "name": filename[:255],
        "content_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
        "size": len(data),
        "data": data,
        "text": text,
        "extraction": text.method.value if read else "",
        "ocr_confidence": text.confidence if read else None,
    }


# Each contract field (DESIGN.md §4) that is a column of the letter, and the columns it
# writes; re-parse and hand corrections work by contract field.
LETTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("kind",),
    "title": ("title",),
    "distribution_date": ("distribution_date",),
    "letter_date": ("letter_date",),
    "original_language": ("original_language",),
    "ga_session": ("session_id",),
    "sc_year": ("sc_year",),
    "sender_title": ("sender_title",),
    "addressees": ("addressees",),
    "body": ("body",),
    "footnotes": ("footnotes",),
    "warnings": ("parse_warnings",),
}


def letter_row(parsed: ParsedLetter, *, fallback_title: str) -> Row:
    """The letter's own columns derived from the parse (the title falls back to the
    file's name: a letter always has one)."""
    return {
        "kind": parsed.kind.value,
        "title": parsed.title or fallback_title,
        "distribution_date": parsed.distribution_date,
        "letter_date": parsed.letter_date,
        "original_language": parsed.original_language or "",
        "session_id": parsed.ga_session,
        "sc_year": parsed.sc_year,
        "sender_title": parsed.sender.title or "",
        "addressees": list(parsed.addressees),
        "body": parsed.body,
        "footnotes": [{"marker": f.marker, "text": f.text} for f in parsed.footnotes],
        "parse_warnings": list(parsed.warnings),
    }


def is_synthetic(text: str, *, flagged: bool = False) -> bool:
    """Whether a letter is a generated benchmark letter: flagged so, or marked in its text."""
    return flagged or is_synthetic_text(text)


def symbols(parsed: ParsedLetter) -> list[str]:
    """The symbols stored for a letter, each once, in the order printed."""
    return list(dict.fromkeys(s for s in parsed.symbols if s))


def sender_states(parsed: ParsedLetter) -> list[str]:
    return list(dict.fromkeys(parsed.sender.states))


def annex_row(parsed: ParsedAnnex, position: int) -> Row:
    return {
        "position": position,
        "label": parsed.label,
        "title": parsed.title or "",
        "original_language": parsed.original_language or "",
        "date": parsed.date,
        "place": parsed.place or "",
        "body": parsed.body,
    }


def signature_rows(signatories: Sequence[Signatory]) -> Iterator[tuple[str, Row]]:
    """(the signatory's name, the signature's columns) in signing order."""
    for position, s in enumerate(signatories):
        yield (
            s.name,
            {"title": s.title or "", "organization": s.organization or "", "position": position},
        )


def all_signatories(parsed: ParsedLetter) -> tuple[Signatory, ...]:
    """The letter's signatories and every annex's."""
    return (*parsed.signatories, *(s for a in parsed.annexes for s in a.signatories))


def citations(parsed: ParsedLetter) -> list[tuple[CitedDocumentRef, Row]]:
    """(the cited document, the citation's columns): a document cited twice keeps its
    first citation (one per letter and document: citation_unique_pair)."""
    seen: dict[str, tuple[CitedDocumentRef, Row]] = {}
    for position, ref in enumerate(parsed.cited_documents):
        if ref.key not in seen:
            seen[ref.key] = (ref, {"text": ref.text[:CITATION_TEXT_CHARS], "position": position})
    return list(seen.values())


# --- The search row ------------------------------------------------------------------

# The search vector's weights, highest first: each letter's texts are indexed under one.
WEIGHTS = ("A", "B", "C", "D")


def weighted_texts(
    *,
    title: str,
    symbols: Iterable[str],
    body: str,
    footnotes: Iterable[str],
    annexes: Iterable[tuple[str, str, str]],
    signatures: Iterable[tuple[str, str, str]],
    states: Iterable[str],
) -> dict[str, str]:
    """The text of each weight of a letter's search vector: title and symbols rank
    highest (A), then the covering letter (B), annexes (C), signatories and States (D)."""

    def joined(parts: Iterable[str]) -> str:
        return "\n".join(p for p in parts if p)[:MAX_INDEXED_CHARS]

    return {
        "A": joined([title, *symbols]),
        "B": joined([body, *footnotes]),
        "C": joined(t for annex in annexes for t in annex),
        "D": joined([*(t for sig in signatures for t in sig), *states]),
    }


def vector_sql(texts: Sequence[str]) -> str:
    """SQL for the search vector from one SQL text expression per weight (in WEIGHTS
    order); each ``to_tsvector`` takes the text search configuration as a parameter."""
    return " || ".join(
        f"setweight(to_tsvector(%s::regconfig, {text}), '{weight}')"
        for weight, text in zip(WEIGHTS, texts, strict=True)
    )


def search_row(
    *,
    letter_id: int,
    letter_date: datetime.date | None,
    session: int | None,
    sc_year: int | None,
    kind: str,
    has_annex: bool,
    topic_ids: Iterable[int],
    cited_ids: Iterable[int],
    person_ids: Iterable[int],
    state_ids: Iterable[int],
    synthetic: bool,
    sample_rate: int,
) -> Row:
    """The search row's columns besides the vector (DESIGN.md §5)."""
    return {
        "letter_date": letter_date,
        "year": letter_date.year if letter_date else None,
        "session_number": session,
        "sc_year": sc_year,
        "kind": kind,
        "has_annex": has_annex,
        "topic_ids": sorted(set(topic_ids)),
        "cited_ids": sorted(set(cited_ids)),
        "person_ids": sorted(set(person_ids)),
        "state_ids": sorted(set(state_ids)),
        "is_synthetic": synthetic,
        "in_sample": letter_id % sample_rate == 0,
    }
