"""From what an archivist or a command brings to parsed letters (DESIGN.md §6).

This module owns the upload policy — the sizes, the accepted types and the zip
limits, one immutable ``UploadPolicy`` made from the settings — and every way in
goes through it: the admin upload (``unpack_upload`` then ``read_letter``),
``import_letters`` one by one (``read_letter_file``) and its bulk workers
(``read_job``). Reading text from bytes is ``letters.parsing.source`` (pure, given
the policy's limits); nothing here touches the database. Refusals are
``SourceError``s whose message names the file and can be shown as it is.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath

from django.conf import settings

from letters.parsing import ParsedLetter, SourceError, parse_letter
from letters.parsing.ocr import OcrLimits
from letters.parsing.source import (
    READABLE_SUFFIXES,
    Method,
    SourceLimits,
    extract,
    readable,
    too_large,
    unsupported_type,
)

# How many members a zip may hold, and how much it may expand to in total, as a
# multiple of the per-file limit.
ZIP_MAX_MEMBERS = 1000
ZIP_TOTAL_FACTOR = 10

# The type an original is downloaded as, by suffix; anything else is a plain download.
_DOWNLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".markdown": "text/plain; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclasses.dataclass(frozen=True)
class UploadPolicy:
    """What the archive accepts: made once per upload or import from the settings."""

    max_bytes: int  # per file
    max_characters: int  # of a letter's text
    zip_max_members: int = ZIP_MAX_MEMBERS
    zip_total_factor: int = ZIP_TOTAL_FACTOR
    suffixes: tuple[str, ...] = READABLE_SUFFIXES
    ocr: OcrLimits = dataclasses.field(default_factory=OcrLimits)  # scans: pages, seconds

    @property
    def zip_max_total_bytes(self) -> int:
        return self.max_bytes * self.zip_total_factor

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every suffix an upload may have: the readable ones and .zip."""
        return (*self.suffixes, ".zip")

    @property
    def limits(self) -> SourceLimits:
        return SourceLimits(
            max_bytes=self.max_bytes, max_characters=self.max_characters, ocr=self.ocr
        )

    def size_error(self, name: str, size: int) -> str | None:
        """Why a file of ``size`` bytes is refused before it is even read, or None."""
        limit = self.zip_max_total_bytes if is_zip(name) else self.max_bytes
        return too_large(name, size, limit) if size > limit else None

    def type_error(self, name: str) -> str | None:
        return None if readable(name) else unsupported_type(name, self.accepted)


def policy() -> UploadPolicy:
    """The policy in force (read from the settings on each call, so tests may change them)."""
    return UploadPolicy(
        max_bytes=settings.LETTERS_MAX_UPLOAD_BYTES,
        max_characters=settings.LETTERS_MAX_TEXT_CHARACTERS,
        zip_max_members=ZIP_MAX_MEMBERS,
        zip_total_factor=ZIP_TOTAL_FACTOR,
        ocr=ocr_limits(),
    )


def ocr_limits() -> OcrLimits:
    """OCR's languages and bounds, from the settings."""
    return OcrLimits(
        languages=settings.LETTERS_OCR_LANGUAGES,
        dpi=settings.LETTERS_OCR_DPI,
        max_pages=settings.LETTERS_OCR_MAX_PAGES,
        timeout_seconds=settings.LETTERS_OCR_TIMEOUT_SECONDS,
    )


def download_type(name: str) -> str:
    """The Content-Type an original is served with: a fixed type per accepted suffix."""
    return _DOWNLOAD_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


# --- Reading one letter ------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReadLetter:
    filename: str
    data: bytes  # the original bytes, kept as they came
    text: str
    parsed: ParsedLetter
    method: Method | None = None  # how the text was read (None: made elsewhere, synthetic)
    confidence: float | None = None  # OCR's mean word confidence, 0-100


def read_letter(
    data: bytes,
    filename: str,
    *,
    symbols: Sequence[str] = (),
    rules: UploadPolicy | None = None,
) -> ReadLetter:
    """Bytes -> text -> parsed letter; raises SourceError when it is not a letter."""
    rules = rules or policy()
    extracted = extract(data, filename, limits=rules.limits)
    text = extracted.text
    parsed = parse_letter(text, file=filename, symbols=symbols)
    if not recognisable(parsed):
        raise SourceError(
            f"{filename}: no recognisable letter (no title line, distribution date or signature)"
        )
    return ReadLetter(
        filename=filename,
        data=data,
        text=text,
        parsed=parsed,
        method=extracted.method,
        confidence=extracted.confidence,
    )


def recognisable(parsed: ParsedLetter) -> bool:
    """Whether the parse found anything of a letter at all: a title line, a distribution
    date or a signature, or, in any of the six languages, a document symbol (a language
    version the English-reading parser gets little else from, DESIGN.md §11)."""
    found = parsed.title or parsed.distribution_date or parsed.signatories
    return bool(found or (parsed.symbols and parsed.language))


def read_letter_file(
    path: Path, *, symbols: Sequence[str] = (), rules: UploadPolicy | None = None
) -> ReadLetter:
    rules = rules or policy()
    return read_letter(read_file_bytes(path, rules), path.name, symbols=symbols, rules=rules)


def read_file_bytes(path: Path, rules: UploadPolicy | None = None) -> bytes:
    """A file's bytes, refusing an oversized one before loading it."""
    rules = rules or policy()
    if error := rules.size_error(path.name, path.stat().st_size):
        raise SourceError(error)
    return path.read_bytes()


def read_job(job: tuple[Path, UploadPolicy]) -> ReadLetter | str:
    """A bulk worker's job: one file read and parsed, or the one-line reason it was not.
    Pure (no database), so it runs in worker processes."""
    path, rules = job
    try:
        return read_letter_file(path, rules=rules)
    except (SourceError, OSError) as error:
        return one_line(path, error)


def one_line(path: Path, error: Exception) -> str:
    """A refusal as one line that names the file."""
    if isinstance(error, OSError):
        return f"{path}: {error.strerror or error}"
    message = str(error)
    return message if message.startswith(path.name) else f"{path.name}: {message}"


def letter_files(paths: Sequence[Path], rules: UploadPolicy | None = None) -> Iterator[Path]:
    """The files named, and the readable files inside the folders named, in a stable order."""
    rules = rules or policy()
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in rules.suffixes
            )
        else:
            yield path


# --- Unpacking an upload -----------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclasses.dataclass(frozen=True)
class UploadItem:
    """One candidate letter: its bytes, or why it was refused before parsing."""

    name: str  # as shown to the archivist, e.g. "bundle.zip › 2021/a.txt"
    filename: str  # the file's own name, stored with the letter
    data: bytes | None = None
    error: str | None = None


def unpack_upload(name: str, data: bytes, rules: UploadPolicy | None = None) -> list[UploadItem]:
    """The letter files in one uploaded file: itself, or the members of a zip.

    Zips are unpacked defensively: members with absolute paths or ``..`` are refused
    (never extracted to disk anyway, but their names would mislead), and zip bombs are
    refused twice over, by the sizes the archive declares and by capping what is
    actually read, because the declared sizes are written by whoever made the zip.
    """
    rules = rules or policy()
    if error := rules.size_error(name, len(data)):
        return [UploadItem(name, name, error=error)]
    if is_zip(name):
        return list(_unpack_zip(name, data, rules))
    if error := rules.type_error(name):
        return [UploadItem(name, name, error=error)]
    return [UploadItem(name, name, data=data)]


def _unsafe_member(member: str) -> bool:
    # Zips made on Windows may use backslashes; treat them as separators.
    path = member.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def _junk_member(member: str) -> bool:
    # Finder adds resource forks (__MACOSX/, ._name) to every zip it makes.
    path = PurePosixPath(member.replace("\\", "/"))
    return path.parts[:1] == ("__MACOSX",) or path.name.startswith("._")


def _unpack_zip(name: str, data: bytes, rules: UploadPolicy) -> Iterator[UploadItem]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError):
        yield UploadItem(name, name, error=f"{name}: not a readable zip archive")
        return
    limit, total_limit = rules.max_bytes, rules.zip_max_total_bytes
    if len(infos) > rules.zip_max_members:
        yield UploadItem(
            name, name, error=f"{name}: {len(infos):,} members, more than {rules.zip_max_members:,}"
        )
        return
    declared = sum(info.file_size for info in infos)
    if declared > total_limit:
        yield UploadItem(
            name,
            name,
            error=f"{name}: would expand to {declared:,} bytes, over the {total_limit:,}-byte "
            "limit for a zip (refused as a possible zip bomb)",
        )
        return
    total = 0
    found = False
    for info in infos:
        if info.is_dir() or _junk_member(info.filename):
            continue
        found = True
        shown = f"{name} › {info.filename}"
        filename = PurePosixPath(info.filename.replace("\\", "/")).name
        if _unsafe_member(info.filename):
            yield UploadItem(shown, filename, error=f"{shown}: refused, unsafe path in zip")
            continue
        if is_zip(filename):
            yield UploadItem(shown, filename, error=f"{shown}: a zip inside a zip is not accepted")
            continue
        if not readable(filename):
            yield UploadItem(shown, filename, error=unsupported_type(shown, rules.suffixes))
            continue
        if info.flag_bits & 0x1:
            yield UploadItem(shown, filename, error=f"{shown}: encrypted zip member")
            continue
        if info.file_size > limit:
            yield UploadItem(shown, filename, error=too_large(shown, info.file_size, limit))
            continue
        try:
            with archive.open(info) as member:
                # Read one byte past the limit: the declared size may lie.
                content = member.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, RuntimeError):
            yield UploadItem(shown, filename, error=f"{shown}: damaged or unreadable zip member")
            continue
        if len(content) > limit:
            yield UploadItem(
                shown, filename, error=f"{shown}: over the {limit:,}-byte limit when unpacked"
            )
            continue
        total += len(content)
        if total > total_limit:
            yield UploadItem(
                shown,
                filename,
                error=f"{name}: unpacks to more than {total_limit:,} bytes; stopped here",
            )
            return
        yield UploadItem(shown, filename, data=content)
    if not found:
        yield UploadItem(name, name, error=f"{name}: the zip holds no files")
