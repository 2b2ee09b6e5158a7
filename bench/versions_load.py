"""Loading letters with their language versions, and loading a dump, in letters per second.

    .venv/bin/python bench/versions_load.py [--letters 1500] [--database benchversions]

Builds ``--letters`` letters with the family generator of ``tests/parsing/families.py``,
each in three UN languages (its own, English and one more), parses them on every core
once, then, each on a fresh database of its own (never the archive's):

* **bulk**: the bulk loader (``import_letters --bulk``'s path) on the English texts
  alone, for scale; on every text with English first (the other two become versions);
  and on every text with English last, arriving as a language folder would (all the
  other texts, then all the English ones, so each English text takes over a letter a
  batch stored before it);
* **per letter**: the per-letter ingest on a tenth of the English-last texts, for scale;
* **dump and load**: ``dump_archive`` of the English-last database, then ``load_archive``
  into an empty one, timed whole; and, on the loaded database, its search rows rebuilt
  one letter at a time (``refresh_search_entry``, the load's former way) against a chunk
  at a time (``search_rows`` and ``write_search_rows``, the load's way now), back to back.

Each phase runs in its own process (a database each). Figures are printed, never
asserted; the machine is shared, so compare the rows of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py; must run before Django)

LANGUAGE_FAMILIES = ("french", "spanish", "russian", "arabic", "chinese")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1500)
    parser.add_argument("--database", default="benchversions")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # a phase, run in a subprocess
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        return run_phase(args)
    with tempfile.TemporaryDirectory(prefix="versions-bench-") as folder:
        texts = Path(folder) / "texts.pickle"
        started = time.perf_counter()
        count = make_texts(args.letters, texts)
        print(f"{args.letters:,} letters, {count:,} texts rendered and parsed in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        results = {}
        for phase in ("english_only", "english_first", "english_last", "per_letter"):
            results[phase] = subphase(args, phase, texts=texts)
        dump = Path(folder) / "dump"
        results["dump_and_load"] = subphase(args, "dump_and_load", texts=texts, dump=dump)
        results["rebuild"] = subphase(args, "rebuild")
    print_table(args.letters, results)


def subphase(args, phase: str, *, texts: Path | None = None, dump: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--database", args.database]
    command += ["--texts", str(texts)] if texts else []
    command += ["--dump", str(dump)] if dump else []
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def make_texts(letters: int, path: Path) -> int:
    """Every text, read and parsed (on every core), pickled for the phases to share."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from letters.intake.bulk import parse_in_parallel
    from tests.intake.languages import text_in
    from tests.parsing import families

    jobs = []
    for n in range(letters):
        family = LANGUAGE_FAMILIES[n % len(LANGUAGE_FAMILIES)]
        facts = families.draw(family, n)
        own = families.LANGUAGE_OF[family]
        other = families.LANGUAGE_OF[LANGUAGE_FAMILIES[(n + 1) % len(LANGUAGE_FAMILIES)]]
        for language in (own, other, "en"):
            jobs.append((text_in(facts, language), f"{n:05d}-{language}.txt"))
    items = list(parse_in_parallel(jobs))
    path.write_bytes(pickle.dumps(items))
    return len(items)


def run_phase(args) -> None:
    """One phase on its own database, dropped and created afresh; prints one JSON line."""
    # The bulk phases share one database (the dump is of the last, English last); the
    # others each have their own.
    suffix = {"per_letter": "_one", "dump_and_load": "_load", "rebuild": "_load"}
    name = args.database + suffix.get(args.phase, "")
    url = bench_db.bench_database_url(name)
    if args.phase != "rebuild":
        bench_db.drop_database(url)
    bench_db.ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from letters.synthetic.loader import is_default_database

    if is_default_database():
        sys.exit("refusing to benchmark in the archive's own database")
    settings.DEBUG = False  # no query log
    call_command("migrate", verbosity=0)
    phase = {
        "english_only": bulk_phase,
        "english_first": bulk_phase,
        "english_last": bulk_phase,
        "per_letter": per_letter_phase,
        "dump_and_load": dump_and_load_phase,
        "rebuild": rebuild_phase,
    }[args.phase]
    print(json.dumps(phase(args)))


def _items(path: Path, order: str) -> list:
    items = pickle.loads(path.read_bytes())
    english = [item for item in items if item.filename.endswith("-en.txt")]
    others = [item for item in items if not item.filename.endswith("-en.txt")]
    if order == "english_only":
        return english
    if order == "english_first":
        by_letter = {item.filename[:5]: [item] for item in english}
        for item in others:
            by_letter[item.filename[:5]].append(item)
        return [item for texts in by_letter.values() for item in texts]
    # A language folder after another: the English folder comes last.
    return sorted(others, key=lambda item: item.filename[-6:]) + english


def bulk_phase(args) -> dict:
    from letters.intake.bulk import BulkLoader
    from letters.models import Letter, LetterVersion

    items = _items(args.texts, args.phase)
    started = time.perf_counter()
    result = BulkLoader().load(items)
    seconds = time.perf_counter() - started
    return {
        "texts": len(items),
        "letters": Letter.objects.count(),
        "versions": LetterVersion.objects.count(),
        "english_main": Letter.objects.filter(language="en").count(),
        "failed": len(result.failed),
        "seconds": seconds,
    }


def per_letter_phase(args) -> dict:
    """The per-letter ingest (uploads, ``import_letters`` without ``--bulk``), one
    transaction a text, on the English-last order of the first tenth of the letters."""
    from letters.intake.ingest import DuplicateSymbol
    from letters.models import Letter, LetterVersion
    from tests.intake.languages import ingest

    items = _items(args.texts, "english_last")
    wanted = {item.filename[:5] for item in items[: len(items) // 30]}
    items = [item for item in items if item.filename[:5] in wanted]
    failed = 0
    started = time.perf_counter()
    for item in items:
        try:
            ingest(item)
        except DuplicateSymbol:
            failed += 1
    return {
        "texts": len(items),
        "letters": Letter.objects.count(),
        "versions": LetterVersion.objects.count(),
        "english_main": Letter.objects.filter(language="en").count(),
        "failed": failed,
        "seconds": time.perf_counter() - started,
    }


def dump_and_load_phase(args) -> dict:
    """The English-last archive dumped, and loaded into this empty database."""
    from django.core.management import call_command

    from letters.models import Letter, LetterVersion

    source_url = bench_db.bench_database_url(args.database)
    env = {**os.environ, "DATABASE_URL": source_url}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "dump_archive", str(args.dump)],
        check=True,
        env=env,
        capture_output=True,
    )
    dumped = time.perf_counter() - started
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("load_archive", args.dump, stdout=quiet, stderr=quiet)
    return {
        "letters": Letter.objects.count(),
        "versions": LetterVersion.objects.count(),
        "dump_seconds": dumped,
        "seconds": time.perf_counter() - started,
    }


def rebuild_phase(args) -> dict:
    """The loaded database's search rows rebuilt the former way and the present way."""
    from django.db import transaction

    from letters.intake.ingest import refresh_search_entry
    from letters.intake.stored import search_rows
    from letters.management.commands.dump_archive import chunks
    from letters.management.commands.load_archive import SEARCH_CHUNK
    from letters.models import Letter
    from letters.search.indexing import write_search_rows

    published = Letter.objects.filter(published_at__isnull=False).order_by("pk")
    count = published.count()

    def one_at_a_time() -> None:
        letters = published.prefetch_related("annexes", "senders", "agenda_items")
        for letter in letters.iterator(chunk_size=200):
            refresh_search_entry(letter)

    def a_chunk_at_a_time() -> None:
        for letters in chunks(published.iterator(chunk_size=SEARCH_CHUNK), SEARCH_CHUNK):
            write_search_rows(search_rows(letters))

    seconds = {}
    for name, rebuild in (("one_at_a_time", one_at_a_time), ("chunked", a_chunk_at_a_time)):
        with transaction.atomic():
            started = time.perf_counter()
            rebuild()
            seconds[name] = time.perf_counter() - started
    return {"letters": count, **seconds}


def print_table(letters: int, results: dict) -> None:
    print(f"\n{'phase':<44}{'texts':>8}{'letters':>9}{'versions':>10}{'s':>8}"
          f"{'texts/s':>9}{'letters/s':>11}")  # fmt: skip
    labels = {
        "english_only": "bulk, English texts only (no versions)",
        "english_first": "bulk, English first, then two versions",
        "english_last": "bulk, English last (each takes over)",
        "per_letter": "per letter, English last (a tenth)",
    }
    for key, label in labels.items():
        r = results[key]
        print(f"{label:<44}{r['texts']:>8,}{r['letters']:>9,}{r['versions']:>10,}"
              f"{r['seconds']:>8.1f}{r['texts'] / r['seconds']:>9.0f}"
              f"{r['letters'] / r['seconds']:>11.0f}")  # fmt: skip
        if r["failed"] or (key != "english_only" and r["english_main"] != r["letters"]):
            print(f"   ({r['failed']} refused; {r['english_main']} letters with English main text)")
    r = results["dump_and_load"]
    print(f"{'dump_archive':<44}{'':>8}{r['letters']:>9,}{r['versions']:>10,}"
          f"{r['dump_seconds']:>8.1f}{'':>9}{r['letters'] / r['dump_seconds']:>11.0f}")  # fmt: skip
    print(f"{'load_archive, whole':<44}{'':>8}{r['letters']:>9,}{r['versions']:>10,}"
          f"{r['seconds']:>8.1f}{'':>9}{r['letters'] / r['seconds']:>11.0f}")  # fmt: skip
    r = results["rebuild"]
    for key, label in (("one_at_a_time", "one letter at a time"), ("chunked", "a chunk at a time")):
        print(f"{'search rows rebuilt, ' + label:<44}{'':>8}{r['letters']:>9,}{'':>10}"
              f"{r[key]:>8.1f}{'':>9}{r['letters'] / r[key]:>11.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
