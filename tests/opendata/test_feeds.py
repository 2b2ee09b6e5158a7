"""The Atom feed of newly published letters."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from lxml import etree

from letters.models import Letter
from letters.opendata import feeds
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}


def entries(client) -> list:
    response = client.get(reverse("letters:feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return etree.fromstring(response.content).findall("a:entry", ATOM)


def test_newest_published_first_with_title_link_dates_and_summary(client, sample_letters):
    for n, key in enumerate(["002", "000", "004", "001", "003"]):
        Letter.objects.filter(pk=sample_letters[key].pk).update(
            published_at=datetime.datetime(2025, 1, 1 + n, tzinfo=datetime.UTC)
        )
    found = entries(client)
    order = {letter.pk: key for key, letter in sample_letters.items()}
    links = [e.find("a:link", ATOM).get("href") for e in found]
    assert [order[int(link.rstrip("/").rsplit("/", 1)[1])] for link in links] == [
        "003",
        "001",
        "004",
        "000",
        "002",
    ]
    first = found[0]
    letter = Letter.objects.get(pk=sample_letters["003"].pk)
    assert first.findtext("a:title", namespaces=ATOM) == letter.title
    assert first.find("a:link", ATOM).get("href") == f"http://testserver/letters/{letter.pk}/"
    assert first.findtext("a:published", namespaces=ATOM).startswith("2025-01-05T00:00:00")
    assert first.findtext("a:updated", namespaces=ATOM) == letter.updated.isoformat()
    summary = first.find("a:summary", ATOM)
    assert summary.get("type") == "html"
    assert summary.text.startswith("dated 8 February 2021. ")


def test_summary_is_escaped_and_names_the_symbol(client, db):
    make_letter(
        symbol="A/76/500–S/2022/100",
        body="I write about <script>alert(1)</script> & <b>bold</b> claims.",
        filename="x.txt",
    )
    [entry] = entries(client)
    summary = entry.findtext("a:summary", namespaces=ATOM)
    # A reader unescapes the html summary once: it must still be text, not markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in summary
    assert "<script>" not in summary
    assert summary.startswith("A/76/500–S/2022/100 · dated 3 March 2022. ")


def test_drafts_and_the_bound(client, db, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    letters = [
        make_letter(symbol=f"A/76/{n}", filename=f"{n}.txt", body=f"Letter {n}.")
        for n in range(1, 6)
    ]
    Letter.objects.filter(pk=letters[-1].pk).update(published_at=None)
    links = [e.find("a:link", ATOM).get("href") for e in entries(client)]
    assert links == [f"http://testserver/letters/{letter.pk}/" for letter in letters[3::-1][:3]]


def test_feed_query_count_does_not_grow(client, django_assert_max_num_queries, sample_letters):
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("letters:feed"))
    for n in range(5):
        make_letter(symbol=f"A/76/{n + 1}", filename=f"{n}.txt", body=f"Letter {n}.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("letters:feed"))


def test_a_feed_of_given_letters_keeps_their_order(rf, sample_letters):
    wanted = [sample_letters["001"].pk, sample_letters["004"].pk, 999999]

    class GivenLetters(feeds.LetterFeed):
        def letter_ids(self, obj):
            return wanted

    response = GivenLetters()(rf.get("/feeds/some.atom"))
    found = etree.fromstring(response.content).findall("a:entry", ATOM)
    assert [e.find("a:link", ATOM).get("href") for e in found] == [
        f"http://testserver/letters/{pk}/" for pk in wanted[:2]
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\ufffe", id="U+FFFE"),
        pytest.param("\uffff", id="U+FFFF"),
        pytest.param("fish\ufdd0eries", id="U+FDD0"),
        pytest.param("\U0010fffe", id="U+10FFFE"),
    ],
)
def test_a_search_feed_of_noncharacters_is_well_formed(client, sample_letters, text):
    response = client.get(reverse("letters:search_feed"), {"q": text})
    assert response.status_code == 200
    tree = etree.fromstring(response.content)  # raises on XML that is not well formed
    title = tree.findtext("a:title", namespaces=ATOM)
    assert title.startswith("UN Letters Archive")
    nonchar = text.replace("fisheries", "").replace("fish", "").replace("eries", "")
    assert nonchar not in response.content.decode()
