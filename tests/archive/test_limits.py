"""Every public door limited per client (archive.limits), the client read through the
trusted proxies (archive.clients), and the admin login locking the attacker, not the
account. Real PostgreSQL throughout: the counts, the row locks that keep concurrent
requests in line and the advisory locks that are the heavy requests' slots."""

from __future__ import annotations

import contextlib
import threading

import psycopg
import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import RequestFactory

from archive import limits
from archive.clients import client_address, client_key

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


@pytest.fixture
def limited(settings):
    """The production limits, small enough to reach in a test."""
    settings.LETTERS_PAGE_RATE = "3/minute"
    settings.LETTERS_API_RATE = "3/minute"
    settings.LETTERS_EXPORT_RATE = "3/minute"
    settings.LETTERS_FEED_RATE = "3/minute"
    settings.LETTERS_OAI_RATE = "3/minute"
    settings.LETTERS_CLIENT_HEAVY_REQUESTS = 2
    settings.LETTERS_HOST_BULK_REQUESTS = 3
    return settings


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


# --- the client's address ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "client"),
    [
        pytest.param(0, "192.0.2.7", None, "192.0.2.7", id="no-proxy"),
        pytest.param(0, "192.0.2.7", "203.0.113.9", "192.0.2.7", id="no-proxy-forged-header"),
        pytest.param(1, PROXY, "203.0.113.9", "203.0.113.9", id="one-proxy"),
        pytest.param(1, PROXY, "198.51.100.1, 203.0.113.9", "203.0.113.9", id="one-proxy-forged"),
        pytest.param(2, PROXY, "198.51.100.1, 203.0.113.9, 10.0.0.5", "203.0.113.9", id="two"),
        pytest.param(2, PROXY, "203.0.113.9", "203.0.113.9", id="two-but-one-address"),
        pytest.param(1, PROXY, None, PROXY, id="one-proxy-no-header"),
        pytest.param(1, PROXY, "not-an-address", PROXY, id="one-proxy-garbage"),
        pytest.param(1, PROXY, "2001:DB8::1", "2001:db8::1", id="ipv6"),
    ],
)
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(
    settings, proxies, remote, forwarded, client
):
    settings.LETTERS_TRUSTED_PROXIES = proxies
    assert client_address(request_from(remote, forwarded)) == client


def test_ipv6_clients_are_counted_by_their_64_network(settings):
    settings.LETTERS_TRUSTED_PROXIES = 0
    one, same_network = request_from("2001:db8:1:2::1"), request_from("2001:db8:1:2:ffff::9")
    assert client_key(one) == client_key(same_network) == "2001:db8:1:2::/64"
    assert client_key(request_from("::ffff:192.0.2.1")) == "192.0.2.1"
    assert client_key(request_from("192.0.2.1")) == "192.0.2.1"


# --- rates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "content_type", "said"),
    [
        pytest.param("/sessions/", "text/html", b"Too many requests", id="page"),
        pytest.param("/api/v1/states/", "application/json", b'"status": 429', id="api"),
        pytest.param("/export.csv", "text/plain", b"Too many requests", id="export"),
        pytest.param("/feeds/search.atom", "text/plain", b"Too many requests", id="feed"),
        pytest.param("/oai?verb=Identify", "text/plain", b"Too many requests", id="oai"),
    ],
)
def test_every_door_answers_429_with_retry_after_past_its_rate(
    client, limited, sample_letters, url, content_type, said
):
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)  # sent whole: the response is closed
    refused = client.get(url)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith(content_type)
    assert said in refused.content
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "frame-ancestors 'none'" in refused["Content-Security-Policy"]
    # Another client is served; the same client at another door too.
    assert client.get(url, REMOTE_ADDR="192.0.2.50").status_code == 200
    other_door = "/letters/1/" if url.startswith("/api/") else "/api/v1/sessions/"
    assert client.get(other_door).status_code in {200, 404}


def test_the_rate_refills_at_its_pace(db):
    rate = limits.Rate.parse("2/second")
    assert limits.take("test:refill", rate) is None
    assert limits.take("test:refill", rate) is None
    wait = limits.take("test:refill", rate)
    assert 0 < wait <= 0.5
    with connection.cursor() as cursor:  # half a second later, as the clock would have it
        cursor.execute(
            "UPDATE client_rate SET tat = tat - interval '0.5 s' WHERE key = %s", ["test:refill"]
        )
    assert limits.take("test:refill", rate) is None
    assert limits.take("test:refill", rate) is not None


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("60/minute", limits.Rate(60, 60)),
        ("1/s", limits.Rate(1, 1)),
        ("1000/hour", limits.Rate(1000, 3600)),
        (" 5/day ", limits.Rate(5, 86400)),
        ("", None),
    ],
)
def test_rates_are_read_as_drf_writes_them(text, rate):
    assert limits.Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["60", "x/minute", "0/minute", "-1/minute", "60/fortnight"])
def test_a_bad_rate_is_refused(text):
    with pytest.raises(ValueError, match="is not a rate"):
        limits.Rate.parse(text)


@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_of_one_client_are_counted_one_after_the_other():
    """Six workers asking at once, 120 requests against 60 a minute: exactly 60 pass (the
    cache-based count this replaced let 100 through)."""
    rate = limits.Rate.parse("60/minute")
    allowed = []
    start = threading.Barrier(6)

    def worker() -> None:
        try:
            start.wait()
            mine = sum(limits.take("test:race", rate) is None for _ in range(20))
            allowed.append(mine)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 60
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM client_rate")


def test_old_counts_are_swept(db, monkeypatch):
    monkeypatch.setattr(limits, "SWEEP_EVERY", 1)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO client_rate VALUES ('test:old', now() - interval '1 hour')")
    limits.take("test:new", limits.Rate(1, 60))
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(key) FROM client_rate")
        assert cursor.fetchone()[0] == ["test:new"]


# --- heavy requests -----------------------------------------------------------------------


@contextlib.contextmanager
def slots_held(name: str, count: int):
    """Hold ``count`` slots of ``name`` from another connection, as other workers would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        try:
            for number in range(count):
                key = limits.slot_key(name, number)
                assert other.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]
            yield other
        finally:
            # Released before the block ends: closing the connection would free them only
            # when its backend exits, a moment later (a busy machine made the next request
            # find them still held).
            other.execute("SELECT pg_advisory_unlock_all()")


def free(name: str, number: int) -> bool:
    """Whether slot ``number`` of ``name`` is free, asked from another connection."""
    with slots_held(name, 0) as other:
        key = limits.slot_key(name, number)
        taken = other.execute("SELECT pg_try_advisory_lock(%s)", [key]).fetchone()[0]
        if taken:
            other.execute("SELECT pg_advisory_unlock(%s)", [key])
        return taken


def test_a_client_with_two_heavy_requests_running_is_told_to_wait(client, limited, sample_letters):
    settings = limited
    settings.LETTERS_PAGE_RATE = settings.LETTERS_EXPORT_RATE = ""
    with slots_held("client:127.0.0.1", 2):
        refused = client.get("/export.csv")
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(limits.BUSY_RETRY_SECONDS)
        assert "running" in refused.content.decode()
        assert client.get("/?q=peace").status_code == 429  # a search that counts is heavy
        assert client.get("/?kind=letter").status_code == 200  # counted from the cache: not
        assert client.get("/sessions/").status_code == 200  # a page is never heavy
        assert client.get("/export.csv", REMOTE_ADDR="192.0.2.9").status_code == 200
    assert client.get("/?q=peace").status_code == 200


def test_a_host_running_its_bulk_reads_still_serves_searches(client, limited, sample_letters):
    settings = limited
    settings.LETTERS_PAGE_RATE = settings.LETTERS_OAI_RATE = ""
    import socket

    with slots_held(f"host:{socket.gethostname()}", 3):
        refused = client.get("/oai", {"verb": "Identify"}, REMOTE_ADDR="192.0.2.10")
        assert refused.status_code == 429
        assert refused["Content-Type"].startswith("text/plain")
        assert client.get("/?q=peace", REMOTE_ADDR="192.0.2.10").status_code == 200
        # The refused request gave back the client slot it had taken.
        assert free("client:192.0.2.10", 0)


@pytest.mark.urls("tests.archive.streaming_urls")
def test_a_streamed_answer_holds_its_slots_until_the_body_is_sent(client, limited, sample_letters):
    # A bulk door's streamed answer (a prepared export's file, the archive's dump).
    import socket

    limited.LETTERS_EXPORT_RATE = ""
    response = client.get("/streamed")
    assert response.status_code == 200
    assert not free("client:127.0.0.1", 0)
    assert not free(f"host:{socket.gethostname()}", 0)
    body = b"".join(response.streaming_content)
    assert body.count(b"\n") == 10
    assert free("client:127.0.0.1", 0)
    assert free(f"host:{socket.gethostname()}", 0)


def test_a_failing_heavy_request_gives_its_slots_back(client, limited, sample_letters, monkeypatch):
    from letters.search import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "search_page", broken)
    client.raise_request_exception = False
    assert client.get("/?q=peace").status_code == 500
    assert free("client:127.0.0.1", 0)


def test_staff_and_the_admin_are_not_limited(client, admin_client, limited, sample_letters):
    with slots_held("client:127.0.0.1", 2):
        for _ in range(5):
            assert admin_client.get("/?q=peace").status_code == 200
            assert admin_client.get("/admin/").status_code == 200
        assert client.get("/healthz").status_code == 200


# --- the admin login ---------------------------------------------------------------------


def login(client, password: str, address: str):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def test_a_strangers_wrong_passwords_never_lock_out_the_editor(client, settings):
    """Behind the TLS proxy every request comes from the proxy's address: the throttle
    must key on the address the proxy saw, so it locks the stranger, not the account."""
    settings.LETTERS_TRUSTED_PROXIES = 1
    User.objects.create_user("editor", password="the right one", is_staff=True)
    stranger, editor = "203.0.113.66", "198.51.100.4"
    for _ in range(10):
        assert login(client, "wrong", stranger).status_code in {200, 429}
    assert login(client, "the right one", stranger).status_code == 429  # the stranger is locked
    # Forging the header does not free the stranger: the proxy appends the real address.
    assert login(client, "the right one", f"{editor}, {stranger}").status_code == 429
    signed_in = login(client, "the right one", editor)
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.urls("tests.archive.streaming_urls")
def test_slots_a_response_never_closed_left_are_given_back_at_the_next_request(
    client, limited, sample_letters
):
    limited.LETTERS_EXPORT_RATE = limited.LETTERS_PAGE_RATE = ""
    assert client.get("/streamed").status_code == 200  # its body never read
    assert not free("client:127.0.0.1", 0)
    assert client.get("/sessions/").status_code == 200
    assert free("client:127.0.0.1", 0)


def test_a_flood_of_clients_leaves_the_cached_counts_alone(client, settings, sample_letters):
    """The shared database cache culls a third of its keys, in key order, when full: the
    API's per-client counts once filled it and evicted every cached facet count. The
    counts now live in their own table, so the cache holds only what it caches."""
    from django.core.cache import cache
    from django.core.management import call_command

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "flood_test_cache",
            "OPTIONS": {"MAX_ENTRIES": 50},
        }
    }
    call_command("createcachetable", verbosity=0)
    settings.LETTERS_API_RATE = "60/minute"
    assert client.get("/?kind=letter").status_code == 200  # its counts are cached
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM flood_test_cache WHERE cache_key LIKE '%counts%'")
        cached = {key for (key,) in cursor.fetchall()}
    assert cached
    for n in range(60):
        assert client.get("/api/v1/sessions/", REMOTE_ADDR=f"192.0.2.{n + 1}").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM flood_test_cache")
        assert cached <= {key for (key,) in cursor.fetchall()}
    cache.clear()
