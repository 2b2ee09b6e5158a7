"""Concurrent whole-archive exports against gunicorn and the job worker, while a normal
search is timed (DESIGN.md §12).

    .venv/bin/python bench/export_load.py --database bench100k [--phases 3,10] [--workers 5]

Starts gunicorn (production settings, ``--workers`` sync workers, its 30 s timeout) and
one job worker (``manage.py procrastinate worker``, its default concurrency) on the
benchmark's database, with ``DJANGO_MEDIA_ROOT`` in ``var/bench-media/``, after deleting every
prepared export and queued job there and raising the archive version (a fresh start;
``--keep`` keeps them, so the clients find the files a run before made).
Each phase starts that many clients at once; client *i* asks ``/export.<fmt>`` for the
whole archive, ``fmt`` going round CSV, JSON Lines, RIS and BibTeX, as a script would
(no ``text/html``): 202 with a ``Location``, then that address every 2 s until it answers
303, then the file, which it unpacks and counts. Meanwhile one client asks a typical
search page (``/?q=…``) every 0.5 s. Prints, per phase, each client's time to a complete
file and its letters, and the search's p50 / p95 / max. Loopback only; every request has
a timeout, every wait a bound.
Printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py)

from archive import processes  # noqa: E402

FORMATS = ["csv", "jsonl", "ris", "bib"]
REQUEST_TIMEOUT = 60.0
POLL_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench100k")
    parser.add_argument("--phases", default="3,10", help="clients per phase, comma-separated")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers")
    parser.add_argument("--search", default="/?q=security+council+resolution")
    parser.add_argument("--bound", type=float, default=3600, help="seconds per phase, at most")
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help="the clients' formats, in turn"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep prepared exports (no fresh start)"
    )
    args = parser.parse_args()

    # Kept between runs for --keep; emptied with the prepared exports otherwise.
    media = ROOT / "var" / "bench-media" / args.database
    if not args.keep:
        fresh_start(bench_db.bench_database_url(args.database))
        shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": bench_db.bench_database_url(args.database),
        "LETTERS_INCLUDE_SYNTHETIC": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_MEDIA_ROOT": str(media),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    # Every queue, as in production: the periodic sweep of stalled jobs runs on "builtin".
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        options = ("--log-level", "warning")
        with processes.gunicorn(env, workers=args.workers, options=options, ready_within=300) as (
            port,
            _,
        ):
            print(f"gunicorn on {port} ({args.workers} workers), one job worker; media {media}")
            for clients in (int(n) for n in args.phases.split(",")):
                phase(port, clients, args.search, args.bound, args.formats.split(","))
    finally:
        processes.stop(worker, grace=60)


def fresh_start(url: str) -> None:
    """No prepared export, no job left from an earlier run, a new archive version: every
    export of this run is written by the worker."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DELETE FROM procrastinate_jobs")
        conn.execute("DELETE FROM letters_export")
        conn.execute(
            "INSERT INTO letters_archiveversion (id, number, changed) VALUES (1, 1, now())"
            " ON CONFLICT (id) DO UPDATE"
            " SET number = letters_archiveversion.number + 1, changed = now()"
        )


def phase(port: int, clients: int, search_path: str, bound: float, formats: list[str]) -> None:
    results: dict[int, tuple[float, int, str]] = {}
    latencies: list[float] = []
    done = threading.Event()

    def searcher() -> None:
        while not done.is_set():
            started = time.perf_counter()
            status = processes.http_get(port, search_path, timeout=REQUEST_TIMEOUT)[0]
            latencies.append(time.perf_counter() - started)
            if status != 200:
                print(f"  search answered {status}")
            done.wait(0.5)

    def client(number: int) -> None:
        fmt = formats[number % len(formats)]
        started = time.perf_counter()
        try:
            letters = export(port, fmt, started + bound)
            results[number] = (time.perf_counter() - started, letters, fmt)
        except Exception as error:  # reported, not raised: the other clients go on
            results[number] = (time.perf_counter() - started, -1, f"{fmt}: {error}")

    watcher = threading.Thread(target=searcher)
    watcher.start()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(bound + 60)
    done.set()
    watcher.join(REQUEST_TIMEOUT + 5)
    print(f"{clients} concurrent whole-archive exports:")
    for number in sorted(results):
        seconds, letters, what = results[number]
        print(f"  client {number + 1:2} {what:>5}: {letters:,} letters in {seconds:,.0f} s")
    if latencies:
        ordered = sorted(latencies)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        print(
            f"  search meanwhile ({len(ordered)} requests): p50 "
            f"{statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms"
        )


def export(port: int, fmt: str, deadline: float) -> int:
    """Ask for the whole archive in ``fmt`` as a script; the letters in the file got."""
    status, headers, _ = processes.http_get(port, f"/export.{fmt}", timeout=REQUEST_TIMEOUT)
    while status in (202, 303) and "Location" in headers:
        location = headers["Location"]
        if status == 303 and location.endswith(".gz"):
            return count(fmt, fetch(port, location))
        if time.perf_counter() > deadline:
            raise TimeoutError(f"not ready in time ({location})")
        time.sleep(POLL_SECONDS if status == 202 else 0)
        status, headers, _ = processes.http_get(port, location, timeout=REQUEST_TIMEOUT)
    raise RuntimeError(f"answered {status}")


def fetch(port: int, path: str) -> bytes:
    status, _, body = processes.http_get(port, path, timeout=REQUEST_TIMEOUT * 5)
    if status != 200:
        raise RuntimeError(f"the file answered {status}")
    return gzip.decompress(body)


def count(fmt: str, body: bytes) -> int:
    if fmt == "csv":
        return sum(1 for _ in csv.reader(io.StringIO(body.decode()))) - 1
    if fmt == "jsonl":
        return body.count(b"\n")
    if fmt == "ris":
        return body.count(b"ER  -")
    return body.count(b"\n@") + body.startswith(b"@")


if __name__ == "__main__":
    main()
