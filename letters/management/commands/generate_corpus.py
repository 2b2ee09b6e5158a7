"""Generate a synthetic corpus for benchmarking (DESIGN.md §8): text files, or into a database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from letters.intake.progress import Progress
from letters.search.similar import refresh_term_stats
from letters.synthetic import loader
from letters.synthetic.generator import CorpusGenerator


class Command(BaseCommand):
    help = (
        "Generate N deterministic synthetic letters (each marked synthetic) and write them as "
        ".txt files (--out) or parse and store them (--load). Loading into the archive's own "
        "database needs --allow-default-db."
    )

    def add_arguments(self, parser):
        parser.add_argument("--letters", type=int, required=True, help="How many letters.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same corpus.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--out", type=Path, help="Write .txt files into this folder.")
        target.add_argument("--load", action="store_true", help="Parse and store each letter.")
        parser.add_argument(
            "--direct",
            action="store_true",
            help="With --load: store the generator's own parse of each text instead of "
            "parsing it (identical, checked by the tests; twice as fast or more).",
        )
        parser.add_argument(
            "--allow-default-db",
            action="store_true",
            help="Allow --load into the archive's own database (synthetic beside real letters).",
        )

    def handle(self, *args, letters: int, seed: int, out: Path | None, load: bool, **options):
        if letters < 1:
            raise CommandError("--letters must be at least 1")
        generator = CorpusGenerator(seed=seed)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            progress = Progress(letters, label="files")
            for letter in generator.letters(letters):
                (out / letter.filename).write_text(letter.text, encoding="utf-8")
                progress.step()
            progress.finish()
            self.stdout.write(f"wrote {letters:,} synthetic letters to {out}")
            return
        # Real letters live in the default database: keep benchmark data out of it.
        if loader.is_default_database() and not options["allow_default_db"]:
            raise CommandError(
                "refusing to load synthetic letters into the archive's own database; "
                "set DATABASE_URL to another database or pass --allow-default-db"
            )
        progress = Progress(letters)
        created = loader.load(generator.letters(letters), progress, direct=options["direct"])
        if created:
            refresh_term_stats()
        self.stdout.write(
            f"loaded {created:,} synthetic letters ({letters - created:,} already stored) "
            f"at {progress.rate:,.1f} letters/s"
        )
