"""Pure parsing of UN letters: text (or uploaded bytes) in, frozen dataclasses out.

No Django imports here: the parse contract (DESIGN.md §4) is plain Python.
"""

from __future__ import annotations

from letters.parsing.model import (
    AgendaItemRef,
    CitationKind,
    CitedDocumentRef,
    Footnote,
    LetterKind,
    LetterRef,
    ParsedAnnex,
    ParsedLetter,
    Relation,
    Sender,
    Signatory,
    UnresolvedCitation,
)
from letters.parsing.parser import parse_letter
from letters.parsing.source import SourceError, extract_text, sha256_hex
from letters.parsing.states import canonical_state
from letters.parsing.symbols import canonical_symbol, parse_reference, split_symbol
from letters.parsing.synthetic import is_synthetic_text
from letters.parsing.text import person_key, topic_key

__all__ = [
    "AgendaItemRef",
    "CitationKind",
    "CitedDocumentRef",
    "Footnote",
    "LetterKind",
    "LetterRef",
    "ParsedAnnex",
    "ParsedLetter",
    "Relation",
    "Sender",
    "Signatory",
    "SourceError",
    "UnresolvedCitation",
    "canonical_state",
    "canonical_symbol",
    "extract_text",
    "is_synthetic_text",
    "parse_letter",
    "parse_reference",
    "person_key",
    "sha256_hex",
    "split_symbol",
    "topic_key",
]
