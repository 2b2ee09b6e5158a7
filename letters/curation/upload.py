"""Upload: the files an archivist sends become drafts, each file's outcome recorded.

Each letter is stored in its own transaction with an upload revision; the ``Upload``
and its lines say what became of every file (zip members included) as soon as it is
known, so an upload cut off part-way still says what went in.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from letters.curation.fields import record_revision
from letters.intake.ingest import DuplicateSymbol, IngestResult, find_by_source, ingest_letter
from letters.intake.policy import policy
from letters.intake.reading import read_letter
from letters.intake.unpacking import UploadItem, unpack_upload
from letters.models import Letter, LetterRevision, Upload, UploadLine
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
