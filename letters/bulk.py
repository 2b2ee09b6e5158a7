"""Bulk ingest: a million letters with a few set-based statements per batch (issue 5).

It writes the same rows as ``services.ingest_letter`` — the per-letter path that uploads
and small imports use — but a batch at a time:

* look-up rows (States, sessions, agenda items and topics, people, cited documents) are
  cached for the whole load and created a batch at a time (``_Lookups``);
* ids of letters, their source files and annexes are drawn from the tables' sequences
  in one statement each, so every row of a batch is complete before it is written and
  child rows need no RETURNING round trip (``BulkLoader._prepare``);
* a batch is written with COPY, in one transaction, by one of a few writer threads with
  their own connections (``_Writers``). The search rows are copied into a staging table
  and filled by one INSERT … SELECT that runs ``to_tsvector``, PostgreSQL's largest
  share of the work. So PostgreSQL writes earlier batches, on as many cores as there are
  writers, while this thread prepares the next one.

Citations are linked to the letters carrying their symbols once, at the end. Parsing
happens before, in worker processes (``parse_in_parallel``): it is pure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import mimetypes
import multiprocessing
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from letters import services
from letters.models import (
    AgendaItem,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterSymbol,
    Person,
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
from letters.parsing.model import CitationKind, CitedDocumentRef, Signatory
from letters.search_cache import search_changed
from letters.synthetic import MARKER as SYNTHETIC_MARKER

# Two writers keep both cores of a small server busy with PostgreSQL's share of the
# work while this process prepares batches (measured in bench/README.md).
DEFAULT_WRITERS = 2


@dataclasses.dataclass(frozen=True)
class BulkItem:
    parsed: ParsedLetter
    source: bytes
    filename: str
    text: str


def _parse(job: tuple[str, str] | tuple[str, str, bytes]) -> BulkItem:
    text, filename, *source = job
    source_bytes = source[0] if source else text.encode()
    return BulkItem(parse_letter(text, file=filename), source_bytes, filename, text)


def parse_in_parallel(
    jobs: Iterable[tuple[str, str] | tuple[str, str, bytes]], *, processes: int | None = None
) -> Iterator[BulkItem]:
    """Parse (text, filename[, original bytes]) jobs on every core, in order. The parser
    is pure, so worker processes need no database."""
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from pool.imap(_parse, jobs, chunksize=32)


@dataclasses.dataclass
class BulkResult:
    created: int = 0
    skipped: int = 0
    failed: list[str] = dataclasses.field(default_factory=list)


class BulkLoader:
    """Loads batches of parsed letters; keep one loader for a whole import so its
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
        self.lookups = _Lookups()

    def load(
        self,
        items: Iterable[BulkItem],
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
        return result

    def _prepare(
        self, number: int, chunk: list[BulkItem], result: BulkResult, claims: _Claims
    ) -> _Batch:
        """The chunk's new letters as rows, their look-ups created and their ids drawn."""
        fresh = self._new_items(chunk, result, claims)
        self.lookups.ensure([item.parsed for _, item in fresh])
        batch = _Batch(number=number, size=len(chunk), created=len(fresh))
        source_ids = _next_ids(SourceFile, len(fresh))
        letter_ids = _next_ids(Letter, len(fresh))
        annex_ids = iter(_next_ids(Annex, sum(len(item.parsed.annexes) for _, item in fresh)))
        now = timezone.now()
        for (sha, item), source_id, letter_id in zip(fresh, source_ids, letter_ids, strict=True):
            batch.claims.shas.add(sha)
            batch.claims.symbols.update(item.parsed.symbols)
            batch.rows[SourceFile].append(_source_row(source_id, sha, item, now))
            batch.rows[Letter].append(
                _letter_row(
                    letter_id,
                    source_id,
                    item,
                    now,
                    published_at=now if self.publish else None,
                    synthetic=self.synthetic,
                )
            )
            self._add_parts(batch, letter_id, item.parsed, annex_ids)
            if self.publish:
                batch.search.append(self._search_row(letter_id, item))
        return batch

    def _new_items(
        self, chunk: list[BulkItem], result: BulkResult, claims: _Claims
    ) -> list[tuple[str, BulkItem]]:
        """The chunk less letters already stored (same bytes) or whose symbol is taken,
        counting batches still being written as stored."""
        by_sha: dict[str, BulkItem] = {}
        for item in chunk:
            by_sha.setdefault(sha256_hex(item.source), item)
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
        lookups, rows = self.lookups, batch.rows
        for position, symbol in enumerate(_symbols(p)):
            rows[LetterSymbol].append((letter_id, symbol, position))
        for name in dict.fromkeys(p.sender.states):
            rows[Letter.senders.through].append((letter_id, lookups.states[name.casefold()]))
        if p.ga_session is not None:
            for item_id in {lookups.items[(p.ga_session, ref.number)] for ref in p.agenda_items}:
                rows[Letter.agenda_items.through].append((letter_id, item_id))
        rows[Signature] += _signature_rows(letter_id, None, p.signatories, lookups.person)
        for position, annex in enumerate(p.annexes):
            annex_id = next(annex_ids)
            rows[Annex].append(
                (
                    annex_id,
                    letter_id,
                    position,
                    annex.label,
                    annex.title or "",
                    annex.original_language or "",
                    annex.date,
                    annex.place or "",
                    annex.body,
                )
            )
            rows[Signature] += _signature_rows(
                letter_id, annex_id, annex.signatories, lookups.person
            )
        # Like services._replace_citations: a document cited twice keeps its first citation.
        seen = set()
        for position, ref in enumerate(p.cited_documents):
            document_id = lookups.documents[ref.key]
            if document_id not in seen:
                seen.add(document_id)
                rows[Citation].append((letter_id, document_id, ref.text[:300], position))

    def _search_row(self, letter_id: int, item: BulkItem) -> tuple:
        """What services.refresh_search_entry stores, the vector's texts still unindexed."""
        p, lookups = item.parsed, self.lookups
        signatories = _all_signatories(p)
        texts = services.weighted_texts(
            title=p.title or item.filename,
            symbols=_symbols(p),
            body=p.body,
            footnotes=[f.text for f in p.footnotes],
            annexes=[(a.title or "", a.place or "", a.body) for a in p.annexes],
            signatures=[(s.name, s.title or "", s.organization or "") for s in signatories],
            states=list(dict.fromkeys(p.sender.states)),
        )
        topic_ids = {
            topic
            for ref in p.agenda_items
            if p.ga_session is not None
            and (topic := lookups.item_topics.get((p.ga_session, ref.number))) is not None
        }
        return (
            letter_id,
            *(texts[weight] for weight in "ABCD"),
            p.letter_date,
            p.letter_date.year if p.letter_date else None,
            p.ga_session,
            p.sc_year,
            p.kind.value,
            bool(p.annexes),
            sorted(topic_ids),
            sorted({lookups.documents[ref.key] for ref in p.cited_documents}),
            sorted({lookups.person(s.name) for s in signatories}),
            sorted({lookups.states[name.casefold()] for name in p.sender.states}),
            self.synthetic or item.text.startswith(SYNTHETIC_MARKER),
            letter_id % SearchEntry.SAMPLE_RATE == 0,
        )


# Rows ----------------------------------------------------------------------------------

# The columns each table is copied with, as model field names, in the order of the row
# tuples below. Ids left out are filled by the table's identity column.
_COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    SourceFile: ("id", "sha256", "name", "content_type", "size", "data", "text", "created"),
    Letter: (
        "id",
        "source",
        "kind",
        "title",
        "letter_date",
        "distribution_date",
        "original_language",
        "session",
        "sc_year",
        "sender_title",
        "addressees",
        "body",
        "footnotes",
        "parse_warnings",
        "published_at",
        "created",
        "updated",
        "corrected_fields",
        "is_synthetic",
    ),
    LetterSymbol: ("letter", "symbol", "position"),
    Letter.senders.through: ("letter", "state"),
    Letter.agenda_items.through: ("letter", "agendaitem"),
    Annex: (
        "id",
        "letter",
        "position",
        "label",
        "title",
        "original_language",
        "date",
        "place",
        "body",
    ),
    Signature: ("letter", "annex", "person", "title", "organization", "position"),
    Citation: ("letter", "document", "text", "position"),
}


def _source_row(source_id: int, sha: str, item: BulkItem, now) -> tuple:
    source, name = item.source, item.filename
    # As services.ingest_letter guesses it.
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return (source_id, sha, name[:255], content_type, len(source), source, item.text, now)


def _letter_row(
    letter_id: int, source_id: int, item: BulkItem, now, *, published_at, synthetic: bool
) -> tuple:
    p = item.parsed
    return (
        letter_id,
        source_id,
        p.kind.value,
        p.title or item.filename,
        p.letter_date,
        p.distribution_date,
        p.original_language or "",
        p.ga_session,
        p.sc_year,
        p.sender.title or "",
        list(p.addressees),
        p.body,
        Jsonb([{"marker": f.marker, "text": f.text} for f in p.footnotes]),
        list(p.warnings),
        published_at,
        now,
        now,
        [],
        synthetic or item.text.startswith(SYNTHETIC_MARKER),
    )


def _signature_rows(
    letter_id: int,
    annex_id: int | None,
    signatories: Sequence[Signatory],
    person: Callable[[str], int],
) -> list[tuple]:
    return [
        (letter_id, annex_id, person(s.name), s.title or "", s.organization or "", i)
        for i, s in enumerate(signatories)
    ]


def _symbols(p: ParsedLetter) -> list[str]:
    """The symbols stored for a letter, as services.ingest_letter stores them."""
    return list(dict.fromkeys(s for s in p.symbols if s))


def _all_signatories(p: ParsedLetter) -> tuple[Signatory, ...]:
    return (*p.signatories, *(s for a in p.annexes for s in a.signatories))


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
    rows: dict[type[models.Model], list[tuple]] = dataclasses.field(
        default_factory=lambda: {model: [] for model in _COLUMNS}
    )
    search: list[tuple] = dataclasses.field(default_factory=list)


# Writing -------------------------------------------------------------------------------

# The search rows with their texts, before to_tsvector. A temporary table is private to
# its connection and writes no WAL; EXTERNAL storage keeps PostgreSQL from compressing
# texts it reads once.
_STAGING_TABLE = """
CREATE TEMPORARY TABLE IF NOT EXISTS bulk_search_rows (
    letter_id bigint, a text STORAGE EXTERNAL, b text STORAGE EXTERNAL,
    c text STORAGE EXTERNAL, d text STORAGE EXTERNAL, letter_date date, year smallint,
    session_number smallint, sc_year smallint, kind varchar(20), has_annex boolean,
    topic_ids integer[], cited_ids integer[], person_ids integer[], state_ids integer[],
    is_synthetic boolean, in_sample boolean
)
"""
_STAGED_COLUMNS = (
    "letter_id, a, b, c, d, letter_date, year, session_number, sc_year, kind, has_annex, "
    "topic_ids, cited_ids, person_ids, state_ids, is_synthetic, in_sample"
)
# The vector as services.refresh_search_entry builds it: one weight per text.
_FILL_SEARCH_ENTRIES = (
    "INSERT INTO letters_searchentry (letter_id, vector, letter_date, year, session_number, "
    "sc_year, kind, has_annex, topic_ids, cited_ids, person_ids, state_ids, is_synthetic, "
    "in_sample) SELECT letter_id, "
    + " || ".join(
        f"setweight(to_tsvector(%(config)s::regconfig, {column}), '{column.upper()}')"
        for column in "abcd"
    )
    + ", letter_date, year, session_number, sc_year, kind, has_annex, topic_ids, cited_ids, "
    "person_ids, state_ids, is_synthetic, in_sample FROM bulk_search_rows"
)


def _copy_statement(model: type[models.Model]) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in _COLUMNS[model])
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


def _write(batch: _Batch) -> None:
    """Write one prepared batch in one transaction (a savepoint inside an outer one)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for model, rows in batch.rows.items():
            if rows:
                with cursor.copy(_copy_statement(model)) as copy:
                    for row in rows:
                        copy.write_row(row)
        if batch.search:
            cursor.execute(_STAGING_TABLE)
            with cursor.copy(f"COPY bulk_search_rows ({_STAGED_COLUMNS}) FROM STDIN") as copy:
                for row in batch.search:
                    copy.write_row(row)
            cursor.execute(_FILL_SEARCH_ENTRIES, {"config": settings.LETTERS_SEARCH_CONFIG})
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


class _Lookups:
    """Ids of the look-up rows letters point at, cached for a whole load and created a
    batch at a time, with the same rows and names as the per-letter services give."""

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
        for name in (name for p in letters for name in p.sender.states):
            if name.casefold() not in self.states:
                self.states[name.casefold()] = services._state(name).pk
        self._ensure_items(
            [
                (p.ga_session, ref.number, ref.title)
                for p in letters
                if p.ga_session is not None
                for ref in p.agenda_items
            ]
        )
        self._ensure_people(s.name for p in letters for s in _all_signatories(p))
        self._ensure_documents(ref for p in letters for ref in p.cited_documents)

    def _ensure_sessions(self, numbers: Iterable[int | None]) -> None:
        missing = {n for n in numbers if n is not None} - self.sessions
        if missing:
            Session.objects.bulk_create([Session(number=n) for n in missing], ignore_conflicts=True)
            self.sessions |= missing

    def _ensure_items(self, refs: list[tuple[int, int, str | None]]) -> None:
        """Agenda items by (session, number). As in services._agenda_item, the first
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
            self.topics[key] = services._topic(title).pk
        return self.topics[key]

    def _ensure_people(self, names: Iterable[str]) -> None:
        """People by person_key; the first spelling seen names a new person, as in
        services._person."""
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
            rows = [(k, r.kind.value, services.citation_label(r)) for k, r in wanted.items()]
            self.documents.update(_insert_missing(CitedDocument, ("key", "kind", "label"), rows))


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
