"""Whom a letter's references point at (DESIGN.md §13).

A reference (``Reference``) is resolved to the stored letter it names when exactly one
matches: by one of the symbols it prints, or, failing that, a letter or note verbale by
its date and sender State (among letters that carry no symbol when the reference
prints one: a letter with other symbols is another document). Several matches leave it
unlinked and marked ambiguous (the review page warns); none leaves it unlinked, to be
linked when that letter is stored. A target set by hand is never resolved again.

Resolution is one statement over any set of references, so the per-letter ingest
(the letter's own references and those that may name it) and the bulk loader (every
reference a load may have changed) resolve alike, and the result depends only on which
letters are stored, never on the order they came in.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from letters.models import Letter, Reference

# What a reference must name to be resolved by its date and sender: a letter or a note,
# not a statement or a report of the same day.
LETTER_DOCUMENTS = ["letter", "identical_letters", "note_verbale"]

# References resolved per statement by ``resolve_all``.
CHUNK = 5000

# From letters making up this share of the archive (1 / EVERY_REFERENCE_FROM), every
# reference is resolved rather than those they decide: finding those for a million
# letters loaded took 8 minutes, resolving every reference 1.5.
EVERY_REFERENCE_FROM = 2

_RESOLVE = """
WITH r AS (
    SELECT id, letter_id, symbols, date, sender_states, relation, document
    FROM letters_reference WHERE id = ANY(%(ids)s) AND resolution <> %(hand)s
), by_symbol AS (
    SELECT r.id, array_agg(DISTINCT s.letter_id) AS found
    FROM r JOIN letters_lettersymbol s ON s.symbol = ANY(r.symbols)
    WHERE s.letter_id <> r.letter_id
    GROUP BY r.id
), by_date AS (
    SELECT r.id, array_agg(DISTINCT l.id) AS found
    FROM r JOIN letters_letter l ON l.letter_date = r.date AND l.id <> r.letter_id
    WHERE r.relation <> 'transmits' AND r.document = ANY(%(documents)s)
      AND EXISTS (
        SELECT FROM letters_letter_senders ls JOIN letters_state st ON st.id = ls.state_id
        WHERE ls.letter_id = l.id AND st.name = ANY(r.sender_states))
      AND (cardinality(r.symbols) = 0
           OR NOT EXISTS (SELECT FROM letters_lettersymbol x WHERE x.letter_id = l.id))
    GROUP BY r.id
), decided AS (
    SELECT r.id, coalesce(bs.found, bd.found) AS found,
           CASE WHEN bs.found IS NOT NULL THEN %(symbol)s ELSE %(date)s END AS how
    FROM r LEFT JOIN by_symbol bs ON bs.id = r.id LEFT JOIN by_date bd ON bd.id = r.id
), outcome AS (
    SELECT id,
           CASE WHEN cardinality(found) = 1 THEN found[1] END AS target_id,
           CASE WHEN found IS NULL THEN %(none)s
                WHEN cardinality(found) = 1 THEN how
                ELSE %(ambiguous)s END AS resolution,
           least(coalesce(cardinality(found), 0), 32767) AS candidates
    FROM decided
)
UPDATE letters_reference AS ref
SET target_id = o.target_id, resolution = o.resolution, candidates = o.candidates
FROM outcome o
WHERE ref.id = o.id
  AND (ref.target_id IS DISTINCT FROM o.target_id OR ref.resolution <> o.resolution
       OR ref.candidates <> o.candidates)
"""


def resolve(reference_ids: Iterable[int]) -> int:
    """Resolve the references ``reference_ids`` (those set by hand are left as they are);
    how many changed."""
    ids = list(dict.fromkeys(reference_ids))
    if not ids:
        return 0
    R = Reference.Resolution
    with connection.cursor() as cursor:
        cursor.execute(
            _RESOLVE,
            {
                "ids": ids,
                "hand": R.HAND,
                "documents": LETTER_DOCUMENTS,
                "symbol": R.SYMBOL,
                "date": R.DATE_AND_SENDER,
                "none": R.NONE,
                "ambiguous": R.AMBIGUOUS,
            },
        )
        return cursor.rowcount


_AFFECTED = """
SELECT id FROM letters_reference
WHERE letter_id = ANY(%(letters)s) OR target_id = ANY(%(letters)s)
UNION
-- One GIN probe per symbol: an overlap with all the letters' symbols at once took 9 times
-- longer (a bulk load's 5,000 letters: 251 ms against 28 ms).
SELECT r.id FROM letters_lettersymbol s JOIN letters_reference r ON r.symbols @> ARRAY[s.symbol]
WHERE s.letter_id = ANY(%(letters)s)
UNION
SELECT r.id FROM letters_letter l JOIN letters_reference r ON r.date = l.letter_date
WHERE l.id = ANY(%(letters)s) AND r.sender_states && ARRAY(
    SELECT st.name FROM letters_letter_senders ls JOIN letters_state st ON st.id = ls.state_id
    WHERE ls.letter_id = l.id)
"""


def affected_by(letter_ids: Iterable[int]) -> set[int]:
    """The references whose resolution these letters' symbols, dates or senders decide:
    their own, those pointing at them, and those naming one of their symbols or their date
    and one of their senders. Taken before and after a change, their union is what to
    resolve."""
    with connection.cursor() as cursor:
        cursor.execute(_AFFECTED, {"letters": list(letter_ids)})
        return {row[0] for row in cursor.fetchall()}


def relink(letter: Letter, *, before: Iterable[int] = ()) -> int:
    """Resolve what ``letter`` now decides and what it decided ``before`` a change
    (``affected_by`` taken then); how many references changed."""
    return resolve({*before, *affected_by([letter.pk])})


def resolve_all(letter_ids: Iterable[int] | None = None) -> int:
    """Resolve, a chunk of letters at a time, every reference that the letters just
    stored decide (``affected_by``), or every reference: without ``letter_ids``, or when
    they are a large part of the archive (``EVERY_REFERENCE_FROM``); how many changed.
    The bulk loader calls it once, at the end of a load."""
    changed = 0
    ids = None if letter_ids is None else list(letter_ids)
    if ids is not None and len(ids) * EVERY_REFERENCE_FROM < Letter.objects.count():
        for start in range(0, len(ids), CHUNK):
            changed += resolve(sorted(affected_by(ids[start : start + CHUNK])))
        return changed
    references = Reference.objects.exclude(resolution=Reference.Resolution.HAND)
    last = 0
    while chunk := list(
        references.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK]
    ):
        last = chunk[-1]
        changed += resolve(chunk)
    return changed
