"""Merging records: the same State, person, agenda topic or item or cited document
recorded twice becomes one, and every letter that referenced them follows.

A merge that touches more than ``IN_REQUEST`` letters runs as a job (``schedule_merge``,
DESIGN.md §12): each letter gets a revision and a fresh search row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction

from letters import tasks
from letters.curation.fields import acting_user, diff_fields, letter_fields, record_revision
from letters.intake.ingest import refresh_search_entry
from letters.models import (
    AgendaItem,
    AgendaTopic,
    Citation,
    CitedDocument,
    Letter,
    LetterRevision,
    Person,
    Signature,
    State,
)

logger = logging.getLogger(__name__)

# Up to this many letters follow a merge in the request; a merge touching more is a job.
IN_REQUEST = 100

# What a merge moves, per model: the letters' contract field it corrects.
MERGEABLE: dict[type[models.Model], str] = {
    AgendaTopic: "agenda_items",
    AgendaItem: "agenda_items",
    CitedDocument: "cited_documents",
    Person: "signatories",
    State: "senders",
}


@transaction.atomic
def merge_records(*, keep: models.Model, others: Iterable[models.Model], user) -> int:
    """Fold ``others`` into ``keep`` (the same thing recorded twice) and delete them.

    Every reference moves to ``keep``; the letters affected count the field as
    corrected by hand (a re-parse would otherwise split the record again), get a
    revision and a fresh search row. Returns the number of letters affected.
    """
    model = type(keep)
    if model not in MERGEABLE:
        raise ValueError(f"{model.__name__} cannot be merged")
    others = [o for o in others if o.pk != keep.pk]
    if not others or any(type(o) is not model for o in others):
        raise ValueError("choose at least one other record of the same kind")
    # Lock the rows in pk order so two merges over the same records cannot deadlock.
    ids = sorted(o.pk for o in others)
    list(model.objects.select_for_update().filter(pk__in=[keep.pk, *ids]).order_by("pk"))
    field = MERGEABLE[model]
    letters = list(_letters_referencing(model, ids).order_by("pk"))
    before = {letter.pk: letter_fields(letter) for letter in letters}

    if model is AgendaTopic:
        AgendaItem.objects.filter(topic_id__in=ids).update(topic=keep)
    elif model is Person:
        Signature.objects.filter(person_id__in=ids).update(person=keep)
    elif model is CitedDocument:
        # A letter citing both keeps one citation (citation_unique_pair).
        Citation.objects.filter(document_id__in=ids, letter__citations__document=keep).delete()
        Citation.objects.filter(document_id__in=ids).update(document=keep)
        if keep.letter_id is None:
            keep.letter_id = next((o.letter_id for o in others if o.letter_id), None)
            keep.save(update_fields=["letter"])
    elif model is State:
        _move_m2m(Letter.senders.through, "state_id", ids, keep.pk)
    elif model is AgendaItem:
        _move_m2m(Letter.agenda_items.through, "agendaitem_id", ids, keep.pk)
    model.objects.filter(pk__in=ids).delete()

    names = ", ".join(str(o) for o in others)
    for letter in letters:
        letter.refresh_from_db()
        changes = diff_fields(before[letter.pk], letter_fields(letter))
        letter.corrected_fields = sorted({*letter.corrected_fields, field})
        letter.save(update_fields=["corrected_fields", "updated"])
        record_revision(
            letter,
            user,
            LetterRevision.Action.MERGE,
            changes,
            note=f"Merged {model._meta.verbose_name} {names} into {keep}",
        )
        refresh_search_entry(letter)
    return len(letters)


def _letters_referencing(model: type[models.Model], ids: list[int]) -> models.QuerySet[Letter]:
    lookup = {
        AgendaTopic: "agenda_items__topic__in",
        AgendaItem: "agenda_items__in",
        CitedDocument: "citations__document__in",
        Person: "signatures__person__in",
        State: "senders__in",
    }[model]
    return Letter.objects.filter(**{lookup: ids}).distinct()


def _move_m2m(through: type[models.Model], column: str, ids: list[int], keep_id: int) -> None:
    """Point M2M rows at ``keep_id``, dropping those whose letter already has it."""
    has_keep = through.objects.filter(**{column: keep_id}).values("letter_id")
    through.objects.filter(**{f"{column}__in": ids, "letter_id__in": has_keep}).delete()
    through.objects.filter(**{f"{column}__in": ids}).update(**{column: keep_id})


def letters_affected(keep: models.Model, others: Iterable[models.Model]) -> int:
    """How many letters a merge of ``others`` into ``keep`` would rewrite."""
    ids = [o.pk for o in others if o.pk != keep.pk]
    return _letters_referencing(type(keep), ids).count()


def schedule_merge(*, keep: models.Model, others: Iterable[models.Model], user) -> None:
    """Defer the merge, in the caller's transaction."""
    tasks.merge_records.defer(
        model=keep._meta.label,
        keep_id=keep.pk,
        other_ids=[o.pk for o in others],
        user_id=getattr(acting_user(user), "pk", None),
    )


def merge_job(*, model: str, keep_id: int, other_ids: Sequence[int], user_id: int | None) -> int:
    """The job: ``merge_records`` on the records still stored, as the user who asked. Run
    again after it finished, the others are gone and it does nothing. Returns the number
    of letters affected."""
    kind = apps.get_model(model)
    keep = kind.objects.filter(pk=keep_id).first()
    others = list(kind.objects.filter(pk__in=other_ids).exclude(pk=keep_id))
    if keep is None or not others:
        logger.info("Nothing to merge into %s %s: merged already, or deleted", model, keep_id)
        return 0
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    affected = merge_records(keep=keep, others=others, user=user)
    logger.info("Merged %d %s into %s: %d letter(s) affected", len(others), model, keep, affected)
    return affected
