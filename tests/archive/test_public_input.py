"""What a visitor sends is cleaned in one place (archive.middleware.PublicInputMiddleware):
repeats merged, counts and lengths capped, control characters refused with a clear 400."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from archive.middleware import PublicInputMiddleware

pytestmark = pytest.mark.django_db


def clean(url: str):
    request = RequestFactory().get(url)
    problem = PublicInputMiddleware(lambda r: HttpResponse()).clean(request)
    return request, problem


@pytest.mark.parametrize(
    ("url", "said"),
    [
        pytest.param(
            "/?agenda=%00", "“agenda” contains a control character (U+0000 NUL)", id="nul-value"
        ),
        pytest.param(
            "/symbol/A%00B", "address contains a control character (U+0000", id="nul-symbol-path"
        ),
        pytest.param(
            "/cited/a%00b", "address contains a control character (U+0000", id="nul-cited-path"
        ),
        pytest.param("/?%00=1", "parameter name contains a control character", id="nul-name"),
        pytest.param("/?q=peace%0Aand", "“q” contains a control character (U+000A", id="newline"),
        pytest.param("/?q=%1B%5B2J", "U+001B", id="escape"),
        pytest.param("/?q=%C2%85", "U+0085", id="c1-control"),
        pytest.param("/?q=%7F", "U+007F", id="delete"),
        pytest.param(
            "/letters/1/%09", "address contains a control character (U+0009", id="tab-in-path"
        ),
        pytest.param("/static/css/archive.css%00", "address contains", id="static-path"),
        pytest.param("/admin/?q=%00", "value of “q” contains", id="admin-too"),
        pytest.param("/healthz?x=%00", "value of “x” contains", id="health-too"),
    ],
)
def test_control_characters_are_refused_everywhere(client, url, said):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert said in response.content.decode()


def test_repeated_values_are_merged_in_order():
    request, problem = clean("/?state=b&kind=letter&state=a&state=b&kind=letter&q=x")
    assert problem is None
    assert request.GET.getlist("state") == ["b", "a"]
    assert request.GET.getlist("kind") == ["letter"]
    assert request.GET.getlist("q") == ["x"]
    assert request.META["QUERY_STRING"] == "state=b&state=a&kind=letter&q=x"
    assert not request.GET._mutable


def test_a_query_without_repeats_is_left_as_sent():
    request, problem = clean("/?q=peace%20talks&kind=letter")
    assert problem is None
    assert request.META["QUERY_STRING"] == "q=peace%20talks&kind=letter"


def test_a_thousand_repeats_make_one_chip_not_a_huge_page(client, sample_letters):
    once = client.get("/?kind=letter")
    many = client.get("/?" + "&".join(["kind=letter"] * 500))
    assert once.status_code == many.status_code == 200
    # The finding: each repeat got a chip whose link repeated all others (17 MB for 1000).
    assert len(many.content) == len(once.content)


def test_too_many_values_of_one_parameter(client, settings):
    settings.LETTERS_MAX_VALUES_PER_PARAM = 3
    assert client.get("/?x=a&x=b&x=c&x=a").status_code == 200  # repeats merged first
    response = client.get("/?x=a&x=b&x=c&x=d")
    assert response.status_code == 400
    assert "Too many values of “x” (4); the limit is 3." in response.content.decode()


def test_too_many_parameters(client, settings):
    settings.LETTERS_MAX_PARAMS = 3
    assert client.get("/?a=1&b=2&c=3").status_code == 200
    response = client.get("/?a=1&b=2&c=3&d=4")
    assert response.status_code == 400
    assert "Too many parameters (4); the limit is 3." in response.content.decode()


def test_more_fields_than_django_parses_is_a_clear_400(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = client.get("/?" + "&".join(f"x={n}" for n in range(10)))
    assert response.status_code == 400
    assert "Too many parameters" in response.content.decode()


def test_query_string_length_is_capped(client, settings):
    settings.LETTERS_MAX_QUERY_STRING_BYTES = 100
    assert client.get("/?q=" + "a" * 98).status_code == 200
    response = client.get("/?q=" + "a" * 99)
    assert response.status_code == 400
    assert "The query string is 101 bytes long; the limit is 100." in response.content.decode()


def test_default_limits_are_generous():
    from django.conf import settings

    assert settings.LETTERS_MAX_QUERY_STRING_BYTES == 6144
    assert settings.LETTERS_MAX_PARAMS >= 20
    assert settings.LETTERS_MAX_VALUES_PER_PARAM >= 20


def test_the_refusal_page_escapes_what_it_repeats(client):
    response = client.get("/?%3Cscript%3E=%00")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_djangos_own_bad_request_uses_the_same_page(client):
    response = client.get("/", HTTP_HOST="not-this-archive.example")
    assert response.status_code == 400
    assert "The request was malformed." in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/?q=%00", id="page"),
        pytest.param("/api/v1/letters/?q=%00", id="api"),
        pytest.param("/?" + "q=" + "a" * 9000, id="too-long"),
    ],
)
def test_a_refusal_carries_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_gunicorn_reads_every_request_line_the_query_string_cap_allows():
    """A query string just over the archive's cap, on a path of up to 2,000 bytes, still
    fits gunicorn's request line, so it gets the archive's 400 page (with its headers),
    not gunicorn's bare 414. tests/archive/test_deploy.py sends one through gunicorn."""
    import runpy
    from pathlib import Path

    from django.conf import settings

    root = Path(__file__).resolve().parent.parent.parent
    gunicorn = runpy.run_path(str(root / "gunicorn.conf.py"))
    longest = (
        f"OPTIONS /{'p' * 1999}?{'q' * (settings.LETTERS_MAX_QUERY_STRING_BYTES + 1)} HTTP/1.1"
    )
    assert len(longest) <= gunicorn["limit_request_line"] <= 8190
