"""Bulk ingest: thousands of letters with a few set-based statements per batch (issue 5).

It writes the same rows as ``services.ingest_letter`` — the per-letter path that uploads
and small imports use — but for a batch at a time: look-up rows (States, people,
topics, agenda items, cited documents) are cached in memory and created with
``bulk_create``, the letters and their parts with ``bulk_create``, the search rows with
one pipelined INSERT that runs ``to_tsvector`` in PostgreSQL, and citations are linked
to the letters carrying their symbols once, at the end. Each batch is one transaction.
Parsing happens before, in worker processes (``parse_in_parallel``): it is pure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from letters import services
from letters.models import (
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterSymbol,
    SearchEntry,
    Session,
    Signature,
    SourceFile,
)
from letters.parsing import ParsedLetter, parse_letter, person_key, sha256_hex, split_symbol
from letters.parsing.model import CitationKind, CitedDocumentRef
from letters.search_cache import search_changed
from letters.synthetic import MARKER as SYNTHETIC_MARKER


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
    look-up caches carry over from batch to batch."""

    def __init__(self, *, synthetic: bool = False, publish: bool = True) -> None:
        self.synthetic = synthetic
        self.publish = publish
        self.states: dict[str, int] = {}
        self.sessions: set[int] = set()
        self.topics: dict[str, int] = {}
        self.items: dict[tuple[int, int], int] = {}
        self.people: dict[str, int] = {}
        self.documents: dict[str, int] = {}

    def load(
        self,
        items: Iterable[BulkItem],
        *,
        batch_size: int = 500,
        on_batch: Callable[[int], None] | None = None,
    ) -> BulkResult:
        result = BulkResult()
        iterator = iter(items)
        while batch := list(itertools.islice(iterator, batch_size)):
            self._batch(batch, result)
            search_changed()
            if on_batch:
                on_batch(len(batch))
        link_cited_documents()
        return result

    @transaction.atomic
    def _batch(self, batch: list[BulkItem], result: BulkResult) -> None:
        fresh = self._new_items(batch, result)
        if not fresh:
            return
        sources = SourceFile.objects.bulk_create(
            SourceFile(
                sha256=sha,
                name=item.filename[:255],
                content_type="text/plain",
                size=len(item.source),
                data=item.source,
                text=item.text,
            )
            for sha, item in fresh
        )
        self._ensure_sessions(item.parsed.ga_session for _, item in fresh)
        now = timezone.now()
        letters = Letter.objects.bulk_create(
            _letter(item, source, now if self.publish else None, synthetic=self.synthetic)
            for (_, item), source in zip(fresh, sources, strict=True)
        )
        parsed = [item.parsed for _, item in fresh]
        self._write_parts(letters, parsed)
        if self.publish:
            self._write_search_entries(letters, parsed)
        result.created += len(letters)

    def _new_items(self, batch: list[BulkItem], result: BulkResult) -> list[tuple[str, BulkItem]]:
        """The batch less letters already stored (same bytes) or whose symbol is taken."""
        by_sha: dict[str, BulkItem] = {}
        for item in batch:
            by_sha.setdefault(sha256_hex(item.source), item)
        result.skipped += len(batch) - len(by_sha)
        stored = set(SourceFile.objects.filter(sha256__in=by_sha).values_list("sha256", flat=True))
        result.skipped += len(stored)
        symbols = {s for item in by_sha.values() for s in item.parsed.symbols}
        taken = set(
            LetterSymbol.objects.filter(symbol__in=symbols).values_list("symbol", flat=True)
        )
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

    def _write_parts(self, letters: list[Letter], parsed: list[ParsedLetter]) -> None:
        self._ensure_documents(ref for p in parsed for ref in p.cited_documents)
        symbols, senders, agenda, signatures, citations = [], [], [], [], []
        annex_rows, annex_signatories = [], []
        for letter, p in zip(letters, parsed, strict=True):
            symbols += [
                LetterSymbol(letter=letter, symbol=s, position=i)
                for i, s in enumerate(dict.fromkeys(p.symbols))
            ]
            senders += [
                Letter.senders.through(letter_id=letter.pk, state_id=self._state(name))
                for name in dict.fromkeys(p.sender.states)
            ]
            if p.ga_session is not None:
                item_ids = {
                    self._item(p.ga_session, ref.number, ref.title) for ref in p.agenda_items
                }
                agenda += [
                    Letter.agenda_items.through(letter_id=letter.pk, agendaitem_id=item_id)
                    for item_id in item_ids
                ]
            signatures += self._signatures(letter, None, p.signatories)
            for position, annex in enumerate(p.annexes):
                annex_rows.append(services.annex_row(letter, position, annex))
                annex_signatories.append(annex.signatories)
            seen = set()
            for position, ref in enumerate(p.cited_documents):
                document_id = self._document(ref)
                if document_id not in seen:
                    seen.add(document_id)
                    citations.append(
                        Citation(
                            letter=letter,
                            document_id=document_id,
                            text=ref.text[:300],
                            position=position,
                        )
                    )
        LetterSymbol.objects.bulk_create(symbols)
        Letter.senders.through.objects.bulk_create(senders)
        Letter.agenda_items.through.objects.bulk_create(agenda)
        for annex, signatories in zip(
            Annex.objects.bulk_create(annex_rows), annex_signatories, strict=True
        ):
            signatures += self._signatures(annex.letter, annex, signatories)
        Signature.objects.bulk_create(signatures)
        Citation.objects.bulk_create(citations)

    def _write_search_entries(self, letters: list[Letter], parsed: list[ParsedLetter]) -> None:
        config = settings.LETTERS_SEARCH_CONFIG
        vector = " || ".join(
            f"setweight(to_tsvector(%s::regconfig, %s), '{weight}')" for weight in "ABCD"
        )
        rows = []
        for letter, p in zip(letters, parsed, strict=True):
            texts = services.weighted_texts(
                title=letter.title,
                symbols=p.symbols,
                body=p.body,
                footnotes=[f.text for f in p.footnotes],
                annexes=[(a.title or "", a.place or "", a.body) for a in p.annexes],
                signatures=[
                    (s.name, s.title or "", s.organization or "")
                    for s in (*p.signatories, *(s for a in p.annexes for s in a.signatories))
                ],
                states=list(dict.fromkeys(p.sender.states)),
            )
            topic_ids = {
                topic
                for ref in p.agenda_items
                if p.ga_session is not None
                and (topic := self._item_topic(p.ga_session, ref.number)) is not None
            }
            people = {
                self.people[person_key(s.name)]
                for s in (*p.signatories, *(s for a in p.annexes for s in a.signatories))
            }
            rows.append(
                [
                    letter.pk,
                    *(v for weight in "ABCD" for v in (config, texts[weight])),
                    p.letter_date,
                    p.letter_date.year if p.letter_date else None,
                    p.ga_session,
                    p.sc_year,
                    p.kind.value,
                    bool(p.annexes),
                    sorted(topic_ids),
                    sorted({self.documents[ref.key] for ref in p.cited_documents}),
                    sorted(people),
                    sorted({self.states[name.casefold()] for name in p.sender.states}),
                    letter.is_synthetic,
                    letter.pk % SearchEntry.SAMPLE_RATE == 0,
                ]
            )
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO letters_searchentry (letter_id, vector, letter_date, year, "
                "session_number, sc_year, kind, has_annex, topic_ids, cited_ids, person_ids, "
                "state_ids, is_synthetic, in_sample) "
                f"VALUES (%s, {vector}, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

    # Look-ups: cached, created in bulk where possible ------------------------------------

    def _ensure_sessions(self, numbers: Iterable[int | None]) -> None:
        missing = {n for n in numbers if n is not None} - self.sessions
        if missing:
            Session.objects.bulk_create([Session(number=n) for n in missing], ignore_conflicts=True)
            self.sessions |= missing

    def _state(self, name: str) -> int:
        key = name.casefold()
        if key not in self.states:
            self.states[key] = services._state(name).pk
        return self.states[key]

    def _item(self, session: int, number: int, title: str | None) -> int:
        if (session, number) not in self.items:
            item = services._agenda_item(Session(number=session), number, title)
            self.items[(session, number)] = item.pk
            if item.topic_id:
                self.topics[f"item:{session}:{number}"] = item.topic_id
        elif title and f"item:{session}:{number}" not in self.topics:
            item = services._agenda_item(Session(number=session), number, title)
            if item.topic_id:
                self.topics[f"item:{session}:{number}"] = item.topic_id
        return self.items[(session, number)]

    def _item_topic(self, session: int, number: int) -> int | None:
        return self.topics.get(f"item:{session}:{number}")

    def _person(self, name: str) -> int:
        key = person_key(name)
        if key not in self.people:
            self.people[key] = services._person(name).pk
        return self.people[key]

    def _signatures(self, letter: Letter, annex: Annex | None, signatories) -> list[Signature]:
        return [
            Signature(
                letter=letter,
                annex=annex,
                person_id=self._person(s.name),
                title=s.title or "",
                organization=s.organization or "",
                position=i,
            )
            for i, s in enumerate(signatories)
        ]

    def _ensure_documents(self, refs: Iterable[CitedDocumentRef]) -> None:
        """Cited documents are the most numerous look-up (every reply cites a symbol):
        fetched and created a batch at a time."""
        wanted = {ref.key: ref for ref in refs if ref.key not in self.documents}
        if not wanted:
            return
        CitedDocument.objects.bulk_create(
            [
                CitedDocument(key=k, kind=r.kind.value, label=services.citation_label(r))
                for k, r in wanted.items()
            ],
            ignore_conflicts=True,
        )
        self.documents.update(CitedDocument.objects.filter(key__in=wanted).values_list("key", "pk"))

    def _document(self, ref: CitedDocumentRef) -> int:
        return self.documents[ref.key]


def _letter(item: BulkItem, source: SourceFile, published_at, *, synthetic: bool) -> Letter:
    parsed, filename = item.parsed, item.filename
    return Letter(
        kind=parsed.kind.value,
        title=parsed.title or filename,
        letter_date=parsed.letter_date,
        distribution_date=parsed.distribution_date,
        original_language=parsed.original_language or "",
        session_id=parsed.ga_session,
        sc_year=parsed.sc_year,
        sender_title=parsed.sender.title or "",
        addressees=list(parsed.addressees),
        body=parsed.body,
        footnotes=[{"marker": f.marker, "text": f.text} for f in parsed.footnotes],
        source=source,
        parse_warnings=list(parsed.warnings),
        published_at=published_at,
        is_synthetic=synthetic or item.text.startswith(SYNTHETIC_MARKER),
    )


def link_cited_documents(chunk: int = 5000) -> int:
    """Point every unlinked cited document symbol at the letter carrying it, if stored."""
    linked, last = 0, 0
    unlinked = CitedDocument.objects.filter(kind=CitationKind.DOCUMENT, letter=None)
    while documents := list(unlinked.filter(pk__gt=last).order_by("pk")[:chunk]):
        last = documents[-1].pk
        parts = {d.pk: [p.upper() for p in split_symbol(d.key)] for d in documents}
        owners = dict(
            LetterSymbol.objects.filter(
                symbol__in={p for ps in parts.values() for p in ps}
            ).values_list("symbol", "letter_id")
        )
        owners = {symbol.upper(): letter for symbol, letter in owners.items()}
        changed = []
        for document in documents:
            owner = next((owners[p] for p in parts[document.pk] if p in owners), None)
            if owner:
                document.letter_id = owner
                changed.append(document)
        CitedDocument.objects.bulk_update(changed, ["letter"])
        linked += len(changed)
    return linked


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
