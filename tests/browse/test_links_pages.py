"""The pages of the links between letters (DESIGN.md §13): replies on the letter page,
threads, exchanges between two States, Charter Articles, States mentioned, counts over
time, similar letters, two languages side by side; their feeds; their bounds."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from letters.intake.ingest import ingest_letter
from letters.intake.reading import read_letter
from letters.models import Letter, Reference
from letters.search.similar import refresh_term_stats
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

TOPIC = "The situation in the occupied territories of Azerbaijan"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def exchange(sample_letters):
    """Armenia's letter that sample 004 (7 May 2021) answers, and Armenia's answer to 004
    (named by its date and sender only): a thread of three letters."""
    answered = make_letter(
        symbol="A/75/861–S/2021/392",
        state="Armenia",
        dated="22 April 2021",
        topic=TOPIC,
        item=39,
        filename="armenia-1.txt",
        body="I have the honour to write about the so-called Military Trophy Park.",
    )
    answer = make_letter(
        symbol="A/75/900–S/2021/480",
        state="Armenia",
        dated="20 May 2021",
        topic=TOPIC,
        item=39,
        filename="armenia-2.txt",
        body="With reference to the letter dated 7 May 2021 from the Permanent Representative "
        "of Azerbaijan to the United Nations addressed to you, I have the honour to reply.",
    )
    return {
        "answered": answered,
        "reply": sample_letters["004"],
        "answer": answer,
        **sample_letters,
    }


def test_the_letter_page_says_in_reply_to_and_answered_by(client, exchange):
    html = get(client, exchange["reply"].get_absolute_url())
    replies = html[html.index('id="replies-heading"') :]
    assert "In reply to" in replies
    assert f'href="{exchange["answered"].get_absolute_url()}"' in replies
    assert "22 April 2021" in replies
    assert "Armenia" in replies
    assert "Answered by" in replies
    assert f'href="{exchange["answer"].get_absolute_url()}"' in replies
    assert reverse("letters:thread", args=[exchange["reply"].pk]) in replies


def test_a_reference_to_a_letter_not_in_the_archive_is_shown_as_printed(client, sample_letters):
    html = get(client, sample_letters["003"].get_absolute_url())
    replies = html[html.index('id="replies-heading"') :]
    assert "A/75/710–S/2021/42" in replies
    assert "not in the archive" in replies
    assert "The whole exchange" not in replies


def test_a_draft_is_never_linked_on_the_public_page(client, exchange):
    Letter.objects.filter(pk=exchange["answer"].pk).update(published_at=None)
    html = get(client, exchange["reply"].get_absolute_url())
    assert exchange["answer"].get_absolute_url() not in html


def test_the_thread_page_shows_the_exchange_in_order_with_its_replies(client, exchange):
    first = exchange["answered"]
    # Any letter of the thread leads to its address: its first letter's.
    response = client.get(reverse("letters:thread", args=[exchange["answer"].pk]))
    assert response.status_code == 301
    assert response["Location"] == reverse("letters:thread", args=[first.pk])
    html = get(client, reverse("letters:thread", args=[first.pk]))
    order = [m.group(1) for m in re.finditer(r'<li id="letter-(\d+)"', html)]
    assert order == [str(exchange[k].pk) for k in ("answered", "reply", "answer")]
    assert "Armenia ↔ Azerbaijan" in html
    assert html.count("Replies to <a") == 2
    assert f'href="#letter-{first.pk}"' in html
    # Only the last letter has had no reply.
    unanswered = html[html.index("Not answered") : html.index("</dl>")]
    assert f"#letter-{exchange['answer'].pk}" in unanswered
    assert f"#letter-{first.pk}" not in unanswered
    # Its agenda topics and sessions, its chart and its feed.
    assert TOPIC in html
    assert "<svg" in html
    assert 'href="#year-2021"' in html
    assert reverse("letters:thread_feed", args=[first.pk]) in html


def test_a_letter_without_replies_has_no_thread(client, sample_letters):
    get(client, reverse("letters:thread", args=[sample_letters["000"].pk]), status=404)
    get(client, reverse("letters:thread", args=[99_999_999]), status=404)


def test_thread_query_count_does_not_grow_with_the_thread(
    client, exchange, django_assert_max_num_queries
):
    url = reverse("letters:thread", args=[exchange["answered"].pk])
    with django_assert_max_num_queries(8) as few:
        get(client, url)
    previous = ("20 May 2021", "Armenia", "A/75/900-S/2021/480")
    for n in range(4):
        state = "Azerbaijan" if n % 2 == 0 else "Armenia"
        dated, symbol = f"{21 + n} May 2021", f"A/76/{50 + n}"
        make_letter(
            symbol=symbol,
            state=state,
            dated=dated,
            filename=f"more-{n}.txt",
            body=f"With reference to the letter dated {previous[0]} from the Permanent "
            f"Representative of {previous[1]} ({previous[2]}), I have the honour to reply.",
        )
        previous = (dated, state, symbol)
    assert Reference.objects.filter(target__isnull=False).count() >= 6
    with django_assert_max_num_queries(len(few.captured_queries)):
        get(client, url)


def test_the_exchange_page_lists_two_states_letters_by_session(client, exchange):
    url = reverse("letters:exchange", args=["armenia", "azerbaijan"])
    get(client, reverse("letters:exchange", args=["azerbaijan", "armenia"]), status=301)
    html = get(client, url)
    for key in ("answered", "reply", "answer"):
        assert f'id="letter-{exchange[key].pk}"' in html
    assert "75th session" in html
    assert "76th session" in html
    topic = exchange["answer"].agenda_items.get().topic
    topic_url = reverse("letters:exchange_topic", args=["armenia", "azerbaijan", topic.slug])
    assert topic_url in html
    html = get(client, topic_url)
    assert 'aria-current="page"' in html
    assert f"{topic_url}feed.atom" in html
    get(client, reverse("letters:exchange", args=["armenia", "no-such-state"]), status=404)
    get(client, reverse("letters:exchange", args=["armenia", "armenia"]), status=404)


def test_the_state_page_lists_its_exchanges_and_its_chart(client, exchange):
    html = get(client, reverse("letters:state", args=["azerbaijan"]))
    assert reverse("letters:exchange", args=["azerbaijan", "armenia"]) in html
    assert "Armenia" in html
    assert "?mentions=azerbaijan" in html
    # Each bar of the chart narrows the search to the State and the year.
    assert 'href="/?state=azerbaijan&amp;year=2021"' in html


def test_thread_and_exchange_feeds(client, exchange):
    first = exchange["answered"]
    feed = get(client, reverse("letters:thread_feed", args=[first.pk]))
    assert feed.count("<entry>") == 3
    assert feed.index("20 May 2021") < feed.index("22 April 2021")  # newest first
    feed = get(client, reverse("letters:exchange_feed", args=["armenia", "azerbaijan"]))
    assert feed.count("<entry>") == 3
    get(client, reverse("letters:thread_feed", args=[exchange["000"].pk]), status=404)


def invoking(article: str, filename: str, **fields) -> Letter:
    return make_letter(
        body=f"The Government reserves its right of self-defence under {article} of the Charter "
        "of the United Nations.",
        filename=filename,
        **fields,
    )


def test_charter_articles_facet_list_and_page(client, sample_letters):
    one = invoking("Article 51", "a.txt", symbol="A/76/1", dated="3 March 2022")
    two = invoking("Articles 2 (4) and 51", "b.txt", symbol="A/76/2", dated="3 March 2021")
    make_letter(
        symbol="A/76/3",
        body="Article 51 of the Vienna Convention on the Law of Treaties applies.",
        filename="c.txt",
    )
    assert two.charter_articles == ["2(4)", "51"]
    html = get(client, reverse("letters:charter"))
    listed = html[html.index('<ul class="browse-list">') :]
    assert listed.index("Article 2 (4)") < listed.index("Article 51")
    assert "2 letters" in listed
    html = get(client, reverse("letters:charter_article", args=["51"]))
    assert "2 letters, newest first" in html
    assert html.index(one.get_absolute_url()) < html.index(two.get_absolute_url())
    assert 'href="/?charter=51&amp;year=2021"' in html
    html = get(client, "/?charter=51")
    assert re.search(r'id="results-heading"[^>]*>2 letters', html)
    assert 'id="facet-charter"' in html
    get(client, "/?charter=abc", status=400)
    get(client, "/?charter=51)(", status=400)
    get(client, reverse("letters:charter_article", args=["99"]), status=404)
    # The letter page names the Articles it invokes, each linking to its page.
    html = get(client, two.get_absolute_url())
    assert reverse("letters:charter_article", args=["2(4)"]) in html


def test_states_mentioned_narrow_a_states_letters(client, sample_letters):
    html = get(client, "/?state=azerbaijan")
    assert re.search(r'id="results-heading"[^>]*>5 letters', html)
    assert 'id="facet-mentions"' in html
    html = get(client, "/?state=azerbaijan&mentions=union-of-soviet-socialist-republics")
    assert re.search(r'id="results-heading"[^>]*>1 letter', html)
    assert sample_letters["003"].get_absolute_url() in html
    html = get(client, "/?state=azerbaijan&mentions=armenia")
    assert re.search(r'id="results-heading"[^>]*>5 letters', html)
    get(client, "/?mentions=atlantis", status=400)
    html = get(client, sample_letters["003"].get_absolute_url())
    assert "?mentions=armenia" in html


def test_the_search_chart_bars_narrow_the_search(client, sample_letters):
    html = get(client, "/?q=Armenia")
    chart = html[html.index('<figure class="chart"') : html.index("</figure>")]
    assert 'aria-labelledby="chart-years-caption"' in chart
    years = re.findall(r'<a href="([^"]+)" aria-label="(\d{4}): (\d+) letters?"', chart)
    assert {year for _, year, _ in years} == {"2006", "2017", "2020", "2021"}
    assert sum(int(n) for _, _, n in years) == 5
    for url, year, n in years:
        narrowed = get(client, url.replace("&amp;", "&"))
        assert re.search(rf'id="results-heading"[^>]*>{n} letter', narrowed), year
    # The counts as text too, and the session chart beside it.
    assert "<table>" in chart
    assert 'id="chart-sessions-caption"' in html
    # Nothing inline: the Content-Security-Policy allows no style attribute or script.
    assert " style=" not in html
    assert "<script>" not in html


def test_similar_letters_are_shown_without_the_letter_itself(client, sample_letters):
    letter = sample_letters["004"]
    html = get(client, letter.get_absolute_url())
    assert 'id="similar-heading"' not in html  # no word frequencies yet
    refresh_term_stats()
    html = get(client, letter.get_absolute_url())
    similar = html[html.index('id="similar-heading"') :]
    similar = similar[: similar.index("</section>")]
    links = re.findall(r'href="/letters/(\d+)/"', similar)
    assert 0 < len(links) <= 5
    assert str(letter.pk) not in links


FRENCH = """A/75/861–S/2021/392

Distr. générale
23 avril 2021

Original : anglais

Assemblée générale
Soixante-quinzième session

Lettre datée du 22 avril 2021, adressée au Secrétaire général par le Représentant permanent de l'Arménie auprès de l'Organisation des Nations Unies

J'ai l'honneur de vous écrire au sujet du prétendu parc des trophées militaires.

Je vous serais reconnaissant de bien vouloir faire distribuer le texte de la présente lettre.

Le Représentant permanent
(Signé) Mher Margaryan
"""


def test_two_languages_side_by_side(client, exchange):
    letter = exchange["answered"]
    read = read_letter(FRENCH.encode(), "fr.txt")
    result = ingest_letter(parsed=read.parsed, source=read.data, filename="fr.txt", text=read.text)
    assert result.version is not None
    url = reverse("letters:side_by_side", args=[letter.pk, "en", "fr"])
    assert url in get(client, letter.get_absolute_url())
    html = get(client, url)
    row = html[html.index("Military Trophy Park") - 300 :]
    assert "prétendu parc des trophées militaires" in row[:1200]
    assert 'lang="fr"' in html
    assert 'lang="en"' in html
    assert reverse("letters:side_by_side", args=[letter.pk, "fr", "en"]) in html
    get(client, reverse("letters:side_by_side", args=[letter.pk, "en", "en"]), status=404)
    get(client, reverse("letters:side_by_side", args=[letter.pk, "en", "ru"]), status=404)


def test_letter_page_query_count_does_not_grow_with_its_links(
    client, exchange, django_assert_max_num_queries
):
    url = exchange["reply"].get_absolute_url()
    with django_assert_max_num_queries(25) as few:
        get(client, url)
    for n in range(3):
        make_letter(
            symbol=f"A/76/{70 + n}",
            state="Armenia",
            filename=f"citing-{n}.txt",
            body="With reference to the letter dated 7 May 2021 from the Permanent "
            f"Representative of Azerbaijan ({n}), I reply. Article 51 of the Charter applies.",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        get(client, url)


@pytest.mark.parametrize(
    "url",
    [
        "/threads/99999999999999999999999999/",
        "/threads/99999999999999999999999999/feed.atom",
        "/exchanges/" + "a" * 2000 + "/azerbaijan/",
        "/exchanges/armenia/azerbaijan/" + "x" * 2000 + "/",
        "/exchanges/armenia/azerbaijan/no-such-topic/feed.atom",
        "/charter/999(99)/",
        "/letters/99999999999999999999999999/en/fr/",
        "/letters/1/xx/yy/",
    ],
)
def test_hostile_addresses_are_404(client, exchange, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ["charter=" + "1" * 5000, "mentions=" + "%00", "charter=51&charter=" + "(" * 300]
)
def test_hostile_facet_values_are_refused(client, exchange, query):
    assert client.get(f"/?{query}").status_code == 400
