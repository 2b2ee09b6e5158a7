"""Reads for search: full text, symbol look-up, ranking, snippets and facet counts.

Everything works on ``SearchEntry`` (DESIGN.md §5). PostgreSQL does the work:
``websearch_to_tsquery`` with the ``english_unaccent`` configuration (always
passed explicitly, never left to ``default_text_search_config``), ``ts_rank_cd``
for order, ``ts_headline`` for the shown page only, ``pg_trgm`` for names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import Case, Count, F, Func, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from letters.models import CitedDocument, Letter, LetterSymbol, Person, State, public_letter_q
from letters.parsing import canonical_symbol, parse_reference, split_symbol

# A name typed approximately ("Mehdiev") must reach "Agshin Mehdiyev"; trigram word
# similarity of such near-misses is 0.5–0.8, of unrelated names below 0.3.
NAME_SIMILARITY = 0.5
_HIGHLIGHT_START, _HIGHLIGHT_STOP = "\x02", "\x03"  # cannot occur in escaped text


def config() -> str:
    return settings.LETTERS_SEARCH_CONFIG


def text_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=config())


@dataclasses.dataclass(frozen=True)
class Reference:
    """What a query denotes when it is a document symbol or a resolution."""

    keys: tuple[str, ...]  # canonical keys of cited documents
    letter_ids: tuple[int, ...]  # letters in the archive carrying one of those symbols
    cited_ids: tuple[int, ...]  # CitedDocument rows for those keys


def reference(text: str) -> Reference | None:
    keys = tuple(getattr(k, "key", k) for k in parse_reference(text))
    if not keys:
        return None
    parts = {part.upper() for key in keys for part in split_symbol(key) or [key]}
    letter_ids = tuple(
        LetterSymbol.objects.filter(public_letter_q("letter__"), symbol__in=parts)
        .values_list("letter_id", flat=True)
        .distinct()
    )
    cited_ids = tuple(CitedDocument.objects.filter(key__in=keys).values_list("pk", flat=True))
    return Reference(keys=keys, letter_ids=letter_ids, cited_ids=cited_ids)


def letter_for_symbol(symbol: str) -> Letter | None:
    """The published letter carrying ``symbol`` (any dash or spacing; a joint symbol's parts)."""
    canonical = canonical_symbol(symbol) or symbol.strip()
    parts = [p.upper() for p in (split_symbol(canonical) or [canonical])]
    match = (
        LetterSymbol.objects.filter(public_letter_q("letter__"), symbol__in=parts)
        .select_related("letter")
        .first()
    )
    return match.letter if match else None


def _similar(model, text: str) -> list[int]:
    if not 4 <= len(text) <= 100:
        return []
    return list(
        model.objects.annotate(similarity=TrigramWordSimilarity(text, "name"))
        .filter(similarity__gte=NAME_SIMILARITY)
        .values_list("pk", flat=True)
    )


@dataclasses.dataclass(frozen=True)
class TextMatch:
    """What a search box text matches, looked up once per request: its words, the
    symbol or resolution it names, and the signatories or States it approximates."""

    text: str
    reference: Reference | None
    people: tuple[int, ...]
    states: tuple[int, ...]

    @classmethod
    def build(cls, text: str) -> TextMatch:
        text = text.strip()
        return cls(
            text=text,
            reference=reference(text),
            people=tuple(_similar(Person, text)),
            states=tuple(_similar(State, text)),
        )

    @property
    def query(self) -> SearchQuery:
        return text_query(self.text)

    def condition(self) -> Q:
        condition = Q(vector=self.query)
        if self.reference:
            condition |= Q(letter_id__in=self.reference.letter_ids)
            condition |= Q(cited_ids__overlap=list(self.reference.cited_ids))
        if self.people:
            condition |= Q(person_ids__overlap=list(self.people))
        if self.states:
            condition |= Q(state_ids__overlap=list(self.states))
        return condition

    @property
    def named_letter_ids(self) -> tuple[int, ...]:
        return self.reference.letter_ids if self.reference else ()


def order_results(queryset: QuerySet, *, match: TextMatch | None, sort: str) -> QuerySet:
    """Relevance (the letter a symbol names first, then ts_rank_cd) or date order."""
    if sort == "oldest":
        return queryset.order_by(F("letter_date").asc(nulls_last=True), "letter_id")
    if sort == "newest" or match is None:
        return queryset.order_by(F("letter_date").desc(nulls_last=True), "-letter_id")
    # Ordered by the expressions themselves, not by aliases: the page is later read
    # with values_list(), which would drop alias columns from the select list.
    order = [
        SearchRank(F("vector"), match.query, cover_density=True).desc(),
        F("letter_date").desc(nulls_last=True),
        "-letter_id",
    ]
    if match.named_letter_ids:
        named = Case(
            When(letter_id__in=match.named_letter_ids, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        order.insert(0, named.desc())
    return queryset.order_by(*order)


def highlighted_snippets(letter_ids: Sequence[int], text: str) -> dict[int, SafeString]:
    """``ts_headline`` snippets for the shown letters only, escaped before marking.

    The letter text is untrusted: PostgreSQL returns it with control-character
    markers around the hits, the whole is HTML-escaped, and only then do the
    markers become <mark> elements.
    """
    if not text.strip() or not letter_ids:
        return {}
    headlines = Letter.objects.filter(pk__in=letter_ids).annotate(
        headline=SearchHeadline(
            "body",
            text_query(text),
            config=config(),
            start_sel=_HIGHLIGHT_START,
            stop_sel=_HIGHLIGHT_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return {pk: mark(headline) for pk, headline in headlines.values_list("pk", "headline")}


def mark(headline: str) -> SafeString:
    escaped = escape(headline.replace(_HIGHLIGHT_START, "\x00s").replace(_HIGHLIGHT_STOP, "\x00e"))
    return mark_safe(escaped.replace("\x00s", "<mark>").replace("\x00e", "</mark>"))


# Facets ------------------------------------------------------------------------------------


class Unnest(Func):
    function = "unnest"
    output_field = IntegerField()


def count_scalar(queryset: QuerySet, field: str) -> dict:
    rows = queryset.exclude(**{f"{field}__isnull": True}).values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows.order_by()}


def count_array(queryset: QuerySet, field: str) -> dict[int, int]:
    rows = queryset.annotate(value=Unnest(F(field))).values("value").annotate(n=Count("pk"))
    return {row["value"]: row["n"] for row in rows.order_by()}
