"""Unpacking what an archivist uploads into single letter files (DESIGN.md §6).

A plain file is one candidate letter; a ``.zip`` is unpacked here, defensively:
members with absolute paths or ``..`` are refused (never extracted to disk anyway,
but their names would mislead), and zip bombs are refused twice over, by the
sizes the archive declares and by capping what is actually read, because the
declared sizes are written by whoever made the zip. No database access here;
``letters.curation`` stores what comes out.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
import zlib
from pathlib import PurePosixPath

from django.conf import settings

from letters.intake import SUPPORTED_SUFFIXES

# How many members a zip may hold, and how much it may expand to in total, as a
# multiple of the per-file limit (LETTERS_MAX_UPLOAD_BYTES).
ZIP_MAX_MEMBERS = 1000
ZIP_TOTAL_FACTOR = 10

_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclasses.dataclass(frozen=True)
class UploadItem:
    """One candidate letter: its bytes, or why it was refused before parsing."""

    name: str  # as shown to the archivist, e.g. "bundle.zip › 2021/a.txt"
    filename: str  # the file's own name, stored with the letter
    data: bytes | None = None
    error: str | None = None


def max_upload_bytes() -> int:
    return settings.LETTERS_MAX_UPLOAD_BYTES


def zip_max_total_bytes() -> int:
    return max_upload_bytes() * ZIP_TOTAL_FACTOR


def upload_size_error(name: str, size: int) -> str | None:
    """Why a file of ``size`` bytes is refused before it is even read, or None."""
    limit = zip_max_total_bytes() if is_zip(name) else max_upload_bytes()
    if size > limit:
        return f"{name}: {size:,} bytes is over the {limit:,}-byte limit"
    return None


def is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def unpack_upload(name: str, data: bytes) -> list[UploadItem]:
    """The letter files in one uploaded file: itself, or the members of a zip."""
    if error := upload_size_error(name, len(data)):
        return [UploadItem(name, name, error=error)]
    if is_zip(name):
        return list(_unpack_zip(name, data))
    if error := _suffix_error(name):
        return [UploadItem(name, name, error=error)]
    return [UploadItem(name, name, data=data)]


def _suffix_error(name: str) -> str | None:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    accepted = ", ".join((*SUPPORTED_SUFFIXES, ".zip"))
    return f"{name}: unsupported file type {suffix or '(no suffix)'}; accepted: {accepted}"


def _unsafe_member(member: str) -> bool:
    # Zips made on Windows may use backslashes; treat them as separators.
    path = member.replace("\\", "/")
    return path.startswith("/") or bool(_DRIVE.match(path)) or ".." in path.split("/")


def _junk_member(member: str) -> bool:
    # Finder adds resource forks (__MACOSX/, ._name) to every zip it makes.
    path = PurePosixPath(member.replace("\\", "/"))
    return path.parts[:1] == ("__MACOSX",) or path.name.startswith("._")


def _unpack_zip(name: str, data: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError):
        yield UploadItem(name, name, error=f"{name}: not a readable zip archive")
        return
    limit, total_limit = max_upload_bytes(), zip_max_total_bytes()
    if len(infos) > ZIP_MAX_MEMBERS:
        yield UploadItem(
            name, name, error=f"{name}: {len(infos):,} members, more than {ZIP_MAX_MEMBERS:,}"
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
        if error := _suffix_error(shown):
            yield UploadItem(shown, filename, error=error)
            continue
        if info.flag_bits & 0x1:
            yield UploadItem(shown, filename, error=f"{shown}: encrypted zip member")
            continue
        if info.file_size > limit:
            yield UploadItem(
                shown,
                filename,
                error=f"{shown}: {info.file_size:,} bytes is over the {limit:,}-byte limit",
            )
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
