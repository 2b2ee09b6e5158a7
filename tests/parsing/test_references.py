"""Relations between letters (parsing/references.py): the labelled set of
links_cases.py as a table, then the rules one by one."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from letters.parsing import parse_letter, references
from letters.parsing.model import LetterRef, Relation
from tests.parsing.links_cases import (
    RELATIONS_HELD_OUT,
    RELATIONS_TUNING,
    RelationCase,
)

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "letters"

CASES = [pytest.param(c, id=f"tuning-{c.id}") for c in RELATIONS_TUNING] + [
    pytest.param(c, id=f"held-out-{c.id}") for c in RELATIONS_HELD_OUT
]


def _read(text: str, own: tuple[str, ...] = (), language: str | None = "en", **context):
    return references.find_references(
        [references.Unit("letter", text, language)],
        references.Context(own_states=own, **context),
    )


@pytest.mark.parametrize("case", CASES)
def test_labelled_relation(case: RelationCase) -> None:
    refs, _ = _read(case.text, case.own, case.language)
    read = sorted(
        (str(r.relation), tuple(sorted(r.symbols)), r.date.isoformat() if r.date else None)
        for r in refs
    )
    expected = sorted((rel, tuple(sorted(syms)), day) for rel, syms, day, _ in case.expected)
    assert read == expected
    if case.language == "en":
        # State names are read in English only (the other versions name the same States).
        by_key = {(str(r.relation), tuple(sorted(r.symbols))): r.sender_state for r in refs}
        for rel, syms, _, sender in case.expected:
            assert by_key[(rel, tuple(sorted(syms)))] == sender


def test_sample_004_replies_to_the_armenian_letter() -> None:
    letter = parse_letter((SAMPLES / "004_899904f2e9afdcb1.txt").read_text(encoding="utf-8"))
    assert letter.references == (
        LetterRef(
            relation=Relation.REPLIES_TO,
            symbols=("A/75/861", "S/2021/392"),
            date=datetime.date(2021, 4, 22),
            sender_states=("Armenia",),
            sender_title="Permanent Representative",
            document="letter",
            text="in connection with the letter of the Permanent Representative of Armenia "
            "dated 22 April 2021 (A/75/861-S/2021/392)",
            where="letter",
        ),
    )


def test_a_symbol_far_along_the_sentence_is_joined_to_the_words() -> None:
    letter = parse_letter((SAMPLES / "003_5ca6c55968e765c6.txt").read_text(encoding="utf-8"))
    reply, source = letter.references
    assert reply.text == (
        "in connection with the letter from the Permanent Representative of Armenia … "
        "(A/75/710-S/2021/42)"
    )
    assert (source.relation, source.where) == (Relation.REFERS_TO, "footnote")


def test_a_reply_named_by_its_sender_alone_is_a_warning_not_a_link() -> None:
    refs, warnings = _read(
        "In reply to the letter from the Permanent Representative of Armenia, I wish to state "
        "the following.",
        ("Azerbaijan",),
    )
    assert refs == ()
    assert warnings == (
        "a reply to a letter is named without its date or symbol, so it is not linked: "
        "'In reply to the letter from the Permanent Representative of Armenia'",
    )


def test_one_letter_named_twice_is_one_reference_with_the_stronger_relation() -> None:
    refs, _ = _read(
        "The letter dated 22 April 2021 from the Permanent Representative of Armenia is "
        "misleading. In reply to the letter dated 22 April 2021 (A/75/861-S/2021/392), I "
        "wish to state the following.",
        ("Azerbaijan",),
    )
    assert [(r.relation, r.symbols, r.sender_state) for r in refs] == [
        (Relation.REPLIES_TO, ("A/75/861", "S/2021/392"), "Armenia")
    ]


def test_the_letter_naming_itself_is_not_a_reference() -> None:
    refs, _ = _read(
        "The letter dated 7 May 2021 from the Permanent Representative of Azerbaijan sets out "
        "our position.",
        ("Azerbaijan",),
        letter_date=datetime.date(2021, 5, 7),
    )
    assert refs == ()


def test_your_letter_takes_the_addressee_as_sender_title() -> None:
    refs, _ = _read(
        "With reference to your letter dated 1 March 2021, I have the honour to inform you of the "
        "following.",
        ("Japan",),
        addressees=("Secretary-General",),
    )
    assert [(r.relation, r.sender_title) for r in refs] == [
        (Relation.REFERS_TO, "Secretary-General")
    ]


def test_an_annex_titled_as_a_letter_is_transmitted() -> None:
    refs, _ = references.find_references(
        [
            references.Unit("letter", "I have the honour to write to you.", "en"),
            references.Unit(
                "annex",
                "The Ministry wishes to state the following.",
                "en",
                title="Letter dated 30 April 2021 from the Minister for Foreign Affairs of "
                "Armenia addressed to the Secretary-General",
            ),
        ],
        references.Context(own_states=("Armenia",)),
    )
    assert [(r.relation, r.date, r.sender_states, r.sender_title, r.where) for r in refs] == [
        (
            Relation.TRANSMITS,
            datetime.date(2021, 4, 30),
            ("Armenia",),
            "Minister for Foreign Affairs",
            "annex",
        )
    ]


def test_a_transmitted_reply_to_a_letter_replies_to_it() -> None:
    refs, _ = _read(
        "I have the honour to transmit herewith the reply of my Government to the letter dated 3 "
        "May 2021 from the Permanent Representative of Armenia (A/75/880-S/2021/420) (see annex).",
        ("Azerbaijan",),
    )
    assert [(r.relation, r.symbols) for r in refs] == [
        (Relation.TRANSMITS, ()),
        (Relation.REPLIES_TO, ("A/75/880", "S/2021/420")),
    ]


def test_to_convey_a_position_transmits_nothing() -> None:
    refs, _ = _read("I have the honour to convey the position of my Government on the matter.")
    assert refs == ()


def test_where_says_which_part_prints_the_reference() -> None:
    refs, _ = references.find_references(
        [
            references.Unit("letter", "I have the honour to write to you.", "en"),
            references.Unit("annex", "See the letter dated 3 May 2021 (S/2021/420).", "en"),
        ],
        references.Context(own_states=("Azerbaijan",)),
    )
    assert [(r.where, r.symbols) for r in refs] == [("annex", ("S/2021/420",))]


def test_the_contract_carries_references_under_their_own_key() -> None:
    contract = parse_letter(
        (SAMPLES / "004_899904f2e9afdcb1.txt").read_text(encoding="utf-8")
    ).to_contract()
    assert list(contract)[-4:] == ["references", "charter_articles", "states_mentioned", "warnings"]
    assert contract["references"] == [
        {
            "relation": "replies_to",
            "document": "letter",
            "symbols": ["A/75/861", "S/2021/392"],
            "date": "2021-04-22",
            "sender_state": "Armenia",
            "sender_states": ["Armenia"],
            "sender_title": "Permanent Representative",
            "where": "letter",
            "text": "in connection with the letter of the Permanent Representative of Armenia "
            "dated 22 April 2021 (A/75/861-S/2021/392)",
        }
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("the letter dated 1 May 2021 (S/2021/1) " * 20000, id="dated-letters-storm"),
        pytest.param("In reply to the letter " * 30000, id="reply-storm"),
        pytest.param("transmit herewith the statement of " * 20000, id="transmit-storm"),
        pytest.param("letter (A/75/1 " * 30000, id="open-bracket-storm"),
        pytest.param("Further to my letter to you No. " * 20000, id="reference-number-storm"),
        pytest.param("谨提及我2022年3月1日的信" * 20000, id="chinese-storm"),
        pytest.param("بالإشارة إلى الرسالة المؤرخة " * 20000, id="arabic-storm"),
    ],
)
def test_hostile_text_is_read_in_linear_time(text: str) -> None:
    refs, _ = _read(text, language=None)
    assert len(refs) <= references._MAX_NAMINGS
