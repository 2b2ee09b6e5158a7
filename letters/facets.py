"""Facet groups for the search page: each value's count is what adding it would give.

A facet is counted on the results under every active filter except its own
(``search.counts``), so selecting several values of one facet means OR and
different facets combine with AND.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.db import connection, models
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict

from letters import search
from letters.filters import LetterFilterSet
from letters.models import (
    AgendaItem,
    AgendaTopic,
    CitedDocument,
    Letter,
    Person,
    Session,
    State,
    ordinal,
)

MAX_VALUES = search.SHOWN_VALUES
# An agenda topic's facet entry lists its item number in this many recent sessions.
TOPIC_SESSIONS_SHOWN = 6


@dataclasses.dataclass(frozen=True)
class FacetValue:
    param: str  # the value as it stands in the URL
    label: str
    count: int
    selected: bool
    url: str  # the page with this value toggled
    detail: str = ""
    approximate: bool = False  # the count is estimated from a sample

    # A page shows about a hundred facet values: their count texts are made here, once,
    # rather than by template filters (intcomma, pluralize) on every one.
    @property
    def count_text(self) -> str:
        return f"{'≈' if self.approximate else ''}{self.count:,}"

    @property
    def count_label(self) -> str:
        about = "about " if self.approximate else ""
        return f"{about}{self.count:,} letter{'' if self.count == 1 else 's'}"


@dataclasses.dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue]
    more: int = 0  # values not shown

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]


@dataclasses.dataclass(frozen=True)
class Chip:
    name: str
    label: str
    value: str
    remove_url: str


def toggled(params: QueryDict, name: str, value: str, *, single: bool = False) -> str:
    """The query string with ``value`` of ``name`` added or removed; back to page 1."""
    query = _lists(params)
    values = query.get(name, [])
    if value in values:
        values.remove(value)
    elif single:
        values = [value]
    else:
        values.append(value)
    query[name] = values
    return _query_string(query)


def removed(params: QueryDict, name: str) -> str:
    query = _lists(params)
    query.pop(name, None)
    return _query_string(query)


def _lists(params: QueryDict) -> dict[str, list[str]]:
    # A page shows a hundred facet links; QueryDict.copy() deep-copies for each one.
    return {key: list(values) for key, values in params.lists() if key != "page"}


def _query_string(query: dict[str, list[str]]) -> str:
    return "?" + urlencode([(key, v) for key, values in query.items() for v in values])


SINGLE_VALUED = {"has_annex", "date_from", "date_to"}


def _session_labels(ids: Iterable[int]) -> dict:
    return {n: (str(n), f"{ordinal(n)} session ({Session(number=n).years})") for n in ids}


def _sc_year_labels(ids: Iterable[int]) -> dict:
    return {n: (str(n), f"{ordinal(n)} year ({1945 + n})") for n in ids}


def _year_labels(ids: Iterable[int]) -> dict:
    return {n: (str(n), str(n)) for n in ids}


def _kind_labels(ids: Iterable[str]) -> dict:
    names = dict(Letter.Kind.choices)
    return {k: (k, names.get(k, k)) for k in ids}


def _annex_labels(ids: Iterable[bool]) -> dict:
    return {v: ("true" if v else "false", "With annexes" if v else "Without annexes") for v in ids}


def _topic_details(ids: Iterable[int]) -> dict[int, str]:
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


@dataclasses.dataclass(frozen=True)
class ModelLabels:
    """A facet whose values are rows of a table: the URL parameter and the label are two
    of its columns. Every such facet's labels are read in one query (_read_labels)."""

    model: type[models.Model]
    param_field: str
    label_field: str


def _read_labels(wanted: dict[str, tuple[ModelLabels, list[int]]]) -> dict[str, dict]:
    """facet -> id -> (URL parameter, label), for the ids asked of each table-backed facet."""
    selects, params = [], []
    for name, (source, ids) in wanted.items():
        meta = source.model._meta
        param = meta.get_field(source.param_field).column
        label = meta.get_field(source.label_field).column
        selects.append(
            f"SELECT %s, id, {param}::text, {label} FROM {meta.db_table} WHERE id = ANY(%s)"
        )
        params += [name, list(ids)]
    labels: dict[str, dict] = {name: {} for name in wanted}
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for name, pk, param, label in cursor.fetchall():
                labels[name][pk] = (param, label)
    return labels


@dataclasses.dataclass(frozen=True)
class FacetSpec:
    name: str
    label: str
    field: str
    array: bool
    labels: Callable[[Iterable], dict] | ModelLabels
    order: str = "count"  # or "value"
    single: bool = False
    details: Callable[[Iterable], dict] | None = None
    parse: Callable[[str], object] = int  # the value as search.counts gives it, as text


FACETS = [
    FacetSpec("session", "GA session", "session_number", False, _session_labels, order="value"),
    FacetSpec(
        "agenda",
        "Agenda topic",
        "topic_ids",
        True,
        ModelLabels(AgendaTopic, "slug", "title"),
        details=_topic_details,
    ),
    FacetSpec("sc_year", "Security Council year", "sc_year", False, _sc_year_labels, order="value"),
    FacetSpec("year", "Year of the letter", "year", False, _year_labels, order="value"),
    FacetSpec(
        "cited", "Cited document", "cited_ids", True, ModelLabels(CitedDocument, "key", "label")
    ),
    FacetSpec("state", "Sender State", "state_ids", True, ModelLabels(State, "slug", "name")),
    FacetSpec("signatory", "Signatory", "person_ids", True, ModelLabels(Person, "id", "name")),
    FacetSpec("kind", "Document kind", "kind", False, _kind_labels, parse=str),
    FacetSpec(
        "has_annex",
        "Annexes",
        "has_annex",
        False,
        _annex_labels,
        single=True,
        parse=lambda value: value == "true",
    ),
]


def facet_groups(
    counts: search.Counts, params: QueryDict, selection: dict[str, list]
) -> list[FacetGroup]:
    # search.counts returns the values a page can show: the commonest with their ties,
    # and the selected ones. Their labels are read so ties sort by name.
    by_facet = {
        spec.name: {spec.parse(v): n for v, n in counts.facets[spec.name].items()}
        for spec in FACETS
    }
    from_tables = _read_labels(
        {
            spec.name: (spec.labels, list(by_facet[spec.name]))
            for spec in FACETS
            if isinstance(spec.labels, ModelLabels) and by_facet[spec.name]
        }
    )
    groups = []
    for spec in FACETS:
        by_value = by_facet[spec.name]
        selected = set(selection.get(spec.name, ()))
        if isinstance(spec.labels, ModelLabels):
            labels = from_tables.get(spec.name, {})
        else:
            labels = spec.labels(by_value)
        if spec.order == "value":
            ordered = sorted(by_value, reverse=True)
        else:
            ordered = sorted(by_value, key=lambda v: (-by_value[v], labels.get(v, ("", ""))[1]))
        # Selected values stay visible whatever their rank.
        shown = ordered[:MAX_VALUES] + [v for v in ordered[MAX_VALUES:] if v in selected]
        details = spec.details(shown) if spec.details else {}
        selected_params = set(params.getlist(spec.name))
        values = [
            FacetValue(
                param=labels[v][0],
                label=labels[v][1],
                count=by_value[v],
                selected=labels[v][0] in selected_params,
                url=toggled(params, spec.name, labels[v][0], single=spec.single),
                detail=details.get(v, ""),
                approximate=counts.approximate,
            )
            for v in shown
            if v in labels
        ]
        groups.append(
            FacetGroup(
                spec.name,
                spec.label,
                values,
                more=max(0, counts.distinct[spec.name] - len(shown)),
            )
        )
    return groups


def chips(filterset: LetterFilterSet, params: QueryDict) -> list[Chip]:
    """One removable chip per active filter value, labelled for people."""
    result = []
    data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    for name, value in data.items():
        if name in ("q", "sort") or value in (None, "", []) or value == ():
            continue
        label = filterset.filters[name].label
        items = value if isinstance(value, list | tuple | QuerySet) else [value]
        for item in items:
            param, text = _chip_value(name, item)
            if name in SINGLE_VALUED:
                remove = removed(params, name)
            else:
                remove = toggled(params, name, param)
            result.append(Chip(name, label, text, remove))
    return result


def _chip_value(name: str, item) -> tuple[str, str]:
    if isinstance(item, AgendaTopic):
        return item.slug, item.title
    if isinstance(item, State):
        return item.slug, item.name
    if isinstance(item, CitedDocument):
        return item.key, item.label
    if isinstance(item, Person):
        return str(item.pk), item.name
    if isinstance(item, Session):
        return str(item.number), str(item)
    if name == "kind":
        return item, dict(Letter.Kind.choices).get(item, item)
    if name == "has_annex":
        return ("true" if item else "false"), ("With annexes" if item else "Without annexes")
    if name in ("date_from", "date_to"):
        return item.isoformat(), item.isoformat()
    if name == "sc_year":
        return str(item), f"{ordinal(item)} year ({1945 + item})"
    return str(item), str(item)
