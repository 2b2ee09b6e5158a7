"""Small typed readers for settings from the environment (12-factor style), and the
cache backend a cache URL names.

Kept separate from settings.py so they can be tested on their own.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


_RATE_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(text: str | None) -> tuple[int, int] | None:
    """A rate such as ``"60/minute"`` (or ``/second``, ``/hour``, ``/day``, or their first
    letter) as (count, period in seconds); None for an empty one (no limit)."""
    if not text or not text.strip():
        return None
    count, _, unit = text.strip().partition("/")
    period = _RATE_PERIODS.get(unit.strip()[:1].lower())
    if not count.strip().isdigit() or int(count) < 1 or period is None:
        raise ValueError(f"{text!r} is not a rate such as 60/minute")
    return int(count), period


def env_rate(name: str, default: str) -> str:
    """A rate (``parse_rate``) from the environment, checked when settings load."""
    raw = env_str(name, default) or ""
    try:
        parse_rate(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None
    return raw.strip()


# The cache backends a URL may name: scheme -> Django backend. ``db://TABLE`` is a
# table in the default database (made by ``manage.py createcachetable``), shared by
# every process; ``locmem://`` is per process; ``dummy://`` caches nothing.
_CACHE_BACKENDS = {
    "db": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


# Entries a cache holds before it culls a third of them. Django's default, 300, is far
# too few: the database cache culls in key order, so a flood of cached search pages and
# counts (a page is some 30 KB) would cull every other entry every few seconds. The
# cache holds cached reads of the search only (per-client limits are counted in
# PostgreSQL, archive.limits): the shared table may hold many; one process's memory, fewer.
CACHE_MAX_ENTRIES = {"db": 30_000, "locmem": 2_000}


def cache_config(url: str) -> dict:
    """A ``CACHES`` entry from a URL: ``db://django_cache``, ``locmem://``, ``dummy://``."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in _CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"cache URL {url!r} is not one of {', '.join(s + '://' for s in _CACHE_BACKENDS)}"
        )
    config = {"BACKEND": _CACHE_BACKENDS[scheme]}
    if scheme in CACHE_MAX_ENTRIES:
        config["OPTIONS"] = {"MAX_ENTRIES": CACHE_MAX_ENTRIES[scheme]}
    if scheme == "db":
        if not rest:
            raise ImproperlyConfigured(f"cache URL {url!r} names no table (db://TABLE)")
        config["LOCATION"] = rest
    elif rest:
        config["LOCATION"] = rest
    return config
