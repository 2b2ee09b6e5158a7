"""Stored letters read back as the parser's dataclasses, corrections included.

The inverse of ``letters.intake.rows``: what a review compares with a fresh parse
(``letters.curation.fields``) and what the letter's search vector is made from
(``letters.search.indexing.letter_parts``), so both see the letter as the public page does.
One letter or many are read the same way, in a fixed number of queries however many
(``stored_letters``); ``search_rows`` gives their search rows' texts, versions included.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Prefetch, prefetch_related_objects

from letters.models import (
    AgendaItem,
    Annex,
    Citation,
    Letter,
    LetterSymbol,
    LetterVersion,
    Signature,
)
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
from letters.search.indexing import IndexedText, TextPart, letter_parts

# A letter's parts, each in the order the letter lists them.
_PARTS = (
    Prefetch("symbols", queryset=LetterSymbol.objects.order_by("position")),
    "senders",
    Prefetch(
        "agenda_items", queryset=AgendaItem.objects.select_related("topic").order_by("number")
    ),
    Prefetch(
        "signatures",
        queryset=Signature.objects.select_related("person").order_by("annex_id", "position"),
    ),
    Prefetch("annexes", queryset=Annex.objects.order_by("position")),
    Prefetch(
        "citations", queryset=Citation.objects.select_related("document").order_by("position")
    ),
)


def stored_letter(letter: Letter) -> ParsedLetter:
    """The stored letter read back as the parser's dataclasses (with its corrections)."""
    return stored_letters([letter])[0]


def stored_letters(letters: Sequence[Letter]) -> list[ParsedLetter]:
    """``letters`` read back as the parser's dataclasses, in their order: their own
    columns as the instances hold them, their parts read fresh (one query a kind of part
    for all of them, so the instances' own caches are left alone)."""
    holders = [Letter(pk=letter.pk) for letter in letters]
    prefetch_related_objects(holders, *_PARTS)
    return [_read_back(letter, parts) for letter, parts in zip(letters, holders, strict=True)]


def _read_back(letter: Letter, parts: Letter) -> ParsedLetter:
    signatures = list(parts.signatures.all())

    def signed(annex_id: int | None) -> tuple[Signatory, ...]:
        return tuple(
            Signatory(s.person.name, s.title, s.organization, s.honorific)
            for s in signatures
            if s.annex_id == annex_id
        )

    return ParsedLetter(
        symbols=tuple(s.symbol for s in parts.symbols.all()),
        kind=LetterKind(letter.kind),
        title=letter.title,
        distribution_date=letter.distribution_date,
        letter_date=letter.letter_date,
        original_language=letter.original_language,
        language=letter.language,
        ga_session=letter.session_id,
        sc_year=letter.sc_year,
        agenda_items=tuple(
            AgendaItemRef(i.number, i.topic.title if i.topic else None)
            for i in parts.agenda_items.all()
        ),
        sender=Sender(
            # The senders' table keeps no order: by name, as the State model orders them.
            states=tuple(s.name for s in parts.senders.all()),
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
            for a in parts.annexes.all()
        ),
        cited_documents=tuple(
            CitedDocumentRef(c.document.kind, c.document.key, c.text) for c in parts.citations.all()
        ),
        warnings=tuple(letter.parse_warnings),
    )


def indexed_version(version: LetterVersion) -> IndexedText:
    """A language version's texts as its letter's search vector holds them."""
    return IndexedText(
        version.language,
        version.title,
        version.body,
        [(a.get("language"), f"{a['title']}\n{a['body']}") for a in version.annexes],
    )


def search_rows(letters: Sequence[Letter]) -> list[tuple[int, list[TextPart]]]:
    """The search vector's texts of each stored letter (``letter_parts``): its own, read
    back, then its versions' in the order of their languages; a fixed number of queries
    however many letters."""
    versions: dict[int, list[LetterVersion]] = {letter.pk: [] for letter in letters}
    for version in LetterVersion.objects.filter(letter__in=list(versions)).order_by("language"):
        versions[version.letter_id].append(version)
    return [
        (
            letter.pk,
            letter_parts(
                parsed,
                title=letter.title,
                versions=[indexed_version(v) for v in versions[letter.pk]],
            ),
        )
        for letter, parsed in zip(letters, stored_letters(letters), strict=True)
    ]
