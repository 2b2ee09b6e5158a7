"""Whole page against whole page, in one run: our search page through gunicorn beside
Datasette's search page over SQLite FTS5, on the same corpus (DESIGN.md §8).

    .venv/bin/python bench/pages.py --database bench100k [--reps 30] [--load-seconds 20]
        [--workers 5] [--gunicorn-option=--threads=2 ...] [--no-datasette]

Needs a corpus that ``bench/run.py`` loaded into ``--database``. Picks the same cases as
``bench/run.py`` (terms by measured document frequency, same seed), starts gunicorn
(production settings) and ``datasette serve`` on 127.0.0.1, then for each case requests
our page and Datasette's alternately, one client, a new connection per request, ``--reps``
times each: the two are timed under the same conditions of the shared machine. Prints
p50 / p95 of each, their ratio, whether our page ranked the results, and how many
answers were not 200 (ours: 503 when the statement timeout cut a search). Then, with
``--load-seconds``, pages per second with 1 and 32 clients cycling over the rare,
typical, two-word and broad cases, for each server in turn. Loopback only; bounded in
time; the workers' resident memory before and after the load. Printed, never asserted;
JSON in bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import database as bench_db  # noqa: E402  (bench/database.py; must run before Django)

# The cases the throughput figure cycles over, as the measurement did.
LOAD_CLASSES = ("rare", "typical", "multi-word", "broad")
# What our page says when it did not rank a relevance search (templates/letters/search.html).
UNRANKED_NOTE = b"shown newest first rather than by relevance"


def timed_get(port: int, url: str) -> tuple[float, int, bytes]:
    """(milliseconds, status, body) of one GET on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", url)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return (time.perf_counter() - started) * 1000, response.status, body


def worker_memory_mb(server_pid: int) -> list[float]:
    """Resident memory (MB) of each child process of ``server_pid`` (gunicorn's workers)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
        except (OSError, ValueError):
            continue
        if fields.get("PPid", "").strip() == str(server_pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def percentiles(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "n": len(timings)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="bench100k")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--gunicorn-option", action="append", default=[])
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--classes", default="", help="Only these classes (comma-separated).")
    args = parser.parse_args()

    url = bench_db.bench_database_url(args.database)
    os.environ["DATABASE_URL"] = url
    os.environ["LETTERS_INCLUDE_SYNTHETIC"] = "1"
    os.environ["LETTERS_API_RATE"] = ""
    # This process only picks the cases; the pages are served by gunicorn in production
    # settings (load.start_gunicorn).
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    import datasette_peer
    import load
    import run
    from django.db import connection

    cases = run._cases(random.Random(args.seed))
    if args.classes:
        wanted = args.classes.split(",")
        cases = [c for c in cases if c["class"] in wanted]
    peer_db = bench_db.RESULTS / f"peer-datasette-{args.database}.db"
    if not args.no_datasette and not peer_db.exists():
        started = time.perf_counter()
        bench_db.RESULTS.mkdir(exist_ok=True)
        datasette_peer.build(peer_db)
        print(f"datasette: SQLite built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    connection.close()

    workers = args.workers or load.default_workers()
    servers = [load.start_gunicorn(url, workers, options=tuple(args.gunicorn_option))]
    try:
        if not args.no_datasette:
            servers.append(datasette_peer.serve(peer_db))
        warm_workers(cases, workers)
        rows = time_pages(args, cases, peer_db)
        throughput = []
        memory = {"before load": worker_memory_mb(servers[0].pid)}
        if args.load_seconds:
            throughput = measure_throughput(args, cases, peer_db)
            memory["after load"] = worker_memory_mb(servers[0].pid)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)
    print_tables(rows, throughput, workers, args.gunicorn_option)
    for when, sizes in memory.items():
        print(
            f"gunicorn workers' resident memory {when}: {', '.join(f'{m:.0f}' for m in sizes)} MB"
        )
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = bench_db.RESULTS / f"pages-{args.database}-{stamp}.json"
    out.write_text(json.dumps({"rows": rows, "throughput": throughput, "memory": memory}, indent=2))
    print(f"\nJSON: {out.relative_to(ROOT)}")


def warm_workers(cases: list[dict], workers: int) -> None:
    """Each case's first page requested twice per worker: a worker's first requests load
    templates and make its connection (0.8–0.9 s), which a single warm-up left to the
    first class timed (its p95 was a cold worker's)."""
    import load

    for case in cases:
        url = "/?" + urlencode(case["params"][0])
        for _ in range(2 * workers):
            timed_get(load.PORT, url)


def time_pages(args: argparse.Namespace, cases: list[dict], peer_db: Path) -> list[dict]:
    import datasette_peer
    import load

    rows = []
    for case in cases:
        ours = ["/?" + urlencode(p) for p in case["params"]]
        theirs = [
            None if args.no_datasette else datasette_peer.url(peer_db, p) for p in case["params"]
        ]
        ranked = True
        for url in ours:  # warm, and see whether the page ranked
            _, status, body = timed_get(load.PORT, url)
            ranked = ranked and UNRANKED_NOTE not in body
        for url in filter(None, theirs):
            timed_get(datasette_peer.PORT, url)
        mine, peer, errors = [], [], {"ours": 0, "datasette": 0}
        for i in range(args.reps):
            k = i % len(ours)
            ms, status, _ = timed_get(load.PORT, ours[k])
            mine.append(ms)
            errors["ours"] += status != 200  # a 503: the statement timeout cut it
            if theirs[k]:
                ms, status, _ = timed_get(datasette_peer.PORT, theirs[k])
                peer.append(ms)
                errors["datasette"] += status != 200
        row = {
            "class": case["class"],
            "queries": [p.get("q", "") for p in case["params"]],
            "ours": percentiles(mine),
            "ranked": ranked and any("q" in p for p in case["params"]),
            "datasette": percentiles(peer) if len(peer) > 1 else None,
            "errors": errors,
        }
        rows.append(row)
        peer_text = f", datasette p50 {row['datasette']['p50']:.1f}" if row["datasette"] else ""
        print(
            f"  {case['class']:<22} ours p50 {row['ours']['p50']:.1f}{peer_text}", file=sys.stderr
        )
    return rows


def measure_throughput(args: argparse.Namespace, cases: list[dict], peer_db: Path) -> list[dict]:
    import datasette_peer
    import load

    chosen = [c for c in cases if c["class"] in LOAD_CLASSES]
    ours = ["/?" + urlencode(p) for c in chosen for p in c["params"]]
    theirs = [
        u for c in chosen for p in c["params"] if (u := datasette_peer.url(peer_db, p)) is not None
    ]
    servers = [("ours", load.PORT, ours)]
    if not args.no_datasette:
        servers.append(("datasette", datasette_peer.PORT, theirs))
    results = []
    for clients in (1, 32):
        for name, port, urls in servers:
            load.run_clients(urls, clients=min(4, clients), seconds=2, port=port)  # warm
            result = load.run_clients(urls, clients, args.load_seconds, port=port)
            result["server"] = name
            results.append(result)
            print(
                f"  {name:<9} {clients:>2} clients: {result['requests_per_s']:6.1f} pages/s, "
                f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                f"{result['errors']} errors",
                file=sys.stderr,
            )
    return results


def print_tables(rows: list[dict], throughput: list[dict], workers: int, options: list) -> None:
    print(f"\ngunicorn: {workers} workers {' '.join(options)}")
    head = "| class | ours p50 / p95 ms | ranked | Datasette p50 / p95 ms | ours ÷ Datasette"
    print(head + " (p50, p95) |")
    print("|---|---:|:-:|---:|---:|")
    for row in rows:
        ours, theirs = row["ours"], row["datasette"]
        peer = f"{theirs['p50']:.1f} / {theirs['p95']:.1f}" if theirs else "–"
        ratio = (
            f"{ours['p50'] / theirs['p50']:.2f}×, {ours['p95'] / theirs['p95']:.2f}×"
            if theirs
            else "–"
        )
        ranked = "yes" if row["ranked"] else "no"
        mine = f"{ours['p50']:.1f} / {ours['p95']:.1f}"
        failed = {name: n for name, n in row["errors"].items() if n}
        note = f" (not 200: {failed})" if failed else ""
        print(f"| {row['class']}{note} | {mine} | {ranked} | {peer} | {ratio} |")
    if throughput:
        print("\n| server | clients | pages/s | p50 ms | p95 ms | errors |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in throughput:
            print(
                f"| {r['server']} | {r['clients']} | {r['requests_per_s']:.1f} | {r['p50_ms']:.0f} "
                f"| {r['p95_ms']:.0f} | {r['errors']} |"
            )


if __name__ == "__main__":
    main()
