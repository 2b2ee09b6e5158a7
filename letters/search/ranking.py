"""Ranking a search that matches too many letters to rank them all.

``ts_rank_cd`` reads every matching letter's vector, so up to ``query.RANK_LIMIT``
matches all are ranked (``query.order_results``). Above it, a search is ranked in two
phases. The candidates are the top letters of its words: for every word in more than
``indexing.TOP_LETTERS_FROM`` letters, the search table keeps the ``indexing.TOP_LETTERS``
letters that weigh it most (``TopLetter``: for one word, exactly the order ``ts_rank_cd``
gives). The candidates that match the whole search, under its filters, are ranked by
``ts_rank_cd`` (a one-word search by the lists' own scores, which are ``ts_rank_cd``'s)
and come first; every other match follows, newest first. For a one-word search the first
ones are exactly its best letters; for several words, the best letters of each word that
hold them all.
"""

from __future__ import annotations

import re

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from letters.models import TopLetter
from letters.search.filters import LetterFilterSet
from letters.search.indexing import TOP_LETTERS
from letters.search.query import TextMatch, fetch, newest_first_order, order_results
from letters.search.results import PagedIds


def _listed(match: TextMatch) -> tuple[str, list]:
    """SQL of (letter_id, lexeme, score) rows: the lists of top letters of the search text's
    words, as each configuration it is read in stems them."""
    stems = " || ".join("to_tsvector(%s::regconfig, %s)" for _ in match.configs)
    params = [value for config in match.configs for value in (config, match.text)]
    sql = (
        f"SELECT t.letter_id, q.lexeme, t.score FROM unnest(tsvector_to_array({stems}))"
        f" AS q(lexeme), LATERAL (SELECT letter_id, score FROM {TopLetter._meta.db_table}"
        f" AS t WHERE t.lexeme = q.lexeme ORDER BY t.score DESC LIMIT %s) AS t"
    )
    return sql, [*params, TOP_LETTERS]


def candidates(match: TextMatch) -> RawSQL:
    """The letter ids in the lists of top letters of the search text's words, as a
    subquery."""
    sql, params = _listed(match)
    return RawSQL(f"SELECT letter_id FROM ({sql}) AS listed", params)


def one_word(match: TextMatch) -> bool:
    """Whether the search is one word and nothing else (no phrase, no operator, no symbol):
    its lists' scores are then ``ts_rank_cd``'s own."""
    return bool(_WORD.fullmatch(match.text)) and match.reference is None


_WORD = re.compile(r"\w+")


def ranked_candidates(filterset: LetterFilterSet, match: TextMatch) -> list[int]:
    """The ids of the search's matches among the candidates, in relevance order: one
    statement.

    Every letter in a word's list holds the word, and its score there is what
    ``ts_rank_cd`` gives it for that word: a one-word search is ranked by the scores under
    its other filters, without reading a vector (a word's top letters are the longest
    letters: reading their vectors was most of the statement). Other searches are ranked
    by ``ts_rank_cd`` among the candidates that match them.
    """
    if not one_word(match):
        ranked = order_results(
            filterset.qs.filter(letter_id__in=candidates(match)), match=match, sort="relevance"
        )
        return list(ranked.values_list("letter_id", flat=True))
    listed, listed_params = _listed(match)
    rows = filterset.without_text().values("letter_id", "letter_date")
    # The same word in several configurations is one lexeme (tsvector_to_array); different
    # stems of it add up, as the OR of the configurations' queries does in ts_rank_cd.
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # the filters can match nothing
        return []
    found = fetch(
        f"SELECT e.letter_id FROM (SELECT letter_id, sum(score) AS score FROM ({listed}) AS l"
        f" GROUP BY letter_id) AS c JOIN ({sql}) AS e ON e.letter_id = c.letter_id"
        " ORDER BY c.score DESC, e.letter_date DESC NULLS LAST, e.letter_id DESC",
        [*listed_params, *params],
    )
    return [pk for (pk,) in found]


class RankedFirst(PagedIds):
    """A search's matches as the paginator pages them: the ranked candidates, then every
    other match newest first (read a page at a time)."""

    def __init__(self, ranked: list[int], matches: QuerySet, total: int) -> None:
        self.ranked = ranked
        self.rest = matches.exclude(letter_id__in=ranked).order_by(*newest_first_order())
        self.total = total

    def between(self, start: int, stop: int) -> list[int]:
        head = self.ranked[start:stop]
        wanted = stop - start - len(head)
        if wanted <= 0:
            return head
        skip = max(0, start - len(self.ranked))
        tail = self.rest.values_list("letter_id", flat=True)[skip : skip + wanted]
        return head + list(tail)
