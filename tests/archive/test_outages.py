"""Statement timeout on public reads, and the pages of a database outage, in-process.

The database is never mocked: an outage is a real connection attempt to a folder where no
PostgreSQL listens, and a slow search is a real search waiting on a lock that another
connection holds. (tests/archive/test_drills.py does the same against gunicorn and a database
that is really stopped.)
"""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from archive.health import server_error


@pytest.fixture
def unreachable_database(django_db_blocker, tmp_path):
    """The default database pointed at a folder with no PostgreSQL socket in it, through
    Django's own PostgreSQL backend (the embedded one would start a server there)."""
    from django.db import connections
    from django.db.backends.postgresql.base import DatabaseWrapper

    saved = connections["default"]
    with django_db_blocker.unblock():
        saved.close()
        unreachable = {**saved.settings_dict, "HOST": str(tmp_path), "PORT": ""}
        unreachable["ENGINE"] = "django.db.backends.postgresql"
        connections["default"] = DatabaseWrapper(unreachable, alias="default")
        try:
            yield
        finally:
            connections["default"].close()
            connections["default"] = saved


def statement_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


# --- outages --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/?q=peace", "/letters/1/", "/sessions/", "/symbol/A/75/861"])
def test_pages_say_503_with_retry_after_when_the_database_is_unreachable(
    client, unreachable_database, url
):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    assert "temporarily unavailable" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/api/v1/letters/?q=peace", "/api/v1/states/", "/api/v1/letters/1/"]
)
def test_the_api_says_503_in_json_with_retry_after_when_the_database_is_unreachable(
    client, unreachable_database, url
):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "status": 503,
        "message": "The archive's database is temporarily unavailable.",
    }


def test_healthz_is_the_process_only(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_says_the_database_is_unreachable(client, unreachable_database):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "status": "unavailable",
        "database": "unreachable",
        "aliases": ["default"],
    }


@pytest.mark.django_db
def test_readyz_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_reads_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_a_failure_outside_any_view_still_gets_the_outage_page(unreachable_database):
    request = RequestFactory().get("/")
    try:
        connection.ensure_connection()
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def test_other_errors_stay_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500


# --- statement timeout ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_public_request_sets_the_timeout_and_staff_reset_it(client, admin_client, settings):
    settings.LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS = 2500
    default = statement_timeout()
    assert client.get("/").status_code == 200
    assert statement_timeout() == "2500ms"
    # The same (persistent) connection serves the admin next: no limit for staff.
    assert admin_client.get("/admin/").status_code == 200
    assert statement_timeout() == default
    assert client.get("/sessions/").status_code == 200
    assert statement_timeout() == "2500ms"
    # Staff reading the public pages are not limited either.
    assert admin_client.get("/sessions/").status_code == 200
    assert statement_timeout() == default


@pytest.mark.django_db
def test_health_endpoints_leave_the_connection_alone(client, settings):
    default = statement_timeout()
    assert client.get("/readyz").status_code == 200
    assert statement_timeout() == default


@contextlib.contextmanager
def search_table_locked():
    """ACCESS EXCLUSIVE on the search table from another connection: every search waits.

    The lock ends by itself after 20 s (idle_in_transaction_session_timeout), so a
    search that ignored the statement timeout would fail its test, not hang it.
    """
    from letters.models import SearchEntry

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params) as locker:
        locker.execute("SET idle_in_transaction_session_timeout = '20s'")
        locker.execute(f"LOCK TABLE {SearchEntry._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        yield
        locker.rollback()


@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
def test_a_search_that_hits_the_timeout_gets_the_too_broad_page(client, settings, sample_letters):
    settings.LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS = 300
    try:
        with search_table_locked():
            response = client.get("/?q=peace")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "too broad or too complex" in response.content.decode()
        # The connection is fine afterwards: the next search is answered.
        assert client.get("/?q=peace").status_code == 200
    finally:
        # The connection keeps the public limit until its next request; the test's own
        # clean-up (a flush of every table) is no public read.
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
def test_an_api_search_that_hits_the_timeout_answers_json_503(client, settings, sample_letters):
    settings.LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS = 300
    try:
        with search_table_locked():
            response = client.get("/api/v1/letters/", {"q": "peace"})
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        body = response.json()
        assert body["status"] == 503
        assert "took longer" in body["message"]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
