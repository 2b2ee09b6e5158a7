"""The generation of the search table, for caches of what is read from it.

Every write to ``SearchEntry`` ends with ``search_changed()`` (after commit); cache
keys include ``generation()``, so a write retires every cached count at once. With a
per-process cache (``locmem://``, the default), other processes see the change only
when their own entries expire; the shared cache of production (``db://``, a table every
worker reads) makes it immediate.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import connection

_KEY = "letters:search-generation"


def generation() -> int:
    """The search table's generation, for cache keys: a counter kept in the cache without
    expiry, 0 while it is absent."""
    return cache.get_or_set(_KEY, 0, None)


def search_changed() -> None:
    """Retire every cached read of the search table: add one to the generation (or set it to
    1 when the cache has lost it), and to the archive version in the database
    (``ArchiveVersion``), which names prepared exports and dumps."""
    try:
        cache.incr(_KEY)
    except ValueError:  # not in the cache (evicted or never set)
        cache.set(_KEY, 1, None)
    bump_archive_version()


def bump_archive_version() -> None:
    """Add one to the archive version (creating its row the first time). One statement,
    run after the writer's commit, so the row is locked for an instant, not for a
    letter's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO letters_archiveversion (id, number, changed) VALUES (1, 1, now())"
            " ON CONFLICT (id) DO UPDATE"
            " SET number = letters_archiveversion.number + 1, changed = now()"
        )


def archive_version() -> tuple[int, datetime.datetime | None]:
    """The archive version and when it last changed ((0, None) before any change)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT number, changed FROM letters_archiveversion WHERE id = 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, None)
