"""Re-parse: the current parser run again on a stored letter's kept sources, its main
text's and its versions'.

``plan_reparse`` says what would change; ``apply_reparse`` writes it (one transaction and
one revision per letter), keeping the fields an archivist corrected by hand unless told
to discard them. A selection of more than ``IN_REQUEST`` letters is re-parsed by a job
(``schedule_reparse``, DESIGN.md §12): a parse can take a few hundred milliseconds.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from letters import tasks
from letters.curation.fields import (
    acting_user,
    diff_fields,
    letter_fields,
    parsed_fields,
    record_revision,
)
from letters.intake.ingest import DuplicateSymbol, apply_parsed_fields
from letters.intake.versions import with_main_text
from letters.models import Letter, LetterRevision
from letters.parsing import ParsedLetter, SourceError, parse_letter

logger = logging.getLogger(__name__)

# Up to this many letters are previewed and re-parsed in the request; a larger selection
# is previewed in part and re-parsed by a job.
IN_REQUEST = 20


@dataclasses.dataclass(frozen=True)
class ReparsePlan:
    """What re-parsing one letter would do."""

    letter: Letter
    changes: dict[str, list[Any]]  # applied
    kept: dict[str, list[Any]]  # corrected by hand: applied only when discarding corrections
    error: str | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.kept)


def plan_reparse(letter: Letter) -> ReparsePlan:
    """Run the current parser on the stored source and compare with the stored letter."""
    try:
        parsed = reparsed(letter)
    except SourceError as error:
        return ReparsePlan(letter, {}, {}, error=str(error))
    diff = diff_fields(letter_fields(letter), parsed_fields(parsed, fallback_title=letter.title))
    # Symbols the source does not print were given by the uploader: keep them.
    if not parsed.symbols:
        diff.pop("symbols", None)
    kept = {f: v for f, v in diff.items() if f in letter.corrected_fields}
    changes = {f: v for f, v in diff.items() if f not in kept}
    return ReparsePlan(letter, changes, kept)


def reparsed(letter: Letter) -> ParsedLetter:
    """The current parser's reading of a stored letter: its main text's, with each fact
    the main text does not print taken from its versions' texts (in the order of their
    languages), as when that text became the main text (``versions.with_main_text``); the
    symbols are the main text's."""
    parsed = parse_letter(letter.source.text, file=letter.source.name)
    for version in letter.versions.select_related("source").order_by("language"):
        former = parse_letter(version.source.text, file=version.source.name)
        parsed = dataclasses.replace(with_main_text(parsed, former), symbols=parsed.symbols)
    return parsed


@transaction.atomic
def apply_reparse(*, letter: Letter, user, discard_corrections: bool = False) -> ReparsePlan:
    """Re-parse the stored source and write the differences (one transaction, logged).

    Fields corrected by hand are kept unless ``discard_corrections``; then they
    follow the parser again and stop counting as corrected.
    """
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    plan = plan_reparse(letter)
    if plan.error:
        return plan
    changes = {**plan.changes, **(plan.kept if discard_corrections else {})}
    if changes:
        parsed = reparsed(letter)
        apply_parsed_fields(letter=letter, parsed=parsed, fields=changes)
        if discard_corrections:
            letter.corrected_fields = [f for f in letter.corrected_fields if f not in changes]
            letter.save(update_fields=["corrected_fields", "updated"])
        record_revision(letter, user, LetterRevision.Action.REPARSE, changes)
    return dataclasses.replace(plan, changes=changes)


def reparse_letters(
    letters: Iterable[Letter], *, user, discard_corrections: bool = False
) -> tuple[int, list[str]]:
    """``apply_reparse`` on each letter: how many changed, and a line per letter refused
    (a new symbol that another letter carries), which its history records too."""
    changed, refusals = 0, []
    for letter in letters:
        try:
            plan = apply_reparse(letter=letter, user=user, discard_corrections=discard_corrections)
        except DuplicateSymbol as error:
            record_revision(
                letter, user, LetterRevision.Action.REPARSE, note=f"Not re-parsed: {error}"
            )
            refusals.append(f"{letter}: not re-parsed, {error}")
            continue
        changed += bool(plan.changes)
    return changed, refusals


def schedule_reparse(letter_ids: Sequence[int], *, user, discard_corrections: bool) -> None:
    """Defer the re-parse of these letters, in the caller's transaction."""
    tasks.reparse_letters.defer(
        letter_ids=list(letter_ids),
        user_id=getattr(acting_user(user), "pk", None),
        discard_corrections=discard_corrections,
    )


def reparse_job(
    *, letter_ids: Sequence[int], user_id: int | None, discard_corrections: bool
) -> int:
    """The job: ``reparse_letters`` on those of the letters still stored, in id order, as
    the user who asked. Each letter's changes, or why it was refused, go in its history;
    run again, a letter re-parsed already has nothing left to change (one refused is
    refused again). Returns how many letters changed."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    letters = Letter.objects.filter(pk__in=letter_ids).select_related("source").order_by("pk")
    changed, refusals = reparse_letters(
        letters.iterator(chunk_size=100), user=user, discard_corrections=discard_corrections
    )
    logger.info(
        "Re-parsed %d letter(s): %d changed, %d refused", len(letter_ids), changed, len(refusals)
    )
    return changed
