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
  share of the work. So PostgreSQL writes earlier batches, on as many cores as there are
  writers, while this thread prepares the next one.

Citations are linked to the letters carrying their symbols, and references resolved to
the letters they name (``letters.intake.links``), once, at the end. Reading and
parsing happen before, in worker processes (``read_in_parallel``, ``parse_in_parallel``):
they are pure.
"""

from __future__ import annotations

import contextlib
import dataclasses
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
from letters.intake.policy import UploadPolicy
from letters.intake.reading import ReadLetter, read_job
from letters.models import (
    AgendaItem,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterSymbol,
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
from letters.search.indexing import letter_parts, upsert_sql, vector_arrays

# Two writers keep both cores of a small server busy with PostgreSQL's share of the
# work while this process prepares batches (measured in bench/README.md).
DEFAULT_WRITERS = 2


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
    created: int = 0
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
            search_changed()
            if on_batch:
                on_batch(batch.size)

        iterator = iter(items)
        with _Writers(0 if connection.in_atomic_block else self.writers) as writers:
            for number in itertools.count():
                chunk = list(itertools.islice(iterator, batch_size))
                if not chunk:
                    break
                writers.submit(self._prepare(number, chunk, result, writers.claims()))
                for batch in writers.finished():
                    finished(batch)
            for batch in writers.finished(wait=True):
                finished(batch)
        link_cited_documents()
        links.resolve_all(self._stored)
        return result

    def _prepare(
        self, number: int, chunk: list[ReadLetter], result: BulkResult, claims: _Claims
    ) -> _Batch:
        """The chunk's new letters as rows, their look-ups created and their ids drawn."""
        fresh = self._new_items(chunk, result, claims)
        self.ids.ensure([item.parsed for _, item in fresh])
        batch = _Batch(number=number, size=len(chunk), created=len(fresh))
        source_ids = _next_ids(SourceFile, len(fresh))
        letter_ids = _next_ids(Letter, len(fresh))
        annex_ids = iter(_next_ids(Annex, sum(len(item.parsed.annexes) for _, item in fresh)))
        now = timezone.now()
        self._stored += letter_ids
        for (sha, item), source_id, letter_id in zip(fresh, source_ids, letter_ids, strict=True):
            batch.claims.shas.add(sha)
            batch.claims.symbols.update(item.parsed.symbols)
            source = rows.source_row(
                data=item.data,
                filename=item.filename,
                text=item.text,
                method=item.method,
                confidence=item.confidence,
            )
            batch.add(SourceFile, {"id": source_id, **source, "created": now})
            synthetic = rows.is_synthetic(item.text, flagged=self.synthetic)
            batch.add(
                Letter,
                {
                    "id": letter_id,
                    "source_id": source_id,
                    **rows.letter_row(item.parsed, fallback_title=item.filename),
                    "uploaded_by_id": None,
                    "published_at": now if self.publish else None,
                    "created": now,
                    "updated": now,
                    "corrected_fields": [],
                    "is_synthetic": synthetic,
                },
            )
            self._add_parts(batch, letter_id, item.parsed, annex_ids)
            if self.publish:
                batch.search.append(self._search_row(letter_id, item))
        return batch

    def _new_items(
        self, chunk: list[ReadLetter], result: BulkResult, claims: _Claims
    ) -> list[tuple[str, ReadLetter]]:
        """The chunk less letters already stored (same bytes) or whose symbol is taken,
        counting batches still being written as stored."""
        by_sha: dict[str, ReadLetter] = {}
        for item in chunk:
            by_sha.setdefault(sha256_hex(item.data), item)
        result.skipped += len(chunk) - len(by_sha)
        stored = claims.shas & by_sha.keys()
        stored |= set(_column_matches(SourceFile, "sha256", by_sha))
        result.skipped += len(stored)
        symbols = {s for item in by_sha.values() for s in item.parsed.symbols}
        taken = claims.symbols & symbols
        taken |= set(_column_matches(LetterSymbol, "symbol", symbols))
        fresh, claimed = [], set()
        for sha, item in by_sha.items():
            if sha in stored:
                continue
            clash = (set(item.parsed.symbols) & taken) | (set(item.parsed.symbols) & claimed)
            if clash:
                result.failed.append(f"{item.filename}: symbol {sorted(clash)[0]} already stored")
                continue
            claimed.update(item.parsed.symbols)
            fresh.append((sha, item))
        return fresh

    def _add_parts(
        self, batch: _Batch, letter_id: int, p: ParsedLetter, annex_ids: Iterator[int]
    ) -> None:
        """Symbols, senders, agenda items, annexes, signatures and citations of one letter."""
        ids = self.ids
        for position, symbol in enumerate(rows.symbols(p)):
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

    def _search_row(self, letter_id: int, item: ReadLetter) -> dict[str, Any]:
        """The letter's vector's texts, still unindexed (its other columns are read from
        the stored letter when the row is written: ``letters.search.indexing``)."""
        parts = letter_parts(item.parsed, title=item.parsed.title or item.filename)
        configs, weights, texts = vector_arrays(parts)
        return {
            "letter_id": letter_id,
            "part_configs": configs,
            "part_weights": weights,
            "part_texts": texts,
        }


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


@dataclasses.dataclass
class _Batch:
    """One batch as rows ready for COPY, every id assigned: writing it needs no look-ups."""

    number: int
    size: int  # letters read, stored or not (what the progress bar counts)
    created: int
    claims: _Claims = dataclasses.field(default_factory=_Claims)
    # model -> its rows, each {model field or attname: value}, all with the same keys
    rows: dict[type[models.Model], list[dict[str, Any]]] = dataclasses.field(default_factory=dict)
    search: list[dict[str, Any]] = dataclasses.field(default_factory=list)

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        self.rows.setdefault(model, []).append(row)


# Writing -------------------------------------------------------------------------------

# Tables in the order their rows are copied: a row's foreign keys point at rows before it.
_TABLE_ORDER = (
    SourceFile,
    Letter,
    LetterSymbol,
    Letter.senders.through,
    Letter.agenda_items.through,
    Annex,
    Signature,
    Citation,
    Reference,
    Letter.states_mentioned.through,
)


def _copy_rows(
    cursor, table: str, columns: Sequence[str], table_rows: list[dict], *, json: Sequence[bool]
) -> None:
    """COPY rows (dicts whose values are in ``columns``' order) into ``table``; the values
    of the ``json`` columns are adapted as jsonb (an empty list is JSON's [], not an
    empty array)."""
    quote = connection.ops.quote_name
    listed = ", ".join(quote(column) for column in columns)
    with cursor.copy(f"COPY {quote(table)} ({listed}) FROM STDIN") as copy:
        for row in table_rows:
            copy.write_row([Jsonb(v) if j else v for v, j in zip(row.values(), json, strict=True)])


# The batch's letters' vector texts, before to_tsvector, staged for one INSERT … SELECT
# that writes their search rows (``letters.search.indexing.upsert_sql``). A temporary table
# is private to its connection and writes no WAL; EXTERNAL storage keeps PostgreSQL
# from compressing texts it reads once.
_STAGING_TABLE = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS bulk_search_rows (letter_id bigint, "
    "part_configs text[], part_weights text[], part_texts text[] STORAGE EXTERNAL)"
)


def _write(batch: _Batch) -> None:
    """Write one prepared batch in one transaction (a savepoint inside an outer one)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model in _TABLE_ORDER:
            if table_rows := batch.rows.get(model):
                # get_field() knows attnames ("session_id") as well as names.
                fields = [model._meta.get_field(name) for name in table_rows[0]]
                _copy_rows(
                    cursor,
                    model._meta.db_table,
                    [field.column for field in fields],
                    table_rows,
                    json=[isinstance(field, models.JSONField) for field in fields],
                )
        if batch.search:
            cursor.execute(_STAGING_TABLE)
            staged = list(batch.search[0])
            _copy_rows(cursor, "bulk_search_rows", staged, batch.search, json=[False] * len(staged))
            cursor.execute(upsert_sql("bulk_search_rows"))
            cursor.execute("TRUNCATE bulk_search_rows")


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
        if not batch.created:
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
        for key, topic_id in topics.items():
            if key in stored:
                AgendaItem.objects.filter(pk=stored[key][0], topic=None).update(topic_id=topic_id)
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
