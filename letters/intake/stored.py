"""Stored letters read back as the parser's dataclasses, corrections included.

The inverse of ``letters.intake.rows``: what a review compares with a fresh parse
(``letters.curation.fields``) and what the letter's search vector is made from
(``letters.search.indexing.letter_parts``), so both see the letter as the public page does.
One letter or many are read the same way, in a fixed number of queries however many
(``stored_letters``); ``search_rows`` gives their search rows' texts, versions included.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence

from letters.models import (
    Annex,
    Citation,
    Letter,
    LetterSymbol,
    LetterVersion,
    Reference,
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
from letters.parsing.model import LetterRef, Relation
from letters.search.indexing import IndexedText, TextPart, letter_parts


def stored_letter(letter: Letter) -> ParsedLetter:
    """The stored letter read back as the parser's dataclasses (with its corrections)."""
    return stored_letters([letter])[0]


def stored_letters(letters: Sequence[Letter]) -> list[ParsedLetter]:
    """``letters`` read back as the parser's dataclasses, in their order: their own
    columns as the instances hold them, their parts read fresh, one query a kind of part
    for all of them (as tuples: a batch's thousands of parts need no model instances)."""
    ids = [letter.pk for letter in letters]
    parts = _Parts(
        symbols=_by_letter(
            LetterSymbol.objects.filter(letter_id__in=ids)
            .order_by("position")
            .values_list("letter_id", "symbol")
        ),
        # The senders' table keeps no order: by name, as the State model orders them.
        states=_by_letter(
            Letter.senders.through.objects.filter(letter_id__in=ids)
            .order_by("state__name")
            .values_list("letter_id", "state__name")
        ),
        items=_by_letter(
            Letter.agenda_items.through.objects.filter(letter_id__in=ids)
            .order_by("agendaitem__number")
            .values_list("letter_id", "agendaitem__number", "agendaitem__topic__title")
        ),
        signatures=_by_letter(
            Signature.objects.filter(letter_id__in=ids)
            .order_by("annex_id", "position")
            .values_list(
                "letter_id", "annex_id", "person__name", "title", "organization", "honorific"
            )
        ),
        annexes=_by_letter(
            Annex.objects.filter(letter_id__in=ids)
            .order_by("position")
            .values_list(
                "letter_id",
                "id",
                "label",
                "title",
                "original_language",
                "date",
                "place",
                "body",
                "language",
            )
        ),
        citations=_by_letter(
            Citation.objects.filter(letter_id__in=ids)
            .order_by("position")
            .values_list("letter_id", "document__kind", "document__key", "text")
        ),
        references=_by_letter(
            Reference.objects.filter(letter_id__in=ids)
            .order_by("position")
            .values_list(
                "letter_id",
                "relation",
                "symbols",
                "date",
                "sender_states",
                "sender_title",
                "document",
                "text",
                "where",
            )
        ),
        mentions=_by_letter(
            Letter.states_mentioned.through.objects.filter(letter_id__in=ids)
            .order_by("state__name")
            .values_list("letter_id", "state__name")
        ),
    )
    return [_read_back(letter, parts) for letter in letters]


@dataclasses.dataclass(frozen=True)
class _Parts:
    """Letters' parts by letter id, each a list of tuples in the letter's order."""

    symbols: dict[int, list[tuple]]
    states: dict[int, list[tuple]]
    items: dict[int, list[tuple]]
    signatures: dict[int, list[tuple]]
    annexes: dict[int, list[tuple]]
    citations: dict[int, list[tuple]]
    references: dict[int, list[tuple]]
    mentions: dict[int, list[tuple]]


def _by_letter(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    """Rows whose first value is a letter id, grouped by it (the id dropped), in order."""
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for letter_id, *values in rows:
        grouped[letter_id].append(tuple(values))
    return grouped


def _read_back(letter: Letter, parts: _Parts) -> ParsedLetter:
    signatures = parts.signatures.get(letter.pk, [])

    def signed(annex_id: int | None) -> tuple[Signatory, ...]:
        return tuple(
            Signatory(name, title, organization, honorific)
            for annex, name, title, organization, honorific in signatures
            if annex == annex_id
        )

    return ParsedLetter(
        symbols=tuple(symbol for (symbol,) in parts.symbols.get(letter.pk, [])),
        kind=LetterKind(letter.kind),
        title=letter.title,
        distribution_date=letter.distribution_date,
        letter_date=letter.letter_date,
        original_language=letter.original_language,
        language=letter.language,
        ga_session=letter.session_id,
        sc_year=letter.sc_year,
        agenda_items=tuple(
            AgendaItemRef(number, title) for number, title in parts.items.get(letter.pk, [])
        ),
        sender=Sender(
            states=tuple(name for (name,) in parts.states.get(letter.pk, [])),
            title=letter.sender_title,
            organization=letter.sender_organization,
        ),
        addressees=tuple(letter.addressees),
        signatories=signed(None),
        body=letter.body,
        footnotes=tuple(Footnote(f["marker"], f["text"]) for f in letter.footnotes),
        annexes=tuple(
            ParsedAnnex(
                label=label,
                title=title,
                original_language=original_language,
                date=date,
                place=place,
                body=body,
                signatories=signed(annex_id),
                language=language,
            )
            for (
                annex_id,
                label,
                title,
                original_language,
                date,
                place,
                body,
                language,
            ) in parts.annexes.get(letter.pk, [])
        ),
        cited_documents=tuple(
            CitedDocumentRef(kind, key, text)
            for kind, key, text in parts.citations.get(letter.pk, [])
        ),
        warnings=tuple(letter.parse_warnings),
        references=tuple(
            LetterRef(
                relation=Relation(relation),
                symbols=tuple(symbols),
                date=date,
                sender_states=tuple(sender_states),
                sender_title=sender_title or None,
                document=document or None,
                text=text,
                where=where,
            )
            for (
                relation,
                symbols,
                date,
                sender_states,
                sender_title,
                document,
                text,
                where,
            ) in parts.references.get(letter.pk, [])
        ),
        charter_articles=tuple(letter.charter_articles),
        states_mentioned=tuple(name for (name,) in parts.mentions.get(letter.pk, [])),
    )


def indexed_version(version: LetterVersion) -> IndexedText:
    """A language version's texts as its letter's search vector holds them."""
    return IndexedText(
        version.language,
        version.title,
        version.body,
        [(a.get("language"), f"{a['title']}\n{a['body']}") for a in version.annexes],
    )


def search_rows(
    letters: Sequence[Letter], read: Sequence[ParsedLetter] | None = None
) -> list[tuple[int, list[TextPart]]]:
    """The search vector's texts of each stored letter (``letter_parts``): its own, read
    back (``read``, when the caller has just read them: ``stored_letters``), then its
    versions' in the order of their languages; a fixed number of queries however many
    letters."""
    read = stored_letters(letters) if read is None else read
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
        for letter, parsed in zip(letters, read, strict=True)
    ]
