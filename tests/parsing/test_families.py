"""Every layout family and UN language parses with its facts right and none invented.

The letters come from the generator of ``families.py`` (the tuning set; the held-out set
is measured by ``bench/parse_families.py`` only, so it stays out of tuning). One test per
family: at least 95% of the facts its texts print come back, and no value the text does
not say. A failure lists what was missed or invented.
"""

from __future__ import annotations

import pytest

from letters.parsing import parse_letter
from tests.parsing import families

LETTERS_PER_FAMILY = 12


@pytest.mark.parametrize("family", families.FAMILIES)
def test_family_parses_with_its_facts_right_and_none_invented(family: str) -> None:
    total = families.Score()
    for facts, text in families.letters(family, LETTERS_PER_FAMILY):
        contract = parse_letter(text).to_contract()
        result = families.score(
            families.expected(facts), families.observed(contract, facts.symbols)
        )
        total.add(result)
    assert total.wrong == 0, total.misses
    assert total.right >= 0.95 * total.facts, total.misses


@pytest.mark.parametrize("family", families.FAMILIES)
def test_every_letter_of_a_family_is_recognisable_on_its_own(family: str) -> None:
    """The intake's test (a title, a distribution date or a signature) passes without an
    English letter stored before."""
    for _, text in families.letters(family, 4):
        parsed = parse_letter(text)
        assert parsed.title or parsed.distribution_date or parsed.signatories


def test_generator_is_deterministic_and_the_held_out_set_is_apart() -> None:
    first = families.letters("french", 3)
    assert first == families.letters("french", 3)
    tuning = {s.en for facts, _ in families.letters("joint", 20) for s in facts.states}
    held = {s.en for facts, _ in families.letters("joint", 20, held_out=True) for s in facts.states}
    assert tuning.isdisjoint(held)
