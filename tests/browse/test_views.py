"""Every public page: status, key content, escaping, drafts hidden, bounded query counts."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from letters.intake.ingest import ingest_letter
from letters.intake.reading import read_letter
from letters.models import AgendaTopic, CitedDocument, Letter, Person, State
from tests.factories import grow_browse_corpus, letter_text, make_letter

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_letter_detail_shows_everything(client, sample_letters):
    letter = sample_letters["000"]
    html = get(client, letter.get_absolute_url())
    assert "Letter dated 27 December 2006" in html
    assert "28 December 2006" in html  # distributed
    assert "61st session" in html
    assert "The situation in the occupied territories of Azerbaijan" in html
    assert "Agshin Mehdiyev" in html
    assert "The Russian Community of Azerbaijan" in html
    assert "M. Zabelin" in html
    assert "Original: Russian" in html
    assert "Baku" in html
    assert reverse("letters:source", args=[letter.pk]) in html


def test_cites_link_to_the_archive_letter_and_cited_by_links_back(client, sample_letters):
    cited = make_letter(symbol="A/75/861–S/2021/392", state="Armenia", filename="armenia.txt")
    citing = sample_letters["004"]
    html = get(client, citing.get_absolute_url())
    assert f'href="{cited.get_absolute_url()}"' in html
    html = get(client, cited.get_absolute_url())
    assert f'href="{citing.get_absolute_url()}"' in html  # cited by
    html = get(client, sample_letters["001"].get_absolute_url())
    doc = CitedDocument.objects.get(key="S/RES/822 (1993)")
    assert f'href="{doc.get_absolute_url()}"' in html


def test_source_download_is_the_original_bytes(client, sample_letters):
    letter = sample_letters["002"]
    response = client.get(reverse("letters:source", args=[letter.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == bytes(letter.source.data)
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("letter.pdf", "application/pdf"),
        ("letter.md", "text/plain; charset=utf-8"),
        ("letter.html", "application/octet-stream"),
        ("letter.svg", "application/octet-stream"),
        ("no-suffix", "application/octet-stream"),
    ],
)
def test_originals_are_served_with_a_fixed_safe_type(name, content_type):
    # An original is untrusted: never a type a browser would render as a page.
    from letters.intake.policy import download_type

    assert download_type(name) == content_type


@pytest.mark.parametrize(
    "written",
    [
        "A/76/500–S/2022/100",
        "A/76/500-S/2022/100",
        "S/2022/100",
        "a/76/500",
        "A/76/500 – S/2022/100",
    ],
)
def test_symbol_url_redirects_to_the_letter(client, written):
    letter = make_letter(symbol="A/76/500–S/2022/100")
    response = client.get(reverse("letters:symbol", args=[written]))
    assert response.status_code == 302
    assert response["Location"] == letter.get_absolute_url()


def test_unknown_symbol_is_404(client, sample_letters):
    get(client, reverse("letters:symbol", args=["A/99/999"]), status=404)


def test_browse_pages(client, sample_letters):
    topic = AgendaTopic.objects.get(title__startswith="Protracted conflicts")
    state = State.objects.get(name="Azerbaijan")
    person = Person.objects.get(name="Yashar Aliyev")
    document = CitedDocument.objects.get(key="S/RES/822 (1993)")
    assert "75th session" in get(client, reverse("letters:sessions"))
    html = get(client, reverse("letters:session", args=[75]))
    assert "2 letters" in html
    assert "Culture of peace" in html
    assert topic.title in get(client, reverse("letters:topics"))
    html = get(client, topic.get_absolute_url())
    assert "5 letters" in html
    for number in ("27", "32", "35"):
        assert f"<td>{number}</td>" in html
    html = get(client, reverse("letters:cited_list"))
    assert "Security Council resolution 822 (1993)" in html
    assert "Cited by 3 letters" in get(client, document.get_absolute_url())
    html = get(client, person.get_absolute_url())
    assert "Signed 4 times" in html
    assert "Azerbaijan" in get(client, reverse("letters:states"))
    assert "5 letters" in get(client, state.get_absolute_url())


def test_unknown_objects_are_404(client, db):
    for url in [
        "/letters/999999/",
        "/sessions/99/",
        "/agenda/nothing/",
        "/cited/S/RES/1 (1946)",
        "/people/999999/",
        "/states/atlantis/",
        "/letters/999999/source",
    ]:
        get(client, url, status=404)


def test_a_hostile_title_is_escaped_everywhere(client, db):
    letter = make_letter(state="<script>alert(1)</script>", body="<img src=x onerror=alert(1)>")
    letter.title = "<script>alert('title')</script>"
    letter.save()
    for url in [letter.get_absolute_url(), reverse("letters:search"), reverse("letters:states")]:
        html = get(client, url)
        assert "<script>alert" not in html
        assert "<img src=x" not in html


def test_drafts_are_never_shown(client, sample_letters):
    draft = sample_letters["003"]
    Letter.objects.filter(pk=draft.pk).update(published_at=None)
    from letters.intake.ingest import refresh_search_entry

    refresh_search_entry(Letter.objects.get(pk=draft.pk))
    get(client, draft.get_absolute_url(), status=404)
    get(client, reverse("letters:source", args=[draft.pk]), status=404)
    response = client.get(reverse("letters:search"))
    assert draft.pk not in [row.pk for row in response.context["page"]]


def test_a_result_row_shows_symbols_date_session_senders_annexes_and_signatories(client, db):
    text = letter_text(symbol="A/76/500–S/2022/100", state="Norway", signer="Mona Juul")
    text += "\nAnnex to the letter\n\nA statement.\n\n(Signed) Anniken Huitfeldt\n"
    read = read_letter(text.encode(), "joint.txt")
    letter = ingest_letter(
        parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
    ).letter
    response = client.get(reverse("letters:search"), {"q": "statement"})
    [row] = response.context["page"]
    assert row.pk == letter.pk
    assert row.symbols == ["A/76/500", "S/2022/100"]
    assert [s.text for s in row.senders] == ["Norway"]
    assert [s.text for s in row.signatories] == ["Mona Juul"]  # not the annex's
    assert row.annexes == 1
    html = response.content.decode()
    for expected in (
        "A/76/500</span>",
        "3 March 2022",
        f'href="{reverse("letters:session", args=[76])}">76th session</a>',
        f'href="{reverse("letters:state", args=["norway"])}">Norway</a>',
        "1 annex",
        ">Mona Juul</a>",
    ):
        assert expected in html


def test_search_page_query_count_does_not_grow_with_results(
    client, django_assert_max_num_queries, sample_letters
):
    # The statement limit, the version, the languages (once), names, two countings, the
    # page, its rows with snippets, labels, topics (tests/search/test_speed.py).
    with django_assert_max_num_queries(10) as small:
        client.get(reverse("letters:search"), {"q": "Azerbaijan"})
    for n in range(10):
        make_letter(
            symbol=f"A/76/{100 + n}",
            state=f"State {n}",
            signer=f"Person {n}",
            body="Azerbaijan.",
            filename=f"{n}.txt",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("letters:search"), {"q": "Azerbaijan"})


def test_detail_page_query_count_is_bounded(client, django_assert_max_num_queries, sample_letters):
    # Letter 000 has an annex with fourteen signatures: still a fixed number of queries
    # (its references both ways and its similar letters take three more).
    with django_assert_max_num_queries(18):
        get(client, sample_letters["000"].get_absolute_url())


def test_health(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_synthetic_letters_stay_off_the_public_site_unless_asked(client, settings, sample_letters):
    from letters.intake.ingest import ingest_letter
    from letters.intake.reading import read_letter

    text = (
        Path(__file__).resolve().parent.parent / "parsing" / "variants" / "note_verbale_ga_only.txt"
    ).read_text()
    read = read_letter(text.encode(), "synthetic.txt")
    synthetic = ingest_letter(
        parsed=read.parsed, source=read.data, filename="synthetic.txt", text=text, synthetic=True
    ).letter
    get(client, synthetic.get_absolute_url(), status=404)
    response = client.get(reverse("letters:search"))
    assert response.context["page"].paginator.count == 5
    settings.LETTERS_INCLUDE_SYNTHETIC = True
    get(client, synthetic.get_absolute_url())
    response = client.get(reverse("letters:search"))
    assert response.context["page"].paginator.count == 6


def test_person_page_query_count_does_not_grow_with_signatures(
    client, db, django_assert_max_num_queries
):
    for n in range(2):
        make_letter(symbol=f"A/76/{n + 1}", signer="Mona Juul", filename=f"{n}.txt", body=f"{n}.")
    person = Person.objects.get(name="Mona Juul")
    with django_assert_max_num_queries(10) as few:
        get(client, person.get_absolute_url())
    for n in range(2, 8):
        make_letter(symbol=f"A/76/{n + 1}", signer="Mona Juul", filename=f"{n}.txt", body=f"{n}.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = get(client, person.get_absolute_url())
    assert "Signed 8 times" in html


def _browse_urls() -> list[str]:
    topic = AgendaTopic.objects.get(title="Report of the Human Rights Council")
    return [
        reverse("letters:sessions"),
        reverse("letters:session", args=[76]),
        reverse("letters:topics"),
        topic.get_absolute_url(),
        reverse("letters:cited_list"),
        CitedDocument.objects.get(key="S/RES/9999 (2022)").get_absolute_url(),
        reverse("letters:states"),
        reverse("letters:state", args=["norway"]),
    ]


def test_browse_pages_query_counts_do_not_grow_with_letters(
    client, db, django_assert_max_num_queries
):
    # Letters from several States citing one resolution, and a topic with an item in
    # several sessions: each browse page reads a fixed number of queries however many.

    grow_browse_corpus(0, 2)
    counts = {}
    for url in _browse_urls():
        with django_assert_max_num_queries(20) as few:
            get(client, url)
        counts[url] = len(few.captured_queries)
    grow_browse_corpus(2, 8)
    for url in _browse_urls():
        with django_assert_max_num_queries(counts[url]):
            get(client, url)


def test_browse_lists_are_in_a_stated_order(client, db):
    from letters.models import AgendaItem, Session

    make_letter(symbol="A/76/1", state="Sweden", filename="s.txt")
    make_letter(symbol="A/76/2", state="Austria", filename="a.txt", body="Two.")
    topic = AgendaTopic.objects.get()
    for number in (60, 70):
        AgendaItem.objects.create(
            session=Session.objects.create(number=number), number=5, topic=topic
        )
    html = get(client, topic.get_absolute_url())
    assert html.index("76th session") < html.index("70th session") < html.index("60th session")
    states = get(client, reverse("letters:states"))
    assert states.index("Austria") < states.index("Sweden")


def test_the_cited_list_is_paged_most_cited_first(client, db, monkeypatch):
    from letters.browse import views

    monkeypatch.setattr(views, "CITED_PER_PAGE", 2)
    for n, resolutions in enumerate([(11, 12, 13), (11, 12), (11,), (14,)]):
        body = " ".join(f"Resolution {r} (1950) applies." for r in resolutions)
        make_letter(symbol=f"A/76/{n + 1}", body=body, filename=f"{n}.txt")
    html = get(client, reverse("letters:cited_list"))
    assert html.index("resolution 11 (1950)") < html.index("resolution 12 (1950)")
    assert "cited by 3 letters" in html
    assert "cited by 2 letters" in html
    assert "Page 1 of 2" in html
    assert "resolution 13 (1950)" not in html
    html = get(client, reverse("letters:cited_list") + "?page=2")
    assert "resolution 13 (1950)" in html
    assert "resolution 14 (1950)" in html
    assert "cited by 1 letter<" in html
    # Whatever a visitor sends as the page, a page of the list answers.
    for page in ("0", "-5", "abc", "9" * 40, "<script>alert(1)</script>", "２"):
        html = get(client, reverse("letters:cited_list") + "?" + urlencode({"page": page}))
        assert "resolution 1" in html
        assert "<script>alert" not in html


def test_the_topic_list_gives_each_topics_latest_items(client, db):
    from letters.models import AgendaItem, Session

    make_letter(symbol="A/76/1", filename="s.txt")
    topic = AgendaTopic.objects.get()
    for number in (60, 70):
        AgendaItem.objects.create(
            session=Session.objects.create(number=number), number=number // 10, topic=topic
        )
    html = get(client, reverse("letters:topics"))
    assert "item 12 (76th), 7 (70th), 6 (60th)" in html
    assert "1 letter<" in html
