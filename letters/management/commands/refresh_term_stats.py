"""Rewrite the words' document frequencies that "similar letters" weigh words by."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from letters.search.similar import refresh_term_stats


class Command(BaseCommand):
    help = (
        "Count in how many letters each word of the search table stands (for the letter "
        "page's similar letters). Run after imports (import_letters and generate_corpus "
        "run it themselves) and nightly: letters published since are compared only on "
        "the words it knew."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        words = refresh_term_stats()
        self.stdout.write(f"{words:,} words counted in {time.monotonic() - started:.1f} s")
