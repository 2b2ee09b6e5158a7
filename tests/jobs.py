"""Running the archive's jobs in tests (DESIGN.md §12).

A test that rolls back its transaction (pytest-django's ``db``) defers jobs into that
transaction, where no worker's own connection can see them. ``run_deferred_jobs`` is
the synchronous runner for such tests: it runs each job deferred so far, oldest first,
in the test's own thread and transaction, as the worker would (the task's function,
with the job's arguments), then takes the job off the queue. Tests of the worker itself
run it for real (``tests/test_jobs.py``: a worker process, and Procrastinate's
in-process worker under ``transactional_db``).
"""

from __future__ import annotations


def deferred_jobs(task_name: str | None = None) -> list:
    """The jobs waiting in the queue (optionally of one task), oldest first."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    jobs = ProcrastinateJob.objects.filter(status="todo").order_by("id")
    return list(jobs.filter(task_name=task_name) if task_name else jobs)


def run_deferred_jobs(task_name: str | None = None) -> int:
    """Run the waiting jobs (optionally of one task) in this thread until none is left,
    including jobs they defer; returns how many ran."""
    from procrastinate.contrib.django import app

    ran = 0
    while jobs := deferred_jobs(task_name):
        job = jobs[0]
        app.tasks[job.task_name](**job.args)
        app.job_manager.cancel_job_by_id(job.id, delete_job=True)
        ran += 1
    return ran
