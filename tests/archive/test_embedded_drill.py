"""The embedded PostgreSQL survives its users being killed (archive.database): ``make run``
is killed with SIGTERM and SIGKILL at several moments (while initdb runs, while migrations
run, while the site is served), and after each the next ``manage.py`` command works.

It runs in a copy of the working tree under var/drills/ (its own ``var/postgres``, never
the test server's), sharing the virtualenv; the copy's server is stopped and the copy
deleted at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive import processes

# Slow (a few minutes): `make test` leaves it to CI (`make test-slow`).
pytestmark = [pytest.mark.drill, pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parent.parent.parent
COPIED = [
    "Makefile",
    "manage.py",
    "pyproject.toml",
    "gunicorn.conf.py",
    "requirements.txt",
    "requirements-dev.txt",
    "archive",
    "letters",
    "templates",
    "static",
    "fixtures",
    "scripts",
]


@pytest.fixture(scope="module")
def tree() -> Iterator[Path]:
    (ROOT / "var" / "drills").mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="embedded-", dir=ROOT / "var" / "drills"))
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    (folder / ".venv").symlink_to((ROOT / ".venv").resolve())
    # The shared virtualenv is up to date: make must not reinstall into it.
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        os.utime(folder / requirements, (0, 0))
    try:
        yield folder
    finally:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            manage(folder, "-c", "from archive.database import stop_embedded; stop_embedded()")
        shutil.rmtree(folder, ignore_errors=True)


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.pop("XDG_RUNTIME_DIR", None)  # the copy's own var/run: its own lock
    env.update(DJANGO_DEBUG="1", PYTHONUNBUFFERED="1")
    return env


def manage(tree: Path, *args: str) -> subprocess.CompletedProcess:
    command = ["python", *args] if args[0] == "-c" else ["python", "manage.py", *args]
    return subprocess.run(
        [str(tree / ".venv" / "bin" / command[0]), *command[1:]],
        cwd=tree,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_run_killed(tree: Path, sig: signal.Signals, when: Callable[[Path, str], bool]) -> str:
    """Start ``make run`` in its own process group, wait until ``when(tree, output)``, then
    send ``sig`` to the whole group, as a terminal or a supervisor does. Its output."""
    log = tree / "make-run.log"
    port = processes.free_port()
    with log.open("w") as out:
        make = subprocess.Popen(
            ["make", "run", f"RUN_ADDRESS=127.0.0.1:{port}"],
            cwd=tree,
            env=environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 300
        while not when(tree, log.read_text()):
            assert make.poll() is None, f"make run ended first:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"the moment never came:\n{log.read_text()[-3000:]}"
            time.sleep(0.05)
        os.killpg(make.pid, sig)
        make.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(make.pid, signal.SIGKILL)
    return log.read_text()


def initdb_running(tree: Path, output: str) -> bool:
    return (tree / "var" / "postgres.initdb" / "PG_VERSION").exists()


def setup_running(tree: Path, output: str) -> bool:
    return "Running migrations:" in output


def serving(tree: Path, output: str) -> bool:
    return "Quit the server with" in output


def a_command_works(tree: Path) -> None:
    result = manage(tree, "migrate", "--noinput")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    count = "from letters.models import Letter; print(Letter.objects.count())"
    result = manage(tree, "shell", "-c", count)
    assert result.returncode == 0, result.stderr[-3000:]


def test_make_run_killed_at_any_moment_then_the_next_command_works(tree):
    """In order, on one copy: the first kill finds it fresh, with initdb under way."""
    moments = [
        (initdb_running, signal.SIGKILL),
        (setup_running, signal.SIGTERM),
        (setup_running, signal.SIGKILL),
        (serving, signal.SIGTERM),
        (serving, signal.SIGKILL),
    ]
    for moment, sig in moments:
        output = make_run_killed(tree, sig, moment)
        try:
            a_command_works(tree)
        except AssertionError as error:
            raise AssertionError(f"after {sig.name} when {moment.__name__}:\n{output}") from error


def test_a_list_left_empty_by_a_kill_mid_write_is_rewritten(tree):
    """What the kill left once: the wheel truncates its list of processes, then writes it;
    killed in between, the list was empty and every command failed to read it."""
    a_command_works(tree)
    handles = tree / "var" / "postgres" / ".handle_pids.json"
    for left in ("", "[12, 3"):
        handles.write_text(left)
        a_command_works(tree)
