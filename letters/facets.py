"""The facet registry: each facet of the search page declared once (DESIGN.md §9).

A ``Facet`` says everything the archive needs to know about one facet: its public URL
parameter, its heading, the column of the search row it reads (scalar or array of
ids), how a URL value is checked and turned into what the column stores, how a
stored value is labelled, and how the sidebar orders its values. The FilterSet
(``letters.filters``), the counting statement (``letters.counting``), the sidebar and
the chips (``letters.sidebar``) are all derived from ``FACETS``; adding a facet is one
entry here plus the migration that gives the search row its column.

Facets are counted under every active filter but their own (DESIGN.md §5), so
selecting several values of one facet means OR and different facets combine with AND.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

import django_filters
from django import forms
from django.db import connection, models
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from letters.models import (
    LANGUAGE_CHOICES,
    AgendaItem,
    AgendaTopic,
    CitedDocument,
    Letter,
    Person,
    Session,
    State,
    ordinal,
)

# A stored value (an id, a number, a kind, a boolean) -> (URL parameter, label).
Labels = dict[Any, tuple[str, str]]


def _column_filter(column: str, *, array: bool, stored: Callable[[Any], list]) -> Callable:
    """A FilterSet ``method`` testing the search row's ``column`` against the selection."""
    lookup = f"{column}__{'overlap' if array else 'in'}"

    def method(queryset: QuerySet, name: str, value) -> QuerySet:
        values = stored(value)
        return queryset.filter(**{lookup: values}) if values else queryset

    return method


# --- Kinds of values ----------------------------------------------------------------


class Values:
    """How one facet's values are checked, stored and labelled."""

    cast: ClassVar[str]  # PostgreSQL array type of the stored values

    def filter(self, facet: Facet) -> django_filters.Filter:
        raise NotImplementedError

    def stored(self, cleaned) -> list:
        """The column values a cleaned filter value selects (empty: no selection)."""
        raise NotImplementedError

    def parse(self, text: str):
        """A value as the counting statement returns it (text) -> the stored value."""
        raise NotImplementedError

    def labels(self, values: Iterable) -> Labels:
        """(URL parameter, label) of stored values that need no database read."""
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class Numbers(Values):
    """Small integers named by themselves in the URL (years, session numbers).

    With ``model``, a value must be a row of that table (keyed by the number)."""

    label: Callable[[int], str] = str
    model: type[models.Model] | None = None
    cast: ClassVar[str] = "integer[]"

    def filter(self, facet: Facet) -> django_filters.Filter:
        method = _column_filter(facet.column, array=facet.array, stored=self.stored)
        if self.model is not None:
            return django_filters.ModelMultipleChoiceFilter(
                queryset=self.model.objects.all(), method=method, label=facet.label
            )
        return _NumberListFilter(method=method, label=facet.label)

    def stored(self, cleaned) -> list:
        return [item.pk if isinstance(item, models.Model) else item for item in cleaned or ()]

    def parse(self, text: str) -> int:
        return int(text)

    def labels(self, values: Iterable) -> Labels:
        return {n: (str(n), self.label(n)) for n in values}


class _NumberListField(forms.TypedMultipleChoiceField):
    """Repeated integer parameters (`year=2020&year=2021`) without a fixed list of choices."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["coerce"] = int
        super().__init__(*args, **kwargs)

    def valid_value(self, value) -> bool:
        return str(value).isdigit() and len(str(value)) <= 4


class _NumberListFilter(django_filters.MultipleChoiceFilter):
    field_class = _NumberListField


@dataclasses.dataclass(frozen=True)
class Choices(Values):
    """A fixed set of named values (document kinds)."""

    choices: Sequence[tuple[str, str]] = ()
    cast: ClassVar[str] = "text[]"

    def filter(self, facet: Facet) -> django_filters.Filter:
        return django_filters.MultipleChoiceFilter(
            choices=self.choices,
            method=_column_filter(facet.column, array=facet.array, stored=self.stored),
            label=facet.label,
        )

    def stored(self, cleaned) -> list:
        return list(cleaned or ())

    def parse(self, text: str) -> str:
        return text

    def labels(self, values: Iterable) -> Labels:
        names = dict(self.choices)
        return {v: (v, names.get(v, v)) for v in values}


@dataclasses.dataclass(frozen=True)
class YesNo(Values):
    """A boolean column, one value at a time."""

    yes: str = "Yes"
    no: str = "No"
    cast: ClassVar[str] = "boolean[]"

    def filter(self, facet: Facet) -> django_filters.Filter:
        return django_filters.BooleanFilter(
            method=_column_filter(facet.column, array=facet.array, stored=self.stored),
            label=facet.label,
            widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
        )

    def stored(self, cleaned) -> list:
        return [cleaned] if isinstance(cleaned, bool) else []

    def parse(self, text: str) -> bool:
        return text == "true"

    def labels(self, values: Iterable) -> Labels:
        return {v: ("true" if v else "false", self.yes if v else self.no) for v in values}


@dataclasses.dataclass(frozen=True)
class Rows(Values):
    """Rows of a table, stored by id: the URL names a row by ``param_field`` (and, with
    ``by_id``, by id as well) and the label is its ``label_field``. The labels of every
    such facet are read together in one query (``read_row_labels``)."""

    model: type[models.Model] | None = None
    param_field: str = "id"
    label_field: str = "name"
    by_id: bool = False
    cast: ClassVar[str] = "integer[]"

    def filter(self, facet: Facet) -> django_filters.Filter:
        method = _column_filter(facet.column, array=facet.array, stored=self.stored)
        kwargs: dict[str, Any] = {"queryset": self.model.objects.all(), "method": method}
        if self.param_field != "id":
            kwargs["to_field_name"] = self.param_field
        kind = _ByKeyOrIdFilter if self.by_id else django_filters.ModelMultipleChoiceFilter
        return kind(label=facet.label, **kwargs)

    def stored(self, cleaned) -> list:
        return [item.pk for item in cleaned or ()]

    def parse(self, text: str) -> int:
        return int(text)

    def labels(self, values: Iterable) -> Labels:
        raise TypeError("row labels are read from the database: read_row_labels()")


class _ByKeyOrIdField(forms.ModelMultipleChoiceField):
    """A row by its key column or by its id: `agenda=7` and `agenda=culture-of-peace`."""

    def _check_values(self, value):
        keys = [str(v) for v in value]
        found = self.queryset.filter(
            Q(**{f"{self.to_field_name}__in": keys})
            | Q(pk__in=[int(k) for k in keys if k.isdigit() and len(k) < 19])
        )
        by_key = {}
        for row in found:
            by_key[str(getattr(row, self.to_field_name))] = by_key[str(row.pk)] = row
        missing = [k for k in keys if k not in by_key]
        if missing:
            name = self.queryset.model._meta.verbose_name
            raise forms.ValidationError(f"Unknown {name}: {', '.join(missing)}.")
        return list(dict.fromkeys(by_key[k] for k in keys))


class _ByKeyOrIdFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _ByKeyOrIdField


# --- The registry ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Facet:
    name: str  # the public URL parameter
    label: str  # the sidebar heading and the chips' label
    column: str  # the search row's column (``SearchEntry``)
    values: Values
    array: bool = False  # the column holds an array of values
    # Few values (sessions, years, kinds): all are counted and shown; otherwise only the
    # commonest, with their ties (letters.counting).
    few: bool = False
    order: str = "count"  # "count": most letters first; "value": highest value first
    single: bool = False  # one value at a time: selecting one replaces the other
    # Extra text under a value, read for the values shown: stored value -> text.
    details: Callable[[Sequence], Mapping[Any, str]] | None = None
    # The search table has an index on (column, date newest first): a browse page of
    # one value walks it. Other values' letters are read through bitmaps and sorted.
    date_ordered_index: bool = False

    def filter(self) -> django_filters.Filter:
        return self.values.filter(self)


def _session_label(number: int) -> str:
    return f"{ordinal(number)} session ({Session(number=number).years})"


def _sc_year_label(count: int) -> str:
    # The Council counts its years from 1946 (DESIGN.md §1): Seventy-sixth year = 2021.
    return f"{ordinal(count)} year ({1945 + count})"


# An agenda topic's facet entry lists its item number in this many recent sessions.
TOPIC_SESSIONS_SHOWN = 6


def topic_details(ids: Sequence[int]) -> dict[int, str]:
    """Each topic's item number in its latest sessions: "item 35 (75th), 32 (74th), …"."""
    numbers: dict[int, list[tuple[int, int]]] = {}
    # A topic recurs in up to 80 sessions: only the latest few (and one more, to know
    # there are more) leave the database.
    latest = Window(RowNumber(), partition_by=F("topic"), order_by=F("session").desc())
    rows = (
        AgendaItem.objects.filter(topic__in=list(ids))
        .annotate(latest=latest)
        .filter(latest__lte=TOPIC_SESSIONS_SHOWN + 1)
        .order_by("-session_id", "number")
        .values_list("topic_id", "number", "session_id")
    )
    for topic, number, session in rows:
        numbers.setdefault(topic, []).append((number, session))
    return {
        pk: "item "
        + ", ".join(f"{n} ({ordinal(s)})" for n, s in items[:TOPIC_SESSIONS_SHOWN])
        + (", …" if len(items) > TOPIC_SESSIONS_SHOWN else "")
        for pk, items in numbers.items()
    }


FACETS: tuple[Facet, ...] = (
    Facet(
        "session",
        "GA session",
        "session_number",
        Numbers(label=_session_label, model=Session),
        few=True,
        order="value",
        date_ordered_index=True,  # searchentry_session_newest_idx
    ),
    Facet(
        "agenda",
        "Agenda topic",
        "topic_ids",
        Rows(AgendaTopic, param_field="slug", label_field="title", by_id=True),
        array=True,
        details=topic_details,
    ),
    Facet(
        "sc_year",
        "Security Council year",
        "sc_year",
        Numbers(label=_sc_year_label),
        few=True,
        order="value",
    ),
    Facet("year", "Year of the letter", "year", Numbers(), few=True, order="value"),
    Facet(
        "cited",
        "Cited document",
        "cited_ids",
        Rows(CitedDocument, param_field="key", label_field="label"),
        array=True,
    ),
    Facet(
        "state",
        "Sender State",
        "state_ids",
        Rows(State, param_field="slug", label_field="name"),
        array=True,
    ),
    Facet("signatory", "Signatory", "person_ids", Rows(Person, label_field="name"), array=True),
    Facet("kind", "Document kind", "kind", Choices(Letter.Kind.choices), few=True),
    Facet("language", "Language", "languages", Choices(LANGUAGE_CHOICES), array=True, few=True),
    Facet(
        "has_annex",
        "Annexes",
        "has_annex",
        YesNo(yes="With annexes", no="Without annexes"),
        few=True,
        single=True,
    ),
)

FACETS_BY_NAME: dict[str, Facet] = {facet.name: facet for facet in FACETS}


def selection_q(selection: Mapping[str, Sequence]) -> Q:
    """The condition on search rows that a selection of facet values makes."""
    condition = Q()
    for name, values in selection.items():
        facet = FACETS_BY_NAME[name]
        lookup = "overlap" if facet.array else "in"
        condition &= Q(**{f"{facet.column}__{lookup}": list(values)})
    return condition


def read_labels(wanted: Mapping[str, Iterable]) -> dict[str, Labels]:
    """facet -> stored value -> (URL parameter, label) for the values asked of each facet;
    the facets whose values are table rows are all read in one query."""
    labels: dict[str, Labels] = {}
    rows: dict[str, tuple[Rows, list]] = {}
    for name, values in wanted.items():
        kind = FACETS_BY_NAME[name].values
        if isinstance(kind, Rows):
            rows[name] = (kind, list(values))
        else:
            labels[name] = kind.labels(values)
    labels.update(read_row_labels(rows))
    return labels


def read_row_labels(wanted: Mapping[str, tuple[Rows, list]]) -> dict[str, Labels]:
    """One UNION ALL over the tables asked, for the ids asked of each."""
    selects, params = [], []
    for name, (kind, ids) in wanted.items():
        if not ids:
            continue
        meta = kind.model._meta
        param = meta.get_field(kind.param_field).column
        label = meta.get_field(kind.label_field).column
        selects.append(
            f"SELECT %s, id, {param}::text, {label} FROM {meta.db_table} WHERE id = ANY(%s)"
        )
        params += [name, list(ids)]
    labels: dict[str, Labels] = {name: {} for name in wanted}
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for name, pk, param, label in cursor.fetchall():
                labels[name][pk] = (param, label)
    return labels
