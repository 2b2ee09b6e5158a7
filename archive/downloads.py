"""A safe shape for every file the site sends as a download.

Uploaded originals (``letters:source``) are bytes that someone else wrote. Whatever
type a view gives such a response, a response sent as an attachment leaves with:

* a ``Content-Type`` from ``SAFE_TYPES`` (the types of the originals the upload policy
  accepts, text declared as the UTF-8 that intake checked, and of the records and exports
  the site writes itself), or else ``application/octet-stream``, so a file can never be
  declared as HTML, SVG or script;
* ``Content-Security-Policy: default-src 'none'; sandbox``: should a browser render
  it after all, nothing in it runs or loads;
* ``X-Content-Type-Options: nosniff`` (SecurityMiddleware, SECURE_CONTENT_TYPE_NOSNIFF):
  the declared type is the one used.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

SAFE_TYPES = {
    "text/plain": "text/plain; charset=utf-8",
    "text/markdown": "text/markdown; charset=utf-8",
    "application/pdf": "application/pdf",
    "application/zip": "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    # Citation records and exports (letters.opendata.citing, letters.opendata.exports).
    "application/x-research-info-systems": "application/x-research-info-systems; charset=utf-8",
    "application/x-bibtex": "application/x-bibtex; charset=utf-8",
    "text/csv": "text/csv; charset=utf-8",
    "application/jsonl": "application/jsonl; charset=utf-8",
    # Prepared exports and the archive's dumps (letters.opendata.prepared).
    "application/gzip": "application/gzip",
}
FALLBACK_TYPE = "application/octet-stream"
ATTACHMENT_POLICY = "default-src 'none'; sandbox"


class AttachmentMiddleware:
    """Gives every attachment response a safe type and a sandboxing policy. Placed
    inside django-csp's middleware, which sets the site's policy only where none is set,
    so an attachment keeps this one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if disposition.split(";", 1)[0].strip().lower() == "attachment":
            declared = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
            response["Content-Type"] = SAFE_TYPES.get(declared, FALLBACK_TYPE)
            response["Content-Security-Policy"] = ATTACHMENT_POLICY
        return response
