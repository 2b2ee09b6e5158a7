"""Exports prepared by a job, and the archive's dumps (DESIGN.md §12).

A search export of more letters than ``LETTERS_EXPORT_STREAM_LIMIT`` is not written in the
request: ``request_export`` records an ``Export`` and defers ``write_export``, which
writes the file, gzip-compressed, to ``default_storage`` while counting the letters
written (the status page shows them). An export is named by its format, its normalised
query and the publication version (``letters.search.cache.publication``): asked again
before the archive changes, the same file is served, not written again.

The whole archive in each format (an export of the empty query) is the archive's dump,
served at a stable address (``/exports/archive.<format>.gz``). ``refresh_dumps`` runs every
minute and defers new dumps once the archive has changed and then been quiet for
``DUMP_QUIET_SECONDS`` (many publishes, one regeneration), or at the latest
``DUMP_MAX_DELAY`` after the newest dump while changes keep coming.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import tempfile
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from letters import tasks
from letters.models import Export
from letters.opendata import citing, exports
from letters.search.cache import publication
from letters.search.filters import LetterFilterSet
from letters.search.pipeline import InvalidSearch, search_matches

Status = Export.Status

# A dump is regenerated once the archive has been quiet this long after a change…
DUMP_QUIET_SECONDS = 60
# …or, while changes keep coming, this long after the newest dump was made.
DUMP_MAX_DELAY = datetime.timedelta(minutes=15)
# Superseded dumps are kept this long, for downloads begun before the new one was ready.
SUPERSEDED_DUMP_KEPT = datetime.timedelta(hours=1)
# The written count is saved after each chunk of this many letters.
PROGRESS_EVERY = exports.CHUNK


def normalised_query(params: QueryDict) -> str:
    """The search a query string asks for, in one spelling: only the FilterSet's
    parameters, blanks dropped, repeated values merged, everything sorted. Parameters the
    search ignores (``page``, anything unknown) cannot make a new export."""
    pairs = {
        (name, value.strip())
        for name in LetterFilterSet.base_filters
        for value in params.getlist(name)
        if value.strip()
    }
    return urlencode(sorted(pairs))


def export_key(fmt: str, query: str, version: int) -> str:
    """The name of an export: its format, query and publication version, hashed."""
    return hashlib.sha256(f"{fmt}\n{version}\n{query}".encode()).hexdigest()


def waiting_exports() -> int:
    """Search exports (not dumps) waiting for a worker or being written."""
    active = (Status.WAITING, Status.WRITING)
    return Export.objects.filter(status__in=active).exclude(query="").count()


def find_export(fmt: str, params: QueryDict) -> Export | None:
    """The export of this search at the current publication version, if one was asked for."""
    key = export_key(fmt, normalised_query(params), publication()[0])
    return Export.objects.filter(key=key).first()


@transaction.atomic
def request_export(fmt: str, params: QueryDict) -> Export:
    """The export of this search in ``fmt`` at the current publication version: the one asked
    for before (its last request noted), or a new one with its job deferred in the same
    transaction. A failed one is tried again."""
    query = normalised_query(params)
    version = publication()[0]
    now = timezone.now()
    export, created = Export.objects.get_or_create(
        key=export_key(fmt, query, version),
        defaults={"format": fmt, "query": query, "version": version, "requested": now},
    )
    lost = export.status == Status.READY and not default_storage.exists(export.file)
    if created or lost or export.status == Status.FAILED:
        # A file lost from storage (a volume wiped) is written again, as a failure is.
        export.status, export.error, export.written, export.requested = Status.WAITING, "", 0, now
        export.save(update_fields=["status", "error", "written", "requested"])
        tasks.write_export.defer(export_id=export.pk)
    else:
        Export.objects.filter(pk=export.pk).update(requested=now)
    return export


def write_export(export_id: int) -> None:
    """Write an export's file (the job): every match of its query in its format,
    gzip-compressed, to a temporary file and then to storage under a name of its own;
    the count of letters written is saved as it goes. Run again after a failure, it
    starts over; a ready export is left alone."""
    export = Export.objects.filter(pk=export_id).first()
    if export is None or export.status == Status.READY:
        return
    fmt = exports.FORMATS[export.format]
    try:
        entries = search_matches(QueryDict(export.query))
    except InvalidSearch as invalid:
        # Valid when asked; a value merged or deleted since no longer is.
        _fail(export, "; ".join(f"{k}: {' '.join(v)}" for k, v in invalid.errors.items()))
        return
    try:
        total = entries.count()
        Export.objects.filter(pk=export.pk).update(status=Status.WRITING, total=total, written=0)
        saved = _write_file(export, fmt, entries)
    except Exception:
        # Said on the status page; the queue retries the job, which starts over.
        _fail(export, "the file could not be written")
        raise
    Export.objects.filter(pk=export.pk).update(
        status=Status.READY,
        file=saved,
        size=default_storage.size(saved),
        written=total,
        finished=timezone.now(),
    )


def _write_file(export: Export, fmt: exports.ExportFormat, entries) -> str:
    """Write the export to a temporary file, then to storage; returns its stored name."""
    name = f"exports/{export.key}.{fmt.name}.gz"
    records = exports.records(exports.match_ids(entries), base_url=site_url())
    with tempfile.TemporaryFile() as spool:
        with gzip.open(spool, "wt", encoding="utf-8", compresslevel=6) as out:
            for text in fmt.write(_counted(records, export.pk)):
                out.write(text)
        spool.seek(0)
        default_storage.delete(name)  # a run before this one may have left it
        return default_storage.save(name, File(spool))


def _counted(
    records: Iterable[citing.ExportRecord], export_id: int
) -> Iterator[citing.ExportRecord]:
    for written, record in enumerate(records, start=1):
        yield record
        if written % PROGRESS_EVERY == 0:
            Export.objects.filter(pk=export_id).update(written=written)


def _fail(export: Export, error: str) -> None:
    Export.objects.filter(pk=export.pk).update(
        status=Status.FAILED, error=error, finished=timezone.now()
    )


def site_url() -> str:
    """The archive's public address, for each record's permanent URL: a prepared file
    does not depend on the host of whoever asked for it first."""
    return settings.LETTERS_SITE_URL.rstrip("/")


# --- The archive's dumps ---------------------------------------------------------------


def newest_dump(fmt: str) -> Export | None:
    """The newest ready dump of the whole archive in ``fmt``."""
    dumps = Export.objects.filter(format=fmt, query="", status=Status.READY)
    return dumps.order_by("-version").first()


def refresh_dumps() -> list[str]:
    """Defer a dump of each format the archive's current version lacks, when the archive
    has been quiet since its last change or the newest dump is old enough; at most one
    dump of a format waits or is written at once. Returns the formats deferred."""
    version, changed = publication()
    now = timezone.now()
    deferred = []
    for fmt in exports.FORMATS:
        key = export_key(fmt, "", version)
        current = Export.objects.filter(key=key).first()
        if current is not None and (
            current.status != Status.READY or default_storage.exists(current.file)
        ):
            continue
        busy = Export.objects.filter(
            format=fmt, query="", status__in=(Status.WAITING, Status.WRITING)
        ).exists()
        newest = newest_dump(fmt)
        quiet = changed is None or (now - changed).total_seconds() >= DUMP_QUIET_SECONDS
        overdue = newest is None or now - newest.finished >= DUMP_MAX_DELAY
        if busy or not (quiet or overdue):
            continue
        request_export(fmt, QueryDict(""))
        deferred.append(fmt)
    return deferred


def remove_expired() -> int:
    """Delete search exports not asked for in ``LETTERS_EXPORT_KEEP_DAYS``, dumps
    superseded for ``SUPERSEDED_DUMP_KEPT`` and failures older than a day, with their
    files. Returns how many were deleted."""
    now = timezone.now()
    expired = list(
        Export.objects.exclude(query="").filter(
            requested__lt=now - datetime.timedelta(days=settings.LETTERS_EXPORT_KEEP_DAYS)
        )
    )
    expired += Export.objects.filter(
        status=Status.FAILED, finished__lt=now - datetime.timedelta(days=1)
    ).exclude(pk__in=[e.pk for e in expired])
    for fmt in exports.FORMATS:
        newest = newest_dump(fmt)
        if newest is not None and newest.finished < now - SUPERSEDED_DUMP_KEPT:
            expired += Export.objects.filter(
                format=fmt, query="", status=Status.READY, version__lt=newest.version
            )
    for export in expired:
        if export.file:
            default_storage.delete(export.file)
        export.delete()
    return len(expired)
