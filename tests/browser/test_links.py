"""Links between letters in a real Chromium: the letter page's reply links, the thread
page, the chart's bars as filters (with and without JavaScript), each page axe-clean at
1280 and 375 px, within the Content-Security-Policy and without sideways scrolling."""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import violations
from tests.browser.conftest import screenshot
from tests.factories import make_letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def csp_errors(page):
    """Console messages of the Content-Security-Policy refusing something."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def check_page(page, name: str, *, within: str = "html") -> None:
    """axe-clean at both widths, a screenshot of each, and on a phone nothing of
    ``within`` (every element matching it) reaching past the screen's right edge."""
    for size, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        assert violations(page) == [], (name, label)
        screenshot(page, f"{name}-{label}")
    rights = page.eval_on_selector_all(
        within, "nodes => nodes.map(n => n.scrollWidth + n.getBoundingClientRect().left)"
    )
    assert rights, (name, within)
    assert max(rights) <= PHONE["width"], (name, within, rights)
    page.set_viewport_size(DESKTOP)


def test_reply_links_and_the_thread_page(page, live_server, exchange, csp_errors):
    reply = exchange["004"]
    page.goto(live_server.url + reply.get_absolute_url())
    # The letter page's own parts are another's; its links and similar letters are checked.
    check_page(page, "letter-replies", within="section.replies, section.similar, .metadata")
    replies = page.locator("section.replies")
    # "In reply to" leads to the letter answered, whose "Answered by" leads back.
    replies.get_by_role("link", name=re.compile("^Letter dated 22 April 2021")).click()
    assert page.url.endswith(exchange["answered"].get_absolute_url())
    answered_by = page.locator(".reply-links dt", has_text="Answered by")
    assert answered_by.count() == 1
    page.locator("section.replies").get_by_role(
        "link", name=re.compile("^Letter dated 7 May 2021")
    ).click()
    assert page.url.endswith(reply.get_absolute_url())

    page.get_by_role("link", name="The whole exchange on one timeline").click()
    assert page.locator("h1").inner_text() == "Exchange of letters: Armenia ↔ Azerbaijan"
    dates = page.locator(".thread-side time").all_inner_texts()
    assert dates == ["22 April 2021", "7 May 2021", "20 May 2021"]
    unanswered = page.locator(".timeline .unanswered")
    assert unanswered.count() == 1
    # A reply's arrow leads to the letter it answers, on the same timeline.
    page.locator(".replies-to a").first.click()
    assert page.url.endswith(f"#letter-{exchange['answered'].pk}")
    check_page(page, "thread")
    assert csp_errors == []


def test_each_bar_of_the_chart_narrows_the_search(page, live_server, exchange, csp_errors):
    page.goto(f"{live_server.url}/?q=Armenia")
    bars = page.locator("svg.chart-bars a")
    names = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
    assert len(names) >= 4
    check_page(page, "search-chart")
    for name in names:
        label, count = re.fullmatch(r"(.+): (\d+) letters?", name).groups()
        page.goto(f"{live_server.url}/?q=Armenia")
        page.get_by_role("link", name=name, exact=True).click()
        heading = page.locator("#results-heading").inner_text()
        assert heading.startswith(f"{count} letter"), (name, heading)
        chip = "Year of the letter" if label.isdigit() else "GA session"
        assert page.get_by_role("link", name=re.compile(f"^Remove filter {chip}")).count() == 1
    assert csp_errors == []


def test_the_chart_works_without_javascript(browser, live_server, exchange):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/?q=Armenia")
        page.get_by_role("link", name=re.compile(r"^2021: \d+ letters?$")).click()
        assert "year=2021" in page.url
        # The numbers are there as text as well, a table behind a summary.
        page.goto(f"{live_server.url}/states/azerbaijan/")
        page.locator("summary", has_text="The counts by year").click()
        page.get_by_role("rowheader", name="2021").get_by_role("link").click()
        assert "state=azerbaijan" in page.url
        assert "year=2021" in page.url
    finally:
        context.close()


def test_the_other_link_pages_are_accessible(page, live_server, exchange, csp_errors):
    make_letter(
        symbol="A/76/9",
        state="Armenia",
        filename="art51.txt",
        body="Armenia reserves its right of self-defence under Article 51 of the Charter of the "
        "United Nations.",
    )
    from letters.intake.ingest import ingest_letter
    from letters.intake.reading import read_letter
    from tests.browse.test_links_pages import FRENCH

    read = read_letter(FRENCH.encode(), "fr.txt")
    ingest_letter(parsed=read.parsed, source=read.data, filename="fr.txt", text=read.text)
    answered = exchange["answered"]
    for name, path in [
        ("exchange", "/exchanges/armenia/azerbaijan/"),
        ("charter-list", "/charter/"),
        ("charter-51", "/charter/51/"),
        ("state", "/states/armenia/"),
        ("side-by-side", f"/letters/{answered.pk}/en/fr/"),
    ]:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, name
        check_page(page, name)
    assert csp_errors == []
