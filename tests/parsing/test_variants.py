"""Synthetic variant letters (tests/parsing/variants/), one layout each, with the
fields that layout is about asserted exactly."""

from __future__ import annotations

import datetime
from pathlib import Path

from letters.parsing import LetterKind, ParsedLetter, Signatory, parse_letter

VARIANTS = Path(__file__).parent / "variants"


def parse(name: str, **kwargs: object) -> ParsedLetter:
    return parse_letter((VARIANTS / name).read_text(encoding="utf-8"), file=name, **kwargs)


def test_symbol_line_with_en_dash_and_identical_letters() -> None:
    letter = parse("identical_letters_symbol.txt")
    assert letter.symbols == ("A/76/123", "S/2021/456")
    assert letter.kind == LetterKind.IDENTICAL_LETTERS
    assert letter.addressees == ("Secretary-General", "President of the Security Council")
    assert letter.distribution_date == datetime.date(2021, 6, 3)
    assert (letter.ga_session, letter.sc_year) == (76, 76)
    # "Item 68 of the preliminary list*" with its "* A/76/50." note under the titles.
    assert [(a.number, a.title) for a in letter.agenda_items] == [
        (68, "Right of peoples to self-determination")
    ]
    assert letter.signatories == (
        Signatory(
            "Kakha Imnadze",
            "Ambassador Extraordinary and Plenipotentiary, "
            "Permanent Representative of Georgia to the United Nations",
        ),
    )
    keys = [c.key for c in letter.cited_documents]
    assert keys == [
        "S/RES/2334 (2016)",
        "S/2021/450",
        "Charter of the United Nations",
        "Universal Declaration of Human Rights",
    ]
    assert "A/76/50" not in keys  # the agenda note is masthead, not a citation
    assert letter.warnings == ()


def test_caller_symbols_come_first_and_are_merged() -> None:
    letter = parse(
        "identical_letters_symbol.txt", symbols=["S/2021/456", "A/76/999 – S/2021/999", "x"]
    )
    assert letter.symbols == ("S/2021/456", "A/76/999", "S/2021/999", "A/76/123")
    assert letter.warnings == ("ignored symbol 'x': not a UN document symbol",)


def test_note_verbale_general_assembly_only() -> None:
    letter = parse("note_verbale_ga_only.txt")
    assert letter.kind == LetterKind.NOTE_VERBALE
    assert letter.symbols == ("A/75/900",)
    assert letter.sender.states == ("Venezuela (Bolivarian Republic of)",)  # canonical
    assert letter.sender.title == "Permanent Mission"
    assert (letter.ga_session, letter.sc_year) == (75, None)
    assert [(a.number, a.title) for a in letter.agenda_items] == [(15, "Culture of peace")]
    assert letter.original_language == "Spanish"
    assert letter.signatories == ()
    assert letter.warnings == ()  # notes verbales are unsigned by convention
    (annex,) = letter.annexes
    assert (annex.label, annex.original_language, annex.place) == ("Annex", "Spanish", "Caracas")
    assert annex.date == datetime.date(2021, 6, 9)
    assert annex.title == "Declaration of the Ministry of People's Power for Foreign Affairs"
    assert [c.key for c in letter.cited_documents] == ["A/RES/53/243", "A/RES/75/25"]


def test_charge_d_affaires_security_council_only_numbered_annexes() -> None:
    letter = parse("charge_sc_only_annexes.txt")
    assert letter.sender.title == "Chargé d'affaires a.i."
    assert letter.sender.states == ("Belgium",)
    assert letter.addressees == ("President of the Security Council",)
    assert (letter.ga_session, letter.sc_year, letter.agenda_items) == (None, 76, ())
    assert letter.original_language == "French"
    assert letter.signatories == (
        Signatory("Marc Pecsteen de Buytswerve", "Chargé d'affaires a.i."),
    )
    first, second = letter.annexes
    assert (first.label, first.original_language) == ("Annex I", "French")
    assert (second.label, second.original_language) == ("Annex II", "Spanish")
    assert first.title == "Joint communiqué of the meeting of Ministers"
    assert (first.place, first.date) == ("Brussels", datetime.date(2021, 6, 21))
    # A title line above "(Signed)" is the signer's title, not an organization.
    assert first.signatories == (
        Signatory("Sophie Wilmès", "Minister for Foreign Affairs of Belgium"),
        Signatory("Jean-Yves Le Drian", "Minister for Europe and Foreign Affairs of France"),
    )
    assert "(Signed)" not in first.body
    assert second.title == "List of participants"
    assert [c.key for c in letter.cited_documents] == [
        "Vienna Convention on Diplomatic Relations",
        "S/2021/590/Add.1",
    ]
    assert letter.warnings == ()


def test_joint_letter_with_header_merged_on_one_line() -> None:
    letter = parse("joint_letter_merged_header.txt")
    assert letter.kind == LetterKind.LETTER
    assert letter.sender.states == ("Armenia", "France")
    assert letter.sender.title == "Permanent Representatives"
    assert letter.distribution_date == datetime.date(2019, 3, 4)
    assert (letter.ga_session, letter.sc_year) == (73, 74)
    assert [(a.number, a.title) for a in letter.agenda_items] == [
        (30, "Prevention of armed conflict"),
        (71, "Elimination of racism, racial discrimination, xenophobia and related intolerance"),
    ]
    assert [s.name for s in letter.signatories] == ["Mher Margaryan", "François Delattre"]
    assert letter.signatories[1].title == "Ambassador, Permanent Representative of France"
    assert [c.kind.value for c in letter.cited_documents] == [
        "treaty",
        "ga_resolution",
        "court_case",
    ]
    assert letter.cited_documents[2].key == "Bosnia and Herzegovina v. Serbia and Montenegro"
    assert letter.warnings == ()


def test_word_dump_on_two_lines() -> None:
    letter = parse("word_dump.txt")
    assert letter.title == (
        "Letter dated 16 October 2020 from the Permanent Representative of Azerbaijan "
        "to the United Nations addressed to the Secretary-General"
    )
    assert letter.distribution_date == datetime.date(2020, 10, 18)
    assert (letter.ga_session, letter.sc_year) == (75, 75)
    assert [(a.number, a.title) for a in letter.agenda_items] == [
        (40, "The situation in the occupied territories of Azerbaijan")
    ]
    assert letter.body.startswith("I have the honour to inform you")
    assert letter.body.endswith("and of the Security Council.")
    assert letter.signatories == (
        Signatory("Yashar Aliyev", "Ambassador, Permanent Representative"),
    )
    assert [a.label for a in letter.annexes] == ["Annex"]
    assert "Helsinki Final Act" in letter.annexes[0].body
    assert letter.warnings == ()


def test_web_copy_without_masthead() -> None:
    letter = parse("web_copy_no_masthead.txt")
    assert letter.title is not None
    assert letter.title.startswith("Letter dated 5 April 2016")
    assert letter.letter_date == datetime.date(2016, 4, 5)
    assert (letter.distribution_date, letter.original_language) == (None, None)
    assert (letter.ga_session, letter.sc_year, letter.agenda_items) == (None, None, ())
    assert letter.sender.states == ("Ukraine",)
    assert letter.signatories == (
        Signatory("Volodymyr Yelchenko", "Ambassador, Permanent Representative"),
    )
    assert letter.warnings == (
        "no distribution date found",
        "no original language found",
        "no General Assembly session or Security Council year found",
    )


def test_title_without_a_date() -> None:
    letter = parse("no_date_in_title.txt")
    assert letter.letter_date is None
    assert letter.title == (
        "Letter from the Permanent Observer of Palestine to the United Nations "
        "addressed to the Secretary-General"
    )
    assert letter.sender.title == "Permanent Observer"
    assert letter.sender.states == ("State of Palestine",)  # canonical
    assert (letter.ga_session, letter.sc_year) == (53, 54)
    assert letter.original_language == "Arabic"
    assert letter.warnings == ("no date found in the title",)


def test_ocr_scan_with_hyphenation_spacing_page_furniture_and_plain_footnote() -> None:
    letter = parse("ocr_scan.txt")
    assert letter.symbols == ("A/52/870",)
    assert letter.distribution_date == datetime.date(1998, 4, 14)
    assert letter.original_language == "English"
    assert letter.ga_session == 52
    assert [(a.number, a.title) for a in letter.agenda_items] == [
        (15, "ELECTIONS TO FILL VACANCIES IN PRINCIPAL ORGANS")
    ]
    assert letter.title is not None
    assert "  " not in letter.title
    assert "international law.¹" in letter.body  # "interna-" / "tional law.1" rejoined
    assert "98-10234" not in letter.body  # the job number line is page furniture
    assert len(letter.body.split("\n\n")) == 3
    assert letter.signatories == (
        Signatory("Hans DAHLGREN", "Ambassador, Permanent Representative"),
    )
    assert [(f.marker, f.text) for f in letter.footnotes] == [
        ("1", "See General Assembly resolution 51/241 of 31 July 1997.")
    ]
    assert [c.key for c in letter.cited_documents] == [
        "Charter of the United Nations",
        "A/52/1",
        "A/RES/51/241",
    ]
    assert letter.warnings == ()
