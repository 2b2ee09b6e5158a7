"""Every public door limited per client (DESIGN.md §10): a rate per client at each door,
and a cap on the heavy requests a client, and a web host, may have running at once.

**Doors.** Each public view belongs to one door, declared with ``@door``: ``page`` (HTML
pages, a letter's records, the new-letters feed: any view that declares nothing), ``api``
(anything under /api/), ``export`` (a search's exports), ``feed`` (a search's Atom feed)
and ``oai`` (OAI-PMH). The admin, staff and the health endpoints pass freely.

**Rates.** ``LETTERS_<DOOR>_RATE`` requests per client at each door (``"120/minute"``;
empty: no limit), counted in PostgreSQL with the generic cell rate algorithm: one row per
client and door holds the time at which its allowance is fully spent ("theoretical arrival
time"); a request moves it one interval (period / count) later, and is refused if that
would put it more than a period ahead of now. That is at most ``count`` requests in any
period, bursts included, in one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement:
PostgreSQL locks the row, so concurrent requests of one client, in any worker on any
host, are counted one after the other. The table (``client_rate``, migration 0016) is
UNLOGGED: counts need no crash safety, nor a replica.

**Heavy requests.** A heavy request (a search that counts afresh, an export, a feed of a
search, OAI-PMH) holds one of the client's ``LETTERS_CLIENT_HEAVY_REQUESTS`` slots while
it runs, its streamed body included; a bulk one (export, feed, OAI-PMH) also holds one of
its web host's ``LETTERS_HOST_BULK_REQUESTS``, so some workers are always left for pages.
A slot is a PostgreSQL advisory lock of the request's connection, taken with
``pg_try_advisory_lock`` and given back when the response is closed; if the worker dies,
its connection ends and PostgreSQL releases the lock itself, so no slot is ever lost.

A refusal is 429 with ``Retry-After``: JSON in the API's error shape under /api/, plain
text at the bulk doors (their clients are programs), a small page elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import math
import socket
import threading
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from archive.clients import client_key
from archive.env import parse_rate
from archive.middleware import API_PREFIX, database_error_page, error_body, exempt
from archive.routers import PRIMARY

logger = logging.getLogger("archive.limits")

# Seconds a client refused for having too many heavy requests running is asked to wait:
# about what one of them takes.
BUSY_RETRY_SECONDS = 10
# Every this many rate checks, a process deletes the rows whose allowance is whole again
# (they count as no row at all), so the table holds only the clients of the last period.
SWEEP_EVERY = 1000


@dataclasses.dataclass(frozen=True)
class Door:
    """A way into the archive: its name (the rate's setting is ``LETTERS_<NAME>_RATE``),
    whether every request through it is heavy (or a test of the request saying so), and
    whether it reads in bulk (holding one of the host's bulk slots)."""

    name: str
    heavy: bool | Callable[[HttpRequest], bool] = False
    bulk: bool = False

    def rate(self) -> Rate | None:
        """This door's rate as the settings say now; None when unlimited."""
        return Rate.parse(getattr(settings, f"LETTERS_{self.name.upper()}_RATE", ""))

    def is_heavy(self, request: HttpRequest) -> bool:
        return self.heavy(request) if callable(self.heavy) else self.heavy


PAGE = Door("page")
API = Door("api")


def door(name: str, *, heavy: bool | Callable[[HttpRequest], bool] = False):
    """Declare the door a view (a function, or an API view class) belongs to. ``export``,
    ``feed`` and ``oai`` are bulk doors, every request through them heavy."""
    bulk = name in {"export", "feed", "oai"}
    marked = Door(name, heavy=heavy or bulk, bulk=bulk)

    def mark(view):
        view.door = marked
        return view

    return mark


def door_of(request: HttpRequest, view) -> Door:
    """The door a request comes through: its view's, else ``api`` or ``page`` by path."""
    view_class = getattr(view, "view_class", None)  # an API view's class
    declared = getattr(view, "door", None) or getattr(view_class, "door", None)
    if declared is not None:
        return declared
    return API if request.path.startswith(API_PREFIX) else PAGE


@dataclasses.dataclass(frozen=True)
class Rate:
    """``count`` requests per ``period`` seconds."""

    count: int
    period: int

    @classmethod
    def parse(cls, text: str | None) -> Rate | None:
        """``"60/minute"`` (``archive.env.parse_rate``); None for an empty setting."""
        parsed = parse_rate(text)
        return None if parsed is None else cls(*parsed)

    @property
    def interval(self) -> datetime.timedelta:
        return datetime.timedelta(seconds=self.period / self.count)


_TAKE = """
INSERT INTO client_rate AS counted (key, tat) VALUES (%(key)s, now() + %(interval)s)
ON CONFLICT (key) DO UPDATE SET tat = GREATEST(counted.tat, now()) + %(interval)s
 WHERE GREATEST(counted.tat, now()) + %(interval)s <= now() + %(period)s
RETURNING tat
"""
_WAIT = """
SELECT EXTRACT(EPOCH FROM tat + %(interval)s - %(period)s - now()) FROM client_rate
 WHERE key = %(key)s
"""
_SWEEP = "DELETE FROM client_rate WHERE tat < now()"
_checks = 0


def take(key: str, rate: Rate) -> float | None:
    """Count one request of ``key`` against ``rate``: None when allowed, else the seconds
    to wait before the next one would be."""
    global _checks
    values = {
        "key": key,
        "interval": rate.interval,
        "period": datetime.timedelta(seconds=rate.period),
    }
    with connections[PRIMARY].cursor() as cursor:
        _checks += 1
        if _checks % SWEEP_EVERY == 0:
            cursor.execute(_SWEEP)
        cursor.execute(_TAKE, values)
        if cursor.fetchone() is not None:
            return None
        cursor.execute(_WAIT, values)
        row = cursor.fetchone()
    return max(float(row[0]), 0.0) if row else 0.0


def slot_key(name: str, number: int) -> int:
    """The advisory lock of slot ``number`` of ``name``: a stable signed 64-bit hash (the
    same in every process, unlike Python's ``hash``)."""
    digest = hashlib.blake2b(f"archive.limits:{name}:{number}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


# The slots this thread's connection to the primary holds (Django's connections are per
# thread): a request that was never closed cannot leave one taken for later requests.
_held = threading.local()


def held_slots() -> list[int]:
    """The slots this thread's connection to the primary holds now."""
    if not hasattr(_held, "keys"):
        _held.keys = []
    return _held.keys


def take_slot(name: str, slots: int) -> int | None:
    """Take one of ``slots`` advisory locks of ``name`` on the primary's connection: the
    lock taken, or None when every one is held."""
    with connections[PRIMARY].cursor() as cursor:
        for number in range(slots):
            key = slot_key(name, number)
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            if cursor.fetchone()[0]:
                held_slots().append(key)
                return key
    return None


def give_back(keys: Iterable[int]) -> None:
    """Release the advisory locks ``keys`` of the primary's connection."""
    keys = list(keys)
    if not keys:
        return
    held = held_slots()
    for key in keys:
        if key in held:
            held.remove(key)
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(k) FROM unnest(%s::bigint[]) AS k", [keys])
    except DatabaseError:
        # The connection is gone, and its locks with it.
        logger.warning("could not release request slots %s", keys, exc_info=True)


class ClientLimitMiddleware:
    """The rates and the heavy-request slots of every public request (last in MIDDLEWARE:
    after authentication, and after PublicDatabaseMiddleware has checked the connection)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except BaseException:
            give_back(getattr(request, "limit_slots", ()))
            raise
        held = getattr(request, "limit_slots", ())
        if held and response.streaming:
            response.streaming_content = _ReleasedAtClose(response.streaming_content, held)
        else:
            give_back(held)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if getattr(view_func, "no_database", False) or exempt(request):
            return None
        entrance = door_of(request, view_func)
        client = client_key(request)
        try:
            left = list(held_slots())
            if left:  # an earlier response on this connection was never closed
                logger.warning("giving back %d slots an earlier request left", len(left))
                give_back(left)
            return self._admit(request, entrance, client)
        except DatabaseError as error:
            page = database_error_page(error, request.path)
            if page is None:
                raise
            return page

    def _admit(self, request: HttpRequest, entrance: Door, client: str) -> HttpResponse | None:
        rate = entrance.rate()
        if rate is not None:
            wait = take(f"{entrance.name}:{client}", rate)
            if wait is not None:
                return too_many(request, entrance, wait)
        if not entrance.is_heavy(request):
            return None
        request.limit_slots = []
        per_client = settings.LETTERS_CLIENT_HEAVY_REQUESTS
        if per_client > 0:
            slot = take_slot(f"client:{client}", per_client)
            if slot is None:
                return too_many(request, entrance, BUSY_RETRY_SECONDS, busy=True)
            request.limit_slots.append(slot)
        per_host = settings.LETTERS_HOST_BULK_REQUESTS
        if entrance.bulk and per_host > 0:
            slot = take_slot(f"host:{socket.gethostname()}", per_host)
            if slot is None:
                give_back(request.limit_slots)
                request.limit_slots = []
                return too_many(request, entrance, BUSY_RETRY_SECONDS, busy=True)
            request.limit_slots.append(slot)
        return None


class _ReleasedAtClose:
    """A streamed body that gives its request's slots back when the response is closed
    (Django closes it once the body is sent, or the client went away)."""

    def __init__(self, content: Iterator[bytes], slots: list[int]) -> None:
        self.content = content
        self.slots = slots

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.content)

    def close(self) -> None:
        slots, self.slots = self.slots, []
        give_back(slots)


def too_many(
    request: HttpRequest, entrance: Door, wait: float, *, busy: bool = False
) -> HttpResponse:
    """429 with Retry-After: JSON under /api/, plain text at the bulk doors, else a page."""
    seconds = max(1, math.ceil(wait))
    if busy:
        message = (
            "Too many requests of this kind from your address are running: "
            f"try again in {seconds} seconds."
        )
    else:
        message = f"Too many requests from your address: try again in {seconds} seconds."
    logger.info("refused %s at the %s door: %s", request.path, entrance.name, message)
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(error_body(429, message), status=429)
    elif entrance.bulk:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    else:
        html = render_to_string("429.html", {"message": message})
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(seconds)
    return response
