"""Placeholder views: the public pages come with the search issue."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _todo(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    return HttpResponse("Not built yet", status=501)


search = letter_detail = letter_source = session_detail = topic_detail = _todo
cited_detail = person_detail = state_detail = _todo
