"""Publishing a draft and taking a letter back off the public site."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from letters.curation.fields import record_revision
from letters.intake.ingest import refresh_search_entry
from letters.models import Letter, LetterRevision


@transaction.atomic
def publish_letter(*, letter: Letter, user) -> bool:
    """Publish a draft: it gets its search row and appears on the public site.

    Returns False when it was already published (someone else was quicker).
    """
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.published_at is not None:
        return False
    letter.published_at = timezone.now()
    letter.save(update_fields=["published_at", "updated"])
    refresh_search_entry(letter)
    record_revision(letter, user, LetterRevision.Action.PUBLISH)
    return True


@transaction.atomic
def unpublish_letter(*, letter: Letter, user) -> bool:
    """Take a letter off the public site (back to draft); its search row goes."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.published_at is None:
        return False
    letter.published_at = None
    letter.save(update_fields=["published_at", "updated"])
    refresh_search_entry(letter)
    record_revision(letter, user, LetterRevision.Action.UNPUBLISH)
    return True
