"""Write the whole archive to a folder: JSON Lines per table plus the original files.

The folder holds ``manifest.json`` (format, version, row count per table), one
``<table>.jsonl`` per table in ``TABLES`` order (each line Django's serialised form:
``{"model", "pk", "fields"}``), and ``files/<sha256>``: every uploaded file byte for
byte. ``manage.py load_archive`` reads it back. Search rows, the lists of top letters,
the words' document frequencies and the publication version are not written: they are
derived, and the load rebuilds them; nor are prepared exports (``Export``: made again by
jobs after the load).

Rows are read with server-side cursors a chunk at a time and written as they come,
so memory stays flat however large the archive.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, reset_queries, transaction
from django.utils import timezone

from letters.models import (
    AgendaItem,
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterRevision,
    LetterSymbol,
    LetterVersion,
    Person,
    Reference,
    Session,
    Signature,
    SourceFile,
    State,
    Upload,
    UploadFile,
    UploadLine,
)

FORMAT = "un-letters-archive-dump"
VERSION = 2  # 2: letters' references and the States they mention

# Every table of the archive, each after the tables it refers to (the load's order).
TABLES: list[tuple[str, type[models.Model]]] = [
    ("states", State),
    ("sessions", Session),
    ("agenda_topics", AgendaTopic),
    ("agenda_items", AgendaItem),
    ("people", Person),
    ("source_files", SourceFile),
    ("letters", Letter),
    ("letter_agenda_items", Letter.agenda_items.through),
    ("letter_senders", Letter.senders.through),
    ("letter_symbols", LetterSymbol),
    ("annexes", Annex),
    ("signatures", Signature),
    ("cited_documents", CitedDocument),
    ("citations", Citation),
    ("letter_references", Reference),
    ("letter_states_mentioned", Letter.states_mentioned.through),
    ("letter_versions", LetterVersion),
    ("revisions", LetterRevision),
    ("uploads", Upload),
    ("upload_files", UploadFile),
    ("upload_lines", UploadLine),
]

# Rows per fetch; source files carry their bytes (up to LETTERS_MAX_UPLOAD_BYTES each),
# so they come a few at a time.
CHUNK_ROWS = 2000
CHUNK_FILES = 20


def user_fields(model: type[models.Model]) -> list[models.ForeignKey]:
    """Foreign keys to user accounts: written as the username (accounts are not dumped)."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label == settings.AUTH_USER_MODEL
    ]


def dumped_fields(model: type[models.Model]) -> list[str]:
    """Every concrete field but the primary key (the line's ``pk``) and a file's bytes."""
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and not (model is SourceFile and f.name == "data")
    ]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


class Command(BaseCommand):
    help = "Write the whole archive (every table as JSON Lines, the original files) to DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
            raise CommandError(f"{directory} exists and is not an empty folder: nothing written.")
        files = directory / "files"
        files.mkdir(parents=True, exist_ok=True)
        counts = {}
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost:
                # One snapshot of the whole archive (PostgreSQL's repeatable read): no row
                # refers to one written after it, however long the dump takes.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            for name, model in TABLES:
                with (directory / f"{name}.jsonl").open("w", encoding="utf-8") as out:
                    counts[name] = self._dump_table(model, out, files)
                self.stdout.write(f"{name}: {counts[name]} rows")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": timezone.now().isoformat(),
            "tables": counts,
        }
        (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        self.stdout.write(f"Archive written to {directory}")

    def _dump_table(self, model, out, files: Path) -> int:
        users = user_fields(model)
        queryset = model._base_manager.order_by("pk")
        if users:
            # Named: select_related() with no names would join every relation (a
            # letter's source file with its bytes, for one).
            queryset = queryset.select_related(*(f.name for f in users))
        size = CHUNK_FILES if model is SourceFile else CHUNK_ROWS
        count = 0
        for chunk in chunks(queryset.iterator(chunk_size=size), size):
            if model is SourceFile:
                for source in chunk:
                    self._write_file(source, files)
            rows = serializers.serialize("python", chunk, fields=dumped_fields(model))
            for obj, row in zip(chunk, rows, strict=True):
                for field in users:
                    user = getattr(obj, field.name)
                    row["fields"][field.name] = [user.get_username()] if user else None
                out.write(json.dumps(row, cls=ExactJSONEncoder, ensure_ascii=False) + "\n")
            count += len(chunk)
            # With DEBUG on, Django keeps the last 9,000 statements: let them go.
            reset_queries()
        return count

    @staticmethod
    def _write_file(source: SourceFile, files: Path) -> None:
        data = bytes(source.data)
        if hashlib.sha256(data).hexdigest() != source.sha256:
            raise CommandError(f"source file {source.pk} does not match its sha256: not dumped.")
        (files / source.sha256).write_bytes(data)
