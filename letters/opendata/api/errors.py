"""The API's errors, always JSON with a message, and its rate limit.

Errors inside a view pass DRF's exception handler (``exception_handler``): 400 with each
invalid parameter's messages, 404, 405, 429 with Retry-After. A URL under /api/ that
no view matches, and an error no view caught (500), reach the site's handlers
(``archive.health``), which answer the same JSON shape (``error_body``) under /api/.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from archive import routers
from archive.middleware import error_body


class InvalidParameters(exceptions.APIException):
    """Query parameters that cannot be used: every parameter's messages."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "Invalid parameters."

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__()
        self.errors = errors


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
        """DRF's check, its cache write kept out of the request's database routing."""
        # The count is the cache's, not the archive's: writing it (to the cache table,
        # with db://) must not count as the request's write, which would send its reads
        # and the client's next requests to the primary instead of a replica.
        with routers.scope():
            return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        """settings.LETTERS_API_RATE as it is now; None (no limit) when empty."""
        return settings.LETTERS_API_RATE or None

    def get_cache_key(self, request, view) -> str:
        """The counter of the client's address (signed-in clients are counted too)."""
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
