"""Print the parse contract (DESIGN.md §4) of letter files, as JSON; touches no database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from letters.intake.reading import one_line, read_letter_file
from letters.parsing import SourceError


class Command(BaseCommand):
    help = (
        "Parse letter files (.txt, .md, .markdown, .pdf, .docx) and print what the parser "
        "extracts, as JSON."
    )
    requires_system_checks = []  # pure: no database, no models needed

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--symbol",
            action="append",
            default=[],
            help="The document's own symbol, when the file does not print it (repeatable).",
        )

    def handle(self, *args, files: list[Path], symbol: list[str], **options):
        results, errors = [], []
        for path in files:
            try:
                results.append(read_letter_file(path, symbols=symbol).parsed.to_contract())
            except (SourceError, OSError) as error:
                errors.append(one_line(path, error))
        output = results[0] if len(files) == 1 and results else results
        if results or len(files) > 1:
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
        for message in errors:
            self.stderr.write(message)
        if errors:
            raise CommandError(f"{len(errors)} of {len(files)} file(s) could not be parsed")
