"""Reads for the links between letters (DESIGN.md §13): a letter's references and the
letters referring to it, the thread of letters linked by replies, and the exchange of
letters between two States. Each is a fixed number of queries, whatever it holds, and
shows published letters only: a reference to a draft is shown as printed.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import connection
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from letters.models import AgendaTopic, Letter, Reference, State
from letters.parsing.model import Relation

# Relations that make an exchange between States: a reply, or a reference to the other
# side's letter. A thread is made of replies only.
EXCHANGE_RELATIONS = [Relation.REPLIES_TO.value, Relation.REFERS_TO.value]
# A letter page lists at most this many letters referring to it, newest first.
INCOMING_SHOWN = 100
# A thread or an exchange page shows at most this many letters (the page says so).
THREAD_LIMIT = 300
EXCHANGE_LIMIT = 500

RELATION_LABELS = {
    Relation.REPLIES_TO.value: "In reply to",
    Relation.REFERS_TO.value: "Refers to",
    Relation.TRANSMITS.value: "Transmits",
}


def _public(alias: str) -> str:
    """SQL for "the public site shows letter ``alias``" (models.public_letter_q)."""
    condition = f"{alias}.published_at IS NOT NULL"
    if not settings.LETTERS_INCLUDE_SYNTHETIC:
        condition += f" AND NOT {alias}.is_synthetic"
    return condition


@dataclasses.dataclass(frozen=True)
class Brief:
    """A linked letter as the pages name it: title, date, senders, symbols, session and
    agenda topics."""

    pk: int
    title: str
    letter_date: datetime.date | None
    senders: tuple[str, ...]
    symbols: tuple[str, ...]
    session: int | None = None
    topics: tuple[tuple[str, str], ...] = ()  # (slug, title)

    def get_absolute_url(self) -> str:
        """The letter's page."""
        return reverse("letters:detail", args=[self.pk])

    @property
    def sender_text(self) -> str:
        """ "Armenia", "Armenia and France", or "" when no State sent it."""
        return " and ".join(self.senders)


# A letter in brief, with its parts as arrays: one plain statement. Through the ORM
# (``with_parts``) the same read spent longer building the query than running it (a
# letter page's similar letters and links: 30 ms of Python against 5 ms in the database).
_BRIEFS = """
SELECT l.id, l.title, l.letter_date, l.session_id,
    ARRAY(SELECT s.symbol FROM letters_lettersymbol s
          WHERE s.letter_id = l.id ORDER BY s.position),
    ARRAY(SELECT st.name FROM letters_letter_senders ls
          JOIN letters_state st ON st.id = ls.state_id
          WHERE ls.letter_id = l.id ORDER BY st.name),
    {topics}
FROM letters_letter l
WHERE l.id = ANY(%(ids)s) AND {public}
"""
_TOPICS = """ARRAY(SELECT json_build_array(t.slug, t.title) FROM letters_letter_agenda_items li
          JOIN letters_agendaitem i ON i.id = li.agendaitem_id
          JOIN letters_agendatopic t ON t.id = i.topic_id
          WHERE li.letter_id = l.id ORDER BY i.session_id, i.number)"""


def briefs(letter_ids: Iterable[int], *, topics: bool = True) -> dict[int, Brief]:
    """The published letters among ``letter_ids``, in brief (with their agenda topics
    unless ``topics`` is false): one query."""
    ids = list(dict.fromkeys(letter_ids))
    if not ids:
        return {}
    sql = _BRIEFS.format(topics=_TOPICS if topics else "'{}'::json[]", public=_public("l"))
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": ids})
        rows = cursor.fetchall()
    return {
        pk: Brief(
            pk=pk,
            title=title,
            letter_date=date,
            senders=tuple(senders),
            symbols=tuple(symbols),
            session=session,
            topics=tuple(dict.fromkeys((slug, name) for slug, name in agenda)),
        )
        for pk, title, date, session, symbols, senders, agenda in rows
    }


# --- A letter's links -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReferenceLine:
    """One reference of a letter: what it prints, and the published letter it names."""

    relation: str
    document: str
    text: str
    date: datetime.date | None
    sender_states: tuple[str, ...]
    symbols: tuple[str, ...]
    letter: Brief | None

    @property
    def label(self) -> str:
        """ "In reply to", "Refers to", "Transmits"."""
        return RELATION_LABELS[self.relation]


@dataclasses.dataclass(frozen=True)
class LetterLinks:
    """A letter's references (printed order) and the published letters referring to it
    (newest first), with the relation of each."""

    references: list[ReferenceLine]
    incoming: list[tuple[str, Brief]]

    @property
    def in_reply_to(self) -> list[ReferenceLine]:
        return [r for r in self.references if r.relation == Relation.REPLIES_TO]

    @property
    def refers_to(self) -> list[ReferenceLine]:
        return [r for r in self.references if r.relation == Relation.REFERS_TO]

    @property
    def transmits(self) -> list[ReferenceLine]:
        return [r for r in self.references if r.relation == Relation.TRANSMITS]

    @property
    def answered_by(self) -> list[Brief]:
        return [b for relation, b in self.incoming if relation == Relation.REPLIES_TO]

    @property
    def referred_to_by(self) -> list[Brief]:
        return [b for relation, b in self.incoming if relation == Relation.REFERS_TO]

    @property
    def grouped(self) -> list[tuple[str, list[ReferenceLine]]]:
        """(label, references) of each relation the letter has, replies first."""
        groups = [
            (RELATION_LABELS[r], [x for x in self.references if x.relation == r])
            for r in RELATION_LABELS
        ]
        return [(label, lines) for label, lines in groups if lines]

    @property
    def in_thread(self) -> bool:
        """Whether a reply links it to another published letter (it has a thread page)."""
        return bool(self.answered_by) or any(r.letter for r in self.in_reply_to)


def letter_links(letter: Letter) -> LetterLinks:
    """The letter's references and the published letters referring to it: three queries."""
    own = list(
        letter.references.order_by("position").values_list(
            "relation", "document", "text", "date", "sender_states", "symbols", "target_id"
        )
    )
    incoming = list(
        Reference.objects.filter(target=letter, letter__published_at__isnull=False)
        .exclude(letter=letter)
        .order_by("-letter__letter_date", "-letter_id", "relation")
        .values_list("relation", "letter_id")
        .distinct()[:INCOMING_SHOWN]
    )
    found = briefs([row[-1] for row in own if row[-1]] + [pk for _, pk in incoming])
    return LetterLinks(
        references=[
            ReferenceLine(
                relation, document, text, date, tuple(states), tuple(symbols), found.get(target)
            )
            for relation, document, text, date, states, symbols, target in own
        ],
        incoming=[(relation, found[pk]) for relation, pk in incoming if pk in found],
    )


# --- Threads ----------------------------------------------------------------------------

# The letters linked to one by replies, either way, through published letters only. Each
# step reads the references from and to the letters reached (indexes on letter and
# target); UNION stops at letters already reached; the LIMIT stops the walk.
_THREAD = """
WITH RECURSIVE thread(id) AS (
    SELECT %(start)s::bigint
    UNION
    SELECT step.id FROM thread t CROSS JOIN LATERAL (
        SELECT r.target_id AS id FROM letters_reference r
        WHERE r.letter_id = t.id AND r.relation = %(replies)s AND r.target_id IS NOT NULL
        UNION ALL
        SELECT r.letter_id FROM letters_reference r
        WHERE r.target_id = t.id AND r.relation = %(replies)s
    ) AS step JOIN letters_letter l ON l.id = step.id
    WHERE {public}
)
SELECT id FROM thread LIMIT %(limit)s
"""


def thread_ids(letter_id: int, *, limit: int = THREAD_LIMIT + 1) -> list[int]:
    """The published letters linked to ``letter_id`` by replies, either way, itself
    included (at most ``limit``): one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            _THREAD.format(public=_public("l")),
            {"start": letter_id, "replies": Relation.REPLIES_TO.value, "limit": limit},
        )
        return [row[0] for row in cursor.fetchall()]


@dataclasses.dataclass(frozen=True)
class Side:
    """One side of an exchange: the States (or the one State) that wrote its letters."""

    index: int
    senders: tuple[str, ...]

    @property
    def name(self) -> str:
        return " and ".join(self.senders) or "Other senders"


@dataclasses.dataclass(frozen=True)
class ThreadLetter:
    """A letter in its thread: its side, the letters of the thread it replies to, and
    whether any letter of the thread replies to it."""

    letter: Brief
    side: Side
    replies_to: tuple[Brief, ...]
    answered: bool


@dataclasses.dataclass(frozen=True)
class Thread:
    """The connected letters, oldest first, with their sides, agenda topics and sessions."""

    pk: int  # the thread's first letter: its address
    letters: list[ThreadLetter]
    sides: list[Side]
    truncated: bool  # more than THREAD_LIMIT letters: the first ones reached are shown

    @property
    def unanswered(self) -> list[ThreadLetter]:
        """Letters no letter of the thread replies to."""
        return [t for t in self.letters if not t.answered]

    @property
    def sessions(self) -> list[int]:
        return sorted({t.letter.session for t in self.letters if t.letter.session})

    @property
    def topics(self) -> list[tuple[str, str]]:
        """(slug, title) of every agenda topic its letters are under, first met first."""
        return list(dict.fromkeys(topic for t in self.letters for topic in t.letter.topics))

    @property
    def years(self) -> dict[int, int]:
        """Letters per year."""
        counts: dict[int, int] = {}
        for t in self.letters:
            if t.letter.letter_date:
                counts[t.letter.letter_date.year] = counts.get(t.letter.letter_date.year, 0) + 1
        return counts

    def get_absolute_url(self) -> str:
        return reverse("letters:thread", args=[self.pk])


def oldest_first(letter: Brief) -> tuple:
    """Sort key: oldest letter first (undated ones last), then by id."""
    return (letter.letter_date or datetime.date.max, letter.pk)


def thread(letter_id: int) -> Thread | None:
    """The thread of a published letter, or None when no reply links it to another
    published letter: three queries."""
    ids = thread_ids(letter_id)
    if len(ids) < 2:
        return None
    truncated = len(ids) > THREAD_LIMIT
    found = briefs(ids[:THREAD_LIMIT])
    edges = Reference.objects.filter(
        letter_id__in=list(found), target_id__in=list(found), relation=Relation.REPLIES_TO
    ).values_list("letter_id", "target_id")
    answers: dict[int, list[int]] = {}
    answered: set[int] = set()
    for source, target in edges:
        if source != target:
            answers.setdefault(source, []).append(target)
            answered.add(target)
    ordered = sorted(found.values(), key=oldest_first)
    sides: dict[tuple[str, ...], Side] = {}
    letters = []
    for letter in ordered:
        side = sides.setdefault(letter.senders, Side(len(sides), letter.senders))
        replies_to = sorted((found[t] for t in set(answers.get(letter.pk, ()))), key=oldest_first)
        letters.append(ThreadLetter(letter, side, tuple(replies_to), letter.pk in answered))
    return Thread(ordered[0].pk, letters, list(sides.values()), truncated)


# --- Exchanges between two States -------------------------------------------------------

# Resolved replies and references from a letter whose sender meets {writer} to one whose
# sender meets {reader}, both published: a condition on a State's id (an index on the
# senders' State) starts the join, and the links are followed through reference_linked_idx
# (outgoing) or the index on target (incoming).
_DIRECTED = """
SELECT r.letter_id, r.target_id, sx.state_id AS writer, sy.state_id AS reader
FROM letters_letter_senders sx
JOIN letters_reference r ON r.letter_id = sx.letter_id AND r.target_id IS NOT NULL
JOIN letters_letter_senders sy ON sy.letter_id = r.target_id
JOIN letters_letter x ON x.id = r.letter_id
JOIN letters_letter y ON y.id = r.target_id
WHERE sx.state_id {writer} AND sy.state_id {reader} AND r.relation = ANY(%(relations)s)
  AND {public_x} AND {public_y}
"""


def _directed(writer: str, reader: str) -> str:
    return _DIRECTED.format(
        writer=writer, reader=reader, public_x=_public("x"), public_y=_public("y")
    )


@dataclasses.dataclass(frozen=True)
class Exchange:
    """The letters two States exchanged (each replying to or referring to a letter of the
    other), on one agenda topic or all, by session, latest session first."""

    states: tuple[State, State]
    topic: AgendaTopic | None
    by_session: list[tuple[int | None, list[Brief]]]
    topics: list[tuple[str, str, int]]  # (slug, title, letters) of the whole exchange
    truncated: bool

    @property
    def letters(self) -> list[Brief]:
        return [letter for _, letters in self.by_session for letter in letters]

    @property
    def years(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for letter in self.letters:
            if letter.letter_date:
                counts[letter.letter_date.year] = counts.get(letter.letter_date.year, 0) + 1
        return counts


def exchange(a: State, b: State, topic: AgendaTopic | None = None) -> Exchange:
    """What ``a`` and ``b`` wrote in answer to each other (replies and references), on
    ``topic`` or all topics: two queries."""
    sql = (
        f"SELECT DISTINCT letter_id, target_id FROM ({_directed('= %(a)s', '= %(b)s')}"
        f" UNION ALL {_directed('= %(b)s', '= %(a)s')}) AS links LIMIT %(limit)s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {"relations": EXCHANGE_RELATIONS, "a": a.pk, "b": b.pk, "limit": EXCHANGE_LIMIT + 1},
        )
        pairs = cursor.fetchall()
    ids = list(dict.fromkeys(pk for pair in pairs[:EXCHANGE_LIMIT] for pk in pair))
    found = briefs(ids)
    topics: dict[tuple[str, str], int] = {}
    for letter in found.values():
        for topic_key in letter.topics:
            topics[topic_key] = topics.get(topic_key, 0) + 1
    shown = [
        letter
        for letter in found.values()
        if topic is None or any(slug == topic.slug for slug, _ in letter.topics)
    ]
    sessions: dict[int | None, list[Brief]] = {}
    for letter in sorted(shown, key=oldest_first):
        sessions.setdefault(letter.session, []).append(letter)
    by_session = sorted(sessions.items(), key=lambda item: -(item[0] or 0))
    return Exchange(
        states=(a, b),
        topic=topic,
        by_session=by_session,
        topics=sorted(
            ((slug, title, n) for (slug, title), n in topics.items()), key=lambda t: (-t[2], t[1])
        ),
        truncated=len(pairs) > EXCHANGE_LIMIT,
    )


def exchange_partners(state: State) -> list[tuple[State, int]]:
    """The States ``state`` exchanged letters with, and how many links each, most first:
    two queries."""
    written = _directed("= %(state)s", "<> %(state)s")  # the other is the reader
    received = _directed("<> %(state)s", "= %(state)s")  # the other is the writer
    sql = (
        f"SELECT other, count(*) FROM (SELECT letter_id, target_id, reader AS other FROM"
        f" ({written}) AS w UNION SELECT letter_id, target_id, writer FROM ({received}) AS r)"
        " AS links GROUP BY other"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"relations": EXCHANGE_RELATIONS, "state": state.pk})
        counts = dict(cursor.fetchall())
    if not counts:
        return []
    states = State.objects.in_bulk(list(counts))
    return sorted(
        ((states[pk], n) for pk, n in counts.items() if pk in states),
        key=lambda pair: (-pair[1], pair[0].name),
    )


def pair_order(a: State, b: State) -> tuple[State, State]:
    """The two States in the order their exchange's address names them (by slug)."""
    return (a, b) if a.slug <= b.slug else (b, a)


def thread_of(pk: int) -> Thread:
    """The thread of a published letter; 404 when there is none."""
    get_object_or_404(Letter.objects.public(), pk=pk)
    found = thread(pk)
    if found is None:
        raise Http404("No reply links this letter to another letter in the archive.")
    return found


def subjects(first: str, second: str, topic: str | None) -> tuple[State, State, AgendaTopic | None]:
    """The two States (in slug order) and the topic an exchange's address names; 404
    for a name that is none, or the same State twice."""
    states = State.objects.in_bulk([first, second], field_name="slug")
    if first == second or len(states) != 2:
        raise Http404("An exchange is between two States of the archive.")
    subject = get_object_or_404(AgendaTopic, slug=topic) if topic is not None else None
    a, b = pair_order(states[first], states[second])
    return a, b, subject


def exchange_url(a: State, b: State, topic: AgendaTopic | None) -> str:
    """The exchange page of two States (given in slug order), on one topic or all."""
    if topic is None:
        return reverse("letters:exchange", args=[a.slug, b.slug])
    return reverse("letters:exchange_topic", args=[a.slug, b.slug, topic.slug])


def thread_letter_ids(of: Thread) -> Sequence[int]:
    """The thread's letters, newest first (its feed's order)."""
    return [t.letter.pk for t in reversed(of.letters)]
