"""The letters every peer engine indexes: one query, streamed.

A server-side cursor hands them over a few thousand at a time, so building a peer's
index over a million letters never holds the whole corpus in memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection, transaction

SQL = """
    SELECT l.id, l.title, l.body, coalesce(string_agg(a.body, E'\\n\\n'), ''),
           l.session_id, l.sc_year, extract(year FROM l.letter_date)::int,
           count(a.id) > 0, l.letter_date::text
    FROM letters_letter l LEFT JOIN letters_annex a ON a.letter_id = l.id
    WHERE l.published_at IS NOT NULL
    GROUP BY l.id
"""


def letter_rows() -> Iterator[tuple]:
    """(id, title, body, annex text, session, sc_year, year, has_annex, letter_date)."""
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor(name="peer_rows") as cursor:
        cursor.itersize = 2_000
        cursor.execute(SQL)
        yield from cursor
