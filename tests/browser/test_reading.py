"""Reading a letter in a real Chromium, on a phone and at a desk: every public page fits
320, 375 and 768 px without sideways scrolling; a result's search is marked in its letter
and stepped through (with JavaScript, or by its plain links without); paragraphs are
linked; the letter page passes axe and still prints as a document."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from letters.intake.ingest import ingest_letter
from letters.intake.reading import read_letter
from letters.models import AgendaTopic, CitedDocument, Letter, Person
from tests.browser import axe
from tests.browser.conftest import screenshot
from tests.factories import letter_text, make_letter
from tests.search.test_languages import FRENCH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 375, 768]

# What widens a page when nothing wraps: a long joint symbol, a long URL in the text, a
# long agenda topic, a long annex heading, a long name.
LONG_WORD = "https://undocs.org/en/" + "A/HRC/WG.6/40/AZE/1/Corr.1/" * 6
LONG_TOPIC = "Report of the Economic and Social Council on the implementation of " + "x" * 90
LONG_ANNEX = f"""

Annex to the letter dated 3 March 2022 from the Permanent Representative of Norway to the United Nations addressed to the Secretary-General concerning {LONG_WORD}

Statement on the Arctic fisheries talks and {LONG_WORD}.

The fishery ministers met in Oslo and agreed on the quotas.
"""


def long_letter() -> Letter:
    text = letter_text(
        symbol="A/ES-10/2021/1234567/Corr.1–S/2021/1234567",
        item=99,  # an item of its own: the other letters' item 12 already has its topic
        topic=LONG_TOPIC,
        body=f"The Arctic fisheries talks, as set out at {LONG_WORD}, resumed in Oslo.\n\n"
        "The fishery ministers met twice and agreed on the quotas.",
        signer="Ambassadorextraordinaryandplenipotentiarywithaverylongname Juul",
    )
    read = read_letter((text + LONG_ANNEX).encode(), "long.txt")
    return ingest_letter(
        parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
    ).letter


def public_pages(letter: Letter, exchange: dict[str, Letter]) -> dict[str, str]:
    """One URL of every public page type, over ``letter`` and an ``exchange`` of letters
    (the ``exchange`` fixture). Pages that other parts of the archive add belong here too."""
    store_french_version()
    person = Person.objects.filter(signatures__letter=letter).first()
    document = CitedDocument.objects.filter(citations__letter=letter).first() or (
        CitedDocument.objects.first()
    )
    return {
        "search": reverse("letters:search"),
        "search-results": reverse("letters:search") + "?q=fisheries",
        "letter": letter.get_absolute_url(),
        "letter-searched": letter.get_absolute_url() + "?q=fisheries&page=1",
        "letter-version": reverse("letters:version", args=[version_letter().pk, "fr"]),
        "sessions": reverse("letters:sessions"),
        "session": letter.session.get_absolute_url(),
        "topics": reverse("letters:topics"),
        "topic": AgendaTopic.objects.get(title=LONG_TOPIC).get_absolute_url(),
        "cited-documents": reverse("letters:cited_list"),
        "cited-document": document.get_absolute_url(),
        "states": reverse("letters:states"),
        "state": letter.senders.get().get_absolute_url(),
        "person": person.get_absolute_url(),
        "not-found": "/letters/999999/",
        "bad-request": "/?session=not-a-number",
        "api-docs": "/api/docs/",
        # The links between letters (DESIGN.md §13): a thread's timeline, two States'
        # exchanges (all topics, one topic), the Charter's Articles, versions side by side.
        "thread": reverse("letters:thread", args=[exchange["answered"].pk]),
        "exchange": reverse("letters:exchange", args=["armenia", "azerbaijan"]),
        "exchange-topic": reverse(
            "letters:exchange_topic",
            args=["armenia", "azerbaijan", exchange["answered"].agenda_items.get().topic.slug],
        ),
        "charter-list": reverse("letters:charter"),
        "charter-article": reverse("letters:charter_article", args=["51"]),
        "side-by-side": reverse("letters:side_by_side", args=[version_letter().pk, "en", "fr"]),
    }


def version_letter() -> Letter:
    return Letter.objects.get(symbols__symbol="A/76/500")


def store_french_version() -> None:
    if not Letter.objects.filter(symbols__symbol="A/76/500").exists():
        make_letter(symbol="A/76/500–S/2022/100", body="The Arctic fisheries talks.")
        read = read_letter(FRENCH.encode(), "fr.txt")
        ingest_letter(parsed=read.parsed, source=read.data, filename=read.filename, text=read.text)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_public_page_fits_the_screen(page, live_server, exchange, width):
    letter = long_letter()
    make_letter(symbol="A/76/7", body="As resolution 9999 (2022) requests.", filename="cites.txt")
    make_letter(
        symbol="A/76/9",
        state="Armenia",
        filename="art51.txt",
        body=f"Armenia invokes Article 51 of the Charter of the United Nations; {LONG_WORD}.",
    )
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = {}
    for name, url in public_pages(letter, exchange).items():
        page.goto(live_server.url + url)
        if name == "api-docs":
            page.locator(".opblock").first.wait_for()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[name] = scroll_width
            screenshot(page, f"too-wide-{name}-{width}")
    assert too_wide == {}
    page.goto(live_server.url + letter.get_absolute_url() + "?q=fisheries")
    screenshot(page, f"letter-searched-{width}")


def test_a_result_carries_its_search_into_the_letter_and_back(page, live_server, sample_letters):
    letter = sample_letters["000"]
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/?q=referendum")
    page.locator(f"#result-{letter.pk} .result-title a").click()
    assert page.locator("h1").inner_text().startswith("Letter dated 27 December 2006")
    find = page.get_by_role("navigation", name="“referendum” in this letter")
    assert find.locator(".find-summary").inner_text() == "5 matches: 1 in the letter, 4 in Annex."
    marked = page.locator("mark").all_inner_texts()
    assert [m.lower() for m in marked] == ["referendum"] * 5

    # The bar at the foot of the screen steps through them, wrapping round.
    position = page.locator(".find-position")
    assert position.inner_text() == "5 matches"
    page.get_by_role("button", name="Next match").click()
    assert position.inner_text() == "Match 1 of 5"
    assert page.url.endswith("#m1")
    assert page.locator("mark.current").get_attribute("id") == "m1"
    page.get_by_role("button", name="Next match").click()
    assert position.inner_text() == "Match 2 of 5"
    assert page.locator("#m2").is_visible()
    assert page.evaluate(
        "(() => { const r = document.getElementById('m2').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; })()"
    )
    page.get_by_role("button", name="Previous match").click()
    page.get_by_role("button", name="Previous match").click()
    assert position.inner_text() == "Match 5 of 5"
    screenshot(page, "letter-stepping-phone")

    # And back to the results, at this letter.
    find.get_by_role("link", name="Back to the results").click()
    assert page.url == f"{live_server.url}/?q=referendum#result-{letter.pk}"
    assert page.locator("#results-heading").inner_text().startswith("2 letters")


def test_without_javascript_the_matches_are_a_list_of_links(browser, live_server, sample_letters):
    letter = sample_letters["000"]
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{letter.get_absolute_url()}?q=referendum")
        assert not page.locator(".find-step").is_visible()
        links = page.locator(".find-matches a")
        assert links.all_text_contents() == ["Match 1", "Match 2", "Match 3", "Match 4", "Match 5"]
        page.get_by_role("link", name="Match 3").click()
        assert page.url.endswith("#m3")
        outline = page.locator("#m3").evaluate("m => getComputedStyle(m).outlineStyle")
        assert outline == "solid"  # mark:target
        assert page.get_by_role("link", name="Back to the results").is_visible()
    finally:
        context.close()


def test_a_paragraph_link_shows_on_focus_and_copies_its_address(page, live_server, sample_letters):
    letter = sample_letters["004"]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + letter.get_absolute_url())
    link = page.get_by_role("link", name="Link to paragraph 4", exact=True)
    opacity = "l => getComputedStyle(l).opacity"
    assert link.evaluate(opacity) == "0"
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # a keyboard's focus, so :focus-visible
    assert link.evaluate(opacity) == "1"
    link.click()
    assert page.url.endswith(f"{letter.get_absolute_url()}#p4")
    # The clipboard answers a promise: the toast follows it.
    expect(page.locator(".toast")).to_have_text("Link to paragraph 4 copied.")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    target = page.locator("#p4")
    assert target.evaluate("p => p.matches(':target')")
    # Hovering a paragraph shows its link.
    other = page.locator("#p2")
    other.hover()
    assert other.locator(".para-link").evaluate(opacity) == "1"
    screenshot(page, "letter-paragraph-link")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_letter_page_passes_axe(page, live_server, sample_letters, width):
    page.set_viewport_size({"width": width, "height": 900})
    letter = sample_letters["000"]
    page.goto(f"{live_server.url}{letter.get_absolute_url()}?q=referendum")
    assert axe.violations(page) == []
    page.get_by_role("button", name="Next match").click()
    assert axe.violations(page) == []
    page.goto(f"{live_server.url}/?q=referendum")
    assert axe.violations(page) == []


def test_the_letter_still_prints_as_a_document(page, live_server, sample_letters):
    letter = sample_letters["000"]
    page.goto(f"{live_server.url}{letter.get_absolute_url()}?q=referendum#p2")
    page.emulate_media(media="print")
    for hidden in (".find", ".find-step", ".para-link", ".site-header nav", ".cite-actions"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("#p1").is_visible()
    assert page.locator("#annex-1-p1").is_visible()
    background = page.locator("#m1").evaluate("m => getComputedStyle(m).backgroundColor")
    assert background == "rgba(0, 0, 0, 0)"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    text = re.sub(r"\s+", " ", page.locator("main").inner_text())
    assert "We, the participants of the Congress of National Minorities" in text
