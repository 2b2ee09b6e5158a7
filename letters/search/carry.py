"""The search a result's link carries into the letter page, and the way back to it.

A result on the search page links to its letter with the search's own parameters
(``/letters/5/?q=fisheries&state=norway&page=2``): the letter page marks the words of
``q`` in the letter (``letters.search.highlighting``) and links back to that page of
results, at that letter. Only the search's parameters (the FilterSet's and ``page``) are
carried; without them the letter page is the same as ever.
"""

from __future__ import annotations

import dataclasses

from django.http import QueryDict
from django.urls import reverse

from letters.search.filters import LetterFilterSet
from letters.search.query import bounded_text

CARRIED_PARAMS = (*LetterFilterSet.base_filters, "page")


def letter_link_query(params: QueryDict) -> str:
    """The query string a result's link carries: the search's parameters in ``params``,
    blank ones left out ("" when there are none)."""
    carried = QueryDict(mutable=True)
    for name in CARRIED_PARAMS:
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            carried.setlist(name, values)
    return carried.urlencode()


@dataclasses.dataclass(frozen=True)
class CarriedSearch:
    """The search a letter page was reached from."""

    text: str  # the search text within its bounds ("" for a search by filters alone)
    query: str  # the search's query string

    def results_url(self, letter_id: int) -> str:
        """The page of results the letter was on, at its result."""
        return f"{reverse('letters:search')}?{self.query}#result-{letter_id}"


def carried_search(params: QueryDict) -> CarriedSearch | None:
    """The search carried in a letter page's ``params``; None when there is none."""
    query = letter_link_query(params)
    if not query:
        return None
    return CarriedSearch(text=bounded_text(params.get("q", "")).text, query=query)
