"""Reads for the pages: the search pipeline, the browse pages and the letter page, each
in a fixed number of queries.

``search_page`` is the one search (DESIGN.md §9): parameters in, a ``SearchPage`` out.
The HTML view renders it; every other face of the search calls it too.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
from collections.abc import Sequence

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, JSONObject, Left
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse

from letters import counting, search
from letters.facets import FACETS, FACETS_BY_NAME, selection_q
from letters.filters import LetterFilterSet
from letters.models import (
    AgendaItem,
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterSymbol,
    LetterVersion,
    Person,
    SearchEntry,
    Session,
    Signature,
    State,
    public_letter_q,
)
from letters.sidebar import Chip, FacetGroup, facets_and_chips

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
    # SearchEntry rows exist only for published letters (letters.ingest).
    return SearchEntry.objects.public()


def newest_first(entries: QuerySet) -> QuerySet:
    return entries.order_by(F("letter_date").desc(nulls_last=True), "-letter_id")


# --- The search pipeline ---------------------------------------------------------------


class InvalidSearch(ValueError):
    """Parameters that cannot be used; ``errors`` maps each parameter to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid search parameters")
        self.errors = errors


@dataclasses.dataclass(frozen=True)
class SearchPage:
    """One page of a search: what the HTML page shows and the API serialises."""

    params: QueryDict  # the parameters bound (blank ones dropped)
    text: str  # the search text searched
    cut: str  # what was cut from a search text over the bounds ("" if nothing)
    sort: str
    page: Page  # of ResultRow
    counts: counting.Counts
    unranked: bool  # relevance was asked for, but too many letters match to rank them
    facets: list[FacetGroup]
    chips: list[Chip]
    named_letter: Letter | None  # the letter the search text names by its symbol

    @property
    def total(self) -> int:
        return self.counts.total

    @property
    def ranked(self) -> bool:
        return self.sort == "relevance" and bool(self.text) and not self.unranked

    @property
    def export_query(self) -> str:
        """The query string of every match of this search (no page): for its exports
        and its feed."""
        params = self.params.copy()
        params.pop("page", None)
        return params.urlencode()

    @property
    def hidden_params(self) -> list[tuple[str, str]]:
        """The facet values a new search text keeps (the search form's hidden inputs)."""
        return [(facet.name, v) for facet in FACETS for v in self.params.getlist(facet.name)]


def bind_search(params: QueryDict) -> LetterFilterSet:
    """The FilterSet bound to ``params`` over the public search rows; raises InvalidSearch."""
    filterset = LetterFilterSet(params, queryset=public_entries())
    if not filterset.is_valid():
        raise InvalidSearch({name: list(messages) for name, messages in filterset.errors.items()})
    return filterset


def search_page(params: QueryDict, *, page_number=None, per_page: int = PER_PAGE) -> SearchPage:
    """Search with the public parameters (README "Using the archive"): the page of
    results, the total and facet counts (exact or sampled), the chips and the letter a
    symbol names. Raises InvalidSearch for parameters that cannot be used."""
    filterset = bind_search(params)
    match = filterset.text_match
    sort = _sort(filterset)
    selection = filterset.selection()
    if filterset.browsing_only:
        counts = counting.browse_counts(filterset.base_queryset(), selection)
    else:
        counts = counting.counts(filterset.base_queryset(), selection, text=match is not None)
    # Ranking reads every matching vector: above RANK_LIMIT matches, newest first.
    unranked = sort == "relevance" and match is not None and counts.total > search.RANK_LIMIT
    entries = search.order_results(filterset.qs, match=None if unranked else match, sort=sort)
    through_bitmaps = search.results_through_bitmaps(
        counts.total, text=match is not None, filtered=filterset.filtered
    )
    page = page_of_letters(
        entries, page_number, per_page=per_page, count=counts.total, through_bitmaps=through_bitmaps
    )
    text = match.text if match else ""
    snippets = search.highlighted_snippets([row.pk for row in page], match)
    for row in page:
        row.snippet = snippets.get(row.pk, "")
    range_labels = {name: filterset.filters[name].label for name in filterset.RANGE_FILTERS}
    facets, chips = facets_and_chips(
        counts, filterset.data, selection, filterset.ranges(), range_labels
    )
    return SearchPage(
        params=filterset.data,
        text=text,
        cut=filterset.bounded_text.cut,
        sort=sort,
        page=page,
        counts=counts,
        unranked=unranked,
        facets=facets,
        chips=chips,
        named_letter=_named_letter(match),
    )


def _sort(filterset: LetterFilterSet) -> str:
    """The order asked for; relevance for a text search, newest first otherwise."""
    default = "relevance" if filterset.text_match else "newest"
    return filterset.form.cleaned_data.get("sort") or default


def search_matches(params: QueryDict, *, sort: str | None = None) -> QuerySet:
    """Every search row a search matches, in its page's order (``sort`` overrides it),
    for the exports and feeds of a search. Raises InvalidSearch."""
    filterset = bind_search(params)
    match = filterset.text_match
    sort = sort or _sort(filterset)
    if sort == "relevance" and match is not None:
        # As on the page: more matches than RANK_LIMIT are not ranked (a bounded count).
        ranked = filterset.qs[: search.RANK_LIMIT + 1].count() <= search.RANK_LIMIT
        match = match if ranked else None
    return search.order_results(filterset.qs, match=match, sort=sort)


def _named_letter(match: search.TextMatch | None) -> Letter | None:
    """The published letter the search text's symbol names (already looked up)."""
    if match is None or not match.named_letter_ids:
        return None
    return Letter.objects.public().filter(pk__in=match.named_letter_ids).order_by("pk").first()


# --- Browse pages ----------------------------------------------------------------------


def letters_with(facet_name: str, value, page_number) -> Page:
    """The published letters with one value of a facet (a session, a topic, a cited
    document, a State), newest first.

    A State's, a topic's or a cited document's letters cluster in time and are found
    through array indexes: they are read through the bitmaps and sorted, rather than by
    walking every newer letter; a facet with its own date-ordered index walks that."""
    facet = FACETS_BY_NAME[facet_name]
    entries = public_entries().filter(selection_q({facet_name: [value]}))
    return page_of_letters(
        newest_first(entries), page_number, through_bitmaps=not facet.date_ordered_index
    )


def sessions_with_letters() -> QuerySet:
    # An aggregate drops the model's default order: it is given again.
    return (
        Session.objects.annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
        .order_by("-number")
    )


def session_items(session: Session) -> QuerySet:
    """The session's agenda items that have published letters, with their topics."""
    return (
        AgendaItem.objects.filter(session=session)
        .select_related("topic")
        .annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
    )


def topics_with_letters() -> QuerySet:
    return (
        AgendaTopic.objects.annotate(
            letter_count=Count(
                "items__letters", filter=public_letter_q("items__letters__"), distinct=True
            )
        )
        .filter(letter_count__gt=0)
        .prefetch_related("items")
    )


def topic_items(topic: AgendaTopic) -> QuerySet:
    """The topic's item in each session, latest first, with its published letters."""
    return (
        topic.items.select_related("session")
        .order_by("-session_id")
        .annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
    )


def cited_documents_with_letters() -> QuerySet:
    return (
        CitedDocument.objects.select_related("letter")
        .annotate(
            letter_count=Count(
                "citations__letter", filter=public_letter_q("citations__letter__"), distinct=True
            )
        )
        .filter(letter_count__gt=0)
        .order_by("-letter_count", "key")
    )


def published_letter(pk: int | None) -> Letter | None:
    return Letter.objects.public().filter(pk=pk).first() if pk else None


def states_with_letters() -> QuerySet:
    return (
        State.objects.annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
        .order_by("name")
    )


def person_signatures(person: Person) -> QuerySet:
    """Every published signature of ``person``, newest letter first: only what a line
    shows is read (not the letters' texts)."""
    return (
        person.signatures.filter(public_letter_q("letter__"))
        .select_related("letter", "annex")
        .only(
            "person",  # set on each row by the related manager
            "title",
            "organization",
            "letter__title",
            "letter__letter_date",
            "annex__position",
            "annex__label",
        )
        .order_by("-letter__letter_date", "-letter_id")
    )


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
            Prefetch("versions", queryset=LetterVersion.objects.only("letter", "language")),
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


def letter_version(pk: int, language: str) -> LetterVersion:
    """A published letter's version in ``language``, with its letter and its symbols."""
    queryset = LetterVersion.objects.filter(letter__in=Letter.objects.public()).select_related(
        "letter", "source"
    )
    version = get_object_or_404(queryset, letter_id=pk, language=language)
    # The language list links every version: read them once, with the letter's symbols.
    version.letter = (
        Letter.objects.prefetch_related(
            "symbols",
            Prefetch("versions", queryset=LetterVersion.objects.only("letter", "language")),
        )
        .defer("body")
        .get(pk=pk)
    )
    return version


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
