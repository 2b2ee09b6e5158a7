"""The shared records letters point at: States, sessions, agenda items and topics,
people and cited documents, found or created by their natural keys.

Two uploads may introduce the same new record at the same moment: each creation
runs in its own savepoint and, when the other transaction wins the unique key,
reads the row it stored, so both letters share one record (never a refusal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.text import slugify

from letters.models import AgendaItem, AgendaTopic, CitedDocument, Person, Session, State
from letters.parsing import person_key, topic_key
from letters.parsing.model import CitationKind, CitedDocumentRef

M = TypeVar("M", bound=models.Model)


def _get_or_create(find: Callable[[], M | None], create: Callable[[], M]) -> M:
    """The row ``find`` finds, or the one ``create`` makes; when a concurrent transaction
    commits the same unique key first, the row it made."""
    found = find()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found


def session(number: int | None) -> Session | None:
    if number is None:
        return None
    return Session.objects.get_or_create(number=number)[0]


def state(name: str) -> State:
    """The State named ``name`` (any case); a new one gets a unique slug."""
    return _get_or_create(
        lambda: State.objects.filter(name__iexact=name).first(),
        lambda: State.objects.create(name=name, slug=unique_slug(State, name)),
    )


def topic(title: str) -> AgendaTopic:
    """The agenda topic whose normalised title is ``title``'s."""
    key = topic_key(title)
    return _get_or_create(
        lambda: AgendaTopic.objects.filter(key=key).first(),
        lambda: AgendaTopic.objects.create(
            title=title, key=key, slug=unique_slug(AgendaTopic, title)
        ),
    )


def agenda_item(in_session: Session, number: int, title: str | None) -> AgendaItem:
    """Item ``number`` of a session; the first title given for it names its topic."""
    item = _get_or_create(
        lambda: AgendaItem.objects.filter(session=in_session, number=number).first(),
        lambda: AgendaItem.objects.create(session=in_session, number=number),
    )
    if title and item.topic_id is None:
        item.topic = topic(title)
        item.save(update_fields=["topic"])
    return item


def person(name: str) -> Person:
    """The person ``name`` names; the first spelling seen names a new person."""
    key = person_key(name)
    return _get_or_create(
        lambda: Person.objects.filter(key=key).first(),
        lambda: Person.objects.create(key=key, name=name),
    )


_LABELS = {
    CitationKind.SC_RESOLUTION: "Security Council resolution {text}",
    CitationKind.GA_RESOLUTION: "General Assembly resolution {text}",
}


def citation_label(ref: CitedDocumentRef) -> str:
    """How a cited document is named on the pages: "Security Council resolution 822 (1993)"."""
    return _LABELS.get(ref.kind, "{key}").format(text=ref.text, key=ref.key)


def cited_document(ref: CitedDocumentRef) -> tuple[CitedDocument, bool]:
    """The cited document ``ref`` names, and whether it was created now."""
    created = []

    def create() -> CitedDocument:
        document = CitedDocument.objects.create(
            key=ref.key, kind=ref.kind.value, label=citation_label(ref)
        )
        created.append(document)
        return document

    document = _get_or_create(lambda: CitedDocument.objects.filter(key=ref.key).first(), create)
    return document, bool(created)


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 100) -> str:
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug
