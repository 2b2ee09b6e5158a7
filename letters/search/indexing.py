"""The search row (DESIGN.md §5): one narrow row per published letter, as search reads it.

Its vector's texts and their weights and configurations are defined here once
(``vector_parts``, ``vector_sql``), and so are the text search configurations of the
six languages; its other columns are SQL over the stored letter, the facet columns' as
the facet registry (``letters.search.facets``) declares them (``upsert_sql``). The
per-letter ingest, the bulk loader and the dump's load all write search rows through this
module, one row at a time or a batch in one statement.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from psycopg import sql

from letters.models import Letter, SearchEntry, TopLetter
from letters.parsing import ParsedLetter
from letters.search.facets import FACETS

# PostgreSQL refuses a tsvector over 1 MB: a letter's indexed texts, all its versions
# together, are cut to this many characters (no real letter comes near).
MAX_INDEXED_CHARS = 800_000

# The PostgreSQL text search configuration of each language's texts (DESIGN.md §11):
# the language's stemmer after unaccent; no stemming where PostgreSQL has no stemmer.
# A text of unknown language is read as English, the archive's working language.
SEARCH_CONFIGS = {
    "en": "english_unaccent",
    "fr": "french_unaccent",
    "es": "spanish_unaccent",
    "ru": "russian_unaccent",
    "ar": "simple_unaccent",
    "zh": "simple_unaccent",
}
DEFAULT_SEARCH_CONFIG = SEARCH_CONFIGS["en"]


def search_config(language: str | None) -> str:
    """The text search configuration of a language code; English's for an unknown or missing one."""
    return SEARCH_CONFIGS.get(language or "", DEFAULT_SEARCH_CONFIG)


@dataclasses.dataclass(frozen=True)
class TextPart:
    """One text of a letter as indexed: its weight, and the configuration of its language."""

    weight: str
    config: str
    text: str


@dataclasses.dataclass(frozen=True)
class IndexedText:
    """One language's texts of a letter: the letter itself, or one of its versions."""

    language: str | None
    title: str
    body: str
    annexes: Sequence[tuple[str | None, str]] = ()  # (annex's language, its text)


def vector_parts(
    texts: Sequence[IndexedText],
    *,
    symbols: Iterable[str],
    footnotes: Iterable[str],
    signatures: Iterable[tuple[str, str, str]],
    states: Iterable[str],
) -> list[TextPart]:
    """The texts of a letter's search vector, in the order they are joined, each in its
    language's configuration: the letter's and its versions' titles with the symbols
    (A), their bodies and the footnotes (B), their annexes (C), then the signatories and
    States (D). Long texts are cut so the whole stays within MAX_INDEXED_CHARS (a
    tsvector may not pass 1 MB)."""
    config = search_config(texts[0].language)
    parts = [TextPart("A", search_config(t.language), t.title) for t in texts]
    parts.append(TextPart("A", config, "\n".join(symbols)))
    parts += [TextPart("B", search_config(t.language), t.body) for t in texts]
    parts.append(TextPart("B", config, "\n".join(footnotes)))
    for t in texts:
        parts += [
            TextPart("C", search_config(language or t.language), text)
            for language, text in t.annexes
        ]
    names = [*(part for signature in signatures for part in signature), *states]
    parts.append(TextPart("D", config, "\n".join(p for p in names if p)))
    budget, kept = MAX_INDEXED_CHARS, []
    for part in parts:
        if part.text and budget > 0:
            kept.append(dataclasses.replace(part, text=part.text[:budget]))
            budget -= len(kept[-1].text)
    return kept


def vector_sql(configs: str, weights: str, texts: str) -> str:
    """SQL for the search vector from three parallel text arrays (SQL expressions): each
    part's configuration, weight and text (``vector_parts``), joined in order."""
    return (
        "(SELECT tsvector_agg(setweight(to_tsvector(p.config::regconfig, p.text),"
        ' p.weight::"char") ORDER BY p.n)'
        f" FROM unnest({configs}::text[], {weights}::text[], {texts}::text[])"
        " WITH ORDINALITY AS p(config, weight, text, n))"
    )


def vector_arrays(parts: Sequence[TextPart]) -> tuple[list[str], list[str], list[str]]:
    """The three arrays ``vector_sql`` reads, for ``parts``."""
    return [p.config for p in parts], [p.weight for p in parts], [p.text for p in parts]


def letter_parts(
    letter: ParsedLetter, *, title: str, versions: Sequence[IndexedText] = ()
) -> list[TextPart]:
    """The vector's texts of one letter (``vector_parts``): its own texts, read as the
    parser's dataclasses (a fresh parse, or a stored letter read back), then its
    language versions' texts."""
    own = IndexedText(
        letter.language,
        title,
        letter.body,
        [(a.language, "\n".join((a.title or "", a.place or "", a.body))) for a in letter.annexes],
    )
    signatories = (*letter.signatories, *(s for a in letter.annexes for s in a.signatories))
    return vector_parts(
        [own, *versions],
        symbols=dict.fromkeys(s for s in letter.symbols if s),
        footnotes=[f.text for f in letter.footnotes],
        signatures=[(s.name, s.title or "", s.organization or "") for s in signatories],
        # Sorted: the senders' table keeps no order, so a parse and a stored letter agree.
        states=[*sorted(set(letter.sender.states)), letter.sender.organization or ""],
    )


# The columns that are not facets, as SQL over the stored letter ``l``; the facet
# columns' SQL is their registry entry's ``source``.
_OWN_COLUMNS = {
    "letter_date": "l.letter_date",
    "is_synthetic": "l.is_synthetic",
    "in_sample": f"mod(l.id, {SearchEntry.SAMPLE_RATE}) = 0",
}


def upsert_sql(source: str) -> str:
    """One statement writing the search rows of the letters in ``source``: a relation of
    ``letter_id`` and the three arrays of its vector's parts (``vector_arrays``). The
    vector is made from the parts; every other column is read from the stored letter, as
    ``_OWN_COLUMNS`` and the facet registry say, so the per-letter ingest and the bulk
    loader write the same row and a new facet needs no change here."""
    columns = {**_OWN_COLUMNS, **{facet.column: facet.source for facet in FACETS}}
    vector = vector_sql("s.part_configs", "s.part_weights", "s.part_texts")
    names = ", ".join(columns)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in ["vector", *columns])
    return (
        f"INSERT INTO {SearchEntry._meta.db_table} (letter_id, vector, {names}) "
        f"SELECT l.id, {vector}, {', '.join(columns.values())} "
        f"FROM {source} AS s JOIN {Letter._meta.db_table} AS l ON l.id = s.letter_id "
        f"ON CONFLICT (letter_id) DO UPDATE SET {updates}"
    )


_ONE_LETTER = (
    "(SELECT %s::bigint AS letter_id, %s::text[] AS part_configs,"
    " %s::text[] AS part_weights, %s::text[] AS part_texts)"
)


def write_search_row(letter_id: int, parts: Sequence[TextPart]) -> None:
    """Write (or rewrite) one published letter's search row, and its places in the lists
    of top letters."""
    with connection.cursor() as cursor:
        cursor.execute(upsert_sql(_ONE_LETTER), [letter_id, *vector_arrays(parts)])
    add_to_top_letters(letter_id)


# --- The top letters of frequent words (letters.search.ranking) ---------------------------

# Each word in at least TOP_LETTERS_FROM letters keeps its TOP_LETTERS highest-scoring
# letters: a search matching more letters than can be ranked is ranked among those of
# its words (letters.search.ranking). The threshold is well under the ranking limit, so a
# word whose letters could not all be ranked has a list, with room for growth.
TOP_LETTERS = 200
TOP_LETTERS_FROM = 2_500
# From this many letters, which words are that frequent is read from the sample.
TOP_LETTERS_SAMPLED_FROM = 100_000

# What ts_rank_cd gives a letter for a one-word query: each occurrence of the word is a
# cover of its own, worth its weight (ts_rank_cd's defaults: A 1.0, B 0.4, C 0.2, D 0.1).
# Counted in tenths on the weights' letters written out ("BBA" -> "BBBBBBBBAAAAAAAAAA"
# -> 18): string functions, where array_positions() per weight cost twice as much.
_TENTHS = (
    "length(replace(replace(replace(array_to_string(u.weights, ''),"
    " 'A', 'AAAAAAAAAA'), 'B', 'BBBB'), 'C', 'CC'))"
)
_SCORE = f"{_TENTHS} / 10.0"
_TOP = TopLetter._meta.db_table
_ENTRIES = SearchEntry._meta.db_table

# A word's floor is the highest score that, by the letters of the 1-in-SAMPLE_RATE
# sample, this many times TOP_LETTERS letters reach: only letters at or above it are
# sorted for the word's list. A floor the sample set too high is found and the word
# listed again from 0.
_FLOOR_MARGIN = 2

# The frequent words (ts_stat over the rows counted, each standing for ``rate`` letters)
# and each one's floor, 0 where the sample holds too few of its letters.
_FLOORS = f"""
WITH frequent AS MATERIALIZED (
    SELECT word FROM ts_stat(%(counted)s) WHERE ndoc * %(rate)s >= %(frequent)s
)
SELECT frequent.word, coalesce(floors.floor, 0)
FROM frequent LEFT JOIN (
    SELECT lexeme,
           max(tenths) FILTER (WHERE reaching * %(sample_rate)s >= %(wanted)s) AS floor
    FROM (
        SELECT lexeme, tenths,
               sum(letters) OVER (PARTITION BY lexeme ORDER BY tenths DESC) AS reaching
        FROM (
            SELECT u.lexeme, {_TENTHS} AS tenths, count(*) AS letters
            FROM {_ENTRIES} AS e, unnest(e.vector) AS u
            WHERE e.in_sample AND u.lexeme IN (SELECT word FROM frequent)
            GROUP BY 1, 2
        ) AS scores
    ) AS reached
    GROUP BY lexeme
) AS floors ON floors.lexeme = frequent.word
"""

# The words' top letters among those at or above their floors, as COPY rows of the top
# letters' table. A query, not an INSERT, so PostgreSQL reads the search rows in
# parallel; the words come as arrays for the same reason (a temporary table is not
# parallel safe). The "C" collation: the partition only groups equal words, and byte
# order sorts several times faster.
_LISTS = f"""
COPY (
    SELECT lexeme, letter_id, tenths / 10.0 FROM (
        SELECT scored.*, row_number() OVER (
            PARTITION BY lexeme COLLATE "C" ORDER BY tenths DESC, letter_id DESC) AS n
        FROM (
            SELECT u.lexeme, e.letter_id, {_TENTHS} AS tenths
            FROM {_ENTRIES} AS e, unnest(e.vector) AS u
            JOIN unnest({{words}}::text[], {{floors}}::integer[]) AS f(lexeme, floor)
              ON f.lexeme = u.lexeme
            -- A word scores at most 10 tenths an occurrence: most letters are passed
            -- over before their score is worked out.
            WHERE cardinality(u.positions) * 10 >= f.floor AND {_TENTHS} >= f.floor
        ) AS scored
    ) AS ranked
    WHERE n <= {{top}}
) TO STDOUT
"""


def rebuild_top_letters() -> None:
    """Rewrite every frequent word's list of top letters from the search rows, in one
    transaction (readers keep the old lists until it commits). A word is frequent when it
    is in TOP_LETTERS_FROM letters or more, as counted in the 1-in-SAMPLE_RATE sample
    (from TOP_LETTERS_SAMPLED_FROM letters on) or in every letter. Bulk loads end with
    this.

    Only a word's letters at or above its floor (``_FLOORS``, read from the sample) are
    sorted, by a parallel query: sorting every occurrence of every frequent word in one
    process took 135 s at 100,000 letters. A word left with fewer than TOP_LETTERS
    letters by its floor is listed again from 0, so the lists are exactly those of
    sorting every occurrence."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) >= %s FROM {_ENTRIES}", [TOP_LETTERS_SAMPLED_FROM])
        # A small archive's sample says little: its words are counted in every letter.
        rate = SearchEntry.SAMPLE_RATE if cursor.fetchone()[0] else 1
        sampled = "WHERE in_sample" if rate > 1 else ""
        params = {
            "rate": rate,
            "sample_rate": SearchEntry.SAMPLE_RATE,
            "wanted": _FLOOR_MARGIN * TOP_LETTERS,
            "counted": f"SELECT vector FROM {_ENTRIES} {sampled}",
            "frequent": TOP_LETTERS_FROM,
        }
        cursor.execute(f"DELETE FROM {_TOP}")
        # The sorts stay in memory. The planner takes a word's letters for ten (unnest's
        # estimate, not the few hundred they are) and would sort them all to merge-join
        # them with the words, where hashing the words costs nothing.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL enable_mergejoin = off")
        cursor.execute(_FLOORS, params)
        floors = dict(cursor.fetchall())
        _write_lists(cursor, floors)
        # A floor the sample set too high left a word short of TOP_LETTERS letters.
        cursor.execute(
            f"SELECT lexeme FROM {_TOP} WHERE lexeme = ANY(%s) GROUP BY lexeme "
            f"HAVING count(*) >= %s",
            [[word for word, floor in floors.items() if floor > 0], TOP_LETTERS],
        )
        full = {row[0] for row in cursor.fetchall()}
        short = [word for word, floor in floors.items() if floor > 0 and word not in full]
        if short:
            cursor.execute(f"DELETE FROM {_TOP} WHERE lexeme = ANY(%s)", [short])
            _write_lists(cursor, dict.fromkeys(short, 0))
        cursor.execute(f"ANALYZE {_TOP}")


def _write_lists(cursor, floors: dict[str, int]) -> None:
    """Write the lists of the words ``floors`` holds, each from its floor up. The rows
    pass through memory once (3.65 million rows, 78 MB of text at a million letters)."""
    # Composed here: COPY takes no parameters, and Django's cursor in debug mode passes
    # none to psycopg.
    statement = sql.SQL(_LISTS).format(
        words=list(floors), floors=list(floors.values()), top=TOP_LETTERS
    )
    with cursor.copy(statement.as_string(connection.connection)) as copy:
        rows = b"".join(bytes(block) for block in copy)
    with cursor.copy(f"COPY {_TOP} (lexeme, letter_id, score) FROM STDIN") as copy:
        copy.write(rows)


def add_to_top_letters(letter_id: int) -> None:
    """Put a letter whose search row was just written into the lists of top letters
    where it scores above a list's last (or the list is not full); its old places go."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_TOP} WHERE letter_id = %s; "
            f"INSERT INTO {_TOP} (lexeme, letter_id, score) "
            f"SELECT u.lexeme, e.letter_id, {_SCORE} "
            f"FROM {_ENTRIES} AS e, unnest(e.vector) AS u WHERE e.letter_id = %s "
            f"AND EXISTS (SELECT FROM {_TOP} AS t WHERE t.lexeme = u.lexeme) "
            f"AND {_SCORE} > coalesce((SELECT t.score FROM {_TOP} AS t "
            f"WHERE t.lexeme = u.lexeme ORDER BY t.score DESC OFFSET %s LIMIT 1), 0)",
            [letter_id, letter_id, TOP_LETTERS - 1],
        )


# Many letters' vector texts, before to_tsvector, staged for one INSERT … SELECT. A
# temporary table is private to its connection and writes no WAL; EXTERNAL storage keeps
# PostgreSQL from compressing texts it reads once.
_STAGING_TABLE = "search_row_parts"
_CREATE_STAGING = (
    f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGING_TABLE} (letter_id bigint, "
    "part_configs text[], part_weights text[], part_texts text[] STORAGE EXTERNAL)"
)


def write_search_rows(rows: Iterable[tuple[int, Sequence[TextPart]]]) -> int:
    """Write (or rewrite) the search rows of many published letters, (letter id, its
    vector's parts) each: the parts copied into a temporary table, then one statement
    (``upsert_sql``) for all. Returns how many were written."""
    count = 0
    with connection.cursor() as cursor:
        cursor.execute(_CREATE_STAGING)
        with cursor.copy(
            f"COPY {_STAGING_TABLE} (letter_id, part_configs, part_weights, part_texts) FROM STDIN"
        ) as copy:
            for letter_id, parts in rows:
                copy.write_row([letter_id, *vector_arrays(parts)])
                count += 1
        if count:
            cursor.execute(upsert_sql(_STAGING_TABLE))
        cursor.execute(f"TRUNCATE {_STAGING_TABLE}")
    return count
