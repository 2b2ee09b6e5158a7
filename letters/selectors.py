"""Reads for the pages: letters with everything a page shows, in a fixed number of queries."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
from collections.abc import Sequence

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, JSONObject, Left
from django.shortcuts import get_object_or_404
from django.urls import reverse

from letters import search
from letters.models import (
    Annex,
    Citation,
    Letter,
    LetterSymbol,
    SearchEntry,
    Session,
    Signature,
    State,
)

PER_PAGE = 20


@dataclasses.dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclasses.dataclass
class ResultRow:
    """What a result row shows (letters/_result.html), read in one query for a page."""

    pk: int
    title: str
    letter_date: datetime.date | None
    session: Link | None
    symbols: list[str]
    senders: list[Link]
    signatories: list[Link]
    annexes: int
    opening: str  # the start of the body, shown when there is no snippet
    snippet: str = ""

    def get_absolute_url(self) -> str:
        return reverse("letters:detail", args=[self.pk])


OPENING_CHARACTERS = 600


def result_rows(letter_ids: Sequence[int]) -> list[ResultRow]:
    """Result rows for ``letter_ids``, in that order: one query, the parts as arrays.

    Prefetching the same parts took five queries and built a model instance for each
    symbol, State and signature: most of a search page's Python time.
    """
    letters = (
        Letter.objects.filter(pk__in=letter_ids)
        .annotate(
            opening=Left("body", OPENING_CHARACTERS),
            symbol_list=ArraySubquery(
                LetterSymbol.objects.filter(letter=OuterRef("pk"))
                .order_by("position")
                .values("symbol")
            ),
            sender_list=ArraySubquery(
                State.objects.filter(letters=OuterRef("pk"))
                .order_by("name")
                .values(pair=JSONObject(name="name", slug="slug"))
            ),
            signatory_list=ArraySubquery(
                Signature.objects.filter(letter=OuterRef("pk"), annex=None)
                .order_by("position")
                .values(pair=JSONObject(pk="person_id", name="person__name"))
            ),
            annex_count=Coalesce(
                Subquery(
                    Annex.objects.filter(letter=OuterRef("pk"))
                    .values("letter")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
        )
        .values_list(
            "pk",
            "title",
            "letter_date",
            "session_id",
            "opening",
            "symbol_list",
            "sender_list",
            "signatory_list",
            "annex_count",
        )
    )
    rows = {}
    for pk, title, date, session, opening, symbols, senders, signatories, annexes in letters:
        rows[pk] = ResultRow(
            pk=pk,
            title=title,
            letter_date=date,
            session=Link(str(Session(number=session)), reverse("letters:session", args=[session]))
            if session
            else None,
            symbols=symbols,
            senders=[Link(s["name"], reverse("letters:state", args=[s["slug"]])) for s in senders],
            signatories=[
                Link(s["name"], reverse("letters:person", args=[s["pk"]])) for s in signatories
            ],
            annexes=annexes,
            opening=opening,
        )
    return [rows[pk] for pk in letter_ids if pk in rows]


class CountedPaginator(Paginator):
    """A paginator told its count (search.counts has it already) instead of asking."""

    def __init__(self, *args, count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def page_of_letters(
    entries: QuerySet,
    page_number,
    *,
    per_page: int = PER_PAGE,
    count: int | None = None,
    through_bitmaps: bool = False,
) -> Page:
    """A page of ``entries`` (SearchEntry rows, already ordered) as result rows;
    ``through_bitmaps`` reads them with bitmap scans only (search.results_through_bitmaps)."""
    ids = entries.values_list("letter_id", flat=True)
    if count is None:
        paginator = Paginator(ids, per_page)
    else:
        paginator = CountedPaginator(ids, per_page, count=count)
    page = paginator.get_page(page_number)
    with search.bitmap_scans_only() if through_bitmaps else contextlib.nullcontext():
        letter_ids = list(page.object_list)
    page.object_list = result_rows(letter_ids)
    return page


def public_entries() -> QuerySet:
    # SearchEntry rows exist only for published letters (services.refresh_search_entry).
    return SearchEntry.objects.public()


def newest_first(entries: QuerySet) -> QuerySet:
    from django.db.models import F

    return entries.order_by(F("letter_date").desc(nulls_last=True), "-letter_id")


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
