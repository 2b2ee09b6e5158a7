"""The generation of the search table, for caches of what is read from it.

Every write to ``SearchEntry`` ends with ``search_changed()`` (after commit); cache
keys include ``generation()``, so a write retires every cached count at once. With a
per-process cache (the default), other processes see the change when their entries
expire; a shared cache (Redis, Memcached) makes it immediate.
"""

from __future__ import annotations

from django.core.cache import cache

_KEY = "letters:search-generation"


def generation() -> int:
    return cache.get_or_set(_KEY, 0, None)


def search_changed() -> None:
    try:
        cache.incr(_KEY)
    except ValueError:  # not in the cache (evicted or never set)
        cache.set(_KEY, 1, None)
