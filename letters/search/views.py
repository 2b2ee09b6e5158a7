"""The search page: the request's parameters through the search pipeline, rendered, and kept
in the cache under the publication version (letters.search.cache)."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from archive.limits import door
from letters.search.cache import cache_key
from letters.search.carry import letter_link_query
from letters.search.chart import search_charts
from letters.search.filters import SORTS, counts_afresh
from letters.search.pipeline import InvalidSearch, search_page
from letters.search.query import RANK_LIMIT


@door("page", heavy=counts_afresh)
def search(request: HttpRequest) -> HttpResponse:
    """The search page for the request's parameters; 400 with each parameter's messages when
    some cannot be used.

    A rendered page is kept ``LETTERS_SEARCH_CACHE_SECONDS`` under its parameters and the
    publication version: the template is half the Python time of a page, so a page asked
    for again is served from the cache as it was rendered. (The pipeline's own cache, which
    the JSON API reads, is not filled for pages: one entry a page.)
    """
    seconds = settings.LETTERS_SEARCH_CACHE_SECONDS
    if not seconds:
        return _rendered(request)
    key = cache_key("search-html", sorted(request.GET.lists()))
    html = cache.get(key)
    if html is not None:
        return HttpResponse(html)
    response = _rendered(request)
    if response.status_code == 200:
        cache.set(key, response.content, seconds)
    return response


def _rendered(request: HttpRequest) -> HttpResponse:
    try:
        result = search_page(request.GET, page_number=request.GET.get("page"), from_cache=False)
    except InvalidSearch as invalid:
        context = {"errors": invalid.errors, "sorts": SORTS, "text": request.GET.get("q", "")}
        return render(request, "letters/search.html", context, status=400)
    context = {field.name: getattr(result, field.name) for field in dataclasses.fields(result)}
    # A result's link carries the search into the letter page (letters.search.carry).
    letter_query = letter_link_query(result.params)
    context.update(
        result=result,
        sorts=SORTS,
        rank_limit=RANK_LIMIT,
        letter_query=letter_query,
        charts=search_charts(result),
    )
    return render(request, "letters/search.html", context)
