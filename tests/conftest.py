from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "letters"
SAMPLES = sorted(FIXTURES.glob("*.txt"))


@pytest.fixture
def sample_paths() -> list[Path]:
    return SAMPLES


# The rows the five samples become are made once per test database (once per worker
# under xdist) through the real parser and ingest, kept in a schema of their own, and
# copied back for each test that asks for them: a copy costs a few milliseconds, the
# ingest about a second.
SNAPSHOT_SCHEMA = "sample_letters_snapshot"


@dataclasses.dataclass(frozen=True)
class SampleRows:
    """The samples' letter ids (keyed '000'…'004'), and the tables their rows are in, each
    with its columns (as a list for SQL)."""

    ids: dict[str, int]
    tables: dict[str, str]


@pytest.fixture(scope="session")
def _sample_rows(django_db_setup, django_db_blocker) -> SampleRows:
    """Ingest the samples once, keep every row they wrote in SNAPSHOT_SCHEMA, and empty the
    tables again."""
    from django.db import connection

    from letters.intake.ingest import ingest_letter
    from letters.intake.reading import read_letter_file
    from letters.models import FacetCount

    with django_db_blocker.unblock():
        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            empty = {t for t in tables if not _has_rows(cursor, t)}
        ids = {}
        for path in SAMPLES:
            read = read_letter_file(path)
            result = ingest_letter(
                parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
            )
            ids[path.name[:3]] = result.letter.pk
        with connection.cursor() as cursor:
            written = sorted(t for t in empty if _has_rows(cursor, t))
            # The search table's triggers write the counts again when its rows are copied.
            derived = FacetCount._meta.db_table
            copied = [table for table in written if table != derived]
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in copied:
                cursor.execute(
                    f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS SELECT * FROM "{table}"'
                )
            # The tables as every test expects them: empty. Their sequences go on from
            # the samples' ids, so rows a test adds never take one of theirs.
            cursor.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in written) + " CASCADE")
            columns = {table: _columns(cursor, table) for table in copied}
    return SampleRows(ids, columns)


def _has_rows(cursor, table: str) -> bool:
    cursor.execute(f'SELECT EXISTS (SELECT FROM "{table}")')
    return cursor.fetchone()[0]


def _columns(cursor, table: str) -> str:
    # Generated columns are computed again, never inserted.
    cursor.execute(
        "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)"
        " FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'NEVER'",
        [table],
    )
    return cursor.fetchone()[0]


@pytest.fixture
def sample_letters(_sample_rows, db):
    """The five sample letters imported through the real parser and ingest; keyed by '000'…'004'."""
    from django.db import connection, transaction

    from letters.models import Letter

    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns in _sample_rows.tables.items():
            cursor.execute(
                f'INSERT INTO "{table}" ({columns})'
                f' SELECT {columns} FROM {SNAPSHOT_SCHEMA}."{table}"'
            )
    letters = Letter.objects.in_bulk(_sample_rows.ids.values())
    return {key: letters[pk] for key, pk in _sample_rows.ids.items()}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached counts must not outlive the test whose database they were read from."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
