"""The search page: the request's parameters through the search pipeline, rendered."""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.limits import door
from letters.search.carry import letter_link_query
from letters.search.filters import SORTS, counts_afresh
from letters.search.pipeline import InvalidSearch, search_page
from letters.search.query import RANK_LIMIT


@door("page", heavy=counts_afresh)
def search(request: HttpRequest) -> HttpResponse:
    """The search page for the request's parameters; 400 with each parameter's messages when
    some cannot be used."""
    try:
        result = search_page(request.GET, page_number=request.GET.get("page"))
    except InvalidSearch as invalid:
        context = {"errors": invalid.errors, "sorts": SORTS, "text": request.GET.get("q", "")}
        return render(request, "letters/search.html", context, status=400)
    context = {field.name: getattr(result, field.name) for field in dataclasses.fields(result)}
    # A result's link carries the search into the letter page (letters.search.carry).
    letter_query = letter_link_query(result.params)
    context.update(result=result, sorts=SORTS, rank_limit=RANK_LIMIT, letter_query=letter_query)
    return render(request, "letters/search.html", context)
