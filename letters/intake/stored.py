"""A stored letter read back as the parser's dataclasses, corrections included.

The inverse of ``letters.intake.rows``: what a review compares with a fresh parse
(``letters.curation.fields``) and what the letter's search vector is made from
(``letters.search.indexing.letter_parts``), so both see the letter as the public page does.
"""

from __future__ import annotations

from letters.models import Letter
from letters.parsing import (
    AgendaItemRef,
    CitedDocumentRef,
    Footnote,
    LetterKind,
    ParsedAnnex,
    ParsedLetter,
    Sender,
    Signatory,
)
from letters.parsing.model import LetterRef, Relation


def stored_letter(letter: Letter) -> ParsedLetter:
    """The stored letter read back as the parser's dataclasses (with its corrections)."""
    signatures = list(letter.signatures.select_related("person").order_by("annex_id", "position"))

    def signed(annex_id: int | None) -> tuple[Signatory, ...]:
        return tuple(
            Signatory(s.person.name, s.title, s.organization, s.honorific)
            for s in signatures
            if s.annex_id == annex_id
        )

    items = letter.agenda_items.select_related("topic").order_by("number")
    citations = letter.citations.select_related("document").order_by("position")
    return ParsedLetter(
        symbols=tuple(letter.symbols.order_by("position").values_list("symbol", flat=True)),
        kind=LetterKind(letter.kind),
        title=letter.title,
        distribution_date=letter.distribution_date,
        letter_date=letter.letter_date,
        original_language=letter.original_language,
        language=letter.language,
        ga_session=letter.session_id,
        sc_year=letter.sc_year,
        agenda_items=tuple(
            AgendaItemRef(i.number, i.topic.title if i.topic else None) for i in items
        ),
        sender=Sender(
            states=tuple(letter.senders.values_list("name", flat=True)),
            title=letter.sender_title,
            organization=letter.sender_organization,
        ),
        addressees=tuple(letter.addressees),
        signatories=signed(None),
        body=letter.body,
        footnotes=tuple(Footnote(f["marker"], f["text"]) for f in letter.footnotes),
        annexes=tuple(
            ParsedAnnex(
                label=a.label,
                title=a.title,
                original_language=a.original_language,
                date=a.date,
                place=a.place,
                body=a.body,
                signatories=signed(a.pk),
                language=a.language,
            )
            for a in letter.annexes.order_by("position")
        ),
        cited_documents=tuple(
            CitedDocumentRef(c.document.kind, c.document.key, c.text) for c in citations
        ),
        warnings=tuple(letter.parse_warnings),
        references=tuple(
            LetterRef(
                relation=Relation(r.relation),
                symbols=tuple(r.symbols),
                date=r.date,
                sender_states=tuple(r.sender_states),
                sender_title=r.sender_title or None,
                document=r.document or None,
                text=r.text,
                where=r.where,
            )
            for r in letter.references.order_by("position")
        ),
        charter_articles=tuple(letter.charter_articles),
        states_mentioned=tuple(letter.states_mentioned.values_list("name", flat=True)),
    )
