"""The letter page's "Cite this letter" block in a real Chromium: the copy button."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import make_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_copy_citation_puts_the_citation_on_the_clipboard(page, live_server):
    letter = make_letter(symbol="A/76/500–S/2022/100")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + letter.get_absolute_url())
    citation = page.get_by_label("Citation")
    text = citation.input_value()
    assert text.startswith("Letter dated 3 March 2022 from the Permanent Representative of Norway")
    assert "(A/76/500–S/2022/100), 7 March 2022. Available from " in text
    button = page.get_by_role("button", name="Copy citation")
    button.click()  # hidden in the HTML: visible only because the script showed it
    # The clipboard answers a promise: the status follows it.
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == text
    screenshot(page, "letter-cite")


def test_without_javascript_the_citation_is_there_and_no_button(browser, live_server):
    letter = make_letter(symbol="A/76/500–S/2022/100")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + letter.get_absolute_url())
        assert page.get_by_label("Citation").input_value().startswith("Letter dated 3 March 2022")
        assert not page.get_by_role("button", name="Copy citation").is_visible()
        assert page.get_by_role("link", name="RIS").get_attribute("href").endswith("/cite.ris")
    finally:
        context.close()
