"""An uploaded file -> the letter files in it: itself, or the members of a zip.

Zips are unpacked in memory, defensively (each defence says which attack it stops);
every member is checked against the upload policy before it is read.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath

from letters.intake.policy import UploadPolicy, is_zip, policy
from letters.parsing.source import readable, too_large, unsupported_type

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
