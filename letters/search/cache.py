"""The generation of the search table, for caches of what is read from it.

Every write to ``SearchEntry`` ends with ``search_changed()`` (after commit); cache
keys include ``generation()``, so a write retires every cached count at once. With a
per-process cache (``locmem://``, the default), other processes see the change only
when their own entries expire; the shared cache of production (``db://``, a table every
worker reads) makes it immediate.
"""

from __future__ import annotations

import time

from django.core.cache import cache

_KEY = "letters:search-generation"


def generation() -> int:
    """The search table's generation, for cache keys: a counter kept in the cache without
    expiry, started afresh (``_fresh``) when absent."""
    return cache.get_or_set(_KEY, _fresh, None)


def search_changed() -> None:
    """Retire every cached read of the search table: add one to the generation (or start
    it afresh when the cache has lost it)."""
    try:
        cache.incr(_KEY)
    except ValueError:  # not in the cache (evicted or never set)
        cache.set(_KEY, _fresh(), None)


def _fresh() -> int:
    # The clock in microseconds: a generation lost from the cache (culled, a restart of
    # a memory cache) starts again above every number it held, never at an old one whose
    # counts may still be cached.
    return time.time_ns() // 1000
