"""What marking a search costs the letter page, by the letter's length.

    .venv/bin/python bench/letter_reading.py [--database benchreading] [--reps 20]

Stores letters of growing length (sample 004's body repeated: about 6,000 to 800,000
characters, the longest a search row indexes) in a benchmark database of their own
(never the archive's), then times each letter's page through Django's test client:
plain, and reached from a search (``?q=…``) for a word in almost every paragraph and for
a word the letter lacks. Prints p50 / p95 in ms and the matches marked. Printed, never
asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py; must run before Django)

SAMPLE = ROOT / "fixtures" / "letters" / "004_899904f2e9afdcb1.txt"
LENGTHS = [6_000, 50_000, 200_000, 800_000]  # characters of body, about
SEARCHES = {"common word": "Armenia", "absent word": "fisheries"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="benchreading")
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()

    url = bench_db.bench_database_url(args.database)
    bench_db.ensure_database(url)
    os.environ["DATABASE_URL"] = url
    from archive.processes import LIMITS_OFF

    os.environ.update(LIMITS_OFF)  # every request comes from this one client
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from letters.synthetic import loader

    if loader.is_default_database():
        sys.exit("refusing to benchmark in the archive's own database")
    settings.DEBUG = False  # no query log
    call_command("migrate", verbosity=0)
    letters = store_letters()
    client = Client(SERVER_NAME="127.0.0.1")
    print(f"{'body characters':>16} {'search':>12} {'p50 ms':>8} {'p95 ms':>8} {'marked':>7}")
    for length, pk in letters.items():
        url = f"/letters/{pk}/"
        for label, query in [("none", ""), *SEARCHES.items()]:
            page = url + (f"?q={query}" if query else "")
            times, html = timed(client, page, args.reps)
            marked = html.count("<mark ")
            print(
                f"{length:>16,} {label:>12} {percentile(times, 50):>8.1f}"
                f" {percentile(times, 95):>8.1f} {marked:>7,}"
            )


def store_letters() -> dict[int, int]:
    """One letter per length in LENGTHS (stored once, reused): body length -> letter id."""
    from letters.intake.ingest import ingest_letter
    from letters.intake.reading import read_letter

    text = SAMPLE.read_text()
    head, _, rest = text.partition("I have the honour")
    body, _, tail = ("I have the honour" + rest).partition("(Signed)")
    stored = {}
    for length in LENGTHS:
        long_body = (body.strip() + "\n\n") * (length // len(body) + 1)
        source = f"{head}{long_body[:length].rsplit(chr(10) * 2, 1)[0]}\n\n(Signed){tail}"
        read = read_letter(source.encode(), f"reading-{length}.txt")
        # The same bytes again are the stored letter: a second run reuses it.
        letter = ingest_letter(
            parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
        ).letter
        stored[len(letter.body)] = letter.pk
    return stored


def timed(client, url: str, reps: int) -> tuple[list[float], str]:
    response = client.get(url)  # warm: the archive's languages are cached after this
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times, response.content.decode()


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


if __name__ == "__main__":
    main()
