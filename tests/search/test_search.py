"""Search behaviour on the five sample letters: text, phrases, symbols, names, filters, facets."""

from __future__ import annotations

import functools

import pytest
from django.db.models import Q
from django.urls import reverse

from letters.models import AgendaTopic
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

GUAM = "Protracted conflicts in the GUAM area"


def found(client, letters, **params) -> list[str]:
    """The sample keys ('000'…'004') of the letters on the result page, in order."""
    response = client.get(reverse("letters:search"), params)
    assert response.status_code == 200, response.content[:500]
    by_pk = {letter.pk: key for key, letter in letters.items()}
    return [by_pk.get(letter.pk, f"other:{letter.pk}") for letter in response.context["page"]]


def facet(client, name: str, **params) -> dict[str, int]:
    response = client.get(reverse("letters:search"), params)
    group = next(g for g in response.context["facets"] if g.name == name)
    return {value.param: value.count for value in group.values}


def test_a_word_finds_the_letters_that_use_it(client, sample_letters):
    assert sorted(found(client, sample_letters, q="referendum")) == ["000", "001"]


def test_a_quoted_phrase_finds_only_that_phrase(client, sample_letters):
    assert found(client, sample_letters, q='"Military Trophy Park"') == ["004"]


def test_websearch_or_and_minus(client, sample_letters):
    assert sorted(found(client, sample_letters, q="referendum or elections")) == [
        "000",
        "001",
        "002",
    ]
    assert found(client, sample_letters, q="referendum -Lezgin") == ["001"]


def test_accents_do_not_matter(client, sample_letters):
    assert sorted(found(client, sample_letters, q="référendum")) == ["000", "001"]


def test_filter_by_cited_resolution(client, sample_letters):
    assert sorted(found(client, sample_letters, cited="S/RES/822 (1993)")) == ["001", "002", "004"]


def test_filter_by_session(client, sample_letters):
    assert found(client, sample_letters, session="75") == ["004", "003"]  # newest first


def test_filter_by_agenda_topic_across_sessions(client, sample_letters):
    topic = AgendaTopic.objects.get(title__startswith=GUAM)
    assert sorted(found(client, sample_letters, agenda=topic.slug)) == [
        "000",
        "001",
        "002",
        "003",
        "004",
    ]
    assert sorted(found(client, sample_letters, agenda=str(topic.pk))) == [
        "000",
        "001",
        "002",
        "003",
        "004",
    ]
    response = client.get(reverse("letters:search"), {"agenda": topic.slug})
    group = next(g for g in response.context["facets"] if g.name == "agenda")
    value = next(v for v in group.values if v.param == topic.slug)
    assert value.detail == "item 35 (75th), 32 (74th), 32 (71st), 27 (61st)"


def test_several_values_of_one_facet_mean_or(client, sample_letters):
    assert sorted(found(client, sample_letters, session=["61", "74"])) == ["000", "002"]


def test_different_facets_combine_with_and(client, sample_letters):
    assert found(client, sample_letters, session="75", cited="S/RES/822 (1993)") == ["004"]
    assert found(client, sample_letters, has_annex="true", year="2020") == ["002"]


def test_dates_and_years(client, sample_letters):
    assert found(client, sample_letters, year="2021") == ["004", "003"]
    assert found(client, sample_letters, date_from="2020-01-01", sort="oldest") == [
        "002",
        "003",
        "004",
    ]
    assert found(client, sample_letters, date_to="2017-12-31", sort="oldest") == ["000", "001"]


def test_each_facet_counts_under_all_the_other_filters(client, sample_letters):
    # Under cited=822, the session facet counts what each session would add.
    assert facet(client, "session", cited="S/RES/822 (1993)") == {"71": 1, "74": 1, "75": 1}
    # A facet ignores its own selection: choosing session 75 still shows the other sessions.
    assert facet(client, "session", session="75") == {"75": 2, "74": 1, "71": 1, "61": 1}
    # Under session=75, the cited facet counts letters of that session only.
    cited = facet(client, "cited", session="75")
    assert cited["S/RES/822 (1993)"] == 1
    assert cited["A/75/710-S/2021/42"] == 1
    assert facet(client, "has_annex", q="Azerbaijan") == {"true": 3, "false": 2}
    assert facet(client, "year", session="75", has_annex="false") == {"2021": 2}


def test_sort_orders(client, sample_letters):
    assert found(client, sample_letters, sort="oldest") == ["000", "001", "002", "003", "004"]
    assert found(client, sample_letters, sort="newest") == ["004", "003", "002", "001", "000"]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("resolution 822 (1993)", id="resolution-words"),
        pytest.param("S/RES/822 (1993)", id="resolution-symbol"),
        pytest.param("822 (1993)", id="resolution-number"),
    ],
)
def test_a_resolution_query_finds_the_letters_citing_it(client, sample_letters, query):
    assert sorted(found(client, sample_letters, q=query)) == ["001", "002", "004"]


def test_a_ga_resolution_query_finds_the_letters_citing_it(client, sample_letters):
    assert found(client, sample_letters, q="62/243") == ["001"]


@pytest.mark.parametrize(
    "query",
    ["A/76/500", "S/2022/100", "A/76/500–S/2022/100", "A/76/500 - S/2022/100", "a/76/500"],
)
def test_a_symbol_query_puts_that_letter_first(client, sample_letters, query):
    target = make_letter(symbol="A/76/500–S/2022/100", body="Azerbaijan and peace.")
    response = client.get(reverse("letters:search"), {"q": query})
    assert response.context["page"][0].pk == target.pk
    assert response.context["named_letter"] == target


def test_a_reply_is_found_by_the_symbol_it_answers(client, sample_letters):
    assert found(client, sample_letters, q="A/75/861-S/2021/392") == ["004"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("Mehdiev", ["000"], id="mehdiev"),
        pytest.param("Aliev", ["001", "002", "003", "004"], id="aliev"),
    ],
)
def test_names_typed_approximately_find_signatories(client, sample_letters, query, expected):
    assert sorted(found(client, sample_letters, q=query)) == expected


@pytest.mark.parametrize(
    ("query", "spellings"),
    [
        pytest.param("Aliev", ["I. Aliev", "Ilham Aliyev"], id="aliev"),
        pytest.param("mehdiev", ["A. Mehdiev", "Agshin Mehdiyev"], id="mehdiev-lower-case"),
    ],
)
def test_a_name_spelled_out_whole_still_reaches_its_other_spellings(db, query, spellings):
    # One person's name transliterated two ways is two Person rows: a name typed as one
    # of them is spelled out whole in it, and must still reach the other.
    for number, signer in enumerate(spellings):
        make_letter(symbol=f"A/76/{900 + number}", signer=signer, body="Peace.")
    from letters.models import Person
    from letters.search.query import similar_names

    people, states = similar_names(query)
    named = sorted(Person.objects.filter(pk__in=people).values_list("name", flat=True))
    assert (named, states) == (spellings, [])


def test_a_statement_s_settings_hold_for_it_alone(db):
    from django.db import connection, transaction

    from letters.search.query import fetch

    shown = (
        "SELECT current_setting('enable_seqscan'), current_setting('pg_trgm.similarity_threshold')"
    )
    with transaction.atomic():  # settings local to a transaction would outlive the statement
        before = fetch(shown, [])
        during = fetch(
            shown, [], bitmap_scans_only=True, settings={"pg_trgm.similarity_threshold": "0.9"}
        )
        after = fetch(shown, [])
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_indexscan")
            assert cursor.fetchone() == ("on",)
    assert during == [("off", "0.9")]
    assert before == after == [("on", before[0][1])]
    assert before[0][1] != "0.9"


def test_snippets_are_highlighted_and_escaped(client, sample_letters):
    hostile = make_letter(body="The <b>referendum</b> & <script>alert(1)</script> text.")
    response = client.get(reverse("letters:search"), {"q": "referendum"})
    page = list(response.context["page"])
    snippet = next(letter.snippet for letter in page if letter.pk == hostile.pk)
    assert "<mark>referendum</mark>" in snippet
    assert "&amp;" in snippet
    assert "<script>" not in snippet
    assert "<b>" not in snippet
    assert b"<script>alert(1)</script>" not in response.content


def test_highlight_markers_are_inserted_after_escaping():
    from letters.search.query import mark

    assert mark("\x02a\x03 <script>x</script> \x02b\x03") == (
        "<mark>a</mark> &lt;script&gt;x&lt;/script&gt; <mark>b</mark>"
    )


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"session": "abc"}, id="session-not-a-number"),
        pytest.param({"agenda": "no-such-topic"}, id="unknown-topic"),
        pytest.param({"date_from": "2021-13-45"}, id="bad-date"),
        pytest.param({"kind": "poem"}, id="unknown-kind"),
        pytest.param({"sort": "random"}, id="unknown-sort"),
        pytest.param({"year": "-1"}, id="negative-year"),
    ],
)
def test_invalid_parameters_get_a_clear_message_not_a_500(client, sample_letters, params):
    response = client.get(reverse("letters:search"), params)
    assert response.status_code == 400
    assert b"could not be used" in response.content


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "the",
        "\x00",
        "<script>",
        "a" * 400,
        "'); DROP TABLE letters_letter; --",
        "\u202e\u200b",
        "!!!",
    ],
)
def test_odd_queries_never_fail(client, sample_letters, query):
    response = client.get(reverse("letters:search"), {"q": query})
    assert response.status_code in (200, 400)


def test_blank_parameters_are_ignored(client, sample_letters):
    assert len(found(client, sample_letters, q="", session="", agenda="", has_annex="")) == 5


def test_an_empty_result_offers_to_drop_the_filters(client, sample_letters):
    response = client.get(reverse("letters:search"), {"q": "referendum", "session": "75"})
    assert response.context["page"].paginator.count == 0
    assert b"Search again without the filters" in response.content


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"agenda": "9" * 30}, id="topic-id-overflow"),
        pytest.param({"signatory": "9" * 30}, id="person-id-overflow"),
        pytest.param({"session": "9" * 12}, id="session-overflow"),
        pytest.param({"cited": "x" * 5000}, id="long-cited-key"),
        pytest.param({"state": "\x00"}, id="nul-state"),
        pytest.param({"page": "99999"}, id="page-past-the-end"),
        pytest.param({"q": "peace", "page": "9" * 30}, id="page-past-any-bigint"),
        pytest.param({"q": "peace", "page": "-3"}, id="page-negative"),
        pytest.param({"page": "abc"}, id="page-not-a-number"),
        pytest.param({"date_from": "99999-01-01"}, id="date-out-of-range"),
        pytest.param({"has_annex": "maybe"}, id="not-a-boolean"),
        pytest.param({"q": "\x00abc"}, id="nul-in-query"),
    ],
)
def test_hostile_parameters_never_fail(client, sample_letters, params):
    response = client.get(reverse("letters:search"), params)
    assert response.status_code in (200, 400)


def test_many_matches_are_counted_on_the_sample_and_marked(client, monkeypatch):
    from letters.models import SearchEntry
    from letters.search import counting as search

    for n in range(12):  # twelve consecutive ids: at least one in the 1-in-10 sample
        make_letter(symbol=f"A/76/{n + 1}", filename=f"{n}.txt", body="Peace and security.")
    monkeypatch.setattr(search, "SAMPLED_MATCHES", 1)
    monkeypatch.setattr(search, "_samples", lambda **_: [(10, Q(in_sample=True))])  # not 1 in 100
    monkeypatch.setattr("letters.search.query.RANK_LIMIT", 0)
    response = client.get(reverse("letters:search"), {"q": "peace"})
    sampled = SearchEntry.objects.filter(in_sample=True).count()
    assert sampled >= 1
    counts = response.context["counts"]
    assert counts.approximate
    assert counts.total == sampled * SearchEntry.SAMPLE_RATE
    assert counts.facets["session"] == {"76": sampled * SearchEntry.SAMPLE_RATE}
    html = response.content.decode()
    assert "About " in html
    assert "≈" in html
    assert "shown newest first rather than by relevance" in html
    assert response.context["unranked"]


def small_sample_of_one_in_two(monkeypatch, letters: int) -> list[int]:
    """``letters`` letters of "Peace and security.", their ids, with one letter in two
    standing in for one in a hundred (so a dozen letters can show a sample) and two
    sampled matches enough."""
    from letters import models
    from letters.models import SearchEntry
    from letters.search import counting

    ids = [
        make_letter(symbol=f"A/76/{n + 1}", filename=f"{n}.txt", body="Peace and security.").pk
        for n in range(letters)
    ]
    monkeypatch.setattr(models, "SMALL_SAMPLE_RATE", 2)
    monkeypatch.setattr(SearchEntry, "SMALL_SAMPLE_RATE", 2)
    monkeypatch.setattr(counting, "SAMPLED_MATCHES", 2)
    return ids


def test_the_broadest_searches_are_counted_on_the_small_sample(client, monkeypatch):
    from letters.search import counting as search

    ids = small_sample_of_one_in_two(monkeypatch, 12)
    response = client.get(reverse("letters:search"), {"q": "peace"})
    in_small_sample = sum(1 for pk in ids if pk % 2 == 0)
    counts = response.context["counts"]
    assert counts.sample_rate == 2
    assert counts.total == in_small_sample * 2
    assert "one letter in 2:" in response.content.decode()

    # Too few matches in either sample: counted exactly.
    monkeypatch.setattr(search, "SAMPLED_MATCHES", 50)
    response = client.get(reverse("letters:search"), {"q": "peace"})
    assert response.context["counts"].sample_rate == 1
    assert response.context["counts"].total == 12


def counted_on(client, monkeypatch, samples, sampled_matches: int) -> tuple[int, int, int]:
    """A search for "peace" counted on ``samples`` (as ``_samples`` gives them) with
    ``sampled_matches`` enough: its sample rate, its total, and its counting statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from letters.search import counting

    monkeypatch.setattr(counting, "_samples", lambda **_: samples)
    monkeypatch.setattr(counting, "SAMPLED_MATCHES", sampled_matches)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("letters:search"), {"q": "peace"})
    statements = [q for q in queries.captured_queries if "m AS MATERIALIZED (" in q["sql"]]
    counts = response.context["counts"]
    return counts.sample_rate, counts.total, len(statements)


def twelve_letters() -> list[int]:
    return [
        make_letter(symbol=f"A/76/{n + 1}", filename=f"{n}.txt", body="Peace.").pk
        for n in range(12)
    ]


def test_the_first_counting_statement_probes_the_coarsest_sample(client, monkeypatch):
    ids = twelve_letters()
    # Three letters stand in for one in four, six for one in two.
    samples = [(4, Q(letter_id__in=ids[:3])), (2, Q(letter_id__in=ids[:6]))]
    counted = functools.partial(counted_on, client, monkeypatch, samples)

    # The coarse sample holds enough: its counts, in one statement.
    assert counted(3) == (4, 12, 1)
    # It says the finer one would hold enough: that one counts, a second statement.
    assert counted(5) == (2, 12, 2)
    # It says the finer one may hold enough (3 matches, so 6 expected in the finer, up to
    # 12.9 within two standard errors): counted, and too few there, every match.
    assert counted(8) == (1, 12, 3)
    # It says the finer one cannot hold enough: every match, in the first statement.
    assert counted(13) == (1, 12, 1)
    assert counted(50) == (1, 12, 1)


def test_the_first_statement_probes_the_coarse_samples_in_turn(client, monkeypatch):
    ids = twelve_letters()
    # One letter stands in for one in twelve, three for one in four, six for one in two.
    samples = [
        (12, Q(letter_id__in=ids[:1])),
        (4, Q(letter_id__in=ids[:3])),
        (2, Q(letter_id__in=ids[:6])),
    ]
    counted = functools.partial(counted_on, client, monkeypatch, samples)

    # The coarsest holds enough: its counts.
    assert counted(1) == (12, 12, 1)
    # It does not, the next does: that one's counts, in the same statement.
    assert counted(3) == (4, 12, 1)
    # Neither does, and the finest may: a second statement.
    assert counted(6) == (2, 12, 2)


def test_a_phrase_is_counted_first_on_the_coarser_sample(client, monkeypatch):
    from letters.models import SearchEntry
    from letters.search import counting as search

    # One letter in four stands in for a phrase's one in a thousand.
    ids = small_sample_of_one_in_two(monkeypatch, 16)
    in_phrase_sample = sum(1 for pk in ids if pk % 4 == 0)
    assert in_phrase_sample >= 2
    assert search.archive_size() == 2 * sum(1 for pk in ids if pk % 2 == 0)

    # An archive too small for one letter in ten to hold 2 letters: not counted.
    monkeypatch.setattr(SearchEntry, "COARSE_SAMPLE_RATE", 10)
    response = client.get(reverse("letters:search"), {"q": '"peace and security"'})
    assert response.context["counts"].sample_rate == 2

    monkeypatch.setattr(SearchEntry, "COARSE_SAMPLE_RATE", 4)
    response = client.get(reverse("letters:search"), {"q": '"peace and security"'})
    counts = response.context["counts"]
    assert (counts.sample_rate, counts.total) == (4, in_phrase_sample * 4)
    # Words alone: the small sample first, as ever.
    response = client.get(reverse("letters:search"), {"q": "peace security"})
    assert response.context["counts"].sample_rate == 2


def test_a_sample_inside_the_small_sample_is_a_multiple_of_its_rate():
    from letters.models import in_small_sample

    with pytest.raises(ValueError, match="not a multiple of 100: 150"):
        in_small_sample(150)


def test_a_small_result_under_filters_is_counted_exactly_even_when_facets_are_sampled(
    client, monkeypatch
):
    from letters.search import counting as search

    norway = [
        make_letter(symbol=f"A/76/{n + 1}", filename=f"n{n}.txt", body="Peace.").pk
        for n in range(3)
    ]
    for n in range(2):
        make_letter(symbol=f"A/76/{n + 10}", state="Sweden", filename=f"s{n}.txt", body="Peace.")
    # A "sample" holding the Norwegian letters only: many matches, none from Sweden.
    monkeypatch.setattr(search, "SAMPLED_MATCHES", 2)
    monkeypatch.setattr(search, "_samples", lambda **_: [(10, Q(letter_id__in=norway))])
    response = client.get(reverse("letters:search"), {"q": "peace", "state": "sweden"})
    counts = response.context["counts"]
    assert counts.approximate  # the facets come from the sample…
    assert (counts.total, counts.total_exact) == (2, True)  # …the total does not
    html = response.content.decode()
    assert "About " not in html
    assert "≈" in html


def test_a_phrase_s_total_under_filters_comes_from_a_finer_sample_that_holds_enough(
    client, monkeypatch
):
    from letters.search import counting as search

    def letters(state: str, first: int) -> list[int]:
        return [
            make_letter(
                symbol=f"A/76/{n}",
                state=state,
                filename=f"{n}.txt",
                body="Peace and security.",
            ).pk
            for n in range(first, first + 6)
        ]

    norway, sweden = letters("Norway", 1), letters("Sweden", 11)
    # The coarse "sample" holds four matches, one from Sweden; the finer one, four from
    # Sweden: one in two stands for a total of 8 where 6 letters are Swedish.
    samples = [
        (10, Q(letter_id__in=[*norway[:3], sweden[0]])),
        (2, Q(letter_id__in=[*norway, *sweden[:4]])),
    ]
    monkeypatch.setattr(search, "SAMPLED_MATCHES", 3)
    monkeypatch.setattr(search, "_samples", lambda **_: samples)

    response = client.get(
        reverse("letters:search"), {"q": '"peace and security"', "state": "sweden"}
    )
    counts = response.context["counts"]
    assert (counts.sample_rate, counts.total, counts.total_exact) == (10, 8, False)
    assert "About 8 letters" in response.content.decode()
    # Words: the filters' indexes count the total exactly.
    response = client.get(reverse("letters:search"), {"q": "peace security", "state": "sweden"})
    counts = response.context["counts"]
    assert (counts.sample_rate, counts.total, counts.total_exact) == (10, 6, True)


def test_search_passes_its_text_search_config_explicitly(client, sample_letters):
    # With "simple" as the server default, "referendums" would match nothing unless
    # every query names english_unaccent (stemming) itself.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET default_text_search_config = 'pg_catalog.simple'")
    assert sorted(found(client, sample_letters, q="referendums")) == ["000", "001"]


@pytest.mark.django_db(transaction=True)
def test_browse_counts_are_cached_until_the_search_table_changes(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_letter(symbol="A/76/1", filename="1.txt")

    def browse():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("letters:search"), {"session": "76"})
        counted = any("m AS MATERIALIZED (" in q["sql"] for q in queries.captured_queries)
        return response.context["counts"].total, counted

    assert browse() == (1, True)
    assert browse() == (1, False)  # from the cache
    make_letter(symbol="A/76/2", filename="2.txt", body="Another letter.")
    assert browse() == (2, True)  # the write retired the cached counts


def test_a_facet_shows_its_commonest_values_and_counts_the_rest(client):
    # Fifteen sender States: one with two letters, fourteen with one (ties go by name).
    names = [f"State {chr(ord('A') + n)}" for n in range(14)]
    for n, name in enumerate([*names, "Norway"]):
        make_letter(symbol=f"A/76/{n + 1}", state=name, filename=f"{n}.txt")
    make_letter(symbol="A/76/99", state="Norway", filename="99.txt", body="A second one.")

    response = client.get(reverse("letters:search"), {"q": "letter"})
    group = next(g for g in response.context["facets"] if g.name == "state")
    assert [(v.label, v.count) for v in group.values] == [
        ("Norway", 2),
        *[(name, 1) for name in names[:11]],
    ]
    assert group.more == 3

    # A selected value beyond the twelve shown stays visible, with its count.
    response = client.get(reverse("letters:search"), {"q": "letter", "state": "state-n"})
    group = next(g for g in response.context["facets"] if g.name == "state")
    assert len(group.values) == 13
    assert (group.values[-1].label, group.values[-1].count, group.values[-1].selected) == (
        "State N",
        1,
        True,
    )
    assert group.more == 2


def test_filters_never_make_the_results_query_distinct(client, sample_letters):
    # One search row per letter: DISTINCT would sort every match before the first page.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"session": "75", "year": "2021", "kind": "letter", "sc_year": "76"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("letters:search"), params)
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"]]


def test_a_topic_facet_lists_its_item_numbers_in_the_latest_sessions_only(db):
    from letters.models import AgendaItem, Session
    from letters.search.facets import topic_details as _topic_details

    topic = AgendaTopic.objects.create(title="Oceans", key="oceans", slug="oceans")
    for session in range(70, 78):
        AgendaItem.objects.create(
            session=Session.objects.create(number=session), number=session - 60, topic=topic
        )
    assert _topic_details([topic.pk]) == {
        topic.pk: "item 17 (77th), 16 (76th), 15 (75th), 14 (74th), 13 (73rd), 12 (72nd), …"
    }
    AgendaItem.objects.filter(session__number__lt=72).delete()
    assert _topic_details([topic.pk])[topic.pk].endswith("12 (72nd)")


@pytest.mark.parametrize(
    ("params", "through_bitmaps"),
    [
        ({"q": "Azerbaijan"}, False),  # text alone: matches spread over time
        ({"q": "Azerbaijan", "session": "75"}, True),
        ({"session": "75"}, False),  # no text: no vector to test, the session's index
        ({"q": "Azerbaijan", "has_annex": "false"}, True),  # "without annexes" filters too
        ({"q": "Azerbaijan", "session": ""}, False),  # a blank parameter is not
    ],
)
def test_filtered_results_are_read_through_bitmaps(client, sample_letters, params, through_bitmaps):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Newest first: a page by relevance of a small result is read with its counts.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("letters:search"), {**params, "sort": "newest"})
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # The planner settings travel in the page's own statement (query.fetch).
    page = next(
        s
        for s in sql
        if 'SELECT "letters_searchentry"."letter_id"' in s and "MATERIALIZED" not in s
    )
    assert ("set_config('enable_indexscan', 'off'" in page) is through_bitmaps


@pytest.mark.parametrize(
    ("text", "kept", "cut"),
    [
        pytest.param("peace and security", "peace and security", "", id="short"),
        pytest.param(
            " ".join(["peace"] * 300),
            " ".join(["peace"] * 20),
            " ".join(["peace"] * 280),
            id="many-terms",
        ),
        pytest.param("x" * 5000, "x" * 256, "x" * 4744, id="one-huge-term"),
        pytest.param(
            ("abcdefghij " * 30).strip(),
            ("abcdefghij " * 20).strip(),
            ("abcdefghij " * 10).strip(),
            id="terms-cap-first",
        ),
        pytest.param(
            ("a" * 100 + " ") * 4,
            ("a" * 100 + " ") * 1 + "a" * 100,
            ("a" * 100 + " ") * 1 + "a" * 100,
            id="characters-cap",
        ),
    ],
)
def test_a_search_text_is_bounded_at_a_term_boundary(text, kept, cut):
    from letters.search.query import bounded_text

    bounded = bounded_text(text)
    assert (bounded.text, bounded.cut) == (kept.strip(), cut.strip())


def test_a_long_search_runs_its_first_terms_and_says_what_was_cut(client, sample_letters):
    response = client.get(reverse("letters:search"), {"q": "Azerbaijan " + "peace " * 679})
    assert response.status_code == 200
    assert response.context["text"] == "Azerbaijan " + " ".join(["peace"] * 19)
    assert "The search text was too long" in response.content.decode()
    assert len(response.content) < 1_000_000


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=peace",
        "page=3&q=peace",
        "state=4&q=peace",
        "q=peace&state=4&state=9&topic=2",
        "session=75&q=x",
        "q=caf%C3%A9+%22a%26b%22&state=4&page=2&year=2001",
        "state=4&q=%3Cscript%3E&state=%E2%80%AE",
    ],
)
@pytest.mark.parametrize("single", [False, True])
def test_a_facet_s_links_are_the_query_string_with_one_value_toggled(query, single):
    from django.http import QueryDict

    from letters.search.sidebar import toggled, toggler

    def expected(name: str, value: str) -> str:
        # The same query string, back to page 1, with the value added (or, for a facet
        # of one value, put in place of the others) or removed.
        toggled_params = params.copy()
        toggled_params.pop("page", None)
        values = toggled_params.getlist(name)
        if value in values:
            values.remove(value)
        elif single:
            values = [value]
        else:
            values.append(value)
        toggled_params.setlist(name, values)
        return "?" + toggled_params.urlencode()

    params = QueryDict(query)
    for name in ("state", "session", "topic", "year"):
        link = toggler(params, name, single=single)
        for value in ("4", "9", "75", "new value", "<&>", *params.getlist(name)):
            assert link(value) == expected(name, value)
            assert toggled(params, name, value, single=single) == expected(name, value)


def test_a_facet_value_s_texts_are_escaped_in_the_sidebar():
    from letters.search.sidebar import FacetGroup, FacetValue

    hostile = FacetValue(
        param="x",
        label='<script>alert("label")</script> & co',
        count=1200,
        selected=True,
        url='?state=a&q="><script>',
        detail="<b>item 4</b>",
        approximate=True,
    )
    html = FacetGroup("state", "Sender State", [hostile]).items_html
    assert "<script>" not in html
    assert "<b>" not in html
    assert html == (
        '<li><a href="?state=a&amp;q=&quot;&gt;&lt;script&gt;" aria-current="true"'
        ' class="selected"><span class="facet-label">&lt;script&gt;alert(&quot;label&quot;)'
        '&lt;/script&gt; &amp; co</span> <span class="count" aria-label="about 1,200 letters">'
        '≈1,200</span></a> <span class="facet-detail">&lt;b&gt;item 4&lt;/b&gt;</span></li>'
    )


def test_a_result_row_s_texts_are_escaped_and_its_snippet_kept_marked():
    import dataclasses
    import datetime

    from letters.search.query import mark
    from letters.search.results import Link, ResultRow, items_html

    hostile = ResultRow(
        pk=7,
        title="<script>alert('title')</script>",
        letter_date=datetime.date(2022, 3, 3),
        session=Link("76th session", "/sessions/76/"),
        symbols=["A/76/<b>1</b>"],
        senders=[Link("<i>State</i>", '/states/x"><script>/')],
        signatories=[Link("Mona & Juul", "/people/1/")],
        annexes=2,
        opening="Tom & Jerry <img src=x onerror=alert(1)>",
    )
    html = items_html([hostile], letter_query="q=a&b=%22")
    for tag in ("<script>", "<b>", "<i>", "<img"):
        assert tag not in html
    assert '<a href="/letters/7/?q=a&amp;b=%22">&lt;script&gt;' in html
    assert '<time datetime="2022-03-03">3 March 2022</time>' in html
    assert "· 2 annexes" in html
    assert '<p class="snippet">Tom &amp; Jerry &lt;img src=x onerror=alert(1)&gt;</p>' in html
    assert 'Signed: <a href="/people/1/">Mona &amp; Juul</a>' in html
    # A snippet is marked and escaped already (query.mark): kept as it is.
    marked = dataclasses.replace(hostile, snippet=mark("a \x02<hit>\x03 b"), annexes=1)
    html = items_html([marked])
    assert '<p class="snippet">a <mark>&lt;hit&gt;</mark> b</p>' in html
    assert "· 1 annex<" in html
    assert '<a href="/letters/7/">' in html


def test_a_snippet_is_cut_around_the_first_hit_of_any_word_in_any_case(client):
    filler = "The delegation reaffirms its position on the matter. " * 60  # ~3,200 characters
    body = f"{filler}QUIXOTIC plans were discussed. {filler}The zanzibarite question remains."
    letter = make_letter(symbol="A/76/1", filename="1.txt", body=body)
    response = client.get(reverse("letters:search"), {"q": "zanzibarite quixotic"})
    (row,) = [row for row in response.context["page"] if row.pk == letter.pk]
    # The first hit is the upper-case one, far past the body's start; the stretch holds it.
    assert "<mark>QUIXOTIC</mark>" in row.snippet
    assert "zanzibarite" not in row.snippet.lower()
    # No word of the search in the body at all (a symbol matched): the body's start.
    response = client.get(reverse("letters:search"), {"q": "A/76/1"})
    (row,) = list(response.context["page"])
    assert row.snippet.startswith("The delegation")
