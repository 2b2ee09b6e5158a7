"""Reads for the pages: letters with everything a page shows, in a fixed number of queries."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from letters.models import Annex, Citation, Letter, SearchEntry, Signature

PER_PAGE = 20


def with_summary(letters: QuerySet) -> QuerySet:
    """What a result row shows (letters/_result.html): symbols, session, senders,
    signatories and the number of annexes."""
    return letters.select_related("session").prefetch_related(
        "symbols",
        "senders",
        Prefetch(
            "signatures",
            queryset=Signature.objects.filter(annex=None).select_related("person"),
            to_attr="letter_signatures",
        ),
        Prefetch("annexes", queryset=Annex.objects.only("pk", "letter_id", "position", "label")),
    )


class CountedPaginator(Paginator):
    """A paginator told its count (search.counts has it already) instead of asking."""

    def __init__(self, *args, count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def page_of_letters(
    entries: QuerySet, page_number, *, per_page: int = PER_PAGE, count: int | None = None
) -> Page:
    """A page of ``entries`` (SearchEntry rows, already ordered) with their letters loaded.

    The page's ``object_list`` becomes the letters, in the entries' order.
    """
    ids = entries.values_list("letter_id", flat=True)
    if count is None:
        paginator = Paginator(ids, per_page)
    else:
        paginator = CountedPaginator(ids, per_page, count=count)
    page = paginator.get_page(page_number)
    ids = list(page.object_list)
    letters = {letter.pk: letter for letter in with_summary(Letter.objects.filter(pk__in=ids))}
    page.object_list = [letters[pk] for pk in ids if pk in letters]
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
    return with_summary(
        Letter.objects.public()
        .filter(citations__document__letter=letter)
        .exclude(pk=letter.pk)
        .distinct()
        .order_by("-letter_date", "-pk")
    )
