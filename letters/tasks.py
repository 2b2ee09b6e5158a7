"""The archive's jobs (DESIGN.md §12): the work that outlives a request, run by
``manage.py procrastinate worker`` (Procrastinate, on the primary database).

Each task is a thin door to a service that does the work and is safe to run again: a
job whose worker died is retried (``retry_stalled_jobs``), and a job that failed on a
passing error (the database restarting) is retried by its ``RetryStrategy``. What a
job has already done is recorded in our own rows, so a second run picks up where the
first stopped (an upload's lines, an export's file).

Jobs are deferred through Django's connection, inside the caller's transaction: an
upload's files and their jobs are committed together, or neither is. The services
import this module to defer its tasks, so the tasks import the services when they run.
"""

from __future__ import annotations

import logging

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

# Retried a few times, a little later each time: a database restart or a lost connection
# passes; a bug does not, and the job then stays failed for an operator to see.
RETRY = RetryStrategy(max_attempts=3, wait=10, exponential_wait=5)


@app.task(queue="uploads", retry=RETRY, name="read_upload_file")
def read_upload_file(file_id: int) -> None:
    """Read one uploaded file (a zip: each member), storing drafts and report lines."""
    from letters.curation.upload import read_upload_file as read

    read(file_id)


@app.task(queue="exports", retry=RETRY, name="write_export")
def write_export(export_id: int) -> None:
    """Write a prepared export (a large search, or a dump of the archive) to storage."""
    from letters.opendata.prepared import write_export as write

    write(export_id)


@app.task(queue="records", retry=RETRY, name="refresh_search_rows")
def refresh_search_rows(letter_ids: list[int], record: str, username: str = "") -> None:
    """Rewrite the search rows of the letters pointing at a shared record edited by hand."""
    from letters.curation.records import refresh_search_rows as refresh

    refresh(letter_ids=letter_ids, record=record, username=username)


@app.task(queue="records", retry=RETRY, name="reparse_letters")
def reparse_letters(letter_ids: list[int], user_id: int | None, discard_corrections: bool) -> None:
    """Re-parse a selection of letters too large to re-parse in the admin's request."""
    from letters.curation.reparse import reparse_job

    reparse_job(letter_ids=letter_ids, user_id=user_id, discard_corrections=discard_corrections)


@app.task(queue="records", retry=RETRY, name="merge_records")
def merge_records(model: str, keep_id: int, other_ids: list[int], user_id: int | None) -> None:
    """Merge records named by too many letters to rewrite in the admin's request."""
    from letters.curation.merge import merge_job

    merge_job(model=model, keep_id=keep_id, other_ids=other_ids, user_id=user_id)


# Every minute: defer the dumps of the archive when it has changed and then stayed quiet
# (many publishes, one regeneration). The queueing lock keeps one such job waiting at most.
@app.periodic(cron="* * * * *", periodic_id="refresh_dumps")
@app.task(queue="exports", queueing_lock="refresh_dumps", name="refresh_dumps")
def refresh_dumps(timestamp: int) -> None:
    """Defer the archive's dumps when the archive changed and has been quiet since."""
    from letters.opendata.prepared import refresh_dumps as refresh

    refresh()


@app.periodic(cron="17 3 * * *", periodic_id="remove_expired_exports")
@app.task(queue="exports", queueing_lock="remove_expired_exports", name="remove_expired_exports")
def remove_expired_exports(timestamp: int) -> None:
    """Delete prepared exports nobody asked for in a while, and dumps superseded."""
    from letters.opendata.prepared import remove_expired

    removed = remove_expired()
    logger.info("Removed %d expired export(s)", removed)


# A worker killed mid-job (SIGKILL, a lost machine) stops sending heartbeats; its jobs
# would stay "doing" for ever. Every five minutes they are put back in the queue: each
# job is safe to run again.
@app.periodic(cron="*/5 * * * *", periodic_id="retry_stalled_jobs")
@app.task(queue="builtin", queueing_lock="retry_stalled_jobs", name="retry_stalled_jobs")
async def retry_stalled_jobs(timestamp: int) -> None:
    """Put back in the queue the jobs of workers that stopped sending heartbeats (async:
    it runs on the worker's own connection and event loop)."""
    stalled = list(await app.job_manager.get_stalled_jobs())
    for job in stalled:
        await app.job_manager.retry_job(job)
    if stalled:
        logger.warning("Retried %d stalled job(s)", len(stalled))
