"""Re-derive every stored letter from its kept source with the current parser."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from letters.curation.reparse import apply_reparse, plan_reparse
from letters.intake.ingest import DuplicateSymbol
from letters.intake.progress import Progress
from letters.models import Letter


class Command(BaseCommand):
    help = (
        "Re-parse stored letters from their kept source text with the current parser and "
        "write what changed (each letter in its own transaction, logged as a revision). "
        "Fields corrected by hand are kept unless --discard-corrections."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )
        parser.add_argument(
            "--discard-corrections",
            action="store_true",
            help="Also overwrite fields corrected by hand with the parser's values.",
        )
        parser.add_argument(
            "--letter", type=int, action="append", default=[], help="Only this letter id."
        )
        parser.add_argument(
            "--include-synthetic", action="store_true", help="Also the benchmark's letters."
        )

    def handle(self, *args, dry_run: bool, discard_corrections: bool, **options):
        letters = Letter.objects.select_related("source").order_by("pk")
        if options["letter"]:
            letters = letters.filter(pk__in=options["letter"])
        if not options["include_synthetic"]:
            letters = letters.filter(is_synthetic=False)
        total = letters.count()
        progress = Progress(total, stream=self.stderr)
        fields: Counter[str] = Counter()
        changed, kept, failed = 0, Counter(), []
        for letter in letters.iterator(chunk_size=200):
            try:
                plan = (
                    plan_reparse(letter)
                    if dry_run
                    else apply_reparse(
                        letter=letter, user=None, discard_corrections=discard_corrections
                    )
                )
            except DuplicateSymbol as error:
                failed.append(f"letter {letter.pk}: not re-parsed, {error}")
                progress.step()
                continue
            if plan.error:
                failed.append(f"letter {letter.pk}: {plan.error}")
            elif plan.changes:
                changed += 1
                fields.update(list(plan.changes))
            kept.update([] if discard_corrections else list(plan.kept))
            progress.step()
        progress.finish()
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"{total} letter(s) re-parsed, {changed} {verb}, {len(failed)} failed")
        for field, count in fields.most_common():
            self.stdout.write(f"  {field}: {count} letter(s)")
        if kept:
            corrected = ", ".join(f"{field} ({n})" for field, n in kept.most_common())
            self.stdout.write(f"  kept as corrected by hand: {corrected}")
        for line in failed:
            self.stderr.write(line)
        if failed:
            raise CommandError(f"{len(failed)} letter(s) could not be re-parsed")
