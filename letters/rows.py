"""The rows a parsed letter becomes: one definition for every way of storing letters.

The per-letter ingest (``letters.ingest``) and the bulk loader (``letters.bulk``) both
build their rows here, as ``{model field: value}`` dicts — the ingest hands them to the
ORM, the loader copies them — so a column cannot be written by one path and forgotten
by the other. The search vector's weights are defined here once too (DESIGN.md §5).
Nothing here touches the database.
"""

from __future__ import annotations

import dataclasses
import datetime
import mimetypes
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from letters.parsing import ParsedLetter, is_synthetic_text, sha256_hex
from letters.parsing.model import CitedDocumentRef, ParsedAnnex, Signatory
from letters.parsing.source import Method

Row = dict[str, Any]

# PostgreSQL refuses a tsvector over 1 MB: a letter's indexed texts, all its versions
# together, are cut to this many characters (no real letter comes near).
MAX_INDEXED_CHARS = 800_000
# Citation.text holds the words as cited, to this length.
CITATION_TEXT_CHARS = 300


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


# --- The search row ------------------------------------------------------------------

# The search vector's weights, highest first: title and symbols (A), the covering letter
# (B), annexes (C), signatories and States (D).
WEIGHTS = ("A", "B", "C", "D")

# The PostgreSQL text search configuration of each language's texts (DESIGN.md §11):
# the language's stemmer after unaccent; no stemming where PostgreSQL has no stemmer.
# A text of unknown language is read as English, the archive's working language.
SEARCH_CONFIGS = {
    "en": "english_unaccent",
    "fr": "french_unaccent",
    "es": "spanish_unaccent",
    "ru": "russian_unaccent",
    "ar": "simple_unaccent",
    "zh": "simple_unaccent",
}
DEFAULT_SEARCH_CONFIG = SEARCH_CONFIGS["en"]


def search_config(language: str | None) -> str:
    return SEARCH_CONFIGS.get(language or "", DEFAULT_SEARCH_CONFIG)


@dataclasses.dataclass(frozen=True)
class TextPart:
    """One text of a letter as indexed: its weight, and the configuration of its language."""

    weight: str
    config: str
    text: str


@dataclasses.dataclass(frozen=True)
class IndexedText:
    """One language's texts of a letter: the letter itself, or one of its versions."""

    language: str | None
    title: str
    body: str
    annexes: Sequence[tuple[str | None, str]] = ()  # (annex's language, its text)


def vector_parts(
    texts: Sequence[IndexedText],
    *,
    symbols: Iterable[str],
    footnotes: Iterable[str],
    signatures: Iterable[tuple[str, str, str]],
    states: Iterable[str],
) -> list[TextPart]:
    """The texts of a letter's search vector, in the order they are joined, each in its
    language's configuration: the letter's and its versions' titles with the symbols
    (A), their bodies and the footnotes (B), their annexes (C), then the signatories and
    States (D). Long texts are cut so the whole stays within MAX_INDEXED_CHARS (a
    tsvector may not pass 1 MB)."""
    config = search_config(texts[0].language)
    parts = [TextPart("A", search_config(t.language), t.title) for t in texts]
    parts.append(TextPart("A", config, "\n".join(symbols)))
    parts += [TextPart("B", search_config(t.language), t.body) for t in texts]
    parts.append(TextPart("B", config, "\n".join(footnotes)))
    for t in texts:
        parts += [
            TextPart("C", search_config(language or t.language), text)
            for language, text in t.annexes
        ]
    names = [*(part for signature in signatures for part in signature), *states]
    parts.append(TextPart("D", config, "\n".join(p for p in names if p)))
    budget, kept = MAX_INDEXED_CHARS, []
    for part in parts:
        if part.text and budget > 0:
            kept.append(dataclasses.replace(part, text=part.text[:budget]))
            budget -= len(kept[-1].text)
    return kept


def vector_sql(configs: str, weights: str, texts: str) -> str:
    """SQL for the search vector from three parallel text arrays (SQL expressions): each
    part's configuration, weight and text (``vector_parts``), joined in order."""
    return (
        "(SELECT tsvector_agg(setweight(to_tsvector(p.config::regconfig, p.text),"
        ' p.weight::"char") ORDER BY p.n)'
        f" FROM unnest({configs}::text[], {weights}::text[], {texts}::text[])"
        " WITH ORDINALITY AS p(config, weight, text, n))"
    )


def vector_arrays(parts: Sequence[TextPart]) -> tuple[list[str], list[str], list[str]]:
    """The three arrays ``vector_sql`` reads, for ``parts``."""
    return [p.config for p in parts], [p.weight for p in parts], [p.text for p in parts]


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
    languages: Iterable[str],
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
        "languages": sorted({language for language in languages if language}),
        "is_synthetic": synthetic,
        "in_sample": letter_id % sample_rate == 0,
    }
