"""States a letter mentions (parsing/mentions.py): the labelled set of
links_cases.py as a table, then the rules one by one."""

from __future__ import annotations

import pytest

from letters.parsing import mentions, parse_letter, states
from tests.parsing.links_cases import MENTIONS_HELD_OUT, MENTIONS_TUNING, MentionCase

CASES = [pytest.param(c, id=f"tuning-{c.id}") for c in MENTIONS_TUNING] + [
    pytest.param(c, id=f"held-out-{c.id}") for c in MENTIONS_HELD_OUT
]


@pytest.mark.parametrize("case", CASES)
def test_labelled_mentions(case: MentionCase) -> None:
    assert set(mentions.states_mentioned([case.text], exclude=case.own)) == case.expected


def test_order_of_first_mention_across_texts() -> None:
    found = mentions.states_mentioned(
        ["Georgia and Armenia met.", "Armenia, then Chad and Georgia."], exclude=()
    )
    assert found == ("Georgia", "Armenia", "Chad")


def test_the_senders_are_left_out() -> None:
    assert mentions.states_mentioned(["Armenia and Azerbaijan"], exclude=("Azerbaijan",)) == (
        "Armenia",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "the UN Security Council met in\nthe United States of\nAmerica",
            ("United States of America",),
            id="name-across-lines",
        ),
        pytest.param(
            "Armenia's forces and Turkey’s position", ("Armenia", "Türkiye"), id="possessives"
        ),
        pytest.param("an anti-Armenian campaign", ("Armenia",), id="prefixed-adjective"),
        pytest.param("Russian-speaking residents", (), id="language-adjective"),
        pytest.param(
            "Zaire and Burma", ("Democratic Republic of the Congo", "Myanmar"), id="former-names"
        ),
        pytest.param("the turkey and the chad", (), id="lower-case-words"),
        pytest.param("[Original: Russian]", (), id="original-language-line"),
        pytest.param("in Russian, French and Spanish", (), id="list-of-languages"),
    ],
)
def test_mentions(text: str, expected: tuple[str, ...]) -> None:
    assert mentions.states_mentioned([text]) == expected


def test_every_adjective_points_at_a_state_of_the_table() -> None:
    for line in mentions._DEMONYMS.strip().splitlines():
        canonical = line.partition(":")[0].strip()
        assert canonical in states.CANONICAL_NAMES, canonical


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("Armenian", "Armenia"),
        ("Soviet", "Union of Soviet Socialist Republics"),
        ("Korean", None),
        ("Armenia", None),
    ],
)
def test_adjective_state(word: str, state: str | None) -> None:
    assert mentions.adjective_state(word) == state


def test_sample_000_names_the_states_of_its_annex() -> None:
    from pathlib import Path

    sample = (
        Path(__file__).resolve().parents[2] / "fixtures" / "letters" / "000_c42ff083b48fc90c.txt"
    )
    letter = parse_letter(sample.read_text(encoding="utf-8"))
    assert letter.states_mentioned == (
        "United States of America",
        "France",
        "Russian Federation",
        "Armenia",
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Armenia " * 100000, id="name-storm"),
        pytest.param("Republic of " * 60000, id="prefix-storm"),
        pytest.param("Guinea-" * 60000, id="hyphen-storm"),
        pytest.param("in Russian " * 60000, id="language-storm"),
    ],
)
def test_hostile_text_is_read_in_linear_time(text: str) -> None:
    assert len(mentions.states_mentioned([text])) <= 1
