"""Real-browser fixtures: headless Debian Chromium driven by Playwright's sync API.

``playwright install`` cannot download here, so the tests launch the system
``/usr/bin/chromium`` (DESIGN.md §7). Without it they skip with a reason, except
in CI (``CI=true``), where a missing browser is a failure.

Use with pytest-django's ``live_server``::

    @pytest.mark.browser
    def test_home(page, live_server):
        page.goto(live_server.url)
        screenshot(page, "home")
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import make_letter

# Playwright's sync API runs an asyncio event loop in the test thread, and Django
# refuses ORM calls from a thread with a running loop unless told this is safe.
# It is: the loop only drives the browser; the ORM calls stay synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: run scripts/ensure-chromium (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium per test module; each test gets its own context (cookies, storage).

    Module scope, not session: while Playwright runs, its event loop counts as
    running in this thread, which would break ``async_to_sync`` in later, unrelated
    test modules.
    """
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A page in a fresh browser context: nothing leaks between tests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under tests/screenshots/ (git-ignored) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def exchange(sample_letters):
    """Armenia's letter sample 004 answers, and Armenia's answer to 004: a thread."""
    answered = make_letter(
        symbol="A/75/861–S/2021/392",
        state="Armenia",
        dated="22 April 2021",
        filename="armenia-1.txt",
        body="I have the honour to write about the so-called Military Trophy Park in Baku.",
    )
    answer = make_letter(
        symbol="A/75/900–S/2021/480",
        state="Armenia",
        dated="20 May 2021",
        filename="armenia-2.txt",
        body="With reference to the letter dated 7 May 2021 from the Permanent Representative "
        "of Azerbaijan to the United Nations addressed to you, I have the honour to reply.",
    )
    return {"answered": answered, "answer": answer, **sample_letters}
