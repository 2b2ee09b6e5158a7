"""Peer engine: SQLite FTS5 (standard library) over the same letters, doing comparable page work.

Per query: top 20 by bm25 with a snippet each, the total, and counts for the
scalar facets (session, SC year, year, has annex). Array facets (agenda topic,
State, signatory, cited document) are not counted here, so the peer does less
work than our search page: the ratio flatters the peer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peer_rows import letter_rows

FACETS = ("session", "sc_year", "year", "has_annex")


def build(path: Path) -> sqlite3.Connection:
    """Copy title, body and annex text of every letter into an FTS5 index at ``path``."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE VIRTUAL TABLE doc USING fts5(
            title, body, annexes, tokenize='porter unicode61 remove_diacritics 2');
        CREATE TABLE meta(id INTEGER PRIMARY KEY, session INT, sc_year INT, year INT,
                          has_annex INT, letter_date TEXT);
        CREATE INDEX meta_session ON meta(session);
        """
    )
    for row in letter_rows():
        db.execute("INSERT INTO doc(rowid, title, body, annexes) VALUES (?, ?, ?, ?)", row[:4])
        db.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?)", (row[0], *row[4:]))
    db.commit()
    return db


def to_fts(text: str) -> str:
    """The websearch query text as an FTS5 query (bare words AND, quoted phrases kept)."""
    return text if text.startswith('"') else " ".join(f'"{w}"' for w in text.split())


def page(db: sqlite3.Connection, text: str, session: int | None = None) -> int:
    """One results page's work; returns the total."""
    where = "doc MATCH ?" + (" AND m.session = ?" if session is not None else "")
    params: list = [to_fts(text)] + ([session] if session is not None else [])
    base = f"FROM doc JOIN meta m ON m.id = doc.rowid WHERE {where}"
    db.execute(
        f"SELECT doc.rowid, snippet(doc, 1, '<mark>', '</mark>', '…', 30) {base} "
        "ORDER BY bm25(doc, 4.0, 1.0, 0.5) LIMIT 20",
        params,
    ).fetchall()
    total = db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    for facet in FACETS:
        db.execute(f"SELECT m.{facet}, count(*) {base} GROUP BY m.{facet}", params).fetchall()
    return total
