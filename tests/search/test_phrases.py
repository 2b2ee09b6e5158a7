"""Quoted phrases are narrowed through the search rows' word pairs
(``SearchEntry.phrase_pairs``) before the vector's positions are checked: the narrowing
must never lose a letter that holds the phrase as written, and must vanish where it
cannot help."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.models import SearchEntry
from letters.search.indexing import SEARCH_CONFIGS
from letters.search.query import required_phrases, text_query, words_condition
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

CONFIGS = sorted(set(SEARCH_CONFIGS.values()))


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ('"security council"', ["security council"]),
        ('"security council" "human rights" sanctions', ["security council", "human rights"]),
        ('sanctions -"security council"', []),
        ('"security council" -"human rights"', ["security council"]),
        ('"security council" or sanctions', []),
        ('"security council" OR sanctions', []),
        ('"security or council"', ["security or council"]),  # "or" inside quotes is a word
        ('"security council', []),  # unbalanced: websearch's reading is not ours to guess
        ('"a" "b" "', []),
        ("security council", []),
        ('""', [""]),
        ('Oregon "peace talks"', ["peace talks"]),
        ('- "peace peace"', []),  # negated across the space, as websearch reads it
        ('sanctions -( "peace talks"', []),
        ('peace- "peace talks"', ["peace talks"]),  # a word's own dash negates nothing
        ('-, "peace talks"', ["peace talks"]),
    ],
)
def test_the_phrases_every_match_must_hold(text, phrases):
    assert required_phrases(text) == phrases


def matched(text: str, *, narrowed: bool) -> set[int]:
    plain = Q(vector=text_query(text, CONFIGS))
    condition = words_condition(text, CONFIGS) if narrowed else plain
    return set(SearchEntry.objects.filter(condition).values_list("letter_id", flat=True))


BODIES = [
    "The Security Council of the United Nations met on the question of Palestine.",
    "A well-known fact: the council's security-council resolution 822 (1993) was adopted.",
    "Le Conseil de sécurité des Nations Unies s'est réuni; la question de Palestine.",
    "Совет Безопасности Организации Объединенных Наций рассмотрел вопрос.",
    "peace peace peace education, peace; education — Peace Education!",
    "Human\u00a0rights defenders <script>alert(1)</script> and human rights",
]

PHRASES = [
    '"security council"',
    '"Security Council of the United Nations"',
    '"well-known fact"',
    '"security-council resolution"',
    '"resolution 822"',
    '"Conseil de sécurité"',
    '"conseil de securite"',
    '"Совет Безопасности"',
    '"peace education"',
    '"education peace"',
    '"peace peace peace"',
    '"human rights" defenders',
    '"rights defenders"',
    '"script alert"',
    '"council security"',
    '"the of"',
    '"nations unies" -"question"',
    'palestine -"security council"',
    '"council security" or palestine',
]


def test_narrowing_by_pairs_keeps_every_letter_the_phrase_matches():
    # These letters hold each phrase as written or not at all: narrowed, the search finds
    # what PostgreSQL's phrase query alone finds.
    for body in BODIES:
        make_letter(filename=f"{len(body)}.txt", body=body)
    for text in PHRASES:
        plain = matched(text, narrowed=False)
        assert matched(text, narrowed=True) == plain, text
    # A stop word's place holds another word in the French letter ("question de
    # Palestine"): PostgreSQL's phrase query matches it, the pairs do not.
    assert len(matched('"question of Palestine"', narrowed=False)) == 2
    assert len(matched('"question of Palestine"', narrowed=True)) == 1
    # The phrases do reach letters, and a phrase not in any letter reaches none.
    assert matched('"security council"', narrowed=True)
    assert not matched('"council security"', narrowed=True)
    assert matched('"council security" or palestine', narrowed=True)


def plan(text: str) -> str:
    """The plan of the words' condition, with sequential scans costed out of the choice
    (a test's few rows are otherwise read whole)."""
    queryset = SearchEntry.objects.filter(words_condition(text, CONFIGS))
    sql, params = queryset.values("letter_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_phrase_of_one_word_adds_no_condition():
    # Folded away when planning: a phrase of one word (stop words aside) has no pair.
    assert "phrase_pairs" not in plan('"security"')
    assert "phrase_pairs" not in plan('"of the security"')
    assert "phrase_pairs" in plan('"security council"')
    assert "phrase_pairs" in plan('"question of Palestine"')
    assert "phrase_pairs" not in plan("security council")


def test_a_phrase_s_stop_words_stand_for_stop_words_only():
    # PostgreSQL's phrase query takes any word where the phrase has a stop word; the
    # pairs keep the gap only where stop words (or nothing) fill it.
    holds = make_letter(filename="a.txt", body="For international peace and security.")
    other_stop_word = make_letter(filename="b.txt", body="International peace or security.")
    make_letter(filename="c.txt", body="International peace regional security.")
    make_letter(filename="d.txt", body="International peace and the security.")
    text = '"international peace and security"'
    assert len(matched(text, narrowed=False)) == 3
    assert matched(text, narrowed=True) == {holds.pk, other_stop_word.pk}


def test_phrases_alone_are_narrowed_by_their_pairs_only():
    # The pairs' index passes little more than the phrase's letters: the vectors' index
    # would be read for nothing. A word beside the phrase may narrow far more through it.
    for text in [
        '"security council"',
        '"security council" "human rights"',
        '- "a b" "peace talks"',
    ]:
        assert "searchentry_phrase_pairs_idx" in plan(text), text
        assert "searchentry_vector_idx" not in plan(text), text
    # Where the vectors' index can narrow, PostgreSQL may read it: beside a word, or
    # where there are no pairs to narrow by.
    for text in ['"security council" sanctions', "sanctions"]:
        queryset = SearchEntry.objects.filter(words_condition(text, CONFIGS))
        assert "IS TRUE" not in str(queryset.query), text
    assert "searchentry_vector_idx" in plan('"the Palestine"')


def test_a_phrase_search_page_finds_the_phrase(client):
    wanted = make_letter(filename="a.txt", body="The Security Council met today in New York.")
    make_letter(filename="b.txt", body="The council met; security was discussed.")
    response = client.get("/", {"q": '"security council"'})
    assert response.status_code == 200
    assert [letter.pk for letter in response.context["page"]] == [wanted.pk]


# --- The property: a phrase's pairs are in every text that holds it as written ----------

WORDS = [
    "security",
    "council",
    "the",
    "of",
    "peace",
    "Peace",
    "sécurité",
    "conseil",
    "Совет",
    "well-known",
    "822",
    "a.b",
    "l'homme",
    "rights",
    "and",
    "-",
    '"',
    "'",
    "\\",
    "(1993)",
    "человека",
    "安全",
    "مجلس",
]
SEPARATORS = [" ", "  ", ", ", "; ", "\n", "-", " — ", "\u00a0", "/", ": "]
text_of_words = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=25
).map(lambda parts: "".join(word + separator for word, separator in parts))


@settings(
    max_examples=300 * (10 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 1),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    before=text_of_words,
    phrase=text_of_words,
    after=text_of_words,
    config=st.sampled_from(CONFIGS),
)
def test_a_phrase_s_pairs_are_in_every_text_that_holds_it(before, phrase, after, config):
    phrase = phrase.replace('"', " ").strip()
    body = f"{before} {phrase} {after}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phrase_pairs(to_tsvector(%(c)s::regconfig, %(b)s))"
            " @> phrase_pairs(to_tsvector(%(c)s::regconfig, %(p)s))",
            {"c": config, "b": body, "p": phrase},
        )
        (holds_pairs,) = cursor.fetchone()
    assert holds_pairs, (body, phrase)


# --- The property over whole search texts: what required_phrases reads as required is --
# --- required by websearch_to_tsquery too ------------------------------------------------

FEW_WORDS = ["peace", "talks", "council", "the", "of"]
token_soup = st.lists(
    st.one_of(
        st.sampled_from(FEW_WORDS),
        st.sampled_from(['"', '-"', "-", " or ", "OR", "(", ")", "x-", '""']),
    ),
    min_size=1,
    max_size=12,
).map(" ".join)
# A phrase of two words with what may stand around it: the combinations that decide
# whether it is required.
framed_phrase = st.builds(
    lambda before, first, second, after: f'{before}"{first} {second}"{after}',
    # A "-" apart from its quote still negates it, across spaces and operators ("- ").
    st.sampled_from(
        [
            *["", "-", "x-", "council or ", "council OR ", "council ", "-council "],
            *["- ", "-\t", "-( ", "- | ", "--", "- - ", "-, ", "x- ", "-!"],
        ]
    ),
    st.sampled_from(FEW_WORDS),
    st.sampled_from(FEW_WORDS),
    st.sampled_from(
        ["", " or council", " council", " -council", ' "talks'],
    ),
)
search_text = st.one_of(token_soup, framed_phrase)
short_body = st.lists(st.sampled_from(FEW_WORDS), min_size=1, max_size=12).map(" ".join)


@settings(
    max_examples=300 * (10 if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else 1),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=short_body, text=search_text, config=st.sampled_from(CONFIGS))
def test_a_text_s_required_phrases_hold_in_every_text_it_matches(body, text, config):
    phrases = required_phrases(text)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector(%(c)s::regconfig, %(b)s)"
            " @@ websearch_to_tsquery(%(c)s::regconfig, %(q)s),"
            # A phrase of no words ('""') requires nothing.
            " coalesce(bool_and(numnode(q) = 0 OR to_tsvector(%(c)s::regconfig, %(b)s) @@ q), TRUE)"
            " FROM unnest(%(p)s::text[]) AS phrase,"
            " websearch_to_tsquery(%(c)s::regconfig, '\"' || phrase || '\"') AS q",
            {"c": config, "b": body, "q": text, "p": phrases},
        )
        matches, holds_phrases = cursor.fetchone()
    assert holds_phrases or not matches, (body, text, phrases)
