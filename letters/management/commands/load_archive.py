"""Read a folder written by ``manage.py dump_archive`` into an empty archive.

One transaction: every table in dependency order (ids kept, so every letter's
permanent URL and OAI identifier stay the same), each original file checked
against its sha256, the tables' id sequences moved past the loaded ids (never back), then the
search rows (and the lists of top letters ranking reads) rebuilt. Anything wrong (a
database that is not empty, a missing or altered file, a row count that differs from
the manifest) stops the load and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, models, reset_queries, transaction

from letters.intake.bulk import copy_rows, deferred_search_indexes
from letters.intake.progress import Progress
from letters.intake.stored import search_rows
from letters.management.commands.dump_archive import FORMAT, TABLES, VERSION, chunks, user_fields
from letters.models import Letter, SearchEntry, SourceFile
from letters.search.indexing import rebuild_top_letters, write_search_rows
from letters.search.similar import refresh_term_stats

BATCH_ROWS = 1000
# Letters whose search rows are rebuilt together: read back in a fixed number of
# queries and written by one statement (bench/README.md, "Dump and load").
SEARCH_CHUNK = 500
# A batch of source files is written once it holds this many bytes.
BATCH_FILE_BYTES = 64 * 1024 * 1024


class Command(BaseCommand):
    help = "Load a folder written by dump_archive into an empty archive (one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        manifest = self._manifest(directory)
        try:
            self._load(directory, manifest)
        except (DatabaseError, psycopg.Error) as error:
            # A row the tables refuse: too long for its column, twice the same, or
            # pointing at a row the dump does not hold (checked at the end).
            reason = str(error).splitlines()[0]
            raise CommandError(
                f"the dump does not fit the archive's tables ({reason}). Nothing was loaded."
            ) from None
        self.stdout.write(f"Archive loaded from {directory}")

    def _load(self, directory: Path, manifest: dict) -> None:
        with transaction.atomic():
            self._refuse_a_filled_archive()
            for name, model in TABLES:
                expected = manifest["tables"].get(name)
                loaded = self._load_table(model, directory / f"{name}.jsonl", directory / "files")
                if loaded != expected:
                    raise CommandError(
                        f"{name}.jsonl holds {loaded} rows, the manifest says {expected}: "
                        "the dump is incomplete. Nothing was loaded."
                    )
                self.stdout.write(f"{name}: {loaded} rows")
            self._reset_sequences()
            # The search table is empty: its indexes are built once at the end rather
            # than kept up row by row.
            with deferred_search_indexes():
                rebuilt = self._rebuild_search_rows()
            rebuild_top_letters()  # the lists ranking reads, from the rows just written
            self.stdout.write(f"search rows: {rebuilt}")
            refresh_term_stats()  # the words' document frequencies similar letters read

    def _manifest(self, directory: Path) -> dict:
        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{directory} has no manifest.json: not a dump.") from None
        except ValueError:
            raise CommandError(f"{directory}/manifest.json is not JSON.") from None
        if (
            not isinstance(manifest, dict)
            or manifest.get("format") != FORMAT
            or not isinstance(manifest.get("tables"), dict)
        ):
            raise CommandError(f"{directory} is not a dump of this archive.")
        if manifest.get("version") != VERSION:
            raise CommandError(
                f"the dump is version {manifest.get('version')}; this archive reads {VERSION}."
            )
        return manifest

    def _refuse_a_filled_archive(self) -> None:
        filled = {
            name: n
            for name, model in [*TABLES, ("search rows", SearchEntry)]
            if (n := model._base_manager.count())
        }
        if filled:
            listed = ", ".join(f"{n} {name}" for name, n in filled.items())
            raise CommandError(
                f"The database is not empty ({listed}): load_archive only loads into an "
                "empty archive. Nothing was loaded."
            )

    def _rows(self, model, path: Path) -> Iterator[dict]:
        label = model._meta.label_lower
        users = user_fields(model)
        usernames: dict[str, int | None] = {}
        try:
            lines = path.open(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"the dump has no {path.name}. Nothing was loaded.") from None
        with lines:
            for number, line in enumerate(lines, start=1):
                try:
                    row = json.loads(line)
                except ValueError:
                    raise CommandError(
                        f"{path.name}, line {number}: not JSON. Nothing was loaded."
                    ) from None
                if not isinstance(row, dict) or row.get("model") != label:
                    raise CommandError(
                        f"{path.name}, line {number}: not a row of {label}. Nothing was loaded."
                    )
                for field in users:
                    # Accounts are not dumped: a username that exists here is linked,
                    # any other is left empty (revisions keep the name as text).
                    value = row["fields"].get(field.name)
                    if value:
                        name = value[0]
                        if name not in usernames:
                            usernames[name] = (
                                get_user_model()
                                .objects.filter(**{get_user_model().USERNAME_FIELD: name})
                                .values_list("pk", flat=True)
                                .first()
                            )
                        row["fields"][field.name] = usernames[name]
                yield row

    def _load_table(self, model, path: Path, files: Path) -> int:
        objects = (d.object for d in serializers.deserialize("python", self._rows(model, path)))
        count = 0
        try:
            if model is SourceFile:
                batches = self._file_batches(objects, files)
            else:
                batches = chunks(objects, BATCH_ROWS)
            for batch in batches:
                self._insert(model, batch)
                count += len(batch)
                # With DEBUG on, Django keeps the last 9,000 statements, file bytes and
                # search texts included: hundreds of megabytes unless let go.
                reset_queries()
        except DeserializationError as error:
            raise CommandError(f"{path.name}: {error}. Nothing was loaded.") from None
        return count

    @staticmethod
    def _file_batches(objects, files: Path) -> Iterator[list[SourceFile]]:
        batch, size = [], 0
        for source in objects:
            try:
                data = (files / source.sha256).read_bytes()
            except (FileNotFoundError, OSError):
                raise CommandError(
                    f"files/{source.sha256} is missing. Nothing was loaded."
                ) from None
            if hashlib.sha256(data).hexdigest() != source.sha256 or len(data) != source.size:
                raise CommandError(
                    f"files/{source.sha256} does not match its sha256 or size. Nothing was loaded."
                )
            source.data = data
            batch.append(source)
            size += len(data)
            if len(batch) >= BATCH_ROWS or size >= BATCH_FILE_BYTES:
                yield batch
                batch, size = [], 0
        if batch:
            yield batch

    @staticmethod
    def _insert(model, batch: list[models.Model]) -> None:
        """COPY the rows as the dump holds them, ids and times included (the ORM's
        INSERT would set the auto_now times to the present)."""
        fields = model._meta.concrete_fields
        with connection.cursor() as cursor:
            copy_rows(
                cursor,
                model._meta.db_table,
                [field.column for field in fields],
                [{field.attname: getattr(obj, field.attname) for field in fields} for obj in batch],
                json=[isinstance(field, models.JSONField) for field in fields],
            )

    @staticmethod
    def _reset_sequences() -> None:
        """Each table's id sequence moved past the loaded ids, and never back: an id this
        database once gave out (a deleted letter's permanent URL) is not given again."""
        with connection.cursor() as cursor:
            for _, model in TABLES:
                key = model._meta.pk
                if not isinstance(key, models.AutoField | models.BigAutoField):
                    continue  # a natural key (a session's number) has no sequence
                table, column = (
                    connection.ops.quote_name(n) for n in (key.model._meta.db_table, key.column)
                )
                cursor.execute(
                    "SELECT setval(s.seq, GREATEST(t.top, pg_sequence_last_value(s.seq), 1),"
                    " GREATEST(t.top, pg_sequence_last_value(s.seq)) IS NOT NULL)"
                    " FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) s,"
                    f" (SELECT max({column}) AS top FROM {table}) t",
                    [model._meta.db_table, key.column],
                )

    def _rebuild_search_rows(self) -> int:
        """Every published letter's search row, from what is stored (its versions
        included), a chunk of letters at a time."""
        published = Letter.objects.filter(published_at__isnull=False).order_by("pk")
        progress = Progress(published.count(), stream=self.stderr, label="search rows")
        for letters in chunks(published.iterator(chunk_size=SEARCH_CHUNK), SEARCH_CHUNK):
            write_search_rows(search_rows(letters))
            progress.step(len(letters))
            reset_queries()
        progress.finish()
        return progress.done
