"""Gunicorn settings for the web image, from the environment (see .env.example).

Sync workers: a page is CPU-bound work in Django and PostgreSQL (bench/README.md:
26–55 ms of CPU per computed search page, by the machine's speed), so more workers than
2 × cores + 1 only queue; from 2 to 8 sync workers served as many computed pages within
the machine's drift, and fewer leave fewer free while slow or bulk requests hold some.
Threads (gthread) served as many computed pages, more cached ones with a longer tail, and
would let a long request outlive the worker timeout (bench/README.md, fourth and twelfth
sessions).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("GUNICORN_BIND", "").strip() or "0.0.0.0:8000"
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# A search that runs longer than this is cut off; the database's own statement
# timeout should end it first.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)
keepalive = 5
# The longest request line gunicorn reads: the method, the path and the query string. 8190
# is its maximum (it answers a longer line with its own bare 414). The archive caps the
# query string below it (LETTERS_MAX_QUERY_STRING_BYTES, 6,144 bytes), leaving 2,000
# bytes for the path, so a query string over that cap gets the archive's own 400 page.
limit_request_line = 8190
# Recycle workers now and then, staggered, so no slow leak grows for ever.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "").strip() or "127.0.0.1"
# Heartbeat files in memory: a container's overlay filesystem can stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The control socket (a fixed path in the home folder) is not used, and two servers on
# one machine would fight over it.
control_socket_disable = True
# "-": standard output (the image sets it). Off by default: the proxy in front logs
# requests too, and the benchmark measures without it.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "").strip() or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "").strip() or "info"
