"""What the search page shows of its facets: the sidebar's groups and the active chips.

Both are made from the facet registry (``letters.search.facets``) and labelled by the same
function, so a value reads the same in the sidebar and on its chip. Every link is the
current query string with one value toggled, back to the first page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from html import escape
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.safestring import mark_safe

from letters.search.counting import SHOWN_VALUES, Counts
from letters.search.facets import FACETS, FACETS_BY_NAME, read_labels


@dataclasses.dataclass(frozen=True)
class FacetValue:
    """One value of a facet in the sidebar: its label, its count and the link that toggles it."""

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
        return count_text(self.count, self.approximate)

    @property
    def count_label(self) -> str:
        return count_label(self.count, self.approximate)


def count_text(count: int, approximate: bool = False) -> str:
    """A count of letters as figures: "12", "≈1,200" when estimated from a sample."""
    return f"{'≈' if approximate else ''}{count:,}"


def count_label(count: int, approximate: bool = False) -> str:
    """A count of letters in words: "1 letter", "about 1,200 letters"."""
    about = "about " if approximate else ""
    return f"{about}{count:,} letter{'' if count == 1 else 's'}"


@dataclasses.dataclass(frozen=True)
class FacetGroup:
    """One facet's group in the sidebar: the values shown and how many are not."""

    name: str
    label: str
    values: list[FacetValue]
    more: int = 0  # values not shown

    # A sidebar lists about a hundred values: their items are made here, as the chart's
    # bars are (``letters.search.chart``), their texts escaped with html.escape. A
    # template loop resolved six variables and two conditions a value: measured at 10,000
    # letters, the page's template took 8–9 ms with it and 6 ms without.
    @property
    def items_html(self) -> str:
        """The group's list items: each value's link (marked current when selected), with
        its count, and its detail after the link."""
        return mark_safe(  # every text in it is escaped here
            "\n".join(
                f'<li><a href="{escape(v.url)}"{_SELECTED if v.selected else ""}>'
                f'<span class="facet-label">{escape(v.label)}</span> '
                f'<span class="count" aria-label="{escape(v.count_label)}">'
                f"{escape(v.count_text)}</span></a>"
                + (f' <span class="facet-detail">{escape(v.detail)}</span>' if v.detail else "")
                + "</li>"
                for v in self.values
            )
        )


_SELECTED = ' aria-current="true" class="selected"'


@dataclasses.dataclass(frozen=True)
class Chip:
    """An active filter shown above the results, with the link that removes it."""

    name: str
    label: str
    value: str
    remove_url: str


def toggled(params: QueryDict, name: str, value: str, *, single: bool = False) -> str:
    """The query string with ``value`` of ``name`` added or removed; back to page 1."""
    return toggler(params, name, single=single)(value)


def toggler(params: QueryDict, name: str, *, single: bool = False) -> Callable[[str], str]:
    """``toggled`` for the values of one facet: the query string around the facet's own
    values is encoded once, not once a value (a sidebar links about a hundred values)."""
    query = _lists(params)
    current = query.setdefault(name, [])  # a facet not in the query string goes last
    keys = list(query)
    at = keys.index(name)
    before, after = (
        urlencode([(key, v) for key in part for v in query[key]])
        for part in (keys[:at], keys[at + 1 :])
    )

    def link(value: str) -> str:
        if value in current:
            values = list(current)
            values.remove(value)
        elif single:
            values = [value]
        else:
            values = [*current, value]
        own = urlencode([(name, v) for v in values])
        return "?" + "&".join(part for part in (before, own, after) if part)

    return link


def removed(params: QueryDict, name: str) -> str:
    """The query string without any value of ``name``; back to page 1."""
    query = _lists(params)
    query.pop(name, None)
    return _query_string(query)


def _lists(params: QueryDict) -> dict[str, list[str]]:
    # A page shows a hundred facet links; QueryDict.copy() deep-copies for each one.
    return {key: list(values) for key, values in params.lists() if key != "page"}


def _query_string(query: dict[str, list[str]]) -> str:
    return "?" + urlencode([(key, v) for key, values in query.items() for v in values])


def facets_and_chips(
    counts: Counts,
    params: QueryDict,
    selection: Mapping[str, list],
    ranges: Mapping[str, object],
    range_labels: Mapping[str, str],
) -> tuple[list[FacetGroup], list[Chip]]:
    """The sidebar's groups and the chips of the active filters; the labels of both are
    read together (one query for every facet whose values are table rows)."""
    # counting returns the values a page can show: the commonest with their ties, and
    # the selected ones. Their labels are read so ties sort by name.
    by_facet = {
        facet.name: {facet.values.parse(v): n for v, n in counts.facets[facet.name].items()}
        for facet in FACETS
    }
    labels = read_labels(
        {
            facet.name: {*by_facet[facet.name], *selection.get(facet.name, ())}
            for facet in FACETS
            if by_facet[facet.name] or facet.name in selection
        }
    )
    groups = [
        _group(
            facet.name,
            by_facet[facet.name],
            labels.get(facet.name, {}),
            set(selection.get(facet.name, ())),
            counts,
            params,
        )
        for facet in FACETS
    ]
    chips = []
    for name, values in selection.items():
        facet, shown = FACETS_BY_NAME[name], labels.get(name, {})
        for value in values:
            if value in shown:
                param, text = shown[value]
                remove = removed(params, name) if facet.single else toggled(params, name, param)
                chips.append(Chip(name, facet.label, text, remove))
    for name, value in ranges.items():
        text = value.isoformat() if hasattr(value, "isoformat") else str(value)
        chips.append(Chip(name, range_labels[name], text, removed(params, name)))
    return groups, chips


def _group(
    name: str,
    by_value: dict,
    labels: dict,
    selected: set,
    counts: Counts,
    params: QueryDict,
) -> FacetGroup:
    facet = FACETS_BY_NAME[name]
    if facet.order == "value":
        ordered = sorted(by_value, reverse=True)
    else:
        ordered = sorted(by_value, key=lambda v: (-by_value[v], labels.get(v, ("", ""))[1]))
    # Selected values stay visible whatever their rank.
    shown = ordered[:SHOWN_VALUES] + [v for v in ordered[SHOWN_VALUES:] if v in selected]
    details = facet.details(shown) if facet.details and shown else {}
    link = toggler(params, name, single=facet.single)
    values = [
        FacetValue(
            param=labels[v][0],
            label=labels[v][1],
            count=by_value[v],
            selected=v in selected,
            url=link(labels[v][0]),
            detail=details.get(v, ""),
            approximate=counts.approximate,
        )
        for v in shown
        if v in labels
    ]
    return FacetGroup(name, facet.label, values, more=max(0, counts.distinct[name] - len(shown)))
