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


class Relation(enum.StrEnum):
    """How a letter is linked to another document (DESIGN.md §13; parsing/references.py)."""

    REPLIES_TO = "replies_to"
    REFERS_TO = "refers_to"
    TRANSMITS = "transmits"


@dataclasses.dataclass(frozen=True)
class LetterRef:
    """A letter or document this letter replies to, refers to or transmits, as printed.

    ``symbols`` are canonical and split, one letter's (a joint symbol's two parts);
    ``date`` is the referred document's own date; ``sender_states`` canonical (the
    first is ``sender_state``), ``sender_title`` as the words give it ("Permanent
    Representative", "Secretary-General"); ``document`` what is referred to ("letter",
    "identical_letters", "note_verbale", "statement", "report", …); ``text`` the printed
    words; ``where`` the part of the letter that prints them ("letter", "footnote",
    "annex")."""

    relation: Relation
    symbols: tuple[str, ...] = ()
    date: datetime.date | None = None
    sender_states: tuple[str, ...] = ()
    sender_title: str | None = None
    document: str | None = None
    text: str = ""
    where: str = "letter"

    @property
    def sender_state(self) -> str | None:
        return self.sender_states[0] if self.sender_states else None


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
    # Links between letters (DESIGN.md §13; parsing/links.py): the documents it replies
    # to, refers to or transmits; the Charter Articles it invokes ("51", "2(4)"); the
    # States its text and annexes name, other than its senders, in order of first mention.
    references: tuple[LetterRef, ...] = ()
    charter_articles: tuple[str, ...] = ()
    states_mentioned: tuple[str, ...] = ()

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
            "references": [_reference(r) for r in self.references],
            "charter_articles": list(self.charter_articles),
            "states_mentioned": list(self.states_mentioned),
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


def _reference(r: LetterRef) -> dict[str, Any]:
    return {
        "relation": str(r.relation),
        "document": r.document,
        "symbols": list(r.symbols),
        "date": _iso(r.date),
        "sender_state": r.sender_state,
        "sender_states": list(r.sender_states),
        "sender_title": r.sender_title,
        "where": r.where,
        "text": r.text,
    }
