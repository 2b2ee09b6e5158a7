"""The facet registry: each facet of the search page declared once (DESIGN.md §9).

A ``Facet`` says everything the archive needs to know about one facet: its public URL
parameter, its heading, the column of the search row it reads (scalar or array of
ids) and that column's definition, the SQL that derives the column's value from a
stored letter, how a URL value is checked and turned into what the column stores, how
a stored value is labelled, and how the sidebar orders its values. Everything else is
derived from ``FACETS``: the search row's facet columns and their indexes
(``letters.models.SearchEntry``), the row's writer for both ingest paths
(``letters.search.indexing``), the FilterSet (``letters.search.filters``), the counting
statement (``letters.search.counting``), the sidebar and the chips
(``letters.search.sidebar``). Adding a facet is one entry here plus the migration that
gives the search row its column.

Nothing here imports the models (they import this registry to define the search row):
a facet names its table as ``"letters.Model"``, resolved when first used.

Facets are counted under every active filter but their own (DESIGN.md §5), so
selecting several values of one facet means OR and different facets combine with AND.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

import django_filters
from django import forms
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connections, models, router
from django.db.models import Q, QuerySet

from letters.numbering import ordinal, sc_calendar_year, session_years
from letters.parsing.language import LANGUAGES
from letters.parsing.model import LetterKind

# A stored value (an id, a number, a kind, a boolean) -> (URL parameter, label).
Labels = dict[Any, tuple[str, str]]


def _items(cleaned) -> Iterable:
    """A filter's cleaned value as items: nothing for None, or for the empty queryset a
    model field cleans an absent parameter to, which is not evaluated (each evaluation
    compiled a query: several a page)."""
    if cleaned is None or (isinstance(cleaned, QuerySet) and cleaned.query.is_empty()):
        return ()
    return cleaned


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

    def field(self, *, array: bool) -> models.Field:
        """The search row's column for these values: one per letter, or an array."""
        raise NotImplementedError

    def filter(self, facet: Facet) -> django_filters.Filter:
        """The FilterSet filter that checks this facet's URL values and narrows the rows."""
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
    model: str | None = None  # "letters.Model"
    cast: ClassVar[str] = "integer[]"

    def field(self, *, array: bool) -> models.Field:
        """An integer array, or a nullable small integer for one value per letter."""
        if array:
            return ArrayField(models.IntegerField(), default=list)
        return models.PositiveSmallIntegerField(null=True)

    def filter(self, facet: Facet) -> django_filters.Filter:
        """A filter of ``model`` rows (keyed by the number) when it is set, else of any
        whole numbers of up to four digits."""
        method = _column_filter(facet.column, array=facet.array, stored=self.stored)
        if self.model is not None:
            return django_filters.ModelMultipleChoiceFilter(
                queryset=apps.get_model(self.model).objects.all(), method=method, label=facet.label
            )
        return _NumberListFilter(method=method, label=facet.label)

    def stored(self, cleaned) -> list:
        """The numbers selected (a ``model`` row by its key, which is its number)."""
        return [item.pk if isinstance(item, models.Model) else item for item in _items(cleaned)]

    def parse(self, text: str) -> int:
        """The counted text as an int."""
        return int(text)

    def labels(self, values: Iterable) -> Labels:
        """Each number as its own URL parameter, labelled by ``label``."""
        return {n: (str(n), self.label(n)) for n in values}


class _NumberListField(forms.TypedMultipleChoiceField):
    """Repeated integer parameters (`year=2020&year=2021`) without a fixed list of choices."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["coerce"] = int
        super().__init__(*args, **kwargs)

    def valid_value(self, value) -> bool:
        """Any whole number of up to four digits is a choice."""
        return str(value).isdigit() and len(str(value)) <= 4


class _NumberListFilter(django_filters.MultipleChoiceFilter):
    field_class = _NumberListField


@dataclasses.dataclass(frozen=True)
class Choices(Values):
    """A fixed set of named values (document kinds, languages)."""

    choices: Sequence[tuple[str, str]] = ()
    cast: ClassVar[str] = "text[]"

    def field(self, *, array: bool) -> models.Field:
        """A text array, or a CharField of up to 20 characters for one value per letter."""
        if array:
            return ArrayField(models.TextField(), default=list)
        return models.CharField(max_length=20)

    def filter(self, facet: Facet) -> django_filters.Filter:
        """A multiple-choice filter over ``choices``."""
        return django_filters.MultipleChoiceFilter(
            choices=self.choices,
            method=_column_filter(facet.column, array=facet.array, stored=self.stored),
            label=facet.label,
        )

    def stored(self, cleaned) -> list:
        """The values chosen, as they are."""
        return list(cleaned or ())

    def parse(self, text: str) -> str:
        """The counted text, which is the stored value."""
        return text

    def labels(self, values: Iterable) -> Labels:
        """Each value as its own URL parameter, labelled by its choice's name (or itself)."""
        names = dict(self.choices)
        return {v: (v, names.get(v, v)) for v in values}


@dataclasses.dataclass(frozen=True)
class Keys(Values):
    """Text keys from an open set, named by themselves in the URL (Charter Articles:
    "51", "2(4)"): any value that ``pattern`` matches whole is a choice, labelled by
    ``label``."""

    pattern: str = r"\w{1,20}"
    label: Callable[[str], str] = str
    cast: ClassVar[str] = "text[]"

    def field(self, *, array: bool) -> models.Field:
        """A text array, or a CharField of up to 20 characters for one value per letter."""
        if array:
            return ArrayField(models.TextField(), default=list)
        return models.CharField(max_length=20)

    def filter(self, facet: Facet) -> django_filters.Filter:
        """A multiple-value filter taking any key ``pattern`` matches."""
        return _KeyListFilter(
            method=_column_filter(facet.column, array=facet.array, stored=self.stored),
            label=facet.label,
            pattern=self.pattern,
        )

    def stored(self, cleaned) -> list:
        """The keys chosen, as they are."""
        return list(cleaned or ())

    def parse(self, text: str) -> str:
        """The counted text, which is the stored key."""
        return text

    def labels(self, values: Iterable) -> Labels:
        """Each key as its own URL parameter, labelled by ``label``."""
        return {v: (v, self.label(v)) for v in values}


class _KeyListField(forms.MultipleChoiceField):
    """Repeated text parameters (`charter=51&charter=2(4)`) that a pattern checks."""

    def __init__(self, *args, pattern: str = r"\w{1,20}", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pattern = re.compile(pattern)

    def valid_value(self, value) -> bool:
        """Any value the pattern matches whole is a choice."""
        return self.pattern.fullmatch(str(value)) is not None


class _KeyListFilter(django_filters.MultipleChoiceFilter):
    field_class = _KeyListField


@dataclasses.dataclass(frozen=True)
class YesNo(Values):
    """A boolean column, one value at a time."""

    yes: str = "Yes"
    no: str = "No"
    cast: ClassVar[str] = "boolean[]"

    def field(self, *, array: bool) -> models.Field:
        """A boolean column; ``array`` is ignored (one value per letter)."""
        return models.BooleanField(default=False)

    def filter(self, facet: Facet) -> django_filters.Filter:
        """A boolean filter shown as a select of Any, Yes and No."""
        return django_filters.BooleanFilter(
            method=_column_filter(facet.column, array=facet.array, stored=self.stored),
            label=facet.label,
            widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
        )

    def stored(self, cleaned) -> list:
        """[the boolean] when one was chosen, else [] (no selection)."""
        return [cleaned] if isinstance(cleaned, bool) else []

    def parse(self, text: str) -> bool:
        """``"true"`` -> True, any other text -> False."""
        return text == "true"

    def labels(self, values: Iterable) -> Labels:
        """``true`` and ``false`` as URL parameters, labelled ``yes`` and ``no``."""
        return {v: ("true" if v else "false", self.yes if v else self.no) for v in values}


@dataclasses.dataclass(frozen=True)
class Rows(Values):
    """Rows of a table, stored by id: the URL names a row by ``param_field`` (and, with
    ``by_id``, by id as well) and the label is its ``label_field``. The labels of every
    such facet are read together in one query (``read_row_labels``)."""

    model: str = ""  # "letters.Model"
    param_field: str = "id"
    label_field: str = "name"
    by_id: bool = False
    cast: ClassVar[str] = "integer[]"

    def field(self, *, array: bool) -> models.Field:
        """Row ids: an integer array, or one id per letter."""
        if array:
            return ArrayField(models.IntegerField(), default=list)
        return models.IntegerField(null=True)

    def filter(self, facet: Facet) -> django_filters.Filter:
        """A filter of the table's rows named by ``param_field`` (with ``by_id``, by id
        too); an unknown name is a validation error."""
        method = _column_filter(facet.column, array=facet.array, stored=self.stored)
        kwargs: dict[str, Any] = {"queryset": self.table.objects.all(), "method": method}
        if self.param_field != "id":
            kwargs["to_field_name"] = self.param_field
        kind = _ByKeyOrIdFilter if self.by_id else django_filters.ModelMultipleChoiceFilter
        return kind(label=facet.label, **kwargs)

    def stored(self, cleaned) -> list:
        """The ids of the rows selected."""
        return [item.pk for item in _items(cleaned)]

    def parse(self, text: str) -> int:
        """The counted text as a row id."""
        return int(text)

    def labels(self, values: Iterable) -> Labels:
        """Raises TypeError: row labels are read from the table (``read_row_labels``)."""
        raise TypeError("row labels are read from the database: read_row_labels()")

    @property
    def table(self) -> type[models.Model]:
        """The model ``model`` names, from the app registry."""
        return apps.get_model(self.model)


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
    """One facet of the search page: its URL parameter, heading and search-row column, and
    how its values are checked, stored, counted, labelled and ordered."""

    name: str  # the public URL parameter
    label: str  # the sidebar heading and the chips' label
    column: str  # the search row's column (``SearchEntry``)
    values: Values
    # SQL giving the column's value for the stored letter ``l`` (a row of letters_letter):
    # both ingest paths write the search row with it (letters.search.indexing).
    source: str
    array: bool = False  # the column holds an array of values
    # The name of the GIN index of an array column (an array facet filters through it).
    index: str | None = None
    help_text: str = ""
    # Few values (sessions, years, kinds): all are counted and their number known;
    # otherwise only the commonest leave the database, with their ties
    # (letters.search.counting). Either way the sidebar shows SHOWN_VALUES of them and
    # the selected ones (letters.search.sidebar).
    few: bool = False
    order: str = "count"  # "count": most letters first; "value": highest value first
    single: bool = False  # one value at a time: selecting one replaces the other
    # Extra text under a value, read for the values shown: stored value -> text.
    details: Callable[[Sequence], Mapping[Any, str]] | None = None
    # The search table has an index on (column, date newest first): a browse page of
    # one value walks it. Other values' letters are read through bitmaps and sorted.
    date_ordered_index: bool = False

    def filter(self) -> django_filters.Filter:
        """This facet's FilterSet filter (``values.filter``)."""
        return self.values.filter(self)

    def model_field(self) -> models.Field:
        """The search row's column for this facet (``SearchEntry``)."""
        field = self.values.field(array=self.array)
        field.help_text = self.help_text
        return field

    def model_index(self) -> GinIndex | None:
        """The GIN index on the facet's column when it names one, else None."""
        return GinIndex(fields=[self.column], name=self.index) if self.index else None


def _session_label(number: int) -> str:
    return f"{ordinal(number)} session ({session_years(number)})"


def _sc_year_label(count: int) -> str:
    return f"{ordinal(count)} year ({sc_calendar_year(count)})"


# An agenda topic's facet entry lists its item number in this many recent sessions.
TOPIC_SESSIONS_SHOWN = 6


def topic_details(ids: Sequence[int]) -> dict[int, str]:
    """Each topic's item number in its latest sessions: "item 35 (75th), 32 (74th), …"."""
    numbers: dict[int, list[tuple[int, int]]] = {}
    # A topic recurs in up to 80 sessions: only the latest few (and one more, to know
    # there are more) leave the database. Written as SQL: the ORM's compiling of the
    # window took 3 ms, a tenth of a search page's Python.
    items = apps.get_model("letters.AgendaItem")
    with connections[router.db_for_read(items)].cursor() as cursor:
        cursor.execute(
            "SELECT topic_id, number, session_id FROM (SELECT topic_id, number, session_id,"
            " row_number() OVER (PARTITION BY topic_id ORDER BY session_id DESC) AS latest"
            f" FROM {items._meta.db_table} WHERE topic_id = ANY(%s)) AS items"
            " WHERE latest <= %s ORDER BY session_id DESC, number",
            [list(ids), TOPIC_SESSIONS_SHOWN + 1],
        )
        rows = cursor.fetchall()
    for topic, number, session in rows:
        numbers.setdefault(topic, []).append((number, session))
    return {
        pk: "item "
        + ", ".join(f"{n} ({ordinal(s)})" for n, s in items[:TOPIC_SESSIONS_SHOWN])
        + (", …" if len(items) > TOPIC_SESSIONS_SHOWN else "")
        for pk, items in numbers.items()
    }


# The letters' texts' languages: their own, their annexes', their versions' and their
# versions' annexes'.
_LANGUAGES_SQL = """ARRAY(SELECT DISTINCT x FROM (
    SELECT l.language
    UNION ALL SELECT a.language FROM letters_annex a WHERE a.letter_id = l.id
    UNION ALL SELECT v.language FROM letters_letterversion v WHERE v.letter_id = l.id
    UNION ALL SELECT va ->> 'language' FROM letters_letterversion v,
        jsonb_array_elements(v.annexes) va WHERE v.letter_id = l.id
) AS t(x) WHERE x <> '' ORDER BY 1)"""

# A Charter Article's key (letters.parsing.charter): its number, and its paragraph in
# brackets: "51", "2(4)".
CHARTER_KEY = r"[0-9]{1,3}(?:\([0-9]{1,2}\))?"


def charter_label(key: str) -> str:
    """ "2(4)" -> "Article 2 (4)", "51" -> "Article 51"."""
    number, _, paragraph = key.partition("(")
    return f"Article {number} ({paragraph}" if paragraph else f"Article {number}"


def charter_order(key: str) -> tuple[int, int]:
    """The Charter's order: "2" before "2(4)" before "51"."""
    number, _, paragraph = key.partition("(")
    return int(number), int(paragraph.rstrip(")") or 0)


FACETS: tuple[Facet, ...] = (
    Facet(
        "session",
        "GA session",
        "session_number",
        Numbers(label=_session_label, model="letters.Session"),
        source="l.session_id",
        few=True,
        order="value",
        date_ordered_index=True,  # searchentry_session_newest_idx
    ),
    Facet(
        "agenda",
        "Agenda topic",
        "topic_ids",
        Rows("letters.AgendaTopic", param_field="slug", label_field="title", by_id=True),
        source="ARRAY(SELECT DISTINCT i.topic_id FROM letters_letter_agenda_items li"
        " JOIN letters_agendaitem i ON i.id = li.agendaitem_id"
        " WHERE li.letter_id = l.id AND i.topic_id IS NOT NULL ORDER BY 1)",
        array=True,
        index="searchentry_topics_idx",
        details=topic_details,
    ),
    Facet(
        "sc_year",
        "Security Council year",
        "sc_year",
        Numbers(label=_sc_year_label),
        source="l.sc_year",
        few=True,
        order="value",
    ),
    Facet(
        "year",
        "Year of the letter",
        "year",
        Numbers(),
        source="extract(year FROM l.letter_date)::integer",
        few=True,
        order="value",
    ),
    Facet(
        "cited",
        "Cited document",
        "cited_ids",
        Rows("letters.CitedDocument", param_field="key", label_field="label"),
        source="ARRAY(SELECT DISTINCT c.document_id FROM letters_citation c"
        " WHERE c.letter_id = l.id ORDER BY 1)",
        array=True,
        index="searchentry_cited_idx",
    ),
    Facet(
        "state",
        "Sender State",
        "state_ids",
        Rows("letters.State", param_field="slug", label_field="name"),
        source="ARRAY(SELECT s.state_id FROM letters_letter_senders s"
        " WHERE s.letter_id = l.id ORDER BY 1)",
        array=True,
        index="searchentry_states_idx",
    ),
    Facet(
        "mentions",
        "States mentioned",
        "mentioned_state_ids",
        Rows("letters.State", param_field="slug", label_field="name"),
        source="ARRAY(SELECT m.state_id FROM letters_letter_states_mentioned m"
        " WHERE m.letter_id = l.id ORDER BY 1)",
        array=True,
        index="searchentry_mentioned_idx",
        help_text="The States the letter's text and annexes name, its senders excepted.",
    ),
    Facet(
        "charter",
        "Charter Article invoked",
        "charter_articles",
        Keys(pattern=CHARTER_KEY, label=charter_label),
        source="ARRAY(SELECT DISTINCT a FROM unnest(l.charter_articles) AS a ORDER BY 1)",
        array=True,
        index="searchentry_charter_idx",
        help_text="The Articles of the Charter of the United Nations the letter invokes.",
        few=True,  # a letter invokes few of the Charter's 111 Articles, and most invoke none
    ),
    Facet(
        "signatory",
        "Signatory",
        "person_ids",
        Rows("letters.Person", label_field="name"),
        source="ARRAY(SELECT DISTINCT s.person_id FROM letters_signature s"
        " WHERE s.letter_id = l.id ORDER BY 1)",
        array=True,
        index="searchentry_people_idx",
    ),
    Facet(
        "kind",
        "Document kind",
        "kind",
        Choices([(kind.value, kind.label) for kind in LetterKind]),
        source="l.kind",
        few=True,
    ),
    Facet(
        "language",
        "Language",
        "languages",
        Choices(list(LANGUAGES.items())),
        source=_LANGUAGES_SQL,
        array=True,
        index="searchentry_languages_idx",
        help_text="Every language the letter's texts are in: its own, its annexes', its versions'.",
        few=True,
    ),
    Facet(
        "has_annex",
        "Annexes",
        "has_annex",
        YesNo(yes="With annexes", no="Without annexes"),
        source="EXISTS (SELECT FROM letters_annex a WHERE a.letter_id = l.id)",
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
        meta = kind.table._meta
        param = meta.get_field(kind.param_field).column
        label = meta.get_field(kind.label_field).column
        selects.append(
            f"SELECT %s, id, {param}::text, {label} FROM {meta.db_table} WHERE id = ANY(%s)"
        )
        params += [name, list(ids)]
    labels: dict[str, Labels] = {name: {} for name in wanted}
    if selects:
        table = next(iter(wanted.values()))[0].table
        with connections[router.db_for_read(table)].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for name, pk, param, label in cursor.fetchall():
                labels[name][pk] = (param, label)
    return labels
