"""Upload: the files an archivist sends become drafts, each file's outcome recorded.

``start_upload`` runs in the request: it stores the files (``UploadFile``) and defers a
job per file, then returns. ``read_upload_file`` is that job (DESIGN.md §12): it unpacks
the file (a zip: its members), reads each letter file (OCR for scans) and stores it as a
draft, writing the letter file's ``UploadLine`` in the same transaction as its draft.
The line is unique per file and place, so a job run again (a retry, a worker killed
part-way) skips what is done and records each outcome exactly once.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from letters import tasks
from letters.curation.fields import acting_user, record_revision
from letters.intake.ingest import DuplicateSymbol, IngestResult, find_by_source, ingest_letter
from letters.intake.policy import policy
from letters.intake.reading import read_letter
from letters.intake.unpacking import UploadItem, unpack_upload
from letters.models import Letter, LetterRevision, Upload, UploadFile, UploadLine
from letters.parsing import ParsedLetter, SourceError
from letters.parsing.source import Method

Outcome = UploadLine.Outcome


@dataclasses.dataclass(frozen=True)
class UploadOutcome:
    name: str
    outcome: Outcome
    message: str
    letter: Letter | None = None  # the new draft, or the existing letter a duplicate matches
    warnings: tuple[str, ...] = ()


@transaction.atomic
def start_upload(
    files: Sequence[UploadedFile],
    *,
    uploaded_by,
    symbols: Sequence[str] = (),
    distribution_date: datetime.date | None = None,
) -> Upload:
    """Store the uploaded files and defer a job to read each (in the same transaction:
    files and jobs are committed together). An oversized file is refused here, before it
    is read, with its report line at once."""
    rules = policy()
    upload = Upload.objects.create(
        uploaded_by=acting_user(uploaded_by),
        files=len(files),
        symbols=list(symbols),
        distribution_date=distribution_date,
    )
    for position, file in enumerate(files, start=1):
        error = rules.size_error(file.name, file.size)
        stored = UploadFile.objects.create(
            upload=upload,
            position=position,
            name=file.name,
            size=file.size,
            # Refused before reading: an oversized file never reaches memory.
            data=b"" if error else file.read(),
            letter_files=1 if error else None,
            read=timezone.now() if error else None,
        )
        if error:
            _write_line(stored, 1, UploadOutcome(file.name, Outcome.ERROR, error))
        else:
            tasks.read_upload_file.defer(file_id=stored.pk)
    _finish_if_read(upload.pk)
    return upload


def read_upload_file(file_id: int) -> None:
    """Read one stored file of an upload (the job): each letter file in it becomes a
    draft or a refusal, its line written with its draft. Lines already written (by an
    earlier run of the same job) are skipped. Then the file's bytes are let go, and the
    upload is finished when it was its last file."""
    stored = UploadFile.objects.select_related("upload__uploaded_by").filter(pk=file_id).first()
    if stored is None or stored.read is not None:
        return  # the upload was deleted, or a run before this one finished the file
    upload = stored.upload
    items = unpack_upload(stored.name, bytes(stored.data), policy())
    if stored.letter_files is None:
        stored.letter_files = len(items)
        stored.save(update_fields=["letter_files"])
    done = set(stored.lines.values_list("position", flat=True))
    for position, item in enumerate(items, start=1):
        if position in done:
            continue
        try:
            upload_letter(
                item=item,
                uploaded_by=upload.uploaded_by,
                symbols=upload.symbols,
                distribution_date=upload.distribution_date,
                record=lambda outcome, at=position: _write_line(stored, at, outcome),
            )
        except IntegrityError:
            # Another run of this job recorded this letter file first (its line is
            # unique); this run's draft was rolled back with its line.
            continue
    UploadFile.objects.filter(pk=stored.pk).update(data=b"", read=timezone.now())
    _finish_if_read(upload.pk)


def _write_line(stored: UploadFile, position: int, outcome: UploadOutcome) -> None:
    UploadLine.objects.create(
        upload_id=stored.upload_id,
        file=stored,
        position=position,
        name=outcome.name,
        outcome=outcome.outcome,
        message=outcome.message,
        letter=outcome.letter,
        warnings=list(outcome.warnings),
    )


def _finish_if_read(upload_id: int) -> None:
    """Mark the upload finished once no file of it is left to read."""
    Upload.objects.filter(pk=upload_id, finished=None).exclude(stored_files__read=None).update(
        finished=timezone.now()
    )


@dataclasses.dataclass(frozen=True)
class UploadProgress:
    """Where an upload stands, for its report page."""

    files: int  # files sent
    files_read: int
    files_unpacked: int
    letter_files: int  # known so far: in the files unpacked
    drafts: int  # drafts and language versions stored
    refused: int  # duplicates and refusals
    finished: bool

    @property
    def handled(self) -> int:
        return self.drafts + self.refused

    @property
    def remaining(self) -> int:
        """Letter files known and not yet handled, plus files not yet unpacked."""
        return self.letter_files - self.handled + (self.files - self.files_unpacked)


def upload_progress(upload: Upload) -> UploadProgress:
    """Files read, letter files handled (stored or refused) and remaining: two queries."""
    files = list(upload.stored_files.values_list("letter_files", "read"))
    outcomes = list(upload.lines.values_list("outcome", flat=True))
    stored = sum(outcome in (Outcome.DRAFT, Outcome.VERSION) for outcome in outcomes)
    return UploadProgress(
        files=max(upload.files, len(files)),
        files_read=sum(read is not None for _, read in files),
        files_unpacked=sum(count is not None for count, _ in files),
        letter_files=sum(count or 0 for count, _ in files),
        drafts=stored,
        refused=len(outcomes) - stored,
        finished=upload.finished is not None,
    )


def upload_letter(
    *,
    item: UploadItem,
    uploaded_by,
    symbols: Sequence[str] = (),
    distribution_date: datetime.date | None = None,
    record: Callable[[UploadOutcome], None] | None = None,
) -> UploadOutcome:
    """Parse one uploaded file and store it as a draft; never raises for bad input.

    The file is read (OCR included) outside any transaction; its draft is stored and
    ``record`` called with the outcome in one transaction, so the report line and the
    draft are written together or not at all. The uploader's symbols and distribution
    date count as manual corrections, so a later re-parse keeps them.
    """
    read = _read(item, symbols)
    with transaction.atomic():
        outcome = _store(
            item=item,
            read=read,
            uploaded_by=uploaded_by,
            symbols=symbols,
            distribution_date=distribution_date,
        )
        if record:
            record(outcome)
    return outcome


def _read(item: UploadItem, symbols: Sequence[str]):
    """The item read and parsed, or the outcome refusing it."""
    if item.error or item.data is None:
        return UploadOutcome(item.name, Outcome.ERROR, item.error or f"{item.name}: no data")
    try:
        return read_letter(item.data, item.filename, symbols=symbols)
    except SourceError as error:
        return UploadOutcome(item.name, Outcome.ERROR, _with_name(item.name, str(error)))


def _store(
    *,
    item: UploadItem,
    read,
    uploaded_by,
    symbols: Sequence[str],
    distribution_date: datetime.date | None,
) -> UploadOutcome:
    if isinstance(read, UploadOutcome):
        return read
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
        # the draft's savepoint rolled back, so the other files of the upload still go in.
        return UploadOutcome(
            item.name,
            Outcome.ERROR,
            f"{item.name}: the parser read a value too long to store; check the file's layout",
        )
    if result.version is not None:
        language = result.version.get_language_display()
        message = f"{item.name}: stored as the {language} version of letter {result.letter.pk}"
        if result.main_text:
            message = (
                f"{item.name}: became the main text of letter {result.letter.pk}; its "
                f"{language} text is kept as a version"
            )
        return UploadOutcome(
            item.name,
            Outcome.VERSION,
            message,
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
        record_revision(result.letter, uploaded_by, LetterRevision.Action.UPLOAD, note=filename)
    elif result.version is not None and not result.main_text:
        # (A new main text's revision is written by the ingest, which saw what changed.)
        note = f"{result.version.get_language_display()} version: {filename}"
        record_revision(result.letter, uploaded_by, LetterRevision.Action.VERSION, note=note)
    return result
