"""The API's errors, always JSON with a message.

Errors inside a view pass DRF's exception handler (``exception_handler``): 400 with each
invalid parameter's messages, 404, 405. A URL under /api/ that no view matches, and an
error no view caught (500), reach the site's handlers (``archive.health``); a database
that is unreachable or too slow, the site's middleware (503 with Retry-After,
``archive.middleware``); a client over its rate, the site's limits (429 with Retry-After,
``archive.limits``). Each answers the same JSON shape (``error_body``) under /api/.
"""

from __future__ import annotations

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

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
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        response.data = error_body(response.status_code, str(detail or response.status_text))
    return response
