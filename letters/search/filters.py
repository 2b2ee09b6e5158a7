"""The archive's one FilterSet, over ``SearchEntry`` (one narrow row per published letter).

Its facet filters are made from the facet registry (``letters.search.facets``); the filters
declared here are the ones that are not facets: the search text, the date range and
the order. Every filter reads a column of the search row, so none needs a join
(DESIGN.md §5). Parameter names are the archive's public interface.
"""

from __future__ import annotations

import copy
import functools

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from letters.models import SearchEntry
from letters.search import query
from letters.search.facets import FACETS, selection_q

SORTS = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]


def _facet_filters() -> dict[str, django_filters.Filter]:
    return {facet.name: facet.filter() for facet in FACETS}


class _Filters(dict):
    """The filters by name, copied for each FilterSet one level deep: django-filter
    deep-copies them for every search, down to their querysets and fields (a third of
    binding one), when each search only sets its own filters' ``parent`` and ``model``."""

    def __deepcopy__(self, memo) -> dict:
        return {name: _own_copy(filter_) for name, filter_ in self.items()}


def _own_copy(filter_: django_filters.Filter) -> django_filters.Filter:
    copied = copy.copy(filter_)
    if copied.method is not None:
        copied.method = copied.method  # its method is looked up on the copy's parent
    return copied


class LetterFilterSet(django_filters.FilterSet):
    """The search's parameters over search rows: the text, the date range and the sort
    declared here, and one filter per facet of the registry (``get_filters``)."""

    q = django_filters.CharFilter(method="filter_text", label="Search")
    date_from = django_filters.DateFilter(field_name="letter_date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="letter_date", lookup_expr="lte", label="To")
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="filter_noop", empty_label=None, label="Sort by"
    )
    # Filters that narrow the results without being facets: shown as chips, and they
    # make a search "filtered" (query.results_through_bitmaps).
    RANGE_FILTERS = ("date_from", "date_to")

    class Meta:
        """Over ``SearchEntry``; no filter is generated from its fields."""

        model = SearchEntry
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Blank parameters (an empty search box, "Any") are dropped before binding.
        if data is not None:
            data = data.copy()
            for key in list(data):
                values = [v for v in data.getlist(key) if v.strip()]
                if values:
                    data.setlist(key, values)
                else:
                    del data[key]
        super().__init__(data, *args, **kwargs)

    @classmethod
    def get_filters(cls):
        """The declared filters and one filter per facet of the registry."""
        return _Filters({**super().get_filters(), **_facet_filters()})

    def get_form_class(self) -> type[forms.Form]:
        """The form of the filters' fields, made once per process: django-filter makes a
        form class, and a field per filter, for every search (a third of binding one),
        and these fields depend on nothing of a request."""
        return _form_class(type(self))

    @cached_property
    def bounded_text(self) -> query.BoundedText:
        """The search text, cut to the bounds of ``query.bounded_text``."""
        text = (self.form.cleaned_data.get("q") or "").strip() if self.is_valid() else ""
        return query.bounded_text(text)

    @cached_property
    def text_match(self) -> query.TextMatch | None:
        """The search text's look-ups (symbols, names), made once for results and facets."""
        text = self.bounded_text.text
        return query.TextMatch.build(text) if text else None

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The rows the search text matches (``TextMatch.condition``)."""
        return queryset.filter(self.text_match.condition()) if self.text_match else queryset

    def filter_noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """The rows unchanged: ``sort`` orders, it does not filter."""
        return queryset  # ordering is applied by query.order_results

    def base_queryset(self) -> QuerySet:
        """The results under the filters that are not facets (text, date range): the set
        every facet is counted on (letters.search.counting)."""
        queryset = self.queryset
        for name in ("q", *self.RANGE_FILTERS):
            value = self.form.cleaned_data.get(name)
            if value not in (None, ""):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def without_text(self) -> QuerySet:
        """The rows under every filter but the search text (dates and facets)."""
        queryset = self.queryset
        for name in self.RANGE_FILTERS:
            value = self.form.cleaned_data.get(name)
            if value is not None:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.filter(selection_q(self.selection()))

    def selection(self) -> dict[str, list]:
        """The selected values of each active facet, as the search row stores them."""
        return dict(self._selection)

    @cached_property
    def _selection(self) -> dict[str, list]:
        selection = {}
        for facet in FACETS:
            values = facet.values.stored(self.form.cleaned_data.get(facet.name))
            if values:
                selection[facet.name] = values
        return selection

    def ranges(self) -> dict[str, object]:
        """The active range filters and their values."""
        data = self.form.cleaned_data
        return {name: data[name] for name in self.RANGE_FILTERS if data.get(name) is not None}

    @property
    def filtered(self) -> bool:
        """Whether any filter besides the search text is active."""
        return bool(self.selection() or self.ranges())

    @property
    def browsing_only(self) -> bool:
        """Whether only facets are active (no words, no dates): counts can be cached."""
        return not (self.text_match or self.ranges())


@functools.cache
def _form_class(filterset: type[LetterFilterSet]) -> type[forms.Form]:
    fields = {name: filter_.field for name, filter_ in filterset.base_filters.items()}
    return type(f"{filterset.__name__}Form", (filterset._meta.form,), fields)


def counts_afresh(request: HttpRequest) -> bool:
    """Whether the search a request asks for counts its matches afresh, never from the
    cache: it has words or dates (DESIGN.md §5). Such a search is a heavy request
    (archive.limits); read from the raw parameters, before any binding."""
    return any(request.GET.get(name, "").strip() for name in ("q", *LetterFilterSet.RANGE_FILTERS))
