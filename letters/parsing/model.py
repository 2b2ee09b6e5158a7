"""The parser's output: frozen dataclasses that mirror the parse contract (DESIGN.md §4).

Nothing here imports Django; ``ParsedLetter.to_contract()`` gives the JSON-ready dict
that ``manage.py parse_letter`` prints and that the golden tests compare.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from typing import Any


class LetterKind(enum.StrEnum):
    LETTER = "letter"
    IDENTICAL_LETTERS = "identical_letters"
    NOTE_VERBALE = "note_verbale"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The kind as the pages name it: "Identical letters", "Note verbale"."""
        return self.value.replace("_", " ").capitalize()


class CitationKind(enum.StrEnum):
    SC_RESOLUTION = "sc_resolution"
    GA_RESOLUTION = "ga_resolution"
    DOCUMENT = "document"
    TREATY = "treaty"
    COURT_CASE = "court_case"


@dataclasses.dataclass(frozen=True)
class AgendaItemRef:
    number: int
    title: str | None


@dataclasses.dataclass(frozen=True)
class Sender:
    """Who sent the letter. ``states`` holds canonical State names
    (parsing/states.py), several for joint letters ("… of Armenia and France …");
    ``state`` is the first of them. ``organization`` names a sender that is not a
    State (a committee, a regional group, an intergovernmental observer) as
    printed, e.g. "Security Council Committee established pursuant to resolution
    1267 (1999)"; a State's representative writing as a group's chair has both."""

    states: tuple[str, ...] = ()
    title: str | None = None
    organization: str | None = None

    @property
    def state(self) -> str | None:
        return self.states[0] if self.states else None


@dataclasses.dataclass(frozen=True)
class Signatory:
    """One signer. ``name`` is the person's name without forms of address; those
    ("H.E.", "Mr.", "Dr.", "Ambassador" before the name) are in ``honorific``, as
    printed, so one person signing with and without them is one name."""

    name: str
    title: str | None = None
    organization: str | None = None
    honorific: str | None = None


@dataclasses.dataclass(frozen=True)
class Footnote:
    marker: str
    text: str


@dataclasses.dataclass(frozen=True)
class CitedDocumentRef:
    kind: CitationKind
    key: str  # canonical: ASCII hyphens, single spaces (symbols.canonical_symbol)
    text: str  # the words as they stand in the letter


@dataclasses.dataclass(frozen=True)
class UnresolvedCitation:
    """A resolution the text cites without saying whose it is ("resolution 377 of 3
    November 1950": the Assembly's or the Council's?), kept as printed, with why no key
    was given; a reviewer resolves it."""

    text: str
    reason: str


@dataclasses.dataclass(frozen=True)
class ParsedAnnex:
    label: str
    title: str | None = None
    original_language: str | None = None
    date: datetime.date | None = None
    place: str | None = None
    body: str = ""
    signatories: tuple[Signatory, ...] = ()
    language: str | None = None  # ISO 639-1 code of the text's language (detected)


@dataclasses.dataclass(frozen=True)
class ParsedLetter:
    file: str | None = None
    symbols: tuple[str, ...] = ()
    kind: LetterKind = LetterKind.LETTER
    title: str | None = None
    distribution_date: datetime.date | None = None
    letter_date: datetime.date | None = None
    original_language: str | None = None
    ga_session: int | None = None
    sc_year: int | None = None
    agenda_items: tuple[AgendaItemRef, ...] = ()
    sender: Sender = Sender()
    addressees: tuple[str, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    body: str = ""
    footnotes: tuple[Footnote, ...] = ()
    annexes: tuple[ParsedAnnex, ...] = ()
    cited_documents: tuple[CitedDocumentRef, ...] = ()
    warnings: tuple[str, ...] = ()
    language: str | None = None  # ISO 639-1 code of the letter's text (detected)
    unresolved_citations: tuple[UnresolvedCitation, ...] = ()

    def to_contract(self) -> dict[str, Any]:
        """The JSON-ready dict of DESIGN.md §4, keys in contract order."""
        return {
            "file": self.file,
            "symbols": list(self.symbols),
            "kind": str(self.kind),
            "title": self.title,
            "distribution_date": _iso(self.distribution_date),
            "letter_date": _iso(self.letter_date),
            "original_language": self.original_language,
            "language": self.language,
            "ga_session": self.ga_session,
            "sc_year": self.sc_year,
            "agenda_items": [{"number": a.number, "title": a.title} for a in self.agenda_items],
            "sender": {
                "state": self.sender.state,
                "states": list(self.sender.states),
                "organization": self.sender.organization,
                "title": self.sender.title,
            },
            "addressees": list(self.addressees),
            "signatories": [_signatory(s) for s in self.signatories],
            "body": self.body,
            "footnotes": [{"marker": f.marker, "text": f.text} for f in self.footnotes],
            "annexes": [
                {
                    "label": a.label,
                    "title": a.title,
                    "original_language": a.original_language,
                    "language": a.language,
                    "date": _iso(a.date),
                    "place": a.place,
                    "body": a.body,
                    "signatories": [_signatory(s) for s in a.signatories],
                }
                for a in self.annexes
            ],
            "cited_documents": [
                {"kind": str(c.kind), "key": c.key, "text": c.text} for c in self.cited_documents
            ],
            "unresolved_citations": [
                {"text": u.text, "reason": u.reason} for u in self.unresolved_citations
            ],
            "warnings": list(self.warnings),
        }


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _signatory(s: Signatory) -> dict[str, str | None]:
    return {
        "name": s.name,
        "honorific": s.honorific,
        "title": s.title,
        "organization": s.organization,
    }
