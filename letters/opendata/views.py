"""Open data views: a letter's RIS and BibTeX records and exports, the Atom feeds, the
exports of a search, OAI-PMH and its metadata schema.

The views wrapped in ``bounded`` read under ``OPEN_DATA_STATEMENT_TIMEOUT_MS`` (set by
archive.middleware, like every public read's); one that hits it answers 503 with
Retry-After (harvesters and feed readers come back later). A search's export is written
in the request up to ``LETTERS_EXPORT_STREAM_LIMIT`` letters, under
``EXPORT_STATEMENT_TIMEOUT_MS``, and prepared by a job above it (DESIGN.md §12); the
archive's dumps and prepared exports are files from storage.
"""

from __future__ import annotations

import functools
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET, require_http_methods
from psycopg import errors as pg_errors

from archive.limits import door
from archive.middleware import with_statement_timeout
from letters.models import Export
from letters.opendata import citing, exports, oai, prepared
from letters.opendata.feeds import SearchFeed
from letters.search.pipeline import InvalidSearch, search_matches

OPEN_DATA_STATEMENT_TIMEOUT_MS = 10_000
RETRY_AFTER_SECONDS = 60


def bounded(view):
    """Run ``view`` under the open-data statement timeout (set before the view by
    archive.middleware); a read that hits it answers 503 with Retry-After in plain text:
    harvesters and feed readers come back later."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OperationalError as error:
            if not isinstance(error.__cause__, pg_errors.QueryCanceled):
                raise
            response = HttpResponse(
                "This request took too long; try again later.",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response

    return with_statement_timeout(OPEN_DATA_STATEMENT_TIMEOUT_MS)(wrapper)


def _origin(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _record(request: HttpRequest, pk: int) -> citing.ExportRecord:
    record = citing.public_export_record(pk, base_url=_origin(request))
    if record is None:
        raise Http404("No published letter has this id.")
    return record


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@bounded
def cite_ris(request: HttpRequest, pk: int) -> HttpResponse:
    """A published letter's RIS record, as a download; 404 for any other id."""
    record = _record(request, pk)
    return _download(
        citing.ris([record]), "application/x-research-info-systems", f"letter-{pk}.ris"
    )


@require_GET
@bounded
def cite_bib(request: HttpRequest, pk: int) -> HttpResponse:
    """A published letter's BibTeX entry, as a download; 404 for any other id."""
    record = _record(request, pk)
    return _download(citing.bibtex([record]), "application/x-bibtex", f"letter-{pk}.bib")


@door("oai")
@csrf_exempt  # harvesters POST without a session: the endpoint reads, never writes
@require_http_methods(["GET", "POST"])
@bounded
def oai_pmh(request: HttpRequest) -> HttpResponse:
    """The OAI-PMH endpoint: the GET or POST arguments in, the XML answer out (the
    protocol's errors too, with status 200)."""
    if request.method == "POST":
        arguments = request.POST
    else:
        # Read as sent, repeats included (archive.middleware merges them for every other
        # view): the protocol answers a repeated verb with badVerb, an argument badArgument.
        arguments = getattr(request, "sent_GET", request.GET)
    base_url = request.build_absolute_uri(request.path)
    host = split_domain_port(request.get_host())[0]
    body = oai.respond(dict(arguments.lists()), base_url=base_url, host=host)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


@require_GET
def oai_un_letter_schema(request: HttpRequest) -> HttpResponse:
    """The XML schema of the ``un_letter`` metadata format."""
    return render(
        request,
        "letters/oai_un_letter.xsd",
        {"namespace": oai.UN_LETTER_NS},
        content_type="application/xml; charset=utf-8",
    )


@door("feed")
@require_GET
@bounded
def search_feed(request: HttpRequest) -> HttpResponse:
    """The Atom feed of a search: its newest letters, for following a topic, a State or
    a resolution."""
    try:
        return SearchFeed()(request)
    except InvalidSearch as invalid:
        return _invalid(invalid)


# A search's export written in the request reads at most LETTERS_EXPORT_STREAM_LIMIT
# letters: a few statements, each bounded well under gunicorn's 30 s worker timeout, and
# the whole answer bounded by EXPORT_DEADLINE_SECONDS. Larger ones are jobs.
EXPORT_STATEMENT_TIMEOUT_MS = 5_000
EXPORT_DEADLINE_SECONDS = 20
# Asked while its file is being prepared, a client is told to come back after this long.
PREPARING_RETRY_AFTER_SECONDS = 10


class ExportTooSlow(Exception):
    """A small export that could not be written within EXPORT_DEADLINE_SECONDS."""


@door("export")
@require_GET
@with_statement_timeout(EXPORT_STATEMENT_TIMEOUT_MS)
def search_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every match of a search in one format. Up to LETTERS_EXPORT_STREAM_LIMIT letters,
    the file is written in the request and sent whole, with its length (a file is complete
    or refused with 503, never cut short as a 200); above it, the export is prepared by a
    job (``letters.opendata.prepared``) and the client is sent to its status page."""
    export = exports.FORMATS.get(fmt)
    if export is None:
        raise Http404(f"No export format {fmt}.")
    try:
        entries = search_matches(request.GET)
        limit = settings.LETTERS_EXPORT_STREAM_LIMIT
        ids = list(entries.values_list("letter_id", flat=True)[: limit + 1])
        if len(ids) > limit:
            return _prepared(request, fmt)
        body = _written_within(export, exports.records(ids, base_url=_origin(request)))
    except InvalidSearch as invalid:
        return _invalid(invalid)
    except OperationalError as error:
        if not isinstance(error.__cause__, pg_errors.QueryCanceled):
            raise
        return _busy("This export took too long; try again later.", RETRY_AFTER_SECONDS)
    except ExportTooSlow:
        return _busy("This export took too long; try again later.", RETRY_AFTER_SECONDS)
    response = HttpResponse(body, content_type=f"{export.content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="letters.{export.name}"'
    return response


def _written_within(export: exports.ExportFormat, records) -> bytes:
    deadline = time.monotonic() + EXPORT_DEADLINE_SECONDS
    parts = []
    for text in export.write(records):
        parts.append(text)
        if time.monotonic() > deadline:
            raise ExportTooSlow
    return "".join(parts).encode()


def _prepared(request: HttpRequest, fmt: str) -> HttpResponse:
    """A large export: its file if ready; else its job (deferred if new), and the client
    sent to its status page (a browser) or told 202 with its Location (a script)."""
    existing = prepared.find_export(fmt, request.GET)
    if existing is None and prepared.waiting_exports() >= settings.LETTERS_EXPORT_QUEUE_LIMIT:
        return _busy(
            "Too many large exports are being prepared; try again later.",
            PREPARING_RETRY_AFTER_SECONDS * 6,
        )
    export = prepared.request_export(fmt, request.GET)
    if export.status == Export.Status.READY:
        return HttpResponseRedirect(_file_url(export), status=303)
    status_url = export.get_absolute_url()
    if _wants_html(request):
        return HttpResponseRedirect(status_url, status=303)
    return _preparing(export, status_url)


def _wants_html(request: HttpRequest) -> bool:
    # Browsers name text/html; scripts (curl, wget, libraries) send */* or nothing.
    return "text/html" in request.headers.get("Accept", "")


def _preparing(export: Export, status_url: str) -> HttpResponse:
    done = f"{export.written:,} of {export.total:,}" if export.total is not None else "0"
    response = HttpResponse(
        f"This export is being prepared ({done} letters written). "
        f"Ask {status_url} again: it answers 303 with the file's address when it is ready.\n",
        status=202,
        content_type="text/plain; charset=utf-8",
    )
    response["Location"] = status_url
    response["Retry-After"] = str(PREPARING_RETRY_AFTER_SECONDS)
    return response


def _busy(message: str, retry_after: int) -> HttpResponse:
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response


def _file_url(export: Export) -> str:
    return reverse("letters:prepared_export_file", args=[export.key, f"letters.{export.format}.gz"])


@require_GET
def prepared_export(request: HttpRequest, key: str) -> HttpResponse:
    """A prepared export's status: a page that refreshes itself while the file is being
    written and then links it; for a script, 202 while preparing, then 303 to the file."""
    export = get_object_or_404(Export, key=key)
    ready = export.status == Export.Status.READY
    if not _wants_html(request):
        if ready:
            return HttpResponseRedirect(_file_url(export), status=303)
        if export.status == Export.Status.FAILED:
            return HttpResponse(
                f"This export failed: {export.error or 'see the server log'}.\n",
                status=500,
                content_type="text/plain; charset=utf-8",
            )
        return _preparing(export, request.path)
    percent = round(100 * export.written / export.total) if export.total else 100 if ready else 0
    context = {
        "export": export,
        "format": exports.FORMATS[export.format],
        "file_url": _file_url(export) if ready else None,
        "percent": percent,
        "search_url": reverse("letters:search") + (f"?{export.query}" if export.query else ""),
        "again_url": reverse("letters:export", args=[export.format])
        + (f"?{export.query}" if export.query else ""),
        "refresh_seconds": PREPARING_RETRY_AFTER_SECONDS
        if export.status in (Export.Status.WAITING, Export.Status.WRITING)
        else None,
    }
    return render(request, "letters/prepared_export.html", context)


@door("export")
@require_GET
def prepared_export_file(request: HttpRequest, key: str, filename: str) -> HttpResponse:
    """A prepared export's file, gzip-compressed, as an attachment. Its address names
    its content (format, query, publication version), so it may be cached for good."""
    export = get_object_or_404(Export, key=key, status=Export.Status.READY)
    if filename != f"letters.{export.format}.gz":
        raise Http404("No such file.")
    response = _stored_file(export, filename)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def _dump_etag(request: HttpRequest, fmt: str) -> str | None:
    dump = prepared.newest_dump(fmt)
    return dump.key if dump else None


def _dump_modified(request: HttpRequest, fmt: str):
    dump = prepared.newest_dump(fmt)
    return dump.finished if dump else None


@door("export")
@require_GET
@condition(etag_func=_dump_etag, last_modified_func=_dump_modified)
def archive_dump(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole archive in one format, gzip-compressed: the newest dump, made by a job
    after the archive changed (a static file, so a crawler costs a file read)."""
    if fmt not in exports.FORMATS:
        raise Http404(f"No export format {fmt}.")
    dump = prepared.newest_dump(fmt)
    if dump is None:
        return _busy("The archive's dump is being prepared; try again later.", 60)
    response = _stored_file(dump, f"archive.{fmt}.gz")
    # Cached a while, then checked again (ETag, Last-Modified): a new dump replaces it.
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _stored_file(export: Export, filename: str) -> FileResponse:
    try:
        stored = default_storage.open(export.file, "rb")
    except FileNotFoundError:
        # Lost from storage: asked again, the export is written again.
        raise Http404("This file is no longer kept; ask for the export again.") from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=filename,
        content_type="application/gzip",
    )
    response["X-Letters-Archive-Version"] = str(export.version)
    return response


@require_GET
@bounded
def letter_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One letter's record in one of the export formats."""
    export = exports.FORMATS.get(fmt)
    if export is None:
        raise Http404(f"No export format {fmt}.")
    return _stream(export, [_record(request, pk)], f"letter-{pk}")


def _stream(export: exports.ExportFormat, records, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        export.write(records), content_type=f"{export.content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{export.name}"'
    return response


def _invalid(invalid: InvalidSearch) -> HttpResponse:
    lines = [f"{name}: {' '.join(messages)}" for name, messages in invalid.errors.items()]
    return HttpResponse(
        "Some parameters could not be used:\n" + "\n".join(lines),
        status=400,
        content_type="text/plain; charset=utf-8",
    )
