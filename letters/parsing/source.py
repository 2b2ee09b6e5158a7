"""Uploaded bytes -> text: plain text/markdown decoded as UTF-8, PDF through its
text layer (pypdf) and its pages without one through OCR (``letters.parsing.ocr``),
Word .docx through python-docx (``letters.parsing.docx``). ``extract`` says how the
text was read and, for OCR, Tesseract's mean word confidence; ``extract_text`` gives
the text alone. Anything we cannot read honestly is refused with a ``SourceError``
whose message can be shown to the uploader as it is.

The limits come in as a ``SourceLimits`` value (``letters.intake.policy`` makes it from the
settings); the messages about sizes and types are made here, once, for every entry point.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import io
import logging
import re
from pathlib import PurePath

from letters.parsing import ocr
from letters.parsing.docx import DocxError, docx_text
from letters.parsing.ocr import OcrError, OcrLimits

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx"})
# Every type ``extract_text`` reads, in the order they are named to people.
READABLE_SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# The longest real letters, with a dozen annexes, run to a few hundred thousand
# characters; parsing takes about a second per megabyte of text, and a review page
# shows all of it. A text longer than this is not one letter.
DEFAULT_MAX_CHARACTERS = 2_000_000


@dataclasses.dataclass(frozen=True)
class SourceLimits:
    max_bytes: int = DEFAULT_MAX_BYTES  # of the file as uploaded
    max_characters: int = DEFAULT_MAX_CHARACTERS  # of the text read from it
    ocr: OcrLimits = dataclasses.field(
        default_factory=OcrLimits
    )  # pages, seconds, pixels and languages of OCR


class Method(enum.StrEnum):
    """How a text was read from its file (stored with the file)."""

    TEXT = "text"  # a .txt or Markdown file, decoded
    PDF_TEXT = "pdf-text"  # a PDF's text layer
    OCR = "ocr"  # a PDF with one page or more read by OCR (the others by their text layer)
    DOCX = "docx"  # a Word document's paragraphs, tables, headers and footnotes


@dataclasses.dataclass(frozen=True)
class Extracted:
    text: str
    method: Method
    # Tesseract's mean word confidence (0-100) over the pages read by OCR; else None.
    confidence: float | None = None


_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Share of control characters above which a "text" file is really binary.
_MAX_CONTROL_SHARE = 0.05


class SourceError(ValueError):
    """An upload that cannot be turned into text; ``str(error)`` is for the user."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def too_large(name: str, size: int, limit: int) -> str:
    """The message for a file over a size limit."""
    return f"{name} is too large ({_megabytes(size)}; the limit is {_megabytes(limit)})."


def unsupported_type(name: str, accepted: tuple[str, ...] = READABLE_SUFFIXES) -> str:
    """The message for a file of a type that is not read."""
    shown = PurePath(name).suffix.lower() or "(no extension)"
    if shown == ".doc":
        # Word 97-2003's binary format needs a converter the archive does not run; Word
        # itself saves any .doc as .docx or PDF.
        return (
            f"{name} is an old Word (.doc) file, which is not read; open it in Word, "
            "save it as .docx or PDF, and upload that."
        )
    return f"{name}: unsupported file type {shown}; upload {', '.join(accepted)}."


def readable(name: str) -> bool:
    return PurePath(name).suffix.lower() in READABLE_SUFFIXES


def extract_text(data: bytes, filename: str, *, limits: SourceLimits = SourceLimits()) -> str:
    """The text of an uploaded file of one of the READABLE_SUFFIXES (``extract``'s text)."""
    return extract(data, filename, limits=limits).text


def extract(data: bytes, filename: str, *, limits: SourceLimits = SourceLimits()) -> Extracted:
    """The text of an uploaded file of one of the READABLE_SUFFIXES, and how it was read.

    Raises SourceError for an empty or oversized file, an unsupported type, binary
    or non-UTF-8 text, a PDF that is encrypted or damaged, a PDF without a text layer
    when OCR is off or not installed, OCR past its limits, a damaged or oversized
    Word document, and a text longer than any letter.
    """
    name = PurePath(filename or "").name or "file"
    if not data:
        raise SourceError(f"{name} is empty.")
    if len(data) > limits.max_bytes:
        raise SourceError(too_large(name, len(data), limits.max_bytes))
    suffix = PurePath(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        extracted = Extracted(_decode_text(data, name), Method.TEXT)
    elif suffix in PDF_SUFFIXES:
        extracted = _pdf(data, name, limits)
    elif suffix in DOCX_SUFFIXES:
        extracted = Extracted(_docx_text(data, name), Method.DOCX)
    else:
        raise SourceError(unsupported_type(name))
    text = extracted.text
    if not text.strip():
        raise SourceError(f"{name} contains no text.")
    if len(text) > limits.max_characters:
        raise SourceError(
            f"{name} holds {len(text):,} characters of text, more than any letter "
            f"(the limit is {limits.max_characters:,})."
        )
    return extracted


def _decode_text(data: bytes, name: str) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SourceError(
                f"{name} is not valid UTF-16 text (bad bytes at offset {exc.start})."
            ) from None
        _refuse_binary(text, name)
        # Word's UTF-16 exports may pad with NUL characters: they carry no text, and
        # PostgreSQL cannot store them.
        return text.replace("\x00", "")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    if b"\x00" in data:
        raise SourceError(f"{name} looks like a binary file, not text (it contains NUL bytes).")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise SourceError(
            f"{name} is not valid UTF-8 text (byte 0x{bad:02x} at offset {exc.start}); "
            "save it as UTF-8 and upload it again."
        ) from None
    _refuse_binary(text, name)
    return text


def _refuse_binary(text: str, name: str) -> None:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise SourceError(f"{name} looks like a binary file, not text (control characters).")


_SPACE_RUN = re.compile(r"[ \t]{2,}")


def _pdf(data: bytes, name: str, limits: SourceLimits) -> Extracted:
    """The text layer of each page; the pages without one read by OCR when it can run."""
    pages = _pdf_pages(data, name)
    missing = [index for index, page in enumerate(pages) if not page.strip()]
    confidence = None
    if missing and limits.ocr.max_pages > 0 and ocr.available():
        try:
            read = ocr.ocr_pages(data, missing, limits=limits.ocr)
        except OcrError as error:
            raise SourceError(f"{name}: {error}.") from None
        for index, page in zip(missing, read, strict=True):
            pages[index] = page.text
        words = [c for page in read for c in page.confidences]
        confidence = round(sum(words) / len(words), 1) if words else None
        method = Method.OCR
    elif len(missing) == len(pages):
        why = "OCR is off" if limits.ocr.max_pages <= 0 else "OCR is not installed here"
        raise SourceError(f"{name} has no text layer; it may be a scan, and {why}.")
    else:
        # Some pages have text: the others are taken to be blank or pictures.
        method = Method.PDF_TEXT
    # A text layer may hold NUL characters (broken font maps): nothing to read or store.
    text = "\n\n".join(page.strip() for page in pages).replace("\x00", "")
    if not text.strip():
        raise SourceError(f"{name} has no text layer, and OCR found no text in it.")
    return Extracted(text, method, confidence)


def _pdf_pages(data: bytes, name: str) -> list[str]:
    """Each page's text layer (empty for a page without one)."""
    # Imported here so that parsing text does not need pypdf loaded.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise SourceError(f"{name} is not a valid PDF file (no PDF header).")
    # pypdf logs every repair it makes to a damaged file; the SourceError says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError(
                f"{name} is an encrypted (password-protected) PDF; upload an unprotected copy."
            )
        # Layout mode keeps the vertical gaps between paragraphs as blank lines; plain
        # mode runs paragraphs (and the fourteen signature blocks of an annex) together.
        return [
            _tidy_layout(page.extract_text(extraction_mode="layout") or "") for page in reader.pages
        ]
    except SourceError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise SourceError(
            f"{name} is a damaged PDF that cannot be read ({type(exc).__name__})."
        ) from None
    except Exception as exc:  # any failure inside pypdf means a damaged file
        raise SourceError(
            f"{name} is a damaged PDF that cannot be read ({type(exc).__name__})."
        ) from None


def _docx_text(data: bytes, name: str) -> str:
    try:
        return docx_text(data)
    except DocxError as error:
        raise SourceError(f"{name} {error}.") from None


def _tidy_layout(page: str) -> str:
    """Layout text pads words into columns with runs of spaces; prose needs one."""
    return "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in page.splitlines())
