"""The public pages besides search: the letter page, its language versions and
original files, the symbol look-up and the browse pages.

Views bind the request and render; what they show is read by ``letters.browse.reads``.
"""

from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from letters.browse import reads, text
from letters.browse.paragraphs import annex_anchor, paragraphs
from letters.intake.policy import download_type
from letters.models import AgendaTopic, CitedDocument, Letter, Person, Session, State
from letters.search.carry import carried_search
from letters.search.query import letter_for_symbol


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A letter; reached from a search (its parameters carried in the query string), with
    the search's words marked, counted and listed, and a link back to the results."""
    letter = reads.letter_detail(pk)
    texts, found = text.letter_texts(letter), None
    search = carried_search(request.GET)
    if search:
        texts, found = text.find_in(texts, search, letter.pk)
    body, *annex_texts = texts
    for annex, annex_text in zip(letter.annexes.all(), annex_texts, strict=True):
        annex.text = annex_text
    context = {
        "letter": letter,
        "paragraphs": body.paragraphs,
        "found": found,
        "cited_by": reads.cited_by(letter),
    }
    return render(request, "letters/letter_detail.html", context)


def letter_version(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    version = reads.letter_version(pk, language)
    for position, annex in enumerate(version.annexes):
        annex["paragraphs"] = paragraphs(annex["body"], within=annex_anchor(position))
    context = {
        "letter": version.letter,
        "version": version,
        "paragraphs": paragraphs(version.body),
    }
    return render(request, "letters/letter_version.html", context)


def letter_source(request: HttpRequest, pk: int) -> FileResponse:
    letter = get_object_or_404(Letter.objects.public().select_related("source"), pk=pk)
    return _download(letter.source)


def version_source(request: HttpRequest, pk: int, language: str) -> FileResponse:
    return _download(reads.letter_version(pk, language).source)


def _download(source) -> FileResponse:
    """An original file, always as a download of a fixed type (never rendered inline:
    an uploaded file is untrusted)."""
    return FileResponse(
        io.BytesIO(bytes(source.data)),
        as_attachment=True,
        filename=source.name,
        content_type=download_type(source.name),
    )


def symbol_redirect(request: HttpRequest, symbol: str) -> HttpResponse:
    letter = letter_for_symbol(symbol)
    if letter is None:
        raise Http404(f"No letter in the archive carries the symbol {symbol}.")
    return redirect(letter)


def session_list(request: HttpRequest) -> HttpResponse:
    sessions = reads.sessions_with_letters()
    return render(request, "letters/session_list.html", {"sessions": sessions})


def session_detail(request: HttpRequest, number: int) -> HttpResponse:
    session = get_object_or_404(Session, number=number)
    items = reads.session_items(session)
    return _browse(request, "session", session.number, session=session, items=items)


def topic_list(request: HttpRequest) -> HttpResponse:
    topics = reads.topics_with_letters()
    return render(request, "letters/topic_list.html", {"topics": topics})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(AgendaTopic, slug=slug)
    items = reads.topic_items(topic)
    return _browse(request, "agenda", topic.pk, topic=topic, items=items)


def cited_list(request: HttpRequest) -> HttpResponse:
    documents = reads.cited_documents_with_letters()
    return render(request, "letters/cited_list.html", {"documents": documents})


def cited_detail(request: HttpRequest, key: str) -> HttpResponse:
    document = get_object_or_404(CitedDocument.objects.select_related("letter"), key=key)
    in_archive = reads.published_letter(document.letter_id)
    return _browse(request, "cited", document.pk, document=document, in_archive=in_archive)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    context = {"person": person, "signatures": reads.person_signatures(person)}
    return render(request, "letters/person_detail.html", context)


def state_list(request: HttpRequest) -> HttpResponse:
    states = reads.states_with_letters()
    return render(request, "letters/state_list.html", {"states": states})


def state_detail(request: HttpRequest, slug: str) -> HttpResponse:
    state = get_object_or_404(State, slug=slug)
    return _browse(request, "state", state.pk, state=state)


# Each browse page's template, by the facet whose one value it shows.
_BROWSE_TEMPLATES = {
    "session": "letters/session_detail.html",
    "agenda": "letters/topic_detail.html",
    "cited": "letters/cited_detail.html",
    "state": "letters/state_detail.html",
}


def _browse(request: HttpRequest, facet: str, value, **context) -> HttpResponse:
    """A browse page: its subject (``context``) and its letters, newest first."""
    page = reads.letters_with(facet, value, request.GET.get("page"))
    return render(request, _BROWSE_TEMPLATES[facet], {"page": page, **context})
