"""A real browser: log in, upload a PDF, watch its report fill in as the job reads it,
correct a field, publish, find it publicly."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from procrastinate.contrib.django import app

from letters.models import Letter, SearchEntry
from tests.browser.conftest import screenshot
from tests.factories import letter_text
from tests.pdf_factory import make_pdf

pytestmark = pytest.mark.browser

CORRECTED = "Letter dated 3 March 2022 from the Permanent Representative of Norway (corrected)"


def test_upload_correct_publish_and_find(page, live_server, admin_user):
    base = live_server.url
    page.goto(f"{base}/admin/login/?next=/admin/letters/letter/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("password")  # pytest-django's admin_user
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Upload letters").click()
    pdf = make_pdf(letter_text(body="I have the honour to report on the fjord platypus."))
    page.get_by_label("Files").set_input_files(
        [{"name": "norway.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("heading", name="Results, file by file").wait_for()
    assert "Reading…" in page.locator(".upload-progress").inner_text()
    # The worker reads the file (in this process, as Procrastinate's tests do; in a thread
    # of its own, away from Playwright's event loop); the report page refreshes itself
    # and links the draft.
    with app.replace_connector(app.connector.get_worker_connector()):
        worker = threading.Thread(
            target=app.run_worker,
            kwargs={
                "queues": ["uploads"],
                "wait": False,
                "install_signal_handlers": False,
                "listen_notify": False,
            },
        )
        worker.start()
        worker.join(timeout=120)
    page.get_by_text("Done.").wait_for(timeout=15_000)
    screenshot(page, "admin-upload-results")

    page.get_by_role("link", name="Review and publish").click()
    page.get_by_role("heading", name="Preview of the public page").wait_for()
    assert "Draft" in page.locator("#letter-status").inner_text()

    page.get_by_role("link", name="Correct fields").click()
    page.locator("#id_title").fill(CORRECTED)
    page.locator("input[name=_continue]").click()
    page.locator(".messagelist").wait_for()
    letter = Letter.objects.get()
    assert letter.title == CORRECTED
    assert letter.published_at is None

    page.get_by_role("link", name="Review and publish").click()
    page.get_by_role("button", name="Publish").click()
    page.locator("#letter-status").get_by_text("Published").wait_for()
    screenshot(page, "admin-review-published")
    letter.refresh_from_db()
    assert letter.published_at is not None
    assert SearchEntry.objects.filter(letter=letter, vector="platypus").exists()

    response = page.goto(f"{base}/?q=platypus")
    assert response.status == 200
    assert page.get_by_text(CORRECTED).first.is_visible()
    screenshot(page, "public-search-finds-upload")


@pytest.fixture(autouse=True)
def _empty_queue():
    """The live server's jobs are committed: none may outlive the test."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")
