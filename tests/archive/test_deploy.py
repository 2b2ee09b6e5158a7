"""Production as deployed: ``check --deploy`` with .env.example, the headers every page
and download carries, admin login throttling, a kept connection healing, and the
container's start command (scripts/start-web: migrate, then gunicorn with
gunicorn.conf.py) run here against the test database."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, connections
from django.http import HttpResponse

from archive.downloads import AttachmentMiddleware

ROOT = Path(__file__).resolve().parent.parent.parent
ENV_EXAMPLE = ROOT / ".env.example"


def _env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def _clean_env(**values: str) -> dict[str, str]:
    """The process environment without the archive's settings, plus ``values``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "LETTERS_", "GUNICORN_"))
    }
    # Commands in scripts/ call plain "python": this virtualenv's.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **values}


# Where settings and the gunicorn config read the environment.
ENV_READERS = re.compile(
    r"""(?:env_(?:str|bool|int|list|rate)|os\.environ\.get|_int)\(\s*"([A-Z0-9_]+)\""""
)


def test_env_example_lists_every_setting_read_from_the_environment():
    read = set()
    for path in [*sorted((ROOT / "archive").rglob("*.py")), ROOT / "gunicorn.conf.py"]:
        read |= set(ENV_READERS.findall(path.read_text()))
    assert {"DJANGO_DEBUG", "DATABASE_URL", "GUNICORN_WORKERS"} <= read  # the scan works
    assert read - set(_env_example()) == set()


def test_check_deploy_is_clean_with_the_example_environment():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_clean_env(**_env_example(), DJANGO_SETTINGS_MODULE="archive.settings"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


# Inline code that a Content-Security-Policy without 'unsafe-inline' would block.
INLINE_CODE = re.compile(r"<style|\sstyle=|<script(?![^>]*\ssrc=)|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize(
    "template",
    sorted((ROOT / "templates").rglob("*.html")),
    ids=lambda p: str(p.relative_to(ROOT / "templates")),
)
def test_templates_carry_no_inline_script_or_style(template):
    assert INLINE_CODE.findall(template.read_text()) == []


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code(client, sample_letters):
    for url in ["/", sample_letters["000"].get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_review_page_styles_come_from_a_static_file(admin_client, sample_letters):
    letter = sample_letters["000"]
    response = admin_client.get(f"/admin/letters/letter/{letter.pk}/review/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/letters-admin.css" in html
    assert INLINE_CODE.findall(html.split('<div id="content-main">', 1)[1]) == []


@pytest.mark.django_db
def test_admin_login_locks_out_after_repeated_failures(client):
    User.objects.create_user("editor", password="the right one", is_staff=True)
    for _ in range(25):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": "the right one"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_admin_login_works_before_the_limit(client):
    User.objects.create_user("editor", password="the right one", is_staff=True)
    for _ in range(3):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": "the right one"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_an_uploaded_original_downloads_as_an_attachment_of_a_safe_type(client, sample_letters):
    response = client.get(f"/letters/{sample_letters['000'].pk}/source")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    ("declared", "sent"),
    [
        pytest.param("application/pdf", "application/pdf", id="pdf"),
        pytest.param("text/plain; charset=latin-1", "text/plain; charset=utf-8", id="text"),
        pytest.param("text/html", "application/octet-stream", id="html"),
        pytest.param("image/svg+xml", "application/octet-stream", id="svg"),
        pytest.param("", "application/octet-stream", id="none"),
    ],
)
def test_attachments_leave_with_an_allowed_type(rf, declared, sent):
    def download(request):
        response = HttpResponse(b"<script>alert(1)</script>", content_type=declared)
        response["Content-Disposition"] = 'attachment; filename="x"'
        return response

    response = AttachmentMiddleware(download)(rf.get("/"))
    assert response["Content-Type"] == sent
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_pages_are_not_attachments(rf):
    response = AttachmentMiddleware(lambda request: HttpResponse("<p>page</p>"))(rf.get("/"))
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "Content-Security-Policy" not in response


def _database_url() -> str:
    """The test database's URL, as the web container would be given it."""
    s = connection.settings_dict
    auth = f"{quote(s['USER'] or '', safe='')}:{quote(s['PASSWORD'] or '', safe='')}@"
    host = s["HOST"] or ""
    port = f":{s['PORT']}" if s["PORT"] else ""
    if host.startswith("/"):  # a Unix socket folder
        return f"postgres://{auth}{port}/{s['NAME']}?host={quote(host, safe='')}"
    return f"postgres://{auth}{host}{port}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    # As through the TLS proxy in front: production redirects plain HTTP to HTTPS.
    conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@pytest.mark.django_db(transaction=True)
def test_the_container_start_command_serves_pages_and_hashed_static_files(sample_letters, tmp_path):
    connection.ensure_connection()
    port = _free_port()
    env = _clean_env(
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="test-only-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=_database_url(),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_LOG_LEVEL="warning",
        DJANGO_CACHE_URL="db://django_cache",
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    started = time.monotonic()
    server = subprocess.Popen(["scripts/start-web"], cwd=ROOT, env=env)
    try:
        deadline = started + 60
        while True:
            assert server.poll() is None, "the start command exited"
            try:
                page = _get(port, "/")
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 60 s"
                time.sleep(0.2)
        print(f"start command answered after {time.monotonic() - started:.1f} s")
        assert page.status == 200
        assert "Strict-Transport-Security" in page.headers
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        stylesheet = re.search(rb'href="(/static/css/archive\.[0-9a-f]{12}\.css)"', page.body)
        assert stylesheet, "no hashed stylesheet on the page"
        static = _get(port, stylesheet.group(1).decode())
        assert static.status == 200
        assert b"UN Letters Archive" in static.body
        max_age = re.search(r"max-age=(\d+)", static.headers["Cache-Control"])
        assert int(max_age.group(1)) >= 365 * 24 * 3600
        # The query string's cap and gunicorn's request line agree: at the cap the page
        # answers, past it the archive's own 400 (with its headers), never gunicorn's 414.
        cap = settings.LETTERS_MAX_QUERY_STRING_BYTES
        assert _get(port, "/?q=" + "a" * (cap - 2)).status == 200
        refused = _get(port, "/?q=" + "a" * (cap - 1))
        assert refused.status == 400
        assert b"the limit is" in refused.body
        assert "script-src 'self'" in refused.headers["Content-Security-Policy"]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_persistent_connection_dropped_by_the_database_heals_at_the_next_request():
    """What a database restart does to a web worker's kept connection, on one
    connection: the server ends it, and the next request reconnects instead of
    failing (CONN_HEALTH_CHECKS)."""
    kept = type(connections["default"])(
        {**connection.settings_dict, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True},
        alias="default",
    )
    try:
        with kept.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            before = cursor.fetchone()[0]
        kept.close_if_unusable_or_obsolete()  # the end of a request: kept open
        with connection.cursor() as cursor:
            # With a timeout (ms), pg_terminate_backend waits until the backend has gone.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [before])
            assert cursor.fetchone()[0]
        kept.close_if_unusable_or_obsolete()  # the start of the next request
        with kept.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            after = cursor.fetchone()[0]
        assert after != before
    finally:
        kept.close()
