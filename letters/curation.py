"""Writes for the staff side: upload drafts, record edits, publish, re-parse, merge.

Every public write here is one transaction and leaves a ``LetterRevision`` saying
who changed what and when. Reads that only serve these writes (the contract-shaped
snapshot of a stored letter, the re-parse plan) live here too, next to the
writes that depend on them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone

from letters import rows
from letters.ingest import (
    CONTRACT_FIELDS,
    DuplicateSymbol,
    IngestResult,
    apply_parsed_fields,
    find_by_source,
    ingest_letter,
    refresh_search_entry,
)
from letters.intake import UploadItem, policy, read_letter, unpack_upload
from letters.models import (
    AgendaItem,
    AgendaTopic,
    Citation,
    CitedDocument,
    Letter,
    LetterRevision,
    Person,
    Signature,
    State,
    Upload,
    UploadLine,
)
from letters.parsing import ParsedLetter, SourceError, parse_letter
from letters.parsing.source import Method

# Fields an archivist corrects; "warnings" are the parser's own and always follow it.
CORRECTABLE_FIELDS = tuple(f for f in CONTRACT_FIELDS if f != "warnings")


# --- Snapshots: a letter as contract-shaped data, stored or freshly parsed ---------


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _signatory(
    name: str, title: str | None, organization: str | None, honorific: str | None = None
) -> dict[str, str]:
    return {
        "name": name,
        "honorific": honorific or "",
        "title": title or "",
        "organization": organization or "",
    }


def letter_fields(letter: Letter) -> dict[str, Any]:
    """The stored letter in contract form (DESIGN.md §4): what the public page will show.

    Strings are "" rather than null and unordered relations are sorted, so that a
    stored letter and a fresh parse of its source compare equal when nothing changed.
    """
    signatures = list(letter.signatures.select_related("person").order_by("annex_id", "position"))
    annexes = list(letter.annexes.order_by("position"))
    items = letter.agenda_items.select_related("topic").order_by("number")
    return {
        "symbols": list(letter.symbols.order_by("position").values_list("symbol", flat=True)),
        "kind": letter.kind,
        "title": letter.title,
        "distribution_date": _iso(letter.distribution_date),
        "letter_date": _iso(letter.letter_date),
        "original_language": letter.original_language,
        "language": letter.language,
        "ga_session": letter.session_id,
        "sc_year": letter.sc_year,
        "agenda_items": [
            {"number": i.number, "title": i.topic.title if i.topic else None} for i in items
        ],
        "senders": sorted(letter.senders.values_list("name", flat=True)),
        "sender_title": letter.sender_title,
        "sender_organization": letter.sender_organization,
        "addressees": list(letter.addressees),
        "signatories": [
            _signatory(s.person.name, s.title, s.organization, s.honorific)
            for s in signatures
            if s.annex_id is None
        ],
        "body": letter.body,
        "footnotes": list(letter.footnotes),
        "annexes": [
            {
                "label": a.label,
                "title": a.title,
                "original_language": a.original_language,
                "language": a.language,
                "date": _iso(a.date),
                "place": a.place,
                "body": a.body,
                "signatories": [
                    _signatory(s.person.name, s.title, s.organization, s.honorific)
                    for s in signatures
                    if s.annex_id == a.pk
                ],
            }
            for a in annexes
        ],
        "cited_documents": [
            {"kind": c.document.kind, "key": c.document.key, "text": c.text}
            for c in letter.citations.select_related("document").order_by("position")
        ],
        "warnings": list(letter.parse_warnings),
    }


def parsed_fields(parsed: ParsedLetter, *, fallback_title: str = "") -> dict[str, Any]:
    """A fresh parse in the same shape as ``letter_fields``: its contract
    (``ParsedLetter.to_contract``) as ingest would store it — symbols and citations
    each once (``letters.rows``), "" for a missing string, senders split into States and
    title, agenda items only under a session."""
    contract = parsed.to_contract()
    blank = _blank_strings
    return {
        "symbols": rows.symbols(parsed),
        "kind": contract["kind"],
        "title": contract["title"] or fallback_title,
        "distribution_date": contract["distribution_date"],
        "letter_date": contract["letter_date"],
        "original_language": contract["original_language"] or "",
        "language": contract["language"] or "",
        "ga_session": contract["ga_session"],
        "sc_year": contract["sc_year"],
        "agenda_items": (
            sorted(contract["agenda_items"], key=lambda a: a["number"])
            if contract["ga_session"]
            else []
        ),
        "senders": sorted(rows.sender_states(parsed)),
        "sender_title": contract["sender"]["title"] or "",
        "sender_organization": contract["sender"]["organization"] or "",
        "addressees": contract["addressees"],
        "signatories": [_signatory(**s) for s in contract["signatories"]],
        "body": contract["body"],
        "footnotes": contract["footnotes"],
        "annexes": [
            {
                **blank(a, ("title", "original_language", "language", "place")),
                "signatories": [_signatory(**s) for s in a["signatories"]],
            }
            for a in contract["annexes"]
        ],
        "cited_documents": [
            {"kind": str(ref.kind), "key": ref.key, "text": columns["text"]}
            for ref, columns in rows.citations(parsed)
        ],
        "warnings": contract["warnings"],
    }


def _blank_strings(values: dict[str, Any], names: Sequence[str]) -> dict[str, Any]:
    return {key: (value or "") if key in names else value for key, value in values.items()}


def diff_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the contract fields that differ, in contract order."""
    return {f: [old.get(f), new.get(f)] for f in CONTRACT_FIELDS if old.get(f) != new.get(f)}


def _revision(
    letter: Letter, user, action: str, changes: dict[str, Any] | None = None, note: str = ""
) -> LetterRevision:
    return LetterRevision.objects.create(
        letter=letter,
        user=user if user and user.is_authenticated else None,
        username=user.get_username() if user and user.is_authenticated else "",
        action=action,
        changes=changes or {},
        note=note,
    )


# --- Upload -----------------------------------------------------------------------


Outcome = UploadLine.Outcome


@dataclasses.dataclass(frozen=True)
class UploadOutcome:
    name: str
    outcome: Outcome
    message: str
    letter: Letter | None = None  # the new draft, or the existing letter a duplicate matches
    warnings: tuple[str, ...] = ()


def upload_files(
    files: Sequence[UploadedFile],
    *,
    uploaded_by,
    symbols: Sequence[str] = (),
    distribution_date: datetime.date | None = None,
) -> tuple[Upload, list[UploadOutcome]]:
    """Store every letter in the uploaded files (zips unpacked) as a draft, each in its
    own transaction, and record each file's outcome as soon as it is known (an
    ``Upload`` with one line per letter file, refusals included)."""
    rules = policy()
    upload = Upload.objects.create(
        uploaded_by=uploaded_by if uploaded_by and uploaded_by.is_authenticated else None,
        files=len(files),
    )
    outcomes: list[UploadOutcome] = []

    def record(outcome: UploadOutcome) -> None:
        outcomes.append(outcome)
        UploadLine.objects.create(
            upload=upload,
            position=len(outcomes),
            name=outcome.name,
            outcome=outcome.outcome,
            message=outcome.message,
            letter=outcome.letter,
            warnings=list(outcome.warnings),
        )

    for file in files:
        if error := rules.size_error(file.name, file.size):
            # Refused before reading: an oversized file never reaches memory.
            record(UploadOutcome(file.name, Outcome.ERROR, error))
            continue
        for item in unpack_upload(file.name, file.read(), rules):
            record(
                upload_letter(
                    item=item,
                    uploaded_by=uploaded_by,
                    symbols=symbols,
                    distribution_date=distribution_date,
                )
            )
    upload.finished = timezone.now()
    upload.save(update_fields=["finished"])
    return upload, outcomes


def upload_letter(
    *,
    item: UploadItem,
    uploaded_by,
    symbols: Sequence[str] = (),
    distribution_date: datetime.date | None = None,
) -> UploadOutcome:
    """Parse one uploaded file and store it as a draft; never raises for bad input.

    The uploader's symbols and distribution date count as manual corrections, so
    a later re-parse keeps them.
    """
    if item.error or item.data is None:
        return UploadOutcome(item.name, Outcome.ERROR, item.error or f"{item.name}: no data")
    try:
        read = read_letter(item.data, item.filename, symbols=symbols)
    except SourceError as error:
        return UploadOutcome(item.name, Outcome.ERROR, _with_name(item.name, str(error)))
    existing = find_by_source(item.data)
    if existing:
        return _duplicate_bytes(item.name, existing)
    parsed = read.parsed
    corrected = []
    if symbols:
        corrected.append("symbols")
    if distribution_date:
        parsed = dataclasses.replace(parsed, distribution_date=distribution_date)
        corrected.append("distribution_date")
    try:
        result = store_draft(
            parsed=parsed,
            source=read.data,
            filename=read.filename,
            text=read.text,
            uploaded_by=uploaded_by,
            corrected_fields=corrected,
            method=read.method,
            ocr_confidence=read.confidence,
        )
    except DuplicateSymbol as error:
        return UploadOutcome(
            item.name,
            Outcome.DUPLICATE,
            f"{item.name}: symbol {error.symbol} already belongs to a letter in the archive",
            letter=error.existing,
        )
    except IntegrityError:
        # Another upload claimed the same symbol at the same moment; nothing was written.
        return UploadOutcome(
            item.name,
            Outcome.ERROR,
            f"{item.name}: conflicts with a letter stored at the same moment; try again",
        )
    except DataError:
        # A garbled parse (e.g. a whole page read as one name) overflows a column;
        # the transaction rolled back, so the other files of the upload still go in.
        return UploadOutcome(
            item.name,
            Outcome.ERROR,
            f"{item.name}: the parser read a value too long to store; check the file's layout",
        )
    if result.version is not None:
        language = result.version.get_language_display()
        return UploadOutcome(
            item.name,
            Outcome.VERSION,
            f"{item.name}: stored as the {language} version of letter {result.letter.pk}",
            letter=result.letter,
            warnings=tuple(parsed.warnings),
        )
    if not result.created:
        return _duplicate_bytes(item.name, result.letter)
    return UploadOutcome(
        item.name,
        Outcome.DRAFT,
        f"{item.name}: stored as a draft",
        letter=result.letter,
        warnings=tuple(parsed.warnings),
    )


def _with_name(name: str, message: str) -> str:
    return message if message.startswith(name) else f"{name}: {message}"


def _duplicate_bytes(name: str, existing: Letter) -> UploadOutcome:
    return UploadOutcome(
        name,
        Outcome.DUPLICATE,
        f"{name}: the same file is already in the archive",
        letter=existing,
    )


@transaction.atomic
def store_draft(
    *,
    parsed: ParsedLetter,
    source: bytes,
    filename: str,
    text: str,
    uploaded_by,
    corrected_fields: Iterable[str] = (),
    method: Method | None = None,
    ocr_confidence: float | None = None,
) -> IngestResult:
    """Ingest an unpublished letter and record the upload, in one transaction."""
    result = ingest_letter(
        parsed=parsed,
        source=source,
        filename=filename,
        text=text,
        uploaded_by=uploaded_by,
        publish=False,
        method=method,
        ocr_confidence=ocr_confidence,
    )
    if result.created:
        corrected = sorted(set(corrected_fields))
        if corrected:
            result.letter.corrected_fields = corrected
            result.letter.save(update_fields=["corrected_fields"])
        _revision(result.letter, uploaded_by, LetterRevision.Action.UPLOAD, note=filename)
    elif result.version is not None:
        note = f"{result.version.get_language_display()} version: {filename}"
        _revision(result.letter, uploaded_by, LetterRevision.Action.VERSION, note=note)
    return result


# --- Edit, publish ----------------------------------------------------------------


@transaction.atomic
def record_edit(*, letter: Letter, before: dict[str, Any], user) -> dict[str, list[Any]]:
    """After a manual edit: remember the corrected fields, log the change, refresh search.

    ``before`` is ``letter_fields(letter)`` taken before the edit was saved.
    """
    changes = diff_fields(before, letter_fields(letter))
    changes.pop("warnings", None)
    if changes:
        letter.corrected_fields = sorted({*letter.corrected_fields, *changes})
        letter.save(update_fields=["corrected_fields", "updated"])
        _revision(letter, user, LetterRevision.Action.EDIT, changes)
    refresh_search_entry(letter)
    return changes


@transaction.atomic
def publish_letter(*, letter: Letter, user) -> bool:
    """Publish a draft: it gets its search row and appears on the public site.

    Returns False when it was already published (someone else was quicker).
    """
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.published_at is not None:
        return False
    letter.published_at = timezone.now()
    letter.save(update_fields=["published_at", "updated"])
    refresh_search_entry(letter)
    _revision(letter, user, LetterRevision.Action.PUBLISH)
    return True


@transaction.atomic
def unpublish_letter(*, letter: Letter, user) -> bool:
    """Take a letter off the public site (back to draft); its search row goes."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.published_at is None:
        return False
    letter.published_at = None
    letter.save(update_fields=["published_at", "updated"])
    refresh_search_entry(letter)
    _revision(letter, user, LetterRevision.Action.UNPUBLISH)
    return True


# --- Re-parse -----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReparsePlan:
    """What re-parsing one letter would do."""

    letter: Letter
    changes: dict[str, list[Any]]  # applied
    kept: dict[str, list[Any]]  # corrected by hand: applied only when discarding corrections
    error: str | None = None

    @property
    def has_changes(self) -> bool:
        return bool(self.changes or self.kept)


def plan_reparse(letter: Letter) -> ReparsePlan:
    """Run the current parser on the stored source and compare with the stored letter."""
    try:
        parsed = parse_letter(letter.source.text, file=letter.source.name)
    except SourceError as error:
        return ReparsePlan(letter, {}, {}, error=str(error))
    diff = diff_fields(letter_fields(letter), parsed_fields(parsed, fallback_title=letter.title))
    # Symbols the source does not print were given by the uploader: keep them.
    if not parsed.symbols:
        diff.pop("symbols", None)
    kept = {f: v for f, v in diff.items() if f in letter.corrected_fields}
    changes = {f: v for f, v in diff.items() if f not in kept}
    return ReparsePlan(letter, changes, kept)


@transaction.atomic
def apply_reparse(*, letter: Letter, user, discard_corrections: bool = False) -> ReparsePlan:
    """Re-parse the stored source and write the differences (one transaction, logged).

    Fields corrected by hand are kept unless ``discard_corrections``; then they
    follow the parser again and stop counting as corrected.
    """
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    plan = plan_reparse(letter)
    if plan.error:
        return plan
    changes = {**plan.changes, **(plan.kept if discard_corrections else {})}
    if changes:
        parsed = parse_letter(letter.source.text, file=letter.source.name)
        apply_parsed_fields(letter=letter, parsed=parsed, fields=changes)
        if discard_corrections:
            letter.corrected_fields = [f for f in letter.corrected_fields if f not in changes]
            letter.save(update_fields=["corrected_fields", "updated"])
        _revision(letter, user, LetterRevision.Action.REPARSE, changes)
    return dataclasses.replace(plan, changes=changes)


def reparse_letters(
    letters: Iterable[Letter], *, user, discard_corrections: bool = False
) -> tuple[int, list[str]]:
    """``apply_reparse`` on each letter: how many changed, and a line per letter refused
    (a new symbol that another letter carries)."""
    changed, refusals = 0, []
    for letter in letters:
        try:
            plan = apply_reparse(letter=letter, user=user, discard_corrections=discard_corrections)
        except DuplicateSymbol as error:
            refusals.append(f"{letter}: not re-parsed, {error}")
            continue
        changed += bool(plan.changes)
    return changed, refusals


# --- Merge --------------------------------------------------------------------------

# What a merge moves, per model: the letters' contract field it corrects.
MERGEABLE: dict[type[models.Model], str] = {
    AgendaTopic: "agenda_items",
    AgendaItem: "agenda_items",
    CitedDocument: "cited_documents",
    Person: "signatories",
    State: "senders",
}


@transaction.atomic
def merge_records(*, keep: models.Model, others: Iterable[models.Model], user) -> int:
    """Fold ``others`` into ``keep`` (the same thing recorded twice) and delete them.

    Every reference moves to ``keep``; the letters affected count the field as
    corrected by hand (a re-parse would otherwise split the record again), get a
    revision and a fresh search row. Returns the number of letters affected.
    """
    model = type(keep)
    if model not in MERGEABLE:
        raise ValueError(f"{model.__name__} cannot be merged")
    others = [o for o in others if o.pk != keep.pk]
    if not others or any(type(o) is not model for o in others):
        raise ValueError("choose at least one other record of the same kind")
    # Lock the rows in pk order so two merges over the same records cannot deadlock.
    ids = sorted(o.pk for o in others)
    list(model.objects.select_for_update().filter(pk__in=[keep.pk, *ids]).order_by("pk"))
    field = MERGEABLE[model]
    letters = list(_letters_referencing(model, ids).order_by("pk"))
    before = {letter.pk: letter_fields(letter) for letter in letters}

    if model is AgendaTopic:
        AgendaItem.objects.filter(topic_id__in=ids).update(topic=keep)
    elif model is Person:
        Signature.objects.filter(person_id__in=ids).update(person=keep)
    elif model is CitedDocument:
        # A letter citing both keeps one citation (citation_unique_pair).
        Citation.objects.filter(document_id__in=ids, letter__citations__document=keep).delete()
        Citation.objects.filter(document_id__in=ids).update(document=keep)
        if keep.letter_id is None:
            keep.letter_id = next((o.letter_id for o in others if o.letter_id), None)
            keep.save(update_fields=["letter"])
    elif model is State:
        _move_m2m(Letter.senders.through, "state_id", ids, keep.pk)
    elif model is AgendaItem:
        _move_m2m(Letter.agenda_items.through, "agendaitem_id", ids, keep.pk)
    model.objects.filter(pk__in=ids).delete()

    names = ", ".join(str(o) for o in others)
    for letter in letters:
        letter.refresh_from_db()
        changes = diff_fields(before[letter.pk], letter_fields(letter))
        letter.corrected_fields = sorted({*letter.corrected_fields, field})
        letter.save(update_fields=["corrected_fields", "updated"])
        _revision(
            letter,
            user,
            LetterRevision.Action.MERGE,
            changes,
            note=f"Merged {model._meta.verbose_name} {names} into {keep}",
        )
        refresh_search_entry(letter)
    return len(letters)


def _letters_referencing(model: type[models.Model], ids: list[int]) -> models.QuerySet[Letter]:
    lookup = {
        AgendaTopic: "agenda_items__topic__in",
        AgendaItem: "agenda_items__in",
        CitedDocument: "citations__document__in",
        Person: "signatures__person__in",
        State: "senders__in",
    }[model]
    return Letter.objects.filter(**{lookup: ids}).distinct()


def _move_m2m(through: type[models.Model], column: str, ids: list[int], keep_id: int) -> None:
    """Point M2M rows at ``keep_id``, dropping those whose letter already has it."""
    has_keep = through.objects.filter(**{column: keep_id}).values("letter_id")
    through.objects.filter(**{f"{column}__in": ids, "letter_id__in": has_keep}).delete()
    through.objects.filter(**{f"{column}__in": ids}).update(**{column: keep_id})
