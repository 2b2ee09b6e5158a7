"""The archive's one FilterSet: it drives the search page, the browse pages and the JSON API.

Every filter works on ``SearchEntry`` (one narrow row per published letter), so
filters and facet counts need no joins (DESIGN.md §5). Parameter names are the
archive's public interface (issue 3).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from letters import search
from letters.models import AgendaTopic, CitedDocument, Letter, Person, SearchEntry, Session, State

SORTS = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]


class TopicChoiceField(forms.ModelMultipleChoiceField):
    """An agenda topic by id or by slug: `agenda=7` and `agenda=culture-of-peace` both work."""

    def _check_values(self, value):
        keys = [str(v) for v in value]
        found = self.queryset.filter(
            Q(slug__in=keys) | Q(pk__in=[int(k) for k in keys if k.isdigit()])
        )
        by_key = {}
        for topic in found:
            by_key[topic.slug] = by_key[str(topic.pk)] = topic
        missing = [k for k in keys if k not in by_key]
        if missing:
            raise forms.ValidationError(f"Unknown agenda topic: {', '.join(missing)}.")
        return list(dict.fromkeys(by_key[k] for k in keys))


class TopicFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = TopicChoiceField


class IntListField(forms.TypedMultipleChoiceField):
    """Repeated integer parameters (`year=2020&year=2021`) without a fixed list of choices."""

    def __init__(self, *args, **kwargs):
        kwargs["coerce"] = int
        super().__init__(*args, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and len(str(value)) <= 4


class IntListFilter(django_filters.MultipleChoiceFilter):
    field_class = IntListField


def _overlap(field: str):
    def method(queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(**{f"{field}__overlap": [obj.pk for obj in value]})

    return method


class LetterFilterSet(django_filters.FilterSet):
    # Every filter reads a column of the one search row per letter, so none can repeat a
    # letter: the multiple-choice filters' default DISTINCT would only force a sort of
    # every match before the first page (tens of thousands of rows for a session at 1M).
    q = django_filters.CharFilter(method="filter_text", label="Search")
    session = django_filters.ModelMultipleChoiceFilter(
        queryset=Session.objects.all(),
        to_field_name="number",
        field_name="session_number",
        distinct=False,
        label="GA session",
    )
    agenda = TopicFilter(
        queryset=AgendaTopic.objects.all(), method=_overlap("topic_ids"), label="Agenda topic"
    )
    sc_year = IntListFilter(field_name="sc_year", distinct=False, label="Security Council year")
    year = IntListFilter(field_name="year", distinct=False, label="Year")
    date_from = django_filters.DateFilter(field_name="letter_date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="letter_date", lookup_expr="lte", label="To")
    cited = django_filters.ModelMultipleChoiceFilter(
        queryset=CitedDocument.objects.all(),
        to_field_name="key",
        method=_overlap("cited_ids"),
        label="Cited document",
    )
    state = django_filters.ModelMultipleChoiceFilter(
        queryset=State.objects.all(),
        to_field_name="slug",
        method=_overlap("state_ids"),
        label="Sender State",
    )
    signatory = django_filters.ModelMultipleChoiceFilter(
        queryset=Person.objects.all(), method=_overlap("person_ids"), label="Signatory"
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=Letter.Kind.choices, distinct=False, label="Document kind"
    )
    has_annex = django_filters.BooleanFilter(
        label="Has annex",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="filter_noop", empty_label=None, label="Sort by"
    )

    class Meta:
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

    @cached_property
    def text_match(self) -> search.TextMatch | None:
        """The search text's look-ups (symbols, names), made once for results and facets."""
        text = (self.form.cleaned_data.get("q") or "").strip() if self.is_valid() else ""
        return search.TextMatch.build(text) if text else None

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(self.text_match.condition()) if self.text_match else queryset

    def filter_noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # ordering is applied by search.order_results

    def base_queryset(self) -> QuerySet:
        """The results under the filters that are not facets (text, date range): the set
        every facet is counted on (search.facet_counts)."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in FACET_NAMES:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def filtered(self) -> bool:
        """Whether any filter besides the search text is active."""
        data = self.form.cleaned_data
        return any(_active(value) for name, value in data.items() if name not in ("q", "sort"))

    @property
    def browsing_only(self) -> bool:
        """Whether only facets are active (no words, no dates): counts can be cached."""
        data = self.form.cleaned_data
        return not any(
            _active(value) for name, value in data.items() if name not in (*FACET_NAMES, "sort")
        )

    def facet_selection(self) -> dict[str, list]:
        """The selected values of each active facet, as the search row stores them."""
        selection = {}
        for name in FACET_NAMES:
            value = self.form.cleaned_data.get(name)
            if not _active(value):
                continue
            if name == "session":
                selection[name] = [session.number for session in value]
            elif name == "has_annex":
                selection[name] = [value]
            elif name in ("sc_year", "year", "kind"):
                selection[name] = list(value)
            else:
                selection[name] = [obj.pk for obj in value]
        return selection


def _active(value) -> bool:
    """Whether a cleaned filter value filters: False ("without annexes") does, an empty
    choice (None, "", an empty list or queryset) does not."""
    return isinstance(value, bool) or (value not in (None, "") and bool(value))


# The filters that are facets: each is counted under all the others.
FACET_NAMES = (
    "session",
    "agenda",
    "sc_year",
    "year",
    "cited",
    "state",
    "signatory",
    "kind",
    "has_annex",
)
