"""The rows a parsed letter becomes: one definition for every way of storing letters.

The per-letter ingest (``letters.intake.ingest``) and the bulk loader
(``letters.intake.bulk``) both build their rows here, as ``{model field: value}`` dicts —
the ingest hands them to the ORM, the loader copies them — so a column cannot be written
by one path and forgotten by the other. The search row is defined apart, with the
search (``letters.search.indexing``). Nothing here touches the database.
"""

from __future__ import annotations

import dataclasses
import mimetypes
from collections.abc import Iterator, Sequence
from typing import Any

from letters.parsing import ParsedLetter, is_synthetic_text, sha256_hex
from letters.parsing.model import CitedDocumentRef, LetterRef, ParsedAnnex, Signatory
from letters.parsing.source import Method

Row = dict[str, Any]

# Citation.text holds the words as cited, to this length.
CITATION_TEXT_CHARS = 300
# A letter's references are stored up to this many, their printed words to this length:
# a real letter names a few; a hostile text naming thousands stays a bounded write.
REFERENCES_PER_LETTER = 200
REFERENCE_TEXT_CHARS = 1000


def source_row(
    *,
    data: bytes,
    filename: str,
    text: str,
    method: Method | None = None,
    confidence: float | None = None,
) -> Row:
    """The ``SourceFile`` of an upload: the bytes as they came, the text read, how it
    was read and OCR's confidence (none for a text made elsewhere: synthetic letters)."""
    return {
        "sha256": sha256_hex(data),
        "name": filename[:255],
        "content_type": mimetypes.guess_type(filename)[0] or "application/octet-stream",
        "size": len(data),
        "data": data,
        "text": text,
        "extraction": method.value if method else "",
        "ocr_confidence": confidence,
    }


# Each contract field (DESIGN.md §4) that is a column of the letter, and the columns it
# writes; re-parse and hand corrections work by contract field.
LETTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "kind": ("kind",),
    "title": ("title",),
    "distribution_date": ("distribution_date",),
    "letter_date": ("letter_date",),
    "original_language": ("original_language",),
    "language": ("language",),
    "ga_session": ("session_id",),
    "sc_year": ("sc_year",),
    "sender_title": ("sender_title",),
    "sender_organization": ("sender_organization",),
    "addressees": ("addressees",),
    "body": ("body",),
    "footnotes": ("footnotes",),
    "charter_articles": ("charter_articles",),
    "warnings": ("parse_warnings",),
}


def letter_row(parsed: ParsedLetter, *, fallback_title: str) -> Row:
    """The letter's own columns derived from the parse (the title falls back to the
    file's name: a letter always has one)."""
    return {
        "language": parsed.language or "",
        "kind": parsed.kind.value,
        "title": parsed.title or fallback_title,
        "distribution_date": parsed.distribution_date,
        "letter_date": parsed.letter_date,
        "original_language": parsed.original_language or "",
        "session_id": parsed.ga_session,
        "sc_year": parsed.sc_year,
        "sender_title": parsed.sender.title or "",
        "sender_organization": parsed.sender.organization or "",
        "addressees": list(parsed.addressees),
        "body": parsed.body,
        "footnotes": [{"marker": f.marker, "text": f.text} for f in parsed.footnotes],
        "charter_articles": list(dict.fromkeys(parsed.charter_articles)),
        "parse_warnings": list(parsed.warnings),
    }


def version_row(parsed: ParsedLetter, *, fallback_title: str) -> Row:
    """A language version's own texts (``LetterVersion``): the facts stay the letter's."""
    return {
        "language": parsed.language or "",
        "title": parsed.title or fallback_title,
        "body": parsed.body,
        "annexes": [
            {
                "label": a.label,
                "title": a.title or "",
                "language": a.language or "",
                "body": a.body,
            }
            for a in parsed.annexes
        ],
        "parse_warnings": list(parsed.warnings),
    }


def stored_form(parsed: ParsedLetter, *, fallback_title: str) -> ParsedLetter:
    """``parsed`` as storing it keeps it: symbols, sender States, cited documents, Charter
    Articles and States mentioned each once (a citation's and a reference's words cut to
    their columns), agenda items only under a session, and the file's name for a missing
    title; what reading the stored letter back gives."""
    return dataclasses.replace(
        parsed,
        title=parsed.title or fallback_title,
        symbols=tuple(symbols(parsed)),
        agenda_items=parsed.agenda_items if parsed.ga_session else (),
        sender=dataclasses.replace(parsed.sender, states=tuple(sender_states(parsed))),
        cited_documents=tuple(
            dataclasses.replace(ref, text=columns["text"]) for ref, columns in citations(parsed)
        ),
        references=tuple(
            dataclasses.replace(
                ref,
                text=columns["text"],
                symbols=tuple(columns["symbols"]),
                sender_states=tuple(columns["sender_states"]),
                document=columns["document"] or None,
                sender_title=columns["sender_title"] or None,
            )
            for ref, columns in references(parsed)
        ),
        charter_articles=tuple(dict.fromkeys(parsed.charter_articles)),
        states_mentioned=tuple(states_mentioned(parsed)),
    )


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
        "language": parsed.language or "",
        "date": parsed.date,
        "place": parsed.place or "",
        "body": parsed.body,
    }


def signature_rows(signatories: Sequence[Signatory]) -> Iterator[tuple[str, Row]]:
    """(the signatory's name, the signature's columns) in signing order."""
    for position, s in enumerate(signatories):
        yield (
            s.name,
            {
                "honorific": s.honorific or "",
                "title": s.title or "",
                "organization": s.organization or "",
                "position": position,
            },
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


def references(parsed: ParsedLetter) -> list[tuple[LetterRef, Row]]:
    """(the reference, its columns) in the order printed: the first
    REFERENCES_PER_LETTER, their words cut to REFERENCE_TEXT_CHARS. Whom each refers to
    is resolved once stored (``letters.intake.links``)."""
    return [
        (
            ref,
            {
                "position": position,
                "relation": ref.relation.value,
                "document": (ref.document or "")[:40],
                "symbols": list(dict.fromkeys(ref.symbols)),
                "date": ref.date,
                "sender_states": list(dict.fromkeys(ref.sender_states)),
                "sender_title": (ref.sender_title or "")[:300],
                "where": ref.where,
                "text": ref.text[:REFERENCE_TEXT_CHARS],
            },
        )
        for position, ref in enumerate(parsed.references[:REFERENCES_PER_LETTER])
    ]


def states_mentioned(parsed: ParsedLetter) -> list[str]:
    """The States the letter names, each once, its senders excepted."""
    senders = {name.casefold() for name in parsed.sender.states}
    return [
        name for name in dict.fromkeys(parsed.states_mentioned) if name.casefold() not in senders
    ]
