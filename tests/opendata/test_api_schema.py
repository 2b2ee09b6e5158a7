"""The OpenAPI schema and the docs page: the schema is valid and every response of the
API keeps to it (schemathesis, property-based, a bounded number of examples per
operation), and the docs page works offline under the site's Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.browser import axe
from tests.browser import conftest as browser_fixtures
from tests.factories import make_letter

# The real-browser fixtures, for the docs page's test.
browser = browser_fixtures.browser
page = browser_fixtures.page

# Examples per operation: 13 operations, well under a minute in all on this machine.
EXAMPLES = 25

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture
def api_letters(sample_letters, settings):
    """The sample letters and one joint-symbol letter citing a resolution; no rate limit
    (the generated requests all come from one address)."""
    settings.LETTERS_API_RATE = ""
    make_letter(
        symbol="A/76/500–S/2022/100",
        body="As resolution 9999 (2022) requests.",
        filename="joint.txt",
    )
    # Requests go through the real WSGI handler, which closes the database connection
    # after each one, and with it the test's transaction; Django's test client keeps it
    # open the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield sample_letters
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the letters are only read
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_response_keeps_to_the_schema(case, api_letters):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )


def test_the_schema_is_openapi_3_and_lists_every_endpoint(client, db):
    document = client.get("/api/schema/").json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/letters/",
        "/api/v1/letters/{id}/",
        "/api/v1/symbols/{symbol}",
        "/api/v1/sessions/",
        "/api/v1/sessions/{number}/",
        "/api/v1/agenda/",
        "/api/v1/agenda/{slug}/",
        "/api/v1/cited/",
        "/api/v1/cited/{key}",
        "/api/v1/people/",
        "/api/v1/people/{id}/",
        "/api/v1/states/",
        "/api/v1/states/{slug}/",
    }
    assert all(set(path) == {"get"} for path in document["paths"].values())


def test_the_docs_page_has_no_inline_code_and_no_outside_assets(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "<style" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    assert all('src="/static/' in attrs or 'src="/api/docs/?' in attrs for attrs, _ in scripts)
    assert all(not body.strip() for _, body in scripts)
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert urls
    assert all(url.startswith("/") and not url.startswith("//") for url in urls)
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b'"/api/schema/"' in script.content


# Last in the module: the browser fixture keeps Playwright's event loop open for the
# rest of the module (tests/browser/conftest.py).
@pytest.mark.browser
def test_the_docs_page_works_offline_under_the_csp(page, live_server):
    problems, outside = [], []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda r: None if r.url.startswith((live_server.url, "data:")) else outside.append(r.url),
    )
    response = page.goto(live_server.url + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".opblock-summary-path", has_text="/api/v1/letters/").first.wait_for()
    assert page.locator(".opblock").count() == 13
    browser_fixtures.screenshot(page, "api-docs")
    assert problems == []
    assert outside == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
def test_the_docs_page_passes_axe_and_fits_the_screen(page, live_server, width):
    """No serious or critical axe rule as the page loads, with an operation open, and after
    trying it out (Swagger UI draws more then: parameter choices, the response); and no
    sideways scrolling on a phone."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/api/docs/")
    assert page.locator("html").get_attribute("lang") == "en"
    operation = page.locator("#operations-letters-letters_list")
    operation.locator(".opblock-summary-control").wait_for()
    assert axe.violations(page) == []
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("combobox", name="sort").wait_for()
    assert axe.violations(page) == []
    operation.get_by_role("button", name="Execute").click()
    operation.locator(".live-responses-table").wait_for()
    page.wait_for_timeout(500)  # Swagger UI's buttons fade in over 0.3 s
    assert axe.violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    browser_fixtures.screenshot(page, f"api-docs-{width}")
