"""The benchmark's own database: never the archive's, created once and reused.

Imported before Django is set up: it decides ``DATABASE_URL`` for the run.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def bench_database_url(name: str) -> str:
    """``BENCH_DATABASE_URL`` if set, else database ``name`` on the embedded server.

    Deliberately not ``DATABASE_URL``: that names the archive's real database.
    """
    explicit = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if explicit:
        return explicit
    from archive.database import embedded_database_url

    # Same server and credentials as the archive, another database.
    return re.sub(r"/archive(?=\?|$)", f"/{name}", embedded_database_url(), count=1)


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = _name(url)
    with psycopg.connect(re.sub(rf"/{name}(?=\?|$)", "/postgres", url), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = _name(url)
    with psycopg.connect(re.sub(rf"/{name}(?=\?|$)", "/postgres", url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _name(url: str) -> str:
    match = re.search(r"/([\w-]+)(?:\?|$)", url.split("@", 1)[-1])
    if not match:
        raise ValueError(f"no database name in {url!r}")
    return match.group(1)


def corpus_record_path(url: str) -> Path:
    return RESULTS / f"corpus-{_name(url)}.json"


def read_corpus_record(url: str) -> dict | None:
    path = corpus_record_path(url)
    return json.loads(path.read_text()) if path.exists() else None


def write_corpus_record(url: str, record: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    corpus_record_path(url).write_text(json.dumps(record, indent=2))
