"""Reading a letter: paragraph anchors (stable, in the API too), the search carried from
a result into the letter (its words marked with the search's own stemming, counted,
listed, and the way back), bounded and escaped whatever a visitor sends."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.browse.paragraphs import paragraphs, render, split_paragraphs
from letters.curation.reparse import apply_reparse
from letters.intake.ingest import ingest_letter
from letters.intake.reading import read_letter
from letters.models import Letter
from letters.search import highlighting
from letters.search.carry import letter_link_query
from tests.factories import letter_text, make_letter
from tests.search.test_languages import FRENCH, RUSSIAN_ANNEX

pytestmark = pytest.mark.django_db

BODY = """The talks on Arctic fisheries resumed in Oslo.

The fishery ministers met twice.
They agreed on quotas.



A third paragraph, with no fish in it."""


def store(text: str, filename: str = "letter.txt") -> Letter:
    read = read_letter(text.encode(), filename)
    return ingest_letter(
        parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
    ).letter


def page(client, letter: Letter, **params) -> str:
    response = client.get(letter.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def marks(html: str) -> list[str]:
    return re.findall(r'<mark id="m\d+">(.*?)</mark>', html)


# --- Paragraphs and their anchors --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One.\n\nTwo.", ["One.", "Two."], id="blank-line"),
        pytest.param("One.\n \t\n\n\nTwo.\n", ["One.", "Two."], id="blank-lines-with-spaces"),
        pytest.param("One line\nand the next.", ["One line\nand the next."], id="line-break-kept"),
        pytest.param("\n\n  \n", [], id="only-blank"),
        pytest.param("", [], id="empty"),
    ],
)
def test_a_text_splits_into_paragraphs_at_blank_lines(text, expected):
    assert split_paragraphs(text) == expected


def test_anchors_count_paragraphs_in_the_body_and_within_each_annex():
    assert [p.anchor for p in paragraphs(BODY)] == ["p1", "p2", "p3"]
    assert [p.anchor for p in paragraphs(BODY, within="annex-2")] == [
        "annex-2-p1",
        "annex-2-p2",
        "annex-2-p3",
    ]


def test_a_paragraph_is_escaped_with_its_line_breaks_kept():
    html = render('<script>alert("x")</script>\nline & more')
    assert html == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>\nline &amp; more"
    assert render("a fish b", [(2, 6)], first_mark=7) == 'a <mark id="m7">fish</mark> b'


def test_the_letter_page_anchors_every_paragraph_with_a_link_to_it(client, sample_letters):
    letter = sample_letters["000"]
    html = page(client, letter)
    assert '<p id="p1" class="para">I have the honour to transmit' in html
    assert '<a class="para-link" href="#p2">' in html
    assert '<section class="annex" id="annex-1"' in html
    assert '<p id="annex-1-p9" class="para">' in html
    assert "Link to paragraph </span>" in html


def test_anchors_stay_the_same_when_the_letter_is_parsed_again(client, sample_letters, admin_user):
    letter = sample_letters["000"]
    anchored = re.compile(r'<p id="([^"]+)" class="para">(.{40})')
    before = anchored.findall(page(client, letter))
    annex_ids = set(letter.annexes.values_list("pk", flat=True))
    # Lose the body and the annexes, then re-parse the kept source: new rows, same anchors.
    letter.annexes.all().delete()
    Letter.objects.filter(pk=letter.pk).update(body="Lost.")
    plan = apply_reparse(letter=letter, user=admin_user)
    assert {"body", "annexes"} <= set(plan.changes)
    assert set(letter.annexes.values_list("pk", flat=True)).isdisjoint(annex_ids)
    assert anchored.findall(page(client, letter)) == before
    assert len(before) == 2 + 10


def test_anchors_come_from_the_text_not_from_database_ids(client):
    first = make_letter(body=BODY, filename="a.txt")
    second = make_letter(body=BODY, symbol="A/76/9", filename="b.txt")
    anchors = [
        re.findall(r'<p id="(p\d+)" class="para">', page(client, x)) for x in (first, second)
    ]
    assert anchors[0] == anchors[1] == ["p1", "p2", "p3", "p4"]


def test_the_api_gives_each_paragraph_with_its_anchor(client, sample_letters):
    letter = sample_letters["000"]
    data = client.get(reverse("api:letter", args=[letter.pk])).json()
    assert data["body"] == letter.body  # kept as it was
    assert [p["anchor"] for p in data["paragraphs"]] == ["p1", "p2"]
    assert data["paragraphs"][1]["text"].startswith("I should be grateful")
    annex = data["annexes"][0]
    assert annex["anchor"] == "annex-1"
    assert annex["paragraphs"][0]["anchor"] == "annex-1-p1"
    assert annex["paragraphs"][0]["text"].startswith("We, the participants")
    assert "\n\n".join(p["text"] for p in annex["paragraphs"]) == annex["body"]


def test_a_language_version_anchors_its_paragraphs_too(client):
    letter = make_letter(symbol="A/76/500–S/2022/100", body="The Arctic fisheries talks.")
    store(FRENCH, "fr.txt")
    html = client.get(reverse("letters:version", args=[letter.pk, "fr"])).content.decode()
    assert '<p id="p1" class="para">J&#x27;ai l&#x27;honneur' in html


# --- The search carried into the letter --------------------------------------------------


def test_a_result_links_to_its_letter_with_the_search(client, sample_letters):
    html = client.get(reverse("letters:search"), {"q": "referendum", "page": "1"}).content
    letter = sample_letters["000"]
    assert f'href="{letter.get_absolute_url()}?q=referendum&amp;page=1"' in html.decode()
    assert f'id="result-{letter.pk}"' in html.decode()
    # A browse page's results are not a search: their links are plain.
    state = letter.senders.get()
    html = client.get(state.get_absolute_url()).content.decode()
    assert f'href="{letter.get_absolute_url()}"' in html


def test_only_the_search_parameters_are_carried():
    params = QueryDict("q=fish&state=norway&state=chile&page=2&utm_source=x&sort=&fields=a")
    assert letter_link_query(params) == "q=fish&state=norway&state=chile&page=2"
    assert letter_link_query(QueryDict("utm_source=x")) == ""


def test_the_letter_marks_counts_and_lists_the_searched_words(client):
    letter = make_letter(body=BODY)
    html = page(client, letter, q="fisheries", page="2")
    # English stemming, as the search: "fisheries", "fishery"; not "fish".
    assert marks(html) == ["fisheries", "fishery"]
    assert "2 matches: 2 in the letter." in html
    assert '<a href="#m1"><span class="visually-hidden">Match </span>1</a>' in html
    assert '<a href="#m2"><span class="visually-hidden">Match </span>2</a>' in html
    back = f"/?q=fisheries&amp;page=2#result-{letter.pk}"
    assert f'<p class="find-back"><a href="{back}">Back to the results</a></p>' in html
    assert '<div class="find-step" hidden>' in html
    assert "fish in it" in html  # unmarked


def test_a_phrase_is_one_match_and_its_words_elsewhere_are_marked_too(client):
    # ts_headline marks every word of the query wherever it stands, as in the snippets.
    letter = make_letter(body=BODY)
    html = page(client, letter, q='"fishery ministers"')
    assert marks(html) == ["fisheries", "fishery ministers"]
    assert "2 matches: 2 in the letter." in html


def test_each_text_is_marked_in_its_own_language(client):
    english = letter_text(symbol="A/76/500–S/2022/100", body="Fisheries in the Arctic.")
    letter = store(english + RUSSIAN_ANNEX)
    # The search finds the letter by Russian stemming, and the page marks the same word.
    results = client.get(reverse("letters:search"), {"q": "Республика"}).context["page"]
    assert [row.pk for row in results] == [letter.pk]
    html = page(client, letter, q="Республика")
    assert marks(html) == ["Республики"]
    assert "1 match: 1 in Annex." in html
    assert (
        '<section class="annex" id="annex-1" aria-labelledby="annex-1-heading" lang="ru">' in html
    )


def test_the_words_are_not_in_the_text_when_the_letter_matched_otherwise(client, sample_letters):
    html = page(client, sample_letters["000"], q="Mehdiev")  # a signatory, approximately
    assert marks(html) == []
    assert "The words searched for are not in the text of this letter or its annexes" in html
    assert "Back to the results" in html


def test_a_search_by_filters_alone_links_back_and_marks_nothing(client, sample_letters):
    html = page(client, sample_letters["000"], session="61")
    assert marks(html) == []
    assert '<h2 id="find-heading">From your search</h2>' in html
    assert f"/?session=61#result-{sample_letters['000'].pk}" in html


def test_without_a_search_nothing_changes(client, sample_letters):
    for params in ({}, {"utm_source": "mail"}, {"q": ""}, {"q": "   "}):
        html = page(client, sample_letters["000"], **params)
        assert 'class="find"' not in html
        assert "<mark" not in html


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('<script>alert("q")</script>', id="markup"),
        pytest.param('"unbalanced (phrase -', id="broken-syntax"),
        pytest.param("the of and", id="only-stop-words"),
        pytest.param("fisheries " * 400, id="too-long"),
        pytest.param("ü" * 300, id="one-enormous-term"),
    ],
)
def test_whatever_is_searched_the_page_is_escaped_and_bounded(client, text):
    letter = make_letter(body=BODY + "\n\n<script>alert(1)</script> fisheries \x02x\x03")
    html = page(client, letter, q=text)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert len(marks(html)) <= 3
    assert html.count("<mark") == html.count("</mark>")


def test_control_characters_in_the_search_are_refused(client):
    letter = make_letter(body=BODY)
    assert client.get(letter.get_absolute_url(), {"q": "\x02fish\x03"}).status_code == 400


def test_a_hostile_letter_text_is_escaped_inside_a_match(client):
    letter = make_letter(body='Fisheries <img src=x onerror="alert(1)"> fisheries&amp;')
    html = page(client, letter, q="fisheries")
    assert marks(html) == ["Fisheries", "fisheries"]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "<img" not in html.split('<section class="body"')[1].split("</section>")[0]


def test_marking_stops_at_its_bounds_and_says_so(client):
    # The worst a visitor can ask of a long letter: a word in every paragraph, past both
    # bounds (characters and matches).
    paragraph = "Fisheries talks, " + "x " * 80
    count = highlighting.MAX_MARKED_CHARACTERS // len(paragraph) + 50
    letter = make_letter(body="\n\n".join([paragraph] * count))
    html = page(client, letter, q="fisheries")
    assert len(marks(html)) == highlighting.MAX_MATCHES
    assert "Matches are marked in the first 200,000 characters" in html
    assert f"{highlighting.MAX_MATCHES:,} matches" in html


def test_a_single_enormous_paragraph_is_marked_in_its_first_characters():
    text = ("fishery " * (highlighting.MAX_MARKED_CHARACTERS // 8 + 1000)).strip()
    found = highlighting.find_matches(
        "fishery",
        [highlighting.TextToSearch("en", [text]), highlighting.TextToSearch("en", ["fishery"])],
    )
    assert not found.complete
    spans = found.spans[0][0]
    assert spans == [(0, highlighting.MAX_MARKED_CHARACTERS - 1)]  # one run of words
    assert found.spans[1] == [[]]


def test_a_search_costs_the_letter_page_two_statements(client, sample_letters):
    url = sample_letters["000"].get_absolute_url()
    client.get(url, {"q": "referendum"})  # the archive's languages, cached from then on
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    with CaptureQueriesContext(connection) as searched:
        client.get(url, {"q": "referendum", "state": "azerbaijan", "page": "1"})
    # The marking, and the publication version the cached languages are keyed by (read
    # once a request, letters.search.cache).
    assert len(searched) == len(plain) + 2
    assert sum("ts_headline" in q["sql"] for q in searched.captured_queries) == 1
    with CaptureQueriesContext(connection) as filtered:
        client.get(url, {"state": "azerbaijan"})
    assert len(filtered) == len(plain)
