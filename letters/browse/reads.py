"""Reads for the browse pages and the letter page, each in a fixed number of queries.

A browse page lists the letters with one value of a facet (a session, an agenda topic,
a cited document, a State) through the search rows (``letters.search.results``); the
lists of sessions, topics, documents and States count their published letters; the
letter page reads a letter with its parts and the letters citing it.
"""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from letters.models import (
    AgendaItem,
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterVersion,
    Person,
    Session,
    Signature,
    State,
    public_letter_q,
)
from letters.search.facets import FACETS_BY_NAME, selection_q
from letters.search.results import newest_first, page_of_letters, public_entries

# --- Browse pages ----------------------------------------------------------------------


def letters_with(facet_name: str, value, page_number) -> Page:
    """The published letters with one value of a facet (a session, a topic, a cited
    document, a State), newest first.

    A State's, a topic's or a cited document's letters cluster in time and are found
    through array indexes: they are read through the bitmaps and sorted, rather than by
    walking every newer letter; a facet with its own date-ordered index walks that."""
    facet = FACETS_BY_NAME[facet_name]
    entries = public_entries().filter(selection_q({facet_name: [value]}))
    return page_of_letters(
        newest_first(entries), page_number, through_bitmaps=not facet.date_ordered_index
    )


def sessions_with_letters() -> QuerySet:
    # An aggregate drops the model's default order: it is given again.
    return (
        Session.objects.annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
        .order_by("-number")
    )


def session_items(session: Session) -> QuerySet:
    """The session's agenda items that have published letters, with their topics."""
    return (
        AgendaItem.objects.filter(session=session)
        .select_related("topic")
        .annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
    )


def topics_with_letters() -> QuerySet:
    return (
        AgendaTopic.objects.annotate(
            letter_count=Count(
                "items__letters", filter=public_letter_q("items__letters__"), distinct=True
            )
        )
        .filter(letter_count__gt=0)
        .prefetch_related("items")
    )


def topic_items(topic: AgendaTopic) -> QuerySet:
    """The topic's item in each session, latest first, with its published letters."""
    return (
        topic.items.select_related("session")
        .order_by("-session_id")
        .annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
    )


def cited_documents_with_letters() -> QuerySet:
    return (
        CitedDocument.objects.select_related("letter")
        .annotate(
            letter_count=Count(
                "citations__letter", filter=public_letter_q("citations__letter__"), distinct=True
            )
        )
        .filter(letter_count__gt=0)
        .order_by("-letter_count", "key")
    )


def published_letter(pk: int | None) -> Letter | None:
    return Letter.objects.public().filter(pk=pk).first() if pk else None


def states_with_letters() -> QuerySet:
    return (
        State.objects.annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
        .order_by("name")
    )


def person_signatures(person: Person) -> QuerySet:
    """Every published signature of ``person``, newest letter first: only what a line
    shows is read (not the letters' texts)."""
    return (
        person.signatures.filter(public_letter_q("letter__"))
        .select_related("letter", "annex")
        .only(
            "person",  # set on each row by the related manager
            "title",
            "organization",
            "letter__title",
            "letter__letter_date",
            "annex__position",
            "annex__label",
        )
        .order_by("-letter__letter_date", "-letter_id")
    )


def letter_detail(pk: int) -> Letter:
    """A published letter with its annexes, signatures and citations (both ways)."""
    queryset = (
        Letter.objects.public()
        .select_related("session", "source")
        .defer("source__data")
        .prefetch_related(
            "symbols",
            "senders",
            "agenda_items__topic",
            "agenda_items__session",
            Prefetch("versions", queryset=LetterVersion.objects.only("letter", "language")),
            Prefetch(
                "signatures",
                queryset=Signature.objects.filter(annex=None).select_related("person"),
                to_attr="letter_signatures",
            ),
            Prefetch(
                "annexes",
                queryset=Annex.objects.prefetch_related(
                    Prefetch("signatures", queryset=Signature.objects.select_related("person"))
                ),
            ),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("document__letter").order_by("position"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def letter_version(pk: int, language: str) -> LetterVersion:
    """A published letter's version in ``language``, with its letter and its symbols."""
    queryset = LetterVersion.objects.filter(letter__in=Letter.objects.public()).select_related(
        "letter", "source"
    )
    version = get_object_or_404(queryset, letter_id=pk, language=language)
    # The language list links every version: read them once, with the letter's symbols.
    version.letter = (
        Letter.objects.prefetch_related(
            "symbols",
            Prefetch("versions", queryset=LetterVersion.objects.only("letter", "language")),
        )
        .defer("body")
        .get(pk=pk)
    )
    return version


def cited_by(letter: Letter) -> QuerySet:
    """Published letters citing one of ``letter``'s symbols."""
    return (
        Letter.objects.public()
        .filter(citations__document__letter=letter)
        .exclude(pk=letter.pk)
        .distinct()
        .only("pk", "title", "letter_date")
        .order_by("-letter_date", "-pk")
    )
