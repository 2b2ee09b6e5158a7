"""How fast exports are written, and how much memory they take, on both paths.

    .venv/bin/python bench/export_rate.py --database bench10k [--format csv] [--param q=peace]
        [--path request|job]

Reads the benchmark's database (bench/run.py loads it) in this process. ``--path request``
(the default) asks ``/export.<format>`` through Django's full request handler with the
stream limit raised to the whole search, as a small export is written: whole, then sent
(its rate per letter is what bounds ``LETTERS_EXPORT_STREAM_LIMIT``).
``--path job`` runs the job that prepares a large export (``letters.opendata.prepared``:
the records, gzip, the file to storage under a temporary MEDIA_ROOT) in this process,
sampling resident memory as it goes. Prints letters, bytes, seconds, letters/s and the
resident memory at the start, the end and the peak. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py; must run before Django)

MB = 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench10k")
    parser.add_argument("--format", default="csv", choices=["csv", "jsonl", "ris", "bib"])
    parser.add_argument("--param", action="append", default=[], help="name=value, repeatable")
    parser.add_argument("--path", default="request", choices=["request", "job"])
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_db.bench_database_url(args.database)
    from archive.processes import LIMITS_OFF

    os.environ.update(LIMITS_OFF)  # every request comes from this one client
    os.environ["LETTERS_INCLUDE_SYNTHETIC"] = "1"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    import psutil
    from django.conf import settings

    settings.DEBUG = False  # no query log growing with every chunk
    params = dict(p.split("=", 1) for p in args.param)
    memory = Sampler(psutil.Process())
    if args.path == "request":
        letters, size, seconds = through_request(args.format, params)
    else:
        letters, size, seconds = through_job(args.format, params)
    memory.stop()
    print(
        f"{args.path} path, format {args.format}, params {params or '{}'}: "
        f"{letters:,} letters, {size / MB:.1f} MB in {seconds:.1f} s, "
        f"{letters / seconds:,.0f} letters/s"
    )
    print(
        f"  resident memory: {memory.first / MB:.0f} MB at the start, "
        f"{memory.last / MB:.0f} MB at the end, peak {memory.peak / MB:.0f} MB"
    )


class Sampler:
    """Samples the process's resident memory every 50 ms in a thread."""

    def __init__(self, process) -> None:
        self.process = process
        self.first = self.last = self.peak = process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            rss = self.process.memory_info().rss
            self.last, self.peak = rss, max(self.peak, rss)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.last = self.process.memory_info().rss


def through_request(fmt: str, params: dict) -> tuple[int, int, float]:
    from django.conf import settings
    from django.test import Client

    settings.LETTERS_EXPORT_STREAM_LIMIT = 10**9  # the whole search, in the request
    client = Client(SERVER_NAME="127.0.0.1")
    started = time.perf_counter()
    response = client.get(f"/export.{fmt}?{urlencode(params)}")
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return _count(fmt, response.content), len(response.content), seconds


def through_job(fmt: str, params: dict) -> tuple[int, int, float]:
    from django.conf import settings
    from django.http import QueryDict

    from letters.models import Export
    from letters.opendata import prepared

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="export-bench-")
    export = prepared.request_export(fmt, QueryDict(urlencode(params)))
    started = time.perf_counter()
    prepared.write_export(export.pk)
    seconds = time.perf_counter() - started
    export = Export.objects.get(pk=export.pk)
    Export.objects.filter(pk=export.pk).delete()
    _drop_jobs()
    return export.written, export.size, seconds


def _drop_jobs() -> None:
    # request_export deferred the job that this process just ran by hand.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'write_export'")


def _count(fmt: str, body: bytes) -> int:
    if fmt == "csv":
        return body.count(b"\n") - 1
    if fmt == "jsonl":
        return body.count(b"\n")
    if fmt == "ris":
        return body.count(b"\nER  -")
    return body.count(b"\n@")


if __name__ == "__main__":
    main()
