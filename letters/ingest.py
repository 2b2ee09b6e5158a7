"""Writes: storing a parsed letter and everything derived from it (DESIGN.md §2).

Every public function here is one transaction. Parsing happens before, in
``letters.parsing`` (pure); nothing here parses text.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import operator
from collections.abc import Iterable, Sequence
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import IntegrityError, transaction
from django.db.models import Q, TextField, Value
from django.utils import timezone
from django.utils.text import slugify

from letters.models import (
    AgendaItem,
    AgendaTopic,
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
    State,
)
from letters.parsing import ParsedLetter, person_key, sha256_hex, split_symbol, topic_key
from letters.parsing.model import CitationKind, CitedDocumentRef, ParsedAnnex, Signatory
from letters.search_cache import search_changed
from letters.synthetic import MARKER as SYNTHETIC_MARKER

# PostgreSQL refuses a tsvector over 1 MB; no real letter comes near this.
_MAX_INDEXED_CHARS = 200_000


class DuplicateSymbol(Exception):
    """Another letter already carries one of this letter's symbols."""

    def __init__(self, symbol: str, existing: Letter) -> None:
        super().__init__(f"symbol {symbol} already belongs to letter {existing.pk}")
        self.symbol = symbol
        self.existing = existing


@dataclasses.dataclass(frozen=True)
class IngestResult:
    letter: Letter
    created: bool


def find_by_source(data: bytes) -> Letter | None:
    return Letter.objects.filter(source__sha256=sha256_hex(data)).first()


@transaction.atomic
def ingest_letter(
    *,
    parsed: ParsedLetter,
    source: bytes,
    filename: str,
    text: str,
    uploaded_by=None,
    publish: bool = True,
    synthetic: bool = False,
) -> IngestResult:
    """Store a parsed letter with its source file, in one transaction.

    The same bytes twice give the same letter (``created=False``), also when two
    uploads race: the unique sha256 decides. A symbol that another letter
    already carries raises ``DuplicateSymbol`` and writes nothing.
    """
    sha = sha256_hex(source)
    existing = Letter.objects.filter(source__sha256=sha).first()
    if existing:
        return IngestResult(existing, created=False)

    symbols = list(dict.fromkeys(s for s in parsed.symbols if s))
    taken = LetterSymbol.objects.filter(symbol__in=symbols).select_related("letter").first()
    if taken:
        raise DuplicateSymbol(taken.symbol, taken.letter)

    try:
        with transaction.atomic():
            source_file = SourceFile.objects.create(
                sha256=sha,
                name=filename[:255],
                content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
                size=len(source),
                data=source,
                text=text,
            )
    except IntegrityError:
        # Another upload of the same bytes committed first.
        return IngestResult(Letter.objects.get(source__sha256=sha), created=False)

    letter = Letter.objects.create(
        title=parsed.title or filename,
        source=source_file,
        uploaded_by=uploaded_by,
        published_at=timezone.now() if publish else None,
        is_synthetic=synthetic or text.startswith(SYNTHETIC_MARKER),
    )
    # Every derived field is written the same way on first ingest and on re-parse.
    apply_parsed_fields(letter=letter, parsed=parsed, fields=CONTRACT_FIELDS)
    return IngestResult(letter, created=True)


def annex_row(letter: Letter, position: int, parsed: ParsedAnnex) -> Annex:
    """An unsaved Annex of ``letter`` from the parser's annex."""
    return Annex(
        letter=letter,
        position=position,
        label=parsed.label,
        title=parsed.title or "",
        original_language=parsed.original_language or "",
        date=parsed.date,
        place=parsed.place or "",
        body=parsed.body,
    )


def _session(number: int | None) -> Session | None:
    if number is None:
        return None
    return Session.objects.get_or_create(number=number)[0]


def _state(name: str) -> State:
    state = State.objects.filter(name__iexact=name).first()
    if state:
        return state
    return State.objects.create(name=name, slug=_unique_slug(State, name))


def _agenda_item(session: Session, number: int, title: str | None) -> AgendaItem:
    item, _ = AgendaItem.objects.get_or_create(session=session, number=number)
    if title and item.topic_id is None:
        item.topic = _topic(title)
        item.save(update_fields=["topic"])
    return item


def _topic(title: str) -> AgendaTopic:
    key = topic_key(title)
    topic = AgendaTopic.objects.filter(key=key).first()
    if topic:
        return topic
    return AgendaTopic.objects.create(title=title, key=key, slug=_unique_slug(AgendaTopic, title))


def _person(name: str) -> Person:
    return Person.objects.get_or_create(key=person_key(name), defaults={"name": name})[0]


def _add_signatures(
    letter: Letter, annex: Annex | None, signatories: Sequence[Signatory], *, start: int
) -> None:
    Signature.objects.bulk_create(
        Signature(
            letter=letter,
            annex=annex,
            person=_person(s.name),
            title=s.title or "",
            organization=s.organization or "",
            position=start + i,
        )
        for i, s in enumerate(signatories)
    )


_LABELS = {
    CitationKind.SC_RESOLUTION: "Security Council resolution {text}",
    CitationKind.GA_RESOLUTION: "General Assembly resolution {text}",
}


def citation_label(ref: CitedDocumentRef) -> str:
    """How a cited document is named on the pages: "Security Council resolution 822 (1993)"."""
    return _LABELS.get(ref.kind, "{key}").format(text=ref.text, key=ref.key)


def _replace_citations(letter: Letter, parsed: ParsedLetter) -> None:
    """Replace the letter's outgoing citations with the parsed ones."""
    letter.citations.all().delete()
    for position, ref in enumerate(parsed.cited_documents):
        document, created = CitedDocument.objects.get_or_create(
            key=ref.key, defaults={"kind": ref.kind.value, "label": citation_label(ref)}
        )
        if created and ref.kind == CitationKind.DOCUMENT:
            document.letter = _letter_with_symbol(split_symbol(ref.key))
            if document.letter:
                document.save(update_fields=["letter"])
        Citation.objects.get_or_create(
            letter=letter,
            document=document,
            defaults={"text": ref.text[:300], "position": position},
        )


def _letter_with_symbol(symbols: Iterable[str]) -> Letter | None:
    symbol = LetterSymbol.objects.filter(symbol__in=list(symbols)).select_related("letter").first()
    return symbol.letter if symbol else None


def _link_citations_to(letter: Letter, symbols: Sequence[str]) -> None:
    """Point cited documents naming one of ``symbols`` (alone or joint) at ``letter``."""
    if not symbols:
        return
    match = Q()
    for symbol in symbols:
        match |= (
            Q(key__iexact=symbol)
            | Q(key__istartswith=f"{symbol}-")
            | Q(key__iendswith=f"-{symbol}")
        )
    wanted = {s.upper() for s in symbols}
    for document in CitedDocument.objects.filter(match, kind=CitationKind.DOCUMENT, letter=None):
        if wanted & {part.upper() for part in split_symbol(document.key)}:
            document.letter = letter
            document.save(update_fields=["letter"])


def weighted_texts(
    *,
    title: str,
    symbols: Iterable[str],
    body: str,
    footnotes: Iterable[str],
    annexes: Iterable[tuple[str, str, str]],
    signatures: Iterable[tuple[str, str, str]],
    states: Iterable[str],
) -> dict[str, str]:
    """The text of each weight of a letter's search vector: title and symbols rank
    highest (A), then the covering letter (B), annexes (C), signatories and States (D).
    Shared by ``refresh_search_entry`` and the bulk loader so both index alike."""

    def joined(parts: Iterable[str]) -> str:
        return "\n".join(p for p in parts if p)[:_MAX_INDEXED_CHARS]

    return {
        "A": joined([title, *symbols]),
        "B": joined([body, *footnotes]),
        "C": joined(t for annex in annexes for t in annex),
        "D": joined([*(t for sig in signatures for t in sig), *states]),
    }


def refresh_search_entry(letter: Letter) -> None:
    """Rewrite the letter's search row (or remove it while the letter is unpublished)."""
    transaction.on_commit(search_changed)
    if letter.published_at is None:
        SearchEntry.objects.filter(letter=letter).delete()
        return
    annexes = list(letter.annexes.all())
    signatures = list(letter.signatures.select_related("person"))
    states = list(letter.senders.all())
    topics = {item.topic_id for item in letter.agenda_items.all() if item.topic_id}
    texts = weighted_texts(
        title=letter.title,
        symbols=letter.symbols.values_list("symbol", flat=True),
        body=letter.body,
        footnotes=[f["text"] for f in letter.footnotes],
        annexes=[(a.title, a.place, a.body) for a in annexes],
        signatures=[(s.person.name, s.title, s.organization) for s in signatures],
        states=[s.name for s in states],
    )
    config = settings.LETTERS_SEARCH_CONFIG
    vector = reduce(
        operator.add,
        (
            SearchVector(Value(text, output_field=TextField()), config=config, weight=weight)
            for weight, text in texts.items()
        ),
    )
    SearchEntry.objects.update_or_create(
        letter=letter,
        defaults={
            "vector": vector,
            "letter_date": letter.letter_date,
            "year": letter.letter_date.year if letter.letter_date else None,
            "session_number": letter.session_id,
            "sc_year": letter.sc_year,
            "kind": letter.kind,
            "has_annex": bool(annexes),
            "topic_ids": sorted(topics),
            "cited_ids": sorted(set(letter.citations.values_list("document_id", flat=True))),
            "person_ids": sorted({s.person_id for s in signatures}),
            "state_ids": sorted(s.pk for s in states),
            "is_synthetic": letter.is_synthetic,
            "in_sample": letter.pk % SearchEntry.SAMPLE_RATE == 0,
        },
    )


def _unique_slug(model, text: str, *, max_length: int = 100) -> str:
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base[: max_length - 6]}-{n}"
        n += 1
    return slug


# Contract fields (DESIGN.md §4) that ``apply_parsed_fields`` can write, in the
# order the admin shows them. "sender" is split: the States and the sender's title
# are corrected separately.
CONTRACT_FIELDS = (
    "symbols",
    "kind",
    "title",
    "distribution_date",
    "letter_date",
    "original_language",
    "ga_session",
    "sc_year",
    "agenda_items",
    "senders",
    "sender_title",
    "addressees",
    "signatories",
    "body",
    "footnotes",
    "annexes",
    "cited_documents",
    "warnings",
)


@transaction.atomic
def apply_parsed_fields(*, letter: Letter, parsed: ParsedLetter, fields: Iterable[str]) -> None:
    """Overwrite the named contract fields of a stored letter with ``parsed``'s values.

    Used by re-parse (``letters.curation``); the other fields stay as they are.
    Raises ``DuplicateSymbol`` when a new symbol belongs to another letter.
    """
    fields = set(fields)
    unknown = fields - set(CONTRACT_FIELDS)
    if unknown:
        raise ValueError(f"not contract fields: {sorted(unknown)}")
    scalars = {
        "kind": parsed.kind.value,
        "title": parsed.title or letter.title,
        "distribution_date": parsed.distribution_date,
        "letter_date": parsed.letter_date,
        "original_language": parsed.original_language or "",
        "sc_year": parsed.sc_year,
        "sender_title": parsed.sender.title or "",
        "addressees": list(parsed.addressees),
        "body": parsed.body,
        "footnotes": [{"marker": f.marker, "text": f.text} for f in parsed.footnotes],
    }
    for name, value in scalars.items():
        if name in fields:
            setattr(letter, name, value)
    if "warnings" in fields:
        letter.parse_warnings = list(parsed.warnings)
    if "ga_session" in fields:
        letter.session = _session(parsed.ga_session)
    letter.save()
    if "symbols" in fields:
        symbols = list(dict.fromkeys(s for s in parsed.symbols if s))
        taken = (
            LetterSymbol.objects.filter(symbol__in=symbols)
            .exclude(letter=letter)
            .select_related("letter")
            .first()
        )
        if taken:
            raise DuplicateSymbol(taken.symbol, taken.letter)
        letter.symbols.all().delete()
        LetterSymbol.objects.bulk_create(
            LetterSymbol(letter=letter, symbol=s, position=i) for i, s in enumerate(symbols)
        )
        _link_citations_to(letter, symbols)
    if "senders" in fields:
        letter.senders.set(_state(name) for name in dict.fromkeys(parsed.sender.states))
    if "agenda_items" in fields:
        letter.agenda_items.set(
            [_agenda_item(letter.session, ref.number, ref.title) for ref in parsed.agenda_items]
            if letter.session
            else []
        )
    if "signatories" in fields:
        letter.signatures.filter(annex=None).delete()
        _add_signatures(letter, None, parsed.signatories, start=0)
    if "annexes" in fields:
        letter.annexes.all().delete()  # their signatures go with them (CASCADE)
        for position, parsed_annex in enumerate(parsed.annexes):
            annex = annex_row(letter, position, parsed_annex)
            annex.save()
            _add_signatures(letter, annex, parsed_annex.signatories, start=0)
    if "cited_documents" in fields:
        _replace_citations(letter, parsed)
    refresh_search_entry(letter)
