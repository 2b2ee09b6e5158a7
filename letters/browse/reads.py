"""Reads for the browse pages and the letter page, each in a fixed number of queries.

A browse page lists the letters with one value of a facet (a session, an agenda topic,
a cited document, a State) through the search rows (``letters.search.results``); the
lists of sessions, topics, documents, States and people read how many published letters
each has from the counts the search table keeps (``FacetCount``); the letter page reads
a letter with its parts and the letters citing it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from django.core.paginator import Page
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from letters.browse.exchanges import Brief, briefs
from letters.models import (
    LANGUAGE_CHOICES,
    AgendaItem,
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    FacetCount,
    Letter,
    LetterVersion,
    Person,
    Session,
    Signature,
    State,
    public_letter_q,
)
from letters.search.cache import cached
from letters.search.counting import Counts, browse_counts
from letters.search.facets import FACETS_BY_NAME, charter_label, charter_order, selection_q
from letters.search.results import newest_first, page_of_letters, public_entries
from letters.search.similar import similar_letter_ids

# --- Browse pages ----------------------------------------------------------------------


def letters_with(facet_name: str, value, page_number) -> tuple[Page, dict[int, int]]:
    """The published letters with one value of a facet (a session, a topic, a cited
    document, a State, a Charter Article), newest first, and how many there are per year
    (their total is the page's count: one statement gives both).

    A State's, a topic's or a cited document's letters cluster in time and are found
    through array indexes: they are read through the bitmaps and sorted, rather than by
    walking every newer letter; a facet with its own date-ordered index walks that."""
    facet = FACETS_BY_NAME[facet_name]
    entries = public_entries().filter(selection_q({facet_name: [value]}))
    years = letters_per_year(entries)
    page = page_of_letters(
        newest_first(entries),
        page_number,
        count=sum(years.values()),
        through_bitmaps=not facet.date_ordered_index,
    )
    return page, {year: n for year, n in years.items() if year is not None}


def letters_per_year(entries: QuerySet) -> dict[int | None, int]:
    """Search rows per year of the letter (None: undated), in one statement."""
    return dict(entries.order_by().values_list("year").annotate(n=Count("letter_id")))


def per_year_of(facet_name: str, value) -> dict[int, int]:
    """How many published letters with one value of a facet each year has: one statement."""
    entries = public_entries().filter(selection_q({facet_name: [value]}))
    return {year: n for year, n in letters_per_year(entries).items() if year is not None}


@dataclasses.dataclass(frozen=True)
class CharterArticle:
    """A Charter Article (or one of its paragraphs) letters invoke, with their count."""

    key: str
    count: int
    approximate: bool

    @property
    def label(self) -> str:
        return charter_label(self.key)

    def get_absolute_url(self) -> str:
        return reverse("letters:charter_article", args=[self.key])


def charter_articles_with_letters() -> list[CharterArticle]:
    """Every Charter Article published letters invoke, in the Charter's order, counted as
    the search page counts its facets with no filter (one cached statement; estimated
    from a sample in a large archive)."""
    counts: Counts = browse_counts(public_entries(), {})
    return sorted(
        (CharterArticle(key, n, counts.approximate) for key, n in counts.facets["charter"].items()),
        key=lambda article: charter_order(article.key),
    )


def with_letter_counts(queryset: QuerySet, facet: str) -> QuerySet:
    """``queryset``'s rows that published letters have as a value of ``facet``, each with
    ``letter_count``, read from the kept counts (``FacetCount``). The rows are chosen by a
    join with the counts; a row's count is a subquery in the select list, which
    PostgreSQL evaluates after a sort and a limit: a page reads its own rows' counts."""
    counts = FacetCount.objects.with_letters(facet)
    return queryset.filter(pk__in=counts.values("value")).annotate(
        letter_count=Subquery(counts.filter(value=OuterRef("pk")).values("n"))
    )


class MostLettersFirst(Sequence):
    """The rows of ``model`` that published letters have as a value of ``facet``, those
    with most letters first (ties by id), as a sequence a paginator slices: a slice
    reads its counts in their index's order and then its rows, so a page costs its own
    rows whatever the length of the list."""

    def __init__(self, model: type[models.Model], facet: str, *, related: Sequence[str] = ()):
        self.model, self.facet, self.related = model, facet, related

    def _counts(self) -> QuerySet:
        return FacetCount.objects.with_letters(self.facet).order_by("-n", "value")

    def count(self) -> int:
        # The length of a long list changes only with a publication: counted once for it.
        return cached("list_length", (self.facet,), self._counts().count, None)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        counts = list(self._counts()[index].values_list("value", "n"))
        rows = self.model.objects.select_related(*self.related).in_bulk([v for v, _ in counts])
        found = []
        # A count's row may have been deleted since its letters were written: left out.
        for value, n in counts:
            if value in rows:
                rows[value].letter_count = n
                found.append(rows[value])
        return found


def sessions_with_letters() -> QuerySet:
    return with_letter_counts(Session.objects.order_by("-number"), "session")


def session_items(session: Session) -> QuerySet:
    """The session's agenda items that have published letters, with their topics."""
    return (
        AgendaItem.objects.filter(session=session)
        .select_related("topic")
        .annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
        .filter(letter_count__gt=0)
    )


def topics_with_letters() -> QuerySet:
    return with_letter_counts(AgendaTopic.objects.all(), "agenda")


def topic_items(topic: AgendaTopic) -> QuerySet:
    """The topic's item in each session, latest first, with its published letters."""
    return (
        topic.items.select_related("session")
        .order_by("-session_id")
        .annotate(letter_count=Count("letters", filter=public_letter_q("letters__")))
    )


def cited_documents_with_letters() -> MostLettersFirst:
    """The documents published letters cite, the most cited first."""
    return MostLettersFirst(CitedDocument, "cited", related=["letter"])


def cited_document(key: str) -> CitedDocument | None:
    """A cited document by its key, with ``letter_count``; None when no published letter
    cites it."""
    documents = CitedDocument.objects.select_related("letter").filter(key=key)
    return with_letter_counts(documents, "cited").first()


def published_letter(pk: int | None) -> Letter | None:
    return Letter.objects.public().filter(pk=pk).first() if pk else None


def states_with_letters() -> QuerySet:
    return with_letter_counts(State.objects.order_by("name"), "state")


def people_with_letters() -> QuerySet:
    """People who signed a published letter (or its annex), by name."""
    return with_letter_counts(Person.objects.order_by("name", "pk"), "signatory")


def person_signatures(person: Person) -> QuerySet:
    """Every published signature of ``person``, newest letter first: only what a line
    shows is read (not the letters' texts)."""
    return (
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


def letter_detail(pk: int) -> Letter:
    """A published letter with its annexes, signatures and citations (both ways)."""
    queryset = (
        Letter.objects.public()
        .select_related("session", "source")
        .defer("source__data")
        .prefetch_related(
            "symbols",
            "senders",
            "states_mentioned",
            "agenda_items__topic",
            "agenda_items__session",
            Prefetch("versions", queryset=LetterVersion.objects.only("letter", "language")),
            Prefetch(
                "signatures",
                queryset=Signature.objects.filter(annex=None).select_related("person"),
                to_attr="letter_signatures",
            ),
            Prefetch(
                "annexes",
                queryset=Annex.objects.prefetch_related(
                    Prefetch("signatures", queryset=Signature.objects.select_related("person"))
                ),
            ),
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("document__letter").order_by("position"),
            ),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def letter_version(pk: int, language: str) -> LetterVersion:
    """A published letter's version in ``language``, with its letter and its symbols."""
    queryset = LetterVersion.objects.filter(letter__in=Letter.objects.public()).select_related(
        "letter", "source"
    )
    version = get_object_or_404(queryset, letter_id=pk, language=language)
    # The language list links every version: read them once, with the letter's symbols.
    version.letter = (
        Letter.objects.prefetch_related(
            "symbols",
            Prefetch("versions", queryset=LetterVersion.objects.only("letter", "language")),
        )
        .defer("body")
        .get(pk=pk)
    )
    return version


def cited_by(letter: Letter) -> QuerySet:
    """Published letters citing one of ``letter``'s symbols."""
    return (
        Letter.objects.public()
        .filter(citations__document__letter=letter)
        .exclude(pk=letter.pk)
        .distinct()
        .only("pk", "title", "letter_date")
        .order_by("-letter_date", "-pk")
    )


def similar_letters(letter: Letter) -> list[Brief]:
    """The published letters most like ``letter`` (``letters.search.similar``), best
    first, in brief: two queries."""
    ids = similar_letter_ids(letter.pk)
    found = briefs(ids, topics=False)
    return [found[pk] for pk in ids if pk in found]


@dataclasses.dataclass(frozen=True)
class LanguageText:
    """A letter's text in one language (its own, or a version's), for the side-by-side
    page: its title, body and annexes (label, title, body)."""

    language: str
    label: str
    title: str
    body: str
    annexes: list[tuple[str, str, str]]
    url: str


def language_texts(pk: int, left: str, right: str) -> tuple[Letter, LanguageText, LanguageText]:
    """A published letter and its texts in ``left`` and ``right`` (its own language or a
    version's): two queries; 404 when it has no text in one of them, or they are one."""
    letter = get_object_or_404(
        Letter.objects.public().prefetch_related("symbols", "annexes", "versions"), pk=pk
    )
    names = dict(LANGUAGE_CHOICES)
    texts = {}
    if letter.language:
        texts[letter.language] = LanguageText(
            letter.language,
            names[letter.language],
            letter.title,
            letter.body,
            [(a.label, a.title, a.body) for a in letter.annexes.all()],
            letter.get_absolute_url(),
        )
    for version in letter.versions.all():
        texts[version.language] = LanguageText(
            version.language,
            names[version.language],
            version.title or letter.title,
            version.body,
            [(a["label"], a["title"], a["body"]) for a in version.annexes],
            version.get_absolute_url(),
        )
    if left == right or left not in texts or right not in texts:
        raise Http404("The letter has no text in one of these languages.")
    return letter, texts[left], texts[right]
