"""Where one page's time goes: its SQL (statements and their time) and the Python around it.

    .venv/bin/python bench/profile_page.py --database bench100k "/?q=griatast" [--reps 20]
        [--profile]   # also print a pyinstrument profile of the same requests
        [--statements]  # also print each statement's median time and its SQL
        [--parts]  # also time the page's SQL without the work Datasette's page does not do

Requests each URL through Django's test client in this process, with production
settings (debug off, persistent connection), against a benchmark database that
``bench/run.py`` loaded. Per URL it prints the median of ``--reps`` requests after
three warm-ups: the whole request, the SQL statements' count and time (measured
around each statement's execution and fetch), and the rest, which is Python; and the
mean CPU time a page costs this process and its PostgreSQL backend (read from /proc:
the server must run on this machine), which other work on a shared machine moves far
less than it moves times.

With ``--parts``, the statements of one more request of the URL are run again with
their parameters bound, on the same connection, in rounds (``--reps``, each variant once a
round, so the machine's drifts fall on all of them): as the page ran them, and without
the work Datasette's search page does not do (``bench/datasette_peer.py``): the counting
statement without ranking (``ts_rank_cd`` the constant 1), without the facets but the
four Datasette counts (session, SC year, year, annex), and without both; the results
statement without its snippets (``ts_headline``). Prints each variant's median, and the
page's SQL with every part removed beside it as it runs.
Printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
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


# The counting statement's rows that are not a facet's: the totals and the window.
_COUNTING_ROWS = ("#probe", "#base", "", "#window")


def _outside_quotes(sql: str) -> Iterator[tuple[int, int]]:
    """Each position of ``sql`` outside quotes, with its depth of parentheses there."""
    depth, quote = 0, ""
    for at, char in enumerate(sql):
        if quote:
            quote = "" if char == quote else quote
            continue
        if char in "'\"":
            quote = char
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        yield at, depth


def top_level(sql: str, separator: str) -> list[str]:
    """``sql`` split at ``separator`` where it stands outside parentheses and quotes."""
    cuts = [at for at, depth in _outside_quotes(sql) if not depth and sql.startswith(separator, at)]
    bounds = zip([0, *(at + len(separator) for at in cuts)], [*cuts, len(sql)], strict=True)
    return [sql[start:stop] for start, stop in bounds]


def without_calls(sql: str, function: str, replacement: str) -> str:
    """``sql`` with every call of ``function`` (its arguments too) replaced."""
    while (found := sql.find(f"{function}(")) >= 0:
        opened = found + len(function)
        end = next(opened + at for at, depth in _outside_quotes(sql[opened:]) if depth == 0)
        sql = sql[:found] + replacement + sql[end + 1 :]
    return sql


def only_facets(sql: str, facets: Sequence[str]) -> str:
    """The counting statement without the rows of the facets not in ``facets``."""
    kept = []
    for statement in top_level(sql, ";"):
        if "'#base'" in statement:
            selects = top_level(statement, " UNION ALL ")
            counted = (*_COUNTING_ROWS, *facets)
            statement = " UNION ALL ".join(
                select
                for number, select in enumerate(selects)
                if number == 0 or select.split("'")[1] in counted
            )
        kept.append(statement)
    return ";".join(kept)


def without_snippets(sql: str) -> str:
    """The results statement without its snippets (the column goes)."""
    return without_calls(sql, ", ts_headline", "")


def variants(sql: str) -> dict[str, str]:
    """The variants of one statement ``--parts`` times, the statement as run first."""
    from datasette_peer import FACETS

    if "'#base'" in sql:
        unranked = without_calls(sql, "ts_rank_cd", "1.0")
        return {
            "as run": sql,
            "without ranking": unranked,
            "only Datasette's facets": only_facets(sql, FACETS),
            "both": only_facets(unranked, FACETS),
        }
    if "ts_headline(" in sql:
        return {"as run": sql, "without snippets": without_snippets(sql)}
    return {"as run": sql}


def bound_statements(client, url: str) -> list[str]:
    """The statements one request of ``url`` runs, each with its parameters in it."""
    from django.db import connection

    statements = []

    def bind(execute, sql, params, many, context):
        # Bound before it runs: mogrify() resets the cursor's results.
        statements.append(context["cursor"].mogrify(sql, params) if params else sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(bind):
        client.get(url)
    return statements


def print_parts(connection, statements: list[str], rounds: int) -> None:
    """Time each statement's variants (``variants``) in rounds; print their medians."""
    timed = [variants(sql) for sql in statements]
    times = [{name: [] for name in each} for each in timed]
    with connection.cursor() as cursor:
        for _ in range(rounds + 1):  # the first round warms the plans and the buffers
            for each, spent in zip(timed, times, strict=True):
                for name, sql in each.items():
                    started = time.perf_counter()
                    cursor.execute(sql)
                    spent[name].append((time.perf_counter() - started) * 1000)
    medians = [{name: statistics.median(ms[1:]) for name, ms in spent.items()} for spent in times]
    for each, median in zip(timed, medians, strict=True):
        flat = " ".join(each["as run"].split())
        parts = ", ".join(f"{name} {ms:.1f}" for name, ms in median.items() if name != "as run")
        print(f"  {median['as run']:7.1f} ms  {flat[:100]}")
        if parts:
            print(f"           {parts}")
    as_run = sum(median["as run"] for median in medians)
    datasettes = sum(median.get("both", median.get("without snippets", 0)) for median in medians)
    print(
        f"  SQL as the page runs it {as_run:.1f} ms; the counting and results statements"
        f" with only Datasette's work {datasettes:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--database", default="bench100k")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="Print a pyinstrument profile.")
    parser.add_argument(
        "--statements", action="store_true", help="Print each statement's median time."
    )
    parser.add_argument(
        "--parts", action="store_true", help="Time the SQL without the parts Datasette lacks."
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
        if args.parts:
            print_parts(connection, bound_statements(client, url), args.reps)
        if args.profile:
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.0005)
            with profiler:
                for _ in range(args.reps):
                    client.get(url)
            print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
