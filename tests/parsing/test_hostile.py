"""parse_letter never raises, whatever str it is given, and stays fast on big input."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from letters.parsing import ParsedLetter, parse_letter

SAMPLE = (Path(__file__).resolve().parents[2] / "fixtures" / "letters").glob("004_*.txt")


def _random_text(size: int, seed: int) -> str:
    data = random.Random(seed).randbytes(size)
    return data.decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n\t\n  ", id="whitespace"),
        pytest.param("\x00\x00\x00", id="nul-only"),
        pytest.param("\u200b\u200e\u202e\ufeff", id="invisible-only"),
        pytest.param("e\u0301\u0301\u0301 \u05d0\u05d1 \u200f\u202b", id="combining-and-rtl"),
        pytest.param("****\n**\n*\n---\n##\n[](#)", id="markdown-only"),
        pytest.param("(Signed)\n(Signed)\nAnnex\nAnnex I", id="structure-words-only"),
        pytest.param("Letter dated", id="title-stub"),
        pytest.param("Agenda items " + "1, " * 5000 + "and 2", id="long-agenda-list"),
        pytest.param("A/" * 20000, id="symbol-prefix-storm"),
        pytest.param("v. " * 20000, id="versus-storm"),
        pytest.param("resolution " * 20000 + "822 (1993)", id="resolution-storm"),
        pytest.param(
            "Letter dated 1 May 2021 from the Permanent Representatives of "
            + "Armenia and " * 20000
            + "France addressed to the Secretary-General",
            id="joint-states-storm",
        ),
        pytest.param("Letter from the Chair " + "of the " * 30000 + "Committee", id="of-storm"),
        pytest.param("Yours sincerely,\n" * 30000, id="closing-formula-storm"),
        pytest.param("Letter dated 1 May 2021 from " + "(" * 40000, id="bracket-storm"),
        pytest.param("resolution " + "1 of 1 May 2021, " * 20000, id="dated-resolution-storm"),
        pytest.param("Letter to the Secretary-General " * 20000, id="to-heading-storm"),
        pytest.param(("H.E. Mr. X, " * 5000 + "Secretary-General\n") * 3, id="address-storm"),
        pytest.param("(Signed) " + "H.E. " * 40000 + "Jane Doe", id="honorific-storm"),
        pytest.param("[1 May 2021]\n" * 20000, id="date-line-storm"),
        pytest.param(
            "Letter dated 1 May 2021 from the Permanent Representative of Kenya"
            + " in his capacity as Chair of" * 10000,
            id="capacity-storm",
        ),
        pytest.param("(Sig" * 30000, id="signed-prefix-storm"),
        pytest.param("line\n" * 50000, id="one-paragraph-of-many-lines"),
        pytest.param(
            "Letter dated 1 May 2021 from the Minister of " + "and " * 300 + "x",
            id="role-words-storm",
        ),
        pytest.param("resolution 1" + " " * 20000 + "(1993)", id="resolution-spaces"),
        pytest.param("a Dear Sir " * 20000, id="salutation-prefix-storm"),
        pytest.param("a Excellency, I " * 20000, id="salutation-storm"),
        pytest.param("a. Yours sincerely, " * 20000, id="glued-closing-storm"),
        pytest.param("Kazakhstan " + "New York, " * 20000, id="place-comma-storm"),
        pytest.param(
            "Lettre datée du 1er mai 2021, adressée au Secrétaire général par les "
            "Représentants permanents " + "de la Chine et " * 20000,
            id="french-states-storm",
        ),
        pytest.param(
            "Письмо постоянных представителей " + "Китая и " * 20000 + "от 1 мая 2021 года",
            id="russian-states-storm",
        ),
        pytest.param(
            "رسالة مؤرخة 1 أيار/مايو 2021 موجهة إلى الأمين العام من الممثلين الدائمين "
            + "للصين و" * 20000,
            id="arabic-particles-storm",
        ),
        pytest.param(
            "2021年5月1日" + "中国和" * 20000 + "常驻联合国代表给秘书长的信", id="chinese-and-storm"
        ),
        pytest.param("第" + "822(1993)、" * 20000 + "号决议", id="chinese-resolutions-storm"),
        pytest.param(
            "Annex to the letter dated 1 May 2021 from\n" + "of the\n" * 20000,
            id="annex-heading-lines-storm",
        ),
        pytest.param("الدورة " + "الخامسة و" * 20000, id="arabic-ordinal-storm"),
        pytest.param("21-06033 (E) 120521 " * 20000, id="furniture-storm"),
        pytest.param(_random_text(20000, 1), id="random-bytes"),
        pytest.param(_random_text(20000, 2).replace("\n", "\n\n"), id="random-paragraphs"),
    ],
)
def test_junk_gives_a_parsed_letter(raw: str) -> None:
    started = time.perf_counter()
    letter = parse_letter(raw, file="junk.txt")
    # Linear rules: a storm of one pattern costs about what its length costs.
    assert time.perf_counter() - started < 10
    assert isinstance(letter, ParsedLetter)
    assert letter.file == "junk.txt"
    letter.to_contract()  # serialisable


@pytest.mark.parametrize("raw", ["", "  \n "], ids=["empty", "blank"])
def test_empty_text_is_explained(raw: str) -> None:
    letter = parse_letter(raw)
    assert letter.title is None
    assert letter.warnings == ("the text is empty",)


def test_garbage_is_not_turned_into_values() -> None:
    letter = parse_letter(_random_text(5000, 3))
    assert (letter.title, letter.letter_date, letter.distribution_date) == (None, None, None)
    assert letter.signatories == ()
    assert "no title line found" in letter.warnings


def test_script_tag_in_title_is_kept_verbatim() -> None:
    raw = (
        "Letter dated 1 May 2021 from the Permanent Representative of "
        "<script>alert(1)</script> to the United Nations addressed to the Secretary-General\n\n"
        "I have the honour <b>to</b> write.\n\n(Signed) A. Person\nAmbassador"
    )
    letter = parse_letter(raw)
    assert letter.title is not None
    assert "<script>alert(1)</script>" in letter.title
    # Not a State the table knows, nor an organization: not stored as one, and said.
    assert letter.sender.states == ()
    assert "sender not recognised as a State or an organization: '<script>alert'" in letter.warnings
    assert letter.body == "I have the honour <b>to</b> write."


def test_invisible_characters_do_not_break_fields() -> None:
    raw = (
        "Distr.:\u200b General\x00\n1 April\u200e 2020\n\nOriginal: Eng\u200blish\n\n"
        "Letter dated 31\u00a0March 2020 from the Permanent Representative of Azer\u200bbaijan "
        "to the United Nations addressed to the Secretary-General\n\nText.\n\n(Signed) A. Person"
    )
    letter = parse_letter(raw)
    assert letter.distribution_date is not None
    assert letter.distribution_date.isoformat() == "2020-04-01"
    assert letter.original_language == "English"
    assert letter.letter_date is not None
    assert letter.letter_date.isoformat() == "2020-03-31"
    assert letter.sender.states == ("Azerbaijan",)


def test_two_megabytes_of_repeated_letter_completes() -> None:
    sample = next(iter(SAMPLE)).read_text(encoding="utf-8")
    huge = sample * (2_000_000 // len(sample) + 1)
    letter = parse_letter(huge)
    assert letter.title is not None
    assert letter.title.startswith("Letter dated 7 May 2021")


def test_two_megabytes_on_one_line_completes() -> None:
    letter = parse_letter("word " * 400_000)
    assert letter.title is None


def test_non_str_input_is_tolerated() -> None:
    letter = parse_letter(b"Letter dated 1 May 2021 from X addressed to the Secretary-General")  # type: ignore[arg-type]
    assert letter.title is not None
