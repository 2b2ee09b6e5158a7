"""The upload policy (DESIGN.md §6): what the archive accepts, declared once.

One immutable ``UploadPolicy``, made from the settings — the sizes, the accepted types,
the zip limits and OCR's bounds — serves every way in: the admin upload, the import
command and its bulk workers. The type an original is downloaded as is declared here
too, by suffix.
"""

from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

from django.conf import settings

from letters.parsing.ocr import OcrLimits
from letters.parsing.source import (
    READABLE_SUFFIXES,
    SourceLimits,
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
        max_image_pixels=settings.LETTERS_OCR_MAX_IMAGE_PIXELS,
    )


def download_type(name: str) -> str:
    """The Content-Type an original is served with: a fixed type per accepted suffix."""
    return _DOWNLOAD_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")
