"""Text that says less than it seems to: the parser leaves the field empty (with the
printed form kept where there is one) rather than invent a value; and page furniture that
must never reach a letter's text, a name or a title."""

from __future__ import annotations

import pytest

from letters.parsing import parse_letter
from letters.parsing.text import clean_text

_TITLE = (
    "Letter dated 2 May 2021 from the Permanent Representative of Jordan to the United "
    "Nations addressed to the Secretary-General"
)


def _letter(body: str, *, masthead: str = "", title: str = _TITLE) -> dict:
    text = f"{masthead}\n\n{title}\n\n{body}\n\n(Signed) Sima Haddad\nAmbassador\n"
    return parse_letter(text).to_contract()


@pytest.mark.parametrize(
    ("sentence", "cited", "unresolved"),
    [
        # The Assembly's Uniting for Peace: no organ named, so not the Council's 377 (1950).
        pytest.param("I recall resolution 377 of 3 November 1950.", [],
                     [("resolution 377 of 3 November 1950", "no organ named")],
                     id="dated-no-organ"),
        pytest.param("I recall General Assembly resolution 377 of 3 November 1950.", [],
                     [("resolution 377 of 3 November 1950",
                       "an Assembly resolution of before 1976 is known by its session numeral")],
                     id="dated-assembly"),
        pytest.param("I recall Security Council resolution 242 of 22 November 1967.",
                     ["S/RES/242 (1967)"], [], id="dated-council"),
        pytest.param("I recall resolution 242 of 22 November 1967 of the Security Council.",
                     ["S/RES/242 (1967)"], [], id="dated-council-after"),
        # The Human Rights Council numbers its resolutions so too.
        pytest.param("I recall resolution 31/1.", [], [("resolution 31/1", "no organ named")],
                     id="slash-no-organ"),
        pytest.param("I recall General Assembly resolution 62/243.", ["A/RES/62/243"], [],
                     id="slash-assembly"),
        # A session numeral is the Assembly's: a rule that cannot guess wrong.
        pytest.param("I recall resolution 2625 (XXV).", ["A/RES/2625 (XXV)"], [], id="roman"),
        pytest.param("I recall resolution 822 (1993).", ["S/RES/822 (1993)"], [], id="year"),
        pytest.param("I recall resolution ES-10/19.", ["A/RES/ES-10/19"], [], id="emergency"),
        pytest.param("Je rappelle la résolution 377 du 3 novembre 1950.", [],
                     [("résolution 377 du 3 novembre 1950", "no organ named")],
                     id="dated-no-organ-french"),
    ],
)  # fmt: skip
def test_a_resolution_is_keyed_only_by_a_rule_that_cannot_guess_wrong(
    sentence, cited, unresolved
) -> None:
    contract = _letter(sentence)
    resolutions = [
        c["key"] for c in contract["cited_documents"] if c["kind"].endswith("_resolution")
    ]
    assert resolutions == cited
    assert [(u["text"], u["reason"]) for u in contract["unresolved_citations"]] == unresolved


def test_resolutions_left_unlinked_are_put_before_the_reviewer_a_few_by_name() -> None:
    one = _letter("I recall resolution 31/1.")
    assert one["warnings"][-1] == (
        "cited but not linked, as it does not say whose it is: resolution 31/1 (no organ named)"
    )
    cited = ", ".join(f"resolution 31/{n}" for n in range(1, 9))
    many = _letter(f"I recall resolutions {cited}.")["warnings"][-1]
    assert many.count("(no organ named)") == 5
    assert many.endswith("; and 3 more")
    assert (
        _letter("I recall resolution 822 (1993).")["warnings"] == _letter("I recall.")["warnings"]
    )


@pytest.mark.parametrize(
    ("masthead", "field", "value"),
    [
        pytest.param("Distr.: General\n3 May 2021\nOriginal: Orig", "original_language", None,
                     id="cut-original"),
        pytest.param("Distr.: General\n31 February 2021\nOriginal: English", "distribution_date",
                     None, id="impossible-date"),
        pytest.param("General Assembly\nSeventy-\nAgenda item 15", "ga_session", None,
                     id="cut-ordinal"),
        pytest.param("United Nations A/75/", "symbols", [], id="cut-symbol"),
        pytest.param("Security Council\nSeventy-sixth year", "sc_year", 76, id="whole-line"),
    ],
)  # fmt: skip
def test_a_cut_masthead_line_gives_nothing(masthead, field, value) -> None:
    assert _letter("I have the honour to write.", masthead=masthead)[field] == value


def test_a_cut_title_date_gives_no_date() -> None:
    contract = _letter(
        "I have the honour to write.", title=_TITLE.replace("2 May 2021", "2 May 20")
    )
    assert contract["letter_date"] is None
    assert contract["sender"]["states"] == ["Jordan"]


def test_an_annex_with_a_cut_original_line_has_no_language() -> None:
    contract = _letter(
        "I have the honour to write.\n\nAnnex\n\n[Original: Fre\n\nStatement\n\nText."
    )
    assert contract["annexes"][0]["original_language"] is None


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("21-06033 (E) 120521", id="job-number"),
        pytest.param("06-31045 (F) 170406 180406", id="job-number-french-two-stamps"),
        pytest.param("*2106033*", id="barcode"),
        pytest.param("2/3 21-06033", id="page-and-job"),
        pytest.param("21-06033 3/3", id="job-and-page"),
        pytest.param("21-06033", id="bare-job"),
        pytest.param("♲ Please recycle", id="recycle"),
    ],
)
def test_page_furniture_lines_are_dropped(line: str) -> None:
    assert clean_text(f"before\n{line}\nafter") == "before\n\nafter"


def test_a_job_number_glued_to_a_name_is_not_part_of_it() -> None:
    text = f"{_TITLE}\n\nI have the honour to write.\n\n(Signed) Sima Haddad 21-06033 (E) 120521"
    signatories = parse_letter(text).to_contract()["signatories"]
    assert [s["name"] for s in signatories] == ["Sima Haddad"]


def test_running_heads_of_the_next_pages_stay_out_of_the_body() -> None:
    masthead = "United Nations A/75/870–S/2021/420\nDistr.: General\n3 May 2021"
    body = "First paragraph.\n\n21-05870 (E) 030521\n*2105870*\n\nA/75/870\nS/2021/420\n\nSecond."
    contract = _letter(body, masthead=masthead)
    assert contract["body"] == "First paragraph.\n\nSecond."
    assert contract["symbols"] == ["A/75/870", "S/2021/420"]
