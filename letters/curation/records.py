"""Shared records edited by hand in the admin (a State, person, agenda topic or item,
cited document, session, or a letter's annex, signature, citation or symbol edited on its
own page): the letters pointing at one hold its names in their search rows, so those rows
are rewritten by a job (DESIGN.md §6, §12), and the refresh is logged.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence

from django.db import models, transaction

from letters import tasks
from letters.curation.fields import acting_user
from letters.intake.ingest import refresh_search_entry
from letters.models import (
    AgendaItem,
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterSymbol,
    Person,
    Session,
    Signature,
    State,
)

logger = logging.getLogger(__name__)

# How each kind of record reaches its letters (a lookup from Letter).
LETTERS_OF: dict[type[models.Model], str] = {
    State: "senders",
    Person: "signatures__person",
    AgendaTopic: "agenda_items__topic",
    AgendaItem: "agenda_items",
    CitedDocument: "citations__document",
    Session: "session",
    Annex: "annexes",
    Signature: "signatures",
    Citation: "citations",
    LetterSymbol: "symbols",
}
# Letters rewritten per transaction: each batch is one commit and one publication version.
BATCH = 100


def letters_pointing_at(record: models.Model) -> list[int]:
    """The ids of the letters whose search rows show ``record``: one query."""
    lookup = LETTERS_OF[type(record)]
    return list(
        Letter.objects.filter(**{lookup: record})
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def schedule_refresh(letter_ids: Sequence[int], *, record: str, user) -> None:
    """Defer the rewrite of these letters' search rows (none: nothing to do), in the
    caller's transaction: the record's save and its job are committed together."""
    if not letter_ids:
        return
    acting = acting_user(user)
    username = acting.get_username() if acting else ""
    tasks.refresh_search_rows.defer(letter_ids=list(letter_ids), record=record, username=username)


def refresh_search_rows(*, letter_ids: Sequence[int], record: str, username: str) -> int:
    """Rewrite the search rows of these letters (the job), a batch per transaction; the
    rows are computed from the letters as stored now, so running it again is harmless.
    Returns how many letters were rewritten, and logs who changed which record."""
    rewritten = 0
    ids = iter(letter_ids)
    while batch := list(itertools.islice(ids, BATCH)):
        with transaction.atomic():
            for letter in Letter.objects.filter(pk__in=batch).order_by("pk"):
                refresh_search_entry(letter)
                rewritten += 1
    logger.info(
        "Search rows of %d letter(s) rewritten after %s edited %s",
        rewritten,
        username or "someone",
        record,
    )
    return rewritten
