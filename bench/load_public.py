"""The public face under load, with and without a hostile client (DESIGN.md §10).

    .venv/bin/python bench/load_public.py [--clients 32] [--seconds 60] [--slices 4]

Starts gunicorn on 127.0.0.1 with production settings (debug off, persistent
connections, the default statement timeout and input limits) against the archive's
database (``DATABASE_URL``, else the embedded one; import the sample letters first with
``manage.py import_letters fixtures/letters``). ``--clients`` threads request search,
browse and letter pages in turn, each over its own connection. The run alternates two
phases, ``--slices`` times each, in the order ABBA so that drift in the machine's speed
falls on both: A is the clients alone, B the same clients plus one hostile client sending
the requests of the "fit to face the public" findings (a filter repeated a thousand
times, NUL in values and paths, a search word repeated 680 times, too many parameters
and values). It prints requests/s, p50/p95/p99 and errors of each phase, what the hostile
client got, and the change in the other clients' throughput. Loopback only; every
request has a timeout and the run is bounded by ``--seconds`` per phase.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import processes  # noqa: E402  (the project root is on the path above)

REQUEST_TIMEOUT = 30.0

# gunicorn refuses a request line over 8190 bytes itself (414): the longest of these never
# reach Django; the archive refuses a query string over 6 KB (400), the 7 KB ones.
HOSTILE = [
    "/?" + "&".join(["kind=letter"] * 1000),  # 12 KB
    "/?" + "&".join(["kind=letter"] * 600),  # 7 KB
    "/?" + "&".join(["kind=letter"] * 300),  # 3.6 KB: reaches Django, merged to one value
    "/?agenda=%00",
    "/symbol/A%00B",
    "/cited/a%00b",
    "/?q=" + "+".join(["peace"] * 680),  # 4 KB
    "/?q=" + "+".join(["peace"] * 600),  # reaches the search
    "/?q=" + "+".join(f"peace{n}" for n in range(500)),  # 500 different terms
    "/?" + "&".join(f"p{n}=1" for n in range(40)),
    "/?" + "&".join(f"state=s{n}" for n in range(60)),
    "/?q=%1B%5B2J",
]


def cpu_seconds(pid: int) -> float:
    """CPU time of a server: the process, its live children and the children it reaped."""
    process = psutil.Process(pid)
    times = process.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in process.children():
        try:
            child_times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += child_times.user + child_times.system
    return total


def postmaster_pid() -> int | None:
    """The PostgreSQL server's process when it runs on this machine, else None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        return psutil.Process(backend).ppid()
    except psutil.NoSuchProcess:
        return None
    finally:
        connection.close()


def targets() -> list[str]:
    """Search, browse and letter pages of the letters in the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from letters.models import AgendaTopic, CitedDocument, Letter, Session, State

    letters = list(Letter.objects.public().order_by("pk").values_list("pk", flat=True))
    if not letters:
        raise SystemExit("no public letter: run manage.py import_letters fixtures/letters")
    sessions = list(Session.objects.values_list("number", flat=True)[:3])
    topics = list(AgendaTopic.objects.values_list("slug", flat=True)[:3])
    states = list(State.objects.values_list("slug", flat=True)[:3])
    cited = list(CitedDocument.objects.values_list("key", flat=True)[:3])
    search = [
        "/?" + urlencode(params)
        for params in [
            {"q": "peace"},
            {"q": "resolution"},
            {"q": "Azerbaijan"},
            {"q": '"Security Council"'},
            {"q": "occupied territories", "sort": "newest"},
            {"q": "A/75/861"},
            {"kind": "letter", "sort": "oldest"},
            *({"session": n} for n in sessions),
            *({"agenda": slug} for slug in topics),
        ]
    ]
    browse = ["/sessions/", "/agenda/", "/states/", "/cited/"]
    browse += [f"/sessions/{n}/" for n in sessions]
    browse += [f"/agenda/{slug}/" for slug in topics]
    browse += [f"/states/{slug}/" for slug in states]
    browse += [f"/cited/{quote(key, safe='/')}" for key in cited]
    pages = [f"/letters/{pk}/" for pk in letters]
    # Interleaved so that every client meets every kind of page in its first few requests.
    mix = []
    for n in range(max(len(search), len(browse), len(pages))):
        for group in (search, browse, pages):
            mix.append(group[n % len(group)])
    return mix


def request(port: int, path: str) -> int:
    return processes.http_get(port, path, timeout=REQUEST_TIMEOUT)[0]


@contextlib.contextmanager
def gunicorn(workers: int):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "CRITICAL",
        # Every client, the hostile one too, is 127.0.0.1: this measures the input
        # bounds, not the per-client limits.
        **processes.LIMITS_OFF,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    options = ("--log-level", "warning")
    with processes.gunicorn(env, workers=workers, options=options) as (port, server):
        yield port, server.pid


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors = 0
        self.statuses: collections.Counter = collections.Counter()
        self.seconds = 0.0
        self.cpu = 0.0  # gunicorn's and PostgreSQL's CPU seconds during the phase
        self.slices: list[float] = []  # each slice's requests/s

    def add(self, latencies: list[float], errors: int, statuses: collections.Counter) -> None:
        with self.lock:
            self.latencies.extend(latencies)
            self.errors += errors
            self.statuses.update(statuses)


def run_slice(
    servers: list[int],
    port: int,
    urls: list[str],
    clients: int,
    seconds: float,
    hostile: bool,
    tally: Tally,
    hostile_tally: Tally,
) -> None:
    stop_at = time.monotonic() + seconds

    def client(offset: int, paths: list[str], into: Tally, expected: set[int] | None) -> None:
        latencies, statuses, errors, n = [], collections.Counter(), 0, offset
        while time.monotonic() < stop_at:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                status = request(port, path)
            except (OSError, http.client.HTTPException):
                status = "connection error"
            statuses[status] += 1
            # An error: a normal client got anything but 200; the hostile one a 500 or no answer.
            if (expected is None and status != 200) or (expected and status not in expected):
                errors += 1
            else:
                latencies.append((time.perf_counter() - started) * 1000)
        into.add(latencies, errors, statuses)

    threads = [threading.Thread(target=client, args=(n, urls, tally, None)) for n in range(clients)]
    if hostile:
        threads.append(
            threading.Thread(target=client, args=(0, HOSTILE, hostile_tally, {200, 400, 414, 503}))
        )
    done_before = len(tally.latencies)
    cpu_before = sum(cpu_seconds(pid) for pid in servers)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    tally.cpu += sum(cpu_seconds(pid) for pid in servers) - cpu_before
    tally.seconds += elapsed
    tally.slices.append((len(tally.latencies) - done_before) / elapsed)
    if hostile:
        hostile_tally.seconds += elapsed


def summary(tally: Tally) -> dict:
    ordered = sorted(tally.latencies) or [0.0]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))]

    return {
        "requests": len(tally.latencies) + tally.errors,
        "rps": len(tally.latencies) / tally.seconds if tally.seconds else 0.0,
        "p50": statistics.median(ordered),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": tally.errors,
        "cpu_ms": tally.cpu * 1000 / max(1, len(tally.latencies)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0, help="Per phase, all slices.")
    parser.add_argument("--slices", type=int, default=12, help="Alternations of the phases.")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    urls = targets()
    postgres = postmaster_pid()
    print(
        f"{platform.node()}: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, "
        f"{args.workers} gunicorn workers, {args.clients} clients, {args.seconds:.0f} s per "
        f"phase in {args.slices} slices, {len(urls)} pages in the mix",
        flush=True,
    )
    alone, beside, hostile = Tally(), Tally(), Tally()
    with gunicorn(args.workers) as (port, gunicorn_pid):
        servers = [gunicorn_pid] + ([postgres] if postgres else [])
        run_slice(servers, port, urls, args.clients, 3, False, Tally(), Tally())  # warm up
        per_slice = args.seconds / args.slices
        for n in range(args.slices):
            # ABBA: a slow or fast spell of the shared machine falls on both phases.
            order = (False, True) if n % 2 == 0 else (True, False)
            for with_hostile in order:
                tally = beside if with_hostile else alone
                run_slice(
                    servers, port, urls, args.clients, per_slice, with_hostile, tally, hostile
                )
    a, b, h = summary(alone), summary(beside), summary(hostile)
    print(
        f"{'phase':<32} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>6} {'server CPU ms/req':>17}"
    )
    for name, row in [
        (f"{args.clients} clients alone", a),
        (f"{args.clients} clients beside hostile", b),
        ("hostile client", h),
    ]:
        cpu = f"{row['cpu_ms']:.1f}" if row is not h else ""
        print(
            f"{name:<32} {row['requests']:>8} {row['rps']:>7.1f} {row['p50']:>7.0f} "
            f"{row['p95']:>7.0f} {row['p99']:>7.0f} {row['errors']:>6} {cpu:>17}"
        )
    for name, tally in [("alone", alone), ("beside hostile", beside)]:
        rates = " ".join(f"{rate:.0f}" for rate in tally.slices)
        print(f"req/s per slice, {name}: {rates}")
    statuses = ", ".join(
        f"{status}: {count}"
        for status, count in sorted(hostile.statuses.items(), key=lambda item: str(item[0]))
    )
    print(f"hostile client's answers: {statuses}")
    change = (b["rps"] - a["rps"]) / a["rps"] * 100 if a["rps"] else 0.0
    print(f"throughput beside the hostile client: {change:+.1f} % (bar: no worse than -10 %)")
    # The machine is shared: requests/s move with other work. Server CPU per answered
    # normal request does not, and on a CPU-bound server throughput goes as its inverse.
    if a["cpu_ms"]:
        cost = (b["cpu_ms"] - a["cpu_ms"]) / a["cpu_ms"] * 100
        print(f"server CPU per normal request beside the hostile client: {cost:+.1f} %")
    print(f"errors of the normal clients: {a['errors'] + b['errors']} (bar: 0)")


if __name__ == "__main__":
    main()
