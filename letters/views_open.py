"""Open data views: a letter's RIS and BibTeX records, the Atom feed, OAI-PMH.

Every database read here runs under ``OPEN_DATA_STATEMENT_TIMEOUT_MS``; one that hits it
answers 503 with Retry-After (harvesters and feed readers come back later).
"""

from __future__ import annotations

import functools

from django.db import OperationalError, connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from psycopg import errors as pg_errors

from letters import citing, oai

OPEN_DATA_STATEMENT_TIMEOUT_MS = 10_000
RETRY_AFTER_SECONDS = 60


def bounded(view):
    """Run ``view`` in a transaction whose statements stop after the timeout."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT set_config('statement_timeout', %s, true)",
                        [str(OPEN_DATA_STATEMENT_TIMEOUT_MS)],
                    )
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

    return wrapper


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
    record = _record(request, pk)
    return _download(
        citing.ris([record]), "application/x-research-info-systems", f"letter-{pk}.ris"
    )


@require_GET
@bounded
def cite_bib(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    return _download(citing.bibtex([record]), "application/x-bibtex", f"letter-{pk}.bib")


@csrf_exempt  # harvesters POST without a session: the endpoint reads, never writes
@require_http_methods(["GET", "POST"])
@bounded
def oai_pmh(request: HttpRequest) -> HttpResponse:
    arguments = request.POST if request.method == "POST" else request.GET
    base_url = request.build_absolute_uri(request.path)
    host = split_domain_port(request.get_host())[0]
    body = oai.respond(dict(arguments.lists()), base_url=base_url, host=host)
    return HttpResponse(body, content_type="text/xml; charset=utf-8")


@require_GET
def oai_un_letter_schema(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "letters/oai_un_letter.xsd",
        {"namespace": oai.UN_LETTER_NS},
        content_type="application/xml; charset=utf-8",
    )
