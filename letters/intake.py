"""From uploaded bytes to a parsed letter: the one path every entry point takes.

``manage.py parse_letter``, ``manage.py import_letters`` and the admin upload
all call ``read_letter``; it raises ``SourceError`` with a one-line message a
person can act on, and touches no database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from django.conf import settings

from letters.parsing import ParsedLetter, SourceError, extract_text, parse_letter

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf")


@dataclasses.dataclass(frozen=True)
class ReadLetter:
    filename: str
    data: bytes
    text: str
    parsed: ParsedLetter


def read_letter(data: bytes, filename: str, *, symbols: Sequence[str] = ()) -> ReadLetter:
    text = extract_text(data, filename, max_bytes=settings.LETTERS_MAX_UPLOAD_BYTES)
    parsed = parse_letter(text, file=filename, symbols=symbols)
    if not recognisable(parsed):
        raise SourceError(not_a_letter(filename))
    return ReadLetter(filename=filename, data=data, text=text, parsed=parsed)


def recognisable(parsed: ParsedLetter) -> bool:
    """Whether the parse found anything of a letter at all."""
    return bool(parsed.title or parsed.distribution_date or parsed.signatories)


def not_a_letter(filename: str) -> str:
    return f"{filename}: no recognisable letter (no title line, distribution date or signature)"


def read_letter_file(path: Path, *, symbols: Sequence[str] = ()) -> ReadLetter:
    return read_letter(read_file_bytes(path), path.name, symbols=symbols)


def read_file_bytes(path: Path) -> bytes:
    """A file's bytes, refusing an oversized one before loading it."""
    limit = settings.LETTERS_MAX_UPLOAD_BYTES
    size = path.stat().st_size
    if size > limit:
        raise SourceError(f"{path.name}: {size:,} bytes is over the {limit:,}-byte limit")
    return path.read_bytes()


def letter_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files named, and the supported files inside the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            yield path
