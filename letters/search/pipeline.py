"""The search pipeline (DESIGN.md §9): the public parameters in, a ``SearchPage`` out.

``search_page`` is the one search: the HTML page renders it, the JSON API serialises
it, the benchmark calls it. ``search_matches`` gives every match of the same search,
in the page's order, for the exports and the feeds. Both bind the parameters with the
one FilterSet (``letters.search.filters``) and raise ``InvalidSearch`` for parameters
that cannot be used.
"""

from __future__ import annotations

import dataclasses
import functools

from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import QueryDict

from letters.models import Letter
from letters.search import counting, query, ranking
from letters.search.cache import cached
from letters.search.facets import FACETS
from letters.search.filters import LetterFilterSet
from letters.search.results import PER_PAGE, KnownStretch, page_of_letters, public_entries
from letters.search.sidebar import Chip, FacetGroup, facets_and_chips

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
    # Too many letters match to rank them all: this many (the top letters of the search's
    # words that match it) are ranked first, the others follow newest first.
    ranked_first: int
    facets: list[FacetGroup]
    chips: list[Chip]
    named_letter: Letter | None  # the letter the search text names by its symbol

    @property
    def total(self) -> int:
        """How many letters match (exact, or scaled from a sample: ``counts``)."""
        return self.counts.total

    @property
    def ranked(self) -> bool:
        """Whether the results are in relevance order: asked for, with a search text, and
        all ranked or the first ``ranked_first`` of them."""
        return self.sort == "relevance" and bool(self.text) and not self.unranked

    @functools.cached_property  # the page links each export format and the feed with it
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


def search_page(
    params: QueryDict, *, page_number=None, per_page: int = PER_PAGE, from_cache: bool = True
) -> SearchPage:
    """Search with the public parameters (README "Using the archive"): the page of
    results, the total and facet counts (exact or sampled), the chips and the letter a
    symbol names. Raises InvalidSearch for parameters that cannot be used.

    A page is computed once per publication: it is kept in the cache for
    ``LETTERS_SEARCH_CACHE_SECONDS`` under the parameters and the publication version
    (letters.search.cache), so a crawler or a popular search costs one computation.
    ``from_cache=False`` computes it without the cache (the HTML page caches what it renders).
    """
    seconds = settings.LETTERS_SEARCH_CACHE_SECONDS
    if not (seconds and from_cache):
        return _search_page(params, page_number=page_number, per_page=per_page)
    parts = (sorted(params.lists()), str(page_number), per_page)
    compute = lambda: _search_page(params, page_number=page_number, per_page=per_page)  # noqa: E731
    return cached("search-page", parts, compute, seconds)


def _search_page(params: QueryDict, *, page_number, per_page: int) -> SearchPage:
    filterset = bind_search(params)
    match = filterset.text_match
    sort = _sort(filterset)
    selection = filterset.selection()
    relevance = sort == "relevance" and match is not None
    if filterset.browsing_only:
        counts = counting.browse_counts(filterset.base_queryset(), selection)
    else:
        # A page of the relevance order is read with the counts when every match is
        # counted: ranking, like a phrase's check, reads every match's vector.
        window = None
        if relevance:
            offset = (_page_asked(page_number) - 1) * per_page
            window = counting.Window(query.relevance_keys(match), offset, per_page)
        counts = counting.counts(
            filterset.base_queryset(),
            selection,
            text=match is not None,
            window=window,
            rows_checked=match is not None and match.checks_positions,
        )
    entries = query.order_results(filterset.qs, match=match, sort=sort)
    ranked_first = 0
    if relevance and counts.total > query.RANK_LIMIT:
        # Ranking reads every matching vector: above RANK_LIMIT matches, the search is
        # ranked among its words' top letters, the other matches after them newest first.
        ranked = ranking.ranked_candidates(filterset, match)
        entries = ranking.RankedFirst(ranked, filterset.qs, counts.total)
        ranked_first = len(ranked)
    elif relevance and counts.window_ids is not None:
        entries = KnownStretch(counts.window_ids, window.offset, entries, counts.total)
    unranked = isinstance(entries, ranking.RankedFirst) and not ranked_first
    through_bitmaps = query.results_through_bitmaps(
        counts.total, text=match is not None, filtered=filterset.filtered
    )
    page = page_of_letters(
        entries,
        page_number,
        per_page=per_page,
        count=counts.total,
        through_bitmaps=through_bitmaps,
        match=match,
    )
    text = match.text if match else ""
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
        ranked_first=ranked_first,
        facets=facets,
        chips=chips,
        named_letter=_named_letter(match),
    )


# No search has this many pages: a page number past it is read as page 1 here, and the
# paginator settles on the last page (its offset must stay a bigint in the statement).
MAX_PAGE_ASKED = 1_000_000


def _page_asked(page_number) -> int:
    """The page number asked for, as the paginator reads it; 1 for anything else (the
    paginator then reads the page it settles on: ``KnownStretch``)."""
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE_ASKED else 1


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
        ranked = filterset.qs[: query.RANK_LIMIT + 1].count() <= query.RANK_LIMIT
        match = match if ranked else None
    return query.order_results(filterset.qs, match=match, sort=sort)


def _named_letter(match: query.TextMatch | None) -> Letter | None:
    """The published letter the search text's symbol names (already looked up)."""
    if match is None or not match.named_letter_ids:
        return None
    return Letter.objects.public().filter(pk__in=match.named_letter_ids).order_by("pk").first()
