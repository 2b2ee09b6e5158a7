"""The read-replica router on real connections: ``replica`` is Django's test mirror of
``default`` (tests/settings.py), so it reads the same test database over its own
connection, and each test sees which connection a query went through."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from archive import routers

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def _replica(settings):
    settings.DATABASE_REPLICAS = ["replica"]


class Queries:
    """Counts the statements run on the primary and on the replica."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc_info):
        self.replica.__exit__(*exc_info)
        self.primary.__exit__(*exc_info)


def test_reads_go_to_the_replica_and_see_what_the_primary_committed():
    User.objects.create(username="editor")
    with routers.scope(), Queries() as queries:
        assert User.objects.filter(username="editor").exists()
    assert len(queries.replica) == 1
    assert len(queries.primary) == 0


def test_after_a_write_the_rest_of_the_work_reads_the_primary():
    with routers.scope() as work, Queries() as queries:
        assert not work.wrote
        User.objects.create(username="editor")
        assert work.wrote
        assert User.objects.filter(username="editor").exists()
    assert len(queries.replica) == 0
    assert len(queries.primary) == 2


def test_reads_inside_a_transaction_stay_on_the_primary():
    with routers.scope(), Queries() as queries, transaction.atomic():
        User.objects.count()
    assert len(queries.replica) == 0


def test_the_cache_table_is_read_on_the_primary():
    cache_entry = DatabaseCache("django_cache", {}).cache_model_class
    assert routers.PrimaryReplicaRouter().db_for_read(cache_entry) == "default"


def test_migrations_run_on_the_primary_only():
    router = routers.PrimaryReplicaRouter()
    assert router.allow_migrate("default", "letters")
    assert not router.allow_migrate("replica", "letters")


def test_without_replicas_every_read_is_on_the_primary(settings):
    settings.DATABASE_REPLICAS = []
    with routers.scope(), Queries() as queries:
        User.objects.count()
    assert len(queries.replica) == 0


def _count_users(request):
    return HttpResponse(str(User.objects.count()))


def _create_user(request):
    User.objects.create(username="from-a-get")
    return HttpResponse(str(User.objects.count()))


@pytest.mark.parametrize(
    ("method", "cookie", "reads_on"),
    [
        pytest.param("get", None, "replica", id="get"),
        pytest.param("post", None, "default", id="post-pinned"),
        pytest.param("get", "future", "default", id="get-after-a-recent-write"),
        pytest.param("get", "past", "replica", id="get-after-the-pin-expired"),
        pytest.param("get", "junk", "replica", id="get-with-a-forged-cookie"),
    ],
)
def test_middleware_pins_writers_and_recent_writers(method, cookie, reads_on):
    request = getattr(RequestFactory(), method)("/")
    if cookie:
        request.COOKIES[routers.PIN_COOKIE] = {
            "future": str(int(time.time()) + 60),
            "past": str(int(time.time()) - 1),
            "junk": "soon",
        }[cookie]
    with Queries() as queries:
        response = routers.PinToPrimaryMiddleware(_count_users)(request)
    used = {"default": len(queries.primary), "replica": len(queries.replica)}
    assert used[reads_on] == 1
    assert sum(used.values()) == 1
    assert (routers.PIN_COOKIE in response.cookies) == (method == "post")


def test_a_get_that_writes_pins_its_client(settings):
    settings.DATABASE_PIN_SECONDS = 7
    with Queries() as queries:
        response = routers.PinToPrimaryMiddleware(_create_user)(RequestFactory().get("/"))
    assert len(queries.replica) == 0
    pin = response.cookies[routers.PIN_COOKIE]
    assert pin["max-age"] == 7
    assert pin["httponly"]
    assert int(pin.value) > time.time()


def test_the_pin_ends_with_the_request():
    with routers.scope():
        routers.PinToPrimaryMiddleware(_create_user)(RequestFactory().get("/"))
        assert not routers.pinned_to_primary()


def test_a_search_reads_its_statements_on_the_replica():
    # The statements written by hand (counting, ranking, names, result rows) are routed
    # like the ORM's reads, not sent to the primary's connection.
    from django.http import QueryDict

    from letters.search.pipeline import search_page
    from tests.factories import make_letter

    make_letter(body="The Security Council met about the question of peace.")
    with routers.scope(), Queries() as queries:
        page = search_page(QueryDict('q="security council"'), from_cache=False)
    assert page.total == 1
    assert len(page.page.object_list) == 1
    on_primary = [q["sql"] for q in queries.primary.captured_queries]
    assert not [sql for sql in on_primary if "letters_searchentry" in sql or "ts_headline" in sql]
    on_replica = " ".join(q["sql"] for q in queries.replica.captured_queries)
    assert "count(*)" in on_replica
    assert "ts_headline" in on_replica
