"""Reads for search: full text, symbol look-up, ranking, snippets and facet counts.

Everything works on ``SearchEntry`` (DESIGN.md §5). PostgreSQL does the work:
``websearch_to_tsquery`` with the ``english_unaccent`` configuration (always
passed explicitly, never left to ``default_text_search_config``), ``ts_rank_cd``
for order, ``ts_headline`` for the shown page only, ``pg_trgm`` for names.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from collections.abc import Iterator, Sequence

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters.models import (
    CitedDocument,
    Letter,
    LetterSymbol,
    Person,
    SearchEntry,
    State,
    in_small_sample,
    public_letter_q,
)
from letters.parsing import canonical_symbol, parse_reference, split_symbol
from letters.search_cache import generation

# A name typed approximately ("Mehdiev") must reach "Agshin Mehdiyev"; trigram word
# similarity of such near-misses is 0.5–0.8, of unrelated names below 0.3.
NAME_SIMILARITY = 0.5
_HIGHLIGHT_START, _HIGHLIGHT_STOP = "\x02", "\x03"  # cannot occur in escaped text


def config() -> str:
    return settings.LETTERS_SEARCH_CONFIG


def text_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=config())


@dataclasses.dataclass(frozen=True)
class Reference:
    """What a query denotes when it is a document symbol or a resolution."""

    keys: tuple[str, ...]  # canonical keys of cited documents
    letter_ids: tuple[int, ...]  # letters in the archive carrying one of those symbols
    cited_ids: tuple[int, ...]  # CitedDocument rows for those keys


def reference(text: str) -> Reference | None:
    keys = tuple(getattr(k, "key", k) for k in parse_reference(text))
    if not keys:
        return None
    parts = {part.upper() for key in keys for part in split_symbol(key) or [key]}
    letter_ids = tuple(
        LetterSymbol.objects.filter(public_letter_q("letter__"), symbol__in=parts)
        .values_list("letter_id", flat=True)
        .distinct()
    )
    cited_ids = tuple(CitedDocument.objects.filter(key__in=keys).values_list("pk", flat=True))
    return Reference(keys=keys, letter_ids=letter_ids, cited_ids=cited_ids)


def letter_for_symbol(symbol: str) -> Letter | None:
    """The published letter carrying ``symbol`` (any dash or spacing; a joint symbol's parts)."""
    canonical = canonical_symbol(symbol) or symbol.strip()
    parts = [p.upper() for p in (split_symbol(canonical) or [canonical])]
    match = (
        LetterSymbol.objects.filter(public_letter_q("letter__"), symbol__in=parts)
        .select_related("letter")
        .first()
    )
    return match.letter if match else None


def similar_names(text: str) -> tuple[list[int], list[int]]:
    """People and States whose names ``text`` approximates, through the trigram indexes.

    ``%>`` (word similarity) is the form the GIN trigram indexes serve; its threshold is
    a setting, made local to this statement's own implicit transaction by sending both
    in one round trip.
    """
    if not 4 <= len(text) <= 100:
        return [], []
    people, states = Person._meta.db_table, State._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true); "
            f"SELECT 'person', id FROM {people} WHERE name %%> %s "
            f"UNION ALL SELECT 'state', id FROM {states} WHERE name %%> %s",
            [str(NAME_SIMILARITY), text, text],
        )
        cursor.nextset()
        rows = cursor.fetchall()
    return (
        [pk for kind, pk in rows if kind == "person"],
        [pk for kind, pk in rows if kind == "state"],
    )


@dataclasses.dataclass(frozen=True)
class TextMatch:
    """What a search box text matches, looked up once per request: its words, the
    symbol or resolution it names, and the signatories or States it approximates."""

    text: str
    reference: Reference | None
    people: tuple[int, ...]
    states: tuple[int, ...]

    @classmethod
    def build(cls, text: str) -> TextMatch:
        text = text.strip()
        people, states = similar_names(text)
        return cls(text=text, reference=reference(text), people=tuple(people), states=tuple(states))

    @property
    def query(self) -> SearchQuery:
        return text_query(self.text)

    def condition(self) -> Q:
        condition = Q(vector=self.query)
        if self.reference:
            condition |= Q(letter_id__in=self.reference.letter_ids)
            condition |= Q(cited_ids__overlap=list(self.reference.cited_ids))
        if self.people:
            condition |= Q(person_ids__overlap=list(self.people))
        if self.states:
            condition |= Q(state_ids__overlap=list(self.states))
        return condition

    @property
    def named_letter_ids(self) -> tuple[int, ...]:
        return self.reference.letter_ids if self.reference else ()


def order_results(queryset: QuerySet, *, match: TextMatch | None, sort: str) -> QuerySet:
    """Relevance (the letter a symbol names first, then ts_rank_cd) or date order."""
    if sort == "oldest":
        return queryset.order_by(F("letter_date").asc(nulls_last=True), "letter_id")
    if sort == "newest" or match is None:
        return queryset.order_by(F("letter_date").desc(nulls_last=True), "-letter_id")
    # Ordered by the expressions themselves, not by aliases: the page is later read
    # with values_list(), which would drop alias columns from the select list.
    order = [
        SearchRank(F("vector"), match.query, cover_density=True).desc(),
        F("letter_date").desc(nulls_last=True),
        "-letter_id",
    ]
    if match.named_letter_ids:
        named = Case(
            When(letter_id__in=match.named_letter_ids, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        order.insert(0, named.desc())
    return queryset.order_by(*order)


def results_through_bitmaps(total: int, *, text: bool, filtered: bool) -> bool:
    """Whether to read a page of text results through bitmap scans rather than let
    PostgreSQL walk an order's index (newest first) testing row after row.

    A filter on a session, a year or dates picks a stretch of time, so the walk can pass
    tens of thousands of newer rows, testing each one's vector, before its first match:
    measured 297 ms at 1M letters for 7,000 results, against 29 ms through the bitmaps.
    Text alone spreads its matches over time, and a large result turns up 20 matches
    within the first rows of the walk. Without text no vector is tested, and browsing a
    session walks its own index (searchentry_session_newest_idx).
    """
    return text and filtered and total <= BITMAP_PAGE_LIMIT


def highlighted_snippets(letter_ids: Sequence[int], text: str) -> dict[int, SafeString]:
    """``ts_headline`` snippets for the shown letters only, escaped before marking.

    The letter text is untrusted: PostgreSQL returns it with control-character
    markers around the hits, the whole is HTML-escaped, and only then do the
    markers become <mark> elements.
    """
    if not text.strip() or not letter_ids:
        return {}
    headlines = Letter.objects.filter(pk__in=letter_ids).annotate(
        headline=SearchHeadline(
            "body",
            text_query(text),
            config=config(),
            start_sel=_HIGHLIGHT_START,
            stop_sel=_HIGHLIGHT_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return {pk: mark(headline) for pk, headline in headlines.values_list("pk", "headline")}


def mark(headline: str) -> SafeString:
    escaped = escape(headline.replace(_HIGHLIGHT_START, "\x00s").replace(_HIGHLIGHT_STOP, "\x00e"))
    return mark_safe(escaped.replace("\x00s", "<mark>").replace("\x00e", "</mark>"))


# Counts ------------------------------------------------------------------------------------

# Counts come from a fixed sample of search rows (every 100th or every 10th letter by id,
# through partial indexes) when the sample holds at least this many matches, scaled, and
# are shown as approximate (≈). 500 sampled matches put the total within about 5 % (one
# standard error); so a search is counted exactly up to about 5,000 matches, on the
# 1-in-10 sample up to about 50,000, and on the 1-in-100 sample above that.
SAMPLED_MATCHES = 500
# Above this many matches, results are not ranked (ts_rank_cd reads every matching
# vector) but shown newest first, and the page says so.
RANK_LIMIT = 5_000

# Up to this many results, a page of them is read through the indexes' bitmaps and
# sorted, when filters are active (see results_through_bitmaps).
BITMAP_PAGE_LIMIT = 50_000

# A facet shows this many values, most letters first (selected values are always kept).
SHOWN_VALUES = 12
# Up to this many values tied at the cut are returned, so the page can break ties by name.
TIED_VALUES_LIMIT = 200


@dataclasses.dataclass(frozen=True)
class FacetColumn:
    column: str  # on the search row
    array: bool
    cast: str  # PostgreSQL type of the selected values
    # Few values, all returned (shown by value, not by count): sessions, years, kinds.
    all_values: bool = False


FACET_COLUMNS = {
    "session": FacetColumn("session_number", False, "integer[]", all_values=True),
    "agenda": FacetColumn("topic_ids", True, "integer[]"),
    "sc_year": FacetColumn("sc_year", False, "integer[]", all_values=True),
    "year": FacetColumn("year", False, "integer[]", all_values=True),
    "cited": FacetColumn("cited_ids", True, "integer[]"),
    "state": FacetColumn("state_ids", True, "integer[]"),
    "signatory": FacetColumn("person_ids", True, "integer[]"),
    "kind": FacetColumn("kind", False, "text[]", all_values=True),
    "has_annex": FacetColumn("has_annex", False, "boolean[]", all_values=True),
}


@dataclasses.dataclass(frozen=True)
class Counts:
    total: int
    # facet -> value (as text) -> letters, for the values a page can show: the
    # SHOWN_VALUES commonest (with their ties) and the selected ones.
    facets: dict[str, dict[str, int]]
    distinct: dict[str, int]  # facet -> how many values it has in all
    sample_rate: int = 1  # counted on one letter in this many, and scaled: approximate
    total_exact: bool = True  # counted exactly even when the facets were sampled

    @property
    def approximate(self) -> bool:
        return self.sample_rate > 1

    @property
    def ranked(self) -> bool:
        return self.total <= RANK_LIMIT


@contextlib.contextmanager
def bitmap_scans_only() -> Iterator[None]:
    """Make PostgreSQL reach text matches through the GIN index.

    The planner does not know that testing a row's tsvector (detoasting several KB)
    costs far more than a btree step, so for counting it may walk a btree or the whole
    table and test every row: measured 135 ms against 5 ms through the GIN bitmap on
    a 10,000-row sample. Counting needs every match anyway, so only bitmap scans are
    allowed, for the statements in this block.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off;"
            " SET LOCAL enable_indexonlyscan = off"
        )
        yield


# Browsing by facets alone (no words, no dates) repeats the same few combinations, and
# with no words to narrow it the counting reads the whole sample: those counts are
# cached, under the search table's generation (letters.search_cache).
COUNTS_CACHE_SECONDS = 300


def browse_counts(base: QuerySet, selection: dict[str, list]) -> Counts:
    """``counts`` for a page filtered by facets only, from the cache when it has them."""
    selected = json.dumps([sorted(selection.items()), settings.LETTERS_INCLUDE_SYNTHETIC])
    digest = hashlib.sha256(selected.encode()).hexdigest()[:32]  # keys safe for memcached
    key = f"letters:counts:{generation()}:{digest}"
    result = cache.get(key)
    if result is None:
        result = counts(base, selection, text=False)
        cache.set(key, result, COUNTS_CACHE_SECONDS)
    return result


def counts(base: QuerySet, selection: dict[str, list], *, text: bool) -> Counts:
    """The total and every facet's counts in one statement over the matches.

    ``base`` is the match set under the non-facet filters; each facet is counted on it
    under every selected facet but its own. The matches are read once (a materialised
    CTE), not once per facet. When the sample says they are many, the counting runs on
    the sample and is scaled: approximate, and marked so.
    """
    with bitmap_scans_only() if text else contextlib.nullcontext():
        estimate = None
        # The coarsest sample is counted first: when it holds enough matches, its counts
        # scaled are the answer, and a broad search reads only its sampled matches.
        for rate, condition in _samples():
            if estimate is not None and estimate / rate < SAMPLED_MATCHES / 4:
                break  # the coarser sample says this one would hold too few to be used
            rows = _count_rows(base.filter(condition), selection)
            matched = _matched(rows)
            estimate = matched * rate
            if matched >= SAMPLED_MATCHES:
                counted = _counts(rows, scale=rate)
                if counted.total >= SAMPLED_MATCHES * rate:
                    return counted
                # Filters narrow many matches to few: the facets may stay sampled, but a
                # small result is counted exactly (the filters' indexes make it cheap).
                total = base.filter(_selected_q(selection)).count()
                return dataclasses.replace(counted, total=total, total_exact=True)
        return _counts(_count_rows(base, selection), scale=1)


def _selected_q(selection: dict[str, list]) -> Q:
    condition = Q()
    for name, values in selection.items():
        facet = FACET_COLUMNS[name]
        lookup = "overlap" if facet.array else "in"
        condition &= Q(**{f"{facet.column}__{lookup}": list(values)})
    return condition


def _samples() -> list[tuple[int, Q]]:
    """(one letter in, the sample's condition), coarsest first."""
    return [
        (SearchEntry.SMALL_SAMPLE_RATE, in_small_sample()),
        (SearchEntry.SAMPLE_RATE, Q(in_sample=True)),
    ]


def _counts(rows: list[tuple[str, str, int, int]], *, scale: int) -> Counts:
    facets: dict[str, dict[str, int]] = {name: {} for name in FACET_COLUMNS}
    distinct: dict[str, int] = dict.fromkeys(FACET_COLUMNS, 0)
    total = 0
    for facet, value, n, values in rows:
        if facet == "":
            total = n * scale
        elif facet in facets:
            facets[facet][value] = n * scale
            distinct[facet] = values
    return Counts(
        total=total, facets=facets, distinct=distinct, sample_rate=scale, total_exact=scale == 1
    )


def _matched(rows: list[tuple[str, str, int, int]]) -> int:
    """How many rows the counted set held before any facet filter."""
    return next(n for facet, _, n, _ in rows if facet == _BASE)


_BASE = "#base"


def _count_rows(base: QuerySet, selection: dict[str, list]) -> list[tuple[str, str, int, int]]:
    """(facet, value, letters, the facet's number of values) rows, and the total and base
    counts as rows of facets "" and "#base".

    Only the values a page can show leave the database: a broad search has thousands
    of cited documents and signatories, and reading and sorting them all cost more
    than counting them (measured 30–50 ms of Python per page at 10,000 letters).
    """
    columns = ["letter_id", *(facet.column for facet in FACET_COLUMNS.values())]
    base_sql, base_params = base.values(*columns).query.sql_with_params()
    conditions = {}
    for name, values in selection.items():
        facet = FACET_COLUMNS[name]
        test = "&&" if facet.array else "= ANY"
        conditions[name] = (f"m.{facet.column} {test}(%s::{facet.cast})", list(values))

    def where(excluded: str | None) -> tuple[str, list]:
        active = [(sql, value) for name, (sql, value) in conditions.items() if name != excluded]
        return "".join(f" AND {sql}" for sql, _ in active), [value for _, value in active]

    selects, params = (
        [f"SELECT '{_BASE}' AS facet, NULL::text AS value, count(*) AS n, 1::bigint FROM m"],
        list(base_params),
    )
    total_where, total_params = where(None)
    selects.append(f"SELECT '', NULL, count(*), 1 FROM m WHERE TRUE{total_where}")
    params += total_params
    for name, facet in FACET_COLUMNS.items():
        facet_where, facet_params = where(name)
        if facet.array:
            # unnest() in the select list: a lateral join costs a function scan per row.
            counted = (
                f"SELECT value, count(*) AS n FROM (SELECT unnest(m.{facet.column}) AS value "
                f"FROM m WHERE TRUE{facet_where}) AS u WHERE value IS NOT NULL GROUP BY 1"
            )
        else:
            counted = (
                f"SELECT m.{facet.column} AS value, count(*) AS n FROM m "
                f"WHERE m.{facet.column} IS NOT NULL{facet_where} GROUP BY 1"
            )
        if facet.all_values:
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
            f"SELECT value, n, count(*) OVER () AS n_values, value = ANY(%s::{facet.cast}) "
            f"AS selected FROM ({counted}) AS c ORDER BY selected DESC, n DESC LIMIT %s"
            f") AS top) AS c_{name} WHERE by_count <= %s OR selected"
        )
        params += [name, selected, *facet_params, TIED_VALUES_LIMIT + len(selected), SHOWN_VALUES]
    sql = f"WITH m AS MATERIALIZED ({base_sql}) " + " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
