"""The JSON API (/api/v1/): the letters list is the search page's pipeline, details
show what the pages show, errors are JSON, clients are rate-limited, query counts are
bounded."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import reverse

from letters.browse.reads import states_with_letters
from letters.curation.publish import unpublish_letter
from letters.models import AgendaTopic, CitedDocument, Letter, Person, State
from letters.opendata.api import params
from letters.search.facets import FACETS
from letters.search.filters import LetterFilterSet
from letters.search.pipeline import search_page
from tests.factories import grow_browse_corpus, make_letter

pytestmark = pytest.mark.django_db

LETTERS = "/api/v1/letters/"


def get_json(client, url, status=200, **query):
    response = client.get(url, query)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- The letters list ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=Azerbaijan",
        "q=A/75/861",
        "q=resolution+822+(1993)",
        "session=61",
        "agenda={protracted}",
        "state=azerbaijan&has_annex=true",
        "q=Armenia&sort=oldest",
        "year=2021&year=2006&kind=letter",
        "date_from=2007-01-01&date_to=2022-12-31",
    ],
)
def test_list_is_the_search_pipeline(client, sample_letters, query):
    # The same parameters give the same letters, in the same order, with the same total
    # and facet counts as the search page's pipeline.
    topic = AgendaTopic.objects.get(title__startswith="Protracted conflicts")
    query = query.replace("{protracted}", topic.slug)
    expected = search_page(QueryDict(query))
    data = get_json(client, f"{LETTERS}?{query}&expand=facets")
    assert [row["id"] for row in data["results"]] == [row.pk for row in expected.page]
    assert data["count"] == expected.total
    assert data["counts"] == {
        "total": expected.total,
        "total_exact": expected.counts.total_exact,
        "approximate": expected.counts.approximate,
        "sample_rate": expected.counts.sample_rate,
    }
    assert data["search"]["sort"] == expected.sort
    shown = {
        group["name"]: {v["param"]: v["count"] for v in group["values"]} for group in data["facets"]
    }
    assert shown == {
        group.name: {v.param: v.count for v in group.values} for group in expected.facets
    }


def test_every_search_parameter_is_accepted_and_documented(client):
    schema = client.get("/api/schema/").json()
    documented = {p["name"] for p in schema["paths"]["/api/v1/letters/"]["get"]["parameters"]}
    assert documented == set(LetterFilterSet.base_filters) | set(params.API_PARAMETERS)


def test_a_result_row(client, sample_letters):
    letter = sample_letters["000"]
    data = get_json(client, LETTERS, q="Congress")
    [row] = [r for r in data["results"] if r["id"] == letter.pk]
    assert row["url"] == f"http://testserver/api/v1/letters/{letter.pk}/"
    assert row["page_url"] == f"http://testserver/letters/{letter.pk}/"
    assert row["session"] == {"number": 61, "label": "61st session"}
    assert row["senders"] == [{"name": "Azerbaijan", "slug": "azerbaijan"}]
    assert row["signatories"] == [
        {"id": Person.objects.get(name="Agshin Mehdiyev").pk, "name": "Agshin Mehdiyev"}
    ]
    assert row["annexes"] == 1
    assert row["symbols"] == [s.symbol for s in letter.symbols.all()]
    assert "<mark>Congress</mark>" in row["snippet"]


def test_a_symbol_names_its_letter(client, sample_letters):
    cited = make_letter(symbol="A/75/861–S/2021/392", state="Armenia", filename="armenia.txt")
    data = get_json(client, LETTERS, q="A/75/861 - S/2021/392")
    assert data["named_letter"]["id"] == cited.pk
    assert data["results"][0]["id"] == cited.pk
    assert get_json(client, LETTERS, q="Azerbaijan")["named_letter"] is None


def test_pages_are_stable_and_linked(client, sample_letters):
    everything = [r["id"] for r in get_json(client, LETTERS, sort="oldest")["results"]]
    first = get_json(client, LETTERS, sort="oldest", page_size=2)
    assert (first["page"], first["page_size"], first["pages"], first["count"]) == (1, 2, 3, 5)
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None
    assert client.get(third["previous"]).json() == second
    assert client.get(second["previous"]).json() == first
    paged = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert paged == everything


def test_fields_and_expand(client, sample_letters):
    data = get_json(client, LETTERS, fields="count,results", q="Azerbaijan")
    assert set(data) == {"count", "results"}
    data = get_json(client, LETTERS, state="azerbaijan", expand="filters,facets")
    assert data["filters"] == [{"param": "state", "label": "Sender State", "value": "Azerbaijan"}]
    assert {group["name"] for group in data["facets"]} == {f.name for f in FACETS}
    assert "facets" not in get_json(client, LETTERS)
    # Blank is absent, as for the search parameters.
    assert "results" in get_json(client, LETTERS, fields="", expand="")
    assert client.head(LETTERS).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"session": "abc"}, "session"),
        ({"session": "99"}, "session"),
        ({"state": "atlantis"}, "state"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"sort": "random"}, "sort"),
        ({"kind": "poem"}, "kind"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "501", "page_size": "20"}, "page"),  # past the first 10,000 results
        ({"fields": "count,nothing"}, "fields"),
        ({"expand": "everything"}, "expand"),
        ({"sesion": "61"}, "sesion"),
        ({"cited": "x" * 301}, "cited"),
    ],
)
def test_invalid_parameters_are_400_with_messages(client, sample_letters, query, field):
    data = get_json(client, LETTERS, status=400, **query)
    assert data["status"] == 400
    assert data["message"]
    assert data["errors"][field]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("agenda=a%00b", id="nul"),
        pytest.param("q=war%07", id="bell"),
        pytest.param("&".join(f"year={1950 + n}" for n in range(51)), id="51-values"),
        pytest.param("&".join(f"p{n}=1" for n in range(31)), id="31-parameters"),
    ],
)
def test_what_every_request_is_refused_for_is_a_json_400_here(client, db, query):
    # The bounds of every request (archive.middleware) answer in the API's error shape.
    response = client.get(f"{LETTERS}?{query}")
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert response.json()["message"]


def test_repeated_values_are_merged_as_on_the_page(client, sample_letters):
    data = get_json(client, LETTERS + "?" + "&".join(["year=2021"] * 101))
    assert data["count"] == get_json(client, LETTERS, year="2021")["count"]


def test_a_long_search_text_is_cut_as_on_the_page(client, sample_letters):
    data = get_json(client, LETTERS, q=" ".join(f"w{n}" for n in range(30)))
    assert data["search"]["text"] == " ".join(f"w{n}" for n in range(20))
    assert data["search"]["cut"] == " ".join(f"w{n}" for n in range(20, 30))


def test_a_page_past_the_last_is_404(client, sample_letters):
    assert get_json(client, LETTERS, page=9, status=404)["status"] == 404


def test_drafts_and_synthetic_letters_are_never_listed(client, sample_letters):
    draft = sample_letters["003"]
    Letter.objects.filter(pk=draft.pk).update(published_at=None)
    from letters.intake.ingest import refresh_search_entry

    refresh_search_entry(Letter.objects.get(pk=draft.pk))
    ids = [r["id"] for r in get_json(client, LETTERS, page_size=100)["results"]]
    assert draft.pk not in ids
    assert len(ids) == 4
    get_json(client, f"/api/v1/letters/{draft.pk}/", status=404)


def test_list_query_count_does_not_grow_with_results(
    client, django_assert_max_num_queries, sample_letters
):
    # As many as the search page: the public statement limit, the publication version,
    # the archive's languages (once, then cached), names, two countings, the page, its
    # rows with their snippets, the facets' labels and topics: nothing per row.
    with django_assert_max_num_queries(10) as small:
        before = get_json(client, LETTERS, q="Azerbaijan", expand="facets,filters", page_size=100)
    for n in range(10):
        make_letter(
            symbol=f"A/76/{100 + n}",
            state=f"State {n}",
            signer=f"Person {n}",
            body="Azerbaijan.",
            filename=f"{n}.txt",
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        data = get_json(client, LETTERS, q="Azerbaijan", expand="facets,filters", page_size=100)
    assert data["count"] == before["count"] + 10


# --- One letter -----------------------------------------------------------------------


def test_letter_detail_shows_everything(client, sample_letters):
    letter = sample_letters["000"]
    data = get_json(client, f"/api/v1/letters/{letter.pk}/")
    assert data["id"] == letter.pk
    assert data["title"].startswith("Letter dated 27 December 2006")
    assert data["distribution_date"] == "2006-12-28"
    assert data["session"] == {"number": 61, "label": "61st session", "years": "2006–2007"}
    items = data["agenda_items"]
    assert [(i["session"], i["number"]) for i in items] == [(61, 17), (61, 27)]
    assert items[0]["topic"]["title"] == "The situation in the occupied territories of Azerbaijan"
    assert data["senders"] == [{"name": "Azerbaijan", "slug": "azerbaijan"}]
    [signature] = data["signatures"]
    person = Person.objects.get(name="Agshin Mehdiyev")
    assert signature["person"] == {"id": person.pk, "name": "Agshin Mehdiyev"}
    assert signature["title"]
    [annex] = data["annexes"]
    assert annex["original_language"] == "Russian"
    assert annex["place"] == "Baku"
    assert "M. Zabelin" in [s["person"]["name"] for s in annex["signatures"]]
    assert len(annex["signatures"]) == 14
    assert data["source_url"] == f"http://testserver/letters/{letter.pk}/source"
    assert data["page_url"] == f"http://testserver/letters/{letter.pk}/"
    assert client.get(data["source_url"]).status_code == 200


def test_cites_point_at_the_archive_letter_and_cited_by_back(client, sample_letters):
    cited = make_letter(symbol="A/75/861–S/2021/392", state="Armenia", filename="armenia.txt")
    citing = sample_letters["004"]
    data = get_json(client, f"/api/v1/letters/{citing.pk}/")
    [citation] = [c for c in data["citations"] if c["document"]["key"] == "A/75/861-S/2021/392"]
    assert citation["letter"]["id"] == cited.pk
    assert citation["document"]["kind"] == CitedDocument.Kind.DOCUMENT
    data = get_json(client, f"/api/v1/letters/{cited.pk}/")
    assert [c["id"] for c in data["cited_by"]] == [citing.pk]
    # A draft is never pointed at.
    Letter.objects.filter(pk=cited.pk).update(published_at=None)
    data = get_json(client, f"/api/v1/letters/{citing.pk}/")
    [citation] = [c for c in data["citations"] if c["document"]["key"] == "A/75/861-S/2021/392"]
    assert citation["letter"] is None


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
def test_symbol_url_serves_the_letter(client, db, written):
    letter = make_letter(symbol="A/76/500–S/2022/100")
    data = get_json(client, reverse("api:symbol", args=[written]))
    assert data["id"] == letter.pk
    assert data["symbols"] == ["A/76/500", "S/2022/100"]


def test_unknown_symbol_is_404(client, sample_letters):
    get_json(client, "/api/v1/symbols/A/99/999", status=404)
    get_json(client, "/api/v1/symbols/" + "A" * 400, status=404)


def test_letter_detail_query_count_is_bounded(
    client, django_assert_max_num_queries, sample_letters
):
    # Letter 000 has an annex with fourteen signatures: still a fixed number of queries
    # (the public statement limit, the letter with its parts and versions, cited by, the
    # States it mentions, its references both ways).
    with django_assert_max_num_queries(16):
        get_json(client, f"/api/v1/letters/{sample_letters['000'].pk}/")


# --- Browse lists and details ---------------------------------------------------------


def test_browse_lists_and_details(client, sample_letters):
    sessions = get_json(client, "/api/v1/sessions/")
    assert sessions["count"] == len(sessions["results"])
    [s75] = [s for s in sessions["results"] if s["number"] == 75]
    assert s75["letter_count"] == 2
    assert client.get(s75["letters_url"]).json()["count"] == 2
    detail = client.get(s75["url"]).json()
    assert {i["topic"]["slug"] for i in detail["agenda_items"] if i["topic"]}

    topic = AgendaTopic.objects.get(title__startswith="Protracted conflicts")
    topics = get_json(client, "/api/v1/agenda/")["results"]
    [listed] = [t for t in topics if t["id"] == topic.pk]
    assert listed["letter_count"] == 5
    assert {i["number"] for i in listed["items"]} >= {27, 32, 35}
    detail = get_json(client, f"/api/v1/agenda/{topic.slug}/")
    assert sum(i["letter_count"] for i in detail["items"]) == 5
    assert [i["session"] for i in detail["items"]] == sorted(
        (i["session"] for i in detail["items"]), reverse=True
    )

    cited = get_json(client, "/api/v1/cited/")["results"]
    [resolution] = [c for c in cited if c["key"] == "S/RES/822 (1993)"]
    assert resolution["letter_count"] == 3
    assert resolution["kind"] == "sc_resolution"
    assert get_json(client, "/api/v1/cited/S/RES/822 (1993)")["letter_count"] == 3
    assert client.get(resolution["letters_url"]).json()["count"] == 3

    person = Person.objects.get(name="Yashar Aliyev")
    people = get_json(client, "/api/v1/people/", page_size=100)["results"]
    assert [p["letter_count"] for p in people if p["id"] == person.pk] == [4]
    detail = get_json(client, f"/api/v1/people/{person.pk}/")
    assert len(detail["signatures"]) == 4
    assert client.get(detail["letters_url"]).json()["count"] == 4

    states = get_json(client, "/api/v1/states/")["results"]
    assert {k: v for k, v in states[0].items() if k in ("name", "slug", "letter_count")} == {
        "name": "Azerbaijan",
        "slug": "azerbaijan",
        "letter_count": 5,
    }
    assert get_json(client, "/api/v1/states/azerbaijan/")["letter_count"] == 5


def test_browse_lists_are_paginated_and_bounded(client, sample_letters):
    data = get_json(client, "/api/v1/people/", page_size=2)
    assert len(data["results"]) == 2
    assert data["next"]
    assert len(get_json(client, "/api/v1/people/", page_size=1000)["results"]) <= 100
    get_json(client, "/api/v1/people/", page=999, status=404)


def test_unknown_and_unpublished_things_are_404(client, sample_letters):
    for url in [
        "/api/v1/letters/999999/",
        "/api/v1/sessions/99/",
        "/api/v1/agenda/nothing/",
        "/api/v1/cited/S/RES/1 (1946)",
        "/api/v1/people/999999/",
        "/api/v1/states/atlantis/",
        "/api/v1/nothing/",
        "/api/v2/letters/",
    ]:
        data = get_json(client, url, status=404)
        assert data["status"] == 404
        assert data["message"]
    # Someone who signed only drafts is not shown.
    draft = make_letter(symbol="A/76/9", signer="Nobody Public", filename="draft.txt")
    unpublish_letter(letter=draft, user=None)
    person = Person.objects.get(name="Nobody Public")
    get_json(client, f"/api/v1/people/{person.pk}/", status=404)
    people = get_json(client, "/api/v1/people/", page_size=100)["results"]
    assert person.pk not in [p["id"] for p in people]


def _browse_urls() -> list[str]:
    topic = AgendaTopic.objects.get(title="Report of the Human Rights Council")
    person = Person.objects.get(name="Person 1")
    return [
        "/api/v1/sessions/",
        "/api/v1/sessions/76/",
        "/api/v1/agenda/",
        f"/api/v1/agenda/{topic.slug}/",
        "/api/v1/cited/",
        "/api/v1/cited/S/RES/9999 (2022)",
        "/api/v1/people/",
        f"/api/v1/people/{person.pk}/",
        "/api/v1/states/",
        "/api/v1/states/norway/",
    ]


def test_browse_query_counts_do_not_grow_with_letters(client, db, django_assert_max_num_queries):

    grow_browse_corpus(0, 2, shared_signer=True)
    counts = {}
    for url in _browse_urls():
        # At most: the statement timeout, the publication version (a long list's length
        # is cached under it), the length, the page's counts, their rows.
        with django_assert_max_num_queries(5) as few:
            get_json(client, url)
        counts[url] = len(few.captured_queries)
    grow_browse_corpus(2, 8, shared_signer=True)
    for url in _browse_urls():
        with django_assert_max_num_queries(counts[url]):
            get_json(client, url)


# --- Errors and limits ----------------------------------------------------------------


def test_writes_are_405_json(client, db):
    for method in (client.post, client.put, client.delete, client.options):
        response = method(LETTERS)
        assert response.status_code == 405
        assert response.json()["status"] == 405


def test_a_server_error_is_json_under_api(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    from letters.search import pipeline

    monkeypatch.setattr(pipeline, "search_page", broken)
    client.raise_request_exception = False
    response = client.get(LETTERS)
    assert response.status_code == 500
    assert response.json() == {"status": 500, "message": "Server error: the error has been logged."}
    # The site's own pages keep their HTML error page.
    assert not client.get("/nothing/").headers["Content-Type"].startswith("application/json")


def test_clients_are_rate_limited_with_a_clear_429(client, settings, sample_letters):
    settings.LETTERS_API_RATE = "3/minute"
    for _ in range(3):
        get_json(client, "/api/v1/states/")
    data = get_json(client, "/api/v1/states/", status=429)
    assert data["status"] == 429
    assert "try again in" in data["message"]
    assert int(client.get("/api/v1/states/")["Retry-After"]) > 0
    # Counted per client address: another one is still served.
    assert client.get("/api/v1/states/", REMOTE_ADDR="10.0.0.2").status_code == 200
    # A forged X-Forwarded-For does not make a new client.
    forged = client.get("/api/v1/states/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forged.status_code == 429


def test_behind_a_proxy_the_address_it_saw_is_the_client(client, settings, sample_letters):
    settings.LETTERS_API_RATE = "1/minute"
    settings.LETTERS_TRUSTED_PROXIES = 1
    one = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.5"}
    assert client.get("/api/v1/states/", **one).status_code == 200
    assert client.get("/api/v1/states/", **one).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.6"}
    assert client.get("/api/v1/states/", **other).status_code == 200


def test_the_rate_count_does_not_pin_the_client_to_the_primary(client, settings, sample_letters):
    # The count is written on the primary: that write is not the request's.
    from archive.routers import PIN_COOKIE

    settings.LETTERS_API_RATE = "1/minute"
    response = client.get("/api/v1/states/")
    assert response.status_code == 200
    assert PIN_COOKIE not in response.cookies
    assert client.get("/api/v1/states/").status_code == 429  # counted in the table


def test_state_listing_matches_the_public_page(client, sample_letters):
    names = sorted(states_with_letters().values_list("name", flat=True))
    assert [s["name"] for s in get_json(client, "/api/v1/states/")["results"]] == names
    assert State.objects.count() >= len(names)
