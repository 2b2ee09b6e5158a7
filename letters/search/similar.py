"""Similar letters (DESIGN.md §13): the letters sharing most of a letter's heaviest words,
rare words weighing more, computed in PostgreSQL over the search rows.

A word's weight is ln(N / n): N search rows, n of them holding it (``TermFrequency``,
rewritten from the search table by ``refresh_term_stats``, a job run after imports and
nightly; a word it does not know yet is simply not used). A letter is compared on its
SIGNATURE_TERMS heaviest words: each word of its own search vector weighs its weight,
times the weight of the vector's part it stands in (title and symbols 1, body 0.4,
annexes 0.2, names 0.1: ``ts_rank``'s defaults) and one more for each further use
(1 + ln uses). Words in one letter only match nothing; words in more than
COMMON_SHARE of the letters say little and are skipped, which also bounds the work.
Every other letter holding some of those words scores the sum of their weights (its
own vector is never read: the GIN index answers which rows hold a word), and the
SIMILAR_SHOWN best are shown. A letter's language versions are in its own search row,
so they are never among its similar letters.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

SIGNATURE_TERMS = 24
SIMILAR_SHOWN = 5
# A word held by more than this share of the letters (and by at least COMMON_FLOOR of
# them, so a small archive keeps its words) is too common to tell letters apart.
COMMON_SHARE = 0.01
COMMON_FLOOR = 50

_REFRESH = """
INSERT INTO letters_termfrequency (lexeme, documents, weight)
SELECT s.word, s.ndoc, ln(total.n::float / s.ndoc)
FROM ts_stat('SELECT vector FROM letters_searchentry') AS s,
     (SELECT count(*) AS n FROM letters_searchentry) AS total
"""


def refresh_term_stats() -> int:
    """Rewrite the words' document frequencies from every search row, in one transaction
    (readers see the old ones until it commits); how many words."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM letters_termfrequency")
        cursor.execute(_REFRESH)
        return cursor.rowcount


_SIMILAR = r"""
WITH own AS (
    SELECT v.lexeme,
           t.weight * (1 + ln(greatest(cardinality(v.positions), 1)))
             * (CASE WHEN 'A' = ANY(v.weights) THEN 1.0 WHEN 'B' = ANY(v.weights) THEN 0.4
                     WHEN 'C' = ANY(v.weights) THEN 0.2 ELSE 0.1 END) AS weight,
           t.weight AS rarity
    FROM letters_searchentry e, unnest(e.vector) AS v(lexeme, positions, weights)
    JOIN letters_termfrequency t ON t.lexeme = v.lexeme
    WHERE e.letter_id = %(letter)s AND t.documents > 1 AND t.documents <= (
        SELECT greatest(%(floor)s, (reltuples * %(share)s)::bigint)
        FROM pg_class WHERE oid = 'letters_searchentry'::regclass)
    ORDER BY 2 DESC, 1
    LIMIT %(terms)s
)
SELECT m.letter_id FROM own CROSS JOIN LATERAL (
    -- The word as a tsquery of itself, quoted (its backslashes and quotes doubled), so
    -- that no configuration normalises it again.
    SELECT o.letter_id FROM letters_searchentry o
    WHERE o.vector @@ (
        '''' || replace(replace(own.lexeme, '\', '\\'), '''', '''''') || ''''
    )::tsquery{public}
) AS m
WHERE m.letter_id <> %(letter)s
GROUP BY m.letter_id
ORDER BY sum(own.weight * own.rarity) DESC, m.letter_id DESC
LIMIT %(shown)s
"""


def similar_letter_ids(letter_id: int, *, shown: int = SIMILAR_SHOWN) -> list[int]:
    """The ids of the published letters most similar to ``letter_id``, best first: one
    statement (none before ``refresh_term_stats`` has run). The share of common words
    counts the search rows by the planner's estimate: exact enough, and free."""
    public = "" if settings.LETTERS_INCLUDE_SYNTHETIC else " AND NOT o.is_synthetic"
    with connection.cursor() as cursor:
        cursor.execute(
            _SIMILAR.format(public=public),
            {
                "letter": letter_id,
                "floor": COMMON_FLOOR,
                "share": COMMON_SHARE,
                "terms": SIGNATURE_TERMS,
                "shown": shown,
            },
        )
        return [row[0] for row in cursor.fetchall()]
