"""Reads the API needs beside the browse pages' (``letters.browse.reads``): the topics'
list with every item of each topic, and one row of each browse list with its count (a
detail answers 404 for what no published letter mentions, as the lists leave it out)."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.http import Http404

from letters.browse import reads as browse
from letters.models import AgendaItem

# A person's detail lists their latest signatures; their letters are in the letters
# list (signatory=<id>), paged.
PERSON_SIGNATURES = 100


def one(queryset: QuerySet, **lookup):
    """The first row of ``queryset`` matching ``lookup``; 404 when there is none."""
    row = queryset.filter(**lookup).first()
    if row is None:
        raise Http404("No published letter mentions it.")
    return row


def topics_with_items() -> QuerySet:
    """Topics with published letters, by title, each with ``item_list``: its items
    (session, number), latest session first, read with the topic as plain values (a
    topic recurs in up to 80 sessions: a page of 50 topics made 4,000 model instances
    and nested serializers, 46 of its 50 ms at 100,000 letters)."""
    items = (
        AgendaItem.objects.filter(topic=OuterRef("pk"))
        .order_by("-session_id", "number")
        .values(json=JSONObject(session="session_id", number="number"))
    )
    return (
        browse.topics_with_letters()
        .order_by("title", "pk")
        .annotate(item_list=ArraySubquery(items))
    )


def session(number: int):
    """A session with published letters and, as ``items``, its agenda items that have them
    (by number): two queries; 404 otherwise."""
    found = one(browse.sessions_with_letters(), number=number)
    found.items = list(browse.session_items(found).order_by("number"))
    return found


def topic(slug: str):
    """A topic with published letters and, as ``session_items``, its item in each session,
    latest first: two queries; 404 otherwise."""
    found = one(browse.topics_with_letters(), slug=slug)
    found.session_items = list(browse.topic_items(found))
    return found


def cited_document(key: str):
    """A cited document by its key, with the count of published letters citing it; 404 when
    none does."""
    found = browse.cited_document(key)
    if found is None:
        raise Http404("No published letter mentions it.")
    return found


def person(pk: int):
    """A person who signed a published letter and, as ``latest_signatures``, their latest
    PERSON_SIGNATURES signatures: two queries; 404 otherwise."""
    found = one(browse.people_with_letters(), pk=pk)
    found.latest_signatures = list(browse.person_signatures(found)[:PERSON_SIGNATURES])
    return found


def state(slug: str):
    """A State with the count of published letters it sent; 404 when it sent none."""
    return one(browse.states_with_letters(), slug=slug)
