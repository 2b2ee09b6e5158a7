"""Health endpoints and the last-resort error view (DESIGN.md §10).

``/healthz`` says the process lives and answers; it touches no database, so a load
balancer or container runtime does not restart healthy web processes during a database
outage. ``/readyz`` says whether the database answers too: 200, or 503 with
Retry-After while it cannot be reached. Both answer JSON and are never cached.

``server_error`` and ``page_not_found`` are the site's handler500 and handler404
(archive/urls.py). An exception that escapes a view's middleware (a session read while
the database is down, say) still gets the outage or "too broad" page when it is a
database failure; otherwise the API answers its JSON error shape and the pages Django's
own 500 and 404 pages.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache

from archive.middleware import (
    API_PREFIX,
    database_error_page,
    error_body,
    first_statement,
    no_database,
)
from archive.routers import serving_aliases


@never_cache
@no_database
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@no_database
def readyz(request: HttpRequest) -> JsonResponse:
    """Whether the primary and every replica answer ``SELECT 1``."""
    failed = []
    for alias in serving_aliases():
        connection = connections[alias]
        try:
            first_statement(connection, "SELECT 1")
        except DatabaseError:
            failed.append(alias)
            # A connection that failed is not kept for the next request.
            connection.close()
    if failed:
        response = JsonResponse(
            {"status": "unavailable", "database": "unreachable", "aliases": failed},
            status=503,
        )
        response["Retry-After"] = str(settings.LETTERS_RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database failure's page when that is what went wrong, else a 500
    (JSON under the API)."""
    error = sys.exc_info()[1]
    page = database_error_page(error, request.path) if error is not None else None
    if page is not None:
        return page
    if request.path.startswith(API_PREFIX):
        body = error_body(500, "Server error: the error has been logged.")
        return JsonResponse(body, status=500)
    return defaults.server_error(request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: JSON under the API, Django's 404 page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(404, "No such URL in the API."), status=404)
    return defaults.page_not_found(request, exception)
