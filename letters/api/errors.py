"""The API's errors, always JSON with a message, and its rate limit.

Errors inside a view pass DRF's exception handler (``exception_handler``): 400 with each
invalid parameter's messages, 404, 405, 429 with Retry-After. A URL under /api/ that
no view matches, and an error no view caught (500), reach Django's handlers
(``page_not_found``, ``server_error``, set in archive/urls.py): those answer JSON under
/api/ and the site's own pages elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from archive import routers
from archive.middleware import API_PREFIX


class InvalidParameters(exceptions.APIException):
    """Query parameters that cannot be used: every parameter's messages."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid parameters."

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__()
        self.errors = errors


def error_body(status_code: int, message: str, **extra) -> dict:
    return {"status": status_code, "message": message, **extra}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handling (status, headers such as Retry-After), with our body."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handler answers (server_error)
    if isinstance(exc, InvalidParameters):
        response.data = error_body(response.status_code, str(exc.detail), errors=exc.errors)
    elif isinstance(exc, exceptions.Throttled):
        message = (
            f"Too many requests. Try again in {exc.wait:.0f} seconds."
            if exc.wait
            else ("Too many requests.")
        )
        response.data = error_body(response.status_code, message)
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        response.data = error_body(response.status_code, str(detail or response.status_text))
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(404, "No such URL in the API."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(500, "Server error: the error has been logged."), status=500)
    return defaults.server_error(request)


class ClientRateThrottle(SimpleRateThrottle):
    """At most settings.LETTERS_API_RATE requests per client address (e.g. "60/minute";
    empty: no limit), counted in the Django cache.

    The address is REMOTE_ADDR, or with REST_FRAMEWORK["NUM_PROXIES"] = N the N-th
    address from the end of X-Forwarded-For: the one the nearest trusted proxy saw, which
    a client cannot forge. The rate is read from the settings on every request (DRF reads
    its rates once, at import).
    """

    scope = "api"

    def allow_request(self, request, view) -> bool:
        # The count is the cache's, not the archive's: writing it (to the cache table,
        # with db://) must not count as the request's write, which would send its reads
        # and the client's next requests to the primary instead of a replica.
        with routers.scope():
            return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        return settings.LETTERS_API_RATE or None

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
