"""Charter Articles a letter invokes (parsing/charter.py): the labelled set of
links_cases.py as a table, then the rules one by one."""

from __future__ import annotations

import pytest

from letters.parsing import charter, parse_letter
from tests.parsing.links_cases import CHARTER_HELD_OUT, CHARTER_TUNING, CharterCase

CASES = [pytest.param(c, id=f"tuning-{c.id}") for c in CHARTER_TUNING] + [
    pytest.param(c, id=f"held-out-{c.id}") for c in CHARTER_HELD_OUT
]


@pytest.mark.parametrize("case", CASES)
def test_labelled_articles(case: CharterCase) -> None:
    assert charter.charter_articles([case.text]) == case.expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Article 2.4 of the Charter", ("2(4)",), id="dotted-paragraph"),
        pytest.param("Articles 33 to 35 of the Charter", ("33", "34", "35"), id="range"),
        pytest.param(
            "Article 2 and Article 2 (4) of the Charter", ("2", "2(4)"), id="article-and-paragraph"
        ),
        pytest.param(
            "Article 4 of the Charter of the Organization of American States",
            (),
            id="other-charter",
        ),
        pytest.param("under Article 51 of the Charter of the UN", ("51",), id="charter-of-the-un"),
        pytest.param(
            "Article 51 of the Charter.\n\nArticle 41 of the Charter.",
            ("51", "41"),
            id="first-mention-order",
        ),
        pytest.param("根据《宪章》第二条第四项和第五十一条", ("2(4)", "51"), id="chinese-list"),
        pytest.param("وفقا للمادة ٥١ من الميثاق", ("51",), id="arabic-indic-digits"),
        pytest.param("статьи 51 Устава Содружества Независимых Государств", (), id="other-ustav"),
    ],
)
def test_articles(text: str, expected: tuple[str, ...]) -> None:
    assert charter.charter_articles([text]) == expected


@pytest.mark.parametrize(
    ("words", "number"),
    [
        ("五十一", 51),
        ("二", 2),
        ("十", 10),
        ("三十五", 35),
        ("一百一十一", 111),
        ("51", 51),
        ("条", None),
    ],
)
def test_chinese_number(words: str, number: int | None) -> None:
    assert charter.chinese_number(words) == number


def test_an_article_beside_the_charter_and_another_instrument_is_a_doubt() -> None:
    warnings: list[str] = []
    found = charter.charter_articles(
        ["The Charter and the Geneva Conventions apply. Article 3 sets out minimum standards."],
        warnings=warnings,
    )
    assert found == ()
    assert warnings == [
        "'Article 3' is printed without its instrument beside the Charter and another "
        "instrument: not read as a Charter Article"
    ]


def test_the_contract_lists_the_articles() -> None:
    text = (
        "Letter dated 1 October 2020 from the Permanent Representative of Azerbaijan to the "
        "United Nations addressed to the President of the Security Council\n\n"
        "In accordance with Article 51 of the Charter of the United Nations, I have the honour "
        "to inform you of the measures taken, which are consistent with Articles 2 (4) and 51.\n\n"
        "(Signed) A. Person\nPermanent Representative"
    )
    assert parse_letter(text).to_contract()["charter_articles"] == ["51", "2(4)"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Articles " + "1, " * 30000 + "and 2 of the Charter", id="list-storm"),
        pytest.param("paragraph 4 of Article 2 " * 20000, id="paragraph-storm"),
        pytest.param("Article 51 " * 40000, id="article-storm"),
        pytest.param("《宪章》第五十一条和" * 20000, id="chinese-storm"),
    ],
)
def test_hostile_text_is_read_in_linear_time(text: str) -> None:
    assert len(charter.charter_articles([text])) < 1000
