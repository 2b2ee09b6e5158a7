"""Reads the API needs beside ``letters.selectors``: people with their letter counts,
and one row of each browse list with its count (a detail answers 404 for what no
published letter mentions, as the lists leave it out)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.http import Http404

from letters import selectors
from letters.models import Person, Signature, public_letter_q

# A person's detail lists their latest signatures; their letters are in the letters
# list (signatory=<id>), paged.
PERSON_SIGNATURES = 100


def people_with_letters() -> QuerySet:
    """People who signed a published letter (or its annex), by name, each with the
    number of those letters. The count is a correlated subquery: PostgreSQL evaluates
    it after the sort and limit, for the page's rows only."""
    signed = Signature.objects.filter(public_letter_q("letter__"), person=OuterRef("pk"))
    letters = (
        signed.order_by().values("person").annotate(n=Count("letter", distinct=True)).values("n")
    )
    return (
        Person.objects.filter(Exists(signed))
        .annotate(letter_count=Subquery(letters))
        .order_by("name", "pk")
    )


def one(queryset: QuerySet, **lookup):
    row = queryset.filter(**lookup).first()
    if row is None:
        raise Http404("No published letter mentions it.")
    return row


def session(number: int):
    found = one(selectors.sessions_with_letters(), number=number)
    found.items = list(selectors.session_items(found).order_by("number"))
    return found


def topic(slug: str):
    found = one(selectors.topics_with_letters().prefetch_related(None), slug=slug)
    # Latest session first: topic_items' order_by("-session") follows Session's own
    # ordering (-number) reversed, which is oldest first.
    found.session_items = list(selectors.topic_items(found).order_by("-session_id"))
    return found


def cited_document(key: str):
    return one(selectors.cited_documents_with_letters(), key=key)


def person(pk: int):
    found = one(people_with_letters(), pk=pk)
    found.latest_signatures = list(selectors.person_signatures(found)[:PERSON_SIGNATURES])
    return found


def state(slug: str):
    return one(selectors.states_with_letters(), slug=slug)
