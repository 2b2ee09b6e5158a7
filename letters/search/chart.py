"""Counts over time as bar charts: letters per year (and per General Assembly session),
drawn on the server as SVG: ``templates/letters/_chart.html`` lays the chart out, its
bars and table rows are made here (``Chart.svg_bars``, ``Chart.table_rows``).

A chart is made from counts the page already has: the search page's year and session
facets (counted in the one counting statement, ``letters.search.counting``), a browse
page's letters per year (read with its total, ``letters.browse.reads.letters_with``), a
thread's letters. Every bar with letters links to the search narrowed to it; the same
numbers are listed as text under the chart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.utils.safestring import mark_safe

from letters.numbering import ordinal
from letters.search.sidebar import count_label, count_text

if TYPE_CHECKING:
    from letters.search.pipeline import SearchPage

# The SVG's coordinate box: each bar is BAR wide with GAP after it; the chart is scaled
# to the page's width (its height is fixed by the stylesheet).
BAR = 10
GAP = 2
HEIGHT = 100
# A bar with letters is at least this tall, so one letter among thousands stays visible.
MIN_BAR = 2
# The chart is at least this many bars wide: a few bars stay narrow, on the left.
MIN_SLOTS = 40
# Years (or sessions) without letters between the first and the last are drawn as
# empty slots while the range stays within this many; past it only those with letters are.
MAX_SLOTS = 120


@dataclasses.dataclass(frozen=True)
class Bar:
    """One bar: its value's label, its count, the link narrowing to it ("" for none),
    and its rectangle in the chart's coordinates."""

    label: str
    count: int
    url: str
    selected: bool
    x: int
    y: int
    height: int
    approximate: bool = False

    @property
    def width(self) -> int:
        return BAR

    @property
    def count_text(self) -> str:
        return count_text(self.count, self.approximate)

    @property
    def description(self) -> str:
        """ "2021: 12 letters", "2021: about 1,200 letters": the bar's accessible name."""
        return f"{self.label}: {count_label(self.count, self.approximate)}"


@dataclasses.dataclass(frozen=True)
class Chart:
    """A bar chart of letters per value (year, session), in the values' order."""

    name: str  # unique on the page: element ids
    title: str  # the chart's accessible name and caption
    heading: str  # the table's first column
    bars: list[Bar]
    approximate: bool

    @property
    def width(self) -> int:
        return max(len(self.bars), MIN_SLOTS) * (BAR + GAP)

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def counted(self) -> list[Bar]:
        """The bars with letters: the rows of the chart's table."""
        return [bar for bar in self.bars if bar.count]

    @property
    def first(self) -> str:
        return self.bars[0].label

    @property
    def last(self) -> str:
        return self.bars[-1].label

    @property
    def peak(self) -> Bar:
        return max(self.bars, key=lambda bar: bar.count)

    # A chart has up to a hundred bars or more (a year each since 1946): its bars and
    # rows are made here, their text escaped with the standard library's html.escape
    # (numbers need none). A template loop over them cost 30 ms a chart, and Django's
    # format_html_join 20 ms (its escape checks every argument for laziness): a search
    # page's largest share, at 100,000 letters.
    @property
    def svg_bars(self) -> str:
        """The SVG of the bars with letters: each a link named by its value and count,
        with a full-height slot to click and a tooltip."""
        return mark_safe(  # every text in it is escaped here
            "".join(
                f'<a href="{escape(bar.url)}" aria-label="{escape(bar.description)}"'
                f"{_CURRENT if bar.selected else ''}><title>{escape(bar.description)}</title>"
                f'<rect class="chart-slot" x="{bar.x}" y="0" width="{BAR}" height="{HEIGHT}"/>'
                f'<rect class="chart-bar{" selected" if bar.selected else ""}" x="{bar.x}"'
                f' y="{bar.y}" width="{BAR}" height="{bar.height}"/></a>'
                for bar in self.bars
                if bar.url
            )
        )

    @property
    def table_rows(self) -> str:
        """The table's rows: each value with letters, linked like its bar, and its count."""
        return mark_safe(  # every text in it is escaped here
            "\n".join(
                f'<tr><th scope="row"><a href="{escape(bar.url)}"'
                f"{_CURRENT if bar.selected else ''}>{escape(bar.label)}</a></th>"
                f"<td>{escape(bar.count_text)}</td></tr>"
                for bar in self.counted
            )
        )


_CURRENT = ' aria-current="true"'


def bar_chart(
    name: str,
    title: str,
    heading: str,
    counts: Mapping[int, int],
    *,
    url: Callable[[int], str],
    label: Callable[[int], str] = str,
    selected: Collection[int] = (),
    approximate: bool = False,
) -> Chart | None:
    """The chart of ``counts`` (value -> letters), or None without any letters. Values
    with none between the first and the last are empty slots (when the range is within
    MAX_SLOTS), so time runs evenly along the chart."""
    values = sorted(v for v, n in counts.items() if v is not None and n > 0)
    if not values:
        return None
    if values[-1] - values[0] < MAX_SLOTS:
        values = list(range(values[0], values[-1] + 1))
    peak = max(counts[v] for v in values if counts.get(v))
    bars = []
    for position, value in enumerate(values):
        n = counts.get(value, 0)
        height = max(MIN_BAR, round(HEIGHT * n / peak)) if n else 0
        bars.append(
            Bar(
                label=label(value),
                count=n,
                url=url(value) if n else "",
                selected=value in selected,
                x=position * (BAR + GAP),
                y=HEIGHT - height,
                height=height,
                approximate=approximate,
            )
        )
    return Chart(name, title, heading, bars, approximate)


def year_chart(counts: Mapping[int, int], *, url: Callable[[int], str], **options) -> Chart | None:
    """Letters per year."""
    return bar_chart("years", "Letters per year", "Year", counts, url=url, **options)


def session_chart(
    counts: Mapping[int, int], *, url: Callable[[int], str], **options
) -> Chart | None:
    """Letters per General Assembly session."""
    return bar_chart(
        "sessions",
        "Letters per General Assembly session",
        "Session",
        counts,
        url=url,
        label=lambda n: f"{ordinal(n)} session",
        **options,
    )


def search_charts(page: SearchPage) -> list[Chart]:
    """The search page's charts, from its year and session facet counts (each counted
    under every filter but its own, in the statement that counts the facets): letters per
    year, and per session when any match is a General Assembly document. A bar narrows
    the search to its year or session (the selected one's bar takes the filter off)."""
    params = page.params

    def selected(name: str) -> set[int]:
        return {int(v) for v in params.getlist(name) if v.isdigit()}

    def narrowed(name: str) -> Callable[[int], str]:
        # The page's query string without this facet and the page number is made once;
        # a bar adds its value (the selected one's bar takes the facet off).
        kept = urlencode(
            [(k, v) for k, vs in params.lists() if k not in (name, "page") for v in vs]
        )
        chosen = selected(name)

        def url(value: int) -> str:
            if value in chosen:
                return f"?{kept}"
            return f"?{kept}&{name}={value}" if kept else f"?{name}={value}"

        return url

    facets = page.counts.facets
    charts = [
        year_chart(
            {int(v): n for v, n in facets.get("year", {}).items()},
            url=narrowed("year"),
            selected=selected("year"),
            approximate=page.counts.approximate,
        ),
        session_chart(
            {int(v): n for v, n in facets.get("session", {}).items()},
            url=narrowed("session"),
            selected=selected("session"),
            approximate=page.counts.approximate,
        ),
    ]
    return [chart for chart in charts if chart is not None]
