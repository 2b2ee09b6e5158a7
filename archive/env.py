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


# The cache backends a URL may name: scheme -> Django backend. ``db://TABLE`` is a
# table in the default database (made by ``manage.py createcachetable``), shared by
# every process; ``locmem://`` is per process; ``dummy://`` caches nothing.
_CACHE_BACKENDS = {
    "db": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


DB_CACHE_MAX_ENTRIES = 30_000


def cache_config(url: str) -> dict:
    """A ``CACHES`` entry from a URL: ``db://django_cache``, ``locmem://``, ``dummy://``."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in _CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"cache URL {url!r} is not one of {', '.join(s + '://' for s in _CACHE_BACKENDS)}"
        )
    config = {"BACKEND": _CACHE_BACKENDS[scheme]}
    if scheme == "db":
        if not rest:
            raise ImproperlyConfigured(f"cache URL {url!r} names no table (db://TABLE)")
        config["LOCATION"] = rest
        # Django's default of 300 entries would cull cached search pages every few
        # seconds under a crawler; a page is some 30 KB.
        config["OPTIONS"] = {"MAX_ENTRIES": DB_CACHE_MAX_ENTRIES}
    elif rest:
        config["LOCATION"] = rest
    return config
