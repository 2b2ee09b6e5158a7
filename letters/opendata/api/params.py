"""The letters list's query parameters, each bounded.

The search parameters are the search page's: read from the FilterSet
(``letters.search.filters.LetterFilterSet``, whose facet filters come from the registry), never
declared again. The API adds its own four: ``page``, ``page_size``, ``fields`` and
``expand``. ``filter_parameters`` describes the search parameters for the OpenAPI schema
from the same filters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import django_filters
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from letters.opendata.api.serializers import LetterListSerializer
from letters.search.facets import FACETS_BY_NAME
from letters.search.filters import LetterFilterSet
from letters.search.pipeline import InvalidSearch
from letters.search.results import PER_PAGE

MAX_PAGE_SIZE = 100
# Pages reach this far into a result. A deeper page makes PostgreSQL read and drop every
# earlier row (OFFSET); nobody reads past the ten thousandth result of one search, and
# narrowing it (a facet, a date range) reaches the rest.
MAX_RESULTS = 10_000
# The length of one value. The search text is cut to its own bounds by the pipeline
# (letters.search.query.bounded_text); every other value is a key, a slug, a number or a date
# (cited keys are at most 300). The number of parameters and values, and control
# characters, are bounded for every request by archive.middleware.
MAX_VALUE_CHARACTERS = 300
EXPANSIONS = LetterListSerializer.EXPANDED
API_PARAMETERS = ("page", "page_size", "fields", "expand")


def search_parameters() -> tuple[str, ...]:
    """The search page's public parameters, as the FilterSet declares them."""
    return tuple(LetterFilterSet.base_filters)


@dataclasses.dataclass(frozen=True)
class ListRequest:
    """The letters list's request, checked: the search's parameters, the page, and which
    fields and parts to answer."""

    search: QueryDict  # the search page's parameters, for the search pipeline
    page: int
    page_size: int
    fields: frozenset[str] | None  # top-level fields to keep (None: all)
    expand: frozenset[str]


def read_list_request(query: QueryDict, *, fields: Collection[str]) -> ListRequest:
    """The list's parameters checked and bounded; raises InvalidSearch (the pipeline's
    own error, so both kinds of bad parameter answer alike) with every message."""
    errors: dict[str, list[str]] = {}
    known = set(search_parameters()) | set(API_PARAMETERS)
    values = [(key, value) for key, items in query.lists() for value in items]
    for key, value in values:
        if key not in known:
            errors.setdefault(key, []).append("Unknown parameter.")
        elif len(value) > MAX_VALUE_CHARACTERS and key != "q":
            errors.setdefault(key, []).append(
                f"A value has at most {MAX_VALUE_CHARACTERS} characters."
            )
    if errors:
        raise InvalidSearch(errors)
    page_size = _integer(query, "page_size", PER_PAGE, 1, MAX_PAGE_SIZE, errors)
    page = _integer(query, "page", 1, 1, max(1, MAX_RESULTS // page_size), errors)
    kept = _names(query, "fields", fields, errors)
    expand = _names(query, "expand", EXPANSIONS, errors) or frozenset()
    if errors:
        raise InvalidSearch(errors)
    search = query.copy()
    for name in API_PARAMETERS:
        search.pop(name, None)
    return ListRequest(search=search, page=page, page_size=page_size, fields=kept, expand=expand)


def _integer(query, name, default, low, high, errors) -> int:
    text = query.get(name, "").strip()
    if not text:
        return default
    if not (text.isdigit() and len(text) < 8 and low <= int(text) <= high):
        errors[name] = [f"A whole number from {low} to {high}."]
        return default
    return int(text)


def _names(query, name, allowed, errors) -> frozenset[str] | None:
    """A comma-separated list of names from ``allowed`` (repeats of the parameter too);
    None when absent or blank."""
    names = {n.strip() for text in query.getlist(name) for n in text.split(",") if n.strip()}
    if not names:
        return None
    unknown = sorted(names - set(allowed))
    if unknown:
        errors[name] = [f"Unknown: {', '.join(unknown)}. Choose from: {', '.join(allowed)}."]
    return frozenset(names)


# --- The schema -------------------------------------------------------------------------


def filter_parameters() -> list[OpenApiParameter]:
    """The FilterSet's filters as OpenAPI query parameters."""
    return [_parameter(name, f) for name, f in LetterFilterSet.base_filters.items()]


def _parameter(name: str, f: django_filters.Filter) -> OpenApiParameter:
    facet = FACETS_BY_NAME.get(name)
    description = str(f.label or name)
    if facet is not None:
        description += (
            ": a facet. One value at a time."
            if facet.single
            else ": a facet. Repeat the parameter to select several values (OR)."
        )
    many = isinstance(f, django_filters.MultipleChoiceFilter)
    return OpenApiParameter(
        name,
        _value_type(f),
        OpenApiParameter.QUERY,
        description=description,
        many=many,
        explode=True if many else None,
        enum=[value for value, _ in f.extra["choices"]] if f.extra.get("choices") else None,
    )


def _value_type(f: django_filters.Filter):
    if isinstance(f, django_filters.BooleanFilter):
        return OpenApiTypes.BOOL
    if isinstance(f, django_filters.DateFilter):
        return OpenApiTypes.DATE
    if isinstance(f, django_filters.ModelMultipleChoiceFilter):
        model = f.extra["queryset"].model
        field = model._meta.get_field(f.extra.get("to_field_name") or model._meta.pk.name)
        return (
            OpenApiTypes.INT
            if field.get_internal_type().endswith("IntegerField")
            or (field.get_internal_type().endswith("AutoField"))
            else OpenApiTypes.STR
        )
    if isinstance(f, django_filters.MultipleChoiceFilter) and not f.extra.get("choices"):
        coerce = getattr(f.field_class(), "coerce", None)
        return OpenApiTypes.INT if coerce is int else OpenApiTypes.STR
    return OpenApiTypes.STR


def list_parameters() -> list[OpenApiParameter]:
    """Every query parameter of the letters list: the search's and the API's own."""
    return [
        *filter_parameters(),
        OpenApiParameter(
            "page",
            OpenApiTypes.INT,
            description=f"Page number, from 1 (pages reach the first {MAX_RESULTS:,} results).",
        ),
        OpenApiParameter(
            "page_size",
            OpenApiTypes.INT,
            description=f"Results per page, 1 to {MAX_PAGE_SIZE} (default {PER_PAGE}).",
        ),
        OpenApiParameter(
            "fields",
            OpenApiTypes.STR,
            description="Comma-separated top-level fields to keep, e.g. `count,results`.",
        ),
        OpenApiParameter(
            "expand",
            OpenApiTypes.STR,
            description="Comma-separated parts to add: `facets` (every facet's counts) and "
            "`filters` (the active filters, labelled).",
        ),
    ]
