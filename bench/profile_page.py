"""Where one page's time goes: its SQL (statements and their time) and the Python around it.

    .venv/bin/python bench/profile_page.py --database bench100k "/?q=griatast" [--reps 20]
        [--profile]   # also print a pyinstrument profile of the same requests
        [--statements]  # also print each statement's median time and its SQL

Requests each URL through Django's test client in this process, with production
settings (debug off, persistent connection), against a benchmark database that
``bench/run.py`` loaded. Per URL it prints the median of ``--reps`` requests after
three warm-ups: the whole request, the SQL statements' count and time (measured
around each statement's execution and fetch), and the rest, which is Python; and the
mean CPU time a page costs this process and its PostgreSQL backend (read from /proc:
the server must run on this machine), which other work on a shared machine moves far
less than it moves times.
Printed, never asserted.
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


def backend_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a local PostgreSQL backend has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class SqlTimer:
    """A database execute wrapper adding up the statements and their time."""

    def __init__(self) -> None:
        self.statements = 0
        self.seconds = 0.0
        self.each: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements += 1
            self.seconds += time.perf_counter() - started
            self.each.append((sql, time.perf_counter() - started))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--database", default="bench100k")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="Print a pyinstrument profile.")
    parser.add_argument(
        "--statements", action="store_true", help="Print each statement's median time."
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_db.bench_database_url(args.database)
    os.environ["LETTERS_INCLUDE_SYNTHETIC"] = "1"
    from archive.processes import LIMITS_OFF

    os.environ.update(LIMITS_OFF)  # every request comes from this one client
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_CONN_MAX_AGE", "60")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("collectstatic", "--noinput", verbosity=0)  # production's static storage

    client = Client(SERVER_NAME="127.0.0.1")
    for url in args.urls:
        for _ in range(3):
            response = client.get(url)
            assert response.status_code in (200, 302), (url, response.status_code)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        walls, sqls, counts, ours, theirs, each = [], [], [], [], [], []
        for _ in range(args.reps):
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                cpu, pg = time.process_time(), backend_cpu_seconds(backend)
                started = time.perf_counter()
                client.get(url)
                walls.append((time.perf_counter() - started) * 1000)
                ours.append((time.process_time() - cpu) * 1000)
                theirs.append((backend_cpu_seconds(backend) - pg) * 1000)
            sqls.append(timer.seconds * 1000)
            counts.append(timer.statements)
            each.append(timer.each)
        wall, sql = statistics.median(walls), statistics.median(sqls)
        python_cpu, pg_cpu = statistics.mean(ours), statistics.mean(theirs)
        print(
            f"{url}: {wall:.1f} ms = {sql:.1f} ms of SQL in {statistics.median(counts):.0f} "
            f"statements + {wall - sql:.1f} ms of Python; CPU a page: Django {python_cpu:.1f} ms"
            f" + PostgreSQL {pg_cpu:.1f} ms = {python_cpu + pg_cpu:.1f} ms"
        )
        if args.statements:
            # A page's statements are the same from one request to the next.
            for number, (sql_text, _) in enumerate(each[0]):
                times = [run[number][1] * 1000 for run in each if len(run) > number]
                flat = " ".join(sql_text.split())
                print(f"  {statistics.median(times):7.1f} ms  {flat[:160]}")
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(args.reps):
                    client.get(url)
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
