"""Ranking a search that matches too many letters to rank them all.

``ts_rank_cd`` reads every matching letter's vector, so up to ``query.RANK_LIMIT``
matches all are ranked (``query.order_results``). Above it, a search is ranked in two
phases. The candidates are the top letters of its words: for every word in more than
``indexing.TOP_LETTERS_FROM`` letters, the search table keeps the ``indexing.TOP_LETTERS``
letters that weigh it most (``TopLetter``: for one word, exactly the order ``ts_rank_cd``
gives). The candidates that match the whole search, under its filters, are ranked by
``ts_rank_cd`` and come first; every other match follows, newest first. For a one-word
search the first ones are exactly its best letters; for several words, the best letters
of each word that hold them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from letters.models import TopLetter
from letters.search.indexing import TOP_LETTERS
from letters.search.query import TextMatch, newest_first_order, order_results


def candidates(match: TextMatch) -> RawSQL:
    """The letter ids in the lists of top letters of the search text's words (its words as
    each configuration it is read in stems them), as a subquery."""
    stems = " || ".join("to_tsvector(%s::regconfig, %s)" for _ in match.configs)
    params = [value for config in match.configs for value in (config, match.text)]
    return RawSQL(
        f"SELECT t.letter_id FROM unnest(tsvector_to_array({stems})) AS q(lexeme), "
        f"LATERAL (SELECT letter_id FROM {TopLetter._meta.db_table} AS t "
        f"WHERE t.lexeme = q.lexeme ORDER BY t.score DESC LIMIT %s) AS t",
        [*params, TOP_LETTERS],
    )


def ranked_candidates(matches: QuerySet, match: TextMatch) -> list[int]:
    """The ids of ``matches`` (search rows under the search's filters) among the
    candidates, in relevance order: one statement."""
    ranked = order_results(
        matches.filter(letter_id__in=candidates(match)), match=match, sort="relevance"
    )
    return list(ranked.values_list("letter_id", flat=True))


class RankedFirst(Sequence):
    """A search's matches as the paginator pages them: the ranked candidates, then every
    other match newest first (read a page at a time)."""

    def __init__(self, ranked: list[int], matches: QuerySet, total: int) -> None:
        self.ranked = ranked
        self.rest = matches.exclude(letter_id__in=ranked).order_by(*newest_first_order())
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.total
        head = self.ranked[start:stop]
        wanted = stop - start - len(head)
        if wanted <= 0:
            return head
        skip = max(0, start - len(self.ranked))
        tail = self.rest.values_list("letter_id", flat=True)[skip : skip + wanted]
        return head + list(tail)
