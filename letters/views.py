"""The public pages: search, letter detail, and browse pages. Each view is a few lines:
reads live in letters.search / letters.selectors, filters in letters.filters."""

from __future__ import annotations

import io

from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from letters import search as search_reads
from letters import selectors
from letters.facets import chips, facet_groups
from letters.filters import SORTS, LetterFilterSet
from letters.models import (
    AgendaItem,
    AgendaTopic,
    CitedDocument,
    Letter,
    Person,
    Session,
    State,
    public_letter_q,
)


def search(request: HttpRequest) -> HttpResponse:
    filterset = LetterFilterSet(request.GET, queryset=selectors.public_entries())
    context = {"filterset": filterset, "form": filterset.form, "sorts": SORTS}
    if not filterset.is_valid():
        context["errors"] = filterset.errors
        return render(request, "letters/search.html", context, status=400)
    match = filterset.text_match
    text = match.text if match else ""
    selection = filterset.facet_selection()
    if filterset.browsing_only:
        counts = search_reads.browse_counts(filterset.base_queryset(), selection)
    else:
        counts = search_reads.counts(filterset.base_queryset(), selection, text=match is not None)
    sort = filterset.form.cleaned_data.get("sort") or ("relevance" if match else "newest")
    # Ranking reads every matching vector: above RANK_LIMIT matches, newest first.
    unranked = sort == "relevance" and match is not None and not counts.ranked
    entries = search_reads.order_results(filterset.qs, match=None if unranked else match, sort=sort)
    page = selectors.page_of_letters(
        entries,
        request.GET.get("page"),
        count=counts.total,
        through_bitmaps=search_reads.results_through_bitmaps(
            counts.total, text=match is not None, filtered=filterset.filtered
        ),
    )
    # A query that is a symbol of a letter in the archive names that letter outright.
    named = match is not None and bool(match.named_letter_ids)
    named_letter = search_reads.letter_for_symbol(text) if named else None
    snippets = search_reads.highlighted_snippets([letter.pk for letter in page], text)
    for letter in page:
        letter.snippet = snippets.get(letter.pk, "")
    context.update(
        text=text,
        sort=sort,
        page=page,
        counts=counts,
        unranked=unranked,
        rank_limit=search_reads.RANK_LIMIT,
        facets=facet_groups(counts, filterset.data, selection),
        chips=chips(filterset, filterset.data),
        named_letter=named_letter,
    )
    return render(request, "letters/search.html", context)


def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_detail(pk)
    return render(
        request,
        "letters/letter_detail.html",
        {
            "letter": letter,
            "paragraphs": _paragraphs(letter.body),
            "cited_by": selectors.cited_by(letter),
        },
    )


def letter_source(request: HttpRequest, pk: int) -> FileResponse:
    letter = get_object_or_404(Letter.objects.public().select_related("source"), pk=pk)
    source = letter.source
    return FileResponse(
        io.BytesIO(bytes(source.data)),
        as_attachment=True,
        filename=source.name,
        content_type=source.content_type,
    )


def symbol_redirect(request: HttpRequest, symbol: str) -> HttpResponse:
    letter = search_reads.letter_for_symbol(symbol)
    if letter is None:
        raise Http404(f"No letter in the archive carries the symbol {symbol}.")
    return redirect(letter)


def session_list(request: HttpRequest) -> HttpResponse:
    sessions = Session.objects.annotate(
        letter_count=Count("letters", filter=public_letter_q("letters__"))
    ).filter(letter_count__gt=0)
    return render(request, "letters/session_list.html", {"sessions": sessions})


def session_detail(request: HttpRequest, number: int) -> HttpResponse:
    session = get_object_or_404(Session, number=number)
    items = (
        AgendaItem.objects.filter(session=session)
        .select_related("topic")
        .annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
    )
    entries = selectors.public_entries().filter(session_number=number)
    return _browse(
        request,
        "letters/session_detail.html",
        entries,
        through_bitmaps=False,
        session=session,
        items=items,
    )


def topic_list(request: HttpRequest) -> HttpResponse:
    topics = (
        AgendaTopic.objects.annotate(
            letter_count=Count(
                "items__letters",
                filter=public_letter_q("items__letters__"),
                distinct=True,
            )
        )
        .filter(letter_count__gt=0)
        .prefetch_related("items")
    )
    return render(request, "letters/topic_list.html", {"topics": topics})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(AgendaTopic, slug=slug)
    items = topic.items.order_by("-session").annotate(
        letter_count=Count("letters", filter=public_letter_q("letters__"))
    )
    entries = selectors.public_entries().filter(topic_ids__contains=[topic.pk])
    return _browse(request, "letters/topic_detail.html", entries, topic=topic, items=items)


def cited_list(request: HttpRequest) -> HttpResponse:
    documents = (
        CitedDocument.objects.select_related("letter")
        .annotate(
            letter_count=Count(
                "citations__letter",
                filter=public_letter_q("citations__letter__"),
                distinct=True,
            )
        )
        .filter(letter_count__gt=0)
        .order_by("-letter_count", "key")
    )
    return render(request, "letters/cited_list.html", {"documents": documents})


def cited_detail(request: HttpRequest, key: str) -> HttpResponse:
    document = get_object_or_404(CitedDocument.objects.select_related("letter"), key=key)
    entries = selectors.public_entries().filter(cited_ids__contains=[document.pk])
    in_archive = Letter.objects.public().filter(pk=document.letter_id).first()
    return _browse(
        request, "letters/cited_detail.html", entries, document=document, in_archive=in_archive
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    # Every signature is listed: only what a line shows is read (not the letters' texts).
    signatures = (
        person.signatures.filter(public_letter_q("letter__"))
        .select_related("letter", "annex")
        .only(
            "person",  # set on each row by the related manager
            "title",
            "organization",
            "letter__title",
            "letter__letter_date",
            "annex__position",
            "annex__label",
        )
        .order_by("-letter__letter_date", "-letter_id")
    )
    return render(
        request, "letters/person_detail.html", {"person": person, "signatures": signatures}
    )


def state_list(request: HttpRequest) -> HttpResponse:
    states = State.objects.annotate(
        letter_count=Count("letters", filter=public_letter_q("letters__"))
    ).filter(letter_count__gt=0)
    return render(request, "letters/state_list.html", {"states": states})


def state_detail(request: HttpRequest, slug: str) -> HttpResponse:
    state = get_object_or_404(State, slug=slug)
    entries = selectors.public_entries().filter(state_ids__contains=[state.pk])
    return _browse(request, "letters/state_detail.html", entries, state=state)


def _browse(
    request: HttpRequest, template: str, entries, *, through_bitmaps: bool = True, **context
) -> HttpResponse:
    """A browse page: its subject, and its letters newest first, paginated.

    A State's, a topic's or a cited document's letters cluster in time and are found
    through array indexes: read them through the bitmaps and sort, rather than walk every
    newer letter (a session has its own ordered index instead)."""
    page = selectors.page_of_letters(
        selectors.newest_first(entries), request.GET.get("page"), through_bitmaps=through_bitmaps
    )
    return render(request, template, {"page": page, **context})


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]
