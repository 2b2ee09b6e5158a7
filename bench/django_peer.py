"""Peer: "naive Django" — the page an app without any full-text engine would build.

Per query, through the ORM only, on ``letters_letter`` / ``letters_annex`` (no
``SearchEntry``, no tsvector, no GIN index): every word must occur, case-insensitively
and as a bare substring (``icontains``, i.e. ``UPPER(..) LIKE UPPER('%w%')``), in the
title, the body or the body of one of the letter's annexes; a quoted phrase is one
substring. Each word is its own ``.filter()`` so two words may sit in different annexes
(one annex join per word), then ``.distinct()``. The page reads the top 20 newest first
(there is no relevance to rank by), the total with ``.count()``, and the scalar facets
session, SC year, year (``ExtractYear("letter_date")``) and has annex (an ``Exists``
annotation) with ``.values(..).annotate(Count)`` on the letters whose id is in the match.

Every query is a sequential scan with substring tests (no stemming: "secur" matches
"security" by accident, "treaties" does not match "treaty"; substrings inside other
words match). No snippet (there is no engine to make one); no array facets (agenda
topic, State, signatory, cited document), no symbol/name look-ups, no template or
HTTP machinery. It runs on the same PostgreSQL as our page.
"""

from __future__ import annotations

from pathlib import Path

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear

from letters.models import Annex, Letter

FACETS = ("session", "sc_year", "year", "has_annex")


def build(path: Path) -> None:
    """Nothing to build: the page reads the letter tables directly."""
    return None


def words(text: str) -> list[str]:
    """The websearch query text as substrings: a quoted phrase is one, else each word."""
    if text.startswith('"'):
        return [" ".join(text.strip('"').split())]
    return text.split()


def matches(text: str, session: int | None = None) -> QuerySet[Letter]:
    letters = Letter.objects.published()
    if session is not None:
        letters = letters.filter(session=session)
    for word in words(text):
        letters = letters.filter(
            Q(title__icontains=word) | Q(body__icontains=word) | Q(annexes__body__icontains=word)
        )
    return letters.distinct()


def page(handle: None, text: str, session: int | None = None) -> int:
    """One results page's work; returns the total."""
    found = matches(text, session)
    top = found.order_by(F("letter_date").desc(nulls_last=True), "-pk")
    list(top.values_list("pk", "title", "letter_date")[:20])
    total = found.count()
    letters = Letter.objects.filter(pk__in=found.values("pk")).order_by()
    letters = letters.annotate(
        year=ExtractYear("letter_date"),
        has_annex=Exists(Annex.objects.filter(letter=OuterRef("pk"))),
    )
    for facet in FACETS:
        list(letters.values(facet).annotate(n=Count("pk")))
    return total
