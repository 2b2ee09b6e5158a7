"""The job queue for real (DESIGN.md §12): ``manage.py procrastinate worker`` as a process
against the test database, and Procrastinate's in-process worker as its documentation
recommends for integration tests. Uploads sent through the admin form (a 1,000-letter zip,
a 50-page scan) finish as jobs with a complete report; a worker killed mid-upload leaves a
stalled job that, retried, records each letter file exactly once.

These tests commit (``transaction=True``): a worker's own connection sees only committed
rows. The worker-process tests are drills (real processes, bounded in time).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from procrastinate.contrib.django import app

from letters.models import Export, Letter, Upload, UploadLine
from letters.parsing import ocr
from tests.factories import letter_text
from tests.pdf_factory import make_image_pdf, printed_text

ROOT = Path(__file__).resolve().parent.parent
UPLOAD = reverse("admin:letters_letter_upload")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Files written by this test's workers (in this process or another) go here."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _empty_queue():
    """Jobs and worker rows are committed here: none may outlive the test (the flush
    between tests leaves Procrastinate's own tables alone)."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")


def database_url() -> str:
    """The test database's URL, for a worker process."""
    s = connection.settings_dict
    return f"postgresql://{s['USER']}@/{s['NAME']}?host={s['HOST']}&port={s['PORT']}"


def worker_env(**extra: str) -> dict[str, str]:
    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    return {
        **env,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


def run_worker_process(
    *, timeout: float, queues: str = "uploads", **env: str
) -> subprocess.CompletedProcess:
    """``manage.py procrastinate worker --one-shot``: runs every waiting job of ``queues``
    (a periodic job deferred meanwhile on another queue waits), then exits."""
    return subprocess.run(
        [
            *(sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"),
            *("--queues", queues),
        ],
        cwd=ROOT,
        env=worker_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def zipped(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def letters_zip(count: int) -> bytes:
    return zipped(
        {
            f"{n:04}.txt": letter_text(symbol=f"A/76/{n}", body=f"Letter number {n}.")
            for n in range(1, count + 1)
        }
    )


def send(admin_client, name: str, data: bytes) -> str:
    response = admin_client.post(UPLOAD, {"files": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 303
    return response.url


# --- A real worker process -----------------------------------------------------------


@pytest.mark.drill
@pytest.mark.timeout(300)
def test_a_worker_process_reads_an_upload_and_prepares_an_export(admin_client, settings, media):
    settings.LETTERS_EXPORT_STREAM_LIMIT = 2
    report = send(admin_client, "three.zip", letters_zip(3))
    run = run_worker_process(timeout=240)
    assert run.returncode == 0, run.stderr[-3000:]
    html = admin_client.get(report).content.decode()
    assert "Done." in html
    assert "3 stored" in html
    assert html.count("Review and publish") == 3

    Letter.objects.update(published_at="2026-01-01T00:00Z")
    from letters.intake.ingest import refresh_search_entry

    for letter in Letter.objects.all():
        refresh_search_entry(letter)
    response = admin_client.get(reverse("letters:export", args=["csv"]), {"kind": "letter"})
    assert response.status_code == 202
    run = run_worker_process(timeout=240, queues="exports", LETTERS_EXPORT_STREAM_LIMIT="2")
    assert run.returncode == 0, run.stderr[-3000:]
    export = Export.objects.get(query="kind=letter")
    assert (export.status, export.written) == ("ready", 3)
    assert (media / export.file).exists()


@pytest.mark.slow
@pytest.mark.drill
@pytest.mark.timeout(1800)
def test_a_1000_letter_zip_uploaded_through_the_form_finishes_with_a_complete_report(
    admin_client,
):
    report = send(admin_client, "thousand.zip", letters_zip(1000))
    started = time.monotonic()
    run = run_worker_process(timeout=1700)
    assert run.returncode == 0, run.stderr[-3000:]
    upload = Upload.objects.get()
    assert upload.finished is not None
    lines = list(upload.lines.values_list("name", "outcome"))
    assert len(lines) == 1000
    assert {outcome for _, outcome in lines} == {"draft"}
    assert [name for name, _ in lines] == [f"thousand.zip › {n:04}.txt" for n in range(1, 1001)]
    assert Letter.objects.count() == 1000
    html = admin_client.get(report).content.decode()
    assert "1,000 stored" in html or "1000 stored" in html
    print(f"1,000-letter zip read by a worker in {time.monotonic() - started:.0f} s")


@pytest.mark.slow
@pytest.mark.drill
@pytest.mark.timeout(2400)
def test_a_50_page_scan_uploaded_through_the_form_finishes_as_a_job(admin_client):
    if not ocr.available():
        if os.environ.get("CI") == "true":
            pytest.fail("tesseract is missing: run scripts/ensure-ocr")
        pytest.skip("tesseract is missing: run scripts/ensure-ocr")
    # Fifty pages of three lines each (OCR's page limit, at its usual resolution): as many
    # paragraphs as make the printed letter 148 to 150 lines long.
    for paragraphs in range(40, 120):
        body = "\n\n".join(
            f"Paragraph {n}. The talks on fisheries continued in Santiago."
            for n in range(1, paragraphs + 1)
        )
        text = letter_text(symbol="A/76/512", body=body)
        if len(printed_text(text).splitlines()) > 147:
            break
    scan = make_image_pdf(text, lines_per_page=3)
    import pypdfium2 as pdfium

    assert len(pdfium.PdfDocument(scan)) == 50
    report = send(admin_client, "scan.pdf", scan)
    started = time.monotonic()
    # On a busy shared machine a page may take far longer than its usual 4 s.
    run = run_worker_process(timeout=2300, LETTERS_OCR_TIMEOUT_SECONDS="2200")
    assert run.returncode == 0, run.stderr[-3000:]
    line = UploadLine.objects.get()
    assert line.outcome == "draft", line.message
    letter = Letter.objects.select_related("source").get()
    assert letter.source.extraction == "ocr"
    assert f"Paragraph {paragraphs}" in letter.source.text
    assert "Done." in admin_client.get(report).content.decode()
    print(f"50-page scan read by a worker in {time.monotonic() - started:.0f} s")


@pytest.mark.drill
@pytest.mark.timeout(900)
def test_a_worker_killed_mid_upload_leaves_a_job_that_retried_records_each_file_once(
    admin_client,
):
    send(admin_client, "forty.zip", letters_zip(40))
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "uploads"],
        cwd=ROOT,
        env=worker_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while UploadLine.objects.count() < 5:
            assert time.monotonic() < deadline, "the worker stored nothing"
            assert worker.poll() is None, "the worker stopped"
            time.sleep(0.2)
        worker.send_signal(signal.SIGKILL)  # no goodbye: its job stays "doing"
        worker.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            worker.kill()
    done_before = UploadLine.objects.count()
    assert 5 <= done_before < 40
    assert list(app.job_manager.list_jobs(status="doing"))

    # What retry_stalled_jobs does every five minutes, now: the dead worker's job back in
    # the queue. Then a new worker finishes it.
    assert _retry_stalled_jobs() == 1
    run = run_worker_process(timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    upload = Upload.objects.get()
    assert upload.finished is not None
    names = list(upload.lines.values_list("name", flat=True))
    assert names == [f"forty.zip › {n:04}.txt" for n in range(1, 41)]  # each once
    assert Letter.objects.count() == 40


def _retry_stalled_jobs() -> int:
    async def retry() -> int:
        async with app.open_async():
            stalled = list(await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=0))
            for job in stalled:
                await app.job_manager.retry_job(job)
            return len(stalled)

    with app.replace_connector(app.connector.get_worker_connector()):
        return asyncio.run(retry())


# --- Procrastinate's in-process worker -------------------------------------------------


def test_the_in_process_worker_runs_the_jobs_an_upload_defers(admin_client):
    report = send(admin_client, "two.zip", letters_zip(2))
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(
            queues=["uploads"], wait=False, install_signal_handlers=False, listen_notify=False
        )
    assert "2 stored" in admin_client.get(report).content.decode()
    assert not list(app.job_manager.list_jobs(status="todo", queue="uploads"))
