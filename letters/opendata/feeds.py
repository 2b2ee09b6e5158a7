"""Atom feeds of letters (Django's syndication framework).

``LetterFeed`` turns any list of letter ids into a feed, in the order given;
``NewLettersFeed`` is the newest published letters, ``SearchFeed`` the newest matches of
a search. Entry texts are plain text escaped once more, because Atom's
``summary type="html"`` is read as markup.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from letters.browse import exchanges
from letters.models import Letter
from letters.opendata.citing import SYMBOL_JOINER
from letters.opendata.oai import xml_text
from letters.search.pipeline import search_matches

# A feed holds the newest FEED_SIZE letters; readers poll it, so it stays one small read.
FEED_SIZE = 50
SUMMARY_CHARACTERS = 500


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    """What a feed entry shows of a letter (``feed_entries``)."""

    pk: int
    title: str
    symbols: tuple[str, ...]
    letter_date: datetime.date | None
    published_at: datetime.datetime | None
    updated: datetime.datetime
    opening: str

    def get_absolute_url(self) -> str:
        """The letter's page: the entry's link."""
        return reverse("letters:detail", args=[self.pk])


def feed_entries(letter_ids: Sequence[int]) -> list[FeedEntry]:
    """Feed entries of the published letters among ``letter_ids``, in that order: one query."""
    rows = (
        Letter.objects.public()
        .filter(pk__in=letter_ids)
        .with_parts("symbol", opening=SUMMARY_CHARACTERS)
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
        """The ids of the feed's letters, in the feed's order: each feed says which."""
        raise NotImplementedError

    def items(self, obj) -> list[FeedEntry]:
        """The entries of the first FEED_SIZE of ``letter_ids(obj)``, read in one query."""
        return feed_entries(list(self.letter_ids(obj))[:FEED_SIZE])

    def item_title(self, item: FeedEntry) -> str:
        """The letter's title, without the characters XML cannot carry."""
        return xml_text(item.title)

    def item_description(self, item: FeedEntry) -> str:
        """The summary: the symbols, the date and the body's opening (cut at a word),
        escaped for Atom's ``type="html"``."""
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
        """When the letter was published."""
        return item.published_at

    def item_updateddate(self, item: FeedEntry) -> datetime.datetime:
        """When the letter was last changed."""
        return item.updated


class NewLettersFeed(LetterFeed):
    """The most recently published letters, newest first."""

    title = "UN Letters Archive: newly published letters"
    description = "The newest letters published in the archive."

    def letter_ids(self, obj) -> Sequence[int]:
        """The FEED_SIZE latest published letters (one query)."""
        return list(
            Letter.objects.public()
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)[:FEED_SIZE]
        )


class SearchFeed(LetterFeed):
    """The newest letters of any search: its parameters are the search page's."""

    description = "The newest letters matching a search in the archive."

    def get_object(self, request):
        """The request's query parameters: the search."""
        return request.GET

    def title(self, params) -> str:
        """The feed's title, with the search text when there is one (without the
        characters XML cannot carry: the visitor typed it)."""
        text = xml_text(params.get("q", "")).strip()
        return f"UN Letters Archive: {text}" if text else "UN Letters Archive: a search"

    def link(self, params) -> str:
        """The search page with these parameters."""
        return reverse("letters:search") + (f"?{params.urlencode()}" if params else "")

    def letter_ids(self, params) -> Sequence[int]:
        """The search's FEED_SIZE newest matches; raises InvalidSearch."""
        entries = search_matches(params, sort="newest")
        return list(entries.values_list("letter_id", flat=True)[:FEED_SIZE])


class ThreadFeed(LetterFeed):
    """The letters of one thread (letters linked by replies), newest first: a reader
    following it sees each reply as it is published."""

    description = "The letters of an exchange of replies in the archive."

    def get_object(self, request, pk: int) -> exchanges.Thread:
        """The thread of letter ``pk``; 404 when no reply links it to another letter."""
        return exchanges.thread_of(pk)

    def title(self, thread: exchanges.Thread) -> str:
        sides = " ↔ ".join(side.name for side in thread.sides)
        return f"UN Letters Archive: exchange between {sides}"

    def link(self, thread: exchanges.Thread) -> str:
        return thread.get_absolute_url()

    def letter_ids(self, thread: exchanges.Thread) -> Sequence[int]:
        """The thread's letters, newest first."""
        return exchanges.thread_letter_ids(thread)


class ExchangeFeed(LetterFeed):
    """The letters two States exchanged (on one agenda topic or all), newest first."""

    description = "The letters two States wrote in answer to each other."

    def get_object(self, request, first: str, second: str, topic: str | None = None):
        """The exchange the address names (States in either order)."""
        return exchanges.exchange(*exchanges.subjects(first, second, topic))

    def title(self, exchange: exchanges.Exchange) -> str:
        a, b = exchange.states
        on = f" on {exchange.topic.title}" if exchange.topic else ""
        return f"UN Letters Archive: {a.name} ↔ {b.name}{on}"

    def link(self, exchange: exchanges.Exchange) -> str:
        return exchanges.exchange_url(*exchange.states, exchange.topic)

    def letter_ids(self, exchange: exchanges.Exchange) -> Sequence[int]:
        """The exchange's letters, newest first."""
        newest = sorted(
            exchange.letters, key=lambda b: (b.letter_date is not None, b.letter_date, b.pk)
        )
        return [letter.pk for letter in reversed(newest)]
