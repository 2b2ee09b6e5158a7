"""Open data views: a letter's RIS and BibTeX records and exports, the Atom feeds, the
exports of a search, OAI-PMH and its metadata schema.

The views wrapped in ``bounded`` read under ``OPEN_DATA_STATEMENT_TIMEOUT_MS`` (set by
archive.middleware, like every public read's); one that hits it answers 503 with
Retry-After (harvesters and feed readers come back later). A search's export reads under
``EXPORT_STATEMENT_TIMEOUT_MS`` instead, while its body streams.
"""

from __future__ import annotations

import functools
import itertools

from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from psycopg import errors as pg_errors

from archive.limits import door
from archive.middleware import with_statement_timeout
from letters.opendata import citing, exports, oai
from letters.opendata.feeds import SearchFeed
from letters.search.pipeline import InvalidSearch, search_matches

OPEN_DATA_STATEMENT_TIMEOUT_MS = 10_000
RETRY_AFTER_SECONDS = 60


def bounded(view, *, milliseconds: int = OPEN_DATA_STATEMENT_TIMEOUT_MS):
    """Run ``view`` under a statement timeout (set before the view by archive.middleware;
    the open-data one unless told); a read that hits it answers 503 with Retry-After in
    plain text: harvesters and feed readers come back later."""

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

    return with_statement_timeout(milliseconds)(wrapper)


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
    protocol's errors too, with status 200). GET arguments are read as sent, repeats
    included (archive.middleware merges them for every other view): the protocol answers
    a repeated verb with badVerb and a repeated argument with badArgument."""
    if request.method == "POST":
        arguments = request.POST
    else:
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


# An export reads every match (a server-side cursor, a chunk of letters at a time): more
# than a page's work. Below gunicorn's worker timeout (30 s, gunicorn.conf.py), so a slow
# read ends in the 503 below, not in the worker being killed mid-answer.
EXPORT_STATEMENT_TIMEOUT_MS = 20_000


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


@door("export")
@require_GET
@functools.partial(bounded, milliseconds=EXPORT_STATEMENT_TIMEOUT_MS)
def search_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every match of a search in one format, streamed, uncapped."""
    export = exports.FORMATS.get(fmt)
    if export is None:
        raise Http404(f"No export format {fmt}.")
    try:
        entries = search_matches(request.GET)
    except InvalidSearch as invalid:
        return _invalid(invalid)
    records = exports.records(exports.match_ids(entries), base_url=_origin(request))
    # The first chunk is read here, before the status is sent: a read over the time
    # limit still gets the 503 of ``bounded``, not a file cut off with status 200.
    first = next(records, None)
    records = itertools.chain([first] if first is not None else [], records)
    return _stream(export, records, "letters")


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
