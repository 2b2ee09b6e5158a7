"""Layout families beyond the official masthead: variant letters in
tests/parsing/variants/, each with the contract fields a reader needs from it,
checked field by field (one test per variant and field, so a failure names both).

Families: headings that go on after the State's name; senders that are not
States (a committee's chair, a regional group's chair, an observer
organization); joint letters; addressees other than the Secretary-General and
headings that name them with "to"; honorifics; a signer named only in the
heading or under a closing formula; letter dates outside a "Letter dated"
title; resolutions cited by adoption date, by emergency-session number and by
Roman session numeral; letters as a mission sent them; older layouts, OCR
noise, Word dumps on one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from letters.parsing import parse_letter

VARIANTS = Path(__file__).parent / "variants"

NO_MASTHEAD = [
    "no distribution date found",
    "no original language found",
    "no General Assembly session or Security Council year found",
]
AMBASSADOR_PR = "Ambassador, Permanent Representative"


def _sender(states: list[str], title: str | None, organization: str | None = None) -> dict:
    return {"states": states, "organization": organization, "title": title}


def _signer(name: str, title: str | None = None, honorific: str | None = None) -> dict:
    return {"name": name, "honorific": honorific, "title": title, "organization": None}


EXPECTED: dict[str, dict[str, Any]] = {
    # A topic in brackets and "to the Secretary-General and …" after the State.
    "heading_rest_of_line.txt": {
        "letter_date": "2022-03-14",
        "sender": _sender(["Iran (Islamic Republic of)"], "Permanent Representative"),
        "addressees": ["Secretary-General", "President of the Security Council"],
        "signatories": [_signer("Davoud Karimi", AMBASSADOR_PR, "H.E. Mr.")],
        "cited": ["S/RES/2231 (2015)", "S/2022/490"],
        "warnings": NO_MASTHEAD,
    },
    "committee_chair.txt": {
        "symbols": ["S/2021/612"],
        "letter_date": "2021-06-28",
        "sender": _sender(
            [],
            "Chair",
            "Security Council Committee established pursuant to resolution 1970 (2011) "
            "concerning Libya",
        ),
        "addressees": ["President of the Security Council"],
        "signatories": [
            _signer(
                "Lena Okafor",
                "Chair, Security Council Committee established pursuant to resolution "
                "1970 (2011) concerning Libya",
                "Dr.",
            )
        ],
        "cited": ["S/RES/1970 (2011)"],
    },
    "joint_four_states_identical.txt": {
        "symbols": ["A/76/700", "S/2022/150"],
        "kind": "identical_letters",
        "letter_date": "2022-02-23",
        "sender": _sender(
            ["Azerbaijan", "Georgia", "Republic of Moldova", "Ukraine"],
            "Permanent Representatives",
        ),
        "addressees": ["Secretary-General", "President of the Security Council"],
        "signatories": [
            _signer(name, f"Permanent Representative of {state} to the United Nations")
            for name, state in (
                ("Tural Mammadov", "Azerbaijan"),
                ("Nino Beridze", "Georgia"),
                ("Ion Ciobanu", "the Republic of Moldova"),
                ("Olena Shevchuk", "Ukraine"),
            )
        ],
        "warnings": [],
    },
    # "… of Kazakhstan and the Chargé d'affaires a.i. of … Kyrgyzstan …"
    "joint_repeated_roles.txt": {
        "letter_date": "2022-11-07",
        "sender": _sender(["Kazakhstan", "Kyrgyzstan"], "Permanent Representative"),
        "addressees": ["President of the General Assembly"],
        "signatories": [
            _signer("Aibek Nurlanov", "Ambassador, Permanent Representative of Kazakhstan"),
            _signer("Bakyt Osmonov", "Chargé d'affaires a.i.", "Mr."),
        ],
        "warnings": [],
    },
    # A State's representative writing as a group's chair: both are kept.
    "regional_group_chair.txt": {
        "symbols": ["A/77/790"],
        "letter_date": "2023-03-02",
        "sender": _sender(["Kenya"], "Permanent Representative", "Group of African States"),
        "addressees": ["President of the General Assembly"],
        "signatories": [
            _signer(
                "Wanjiru Kamau",
                "Permanent Representative of Kenya to the United Nations, "
                "Chair of the Group of African States for the month of March",
                "H.E. Ambassador",
            )
        ],
        "warnings": [],
    },
    "observer_organization_note.txt": {
        "kind": "note_verbale",
        "letter_date": "2022-07-12",
        "sender": _sender([], "Permanent Observer Mission", "African Union"),
        "addressees": ["Secretary-General"],
        "signatories": [],
        "warnings": [],
    },
    "human_rights_council_web.txt": {
        "letter_date": "2023-02-10",
        "sender": _sender(["Switzerland"], "Permanent Representative"),
        "addressees": ["President of the Human Rights Council"],
        "signatories": [_signer("Anna Keller", AMBASSADOR_PR, "Prof.")],
        "warnings": NO_MASTHEAD,
    },
    # The Council's session and agenda are not the Assembly's.
    "human_rights_council_masthead.txt": {
        "symbols": ["A/HRC/52/G/3"],
        "kind": "note_verbale",
        "letter_date": "2023-02-14",
        "distribution_date": "2023-02-20",
        "ga_session": None,
        "agenda_items": [],
        "sender": _sender(["Netherlands"], "Permanent Mission"),
        "addressees": ["Office of the United Nations High Commissioner for Human Rights"],
        "warnings": [
            "the session and agenda in the masthead are the Human Rights Council's; not read",
            "no General Assembly session or Security Council year found",
        ],
    },
    # "Letter to the President of the General Assembly from …", a date line, "Sincerely,".
    "letter_to_heading_web.txt": {
        "symbols": ["A/77/812"],
        "letter_date": "2023-04-06",
        "sender": _sender(["Türkiye"], "Permanent Representative"),
        "addressees": ["President of the General Assembly"],
        "signatories": [_signer("Mehmet Yilmaz", AMBASSADOR_PR)],
        "cited": ["A/RES/ES-10/19"],
        "warnings": NO_MASTHEAD,
    },
    "name_in_heading_only.txt": {
        "letter_date": "2022-05-05",
        "sender": _sender(["Kazakhstan"], "Permanent Representative"),
        "addressees": ["Secretary-General"],
        "signatories": [_signer("Kairat Sadykov", "Permanent Representative", "H.E. Ambassador")],
        "warnings": [*NO_MASTHEAD, "signatory read from the title; no signature block found"],
    },
    "web_copy_date_and_symbols.txt": {
        "symbols": ["S/2022/231"],
        "letter_date": "2022-03-17",
        "sender": _sender(["Ukraine"], "Permanent Representative"),
        "addressees": ["President of the Security Council"],
        "signatories": [_signer("Oleh Marchenko", AMBASSADOR_PR)],
        "cited": ["A/RES/68/262"],
        "warnings": NO_MASTHEAD,
    },
    "older_layout_bracket_date.txt": {
        "symbols": ["A/44/123"],
        "letter_date": "1989-03-13",
        "distribution_date": "1989-03-15",
        "ga_session": 44,
        "sender": _sender(["Union of Soviet Socialist Republics"], "Permanent Representative"),
        "addressees": ["Secretary-General"],
        "signatories": [_signer("A. BELONOGOV")],
        "cited": [
            "Declaration on Principles of International Law concerning Friendly Relations",
            "A/RES/2625 (XXV)",
            "A/RES/3314 (XXIX)",
        ],
        "warnings": [],
    },
    "as_sent_no_title.txt": {
        "title": None,
        "kind": "letter",
        "letter_date": "2023-03-12",
        "sender": _sender(["Kazakhstan"], "Permanent Mission"),
        "addressees": ["Secretary-General"],
        "signatories": [_signer("Aigerim Bekova", AMBASSADOR_PR, "Dr.")],
        "warnings": [*NO_MASTHEAD, "no title line found"],
    },
    # The same kind of letter run onto one line by a Word export.
    "as_sent_word_dump.txt": {
        "title": None,
        "kind": "letter",
        "letter_date": "2023-03-12",
        "sender": _sender(["Kazakhstan"], "Permanent Mission"),
        "addressees": ["Secretary-General"],
        "signatories": [_signer("Aigerim Bekova", AMBASSADOR_PR, "Dr.")],
        "cited": ["A/RES/75/213"],
        "warnings": [*NO_MASTHEAD, "no title line found"],
    },
    # Undated as sent: the date stays null, and the warning says so.
    "as_sent_no_date.txt": {
        "title": None,
        "kind": "letter",
        "letter_date": None,
        "sender": _sender(["Holy See"], "Permanent Observer Mission"),
        "addressees": ["President of the Security Council"],
        "signatories": [
            _signer("Gabriele Rossi", "Apostolic Nuncio, Permanent Observer", "Archbishop")
        ],
        "warnings": [*NO_MASTHEAD, "no title line found", "no letter date found"],
    },
    "ocr_noise.txt": {
        "symbols": ["S/22456"],
        "letter_date": "1991-04-04",
        "distribution_date": "1991-04-05",
        "original_language": "English",
        "sender": _sender(["Czechoslovakia"], "Permanent Representative"),
        "addressees": ["President of the Security Council"],
        "signatories": [_signer("Tomas NOVAK", AMBASSADOR_PR)],
        "cited": ["S/RES/687 (1991)"],
        "warnings": ["no General Assembly session or Security Council year found"],
    },
    "word_dump_one_line.txt": {
        "letter_date": "2023-10-10",
        "distribution_date": "2023-10-12",
        "ga_session": 78,
        "sc_year": 78,
        "sender": _sender(["Georgia", "Ukraine"], "Permanent Representatives"),
        "addressees": ["Secretary-General"],
        "signatories": [
            _signer("Nino Beridze", "Ambassador, Permanent Representative of Georgia", "H.E. Ms."),
            _signer("Olena Shevchuk", "Ambassador, Permanent Representative of Ukraine", "Dr."),
        ],
        "cited": ["A/RES/ES-11/1", "S/RES/2202 (2015)"],
        "warnings": [],
    },
    "citations_other_forms.txt": {
        "sender": _sender(["Jordan"], "Permanent Representative"),
        # "General Assembly resolution 181 of 29 November 1947" has no key: an
        # Assembly resolution of before 1976 is known by its session numeral only.
        "cited": [
            "S/RES/242 (1967)",
            "S/RES/338 (1973)",
            "S/RES/2334 (2016)",
            "A/RES/2625 (XXV)",
            "A/RES/3314 (XXIX)",
            "A/RES/377 (V)",
            "A/RES/ES-10/21",
            "A/RES/ES-10/19",
        ],
        "warnings": [
            *NO_MASTHEAD,
            "cited but not linked, as it does not say whose it is: resolution 181 of 29"
            " November 1947 (an Assembly resolution of before 1976 is known by its session"
            " numeral)",
        ],
    },
}

CASES = [
    pytest.param(name, field, expected, id=f"{Path(name).stem}-{field}")
    for name, fields in EXPECTED.items()
    for field, expected in fields.items()
]


def _contract(name: str) -> dict[str, Any]:
    contract = parse_letter((VARIANTS / name).read_text(encoding="utf-8"), file=name).to_contract()
    contract["cited"] = [c["key"] for c in contract["cited_documents"]]
    sender = contract["sender"]
    assert sender["state"] == (sender["states"][0] if sender["states"] else None)
    contract["sender"] = {k: v for k, v in sender.items() if k != "state"}
    return contract


@pytest.mark.parametrize(("name", "field", "expected"), CASES)
def test_variant_field(name: str, field: str, expected: Any) -> None:
    assert _contract(name)[field] == expected


def test_every_variant_letter_has_expectations() -> None:
    # The older variants are checked in test_variants.py.
    older = {
        "charge_sc_only_annexes.txt",
        "identical_letters_symbol.txt",
        "joint_letter_merged_header.txt",
        "no_date_in_title.txt",
        "note_verbale_ga_only.txt",
        "ocr_scan.txt",
        "web_copy_no_masthead.txt",
        "word_dump.txt",
    }
    assert {p.name for p in VARIANTS.glob("*.txt")} == older | set(EXPECTED)


def test_as_sent_letter_body_is_the_letter_only() -> None:
    body = _contract("as_sent_no_title.txt")["body"]
    assert body.startswith("I have the honour to inform you")
    # The closing sentence is the letter's text; "Yours sincerely," and the name are not.
    assert body.endswith("Please accept, Excellency, the assurances of my highest consideration.")
    for heading_or_signature in ("Excellency,\n", "Yours sincerely", "Bekova", "New York"):
        assert heading_or_signature not in body


def test_ocr_body_drops_an_older_job_number_and_rejoins_hyphenation() -> None:
    body = _contract("ocr_noise.txt")["body"]
    assert "91-11234" not in body
    assert "the adoption of Security Council resolution 687" in body


def test_heading_rest_is_not_a_state_name() -> None:
    title = _contract("heading_rest_of_line.txt")["title"]
    assert "(on the Joint Comprehensive Plan of Action)" in title  # kept in the title only
