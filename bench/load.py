"""Requests/s and latency through gunicorn under concurrent clients (DESIGN.md §8).

Starts gunicorn on 127.0.0.1 against the bench database (production settings:
debug off, persistent connections), then for each client count runs that many
client threads for a fixed time, each sending search-page requests in turn from
the given URLs over its own connection. Loopback only; bounded in time.
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765


def start_gunicorn(
    database_url: str, workers: int, *, options: tuple[str, ...] = ()
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:PORT with production settings, once /healthz answers;
    ``options`` are more command-line options (a worker class, threads).
    """
    from archive.processes import LIMITS_OFF  # bench/run.py puts the project on the path

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "LETTERS_INCLUDE_SYNTHETIC": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
        **LIMITS_OFF,  # every client is 127.0.0.1: this measures capacity
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    # The cache table, when DJANGO_CACHE_URL names one (db://django_cache, as production).
    subprocess.run([python, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "archive.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            *options,
        ],
        cwd=ROOT,
        env=env,
    )
    # A shared, busy machine can take a while to start five workers.
    return answering(server, PORT, "/healthz", seconds=120, name="gunicorn")


def answering(
    server: subprocess.Popen, port: int, path: str, *, seconds: float, name: str
) -> subprocess.Popen:
    """``server`` once ``path`` on 127.0.0.1:``port`` answers 200; stopped, and the
    benchmark ended, if it does not within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"{name} did not answer {path} within {seconds:.0f} s")


def run_clients(urls: list[str], clients: int, seconds: float, *, port: int = PORT) -> dict:
    """``clients`` threads, each requesting ``urls`` round-robin until time is up, from the
    server on ``port`` (ours by default)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(offset: int) -> None:
        nonlocal errors
        mine, failed, i = [], 0, offset
        while time.monotonic() < stop_at:
            url = urls[i % len(urls)]
            i += 1
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    failed += 1
                    continue
            except OSError:
                failed += 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))],
    }


def default_workers() -> int:
    """The workers gunicorn.conf.py starts on this machine (GUNICORN_WORKERS unset)."""
    return 2 * (os.cpu_count() or 1) + 1


def measure(
    database_url: str,
    urls: list[str],
    *,
    seconds: float = 10.0,
    levels: tuple[int, ...] = (1, 8, 32),
    workers: int | None = None,
) -> list[dict]:
    workers = workers or default_workers()
    server = start_gunicorn(database_url, workers)
    try:
        run_clients(urls, clients=min(4, len(urls)), seconds=2)  # warm every worker
        results = []
        for clients in levels:
            result = run_clients(urls, clients, seconds)
            result["workers"] = workers
            results.append(result)
            print(
                f"  gunicorn {workers} workers, {clients:>2} clients: "
                f"{result['requests_per_s']:6.1f} req/s, p50 {result['p50_ms']:.0f} ms, "
                f"p95 {result['p95_ms']:.0f} ms, {result['errors']} errors",
                file=sys.stderr,
            )
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)
