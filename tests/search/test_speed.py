"""What keeps a search page cheap: the publication version and the caches under it, ranking
among the top letters of a search's words above the ranking limit, the round trips a page
makes."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import SearchEntry, TopLetter
from letters.search import cache as search_cache
from letters.search import indexing
from tests.factories import make_letter

pytestmark = pytest.mark.django_db


def counted(queries: CaptureQueriesContext) -> bool:
    return any("m AS MATERIALIZED (" in q["sql"] for q in queries.captured_queries)


def test_a_search_page_is_computed_once_per_publication(client, settings):
    settings.LETTERS_SEARCH_CACHE_SECONDS = 600
    make_letter(symbol="A/76/1", filename="1.txt", body="Peace and security.")
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("letters:search"), {"q": "peace"}).context["counts"].total == 1
    with CaptureQueriesContext(connection) as again:
        response = client.get(reverse("letters:search"), {"q": "peace"})
    assert counted(first)
    assert not counted(again)
    # The version and the cached page: nothing else reaches the database.
    assert len(again.captured_queries) <= 2, [q["sql"] for q in again.captured_queries]
    assert "1 letter for" in response.content.decode()
    # A publication retires every cached page at once.
    make_letter(symbol="A/76/2", filename="2.txt", body="Peace again.")
    response = client.get(reverse("letters:search"), {"q": "peace"})
    assert response.context["counts"].total == 2


def test_the_api_reads_the_pipelines_cache(client, settings):
    settings.LETTERS_SEARCH_CACHE_SECONDS = 600
    make_letter(symbol="A/76/1", filename="1.txt", body="Peace and security.")
    client.get("/api/v1/letters/", {"q": "peace"})
    with CaptureQueriesContext(connection) as again:
        response = client.get("/api/v1/letters/", {"q": "peace"})
    assert response.status_code == 200
    assert not counted(again)


def test_pages_are_not_cached_when_the_setting_is_0(client, settings):
    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    make_letter(symbol="A/76/1", filename="1.txt", body="Peace and security.")
    client.get(reverse("letters:search"), {"q": "peace"})
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("letters:search"), {"q": "peace"})
    assert counted(again)


def test_every_write_to_the_search_table_raises_the_version_in_its_transaction():
    before = search_cache.version()
    letter = make_letter(symbol="A/76/1", filename="1.txt")
    assert search_cache.version() == before + 1
    letter.published_at = None
    from letters.intake.ingest import refresh_search_entry

    refresh_search_entry(letter)
    assert search_cache.version() == before + 2
    assert not SearchEntry.objects.filter(letter=letter).exists()


@pytest.mark.django_db(transaction=True)
def test_a_new_language_is_searched_in_by_every_process_after_its_publication(client):
    # Another process (a gunicorn worker) caches the languages of the archive under the
    # version it read: a publication moves the version, so the old entry is never read.
    from letters.search.query import languages_in_archive

    make_letter(symbol="A/76/1", filename="1.txt")
    assert languages_in_archive() == ("en",)
    SearchEntry.objects.update(languages=["en", "fr"])  # as a French version would
    search_cache.search_changed()
    assert set(languages_in_archive()) == {"en", "fr"}


def test_the_languages_are_probed_through_their_index_only():
    # A scan of the table for a language no letter has reads every row: the probe is
    # sent with sequential and plain index scans off, and they are back on after it.
    from django.db import connection

    from letters.search.query import _languages_in_archive

    make_letter(symbol="A/76/1", filename="1.txt")
    sent = []

    def watch(execute, sql, params, many, context):
        sent.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        assert _languages_in_archive() == ("en",)
    [(sql, params)] = [(sql, params) for sql, params in sent if '"languages" @>' in sql]
    assert sql.startswith("SELECT set_config")
    assert params[params.index("enable_seqscan") + 1] == "off"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        assert cursor.fetchone()[0] == "on"


def test_the_planner_has_statistics_of_every_samples_expression():
    # Without them PostgreSQL took the 1-in-100 sample for half its size and read every
    # row of it (and its vector) for a search that also names a State (migration 0026).
    # The coarse sample's index condition holds every sample's expression.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_statisticsobjdef_expressions(oid) FROM pg_statistic_ext"
            " WHERE stxname = 'searchentry_sample_stats'"
        )
        [(expressions,)] = cursor.fetchall()
        cursor.execute(
            "SELECT pg_get_expr(indpred, indrelid) FROM pg_index"
            " WHERE indexrelid = 'searchentry_coarse_sample_idx'::regclass"
        )
        [(condition,)] = cursor.fetchall()
    samples = re.findall(r"mod\(letter_id, \(\d+\)::bigint\)", condition)
    assert len(samples) == 2
    assert sorted(expressions) == sorted(samples)


def test_a_cache_write_does_not_pin_the_client_to_the_primary():
    from django.core.cache.backends.db import DatabaseCache

    from archive import routers

    with routers.scope() as work:
        routers.PrimaryReplicaRouter().db_for_write(DatabaseCache("t", {}).cache_model_class)
        assert not work.wrote
        assert not routers.pinned_to_primary()
        routers.PrimaryReplicaRouter().db_for_write(SearchEntry)
        assert work.wrote


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_is_given_its_statement_timeout_once(client, settings):
    settings.LETTERS_PUBLIC_STATEMENT_TIMEOUT_MS = 2500
    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    client.get(reverse("letters:search"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("letters:search")).status_code == 200
    assert not [q for q in queries.captured_queries if "statement_timeout" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "2500ms"
    # A new connection has no record of it: set again.
    connection.close()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("letters:search"))
    assert [q for q in queries.captured_queries if "statement_timeout" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_the_database_dropped_gets_its_timeout_again():
    # What a database restart between two requests does: the record on the old
    # connection must not stand for the new one.
    from django.db import connections

    from archive.middleware import set_statement_timeout

    kept = type(connections["default"])(
        {**connection.settings_dict, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True},
        alias="default",
    )
    try:
        set_statement_timeout(kept, 2500)
        with kept.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            before = cursor.fetchone()[0]
        kept.close_if_unusable_or_obsolete()  # the end of a request: kept open
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [before])
        kept.close_if_unusable_or_obsolete()  # the start of the next request
        set_statement_timeout(kept, 2500)
        with kept.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), current_setting('statement_timeout')")
            after, timeout = cursor.fetchone()
        assert after != before
        assert timeout == "2500ms"
    finally:
        kept.close()


def test_a_text_search_page_makes_few_round_trips(client, settings, sample_letters):
    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    client.get(reverse("letters:search"), {"q": "Azerbaijan"})
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("letters:search"), {"q": "Azerbaijan"})
    sql = [q["sql"] for q in queries.captured_queries]
    # Names, version, one counting (a small result is counted exactly, and its page by
    # relevance read, in the statement that probes the sample), the page's rows with
    # snippets, labels, topics; the statement timeout is set again only inside the
    # test's transaction.
    assert len([s for s in sql if "statement_timeout" not in s]) <= 6, sql
    assert len([s for s in sql if "m AS MATERIALIZED (" in s]) == 1
    assert not [s for s in sql if "ts_rank_cd" in s and "MATERIALIZED" not in s]
    assert not [s for s in sql if s in ("BEGIN", "COMMIT") or s.startswith("SAVEPOINT")]


# Bodies weighing "peace" differently, and dates apart: relevance, then date, then id.
_PEACE_BODIES = [
    ("Peace.", "1 March 2022"),
    ("Peace, peace and peace: a lasting peace.", "2 March 2022"),
    ("Peace and peace.", "3 March 2022"),
    ("Peace.", "4 March 2022"),
    ("On peace, and on security.", "5 March 2022"),
    ("Peace and peace.", "1 March 2022"),
    ("Peace in the region.", "1 March 2022"),
    ("Peace, as Mehdiev said.", "1 February 2022"),  # the name as a word, the oldest
]


def make_peace_letters() -> list[int]:
    """The letters of ``_PEACE_BODIES``, from Sweden and Norway in turn, the third signed
    by Agshin Mehdiyev; their ids."""
    return [
        make_letter(
            symbol=f"A/76/{n}",
            filename=f"{n}.txt",
            body=body,
            dated=dated,
            state="Sweden" if n % 2 else "Norway",
            signer="Agshin Mehdiyev" if n == 3 else "Mona Juul",
        ).pk
        for n, (body, dated) in enumerate(_PEACE_BODIES, start=1)
    ]


def test_a_letter_matched_by_a_name_alone_ranks_after_those_the_words_match(settings):
    from django.http import QueryDict

    from letters.search.pipeline import search_page

    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    ids = make_peace_letters()
    # "Mehdiev" is a word of the oldest letter only, and approximates the name of the
    # third one's signatory: the word's letter first, then the signatory's.
    shown = [row.pk for row in search_page(QueryDict("q=Mehdiev")).page]
    assert shown == [ids[-1], ids[2]]


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"q": "peace"}, id="one-word"),
        pytest.param({"q": "peace", "page": "2"}, id="page-2"),
        pytest.param({"q": "peace", "page": "3"}, id="the-last-page-short"),
        pytest.param({"q": "peace", "page": "99"}, id="past-the-end"),
        pytest.param({"q": "peace", "page": "0"}, id="page-0"),
        pytest.param({"q": "peace", "page": "abc"}, id="not-a-number"),
        pytest.param({"q": "peace", "state": "sweden"}, id="a-facet-selected"),
        pytest.param({"q": '"peace and peace"'}, id="phrase"),
        pytest.param({"q": "peace A/76/4"}, id="a-symbol-named-first"),
        pytest.param({"q": "Mehdiev"}, id="a-name-approximated"),
    ],
)
def test_a_small_result_s_page_by_relevance_is_read_with_its_counts(settings, params):
    from django.http import QueryDict

    from letters.search.pipeline import bind_search, search_page
    from letters.search.query import order_results

    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    make_peace_letters()
    query = QueryDict(mutable=True)
    query.update({key: value for key, value in params.items() if key != "page"})
    with CaptureQueriesContext(connection) as queries:
        result = search_page(query, page_number=params.get("page"), per_page=3)
    page = result.page
    shown = [row.pk for row in page]
    # The order the page's own query reads: relevance, then newest, then highest id.
    filterset = bind_search(query)
    ordered = order_results(filterset.qs, match=filterset.text_match, sort="relevance")
    everything = list(ordered.values_list("letter_id", flat=True))
    assert shown
    assert shown == everything[page.start_index() - 1 : page.end_index()]
    assert result.total == len(everything)
    sql = [q["sql"] for q in queries.captured_queries]
    ranked_apart = [s for s in sql if "ts_rank_cd" in s and "MATERIALIZED" not in s]
    if params.get("page") in ("99", "0"):  # the paginator settled on another page
        assert len(ranked_apart) == 1
    else:
        assert not ranked_apart


# --- Ranking above the ranking limit ---------------------------------------------------


@pytest.fixture
def broad_corpus(monkeypatch):
    """Eight letters about peace, one weighing it most (in its title, several times in
    its body); ranking limit 2 and lists from words in 1 letter, so "peace" is broad."""
    monkeypatch.setattr(indexing, "TOP_LETTERS_FROM", 1)
    monkeypatch.setattr("letters.search.query.RANK_LIMIT", 2)
    letters = [
        make_letter(symbol=f"A/76/{n}", filename=f"{n}.txt", body=f"On peace ({n}).")
        for n in range(1, 8)
    ]
    best = make_letter(
        symbol="A/76/99",
        filename="99.txt",
        topic="Peace",
        body="Peace, peace and peace: a lasting peace.",
        dated="1 January 2001",  # the oldest: newest first would show it last
    )
    return letters, best


def rows(entry_ids=None) -> set[tuple[str, int, float]]:
    return {
        (t.lexeme, t.entry_id, round(t.score, 6))
        for t in TopLetter.objects.all()
        if entry_ids is None or t.entry_id in entry_ids
    }


def test_both_writers_keep_the_same_lists_of_top_letters(broad_corpus):
    letters, best = broad_corpus
    indexing.rebuild_top_letters()
    rebuilt = rows()
    assert {pk for lexeme, pk, _ in rebuilt if lexeme == "peac"} == {
        best.pk,
        *(x.pk for x in letters),
    }
    # The per-letter writer puts a letter back where the rebuild had it, in every list
    # that others keep (a word of its own only would have none once it left).
    TopLetter.objects.filter(entry_id=best.pk).delete()
    indexing.add_to_top_letters(best.pk)
    shared = {lexeme for lexeme, pk, _ in rebuilt if pk != best.pk}
    assert rows() == {row for row in rebuilt if row[0] in shared}


def test_a_broad_search_is_ranked_among_its_words_top_letters(client, broad_corpus, settings):
    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    _letters, best = broad_corpus
    indexing.rebuild_top_letters()
    response = client.get(reverse("letters:search"), {"q": "peace"})
    page = response.context["result"]
    assert page.total == 8
    assert page.ranked
    assert page.ranked_first == 8
    assert next(row.pk for row in page.page) == best.pk
    assert "ranked among" in response.content.decode()
    data = client.get("/api/v1/letters/", {"q": "peace"}).json()
    assert data["search"]["ranked_first"] == 8
    assert data["results"][0]["id"] == best.pk


def test_one_word_is_ranked_by_the_lists_as_ts_rank_cd_ranks_it(broad_corpus):
    from django.http import QueryDict

    from letters.search import ranking
    from letters.search.pipeline import bind_search
    from letters.search.query import order_results

    indexing.rebuild_top_letters()
    for params in ("q=peace", "q=peace&has_annex=false", "q=peace&date_from=2022-01-01"):
        filterset = bind_search(QueryDict(params))
        match = filterset.text_match
        assert ranking.one_word(match)
        by_lists = ranking.ranked_candidates(filterset, match)
        by_vectors = order_results(
            filterset.qs.filter(letter_id__in=ranking.candidates(match)),
            match=match,
            sort="relevance",
        ).values_list("letter_id", flat=True)
        assert by_lists == list(by_vectors), params
    # A phrase, two words, a symbol: ranked by ts_rank_cd among the candidates.
    assert not ranking.one_word(bind_search(QueryDict('q="peace"')).text_match)
    assert not ranking.one_word(bind_search(QueryDict("q=peace security")).text_match)


def test_the_scores_are_what_ts_rank_cd_gives_one_word(broad_corpus):
    indexing.rebuild_top_letters()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.score, ts_rank_cd(e.vector, to_tsquery('english_unaccent', 'peace')) "
            "FROM letters_topletter t JOIN letters_searchentry e USING (letter_id) "
            "WHERE t.lexeme = 'peac'"
        )
        pairs = cursor.fetchall()
    assert len(pairs) == 8
    assert all(score == pytest.approx(rank, rel=1e-5) for score, rank in pairs)


def top_letters_by_sorting_everything(top: int) -> set[tuple[str, int]]:
    """Every word's ``top`` letters by ts_rank_cd (then the newest id), from every
    occurrence of every word: what the rebuild's floors must not change."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, letter_id FROM (SELECT u.lexeme, e.letter_id, row_number() OVER ("
            "  PARTITION BY u.lexeme ORDER BY ts_rank_cd(e.vector, quote_literal(u.lexeme)::tsquery)"
            "  DESC, e.letter_id DESC) AS n"
            " FROM letters_searchentry AS e, unnest(e.vector) AS u) AS ranked WHERE n <= %s",
            [top],
        )
        return set(cursor.fetchall())


@pytest.mark.parametrize("sample", ["none", "the-best-only", "all"])
def test_the_lists_are_every_words_top_letters_whatever_the_sample_says(
    broad_corpus, monkeypatch, sample
):
    # The sample sets each word's floor; one that holds only the best letter sets
    # "peace"'s floor at that letter's score, which only it reaches.
    _letters, best = broad_corpus
    monkeypatch.setattr(indexing, "TOP_LETTERS", 3)
    SearchEntry.objects.update(in_sample=sample == "all")
    if sample == "the-best-only":
        SearchEntry.objects.filter(letter_id=best.pk).update(in_sample=True)
    indexing.rebuild_top_letters()
    listed = {(t.lexeme, t.entry_id) for t in TopLetter.objects.all()}
    assert listed == top_letters_by_sorting_everything(3)
    assert len([1 for lexeme, _ in listed if lexeme == "peac"]) == 3


def test_the_lists_are_rebuilt_through_djangos_debug_cursor(broad_corpus):
    # Debug mode (make run's migrations) wraps the cursor in one whose COPY takes no
    # parameters.
    with CaptureQueriesContext(connection) as queries:
        indexing.rebuild_top_letters()
    assert any("COPY (" in q["sql"] for q in queries.captured_queries)
    assert TopLetter.objects.filter(lexeme="peac").count() == 8


def test_without_lists_a_broad_search_is_newest_first_and_says_so(client, broad_corpus, settings):
    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    TopLetter.objects.all().delete()
    response = client.get(reverse("letters:search"), {"q": "peace"})
    assert response.context["unranked"]
    assert "shown newest first rather than by relevance" in response.content.decode()


def test_pages_after_the_ranked_ones_go_on_newest_first(broad_corpus, settings, monkeypatch):
    from django.http import QueryDict

    from letters.search.pipeline import search_page

    settings.LETTERS_SEARCH_CACHE_SECONDS = 0
    _letters, best = broad_corpus
    monkeypatch.setattr(indexing, "TOP_LETTERS", 3)
    monkeypatch.setattr("letters.search.ranking.TOP_LETTERS", 3)
    indexing.rebuild_top_letters()
    pages = [search_page(QueryDict("q=peace"), page_number=n, per_page=3) for n in (1, 2, 3)]
    seen = [row.pk for page in pages for row in page.page]
    assert pages[0].ranked_first == 3
    assert len(seen) == len(set(seen)) == 8
    assert seen[0] == best.pk
    rest = [row.letter_date for page in pages for row in page.page][3:]
    assert rest == sorted(rest, reverse=True)
