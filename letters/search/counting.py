"""Counting a search: its total and every facet's counts, in one statement.

Each facet of the registry (``letters.search.facets.FACETS``) is counted on the matches under
every selected facet but its own (DESIGN.md §5), over the search rows' columns: no
joins. Broad searches are counted on a fixed sample of rows and scaled; such counts are
marked approximate, and the page says so.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence

from django.core.exceptions import EmptyResultSet
from django.db.models import Q, QuerySet
from django.db.models.expressions import Combinable

from letters.models import SearchEntry, in_small_sample
from letters.search.cache import cached
from letters.search.facets import FACETS, FACETS_BY_NAME, selection_q
from letters.search.query import fetch

# Counts come from a fixed sample of search rows (every 100th or every 10th letter by id,
# through partial indexes) when the sample holds at least this many matches, scaled, and
# are shown as approximate (≈). 500 sampled matches put the total within about 5 % (one
# standard error); so a search is counted exactly up to about 5,000 matches, on the
# 1-in-10 sample up to about 50,000, and on the 1-in-100 sample above that.
SAMPLED_MATCHES = 500

# A facet shows this many values, most letters first (selected values are always kept).
SHOWN_VALUES = 12
# Up to this many values tied at the cut are returned, so the page can break ties by name.
TIED_VALUES_LIMIT = 200

# A selection: facet name -> the values selected, as the search row stores them.
Selection = Mapping[str, Sequence]


@dataclasses.dataclass(frozen=True)
class Counts:
    """A search's counts: the total and, per facet, the letters of each value a page can
    show; scaled from a sample when ``sample_rate`` is above 1."""

    total: int
    # facet -> value (as text) -> letters, for the values a page can show: the
    # SHOWN_VALUES commonest (with their ties) and the selected ones.
    facets: dict[str, dict[str, int]]
    distinct: dict[str, int]  # facet -> how many values it has in all
    sample_rate: int = 1  # counted on one letter in this many, and scaled: approximate
    total_exact: bool = True  # counted exactly even when the facets were sampled
    # The letter ids of the window asked for (``Window``), in its order, when every match
    # was counted; None when a sample was (or no window was asked for).
    window_ids: tuple[int, ...] | None = None

    @property
    def approximate(self) -> bool:
        """Whether the facet counts were counted on a sample and scaled."""
        return self.sample_rate > 1


@dataclasses.dataclass(frozen=True)
class Window:
    """A stretch of the matches in an order, read by the statement that counts every
    match: ``limit`` of them from ``offset``, under every selected facet, sorted by
    ``keys`` (expressions over the search row, each descending with nulls last).

    Sorting by relevance reads every match's vector (``ts_rank_cd``), as checking a
    phrase does: in the counting statement, the matches and their vectors are read once
    for both. For a phrase at a million letters the statement took 85 ms where counting
    and then ranking took 82 and 87 ms.
    """

    keys: Sequence[Combinable]
    offset: int
    limit: int


# Browsing by facets alone (no words, no dates) repeats the same few combinations, and
# with no words to narrow it the counting reads the whole sample: those counts are
# cached, under the publication version (letters.search.cache).
COUNTS_CACHE_SECONDS = 300


def browse_counts(base: QuerySet, selection: Selection) -> Counts:
    """``counts`` for a page filtered by facets only, from the cache when it has them."""
    parts = (sorted(selection.items()),)
    return cached(
        "counts", parts, lambda: counts(base, selection, text=False), COUNTS_CACHE_SECONDS
    )


def counts(
    base: QuerySet,
    selection: Selection,
    *,
    text: bool,
    window: Window | None = None,
    rows_checked: bool = False,
) -> Counts:
    """The total and every facet's counts over the matches, and ``window``'s letter ids
    when every match is counted.

    ``base`` is the match set under the non-facet filters; each facet is counted on it
    under every selected facet but its own. Each counting is one statement that reads the
    matches once (a materialised CTE), not once per facet. The first statement probes
    the coarse samples (1 in 100; with ``rows_checked``, 1 in 1,000 first, where the
    archive is large enough), and counts the first that holds SAMPLED_MATCHES matches:
    its counts, scaled and marked approximate, are the answer. When the last says the
    1-in-10 sample cannot hold enough matches to be used (``_may_hold``), that same
    statement counts every match exactly. Otherwise the 1-in-10 sample is counted, and
    failing it every match. A sample's total is counted exactly (one more statement)
    when the selected facets leave few of its matches. One statement for most searches;
    with ``text``, through bitmap scans only (``query.fetch``).
    """
    samples = _samples(rows_checked=rows_checked)
    # The first statement probes every sample but the finest, coarsest first (each lies
    # inside the next): a sample after one that holds enough is not read.
    probes, finer = (samples[:-1], samples[-1:]) if len(samples) > 1 else (samples, [])
    # It counts every match too when the last probe says the finest sample cannot hold
    # enough matches to be used (or there is none): fewer than this.
    exact_below = SAMPLED_MATCHES
    if finer:
        exact_below = min(exact_below, _fewest_that_may_hold(probes[-1][0] / finer[-1][0]))
    rows = _first_count_rows(
        base, probes, selection, exact_below=exact_below, text=text, window=window
    )
    matched, rate = _probed(rows)
    if matched >= SAMPLED_MATCHES:
        return _sampled(rows, rate, base, selection, text=text, rows_checked=rows_checked)
    if matched < exact_below:
        return _counts(rows, scale=1, windowed=window is not None)
    if finer and _may_hold(matched, rate / finer[0][0]):
        finest_rate, condition = finer[0]
        rows = _count_rows(base.filter(condition), selection, text=text)
        if _matched(rows) >= SAMPLED_MATCHES:
            return _sampled(
                rows, finest_rate, base, selection, text=text, rows_checked=rows_checked
            )
    rows = _count_rows(base, selection, text=text, window=window)
    return _counts(rows, scale=1, windowed=window is not None)


def _may_hold(matched: int, ratio: float) -> bool:
    """Whether a sample ``ratio`` times the size of one that held ``matched`` matches may
    hold SAMPLED_MATCHES: within two standard errors of its expected count (a sample's
    matches are about Poisson: their standard error is the root of their number).

    A sample that cannot hold enough is not counted: at a million letters the 1-in-10
    sample of searches of 2,000 to 3,000 matches cost 4–13 ms to be thrown away.
    """
    return (matched + 2 * math.sqrt(matched)) * ratio >= SAMPLED_MATCHES


def _fewest_that_may_hold(ratio: float) -> int:
    """The fewest matches of a sample for which ``_may_hold(matched, ratio)``."""
    return math.ceil((math.sqrt(1 + SAMPLED_MATCHES / ratio) - 1) ** 2)


def _sampled(
    rows,
    rate: int,
    base: QuerySet,
    selection: Selection,
    *,
    text: bool,
    rows_checked: bool = False,
) -> Counts:
    """A sample's counts scaled; its total counted exactly when filters leave few.

    With ``rows_checked`` (each candidate's vector is read), the total under the filters
    is first counted on the finer samples that may hold SAMPLED_MATCHES of it, and
    exactly only when none does: at a million letters "united nations" in one session
    read 12,000 vectors to count its total exactly (219 ms)."""
    counted = _counts(rows, scale=rate)
    if counted.total >= SAMPLED_MATCHES * rate:
        return counted
    # Filters narrow many matches to few: the facets may stay sampled, but a small
    # result is counted exactly (the filters' indexes make it cheap for words).
    narrowed = base.filter(selection_q(selection))
    if rows_checked:
        matched = counted.total // rate
        for finer_rate, condition in _samples(rows_checked=True):
            if finer_rate >= rate or not _may_hold(matched, rate / finer_rate):
                continue
            matched, rate = _count(narrowed.filter(condition), text=text), finer_rate
            if matched >= SAMPLED_MATCHES:
                return dataclasses.replace(counted, total=matched * rate, total_exact=False)
    total = _count(narrowed, text=text)
    return dataclasses.replace(counted, total=total, total_exact=True)


def _count(queryset: QuerySet, *, text: bool) -> int:
    """How many rows ``queryset`` holds: one statement, through bitmaps with ``text``."""
    try:
        sql, params = queryset.values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0
    ((total,),) = fetch(f"SELECT count(*) FROM ({sql}) AS r", params, bitmap_scans_only=text)
    return total


def _samples(*, rows_checked: bool = False) -> list[tuple[int, Q]]:
    """(one letter in, the sample's condition), coarsest first.

    A search whose rows are each checked by reading their vector (``rows_checked``: a
    phrase's positions, 35 µs a row at a million letters) has the 1-in-1,000 sample
    first, in an archive large enough for it to hold SAMPLED_MATCHES letters (in a
    smaller one it would only add work): a phrase in most of a million letters read
    10,000 vectors in the 1-in-100 sample (310–400 ms) where 1,000 hold enough matches.
    """
    samples = [
        (SearchEntry.SMALL_SAMPLE_RATE, in_small_sample()),
        (SearchEntry.SAMPLE_RATE, Q(in_sample=True)),
    ]
    rate = SearchEntry.COARSE_SAMPLE_RATE
    if rows_checked and archive_size() >= SAMPLED_MATCHES * rate:
        samples.insert(0, (rate, in_small_sample(rate)))
    return samples


def archive_size() -> int:
    """About how many letters the public search reads: its 1-in-SMALL_SAMPLE_RATE
    sample counted (through the sample's partial index) and scaled, cached under the
    publication version (letters.search.cache)."""
    # An hour: entries of past versions are never read again, and should not pile up.
    return cached("archive-size", (), _archive_size, 3600)


def _archive_size() -> int:
    sample = SearchEntry.objects.public().filter(in_small_sample())
    return sample.count() * SearchEntry.SMALL_SAMPLE_RATE


def _counts(rows: list[tuple[str, str, int, int]], *, scale: int, windowed: bool = False) -> Counts:
    """The counting rows as Counts; with ``windowed``, the rows hold a window's ids."""
    facets: dict[str, dict[str, int]] = {facet.name: {} for facet in FACETS}
    distinct: dict[str, int] = dict.fromkeys(facets, 0)
    total = 0
    window: list[tuple[int, int]] = []  # (place, letter id)
    for facet, value, n, values in rows:
        if facet == "":
            total = n * scale
        elif facet in facets:
            facets[facet][value] = n * scale
            distinct[facet] = values
        elif facet == _WINDOW:
            window.append((n, int(value)))
    return Counts(
        total=total,
        facets=facets,
        distinct=distinct,
        sample_rate=scale,
        total_exact=scale == 1,
        window_ids=tuple(pk for _, pk in sorted(window)) if windowed else None,
    )


def _matched(rows: list[tuple[str, str, int, int]]) -> int:
    """How many rows the counted set held before any facet filter (``_BASE``)."""
    return next(n for name, _, n, _ in rows if name == _BASE)


def _probed(rows: list[tuple[str, str, int, int]]) -> tuple[int, int]:
    """How many matches the sample the first statement probed held, and its rate."""
    return next((n, rate) for name, _, n, rate in rows if name == _PROBE)


_BASE, _PROBE, _WINDOW = "#base", "#probe", "#window"


def _count_rows(
    base: QuerySet, selection: Selection, *, text: bool, window: Window | None = None
) -> list[tuple[str, str, int, int]]:
    """(facet, value, letters, the facet's number of values) rows over ``base``, the
    total and base counts as rows of facets "" and "#base", and ``window``'s letters as
    rows of facet "#window" (the letter id, its place)."""
    base_sql, base_params = _matched_rows(base, window)
    sql, params = _counting_sql(selection, window)
    return fetch(
        f"WITH m AS MATERIALIZED ({base_sql}) {sql}",
        [*base_params, *params],
        bitmap_scans_only=text,
    )


def _first_count_rows(
    base: QuerySet,
    probes: Sequence[tuple[int, Q]],
    selection: Selection,
    *,
    exact_below: int,
    text: bool,
    window: Window | None,
) -> list[tuple[str, str, int, int]]:
    """``_count_rows`` of the first of the ``probes`` (samples as (one letter in, its
    condition), coarsest first) that holds SAMPLED_MATCHES matches; of every match (and
    ``window``) when none does and the last holds fewer than ``exact_below``; else of
    none. And, as the row of facet "#probe", how many matches the probed sample holds and
    its rate (the last probe's when none held enough). One statement: a branch not taken
    is not read (its condition is settled before it starts)."""
    enough = int(SAMPLED_MATCHES)
    ctes, cte_params = [], []
    for n, (_, condition) in enumerate(probes):
        sample_sql, sample_params = (
            base.filter(condition).values(*_columns()).query.sql_with_params()
        )
        if n == 0:
            ctes.append(f"s0 AS MATERIALIZED ({sample_sql})")
        else:
            # The coarser sample's matches when it holds enough, else this sample's.
            held = f"(SELECT count(*) FROM s{n - 1}) >= {enough}"
            ctes.append(
                f"s{n} AS MATERIALIZED (SELECT * FROM s{n - 1} WHERE {held}"
                f" UNION ALL SELECT * FROM ({sample_sql}) AS p WHERE NOT {held})"
            )
        cte_params += sample_params
    sample = f"s{len(probes) - 1}"
    rates = "".join(
        f" WHEN (SELECT count(*) FROM s{n}) >= {enough} THEN {int(rate)}"
        for n, (rate, _) in enumerate(probes[:-1])
    )
    rate = f"CASE{rates} ELSE {int(probes[-1][0])} END" if rates else str(int(probes[-1][0]))
    base_sql, base_params = _matched_rows(base, window)
    probed = f"(SELECT count(*) FROM {sample})"
    sql, params = _counting_sql(
        selection, window, exact=f"{probed} < %s", exact_params=[exact_below]
    )
    # The sample's rows have no window keys: the window is read when every match is.
    no_keys = "".join(f", NULL AS {key}" for key in _window_keys(window))
    return fetch(
        f"WITH {', '.join(ctes)}, m AS MATERIALIZED ("
        f"SELECT *{no_keys} FROM {sample} WHERE {probed} >= %s"
        f" UNION ALL SELECT * FROM ({base_sql}) AS b WHERE {probed} < %s) "
        f"SELECT '{_PROBE}'::text, NULL::text, {probed}, ({rate})::bigint UNION ALL {sql}",
        [*cte_params, SAMPLED_MATCHES, *base_params, exact_below, *params],
        bitmap_scans_only=text,
    )


def _matched_rows(base: QuerySet, window: Window | None) -> tuple[str, list]:
    """SQL of the matches' counted columns, and the window's keys when there is one."""
    if window is None:
        return base.values(*_columns()).query.sql_with_params()
    keys = dict(zip(_window_keys(window), window.keys, strict=True))
    return base.annotate(**keys).values(*_columns(), *keys).query.sql_with_params()


def _window_keys(window: Window | None) -> list[str]:
    """The names of the window's keys as columns of ``m``."""
    return [f"window_key_{n}" for n in range(len(window.keys))] if window else []


def _columns() -> list[str]:
    return ["letter_id", *(facet.column for facet in FACETS)]


def _counting_sql(
    selection: Selection,
    window: Window | None = None,
    *,
    exact: str = "TRUE",
    exact_params: Sequence = (),
) -> tuple[str, list]:
    """The selects of the counting rows over the CTE ``m`` (``_count_rows``), and of the
    window's rows when ``exact`` (SQL settled before the statement reads ``m``: the window
    is read only when ``m`` holds every match).

    Only the values a page can show leave the database: a broad search has thousands
    of cited documents and signatories, and reading and sorting them all cost more
    than counting them (measured 30–50 ms of Python per page at 10,000 letters).
    """
    conditions = {}
    for name, values in selection.items():
        facet = FACETS_BY_NAME[name]
        test = "&&" if facet.array else "= ANY"
        conditions[name] = (f"m.{facet.column} {test}(%s::{facet.values.cast})", list(values))

    def where(excluded: str | None) -> tuple[str, list]:
        active = [(sql, value) for name, (sql, value) in conditions.items() if name != excluded]
        return "".join(f" AND {sql}" for sql, _ in active), [value for _, value in active]

    selects, params = (
        [f"SELECT '{_BASE}' AS facet, NULL::text AS value, count(*) AS n, 1::bigint FROM m"],
        [],
    )
    total_where, total_params = where(None)
    selects.append(f"SELECT '', NULL, count(*), 1 FROM m WHERE TRUE{total_where}")
    params += total_params
    for facet in FACETS:
        name, column = facet.name, facet.column
        facet_where, facet_params = where(name)
        if facet.array:
            # unnest() in the select list: a lateral join costs a function scan per row.
            counted = (
                f"SELECT value, count(*) AS n FROM (SELECT unnest(m.{column}) AS value "
                f"FROM m WHERE TRUE{facet_where}) AS u WHERE value IS NOT NULL GROUP BY 1"
            )
        else:
            counted = (
                f"SELECT m.{column} AS value, count(*) AS n FROM m "
                f"WHERE m.{column} IS NOT NULL{facet_where} GROUP BY 1"
            )
        if facet.few:
            selects.append(
                f"SELECT %s, value::text, n, count(*) OVER () FROM ({counted}) AS c_{name}"
            )
            params += [name, *facet_params]
            continue
        # The commonest values with every value tied with the last of them (up to a
        # limit, so the page can order ties by label), and the selected ones. ORDER BY
        # with LIMIT keeps a bounded heap instead of sorting thousands of values.
        selected = conditions.get(name, (None, []))[1]
        selects.append(
            f"SELECT %s, value::text, n, n_values FROM ("
            f"SELECT *, rank() OVER (ORDER BY n DESC) AS by_count FROM ("
            f"SELECT value, n, count(*) OVER () AS n_values, value = ANY(%s::{facet.values.cast}) "
            f"AS selected FROM ({counted}) AS c ORDER BY selected DESC, n DESC LIMIT %s"
            f") AS top) AS c_{name} WHERE by_count <= %s OR selected"
        )
        params += [name, selected, *facet_params, TIED_VALUES_LIMIT + len(selected), SHOWN_VALUES]
    if window is not None:
        order = ", ".join(f"{key} DESC NULLS LAST" for key in _window_keys(window))
        selects.append(
            f"SELECT '{_WINDOW}', letter_id::text, place, 0 FROM (SELECT m.letter_id,"
            f" row_number() OVER (ORDER BY {order}) AS place FROM m WHERE {exact}{total_where}"
            f" ORDER BY place OFFSET %s LIMIT %s) AS w"
        )
        params += [*exact_params, *total_params, window.offset, window.limit]
    return " UNION ALL ".join(selects), params
