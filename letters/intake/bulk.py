"""Bulk ingest: a million letters with a few set-based statements per batch.

It writes the same rows as ``letters.intake.ingest.ingest_letter`` — the per-letter path that
uploads and small imports use — built by the same functions (``letters.intake.rows``), but a
batch at a time:

* look-up rows (States, sessions, agenda items and topics, people, cited documents) are
  cached for the whole load and created a batch at a time (``_RecordIds``);
* ids of letters, their source files and annexes are drawn from the tables' sequences
  in one statement each, so every row of a batch is complete before it is written and
  child rows need no RETURNING round trip (``BulkLoader._prepare``);
* a batch is written with COPY, in one transaction, by one of a few writer threads with
  their own connections (``_Writers``). The search rows are copied into a staging table
  and filled by one INSERT … SELECT that runs ``to_tsvector``, PostgreSQL's largest
  share of the work (``letters.search.indexing.write_search_rows``). So PostgreSQL
  writes earlier batches, on as many cores as there are writers, while this thread
  prepares the next one.

Texts in other languages are stored as the per-letter ingest stores them, by the same
rule (``letters.intake.versions``): a batch's texts are grouped into letters first
(``letters.intake.grouping``), so a letter whose texts come in one batch is written once,
its English text the main one and the others its versions; a text joining a stored
letter adds a version, or rewrites the letter from its new main text (its columns by one
UPDATE from a copied table, its parts replaced, a revision), and the stored letters a
batch touched get their search rows from what is then stored.

Citations are linked to the letters carrying their symbols, and references resolved to
the letters they name (``letters.intake.links``), once, at the end. Reading and
parsing happen before, in worker processes (``read_in_parallel``, ``parse_in_parallel``):
they are pure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import itertools
import multiprocessing
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from letters.intake import links, records, rows
from letters.intake.grouping import Grouped, group
from letters.intake.policy import UploadPolicy
from letters.intake.reading import ReadLetter, read_job
from letters.intake.stored import indexed_version, search_rows, stored_letters
from letters.intake.versions import TEXT_FIELDS, changes, main_text_note
from letters.models import (
    AgendaItem,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterRevision,
    LetterSymbol,
    LetterVersion,
    Person,
    Reference,
    SearchEntry,
    Session,
    Signature,
    SourceFile,
)
from letters.parsing import (
    ParsedLetter,
    parse_letter,
    person_key,
    sha256_hex,
    split_symbol,
    topic_key,
)
from letters.parsing.model import CitationKind, CitedDocumentRef
from letters.search.cache import search_changed
from letters.search.indexing import (
    TextPart,
    letter_parts,
    rebuild_top_letters,
    write_search_rows,
)

# Two writers keep both cores of a small server busy with PostgreSQL's share of the
# work while this process prepares batches (measured in bench/README.md).
DEFAULT_WRITERS = 2

# From this many new letters, a load readies the tables it wrote (statistics, GIN
# pending entries) before the statements that read them (``analyze_written``).
ANALYZE_FROM = 1000


def _parse(job: tuple[str, str] | tuple[str, str, bytes]) -> ReadLetter:
    text, filename, *source = job
    data = source[0] if source else text.encode()
    return ReadLetter(filename, data, text, parse_letter(text, file=filename))


def parse_in_parallel(
    jobs: Iterable[tuple[str, str] | tuple[str, str, bytes]], *, processes: int | None = None
) -> Iterator[ReadLetter]:
    """Parse (text, filename[, original bytes]) jobs on every core, in order. The parser
    is pure, so worker processes need no database."""
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(_parse, jobs, chunksize=32)


def read_in_parallel(
    paths: Iterable[Path], rules: UploadPolicy, *, processes: int | None = None
) -> Iterator[ReadLetter | str]:
    """Read and parse letter files on every core, in order, through the intake's policy:
    each a ``ReadLetter`` or the one-line reason it was refused."""
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(read_job, ((path, rules) for path in paths), chunksize=8)


@dataclasses.dataclass
class BulkResult:
    created: int = 0  # new letters
    joined: int = 0  # texts stored as a letter's language version or new main text
    skipped: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)


class BulkLoader:
    """Loads batches of read letters; keep one loader for a whole import so its
    look-up caches carry over from batch to batch.

    ``writers`` threads write batches in parallel, each with its own connection. Inside
    an enclosing transaction (``transaction.atomic``, tests) those connections could not
    see this one's uncommitted rows, so every batch is then written here, in order.
    """

    def __init__(
        self, *, synthetic: bool = False, publish: bool = True, writers: int = DEFAULT_WRITERS
    ) -> None:
        self.synthetic = synthetic
        self.publish = publish
        self.writers = writers
        self.ids = _RecordIds()
        self._stored: list[int] = []  # ids of the letters stored: their references to resolve

    def load(
        self,
        items: Iterable[ReadLetter],
        *,
        batch_size: int = 1000,
        on_batch: Callable[[int], None] | None = None,
    ) -> BulkResult:
        result = BulkResult()

        def finished(batch: _Batch) -> None:
            result.created += batch.created
            result.joined += batch.joined
            search_changed()
            if on_batch:
                on_batch(batch.size)

        iterator = iter(items)
        with _Writers(0 if connection.in_atomic_block else self.writers) as writers:
            for number in itertools.count():
                chunk = list(itertools.islice(iterator, batch_size))
                if not chunk:
                    break
                if writers.claims().touched_by(chunk):
                    # A text of a letter that a batch not yet committed stores or adds
                    # to: decided once that batch is in, as the per-letter ingest would.
                    for batch in writers.finished(wait=True):
                        finished(batch)
                writers.submit(self._prepare(number, chunk, result, writers.claims()))
                for batch in writers.finished():
                    finished(batch)
            for batch in writers.finished(wait=True):
                finished(batch)
        if result.created >= ANALYZE_FROM:
            analyze_written()
        link_cited_documents()
        links.resolve_all(self._stored)
        if result.created:
            rebuild_top_letters()
            search_changed()
        return result

    def _prepare(
        self, number: int, chunk: list[ReadLetter], result: BulkResult, claims: _Claims
    ) -> _Batch:
        """The chunk as rows, look-ups created and ids drawn: its new letters, and the
        texts that join stored letters as versions or main texts (``grouping``)."""
        letters = group(self._unstored(chunk, result, claims), result.failed)
        # A first text that a later one replaced as main text made its records first, as
        # it does when the two come one after the other.
        self.ids.ensure(
            [g.former_text.parsed for g in letters if g.former_text]
            + [g.parsed for g in letters if g.parsed is not None]
        )
        new = [g for g in letters if g.stored is None]
        batch = _Batch(number=number, size=len(chunk), created=len(new))
        batch.joined = sum(len(g.texts) for g in letters) - len(new)
        texts = [text for g in letters for text in g.texts]
        source_ids = dict(zip(map(id, texts), _next_ids(SourceFile, len(texts)), strict=True))
        letter_ids = iter(_next_ids(Letter, len(new)))
        written = [g.parsed for g in letters if g.parsed is not None]
        annex_ids = iter(_next_ids(Annex, sum(len(p.annexes) for p in written)))
        now = timezone.now()
        for text in texts:
            batch.claims.shas.add(sha256_hex(text.data))
            source = rows.source_row(
                data=text.data,
                filename=text.filename,
                text=text.text,
                method=text.method,
                confidence=text.confidence,
            )
            batch.add(SourceFile, {"id": source_ids[id(text)], **source, "created": now})
        for grouped in letters:
            batch.claims.symbols.update(grouped.symbols)
            if grouped.stored is None:
                letter_id = next(letter_ids)
                self._add_new_letter(batch, letter_id, grouped, source_ids, annex_ids, now)
            else:
                letter_id = grouped.stored.pk
                self._add_to_stored(batch, grouped, source_ids, annex_ids, now)
            self._stored.append(letter_id)  # its references are resolved at the end
            versions = [(source_ids[id(text)], text.parsed) for text in grouped.versions]
            if grouped.former is not None:
                former_source = (
                    source_ids[id(grouped.former_text)]
                    if grouped.former_text
                    else grouped.stored.source_id
                )
                versions.insert(0, (former_source, grouped.former))
            version_rows = [
                {
                    "letter_id": letter_id,
                    "source_id": source_id,
                    **rows.version_row(parsed, fallback_title=""),
                    "created": now,
                }
                for source_id, parsed in versions
            ]
            for row in version_rows:
                batch.add(LetterVersion, row)
            if grouped.stored is None and self.publish:
                batch.search.append((letter_id, self._search_parts(grouped, version_rows)))
        return batch

    def _unstored(
        self, chunk: list[ReadLetter], result: BulkResult, claims: _Claims
    ) -> list[ReadLetter]:
        """The chunk less texts already stored (the same bytes, as a letter or a version),
        counting batches still being written as stored."""
        by_sha: dict[str, ReadLetter] = {}
        for item in chunk:
            by_sha.setdefault(sha256_hex(item.data), item)
        result.skipped += len(chunk) - len(by_sha)
        stored = claims.shas & by_sha.keys()
        stored |= set(_column_matches(SourceFile, "sha256", by_sha))
        result.skipped += len(stored)
        return [item for sha, item in by_sha.items() if sha not in stored]

    def _add_new_letter(
        self,
        batch: _Batch,
        letter_id: int,
        grouped: Grouped,
        source_ids: dict[int, int],
        annex_ids: Iterator[int],
        now: datetime.datetime,
    ) -> None:
        first = grouped.former_text or grouped.main
        batch.add(
            Letter,
            {
                "id": letter_id,
                "source_id": source_ids[id(grouped.main)],
                **rows.letter_row(grouped.parsed, fallback_title=grouped.main.filename),
                "uploaded_by_id": None,
                "published_at": now if self.publish else None,
                "created": now,
                "updated": now,
                "corrected_fields": [],
                "is_synthetic": self._synthetic(first) or self._synthetic(grouped.main),
            },
        )
        self._add_parts(batch, letter_id, grouped.parsed, annex_ids)

    def _add_to_stored(
        self,
        batch: _Batch,
        grouped: Grouped,
        source_ids: dict[int, int],
        annex_ids: Iterator[int],
        now: datetime.datetime,
    ) -> None:
        """A stored letter's new main text (its columns rewritten, its parts replaced, a
        revision) and its search row rewritten once the batch is written."""
        letter = grouped.stored
        if grouped.main is not None:
            batch.updates.append(
                {
                    "id": letter.pk,
                    "source_id": source_ids[id(grouped.main)],
                    **rows.letter_row(grouped.parsed, fallback_title=grouped.main.filename),
                    "updated": now,
                    "corrected_fields": [
                        f for f in letter.corrected_fields if f not in TEXT_FIELDS
                    ],
                    "is_synthetic": letter.is_synthetic or self._synthetic(grouped.main),
                }
            )
            batch.replaced.append(letter.pk)
            self._add_parts(batch, letter.pk, grouped.parsed, annex_ids, symbols=False)
            batch.revisions[letter.pk] = (
                grouped.former,
                main_text_note(
                    language=grouped.language,
                    former_language=letter.language,
                    filename=grouped.main.filename[:255],
                ),
            )
        if letter.published_at is not None:
            batch.reindexed.append(letter.pk)

    def _synthetic(self, item: ReadLetter) -> bool:
        return rows.is_synthetic(item.text, flagged=self.synthetic)

    def _add_parts(
        self,
        batch: _Batch,
        letter_id: int,
        p: ParsedLetter,
        annex_ids: Iterator[int],
        *,
        symbols: bool = True,
    ) -> None:
        """Symbols (unless a stored letter keeps its own), senders, agenda items, annexes,
        signatures and citations of one letter."""
        ids = self.ids
        for position, symbol in enumerate(rows.symbols(p) if symbols else ()):
            batch.add(
                LetterSymbol, {"letter_id": letter_id, "symbol": symbol, "position": position}
            )
        for name in rows.sender_states(p):
            state_id = ids.states[name.casefold()]
            batch.add(Letter.senders.through, {"letter_id": letter_id, "state_id": state_id})
        if p.ga_session is not None:
            for item_id in dict.fromkeys(
                ids.items[(p.ga_session, r.number)] for r in p.agenda_items
            ):
                batch.add(
                    Letter.agenda_items.through, {"letter_id": letter_id, "agendaitem_id": item_id}
                )
        self._add_signatures(batch, letter_id, None, p.signatories)
        for position, annex in enumerate(p.annexes):
            annex_id = next(annex_ids)
            batch.add(
                Annex, {"id": annex_id, "letter_id": letter_id, **rows.annex_row(annex, position)}
            )
            self._add_signatures(batch, letter_id, annex_id, annex.signatories)
        for ref, columns in rows.citations(p):
            document_id = ids.documents[ref.key]
            batch.add(Citation, {"letter_id": letter_id, "document_id": document_id, **columns})
        for _, columns in rows.references(p):
            batch.add(Reference, {"letter_id": letter_id, **columns, **_UNRESOLVED})
        for name in rows.states_mentioned(p):
            state_id = ids.states[name.casefold()]
            batch.add(
                Letter.states_mentioned.through, {"letter_id": letter_id, "state_id": state_id}
            )

    def _add_signatures(
        self, batch: _Batch, letter_id: int, annex_id: int | None, signatories
    ) -> None:
        for name, columns in rows.signature_rows(signatories):
            batch.add(
                Signature,
                {
                    "letter_id": letter_id,
                    "annex_id": annex_id,
                    "person_id": self.ids.person(name),
                    **columns,
                },
            )

    @staticmethod
    def _search_parts(grouped: Grouped, version_rows: list[dict[str, Any]]) -> list[TextPart]:
        """A new letter's vector's texts, its versions' included, still unindexed (its
        other columns are read from the stored letter when the row is written:
        ``letters.search.indexing``)."""
        versions = [LetterVersion(**row) for row in version_rows]
        return letter_parts(
            grouped.parsed,
            title=grouped.parsed.title or grouped.main.filename,
            versions=[indexed_version(v) for v in sorted(versions, key=lambda v: v.language)],
        )


# A reference as stored before ``links.resolve_all`` resolves it.
_UNRESOLVED = {"target_id": None, "resolution": Reference.Resolution.NONE.value, "candidates": 0}


def _column_matches(model: type[models.Model], field: str, values: Iterable[str]) -> list:
    """The ``values`` stored in a column. One array parameter rather than ``__in``: the
    client-side quoting of thousands of literals costs more than the query."""
    column = connection.ops.quote_name(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {model._meta.db_table} WHERE {column} = ANY(%s::text[])",
            [list(values)],
        )
        return [row[0] for row in cursor.fetchall()]


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh ids from the table's identity sequence, in one round trip."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


@dataclasses.dataclass
class _Claims:
    """Source hashes and symbols of batches not yet committed: another connection's
    duplicate checks cannot see them yet."""

    shas: set[str] = dataclasses.field(default_factory=set)
    symbols: set[str] = dataclasses.field(default_factory=set)

    def touched_by(self, chunk: Iterable[ReadLetter]) -> bool:
        """Whether a text of ``chunk`` carries a symbol of these batches' letters."""
        return any(not self.symbols.isdisjoint(item.parsed.symbols) for item in chunk)


@dataclasses.dataclass
class _Batch:
    """One batch as rows ready for COPY, every id assigned: writing it needs no look-ups."""

    number: int
    size: int  # letters read, stored or not (what the progress bar counts)
    created: int  # new letters
    joined: int = 0  # texts joining stored letters, or new letters of this batch
    claims: _Claims = dataclasses.field(default_factory=_Claims)
    # model -> its rows, each {model field or attname: value}, all with the same keys
    rows: dict[type[models.Model], list[dict[str, Any]]] = dataclasses.field(default_factory=dict)
    # New letters' search rows: (letter id, its vector's texts).
    search: list[tuple[int, list[TextPart]]] = dataclasses.field(default_factory=list)
    # Stored letters getting a new main text: their letter rows' new columns (with "id"),
    # their ids (their parts are replaced), and their former main text with the note of
    # the revision that records it.
    updates: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    replaced: list[int] = dataclasses.field(default_factory=list)
    revisions: dict[int, tuple[ParsedLetter, str]] = dataclasses.field(default_factory=dict)
    # Stored published letters whose search rows are rewritten from what is stored.
    reindexed: list[int] = dataclasses.field(default_factory=list)

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        self.rows.setdefault(model, []).append(row)

    @property
    def writes(self) -> bool:
        return bool(self.rows or self.updates or self.search or self.reindexed)


# Writing -------------------------------------------------------------------------------

# Tables in the order their rows are copied: a row's foreign keys point at rows before it.
_TABLE_ORDER = (
    SourceFile,
    Letter,
    LetterVersion,
    LetterSymbol,
    Letter.senders.through,
    Letter.agenda_items.through,
    Annex,
    Signature,
    Citation,
    Reference,
    Letter.states_mentioned.through,
)


def copy_rows(
    cursor, table: str, columns: Sequence[str], table_rows: list[dict], *, json: Sequence[bool]
) -> None:
    """COPY rows (dicts whose values are in ``columns``' order) into ``table``; the values
    of the ``json`` columns are adapted as jsonb (an empty list is JSON's [], not an
    empty array). Also the dump's load (``manage.py load_archive``)."""
    quote = connection.ops.quote_name
    listed = ", ".join(quote(column) for column in columns)
    with cursor.copy(f"COPY {quote(table)} ({listed}) FROM STDIN") as copy:
        for row in table_rows:
            copy.write_row([Jsonb(v) if j else v for v, j in zip(row.values(), json, strict=True)])


def _fields(model: type[models.Model], row: dict[str, Any]) -> list[models.Field]:
    # get_field() knows attnames ("session_id") as well as names.
    return [model._meta.get_field(name) for name in row]


def _write(batch: _Batch) -> None:
    """Write one prepared batch in one transaction (a savepoint inside an outer one)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if batch.replaced:
            _delete_parts(batch.replaced)
        for model in _TABLE_ORDER:
            if table_rows := batch.rows.get(model):
                fields = _fields(model, table_rows[0])
                copy_rows(
                    cursor,
                    model._meta.db_table,
                    [field.column for field in fields],
                    table_rows,
                    json=[isinstance(field, models.JSONField) for field in fields],
                )
            if model is Letter and batch.updates:
                # After the source files they point at, before their versions.
                _update_rows(cursor, Letter, batch.updates)
        write_search_rows(batch.search)
        if batch.reindexed or batch.revisions:
            _rewrite_stored(batch)


def _delete_parts(letter_ids: list[int]) -> None:
    """The parts a stored letter's new main text replaces (all but its symbols: references
    and the States mentioned too, written again from it and resolved at the end), deleted
    through the ORM so that whatever else points at them goes as Django declares."""
    Signature.objects.filter(letter_id__in=letter_ids).delete()
    Annex.objects.filter(letter_id__in=letter_ids).delete()
    Citation.objects.filter(letter_id__in=letter_ids).delete()
    Letter.senders.through.objects.filter(letter_id__in=letter_ids).delete()
    Letter.agenda_items.through.objects.filter(letter_id__in=letter_ids).delete()
    Reference.objects.filter(letter_id__in=letter_ids).delete()
    Letter.states_mentioned.through.objects.filter(letter_id__in=letter_ids).delete()


def _update_rows(cursor, model: type[models.Model], table_rows: list[dict[str, Any]]) -> None:
    """UPDATE stored rows by id from ``table_rows`` (all with the same keys, "id" among
    them): copied into a temporary table of those columns, then one UPDATE … FROM."""
    quote = connection.ops.quote_name
    fields = _fields(model, table_rows[0])
    columns = [quote(field.column) for field in fields]
    staging = quote(f"bulk_update_{model._meta.db_table}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} AS SELECT {', '.join(columns)} "
        f"FROM {quote(model._meta.db_table)} WITH NO DATA"
    )
    copy_rows(
        cursor,
        staging,
        [field.column for field in fields],
        table_rows,
        json=[isinstance(field, models.JSONField) for field in fields],
    )
    assignments = ", ".join(f"{c} = s.{c}" for c in columns if c != quote("id"))
    cursor.execute(
        f"UPDATE {quote(model._meta.db_table)} AS t SET {assignments} "
        f"FROM {staging} AS s WHERE t.id = s.id"
    )
    cursor.execute(f"TRUNCATE {staging}")


def _rewrite_stored(batch: _Batch) -> None:
    """Once the batch's rows are in: the revisions recording new main texts (what changed,
    read back) and the search rows of the stored letters it added to."""
    ids = sorted({*batch.reindexed, *batch.revisions})
    letters = list(Letter.objects.filter(pk__in=ids).order_by("pk"))
    read = dict(zip(ids, stored_letters(letters), strict=True))
    now = timezone.now()
    revisions = [
        {
            "letter_id": letter_id,
            "username": "",
            "created": now,
            "action": LetterRevision.Action.VERSION.value,
            "changes": changes(former, read[letter_id]),
            "note": note,
        }
        for letter_id, (former, note) in batch.revisions.items()
    ]
    if revisions:
        with connection.cursor() as cursor:
            fields = _fields(LetterRevision, revisions[0])
            copy_rows(
                cursor,
                LetterRevision._meta.db_table,
                [field.column for field in fields],
                revisions,
                json=[isinstance(field, models.JSONField) for field in fields],
            )
    indexed = [letter for letter in letters if letter.pk in batch.reindexed]
    write_search_rows(search_rows(indexed, [read[letter.pk] for letter in indexed]))


def _start_writer_session() -> None:
    with connection.cursor() as cursor:
        # A crash loses at most the last batches' commits, never consistency, and a
        # rerun skips what was stored; not waiting for each commit's flush saves the wait.
        cursor.execute("SET synchronous_commit = off")
        # Room for a batch's staged texts in memory (only settable before first use).
        cursor.execute("SET temp_buffers = '256MB'")


class _Writers:
    """Threads that write prepared batches, each on its own database connection.

    The queue holds one batch per writer, so about twice ``count`` batches are in memory
    (queued or being written) besides the one being prepared. With ``count`` 0,
    ``submit`` writes on the caller's connection.
    """

    def __init__(self, count: int) -> None:
        self._jobs: queue.Queue[_Batch | None] = queue.Queue(maxsize=count or 1)
        self._done: queue.Queue[tuple[_Batch, BaseException | None]] = queue.Queue()
        self._failed = threading.Event()
        self._pending: dict[int, _Batch] = {}
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(count)]

    def __enter__(self) -> _Writers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if exc_info[0] is not None:
            self._failed.set()  # writers drop what is still queued
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def claims(self) -> _Claims:
        """What uncommitted batches store. Taken before the duplicate check queries: a
        batch leaves ``_pending`` only after its commit, so none falls between the two."""
        return _Claims(
            shas=set().union(*(b.claims.shas for b in self._pending.values())),
            symbols=set().union(*(b.claims.symbols for b in self._pending.values())),
        )

    def submit(self, batch: _Batch) -> None:
        self._pending[batch.number] = batch
        if not batch.writes:
            self._done.put((batch, None))
        elif self._threads:
            self._jobs.put(batch)
        else:
            _write(batch)
            self._done.put((batch, None))

    def finished(self, *, wait: bool = False) -> Iterator[_Batch]:
        """Batches committed since the last call; with ``wait``, all of them. Raises a
        writer's error here, in the caller's thread."""
        while self._pending:
            try:
                batch, error = self._done.get(block=wait)
            except queue.Empty:
                return
            if error is not None:
                raise error
            del self._pending[batch.number]
            yield batch

    def _run(self) -> None:
        started = False
        try:
            while (batch := self._jobs.get()) is not None:
                if self._failed.is_set():
                    continue
                try:
                    if not started:
                        _start_writer_session()
                        started = True
                    _write(batch)
                except BaseException as error:  # handed to the caller's thread
                    self._failed.set()
                    self._done.put((batch, error))
                else:
                    self._done.put((batch, None))
        finally:
            connection.close()


# Look-ups ------------------------------------------------------------------------------


class _RecordIds:
    """Ids of the shared records letters point at, cached for a whole load and created a
    batch at a time, with the same rows and names as ``letters.intake.records`` gives."""

    def __init__(self) -> None:
        self.states: dict[str, int] = {}  # casefolded name -> id
        self.sessions: set[int] = set()
        self.items: dict[tuple[int, int], int] = {}  # (session, number) -> id
        self.item_topics: dict[tuple[int, int], int] = {}  # items that have a topic
        self.topics: dict[str, int] = {}  # topic_key(title) -> id
        self.people: dict[str, int] = {}  # person_key(name) -> id
        # Normalising names and titles takes longer than everything else a letter's
        # rows need; the same few thousand come back in every batch.
        self.person_keys: dict[str, str] = {}
        self.topic_keys: dict[str, str] = {}
        self.documents: dict[str, int] = {}  # cited document key -> id

    def ensure(self, letters: list[ParsedLetter]) -> None:
        """Create or fetch every look-up row ``letters`` need."""
        self._ensure_sessions(p.ga_session for p in letters)
        named = (name for p in letters for name in (*p.sender.states, *rows.states_mentioned(p)))
        for name in named:
            if name.casefold() not in self.states:
                self.states[name.casefold()] = records.state(name).pk
        self._ensure_items(
            [
                (p.ga_session, ref.number, ref.title)
                for p in letters
                if p.ga_session is not None
                for ref in p.agenda_items
            ]
        )
        self._ensure_people(s.name for p in letters for s in rows.all_signatories(p))
        self._ensure_documents(ref for p in letters for ref in p.cited_documents)

    def _ensure_sessions(self, numbers: Iterable[int | None]) -> None:
        missing = {n for n in numbers if n is not None} - self.sessions
        if missing:
            Session.objects.bulk_create([Session(number=n) for n in missing], ignore_conflicts=True)
            self.sessions |= missing

    def _ensure_items(self, refs: list[tuple[int, int, str | None]]) -> None:
        """Agenda items by (session, number). As in records.agenda_item, the first
        title given for an item without a topic names its topic."""
        wanted: dict[tuple[int, int], str | None] = {}
        named: list[tuple[int, int]] = []  # in the order their naming titles came
        for session, number, title in refs:
            key = (session, number)
            if key in self.item_topics or (key in self.items and not title):
                continue
            if not wanted.get(key) and title:
                named.append(key)
            wanted[key] = wanted.get(key) or title or None
        if not wanted:
            return
        stored = self._stored_items(wanted)
        topics = {key: self._topic(wanted[key]) for key in named if not stored.get(key, (0, 0))[1]}
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    session_id=session, number=number, topic_id=topics.get((session, number))
                )
                for session, number in wanted
                if (session, number) not in stored
            ],
            ignore_conflicts=True,
        )
        _name_topics({stored[key][0]: topic for key, topic in topics.items() if key in stored})
        for key, (item_id, topic_id) in self._stored_items(wanted).items():
            self.items[key] = item_id
            if topic_id:
                self.item_topics[key] = topic_id

    @staticmethod
    def _stored_items(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
        keys = set(keys)
        candidates = AgendaItem.objects.filter(
            session_id__in={s for s, _ in keys}, number__in={n for _, n in keys}
        ).values_list("session_id", "number", "pk", "topic_id")
        return {(s, n): (pk, topic) for s, n, pk, topic in candidates if (s, n) in keys}

    def person(self, name: str) -> int:
        """The id of the person ``name`` names (after ``ensure``)."""
        return self.people[self._person_key(name)]

    def _person_key(self, name: str) -> str:
        if name not in self.person_keys:
            self.person_keys[name] = person_key(name)
        return self.person_keys[name]

    def _topic(self, title: str) -> int:
        # Topics are few (one per agenda title): created one by one for their unique slugs.
        if title not in self.topic_keys:
            self.topic_keys[title] = topic_key(title)
        key = self.topic_keys[title]
        if key not in self.topics:
            self.topics[key] = records.topic(title).pk
        return self.topics[key]

    def _ensure_people(self, names: Iterable[str]) -> None:
        """People by person_key; the first spelling seen names a new person, as in
        records.person."""
        wanted: dict[str, str] = {}
        for name in names:
            key = self._person_key(name)
            if key not in self.people:
                wanted.setdefault(key, name)
        if wanted:
            self.people.update(_insert_missing(Person, ("key", "name"), wanted.items()))

    def _ensure_documents(self, refs: Iterable[CitedDocumentRef]) -> None:
        """Cited documents are the most numerous look-up (every reply cites a symbol)."""
        wanted = {ref.key: ref for ref in refs if ref.key not in self.documents}
        if wanted:
            labelled = [(k, r.kind.value, records.citation_label(r)) for k, r in wanted.items()]
            self.documents.update(
                _insert_missing(CitedDocument, ("key", "kind", "label"), labelled)
            )


def _name_topics(topics: dict[int, int]) -> None:
    """Give stored agenda items without a topic theirs (item id -> topic id), in one
    statement: a batch of letters in English after their French versions names hundreds."""
    if topics:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE letters_agendaitem AS i SET topic_id = t.topic_id "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS t(id, topic_id) "
                "WHERE i.id = t.id AND i.topic_id IS NULL",
                [list(topics), list(topics.values())],
            )


def _insert_missing(
    model: type[models.Model], fields: tuple[str, ...], rows: Iterable[tuple[str, ...]]
) -> dict[str, int]:
    """Insert the text ``rows`` whose unique key (the first field) is not stored yet;
    returns key -> id for every row. Several thousand per batch: plain SQL over arrays
    spares building a model instance for each."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(model._meta.get_field(name).column) for name in fields]
    arrays = [list(values) for values in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT * FROM unnest({', '.join(['%s::text[]'] * len(columns))}) "
            "ON CONFLICT DO NOTHING",
            arrays,
        )
        cursor.execute(
            f"SELECT {columns[0]}, id FROM {table} WHERE {columns[0]} = ANY(%s::text[])",
            [arrays[0]],
        )
        return dict(cursor.fetchall())


def analyze_written() -> None:
    """Ready the tables a load's last steps read (the links between letters, the cited
    documents' letters, the lists of top letters) for them: fresh planner statistics,
    and their GIN indexes' pending entries merged into the indexes (the search table's,
    when a load writes into an archive that keeps them; searches read a pending list
    through until autovacuum merges it).

    Left to autovacuum, the statistics described the tables as the load found them, and
    before the references' symbol index took no pending entries (``models.Reference``),
    a load of 10,000 letters into an empty archive spent 8.7-9.4 s finding the references
    its letters decide, against 1.3 s with the lists merged and the tables analyzed."""
    tables = [
        model._meta.db_table
        for model in (Letter, LetterSymbol, Reference, Letter.senders.through, SearchEntry)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index AS i "
            "JOIN pg_class AS c ON c.oid = i.indexrelid JOIN pg_am AS am ON am.oid = c.relam "
            "WHERE am.amname = 'gin' AND i.indrelid = ANY(%s::regclass[])",
            [tables],
        )
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def link_cited_documents(chunk: int = 5000) -> int:
    """Point every unlinked cited document symbol at the letter carrying it, if stored."""
    linked, last = 0, 0
    unlinked = CitedDocument.objects.filter(kind=CitationKind.DOCUMENT, letter=None)
    while documents := list(
        unlinked.filter(pk__gt=last).order_by("pk").values_list("pk", "key")[:chunk]
    ):
        last = documents[-1][0]
        parts = {pk: [p.upper() for p in split_symbol(key)] for pk, key in documents}
        owners = dict(
            LetterSymbol.objects.filter(
                symbol__in={p for ps in parts.values() for p in ps}
            ).values_list("symbol", "letter_id")
        )
        owners = {symbol.upper(): letter for symbol, letter in owners.items()}
        links = {}
        for pk, document_parts in parts.items():
            owner = next((owners[p] for p in document_parts if p in owners), None)
            if owner:
                links[pk] = owner
        _set_document_letters(links)
        linked += len(links)
    return linked


def _set_document_letters(links: dict[int, int]) -> None:
    """One UPDATE for a chunk (bulk_update's CASE per row is far slower at this size)."""
    if not links:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_citeddocument AS d SET letter_id = link.letter_id "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS link(id, letter_id) WHERE d.id = link.id",
            [list(links), list(links.values())],
        )


@contextlib.contextmanager
def deferred_search_indexes() -> Iterator[None]:
    """Drop the search table's indexes for a bulk load and build them once afterwards.

    Building a GIN index over a million rows in one pass is several times faster than
    maintaining it row by row. Meant for loads into an empty or nearly empty archive;
    the search table is unindexed (slow, but correct) until the block ends.
    """
    indexes = SearchEntry._meta.indexes
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(SearchEntry, index)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            # Inside an enclosing transaction, deferred foreign-key checks still pending
            # would forbid CREATE INDEX on the table: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.schema_editor() as editor:
            for index in indexes:
                editor.add_index(SearchEntry, index)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE letters_searchentry")
