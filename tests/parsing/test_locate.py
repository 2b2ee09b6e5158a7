"""Where each field's value stands in the text (letters.parsing.locate), on the samples
and on values the text does not print."""

from __future__ import annotations

from pathlib import Path

import pytest

from letters.parsing import parse_letter
from letters.parsing.locate import locate

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "letters").glob("*.txt"))
LOCATED = [
    "title",
    "distribution_date",
    "letter_date",
    "original_language",
    "ga_session",
    "agenda_items",
    "senders",
    "signatories",
]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_field_the_samples_print_is_found_where_it_stands(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    fields = parse_letter(text).to_contract()
    fields["senders"] = fields["sender"]["states"]
    found = locate(text, fields)
    for name in LOCATED:
        if fields.get(name):
            assert found[name], name
            for span in found[name]:
                assert 1 <= span.line <= text.count("\n") + 1
    # A date is found in the form the letter prints it, and names the line it is on.
    date = found["letter_date"][0]
    assert text.splitlines()[date.line - 1].find(text[date.start : date.end]) >= 0


@pytest.mark.parametrize(
    ("text", "fields", "name", "found"),
    [
        pytest.param(
            "A/75/861–S/2021/392\n",
            {"symbols": ["A/75/861-S/2021/392"]},
            "symbols",
            "A/75/861–S/2021/392",
            id="symbol-any-dash",
        ),
        pytest.param(
            "dated 7th May 2021.",
            {"letter_date": "2021-05-07"},
            "letter_date",
            "7th May 2021",
            id="date-ordinal",
        ),
        pytest.param(
            "Letter dated 7 May\n2021 from",
            {"title": "Letter dated 7 May 2021 from"},
            "title",
            "Letter dated 7 May\n2021 from",
            id="title-across-lines",
        ),
        pytest.param(
            "Seventy-fifth session",
            {"ga_session": 75},
            "ga_session",
            "Seventy-fifth session",
            id="session",
        ),
        pytest.param(
            "Agenda items 17 and 27",
            {"agenda_items": [{"number": 27}]},
            "agenda_items",
            "Agenda items 17 and 27",
            id="agenda",
        ),
        pytest.param(
            "(Signed) Mona Juul",
            {"signatories": [{"name": "Mona Juul"}]},
            "signatories",
            "Mona Juul",
            id="signatory",
        ),
    ],
)
def test_values_are_found_as_printed(text, fields, name, found) -> None:
    spans = locate(text, fields)[name]
    assert [text[s.start : s.end] for s in spans] == [found]


def test_a_value_the_text_does_not_print_is_not_found() -> None:
    found = locate(
        "Letter dated 7 May 2021 from Norway", {"senders": ["Sweden"], "letter_date": "2021-05-08"}
    )
    assert found["senders"] == []
    assert found["letter_date"] == []


def test_hostile_values_are_matched_literally() -> None:
    text = "ab (x+ [y]" * 1000
    found = locate(
        text, {"title": ".*", "senders": ["(x+ [y]"], "signatories": [{"name": "a" * 5000}]}
    )
    assert found["title"] == []
    assert len(found["senders"]) == 5  # at most five places a value
    assert found["signatories"] == []
