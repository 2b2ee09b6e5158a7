"""Exports of a search (CSV, JSON Lines, RIS, BibTeX) and its Atom feed: every match, in
the page's order; the same filters as the page. Exports too large to write in the request
are in tests/opendata/test_prepared.py."""

from __future__ import annotations

import csv
import io
import json

import bibtexparser
import pytest
import rispy
from django.urls import reverse

from letters.opendata import exports
from tests.factories import make_letter

pytestmark = pytest.mark.django_db


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.fixture
def many_letters(db):
    """Twenty-five letters on fisheries (more than a page of twenty), five on other things."""
    fisheries = [
        make_letter(
            symbol=f"A/76/{n + 1}", filename=f"f{n}.txt", body=f"Fisheries talks, round {n}."
        )
        for n in range(25)
    ]
    for n in range(5):
        make_letter(symbol=f"A/76/{n + 100}", filename=f"o{n}.txt", body="Other matters.")
    return fisheries


def test_a_csv_export_holds_every_match_in_the_pages_order(client, many_letters):
    page = client.get(reverse("letters:search"), {"q": "fisheries", "sort": "newest"})
    response = client.get(
        reverse("letters:export", args=["csv"]), {"q": "fisheries", "sort": "newest"}
    )
    assert response.status_code == 200
    # Written whole before it is sent: its length tells a client it got all of it.
    assert int(response["Content-Length"]) == len(response.content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="letters.csv"'
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert len(rows) == 25
    assert [int(r["id"]) for r in rows[:20]] == [row.pk for row in page.context["page"]]
    first = rows[0]
    assert first["symbols"].startswith("A/76/")
    assert first["url"] == f"http://testserver/letters/{first['id']}/"
    assert first["citation"].endswith(f"Available from {first['url']}")
    assert first["senders"] == "Norway"
    assert first["signatories"] == "Mona Juul"


@pytest.mark.parametrize("fmt", ["jsonl", "ris", "bib"])
def test_every_format_holds_every_match(client, many_letters, fmt):
    response = client.get(reverse("letters:export", args=[fmt]), {"q": "fisheries"})
    assert response.status_code == 200
    text = body(response)
    if fmt == "jsonl":
        records = [json.loads(line) for line in text.splitlines()]
        assert {r["id"] for r in records} == {letter.pk for letter in many_letters}
        assert {"symbols", "title", "letter_date", "agenda_items", "cited_documents"} <= set(
            records[0]
        )
    elif fmt == "ris":
        assert len(rispy.loads(text)) == 25
    else:
        assert len(bibtexparser.parse_string(text).entries) == 25


def test_facet_filters_narrow_the_export_as_the_page(client, many_letters):
    params = {"q": "fisheries", "year": "2022", "state": "norway"}
    page = client.get(reverse("letters:search"), params)
    rows = body(client.get(reverse("letters:export", args=["jsonl"]), params)).splitlines()
    assert len(rows) == page.context["counts"].total == 25
    rows = body(client.get(reverse("letters:export", args=["jsonl"]), {"year": "1999"}))
    assert rows == ""


def test_the_export_reads_a_chunk_of_letters_at_a_time(
    client, many_letters, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exports, "CHUNK", 10)
    # The statement limit, the bounded count for ranking, the search's look-ups, the
    # ids (at most the stream limit), then one query per chunk of ten: not one per letter.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("letters:export", args=["csv"]), {"q": "fisheries"})
        assert len(body(response).splitlines()) == 26


def test_letter_text_cannot_become_a_spreadsheet_formula_or_markup(client, db):
    make_letter(symbol="A/76/1", body='=HYPERLINK("http://x") <script>alert(1)</script>')
    from letters.models import Letter

    Letter.objects.update(title="=cmd|' /C calc'!A0")
    from letters.intake.ingest import refresh_search_entry

    refresh_search_entry(Letter.objects.get())
    rows = list(
        csv.DictReader(io.StringIO(body(client.get(reverse("letters:export", args=["csv"])))))
    )
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        pytest.param("/export.csv", {"session": "abc"}, 400, id="bad-filter"),
        pytest.param("/export.exe", {}, 404, id="unknown-format"),
        pytest.param("/export.csv", {"q": "x" * 5000}, 200, id="long-text-cut"),
        pytest.param("/feeds/search.atom", {"kind": "poem"}, 400, id="feed-bad-filter"),
    ],
)
def test_bad_export_requests_get_a_clear_answer(client, many_letters, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status


def test_a_search_has_an_atom_feed_of_its_newest_letters(client, many_letters):
    page = client.get(reverse("letters:search"), {"q": "fisheries"})
    html = page.content.decode()
    assert 'type="application/atom+xml"' in html
    assert f'href="{reverse("letters:export", args=["csv"])}?q=fisheries"' in html
    response = client.get(reverse("letters:search_feed"), {"q": "fisheries"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "<title>UN Letters Archive: fisheries</title>" in feed
    assert feed.count("<entry>") == 25
    assert "Other matters" not in feed


def test_a_letter_page_offers_its_record_in_every_format(client, db):
    letter = make_letter(symbol="A/76/1")
    html = client.get(letter.get_absolute_url()).content.decode()
    for fmt in ("csv", "jsonl"):
        url = reverse("letters:letter_export", args=[letter.pk, fmt])
        assert f'href="{url}"' in html
        response = client.get(url)
        assert response.status_code == 200
        assert str(letter.pk) in body(response)


def test_an_export_reads_under_a_limit_below_gunicorns_worker_timeout():
    """A slow read must end in the export's 503 before gunicorn kills the worker."""
    import runpy
    from pathlib import Path

    from letters.opendata.views import EXPORT_STATEMENT_TIMEOUT_MS, search_export

    root = Path(__file__).resolve().parent.parent.parent
    worker_timeout = runpy.run_path(str(root / "gunicorn.conf.py"))["timeout"]
    assert search_export.statement_timeout_ms == EXPORT_STATEMENT_TIMEOUT_MS
    # Room for the response to be written after the last statement.
    assert (worker_timeout - 5) * 1000 >= EXPORT_STATEMENT_TIMEOUT_MS


@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
def test_an_export_over_the_time_limit_answers_503_not_a_cut_file(
    client, many_letters, monkeypatch
):
    from django.db import connection

    from letters.opendata import views as views_open
    from tests.archive.test_outages import search_table_locked

    monkeypatch.setattr(views_open.search_export, "statement_timeout_ms", 300)
    try:
        with search_table_locked():
            response = client.get(reverse("letters:export", args=["csv"]), {"q": "fisheries"})
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        # The connection serves the next export in full.
        rows = list(csv.DictReader(io.StringIO(body(client.get("/export.csv?q=fisheries")))))
        assert len(rows) == 25
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
