"""Import letter files or folders into the archive, each letter in its own transaction."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from letters.intake.bulk import BulkLoader, read_in_parallel
from letters.intake.ingest import DuplicateSymbol, find_by_source, ingest_letter
from letters.intake.policy import policy
from letters.intake.progress import Progress
from letters.intake.reading import letter_files, one_line, read_file_bytes, read_letter
from letters.parsing import SourceError
from letters.search.similar import refresh_term_stats


class Command(BaseCommand):
    help = (
        "Parse and store letters (.txt, .md, .markdown, .pdf, .docx files, or folders of "
        "them); skips ones stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="For thousands of files: parse on every core and store in batches of 1000 "
            "(a batch is one transaction, written with COPY by parallel writer connections) "
            "instead of one transaction per letter.",
        )

    def handle(self, *args, paths: list[Path], **options):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        rules = policy()
        files = list(letter_files(paths, rules))
        if options["bulk"]:
            return self._bulk(files, rules)
        imported = skipped = 0
        failed: list[str] = []
        for n, path in enumerate(files, start=1):
            prefix = f"[{n}/{len(files)}] {path.name}"
            try:
                data = read_file_bytes(path, rules)
                existing = find_by_source(data)
                if existing:
                    skipped += 1
                    self.stdout.write(f"{prefix}: already stored as letter {existing.pk}, skipped")
                    continue
                read = read_letter(data, path.name, rules=rules)
                result = ingest_letter(
                    parsed=read.parsed,
                    source=read.data,
                    filename=read.filename,
                    text=read.text,
                    method=read.method,
                    ocr_confidence=read.confidence,
                )
            except (SourceError, OSError) as error:
                failed.append(one_line(path, error))
                self.stderr.write(f"{prefix}: FAILED: {failed[-1]}")
                continue
            except DuplicateSymbol as error:
                failed.append(f"{path.name}: {error}")
                self.stderr.write(f"{prefix}: FAILED: {failed[-1]}")
                continue
            if result.version is not None:
                imported += 1
                language = result.version.get_language_display()
                self.stdout.write(
                    f"{prefix}: became the main text of letter {result.letter.pk}, its "
                    f"{language} text kept as a version"
                    if result.main_text
                    else f"{prefix}: stored as the {language} version of letter {result.letter.pk}"
                )
            elif result.created:
                imported += 1
                warnings = len(result.letter.parse_warnings)
                note = f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""
                self.stdout.write(f"{prefix}: imported as letter {result.letter.pk}{note}")
            else:
                skipped += 1
                self.stdout.write(f"{prefix}: already stored as letter {result.letter.pk}, skipped")
        self.stdout.write(f"{imported} imported, {skipped} skipped, {len(failed)} failed")
        if imported:
            refresh_term_stats()
        if failed:
            raise CommandError(f"{len(failed)} file(s) failed:\n" + "\n".join(failed))

    def _bulk(self, files: list[Path], rules) -> None:
        failed: list[str] = []

        def letters():
            for read in read_in_parallel(files, rules):
                if isinstance(read, str):
                    failed.append(read)
                else:
                    yield read

        progress = Progress(len(files))
        result = BulkLoader().load(letters(), on_batch=progress.step)
        progress.finish()
        failed += result.failed
        if result.created:
            refresh_term_stats()
        # As one by one: a text stored as a letter's version or new main text is imported.
        imported = result.created + result.joined
        self.stdout.write(f"{imported} imported, {result.skipped} skipped, {len(failed)} failed")
        if failed:
            raise CommandError(f"{len(failed)} file(s) failed:\n" + "\n".join(failed))
