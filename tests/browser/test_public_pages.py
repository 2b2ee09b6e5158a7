"""The public pages in a real headless Chromium: search, facets, chips, a letter, a citation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot
from tests.factories import make_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def results_heading(page) -> str:
    return page.locator("#results-heading").inner_text()


def test_search_facet_chip_letter_and_citation(page, live_server, sample_letters):
    answered = make_letter(symbol="A/75/861–S/2021/392", state="Armenia", filename="armenia.txt")

    page.goto(live_server.url)
    page.get_by_label("Words, a phrase in quotes").fill("referendum")
    page.get_by_role("button", name="Search", exact=True).click()
    assert results_heading(page).startswith("2 letters")
    screenshot(page, "search-desktop")

    # Narrow with a facet, then remove it with its chip.
    page.locator("#facet-session + ul").get_by_role("link", name="61st session").click()
    assert results_heading(page).startswith("1 letter")
    assert "session=61" in page.url
    chip = page.get_by_role("link", name="Remove filter GA session: 61st session")
    chip.click()
    assert results_heading(page).startswith("2 letters")
    assert "session=61" not in page.url

    # Open the reply (sample 004) and follow its citation to the letter it answers.
    page.get_by_label("Words, a phrase in quotes").fill('"Military Trophy Park"')
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator(".result-title a").first.click()
    assert page.locator("h1").inner_text().startswith("Letter dated 7 May 2021")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "letter-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "letter-phone")
    page.get_by_role("link", name="A/75/861-S/2021/392").click()
    assert page.url.endswith(answered.get_absolute_url())
    # …and back through "Cited by".
    page.locator(".cited-by a").first.click()
    assert page.locator("h1").inner_text().startswith("Letter dated 7 May 2021")

    page.goto(f"{live_server.url}/?q=Azerbaijan")
    screenshot(page, "search-phone")
    # On a phone the page does not scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_pages_work_without_javascript(browser, live_server, sample_letters):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/?q=referendum")
        page.get_by_label("Sort by").select_option("oldest")
        page.get_by_role("button", name="Apply", exact=True).click()
        assert "sort=oldest" in page.url
        titles = page.locator(".result-title a").all_inner_texts()
        assert titles[0].startswith("Letter dated 27 December 2006")
    finally:
        context.close()
