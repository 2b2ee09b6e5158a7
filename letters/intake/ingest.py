"""Storing a parsed letter and everything derived from it, one transaction a letter
(DESIGN.md §2). The rows come from ``letters.intake.rows`` (shared with the bulk
loader), the shared records they point at from ``letters.intake.records``, and the
search row from ``letters.search.indexing``.

Parsing happens before, in ``letters.parsing`` (pure); nothing here parses text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from letters.intake import links, records, rows
from letters.intake.stored import search_rows, stored_letter
from letters.intake.versions import (
    TEXT_FIELDS,
    Joining,
    changes,
    joining,
    main_text_note,
    with_main_text,
)
from letters.models import (
    Annex,
    CitedDocument,
    Letter,
    LetterRevision,
    LetterSymbol,
    LetterVersion,
    Reference,
    SearchEntry,
    Signature,
    SourceFile,
)
from letters.parsing import ParsedLetter, sha256_hex, split_symbol
from letters.parsing.model import CitationKind, Signatory
from letters.parsing.source import Method
from letters.search.cache import search_changed
from letters.search.indexing import write_search_row


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
    # Set when the text joined ``letter`` (DESIGN.md §11): the version it was stored as,
    # or, when it became the letter's main text (``main_text``), the version the former
    # main text was kept as.
    version: LetterVersion | None = None
    main_text: bool = False


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
    method: Method | None = None,
    ocr_confidence: float | None = None,
) -> IngestResult:
    """Store a parsed letter with its source file, in one transaction.

    The same bytes twice give the same letter (``created=False``), also when two
    uploads race: the unique sha256 decides. A text whose symbols a stored letter
    carries joins it as a language version, or as its main text
    (``letters.intake.versions``); otherwise a symbol that another letter already
    carries raises ``DuplicateSymbol`` and writes nothing.
    """
    source_columns = rows.source_row(
        data=source, filename=filename, text=text, method=method, confidence=ocr_confidence
    )
    sha = source_columns["sha256"]
    existing = Letter.objects.filter(source__sha256=sha).first() or _letter_of_version(sha)
    if existing:
        return IngestResult(existing, created=False)
    try:
        _check_symbols(rows.symbols(parsed), letter=None)
    except DuplicateSymbol as taken:
        joins = _joining(taken.existing, parsed)
        if joins is None:
            raise
        if joins is Joining.MAIN_TEXT:
            return _take_main_text(
                taken.existing,
                parsed,
                source_columns,
                filename=filename,
                user=uploaded_by,
                synthetic=synthetic,
            )
        return _store_version(taken.existing, parsed, source_columns)
    try:
        with transaction.atomic():
            source_file = SourceFile.objects.create(**source_columns)
    except IntegrityError:
        # Another upload of the same bytes committed first.
        return IngestResult(Letter.objects.get(source__sha256=sha), created=False)

    records.session(parsed.ga_session)
    letter = Letter.objects.create(
        **rows.letter_row(parsed, fallback_title=filename),
        source=source_file,
        uploaded_by=uploaded_by,
        published_at=timezone.now() if publish else None,
        is_synthetic=rows.is_synthetic(text, flagged=synthetic),
    )
    # The parts are written the same way on first ingest and on re-parse.
    _write_parts(letter, parsed, CONTRACT_FIELDS)
    links.relink(letter)
    refresh_search_entry(letter)
    return IngestResult(letter, created=True)


def _letter_of_version(sha: str) -> Letter | None:
    version = LetterVersion.objects.filter(source__sha256=sha).select_related("letter").first()
    return version.letter if version else None


def _joining(letter: Letter, parsed: ParsedLetter) -> Joining | None:
    """How ``parsed`` joins ``letter``, whose symbol it carries (``versions.joining``)."""
    return joining(
        parsed,
        symbols=set(letter.symbols.values_list("symbol", flat=True)),
        main_language=letter.language,
        languages={letter.language, *letter.versions.values_list("language", flat=True)},
    )


def _store_version(letter: Letter, parsed: ParsedLetter, source_columns: dict) -> IngestResult:
    """Store ``parsed`` as ``letter``'s version in its language, with its source file."""
    try:
        with transaction.atomic():
            source_file = SourceFile.objects.create(**source_columns)
            version = LetterVersion.objects.create(
                letter=letter,
                source=source_file,
                **rows.version_row(parsed, fallback_title=""),
            )
    except IntegrityError:
        # The same bytes, or another text in this language, committed first.
        raise DuplicateSymbol(rows.symbols(parsed)[0], letter) from None
    refresh_search_entry(letter)
    return IngestResult(letter, created=False, version=version)


def _take_main_text(
    letter: Letter,
    parsed: ParsedLetter,
    source_columns: dict,
    *,
    filename: str,
    user,
    synthetic: bool,
) -> IngestResult:
    """Make ``parsed`` ``letter``'s main text (``versions.with_main_text``), its former
    main text a version with its source file, and log it in a revision."""
    # Locked: two texts becoming its main text at once would both keep the same former one.
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if _joining(letter, parsed) is not Joining.MAIN_TEXT:
        raise DuplicateSymbol(rows.symbols(parsed)[0], letter)  # another came first
    former = stored_letter(letter)
    try:
        with transaction.atomic():
            source_file = SourceFile.objects.create(**source_columns)
            version = LetterVersion.objects.create(
                letter=letter, source=letter.source, **rows.version_row(former, fallback_title="")
            )
    except IntegrityError:
        # The same bytes, or another text in the former main text's language, came first.
        raise DuplicateSymbol(rows.symbols(parsed)[0], letter) from None
    merged = with_main_text(parsed, former, corrected=letter.corrected_fields)
    for column, value in rows.letter_row(merged, fallback_title=filename).items():
        setattr(letter, column, value)
    records.session(merged.ga_session)
    letter.source = source_file
    letter.is_synthetic = letter.is_synthetic or rows.is_synthetic(
        source_columns["text"], flagged=synthetic
    )
    # Corrections of the former text's words went with it into its version.
    letter.corrected_fields = [f for f in letter.corrected_fields if f not in TEXT_FIELDS]
    linked = links.affected_by([letter.pk])
    letter.save()
    _write_parts(letter, merged, set(CONTRACT_FIELDS) - {"symbols"})
    # The new main text's date, senders and references decide whom its links point at.
    links.relink(letter, before=linked)
    LetterRevision.objects.create(
        letter=letter,
        user=user if user and user.is_authenticated else None,
        username=user.get_username() if user and user.is_authenticated else "",
        action=LetterRevision.Action.VERSION,
        changes=changes(former, stored_letter(letter)),
        note=main_text_note(
            language=letter.language,
            former_language=version.language,
            filename=source_file.name,
        ),
    )
    refresh_search_entry(letter)
    return IngestResult(letter, created=False, version=version, main_text=True)


def _check_symbols(symbols: Sequence[str], *, letter: Letter | None) -> None:
    taken = LetterSymbol.objects.filter(symbol__in=symbols)
    if letter is not None:
        taken = taken.exclude(letter=letter)
    clash = taken.select_related("letter").first()
    if clash:
        raise DuplicateSymbol(clash.symbol, clash.letter)


def _add_signatures(letter: Letter, annex: Annex | None, signatories: Sequence[Signatory]) -> None:
    Signature.objects.bulk_create(
        Signature(letter=letter, annex=annex, person=records.person(name), **columns)
        for name, columns in rows.signature_rows(signatories)
    )


def _replace_citations(letter: Letter, parsed: ParsedLetter) -> None:
    """Replace the letter's outgoing citations with the parsed ones."""
    letter.citations.all().delete()
    for ref, columns in rows.citations(parsed):
        document, created = records.cited_document(ref)
        if created and ref.kind == CitationKind.DOCUMENT:
            document.letter = _letter_with_symbol(split_symbol(ref.key))
            if document.letter:
                document.save(update_fields=["letter"])
        letter.citations.create(document=document, **columns)


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


def refresh_search_entry(letter: Letter) -> None:
    """Rewrite the letter's search row (or remove it while the letter is unpublished), and
    raise the publication version after it, in the same transaction."""
    with transaction.atomic():
        if letter.published_at is None:
            SearchEntry.objects.filter(letter=letter).delete()
        else:
            ((letter_id, parts),) = search_rows([letter])
            write_search_row(letter_id, parts)
        search_changed()


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
    "language",
    "ga_session",
    "sc_year",
    "agenda_items",
    "senders",
    "sender_title",
    "sender_organization",
    "addressees",
    "signatories",
    "body",
    "footnotes",
    "annexes",
    "cited_documents",
    "references",
    "charter_articles",
    "states_mentioned",
    "warnings",
)

# The contract fields that decide whom references point at (``letters.intake.links``).
LINKING_FIELDS = frozenset({"symbols", "letter_date", "senders", "references"})


@transaction.atomic
def apply_parsed_fields(*, letter: Letter, parsed: ParsedLetter, fields: Iterable[str]) -> None:
    """Overwrite the named contract fields of a stored letter with ``parsed``'s values.

    Used by re-parse (``letters.curation.reparse``); the other fields stay as they are.
    Raises ``DuplicateSymbol`` when a new symbol belongs to another letter.
    """
    fields = set(fields)
    unknown = fields - set(CONTRACT_FIELDS)
    if unknown:
        raise ValueError(f"not contract fields: {sorted(unknown)}")
    linked = links.affected_by([letter.pk]) if fields & LINKING_FIELDS else set()
    columns = rows.letter_row(parsed, fallback_title=letter.title)
    for field in fields & rows.LETTER_COLUMNS.keys():
        for column in rows.LETTER_COLUMNS[field]:
            setattr(letter, column, columns[column])
    if "ga_session" in fields:
        records.session(parsed.ga_session)
    letter.save()
    _write_parts(letter, parsed, fields)
    if fields & LINKING_FIELDS:
        links.relink(letter, before=linked)
    refresh_search_entry(letter)


def _write_parts(letter: Letter, parsed: ParsedLetter, fields: Iterable[str]) -> None:
    """Replace the letter's parts (rows of other tables) named by contract ``fields``."""
    fields = set(fields)
    if "symbols" in fields:
        symbols = rows.symbols(parsed)
        _check_symbols(symbols, letter=letter)
        letter.symbols.all().delete()
        LetterSymbol.objects.bulk_create(
            LetterSymbol(letter=letter, symbol=s, position=i) for i, s in enumerate(symbols)
        )
        _link_citations_to(letter, symbols)
    if "senders" in fields:
        letter.senders.set(records.state(name) for name in rows.sender_states(parsed))
    if "agenda_items" in fields:
        session = letter.session
        letter.agenda_items.set(
            [records.agenda_item(session, ref.number, ref.title) for ref in parsed.agenda_items]
            if session
            else []
        )
    if "signatories" in fields:
        letter.signatures.filter(annex=None).delete()
        _add_signatures(letter, None, parsed.signatories)
    if "annexes" in fields:
        letter.annexes.all().delete()  # their signatures go with them (CASCADE)
        for position, parsed_annex in enumerate(parsed.annexes):
            annex = Annex.objects.create(letter=letter, **rows.annex_row(parsed_annex, position))
            _add_signatures(letter, annex, parsed_annex.signatories)
    if "cited_documents" in fields:
        _replace_citations(letter, parsed)
    if "references" in fields:
        _replace_references(letter, parsed)
    if "states_mentioned" in fields:
        letter.states_mentioned.set(records.state(n) for n in rows.states_mentioned(parsed))


def _replace_references(letter: Letter, parsed: ParsedLetter) -> None:
    """Replace the letter's references with the parsed ones. A target an archivist set
    by hand stays on the new reference that prints the same words (``links.relink``
    resolves the others)."""
    by_hand = {
        (ref.relation, ref.text): ref.target_id
        for ref in letter.references.filter(resolution=Reference.Resolution.HAND)
    }
    letter.references.all().delete()
    new = []
    for _, columns in rows.references(parsed):
        reference = Reference(letter=letter, **columns)
        key = (reference.relation, reference.text)
        if key in by_hand:
            reference.target_id = by_hand[key]
            reference.resolution = Reference.Resolution.HAND
        new.append(reference)
    Reference.objects.bulk_create(new)
