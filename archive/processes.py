"""The archive's own server processes, started and stopped from Python: gunicorn for the
drills (tests/archive/test_drills.py) and the load benchmark (bench/load_public.py).

Not used by the site itself. A server is started on a free loopback port, waited for
until ``/healthz`` answers, and stopped politely (SIGTERM, then SIGKILL after a grace
period) however the block that used it ends.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The environment that turns every per-client limit (archive.limits) off: a benchmark's
# clients all come from 127.0.0.1 and ask as fast as they can; it measures capacity.
LIMITS_OFF = {
    "LETTERS_PAGE_RATE": "",
    "LETTERS_API_RATE": "",
    "LETTERS_EXPORT_RATE": "",
    "LETTERS_FEED_RATE": "",
    "LETTERS_OAI_RATE": "",
    "LETTERS_CLIENT_HEAVY_REQUESTS": "0",
    "LETTERS_HOST_BULK_REQUESTS": "0",
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, *, timeout: float = 15) -> tuple[int, dict, bytes]:
    """GET ``path`` from 127.0.0.1:``port``: status, headers and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def stop(process: subprocess.Popen, *, grace: float = 15) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``grace`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextlib.contextmanager
def gunicorn(
    env: Mapping[str, str],
    *,
    workers: int,
    options: Sequence[str] = (),
    output: Path | None = None,
    ready_within: float = 30,
) -> Iterator[tuple[int, subprocess.Popen]]:
    """gunicorn serving the archive (``archive.wsgi``) on a free port with ``workers``
    workers: yields (port, process) once ``/healthz`` answers; stopped on leaving.
    Its output goes to ``output`` (a file) when given."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "gunicorn", "archive.wsgi"),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(workers), *options),
    ]
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(output.open("w")) if output else None
        server = subprocess.Popen(
            command, cwd=ROOT, env=dict(env), stdout=out, stderr=subprocess.STDOUT if out else None
        )
    try:
        deadline = time.monotonic() + ready_within
        while True:
            with contextlib.suppress(OSError):
                if http_get(port, "/healthz", timeout=2)[0] == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                said = output.read_text()[-3000:] if output else ""
                raise RuntimeError(
                    f"gunicorn did not answer /healthz within {ready_within:.0f} s\n{said}"
                )
            time.sleep(0.2)
        yield port, server
    finally:
        stop(server)
