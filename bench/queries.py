"""Query terms picked by measured document frequency, so each class means what it says."""

from __future__ import annotations

import dataclasses
import itertools
import random
import re

from django.db import connection

from letters.search.indexing import DEFAULT_SEARCH_CONFIG

# (name, lowest share of letters, highest share): the selectivity classes the benchmark measures.
CLASSES = (
    ("rare", 0.0, 0.002),
    ("typical", 0.002, 0.05),
    ("broad", 0.05, 0.5),
    ("near-universal", 0.5, 1.01),
)


@dataclasses.dataclass(frozen=True)
class Term:
    text: str
    matches: int


def letter_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM letters_searchentry")
        return cursor.fetchone()[0]


def matches(text: str) -> int:
    """How many letters the search box would match for ``text`` (same config, same parser)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM letters_searchentry "
            "WHERE vector @@ websearch_to_tsquery(%s::regconfig, %s)",
            [DEFAULT_SEARCH_CONFIG, text],
        )
        return cursor.fetchone()[0]


def pick_terms(rng: random.Random, per_class: int = 3) -> dict[str, list[Term]]:
    """``per_class`` words in each selectivity class, verified by a real match count.

    Candidates come from ``ts_stat`` (lexemes with their document counts) over the
    1-in-10 sample of search rows, which a million letters make slow enough to matter;
    a lexeme is a stem, so each is re-counted on every letter through
    ``websearch_to_tsquery`` before use.
    """
    total = letter_count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM letters_searchentry WHERE in_sample")
        sampled = cursor.fetchone()[0] or 1
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat("
            "'SELECT vector FROM letters_searchentry WHERE in_sample')"
        )
        stats = [(w, n) for w, n in cursor.fetchall() if re.fullmatch(r"[a-z]{4,}", w)]
    picked: dict[str, list[Term]] = {}
    for name, low, high in CLASSES:
        band = [w for w, n in stats if low * sampled < n <= high * sampled and n >= 1]
        rng.shuffle(band)
        terms: list[Term] = []
        for word in band:
            count = matches(word)
            if low * total < count <= high * total:
                terms.append(Term(word, count))
            if len(terms) == per_class:
                break
        picked[name] = terms
    return picked


def phrases(rng: random.Random, count: int = 3) -> list[Term]:
    """Two adjacent words from letter bodies, quoted: real phrase queries."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM letters_letter ORDER BY id LIMIT 200")
        bodies = [row[0] for row in cursor.fetchall()]
    found: list[Term] = []
    for body in rng.sample(bodies, min(len(bodies), count * 3)):
        tokens = body.split("\n\n")[1].split() if "\n\n" in body else body.split()
        pairs = [
            (a, b)
            for a, b in itertools.pairwise(tokens)
            if re.fullmatch(r"[a-z]{5,}", a) and re.fullmatch(r"[a-z]{5,}", b)
        ]
        if not pairs:
            continue
        text = '"{} {}"'.format(*rng.choice(pairs))
        found.append(Term(text, matches(text)))
        if len(found) == count:
            break
    return found
