"""Tables for the rules behind the layout families: State names, senders,
addressees, honorifics, date lines and resolution citations."""

from __future__ import annotations

import datetime

import pytest

from letters.parsing import citations, letterhead, parse_letter, signatures, states, symbols, title


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        pytest.param("Iran (Islamic Republic of)", "Iran (Islamic Republic of)", id="un-short"),
        pytest.param("the Islamic Republic of Iran", "Iran (Islamic Republic of)", id="formal"),
        pytest.param("Iran", "Iran (Islamic Republic of)", id="common"),
        pytest.param("United Kingdom", "United Kingdom of Great Britain and Northern Ireland",
                     id="uk"),
        pytest.param("Russian Federation", "Russian Federation", id="russia"),
        pytest.param("Turkey", "Türkiye", id="former-name"),
        pytest.param("Republic of Türkiye", "Türkiye", id="prefix-rule"),
        pytest.param("Palestine", "State of Palestine", id="observer-state"),
        pytest.param("the Holy See", "Holy See", id="holy-see"),
        pytest.param("Kingdom of Saudi Arabia", "Saudi Arabia", id="kingdom"),
        pytest.param("People’s Republic of China", "China", id="curly-apostrophe"),
        pytest.param("Republic of Korea", "Republic of Korea", id="listed-before-prefix"),
        pytest.param("REPUBLIC OF KAZAKHSTAN", "Kazakhstan", id="capitals"),
        pytest.param("the Sudan", "Sudan", id="article"),
        pytest.param("Swaziland", "Eswatini", id="renamed"),
        pytest.param("Union of Soviet Socialist Republics", "Union of Soviet Socialist Republics",
                     id="dissolved-keeps-own"),
        pytest.param("Republic of China", None, id="not-china"),
        pytest.param("European Union", None, id="organization"),
        pytest.param("Ruritania", None, id="unknown"),
    ],
)  # fmt: skip
def test_canonical_state(printed: str, canonical: str | None) -> None:
    assert states.canonical_state(printed) == canonical


def test_every_name_of_the_flat_list_is_a_state_or_an_organization() -> None:
    names = [n.strip() for n in states.MEMBER_STATES.replace("\n", "").split("|") if n.strip()]
    assert [n for n in names if states.canonical_state(n) is None] == ["European Union"]


@pytest.mark.parametrize(
    ("text", "names", "rest"),
    [
        pytest.param("Armenia and France to the United Nations", ["Armenia", "France"],
                     " to the United Nations", id="list-then-suffix"),
        pytest.param("Türkiye (on Cyprus)", ["Türkiye"], " (on Cyprus)", id="bracket-topic"),
        pytest.param("Kenya, Chair of the African Group", ["Kenya"], ", Chair of the African Group",
                     id="appositive"),
        pytest.param("Serbia and Montenegro", ["Serbia and Montenegro"], "", id="longest-first"),
        pytest.param("Nigerian Government", [], "Nigerian Government", id="word-boundary"),
    ],
)  # fmt: skip
def test_match_state_list(text: str, names: list[str], rest: str) -> None:
    found, used = states.match_state_list(text)
    assert (found, text[used:]) == (names, rest)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        pytest.param(
            "the Permanent Representative of Azerbaijan to the United Nations",
            ((("Azerbaijan",), "Permanent Representative", None), None),
            id="official",
        ),
        pytest.param(
            "the Permanent Representative of Türkiye to the Secretary-General on Cyprus",
            ((("Türkiye",), "Permanent Representative", None), None),
            id="rest-of-heading",
        ),
        pytest.param(
            "the Chair of the Security Council Committee established pursuant to resolution "
            "1267 (1999)",
            (
                (
                    (),
                    "Chair",
                    "Security Council Committee established pursuant to resolution 1267 (1999)",
                ),
                None,
            ),
            id="committee-chair",
        ),
        pytest.param(
            "the Permanent Representative of Egypt to the United Nations in her capacity as "
            "Chair of the Group of Arab States",
            ((("Egypt",), "Permanent Representative", "Group of Arab States"), None),
            id="state-and-group",
        ),
        pytest.param(
            "the Chair of the Group of 77 and China",
            (((), "Chair", "Group of 77 and China"), None),
            id="group-chair-alone",
        ),
        pytest.param(
            "the Head of the Delegation of the European Union to the United Nations",
            (((), "Head of the Delegation", "European Union"), None),
            id="eu-delegation",
        ),
        pytest.param(
            "the Permanent Observer of the Holy See to the United Nations",
            ((("Holy See",), "Permanent Observer", None), None),
            id="observer-state",
        ),
        pytest.param(
            "the Permanent Representatives of Azerbaijan, Georgia and Ukraine",
            ((("Azerbaijan", "Georgia", "Ukraine"), "Permanent Representatives", None), None),
            id="joint-list",
        ),
        pytest.param(
            "the Permanent Representative of Armenia and the Permanent Representative of France "
            "to the United Nations",
            ((("Armenia", "France"), "Permanent Representative", None), None),
            id="joint-repeated-role",
        ),
        pytest.param(
            "the Minister for Foreign Affairs and Trade of Australia",
            ((("Australia",), "Minister for Foreign Affairs and Trade", None), None),
            id="minister-for",
        ),
        pytest.param(
            "H.E. Mr. Kairat Umarov, Permanent Representative of Kazakhstan to the United Nations",
            ((("Kazakhstan",), "Permanent Representative", None), ("H.E. Mr.", "Kairat Umarov")),
            id="person-named",
        ),
        pytest.param(
            "the PERMANENT REPRESENTATIVE OF CZECHOSLOVAKIA TO THE UNITED NATIONS",
            ((("Czechoslovakia",), "Permanent Representative", None), None),
            id="capitals",
        ),
    ],
)
def test_read_sender(phrase: str, expected: tuple) -> None:
    reading = title.read_sender(phrase)
    sender = reading.sender
    person = (reading.person.honorific, reading.person.name) if reading.person else None
    assert ((sender.states, sender.title, sender.organization), person) == expected
    assert reading.warnings == ()


@pytest.mark.parametrize(
    ("phrase", "states_", "warning"),
    [
        pytest.param(
            "the Permanent Representative of Ruritania to the Secretary-General",
            ("Ruritania",),
            "sender State not in the States table, kept as printed: 'Ruritania'",
            id="a-name-is-kept-and-flagged",
        ),
        pytest.param(
            "the Permanent Representative of Armenia and the Permanent Representative of Ruritania",
            ("Armenia", "Ruritania"),
            "sender State not in the States table, kept as printed: 'Ruritania'",
            id="flagged-in-a-joint-letter",
        ),
        pytest.param(
            "the Permanent Representative of <b>x</b> on the question",
            (),
            "sender not recognised as a State or an organization: '<b>x</b>'",
            id="not-a-name-is-not-guessed",
        ),
    ],
)
def test_unknown_state(phrase: str, states_: tuple[str, ...], warning: str) -> None:
    reading = title.read_sender(phrase)
    assert (reading.sender.states, reading.sender.organization) == (states_, None)
    assert reading.warnings == (warning,)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("the Secretary-General", ("Secretary-General",), id="sg"),
        pytest.param("the Secretary-General of the United Nations", ("Secretary-General",),
                     id="sg-long"),
        pytest.param("the Secretary-General and the President of the Security Council",
                     ("Secretary-General", "President of the Security Council"), id="identical"),
        pytest.param("THE PRESIDENT OF THE GENERAL ASSEMBLY", ("President of the General Assembly",),
                     id="capitals"),
        pytest.param("the President of the Human Rights Council on the situation in Myanmar",
                     ("President of the Human Rights Council",), id="rest-of-heading"),
        pytest.param("the Chair of the Working Group on Arbitrary Detention",
                     ("Chair of the Working Group",), id="chair-of-a-group"),
        pytest.param("the Special Rapporteur (on torture)", ("Special Rapporteur",),
                     id="unknown-kept-cut"),
    ],
)  # fmt: skip
def test_parse_addressees(text: str, expected: tuple[str, ...]) -> None:
    assert title.parse_addressees(text) == expected


@pytest.mark.parametrize(
    ("text", "honorific", "name"),
    [
        pytest.param("H.E. Mr. Kairat Umarov", "H.E. Mr.", "Kairat Umarov", id="he-mr"),
        pytest.param("His Excellency Ambassador Dr. Jane Doe", "His Excellency Ambassador Dr.",
                     "Jane Doe", id="three"),
        pytest.param("Dr Jane Doe", "Dr", "Jane Doe", id="no-stop"),
        pytest.param("Sheikha Alya Al-Thani", "Sheikha", "Alya Al-Thani", id="sheikha"),
        pytest.param("M. Zabelin", None, "M. Zabelin", id="initial-not-monsieur"),
        pytest.param("Mr. Smith", "Mr.", "Smith", id="surname-only"),
        pytest.param("Ambassador", None, "Ambassador", id="title-alone"),
        pytest.param("Judge of the Court", None, "Judge of the Court", id="title-of"),
    ],
)  # fmt: skip
def test_split_honorific(text: str, honorific: str | None, name: str) -> None:
    assert signatures.split_honorific(text) == (honorific, name)


def test_honorific_does_not_split_a_person() -> None:
    found, _ = signatures.read_signatures(
        [["(Signed) H.E. Dr. Jane Doe"], ["(Signed) Ambassador Jane Doe"], ["(Signed) Jane Doe"]]
    )
    assert {s.name for s in found} == {"Jane Doe"}
    assert [s.honorific for s in found] == ["H.E. Dr.", "Ambassador", None]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(
            [["Text."], ["Yours sincerely,"], ["Jane Doe", "Ambassador"]],
            ("Jane Doe", "Ambassador", None, 1, 0),
            id="yours-sincerely",
        ),
        pytest.param(
            [["Text."], ["Yours truly,", "Dr. Jane Doe", "Permanent Representative"]],
            ("Jane Doe", "Permanent Representative", "Dr.", 1, 0),
            id="closing-and-name-one-paragraph",
        ),
        pytest.param(
            [["Please accept, Excellency, the assurances of my highest consideration."],
             ["Jane Doe"]],
            ("Jane Doe", None, None, 0, 1),
            id="closing-sentence-stays",
        ),
        pytest.param([["Jane Doe", "Ambassador"]], ("Jane Doe", "Ambassador", None, 0, 0),
                     id="name-then-title"),
        pytest.param([["Text."], ["Yours sincerely,"], ["and so on."]], None, id="not-a-name"),
        pytest.param([["I have the honour to", "President of the council"]], None,
                     id="sentence-is-not-a-name"),
    ],
)  # fmt: skip
def test_read_unsigned_block(paragraphs: list[list[str]], expected: tuple | None) -> None:
    found = signatures.read_unsigned_block(paragraphs)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        signer, para, line = found
        assert (signer.name, signer.title, signer.honorific, para, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("[13 March 1989]", (datetime.date(1989, 3, 13), True), id="bracketed"),
        pytest.param("New York, 12 March 2023", (datetime.date(2023, 3, 12), False), id="place"),
        pytest.param("Date: 12 March 2023", (datetime.date(2023, 3, 12), False), id="date-label"),
        pytest.param("17 March 2022", (datetime.date(2022, 3, 17), False), id="alone"),
        pytest.param("[Original: French]", None, id="original-language"),
        pytest.param("On 12 March 2023 we met in New York and agreed.", None, id="sentence"),
    ],
)  # fmt: skip
def test_date_line(line: str, expected: tuple | None) -> None:
    assert letterhead.date_line(line) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(["H.E. Mr. António Guterres", "Secretary-General of the United Nations",
                      "New York"], ("Secretary-General",), id="inside-address"),
        pytest.param(["To: The President of the Security Council"],
                     ("President of the Security Council",), id="to-line"),
        pytest.param(["H.E. Ms. Jane Doe, President of the General Assembly, New York"],
                     ("President of the General Assembly",), id="one-line"),
        pytest.param(["Secretary-General's report on the work of the Organization"], (),
                     id="a-title-not-an-address"),
        pytest.param(["PERMANENT MISSION OF KENYA", "TO THE UNITED NATIONS"], (),
                     id="letterhead"),
    ],
)  # fmt: skip
def test_inside_address(lines: list[str], expected: tuple[str, ...]) -> None:
    assert letterhead.addressees([lines]) == expected


def _cited(snippet: str) -> list[tuple[str, str]]:
    return [(c.kind.value, c.key) for c in citations.collect_citations([snippet])]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        pytest.param("Security Council resolution 242 of 22 November 1967",
                     [("sc_resolution", "S/RES/242 (1967)")], id="sc-with-date"),
        pytest.param("Security Council resolution 2231 adopted on 20 July 2015",
                     [("sc_resolution", "S/RES/2231 (2015)")], id="adopted-on"),
        # No organ named: the Assembly's Uniting for Peace, not a Council resolution.
        pytest.param("resolution 377 of 3 November 1950", [], id="dated-no-organ-not-guessed"),
        pytest.param("resolution 2231 adopted on 20 July 2015", [], id="adopted-on-no-organ"),
        pytest.param("General Assembly resolution 181 of 29 November 1947", [],
                     id="ga-with-date-not-guessed"),
        pytest.param("resolution 687 of the Security Council", [], id="no-date-no-year"),
        pytest.param("resolution ES-10/19", [("ga_resolution", "A/RES/ES-10/19")],
                     id="emergency-session-alone"),
        pytest.param("resolutions ES-10/19 and ES-10/21",
                     [("ga_resolution", "A/RES/ES-10/19"), ("ga_resolution", "A/RES/ES-10/21")],
                     id="emergency-list"),
        pytest.param("resolution 2625 (XXV)", [("ga_resolution", "A/RES/2625 (XXV)")],
                     id="roman-session"),
        pytest.param("resolutions 2625 (XXV) of 24 October 1970 and 3314 (XXIX)",
                     [("ga_resolution", "A/RES/2625 (XXV)"), ("ga_resolution", "A/RES/3314 (XXIX)")],
                     id="date-inside-a-list"),
    ],
)  # fmt: skip
def test_resolution_citation_forms(snippet: str, expected: list[tuple[str, str]]) -> None:
    assert _cited(snippet) == expected


_LETTER = "Letter dated 1 March 2022 from "


@pytest.mark.parametrize(
    ("heading", "states_", "organization", "addressees"),
    [
        pytest.param(
            "the Permanent Representatives of France, Germany, the United Kingdom of Great "
            "Britain and Northern Ireland and the United States of America to the United Nations "
            "addressed to the Secretary-General",
            ["France", "Germany", "United Kingdom of Great Britain and Northern Ireland",
             "United States of America"], None, ["Secretary-General"],
            id="joint-long-names",
        ),
        pytest.param(
            "the Permanent Representative of Azerbaijan to the United Nations and the Permanent "
            "Representative of Türkiye to the United Nations addressed to the Secretary-General",
            ["Azerbaijan", "Türkiye"], None, ["Secretary-General"],
            id="joint-each-to-the-un",
        ),
        pytest.param(
            "the Permanent Representative of Cuba to the United Nations in its capacity as Chair "
            "of the Group of 77 and China addressed to the Secretary-General",
            ["Cuba"], "Group of 77 and China", ["Secretary-General"],
            id="g77-chair",
        ),
        pytest.param(
            "the Permanent Representative of Saudi Arabia to the United Nations on behalf of the "
            "Group of Arab States addressed to the Secretary-General",
            ["Saudi Arabia"], "Group of Arab States", ["Secretary-General"],
            id="on-behalf-of",
        ),
        pytest.param(
            "the Permanent Observer of the League of Arab States to the United Nations addressed "
            "to the President of the Security Council",
            [], "League of Arab States", ["President of the Security Council"],
            id="observer-organization",
        ),
        pytest.param(
            "the Chair of the Peacebuilding Commission addressed to the President of the General "
            "Assembly",
            [], "Peacebuilding Commission", ["President of the General Assembly"],
            id="commission-chair",
        ),
        pytest.param(
            "the Permanent Observer of the State of Palestine to the United Nations addressed to "
            "the Secretary-General, the President of the General Assembly and the President of "
            "the Security Council",
            ["State of Palestine"], None,
            ["Secretary-General", "President of the General Assembly",
             "President of the Security Council"],
            id="three-addressees",
        ),
        pytest.param(
            "the Chargé d’affaires a.i. of the Permanent Mission of Côte d’Ivoire to the United "
            "Nations addressed to the President of the Security Council",
            ["Côte d'Ivoire"], None, ["President of the Security Council"],
            id="curly-apostrophes",
        ),
        pytest.param(
            "the Permanent Representative of Qatar to the United Nations addressed to the "
            "Secretary-General concerning the situation in Gaza",
            ["Qatar"], None, ["Secretary-General"],
            id="topic-after-addressee",
        ),
    ],
)  # fmt: skip
def test_heading_sender_and_addressees(
    heading: str, states_: list[str], organization: str | None, addressees: list[str]
) -> None:
    info = title.parse_title(_LETTER + heading)
    assert list(info.sender.states) == states_
    assert info.sender.organization == organization
    assert list(info.addressees) == addressees
    assert info.warnings == ()


@pytest.mark.parametrize(
    ("written", "key"),
    [
        pytest.param("A/RES/2625 (XXV)", "A/RES/2625 (XXV)", id="roman-session"),
        pytest.param("A/RES/2625(XXV)", "A/RES/2625 (XXV)", id="no-space"),
        pytest.param("A/RES/997 (ES-I)", "A/RES/997 (ES-I)", id="emergency-roman"),
        pytest.param("a/res/2625 (xxv)", "A/RES/2625 (XXV)", id="typed-lowercase"),
    ],
)
def test_old_assembly_resolution_symbols(written: str, key: str) -> None:
    assert symbols.parse_reference(written) == [key]
    assert _cited(f"see {written.upper()}.") == [("ga_resolution", key)]


def test_closing_formula_above_signed_is_not_the_letters_text() -> None:
    letter = parse_letter(
        "Letter dated 1 May 2021 from the Permanent Representative of Chile to the United "
        "Nations addressed to the Secretary-General\n\nI have the honour to write.\n\n"
        "Yours sincerely,\n\n(Signed) Dr. Ana Rojas\nAmbassador\n"
    )
    assert letter.body == "I have the honour to write."
    assert [(s.honorific, s.name, s.title) for s in letter.signatories] == [
        ("Dr.", "Ana Rojas", "Ambassador")
    ]
    assert letter.warnings == (
        "no distribution date found",
        "no original language found",
        "no General Assembly session or Security Council year found",
    )
