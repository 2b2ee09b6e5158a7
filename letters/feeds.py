"""Atom feeds of letters (Django's syndication framework).

``LetterFeed`` turns any list of letter ids into a feed, in the order given;
``NewLettersFeed`` is the newest published letters. Entry texts are plain text
escaped once more, because Atom's ``summary type="html"`` is read as markup.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef
from django.db.models.functions import Left
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from letters import selectors
from letters.citing import SYMBOL_JOINER
from letters.models import Letter, LetterSymbol
from letters.oai import xml_text

# A feed holds the newest FEED_SIZE letters; readers poll it, so it stays one small read.
FEED_SIZE = 50
SUMMARY_CHARACTERS = 500


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    pk: int
    title: str
    symbols: tuple[str, ...]
    letter_date: datetime.date | None
    published_at: datetime.datetime | None
    updated: datetime.datetime
    opening: str

    def get_absolute_url(self) -> str:
        return reverse("letters:detail", args=[self.pk])


def feed_entries(letter_ids: Sequence[int]) -> list[FeedEntry]:
    """Feed entries of the published letters among ``letter_ids``, in that order: one query."""
    rows = (
        Letter.objects.public()
        .filter(pk__in=letter_ids)
        .annotate(
            opening=Left("body", SUMMARY_CHARACTERS),
            symbol_list=ArraySubquery(
                LetterSymbol.objects.filter(letter=OuterRef("pk"))
                .order_by("position")
                .values("symbol")
            ),
        )
        .values_list(
            "pk", "title", "symbol_list", "letter_date", "published_at", "updated", "opening"
        )
    )
    entries = {row[0]: FeedEntry(row[0], row[1], tuple(row[2]), *row[3:]) for row in rows}
    return [entries[pk] for pk in letter_ids if pk in entries]


class LetterFeed(Feed):
    """An Atom feed of the letters ``letter_ids(obj)`` names (at most FEED_SIZE)."""

    feed_type = Atom1Feed
    title = "UN Letters Archive"
    link = "/"
    subtitle = "Letters circulated as documents of the UN General Assembly and Security Council."

    def letter_ids(self, obj) -> Sequence[int]:
        raise NotImplementedError

    def items(self, obj) -> list[FeedEntry]:
        return feed_entries(list(self.letter_ids(obj))[:FEED_SIZE])

    def item_title(self, item: FeedEntry) -> str:
        return xml_text(item.title)

    def item_description(self, item: FeedEntry) -> str:
        parts = []
        if item.symbols:
            parts.append(SYMBOL_JOINER.join(item.symbols))
        if item.letter_date:
            parts.append(f"dated {item.letter_date.day} {item.letter_date:%B %Y}")
        opening = " ".join(item.opening.split())
        if len(item.opening) >= SUMMARY_CHARACTERS:
            opening = opening.rsplit(" ", 1)[0] + " …"
        text = " · ".join(parts)
        text = f"{text}. {opening}" if text else opening
        # Escaped here, escaped again by the XML writer: a reader unescapes once and
        # shows the letter's own "<" as text, never as markup.
        return escape(xml_text(text))

    def item_pubdate(self, item: FeedEntry) -> datetime.datetime | None:
        return item.published_at

    def item_updateddate(self, item: FeedEntry) -> datetime.datetime:
        return item.updated


class NewLettersFeed(LetterFeed):
    title = "UN Letters Archive: newly published letters"
    description = "The newest letters published in the archive."

    def letter_ids(self, obj) -> Sequence[int]:
        return list(
            Letter.objects.public()
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)[:FEED_SIZE]
        )


class SearchFeed(LetterFeed):
    """The newest letters of any search: its parameters are the search page's."""

    description = "The newest letters matching a search in the archive."

    def get_object(self, request):
        return request.GET

    def title(self, params) -> str:
        text = params.get("q", "").strip()
        return f"UN Letters Archive: {text}" if text else "UN Letters Archive: a search"

    def link(self, params) -> str:
        return reverse("letters:search") + (f"?{params.urlencode()}" if params else "")

    def letter_ids(self, params) -> Sequence[int]:
        entries = selectors.search_matches(params, sort="newest")
        return list(entries.values_list("letter_id", flat=True)[:FEED_SIZE])
