"""Storing synthetic letters through the bulk loader real imports use (DESIGN.md §8).

Texts go through the real parser on every core, or, for million-letter corpora, the
generator's own parse is stored directly (``direct``). Either way the writes are
``letters.intake.bulk``'s: COPY in batches, on parallel writer connections.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext

from django.db import connections

from archive.database import EMBEDDED_DATABASE
from letters.intake.bulk import BulkLoader, deferred_search_indexes, parse_in_parallel
from letters.intake.progress import Progress
from letters.intake.reading import ReadLetter
from letters.models import SearchEntry
from letters.synthetic.generator import SyntheticLetter


def is_default_database(alias: str = "default") -> bool:
    """Whether ``alias`` is the archive's own database, where real letters live."""
    return connections[alias].settings_dict["NAME"] == EMBEDDED_DATABASE


def load(
    letters: Iterable[SyntheticLetter],
    progress: Progress | None = None,
    *,
    batch_size: int = 1000,
    direct: bool = False,
) -> int:
    """Store every letter through the bulk loader; returns how many were new (already
    stored ones are skipped). Texts go through the real parser on every core, or, with
    ``direct``, the generator's own ``parsed`` is stored (tests/synthetic/test_corpus.py checks it
    equals the parse): faster, for million-letter corpora."""
    if direct:
        items = (
            ReadLetter(letter.filename, letter.text.encode(), letter.text, letter.parsed)
            for letter in letters
        )
    else:
        items = parse_in_parallel((letter.text, letter.filename) for letter in letters)
    loader = BulkLoader(synthetic=True)
    # Into an empty archive, index once at the end rather than row by row.
    deferred = not SearchEntry.objects.exists()
    with deferred_search_indexes() if deferred else nullcontext():
        result = loader.load(
            items, batch_size=batch_size, on_batch=progress.step if progress else None
        )
        if progress:
            progress.finish()
            if deferred:
                # Minutes at a million letters, with no progress of its own to show.
                progress.stream.write("building the search indexes…\n")
    return result.created
