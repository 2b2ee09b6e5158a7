"""The generation of the search table, for caches of what is read from it.

Every write to ``SearchEntry`` ends with ``search_changed()`` (after commit); cache
keys include ``generation()``, so a write retires every cached count at once. With a
per-process cache (``locmem://``, the default), other processes see the change only
when their own entries expire; the shared cache of production (``db://``, a table every
worker reads) makes it immediate.
"""

from __future__ import annotations

from django.core.cache import cache

_KEY = "letters:search-generation"


def generation() -> int:
    """The search table's generation, for cache keys: a counter kept in the cache without
    expiry, 0 while it is absent."""
    return cache.get_or_set(_KEY, 0, None)


def search_changed() -> None:
    """Retire every cached read of the search table: add one to the generation (or set it to
    1 when the cache has lost it)."""
    try:
        cache.incr(_KEY)
    except ValueError:  # not in the cache (evicted or never set)
        cache.set(_KEY, 1, None)
