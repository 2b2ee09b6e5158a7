"""Peer page: Datasette's own search page over SQLite FTS5, for the same letters.

``build`` copies the letters (``peer_rows``: title, body, annexes and the four scalar
facets) into a SQLite file with sqlite-utils and gives it an FTS5 index (porter
stemmer); ``serve`` starts ``datasette serve`` on 127.0.0.1; ``url`` is the table page
searched for a text with the same four facets (session, SC year, year, has annex),
20 rows a page, and the session and annex filters where a case has them.

What Datasette's page does, against ours: it orders the matches by rowid (its table
search does not rank), shows no snippets and counts four scalar facets (ours: nine,
four of them arrays of ids), in one process of asynchronous Python with SQLite on
threads. Its time limits are raised so no facet is silently dropped, and facet
suggestions are off (less work for it).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from load import answering
from peer_rows import letter_rows

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
FACETS = ("session", "sc_year", "year", "has_annex")
SETTINGS = {
    "facet_time_limit_ms": 60_000,
    "sql_time_limit_ms": 60_000,
    "default_facet_size": 12,
    "suggest_facets": "off",
    "default_page_size": 20,
}


def build(path: Path) -> Path:
    """The letters in a SQLite file at ``path`` with an FTS5 index over their texts."""
    import sqlite_utils

    path.unlink(missing_ok=True)
    db = sqlite_utils.Database(path)
    columns = ("id", "title", "body", "annexes", "session", "sc_year", "year", "has_annex")
    rows = (
        dict(zip(columns, (*row[:7], int(row[7])), strict=True)) | {"letter_date": row[8]}
        for row in letter_rows()
    )
    db["letters"].insert_all(rows, pk="id", batch_size=2_000)
    for facet in FACETS:
        db["letters"].create_index([facet])
    db["letters"].enable_fts(
        ["title", "body", "annexes"], fts_version="FTS5", tokenize="porter", create_triggers=False
    )
    db.vacuum()
    db.close()
    return path


def serve(path: Path) -> subprocess.Popen:
    """``datasette serve`` of ``path`` on 127.0.0.1:PORT, once it answers."""
    settings = [arg for name, value in SETTINGS.items() for arg in ("--setting", name, str(value))]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--immutable",
            str(path),
            *settings,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return answering(server, PORT, "/-/versions.json", seconds=60, name="datasette")


def url(path: Path, params: dict) -> str | None:
    """Datasette's search page for one of our cases' parameters (None: it has no such page:
    a symbol look-up or a phrase, which its escaped search does not treat as one)."""
    text = params.get("q")
    if not text or "/" in text:
        return None
    query: list[tuple[str, str]] = [("_search", text.strip('"'))]
    if text.startswith('"'):
        query = [("_search", text), ("_searchmode", "raw")]
    query += [("_facet", facet) for facet in FACETS]
    if "session" in params:
        query.append(("session", str(params["session"])))
    if params.get("has_annex") == "true":
        query.append(("has_annex", "1"))
    return f"/{path.stem}/letters?" + urlencode(query)
