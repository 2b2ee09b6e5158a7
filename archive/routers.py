"""Reads to PostgreSQL read replicas, writes and read-your-writes on the primary.

``PrimaryReplicaRouter`` sends a model read to one of ``settings.DATABASE_REPLICAS``
(aliases of streaming replicas) and everything else to ``default``, the primary. A
replica lags the primary by the time its WAL takes to arrive, so a read goes to the
primary whenever it must see a write:

* inside a transaction on the primary (it must read what the transaction wrote and
  what it locked);
* for the rest of a request, or a command, once it has written (``db_for_write``
  pins the current context);
* for ``DATABASE_PIN_SECONDS`` after a client's write: ``PinToPrimaryMiddleware``
  pins requests that are not GET/HEAD/OPTIONS and leaves a cookie that pins the
  same client's next requests, so a page reloaded after a save shows the save;
* the cache table (``DatabaseCache``): the publication version and the cached pages
  are the primary's. Writing to it does not pin: a cached page is no write of the
  client's.

Without replicas every read goes to ``default`` and the middleware only passes
requests through.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
PIN_COOKIE = "primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_pinned: ContextVar[bool] = ContextVar("archive_pinned_to_primary", default=False)
_wrote: ContextVar[bool] = ContextVar("archive_wrote_to_primary", default=False)


def serving_aliases() -> tuple[str, ...]:
    """The databases requests read from: the primary and the configured replicas."""
    return (PRIMARY, *settings.DATABASE_REPLICAS)


def pinned_to_primary() -> bool:
    return _pinned.get()


class Scope:
    """What one request (or other unit of work) did: whether it wrote."""

    @property
    def wrote(self) -> bool:
        return _wrote.get()


@contextmanager
def scope(*, pinned: bool = False) -> Iterator[Scope]:
    """A unit of work with its own pinning: reads go to the primary from the start when
    ``pinned``, else from its first write on; the previous state comes back after."""
    pinned_token = _pinned.set(pinned)
    wrote_token = _wrote.set(False)
    try:
        yield Scope()
    finally:
        _pinned.reset(pinned_token)
        _wrote.reset(wrote_token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        replicas = settings.DATABASE_REPLICAS
        if (
            not replicas
            or _pinned.get()
            or connections[PRIMARY].in_atomic_block
            or model._meta.app_label == "django_cache"
        ):
            return PRIMARY
        return random.choice(replicas)

    def db_for_write(self, model, **hints) -> str:
        # A cache write (a page or counts kept for others) changes no data a client reads
        # back, so it does not pin the client to the primary.
        if model._meta.app_label != "django_cache":
            _pinned.set(True)
            _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # Every alias holds the same data: the replicas are copies of the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        # Replicas replay the primary's WAL; migrations run on the primary only.
        return db == PRIMARY


class PinToPrimaryMiddleware:
    """Pins a request to the primary when it may write (not GET/HEAD/OPTIONS) or its
    client wrote recently; after a request that wrote or may have written, sets the
    cookie that pins the client for ``DATABASE_PIN_SECONDS``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        unsafe = request.method not in SAFE_METHODS
        with scope(pinned=unsafe or _recently_wrote(request.COOKIES.get(PIN_COOKIE))) as work:
            response = self.get_response(request)
            if unsafe or work.wrote:
                seconds = settings.DATABASE_PIN_SECONDS
                response.set_cookie(
                    PIN_COOKIE,
                    str(int(time.time()) + seconds),
                    max_age=seconds,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response


def _recently_wrote(cookie: str | None) -> bool:
    try:
        return cookie is not None and int(cookie) > time.time()
    except ValueError:
        return False
