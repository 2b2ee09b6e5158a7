"""Exports too large for a request, prepared by a job, and the archive's dumps
(letters/opendata/prepared.py, DESIGN.md §12). Jobs run in the test's thread
(tests/jobs.py); the worker itself is tested in tests/test_jobs.py."""

from __future__ import annotations

import csv
import datetime
import gzip
import io
import json

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from letters.curation.publish import publish_letter
from letters.models import Export, Letter
from letters.opendata import prepared
from tests.factories import letter_text, make_letter
from tests.jobs import deferred_jobs, run_deferred_jobs

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"}
EXPORT_CSV = reverse("letters:export", args=["csv"])


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Files go to a folder of the test's own; the stream limit is ten letters."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LETTERS_EXPORT_STREAM_LIMIT = 10
    settings.LETTERS_SITE_URL = "https://letters.example.org"
    return settings.MEDIA_ROOT


@pytest.fixture
def letters(db):
    """Twenty-five letters on fisheries, five on other things."""
    fisheries = [
        make_letter(symbol=f"A/76/{n + 1}", filename=f"f{n}.txt", body=f"Fisheries, round {n}.")
        for n in range(25)
    ]
    for n in range(5):
        make_letter(symbol=f"A/76/{n + 100}", filename=f"o{n}.txt", body="Other matters.")
    return fisheries


def unzipped(response) -> str:
    data = b"".join(response.streaming_content)
    return gzip.decompress(data).decode()


def test_a_small_export_is_written_in_the_request(client, letters):
    response = client.get(EXPORT_CSV, {"q": "fisheries", "state": "norway", "year": "1999"})
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [",".join(_header())]
    assert not deferred_jobs()


def _header() -> list[str]:
    from letters.opendata.exports import CSV_COLUMNS

    return list(CSV_COLUMNS)


def test_a_large_export_asked_by_a_browser_is_prepared_by_a_job_then_linked(client, letters):
    response = client.get(EXPORT_CSV, {"q": "fisheries", "sort": "newest"}, **HTML)
    assert response.status_code == 303
    export = Export.objects.get()
    assert response["Location"] == export.get_absolute_url()
    assert [job.task_name for job in deferred_jobs()] == ["write_export"]

    page = client.get(response["Location"], **HTML)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Waiting for a worker" in html
    assert '<meta http-equiv="refresh" content="10">' in html

    run_deferred_jobs()
    export.refresh_from_db()
    assert (export.status, export.total, export.written) == ("ready", 25, 25)
    html = client.get(response["Location"], **HTML).content.decode()
    assert "http-equiv" not in html
    file_url = reverse("letters:prepared_export_file", args=[export.key, "letters.csv.gz"])
    assert f'href="{file_url}"' in html

    download = client.get(file_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/gzip"
    assert download["Content-Disposition"] == 'attachment; filename="letters.csv.gz"'
    assert "immutable" in download["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(unzipped(download))))
    page = client.get(reverse("letters:search"), {"q": "fisheries", "sort": "newest"})
    assert len(rows) == 25
    assert [int(r["id"]) for r in rows[:20]] == [row.pk for row in page.context["page"]]
    assert rows[0]["url"] == f"https://letters.example.org/letters/{rows[0]['id']}/"


def test_a_script_is_told_202_with_the_location_then_sent_to_the_file(client, letters):
    response = client.get(reverse("letters:export", args=["jsonl"]), {"q": "fisheries"})
    assert response.status_code == 202
    status_url = response["Location"]
    assert response["Retry-After"] == "10"
    assert status_url in response.content.decode()
    assert client.get(status_url).status_code == 202
    run_deferred_jobs()
    ready = client.get(status_url)
    assert ready.status_code == 303
    records = [json.loads(line) for line in unzipped(client.get(ready["Location"])).splitlines()]
    assert {r["id"] for r in records} == {letter.pk for letter in letters}


def test_the_same_export_asked_again_is_served_not_written_again(client, letters):
    client.get(EXPORT_CSV, {"q": "fisheries", "page": "2", "unknown": "1"})
    # Another spelling of the same search: parameters reordered, a value repeated,
    # the page and an unknown parameter differing.
    client.get(f"{EXPORT_CSV}?unknown=2&q=fisheries&q=fisheries")
    assert Export.objects.count() == 1
    assert len(deferred_jobs()) == 1
    run_deferred_jobs()
    again = client.get(EXPORT_CSV, {"q": "fisheries"})
    assert again.status_code == 303
    assert again["Location"].endswith("/letters.csv.gz")
    assert not deferred_jobs()


def test_a_change_to_the_archive_makes_a_new_export(client, letters):
    client.get(EXPORT_CSV, {"q": "fisheries"})
    run_deferred_jobs()
    with django_capture_on_commit():
        publish_letter(
            letter=draft("A/76/999", body="Fisheries again."),
            user=None,
        )
    response = client.get(EXPORT_CSV, {"q": "fisheries"})
    assert response.status_code == 202  # not the file made before the change
    assert Export.objects.count() == 2
    run_deferred_jobs()
    assert sorted(Export.objects.values_list("total", flat=True)) == [25, 26]


def django_capture_on_commit():
    """Runs what the block registers for after commit (the jobs a publication defers),
    which a test that rolls back would never run."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def draft(symbol: str, body: str = "A letter.") -> Letter:
    from letters.intake.ingest import ingest_letter
    from letters.intake.reading import read_letter

    read = read_letter(letter_text(symbol=symbol, body=body).encode(), f"{symbol[-3:]}.txt")
    return ingest_letter(
        parsed=read.parsed, source=read.data, filename=read.filename, text=read.text, publish=False
    ).letter


def test_a_full_queue_refuses_new_exports_with_503(client, letters, settings):
    settings.LETTERS_EXPORT_QUEUE_LIMIT = 1
    assert client.get(EXPORT_CSV, {"q": "fisheries"}).status_code == 202
    refused = client.get(EXPORT_CSV, {"q": "fisheries", "sort": "oldest"})
    assert refused.status_code == 503
    assert refused["Retry-After"] == "60"
    # The one already asked for is still answered.
    assert client.get(EXPORT_CSV, {"q": "fisheries"}).status_code == 202


def test_an_export_that_cannot_be_made_says_so_and_can_be_asked_again(client, letters):
    from letters.models import State

    client.get(EXPORT_CSV, {"state": "norway"})
    State.objects.filter(slug="norway").update(slug="kingdom-of-norway")  # since renamed
    run_deferred_jobs()
    export = Export.objects.get()
    assert export.status == "failed"
    html = client.get(export.get_absolute_url(), **HTML).content.decode()
    assert "could not be prepared" in html
    assert client.get(export.get_absolute_url()).status_code == 500
    State.objects.filter(slug="kingdom-of-norway").update(slug="norway")
    assert client.get(EXPORT_CSV, {"state": "norway"}).status_code == 202
    run_deferred_jobs()
    assert Export.objects.get().status == "ready"


@pytest.mark.django_db(transaction=True)
def test_a_small_export_over_its_time_refuses_with_503_not_a_cut_file(client):
    # Another session holds the search table: the export's statement waits until its
    # own limit, and the client gets 503 with Retry-After, never a partial 200. (Letters
    # committed, so the test's own transaction holds no lock on the table.)
    make_letter(symbol="A/76/1", body="Other matters.")
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
        autocommit=False,
    )
    try:
        other.execute("LOCK TABLE letters_searchentry IN ACCESS EXCLUSIVE MODE")
        response = client.get(EXPORT_CSV, {"year": "2022", "kind": "letter", "q": "other"})
    finally:
        other.rollback()
        other.close()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "took too long" in response.content.decode()


def test_a_small_export_past_its_deadline_refuses_with_503(client, letters, monkeypatch):
    from letters.opendata import views

    monkeypatch.setattr(views, "EXPORT_DEADLINE_SECONDS", -1)
    response = client.get(EXPORT_CSV, {"q": "other"})
    assert response.status_code == 503


# --- The archive's dumps ----------------------------------------------------------------


def test_dumps_are_made_when_the_archive_is_quiet_and_served_as_files(client, letters):
    assert client.get(reverse("letters:archive_dump", args=["csv"])).status_code == 503
    assert sorted(prepared.refresh_dumps()) == ["bib", "csv", "jsonl", "ris"]
    assert prepared.refresh_dumps() == []  # already asked for
    run_deferred_jobs()
    response = client.get(reverse("letters:archive_dump", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="archive.csv.gz"'
    assert len(unzipped(response).splitlines()) == 31  # the header and every letter
    # A crawler asking again is told nothing changed.
    cached = client.get(
        reverse("letters:archive_dump", args=["csv"]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert cached.status_code == 304
    # The whole archive asked through /export.csv is the same file.
    assert client.get(EXPORT_CSV).status_code == 303
    assert Export.objects.count() == 4


def test_many_publishes_make_one_regeneration_once_quiet(client, letters):
    prepared.refresh_dumps()
    run_deferred_jobs()
    for n in range(3):
        with django_capture_on_commit():
            publish_letter(letter=draft(f"A/76/{500 + n}"), user=None)
    # Changed a moment ago: the dumps wait for the archive to be quiet.
    assert prepared.refresh_dumps() == []
    quiet = timezone.now() - datetime.timedelta(seconds=prepared.DUMP_QUIET_SECONDS + 1)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE letters_publicationversion SET changed = %s", [quiet])
    assert len(prepared.refresh_dumps()) == 4
    run_deferred_jobs()
    response = client.get(reverse("letters:archive_dump", args=["jsonl"]))
    assert len(unzipped(response).splitlines()) == 33


def test_expired_exports_and_superseded_dumps_are_removed_with_their_files(client, letters):
    client.get(EXPORT_CSV, {"q": "fisheries"})
    prepared.refresh_dumps()
    run_deferred_jobs()
    old = timezone.now() - datetime.timedelta(days=30)
    Export.objects.exclude(query="").update(requested=old)
    kept = set(Export.objects.filter(query="").values_list("file", flat=True))
    from django.core.files.storage import default_storage

    gone = Export.objects.exclude(query="").get().file
    assert default_storage.exists(gone)
    assert prepared.remove_expired() == 1
    assert not default_storage.exists(gone)
    assert set(Export.objects.values_list("file", flat=True)) == kept


def test_a_file_lost_from_storage_is_written_again_when_asked_for(client, letters):
    from django.core.files.storage import default_storage

    client.get(EXPORT_CSV, {"q": "fisheries"})
    run_deferred_jobs()
    export = Export.objects.get()
    default_storage.delete(export.file)  # a volume wiped
    file_url = reverse("letters:prepared_export_file", args=[export.key, "letters.csv.gz"])
    assert client.get(file_url).status_code == 404
    assert client.get(EXPORT_CSV, {"q": "fisheries"}).status_code == 202
    run_deferred_jobs()
    assert client.get(file_url).status_code == 200
