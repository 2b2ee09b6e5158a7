"""The public pages besides search: the letter page, its language versions and
original files, the symbol look-up and the browse pages.

Views bind the request and render; what they show is read by ``letters.browse.reads``.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from letters.browse import exchanges, reads, text
from letters.browse.paragraphs import annex_anchor, paragraphs, split_paragraphs
from letters.intake.policy import download_type
from letters.models import AgendaTopic, CitedDocument, Letter, Person, Session, State
from letters.search.carry import carried_search
from letters.search.chart import year_chart
from letters.search.facets import charter_label, topic_details
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
        "links": exchanges.letter_links(letter),
        "similar": reads.similar_letters(letter),
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
    return _browse(
        request, "session", session.number, param=session.number, session=session, items=items
    )


def topic_list(request: HttpRequest) -> HttpResponse:
    """The agenda topics with published letters, each with its item number in its latest
    sessions (as the search page's sidebar gives it)."""
    topics = list(reads.topics_with_letters())
    details = topic_details([topic.pk for topic in topics])
    for topic in topics:
        topic.detail = details.get(topic.pk, "")
    return render(request, "letters/topic_list.html", {"topics": topics})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(AgendaTopic, slug=slug)
    items = reads.topic_items(topic)
    return _browse(request, "agenda", topic.pk, param=topic.slug, topic=topic, items=items)


# The cited documents' list runs to tens of thousands in a large archive: it is paged.
CITED_PER_PAGE = 100


def cited_list(request: HttpRequest) -> HttpResponse:
    documents = reads.cited_documents_with_letters()
    page = Paginator(documents, CITED_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "letters/cited_list.html", {"page": page})


def cited_detail(request: HttpRequest, key: str) -> HttpResponse:
    document = get_object_or_404(CitedDocument.objects.select_related("letter"), key=key)
    in_archive = reads.published_letter(document.letter_id)
    return _browse(
        request, "cited", document.pk, param=document.key, document=document, in_archive=in_archive
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    years = reads.per_year_of("signatory", person.pk)
    context = {
        "person": person,
        "signatures": reads.person_signatures(person),
        "chart": year_chart(years, url=_search_url("signatory", person.pk)),
    }
    return render(request, "letters/person_detail.html", context)


def state_list(request: HttpRequest) -> HttpResponse:
    states = reads.states_with_letters()
    return render(request, "letters/state_list.html", {"states": states})


def state_detail(request: HttpRequest, slug: str) -> HttpResponse:
    state = get_object_or_404(State, slug=slug)
    partners = exchanges.exchange_partners(state)
    return _browse(request, "state", state.pk, param=state.slug, state=state, partners=partners)


def charter_list(request: HttpRequest) -> HttpResponse:
    articles = reads.charter_articles_with_letters()
    return render(request, "letters/charter_list.html", {"articles": articles})


def charter_article(request: HttpRequest, key: str) -> HttpResponse:
    return _browse(
        request, "charter", key, param=key, required=True, key=key, label=charter_label(key)
    )


def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The exchange a letter is part of, on one timeline; its address is its first
    letter's (another letter's redirects there)."""
    thread = exchanges.thread_of(pk)
    if thread.pk != pk:
        return redirect(thread, permanent=True)
    chart = year_chart(thread.years, url=lambda year: f"#year-{year}")
    return render(request, "letters/thread_detail.html", {"thread": thread, "chart": chart})


def exchange_detail(
    request: HttpRequest, first: str, second: str, topic: str | None = None
) -> HttpResponse:
    """What two States wrote in answer to each other, on one agenda topic or all, by
    session; the address names them in slug order (the other order redirects)."""
    a, b, subject = exchanges.subjects(first, second, topic)
    if (a.slug, b.slug) != (first, second):
        return redirect(exchanges.exchange_url(a, b, subject), permanent=True)
    exchange = exchanges.exchange(a, b, subject)
    if not exchange.letters:
        raise Http404("These States exchanged no letters in the archive (on this topic).")
    first_of_year: dict[int, int] = {}
    for letter in exchange.letters:
        if letter.letter_date:
            first_of_year.setdefault(letter.letter_date.year, letter.pk)
    chart = year_chart(exchange.years, url=lambda year: f"#letter-{first_of_year[year]}")
    context = {
        "exchange": exchange,
        "chart": chart,
        "feed_url": exchanges.exchange_url(a, b, subject) + "feed.atom",
        "first_of_year": first_of_year,
    }
    return render(request, "letters/exchange_detail.html", context)


def side_by_side(request: HttpRequest, pk: int, left: str, right: str) -> HttpResponse:
    """Two language texts of a letter, paragraph by paragraph."""
    letter, a, b = reads.language_texts(pk, left, right)
    rows = _pairs("paragraph", split_paragraphs(a.body), split_paragraphs(b.body))
    for annex_a, annex_b in itertools.zip_longest(a.annexes, b.annexes, fillvalue=("", "", "")):
        rows += _pairs("heading", [_annex_heading(annex_a)], [_annex_heading(annex_b)])
        rows += _pairs("paragraph", split_paragraphs(annex_a[2]), split_paragraphs(annex_b[2]))
    context = {"letter": letter, "left": a, "right": b, "rows": rows}
    return render(request, "letters/side_by_side.html", context)


def _pairs(kind: str, left: list[str], right: list[str]) -> list[tuple[str, str, str]]:
    """(kind, left, right) for each pair of paragraphs; one side may run out first."""
    return [(kind, x, y) for x, y in itertools.zip_longest(left, right, fillvalue="") if x or y]


def _annex_heading(annex: tuple[str, str, str]) -> str:
    label, title, _ = annex
    return f"{label}: {title}" if label and title else label or title


# Each browse page's template, by the facet whose one value it shows.
_BROWSE_TEMPLATES = {
    "session": "letters/session_detail.html",
    "agenda": "letters/topic_detail.html",
    "cited": "letters/cited_detail.html",
    "state": "letters/state_detail.html",
    "charter": "letters/charter_detail.html",
}


def _browse(
    request: HttpRequest, facet: str, value, *, param, required: bool = False, **context
) -> HttpResponse:
    """A browse page: its subject (``context``), its letters newest first, and a chart of
    them per year whose bars narrow the search to this facet value (``param``, as the
    URL names it) and that year. A ``required`` subject without letters is a 404 (it
    has no record of its own that could be missing)."""
    page, years = reads.letters_with(facet, value, request.GET.get("page"))
    if required and not page.paginator.count:
        raise Http404("No published letter has it.")
    chart = year_chart(years, url=_search_url(facet, param))
    return render(request, _BROWSE_TEMPLATES[facet], {"page": page, "chart": chart, **context})


def _search_url(name: str, value) -> Callable[[int], str]:
    """The search for one value of a facet in a given year."""
    prefix = reverse("letters:search") + "?" + urlencode({name: value})
    return lambda year: f"{prefix}&year={year}"
