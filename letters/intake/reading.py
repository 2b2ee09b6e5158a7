"""From bytes or files to parsed letters (DESIGN.md §6), under the upload policy.

``read_letter`` reads one letter's bytes (text, PDF, scan, Word) and parses it;
``read_letter_file`` and ``letter_files`` serve the import command, ``read_job`` its
bulk workers. Reading text from bytes is ``letters.parsing.source`` (pure, given the
policy's limits); nothing here touches the database. Refusals are ``SourceError``s whose
message names the file and can be shown as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from pathlib import Path

from letters.intake.policy import UploadPolicy, policy
from letters.parsing import ParsedLetter, SourceError, parse_letter
from letters.parsing.source import Method, extract


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
            f"{filename}: no recognisable letter in any of the six UN languages (no title "
            "line, distribution date, signature, dated address or document symbol)"
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
    """Whether the parse found anything of a letter at all, in whichever of the six UN
    languages it is written (the parser reads each one's titles, mastheads, dates and
    signatures, DESIGN.md §11): a title line, a distribution date or a signature; a
    letter's date with its sender or addressee (a copy as sent, with no title); or a
    document symbol in a language the parser knows."""
    if parsed.title or parsed.distribution_date or parsed.signatories:
        return True
    sent = parsed.sender.states or parsed.sender.organization or parsed.addressees
    return bool((parsed.letter_date and sent) or (parsed.symbols and parsed.language))


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
