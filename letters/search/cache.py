"""The archive's publication version, and what is cached under it.

Every write to ``SearchEntry`` calls ``search_changed()`` in its own transaction: the
one row of ``PublicationVersion`` goes up by one when that transaction commits. What is
cached from the search table (search pages, facet counts, the archive's languages) is
kept under a key holding ``version()`` (``cached``), so a publication retires all of it
in every process at once, whatever the cache: production's ``db://`` table is shared by
every worker (a page one worker computed is served by all), the default ``locmem://`` is
per process. Old entries are never read again and expire.

The version is read from the database once per request (it is kept until the request
ends, or until the request itself writes) and at every call outside a request.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection

from letters.models import PublicationVersion

T = TypeVar("T")

# The version read in the current request (None: not read yet, or not in a request).
_request_version: ContextVar[int | None] = ContextVar("publication_version", default=None)
_in_request: ContextVar[bool] = ContextVar("publication_in_request", default=False)

_TABLE = PublicationVersion._meta.db_table


def version() -> int:
    """The publication version: 0 before the first write to the search table."""
    found = _request_version.get()
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {_TABLE} WHERE id = 1")
            row = cursor.fetchone()
        found = row[0] if row else 0
        if _in_request.get():
            _request_version.set(found)
    return found


def search_changed() -> None:
    """Raise the publication version, in the current transaction (it counts for other
    processes when that commits). Writers to the search table call this."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (id, number, changed) VALUES (1, 1, now()) "
            f"ON CONFLICT (id) DO UPDATE SET number = {_TABLE}.number + 1, changed = now()"
        )
    _request_version.set(None)


def publication() -> tuple[int, datetime.datetime | None]:
    """The publication version as it stands in the database now, and when it last went up
    ((0, None) before the first write): what prepared exports and the archive's dumps are
    named by (``letters.opendata.prepared``)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed FROM {_TABLE} WHERE id = 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, None)


def cache_key(kind: str, *parts: Any) -> str:
    """The cache key of ``kind`` for ``parts`` (JSON-able) under the publication version and
    whether synthetic letters are searched; hashed, so any parts make a short safe key."""
    described = json.dumps([parts, settings.LETTERS_INCLUDE_SYNTHETIC], default=str)
    digest = hashlib.sha256(described.encode()).hexdigest()[:32]
    return f"letters:{kind}:{version()}:{digest}"


def cached(kind: str, parts: tuple, compute: Callable[[], T], seconds: int | None) -> T:
    """``compute()``'s result, from the cache when it holds it for ``parts`` under the
    current publication version; else computed and kept ``seconds`` (None: until evicted)."""
    key = cache_key(kind, *parts)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, seconds)
    return found


def _start(**kwargs) -> None:
    _in_request.set(True)
    _request_version.set(None)


def _finish(**kwargs) -> None:
    _in_request.set(False)
    _request_version.set(None)


request_started.connect(_start, dispatch_uid="letters.search.cache.start")
request_finished.connect(_finish, dispatch_uid="letters.search.cache.finish")
