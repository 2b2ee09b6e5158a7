"""Reads for search: the search text's bounds and look-ups (words, symbols, names),
ranking, snippets, and the planner settings the counting and paging read under.

Everything works on ``SearchEntry`` (DESIGN.md §5). PostgreSQL does the work:
``websearch_to_tsquery`` in the configuration of each language the archive holds,
OR-ed (always passed explicitly, never left to ``default_text_search_config``),
``ts_rank_cd`` for order, ``ts_headline`` for the shown page only, ``pg_trgm`` for names.
"""

from __future__ import annotations

import dataclasses
import operator
import re
from collections.abc import Mapping, Sequence
from functools import reduce

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorExact
from django.core.exceptions import EmptyResultSet
from django.db import connection, connections, router
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.sql import Query
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters.models import (
    CitedDocument,
    Letter,
    LetterSymbol,
    Person,
    SearchEntry,
    State,
    public_letter_q,
)
from letters.parsing import canonical_symbol, parse_reference, split_symbol
from letters.search import indexing
from letters.search.cache import cached

# A name typed approximately ("Mehdiev") must reach "Agshin Mehdiyev"; trigram word
# similarity of such near-misses is 0.5–0.8, of unrelated names below 0.3.
NAME_SIMILARITY = 0.5
# ts_headline's markers around a hit: control characters, which cannot occur in the
# escaped text (and are removed from the texts the letter page marks).
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"


# A search text is cut to this many terms and characters before it reaches PostgreSQL:
# websearch_to_tsquery's work grows with every term (a word repeated 300 times took
# 17 s), and no researcher's query comes near. The page says what was cut.
MAX_QUERY_TERMS = 20
MAX_QUERY_CHARACTERS = 256


@dataclasses.dataclass(frozen=True)
class BoundedText:
    """A search text within the bounds, and what was cut from it."""

    text: str  # what is searched
    cut: str  # what was left out ("" when nothing was)


def bounded_text(text: str) -> BoundedText:
    """``text`` within MAX_QUERY_TERMS terms and MAX_QUERY_CHARACTERS characters, cut
    at a term boundary."""
    terms = text.split()
    kept: list[str] = []
    length = 0
    for term in terms[:MAX_QUERY_TERMS]:
        length += len(term) + bool(kept)
        if length > MAX_QUERY_CHARACTERS:
            break
        kept.append(term)
    if len(kept) == len(terms):
        return BoundedText(" ".join(terms), "")
    if not kept:  # one enormous term: keep its start
        return BoundedText(terms[0][:MAX_QUERY_CHARACTERS], " ".join(terms)[MAX_QUERY_CHARACTERS:])
    return BoundedText(" ".join(kept), " ".join(terms[len(kept) :]))


def languages_in_archive() -> tuple[str, ...]:
    """The languages the published letters (and their versions) are written in, cached
    under the publication version (letters.search.cache)."""
    # An hour: entries of past versions are never read again, and should not pile up.
    return cached("languages", (), _languages_in_archive, 3600)


def _languages_in_archive() -> tuple[str, ...]:
    # One look-up in the languages index per language, in one statement, where a
    # DISTINCT over the column would read every row. Through the index only: for a
    # language it estimates at 0.5 % of rows, PostgreSQL expects a scan of the table to
    # meet one within 200 rows, and where no letter has it the scan reads them all (at a
    # million English letters, five such scans passed the 3 s statement timeout: every
    # search failed until the entry was cached). The index reads an absent language in
    # 0.02 ms, and one every letter has in 132 ms: at most once an hour and a
    # publication version (``languages_in_archive``).
    entries = SearchEntry.objects.public()
    probes = [
        entries.filter(languages__contains=[code]).values_list(Value(code))[:1]
        for code in indexing.SEARCH_CONFIGS
    ]
    union = probes[0].union(*probes[1:], all=True)
    return tuple(code for (code,) in fetch_queryset(union, bitmap_scans_only=True))


def query_configs() -> tuple[str, ...]:
    """The text search configurations a search text is read in: one per language in
    the archive (a French word must meet French stems), English when there is none."""
    configs = dict.fromkeys(indexing.search_config(code) for code in languages_in_archive())
    return tuple(configs) or (indexing.DEFAULT_SEARCH_CONFIG,)


def text_query(text: str, configs: Sequence[str]) -> SearchQuery:
    """The websearch query of ``text`` in each configuration, OR-ed."""
    return reduce(
        operator.or_,
        (SearchQuery(text, search_type="websearch", config=config) for config in configs),
    )


@dataclasses.dataclass(frozen=True)
class Reference:
    """What a query denotes when it is a document symbol or a resolution."""

    keys: tuple[str, ...]  # canonical keys of cited documents
    letter_ids: tuple[int, ...]  # letters in the archive carrying one of those symbols
    cited_ids: tuple[int, ...]  # CitedDocument rows for those keys


def reference(text: str) -> Reference | None:
    """What ``text`` denotes as document symbols or resolutions: their canonical keys, the
    published letters carrying them and the cited documents; None (no query) when it names
    none, else two queries."""
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
    a setting, in force for this one statement (``fetch``), which may use the indexes
    only. Every name at the threshold counts, even when another holds the text whole: one
    person's name spelled two ways ("Aliev", "Aliyev") is two rows (decisions.md, "Names
    approximated even when one is spelled out whole").
    """
    if not 4 <= len(text) <= 100:
        return [], []
    people, states = Person._meta.db_table, State._meta.db_table
    rows = fetch(
        f"SELECT 'person', id FROM {people} WHERE name %%> %s "
        f"UNION ALL SELECT 'state', id FROM {states} WHERE name %%> %s",
        [text, text],
        bitmap_scans_only=True,
        settings={"pg_trgm.word_similarity_threshold": str(NAME_SIMILARITY)},
    )
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
    configs: tuple[str, ...]  # the text search configurations the text is read in

    @classmethod
    def build(cls, text: str) -> TextMatch:
        """Look ``text`` up: similar names (one query for 4 to 100 characters), its reference
        (none or two) and the configurations (one query when the languages are not cached)."""
        text = text.strip()
        people, states = similar_names(text)
        return cls(
            text=text,
            reference=reference(text),
            people=tuple(people),
            states=tuple(states),
            configs=query_configs(),
        )

    @property
    def query(self) -> SearchQuery:
        """The websearch query of the text in every configuration, OR-ed."""
        return text_query(self.text, self.configs)

    def words(self) -> Q:
        """The search rows the text's words match (``words_condition``)."""
        return words_condition(self.text, self.configs)

    @property
    def checks_positions(self) -> bool:
        """Whether the text quotes a phrase: then every row its indexes pass has its
        words' positions checked in its vector, a read of the vector per row."""
        return _QUOTED.search(self.text) is not None

    def condition(self) -> Q:
        """The search rows the text matches: by its words, by carrying or citing the symbol
        it names, or by a signatory or sender State it approximates."""
        condition = self.words()
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
        """The published letters carrying the symbol the text names."""
        return self.reference.letter_ids if self.reference else ()


# A quoted phrase of a websearch text.
_QUOTED = re.compile(r'"([^"]*)"')
# The end of a text before a quote that websearch_to_tsquery negates: a "-" that starts
# a token, then only whitespace and the characters it reads as operators ("- ( " negates;
# "peace- " and "-, " do not). Measured on PostgreSQL 18 for every ASCII punctuation
# character.
_NEGATING = re.compile(r"(?:^|[\s!&()<|])-+[\s!&()<|]*$")


def required_phrases(text: str) -> list[str]:
    """The quoted phrases of a websearch ``text`` that every match holds: none when the
    text has an unbalanced quote, or an "or" outside the quotes (either can make a phrase
    optional). A phrase with a "-" before it (with only spaces or operators between) is
    not counted as required: it is excluded, or twice negated, which this does not
    follow."""
    if text.count('"') % 2:
        return []
    if re.search(r"(?i)\bor\b", _QUOTED.sub(" ", text)):
        return []
    return [
        match.group(1)
        for match in _QUOTED.finditer(text)
        if not _NEGATING.search(text[: match.start()])
    ]


def words_condition(text: str, configs: Sequence[str]) -> Q:
    """The search rows whose words ``text`` matches (``vector @@`` its websearch query)
    and that hold the word pairs of its required phrases (``SearchEntry.phrase_pairs``):
    a letter holding a phrase as written holds its pairs, so their GIN index passes
    every such letter, and few others, to the check of the words' positions in the
    vector.

    The pairs are a phrase's own vector's (``to_tsvector``), each with the gap its stop
    words leave. So a stop word's place in a phrase takes a stop word or nothing, where
    PostgreSQL's phrase query alone takes any word there ("peace and security" does not
    match "peace regional security"). A configuration in which the phrases have no pair
    (one word, stop words aside) leaves the plain condition: PostgreSQL folds the other
    branch away when planning.

    When the text is phrases and nothing else, the vectors' index is not read: the
    pairs alone narrow to little more than the letters holding the phrase, while
    reading that index besides cost 32 ms for two words in 93,000 letters each at a
    million letters, and narrowed no further. PostgreSQL cannot see it, since it
    estimates an array containment of a value outside the column's statistics at a
    fixed 0.5 % of rows (docs/decisions.md, "Phrases").
    """
    query = text_query(text, configs)
    words = Q(vector=query)
    phrases = required_phrases(text)
    if not phrases:
        return words
    held = Q()
    each_has_pairs = []
    params: list[str] = []
    for config in configs:
        sql = " || ".join("phrase_pairs(to_tsvector(%s::regconfig, %s))" for _ in phrases)
        config_params = [value for phrase in phrases for value in (config, phrase)]
        pairs = RawSQL(sql, config_params, output_field=ArrayField(IntegerField()))
        held |= Q(phrase_pairs__contains=pairs)
        each_has_pairs.append(f"cardinality({sql}) > 0")
        params += config_params
    has_pairs = Q(RawSQL(" AND ".join(each_has_pairs), params, output_field=BooleanField()))
    checked = words
    if not re.search(r"\w", _QUOTED.sub(" ", text)):
        checked = Q(CheckedRowByRow(SearchVectorExact(F("vector"), query)))
    return (has_pairs & held & checked) | (~has_pairs & words)


class CheckedRowByRow(Func):
    """A condition PostgreSQL checks on each row it reads, never through an index: a
    test of truth (``IS TRUE``, the same as the condition itself in a WHERE clause) is
    not a form an index serves."""

    template = "(%(expressions)s) IS TRUE"
    output_field = BooleanField()


def newest_first_order() -> list:
    """Newest letter first (undated ones last), then highest id first."""
    return [F("letter_date").desc(nulls_last=True), "-letter_id"]


def order_results(queryset: QuerySet, *, match: TextMatch | None, sort: str) -> QuerySet:
    """``queryset`` in ``sort`` order: oldest or newest first (undated last, then by id), or
    relevance (``relevance_keys``); newest first when there is no ``match``."""
    if sort == "oldest":
        return queryset.order_by(F("letter_date").asc(nulls_last=True), "letter_id")
    if sort == "newest" or match is None:
        return queryset.order_by(*newest_first_order())
    # Ordered by the expressions themselves, not by aliases: the page is later read
    # with values_list(), which would drop alias columns from the select list.
    return queryset.order_by(*(key.desc(nulls_last=True) for key in relevance_keys(match)))


def relevance_keys(match: TextMatch) -> list[Combinable]:
    """The keys of the relevance order, each sorted descending with nulls last: the
    letters the text's symbol names first, then ts_rank_cd (0 for a letter the words do
    not match), then the newest, then the highest id. Declared here only: the page's
    query (``order_results``) and the counting's window (``counting.Window``) sort by it."""
    rank = SearchRank(F("vector"), match.query, cover_density=True)
    if match.people or match.states or match.reference:
        # Letters matched by a name or a symbol but not by the words rank 0, after those
        # the words match, without reading their vectors (at a million letters a rare
        # word matched 101 letters and, through eleven similar names, 2,885 more).
        by_words = SearchEntry.objects.filter(match.words()).values("letter_id")
        rank = Case(When(letter_id__in=by_words, then=rank), default=Value(0.0))
    keys = [rank, F("letter_date"), F("letter_id")]
    if match.named_letter_ids:
        named = Case(
            When(letter_id__in=match.named_letter_ids, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        keys.insert(0, named)
    return keys


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


def tsquery_sql(text: str, configs: Sequence[str]) -> tuple[str, list]:
    """The SQL of ``text_query(text, configs)`` and its parameters, for statements
    written by hand."""
    query = Query(SearchEntry)
    expression = text_query(text, configs).resolve_expression(query)
    sql, params = query.get_compiler(connection=connection).compile(expression)
    return sql, list(params)


_SNIPPET_OPTIONS = (
    f"StartSel={HIGHLIGHT_START}, StopSel={HIGHLIGHT_STOP}, MaxWords=40, MinWords=20,"
    ' MaxFragments=2, FragmentDelimiter=" … "'
)


def headline_sql(match: TextMatch | None, *, body: str, language: str) -> tuple[str, list] | None:
    """SQL of the ``ts_headline`` snippet of a letter's body (the column ``body``) for
    ``match`` (None without a search text), read in the configuration of the letter's
    language (the column ``language``), hits between control-character markers that
    ``mark`` turns into <mark> elements. Selected for the shown letters only."""
    if match is None or not match.text:
        return None
    cases = " ".join("WHEN %s THEN %s" for _ in indexing.SEARCH_CONFIGS)
    config = f"(CASE {language} {cases} ELSE %s END)::regconfig"
    config_params = [*(v for item in indexing.SEARCH_CONFIGS.items() for v in item)]
    stretch, stretch_params = _around_first_hit(match, body)
    words, words_params = tsquery_sql(_any_words(match), match.configs)
    return (
        f"ts_headline({config}, {stretch}, {words}, %s)",
        [
            *config_params,
            indexing.DEFAULT_SEARCH_CONFIG,
            *stretch_params,
            *words_params,
            _SNIPPET_OPTIONS,
        ],
    )


# ts_headline parses and stems every word of the text it is given: a whole body (4.5 KB
# on average) cost 0.8 ms of PostgreSQL CPU a letter, 16 ms a page. It is given the
# stretch of the body around the first hit of the search's words instead.
_SNIPPET_BEFORE, _SNIPPET_CHARACTERS = 300, 1_200


def _any_words(match: TextMatch) -> str:
    """Any word of the search text (not those it excludes), as a websearch text: the
    words that a snippet marks. The whole query would mark nothing in a stretch that holds
    only some of the words it requires."""
    words = [
        word
        for word in re.findall(r"-?\w+", match.text)
        if not word.startswith("-") and word.lower() != "or"
    ]
    return " or ".join(words) if words else match.text


def _around_first_hit(match: TextMatch, body: str) -> tuple[str, list]:
    """SQL of the stretch of the letter's body (the column ``body``) from a little before
    the first place where its lower-cased text holds one of the search text's stems (less
    the stem's last letter, which stemming may have changed: "countri" for "country"), or
    its start."""
    # The body lower-cased once for all the stems (OFFSET 0 keeps PostgreSQL from
    # folding it into each strpos): for a two-word search at 100,000 letters the page's
    # rows statement went from 9.2–9.4 to 6.8–7.4 ms.
    first_hit = (
        "(SELECT min(nullif(strpos(l.text, left(s, greatest(3, length(s) - 1))), 0))"
        f" FROM (SELECT lower({body}) OFFSET 0) AS l(text),"
        " unnest(tsvector_to_array(to_tsvector(%s::regconfig, %s))) AS s)"
    )
    return (
        f"substr({body}, greatest(1, coalesce({first_hit}, 1) - %s), %s)",
        [match.configs[0], match.text, _SNIPPET_BEFORE, _SNIPPET_CHARACTERS],
    )


def mark(snippet: str) -> SafeString:
    """A ``ts_headline`` result HTML-escaped, its hit markers turned into <mark> elements.

    The letter text is untrusted: PostgreSQL returns it with control-character markers
    around the hits, the whole is HTML-escaped, and only then do the markers become
    <mark> elements."""
    escaped = escape(snippet.replace(HIGHLIGHT_START, "\x00s").replace(HIGHLIGHT_STOP, "\x00e"))
    return mark_safe(escaped.replace("\x00s", "<mark>").replace("\x00e", "</mark>"))


# Above this many matches, not every match is ranked (ts_rank_cd reads every matching
# vector): the search is ranked among its words' top letters (letters.search.ranking),
# and the page says so.
RANK_LIMIT = 5_000

# Up to this many results, a page of them is read through the indexes' bitmaps and
# sorted, when filters are active (see results_through_bitmaps).
BITMAP_PAGE_LIMIT = 50_000


# Sent in the same round trip as a statement that must reach text matches through the
# GIN index (``fetch``): set_config(..., true) lasts until the end of the transaction, the
# implicit one of a multi-statement string, and the RESETs after the statement give an
# enclosing transaction its settings back.
# The planner settings that leave PostgreSQL bitmap scans only (``fetch``).
_BITMAPS_ONLY = {"enable_seqscan": "off", "enable_indexscan": "off", "enable_indexonlyscan": "off"}


def fetch_queryset(queryset: QuerySet, *, bitmap_scans_only: bool = False) -> list[tuple]:
    """The rows of ``queryset`` (a values_list) through ``fetch``; none when its conditions
    can match nothing (Django sends no statement then)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    return fetch(sql, params, bitmap_scans_only=bitmap_scans_only)


def fetch(
    sql: str,
    params: Sequence,
    *,
    bitmap_scans_only: bool = False,
    settings: Mapping[str, str] | None = None,
) -> list[tuple]:
    """The rows of one statement, read where the ORM reads a search row
    (``archive.routers``: a replica, or the primary when pinned), with ``settings``
    (PostgreSQL's, by name) in force for it alone: set in the same round trip and reset
    after. With ``bitmap_scans_only``, PostgreSQL may reach the rows through bitmap index
    scans only.

    The planner does not know that testing a row's tsvector (detoasting several KB)
    costs far more than a btree step, so for counting it may walk a btree or the whole
    table and test every row: measured 135 ms against 5 ms through the GIN bitmap on
    a 10,000-row sample. Likewise it tests every name's trigram word similarity (8 ms
    over 2,659 people) rather than read the trigram index (0.1–1.6 ms). Counting needs
    every match anyway, so such statements allow bitmap scans only.
    """
    settings = {**(settings or {}), **(_BITMAPS_ONLY if bitmap_scans_only else {})}
    with connections[router.db_for_read(SearchEntry)].cursor() as cursor:
        if not settings:
            cursor.execute(sql, params)
            return cursor.fetchall()
        names = list(settings)  # the code's own constants: no input reaches RESET
        set_all = ", ".join("set_config(%s, %s, true)" for _ in names)
        reset_all = "".join(f"; RESET {name}" for name in names)
        values = [value for name in names for value in (name, settings[name])]
        cursor.execute(f"SELECT {set_all}; {sql}{reset_all}", [*values, *params])
        cursor.nextset()
        return cursor.fetchall()
