"""A hand edit in the admin: the fields corrected are remembered, logged and searched."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from letters.curation.fields import diff_fields, letter_fields, record_revision
from letters.intake import links
from letters.intake.ingest import refresh_search_entry
from letters.models import Letter, LetterRevision


def linked_before(letter: Letter) -> set[int]:
    """The references the letter's symbols, date and senders decide before an edit: the
    edit resolves them again with those it decides after (``record_edit``)."""
    return links.affected_by([letter.pk])


@transaction.atomic
def record_edit(
    *, letter: Letter, before: dict[str, Any], user, linked: Iterable[int] = ()
) -> dict[str, list[Any]]:
    """After a manual edit: remember the corrected fields, log the change, resolve the
    references it may have changed, refresh search.

    ``before`` is ``letter_fields(letter)`` and ``linked`` is ``linked_before(letter)``,
    both taken before the edit was saved.
    """
    changes = diff_fields(before, letter_fields(letter))
    changes.pop("warnings", None)
    if changes:
        letter.corrected_fields = sorted({*letter.corrected_fields, *changes})
        letter.save(update_fields=["corrected_fields", "updated"])
        record_revision(letter, user, LetterRevision.Action.EDIT, changes)
    links.relink(letter, before=linked)
    refresh_search_entry(letter)
    return changes
