"""How fast an export of a whole search streams, and how much memory it takes.

    .venv/bin/python bench/export_rate.py --database bench10k [--format csv] [--param q=peace]

Reads the benchmark's database (bench/run.py loads it) and streams ``/export.<format>``
through Django's full request handler in this process, consuming the body as a client
would; prints letters, bytes, seconds, letters/s and the growth of the process's
resident memory from the first chunk to the last (flat when the export streams).
Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py; must run before Django)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench10k")
    parser.add_argument("--format", default="csv", choices=["csv", "jsonl", "ris", "bib"])
    parser.add_argument("--param", action="append", default=[], help="name=value, repeatable")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_db.bench_database_url(args.database)
    os.environ["LETTERS_INCLUDE_SYNTHETIC"] = "1"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    import psutil
    from django.conf import settings
    from django.test import Client

    settings.DEBUG = False  # no query log growing with every chunk
    params = dict(p.split("=", 1) for p in args.param)
    process = psutil.Process()
    client = Client(SERVER_NAME="127.0.0.1")
    started = time.perf_counter()
    response = client.get(f"/export.{args.format}?{urlencode(params)}")
    first_rss = last_rss = peak_rss = None
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
        rss = process.memory_info().rss
        first_rss = first_rss or rss
        last_rss, peak_rss = rss, max(peak_rss or 0, rss)
    seconds = time.perf_counter() - started
    letters = lines - 1 if args.format == "csv" else lines
    if args.format in ("ris", "bib"):
        letters = size and None  # records span several lines: count not printed
    mb = 1024 * 1024
    print(f"format {args.format}, params {params or '{}'}: {size / mb:.1f} MB in {seconds:.1f} s")
    if letters:
        print(f"  {letters:,} letters, {letters / seconds:,.0f} letters/s")
    if first_rss:
        print(
            f"  resident memory: {first_rss / mb:.0f} MB at the first chunk, "
            f"{last_rss / mb:.0f} MB at the last, peak {peak_rss / mb:.0f} MB"
        )


if __name__ == "__main__":
    main()
