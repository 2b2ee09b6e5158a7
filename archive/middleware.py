"""What stands between the public and the database (DESIGN.md §10).

``PublicInputMiddleware`` is the one place that cleans what a visitor sends, before any
other middleware or view sees it: the query string's length, the number of parameters and
of values per parameter are capped, repeated values of a parameter are merged (first
occurrence kept, in order), and a control character (NUL included) in the path or in a
parameter's name or value is refused. A refusal is a plain 400 page saying what was wrong.

``PublicDatabaseMiddleware`` puts every public read under a statement timeout and turns
database failures into pages: a statement cancelled by the timeout gives the "too broad"
page, an unreachable database the 503 outage page. The Django admin, staff users and the
health endpoints are not limited; management commands never pass through here.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string

from archive.routers import serving_aliases

logger = logging.getLogger("archive.public")

# Unicode category Cc: C0 controls (NUL, tab, line breaks, escape …), DEL and C1 controls.
# No page address, parameter name or search of this archive needs one; NUL reached
# PostgreSQL, which refuses it in text, as a 500.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# SQLSTATE 57014 (query_canceled): the statement timeout, or a cancel from an operator.
QUERY_CANCELED = "57014"


def _control_character(text: str) -> str | None:
    """The first control character in ``text``, described for a person, or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "") or {0: "NUL"}.get(ord(char), "control character")
    return f"U+{ord(char):04X} {name}".strip()


# Under this prefix (archive/urls.py mounts the API there) answers are JSON, in the API's
# error shape (``error_body``).
API_PREFIX = "/api/"


def error_body(status: int, message: str, **extra) -> dict:
    """The API's error shape: the status, a message for a person, and what else helps
    (each invalid parameter's messages, say)."""
    return {"status": status, "message": message, **extra}


def bad_request(problem: str, path: str = "") -> HttpResponse:
    """The 400 page (JSON under the API): says what was wrong, needs no database."""
    logger.info("refused a request: %s", problem)
    if path.startswith(API_PREFIX):
        return JsonResponse(error_body(400, problem), status=400)
    html = render_to_string("400.html", {"problem": problem})
    return HttpResponse(html, status=400)


class PublicInputMiddleware:
    """Caps and cleans the path and query string of every request (first in MIDDLEWARE).

    Limits (settings): ``LETTERS_MAX_QUERY_STRING_BYTES`` for the raw query string,
    ``LETTERS_MAX_PARAMS`` distinct parameters, ``LETTERS_MAX_VALUES_PER_PARAM`` distinct
    values of one parameter. Repeated values are merged before counting, so
    ``?kind=letter&kind=letter`` is ``?kind=letter``; ``request.GET`` and the query string
    seen by later code hold the merged parameters. ``request.sent_GET`` keeps them as
    sent (OAI-PMH must answer a repeated argument with an error, not merge it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self.clean(request)
        if problem:
            return bad_request(problem, request.path)
        return self.get_response(request)

    def clean(self, request: HttpRequest) -> str | None:
        """Merge repeated values in ``request.GET``; return what is wrong, or None."""
        char = _control_character(request.path)
        if char:
            return f"The address contains a control character ({char})."
        raw = request.META.get("QUERY_STRING", "")
        limit = settings.LETTERS_MAX_QUERY_STRING_BYTES
        if len(raw) > limit:
            return f"The query string is {len(raw):,} bytes long; the limit is {limit:,}."
        try:
            params = request.GET
        except TooManyFieldsSent:
            return f"Too many parameters; the limit is {settings.LETTERS_MAX_PARAMS}."
        max_params = settings.LETTERS_MAX_PARAMS
        if len(params) > max_params:
            return f"Too many parameters ({len(params)}); the limit is {max_params}."
        max_values = settings.LETTERS_MAX_VALUES_PER_PARAM
        merged = QueryDict(mutable=True)
        repeated = False
        for name, values in params.lists():
            char = _control_character(name)
            if char:
                return f"A parameter name contains a control character ({char})."
            unique = list(dict.fromkeys(values))
            for value in unique:
                char = _control_character(value)
                if char:
                    return f"The value of “{name}” contains a control character ({char})."
            if len(unique) > max_values:
                return f"Too many values of “{name}” ({len(unique)}); the limit is {max_values}."
            repeated = repeated or len(unique) < len(values)
            merged.setlist(name, unique)
        request.sent_GET = params
        if repeated:
            merged._mutable = False
            request.GET = merged
            request.META["QUERY_STRING"] = merged.urlencode()
        return None


def database_error_page(error: BaseException, path: str = "") -> HttpResponse | None:
    """The page for a database failure, or None when ``error`` is not one of ours; JSON in
    the API's error shape under /api/ (``path``), HTML elsewhere; 503 with Retry-After.

    A statement cancelled (the public statement timeout) gives the "too broad" page with
    503: the request is well formed and may succeed when the server is less busy, and the
    server chose not to spend more time on it, which is what 503 says; a 4xx would tell
    clients the address itself is wrong, and keeping it a 5xx keeps such searches visible in
    server-error monitoring. Any other operational or interface error means the database
    cannot be reached or used: the outage page. Programming and data errors are bugs and
    stay 500.
    """
    if not isinstance(error, OperationalError | InterfaceError):
        return None
    if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
        logger.warning("public statement timeout: %s", error)
        message = (
            "This search took longer than the archive gives one search: narrow it, "
            "or try again when the server is less busy."
        )
        return _unavailable(path, "too_broad.html", message)
    logger.error("database unavailable: %s", error)
    return outage_page(path)


def outage_page(path: str = "") -> HttpResponse:
    """503 with Retry-After, from a template that needs no database (JSON under /api/)."""
    return _unavailable(path, "503.html", "The archive's database is temporarily unavailable.")


def _unavailable(path: str, template: str, message: str) -> HttpResponse:
    if path.startswith(API_PREFIX):
        response = JsonResponse(error_body(503, message), status=503)
    else:
        response = HttpResponse(render_to_string(template, {}), status=503)
    response["Retry-After"] = str(settings.LETTERS_RETRY_AFTER_SECONDS)
    return response


class PublicDatabaseMiddleware:
    """Statement timeout for public reads; database failures as pages (last in MIDDLEWARE).

    Each request sets the limit it needs before its view runs, on the primary and every
    replica:
    ``SET statement_timeout`` for a public request, ``RESET statement_timeout`` for the
    admin and for staff. Setting it per request (not once per connection) means a
    persistent or pooled connection never carries one request's limit into the next; it is
    done before the view, outside any transaction (no ATOMIC_REQUESTS), so a rollback in
    the view cannot undo it; and it stays on after the view, so a streamed body is bounded
    too. Views marked ``no_database`` (the health endpoints) are left alone: they must answer
    while the database is down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if getattr(view_func, "no_database", False):
            return None
        try:
            timeout = None if exempt(request) else statement_timeout_of(view_func)
            for alias in serving_aliases():
                set_statement_timeout(connections[alias], timeout)
        except DatabaseError as error:
            page = database_error_page(error, request.path)
            if page is None:
                raise
            return page
        return None

    def process_exception(self, request: HttpRequest, exception: Exception):
        return database_error_page(exception, request.path)


# The statement timeout a kept connection was last given (the raw psycopg connection's
# attribute): a request that needs the same one sends nothing.
_TIMEOUT_SET = "_archive_statement_timeout"


def set_statement_timeout(connection, timeout: int | None) -> None:
    """Give ``connection`` the statement timeout ``timeout`` (ms; None: the server's
    default), unless the kept connection already has exactly that one.

    Only this function changes the session's timeout, always outside a transaction, and
    it records what it set on the connection itself: a new connection (a restart, a
    reconnect) has no record and is set. So a request never runs under another
    request's limit, and on a persistent connection the limit costs no round trip. The
    record is trusted only with health checks on (``CONN_HEALTH_CHECKS``, as configured):
    a dropped connection is then found and replaced before the record is read.
    """
    wanted = "default" if timeout is None else f"{int(timeout)}ms"
    # A kept connection the server dropped is replaced here, before its record is read
    # (Django's health check, which the request's first query would make anyway).
    connection.close_if_health_check_failed()
    raw = connection.connection
    if (
        raw is not None
        and connection.health_check_enabled
        and not connection.in_atomic_block
        and getattr(raw, _TIMEOUT_SET, None) == wanted
    ):
        return
    if timeout is None:
        first_statement(connection, "RESET statement_timeout")
    else:
        # set_config() rather than SET: a SELECT takes a bound parameter under
        # server-side binding too. 0 turns the limit off.
        first_statement(connection, "SELECT set_config('statement_timeout', %s, false)", [wanted])
    setattr(connection.connection, _TIMEOUT_SET, wanted)


def first_statement(connection, sql: str, params: list | None = None) -> None:
    """Run a request's first statement, on a new connection if the kept one is dead.

    A persistent connection that the server dropped (a restart, a failover) fails on its
    first use; that is found out here, the connection closed and the statement tried once
    more on a new one, so a database restart between two requests costs no error page.
    """
    reused = connection.connection is not None and not connection.in_atomic_block
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    except (OperationalError, InterfaceError):
        if not reused:
            raise
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def exempt(request: HttpRequest) -> bool:
    """Whether a request runs without the public statement timeout: the admin and staff.

    ``request.user`` reads the session only when the request carries a session cookie, so
    an anonymous visitor costs no query here.
    """
    match = getattr(request, "resolver_match", None)
    if match is not None and "admin" in match.namespaces:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_staff)


def statement_timeout_of(view) -> int:
    """The statement timeout a public view runs under (milliseconds)."""
    return getattr(view, "statement_timeout_ms", settings.LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS)


def with_statement_timeout(milliseconds: int):
    """Give a public view its own statement timeout instead of the site's (a harvester's
    page of a hundred full records takes longer than a search page)."""

    def mark(view):
        view.statement_timeout_ms = milliseconds
        return view

    return mark


def no_database(view):
    """Mark a view that must not touch the database (PublicDatabaseMiddleware skips it)."""
    view.no_database = True
    return view
