"""The search page: the request's parameters through the search pipeline, rendered."""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from letters.search.chart import search_charts
from letters.search.filters import SORTS
from letters.search.pipeline import InvalidSearch, search_page
from letters.search.query import RANK_LIMIT


def search(request: HttpRequest) -> HttpResponse:
    """The search page for the request's parameters; 400 with each parameter's messages when
    some cannot be used."""
    try:
        result = search_page(request.GET, page_number=request.GET.get("page"))
    except InvalidSearch as invalid:
        context = {"errors": invalid.errors, "sorts": SORTS, "text": request.GET.get("q", "")}
        return render(request, "letters/search.html", context, status=400)
    context = {field.name: getattr(result, field.name) for field in dataclasses.fields(result)}
    context.update(result=result, sorts=SORTS, rank_limit=RANK_LIMIT, charts=search_charts(result))
    return render(request, "letters/search.html", context)
