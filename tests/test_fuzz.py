"""Property-based tests: random and mutated input never gets past a clean answer.

* ``parse_letter`` returns the parse contract (DESIGN.md §4) for any text, and never by
  way of its last-resort catch (which would hide a crash as "the parser failed").
* ``extract_text`` returns text or refuses with ``SourceError``; nothing else escapes.
* The search page and the address-taking pages answer random parameter names, values,
  raw query strings (bad percent-encodings, invalid UTF-8) and paths with a page (200,
  301, 302, 400, 404), never a 500.

Example counts are bounded so the suite stays fast; ``HYPOTHESIS_PROFILE=deep`` runs ten
times as many. Hypothesis's per-example deadline is off (tests never assert timings); the
timeout marks fail a run that hangs.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.parsing import SourceError, extract_text, parse_letter
from tests.conftest import SAMPLES
from tests.pdf_factory import make_pdf

# Examples per test: the parser and extract_text are cheap (milliseconds), a page is a
# request with its queries; a deep run (HYPOTHESIS_PROFILE=deep) takes ten times as many.
DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"


def budget(examples: int, **options) -> settings:
    return settings(max_examples=examples * (10 if DEEP else 1), deadline=None, **options)


GOLDEN = Path(__file__).resolve().parent / "parsing" / "golden"
CONTRACT_KEYS = list(json.loads(next(GOLDEN.glob("*.json")).read_text()))
SAMPLE_TEXTS = [path.read_text() for path in SAMPLES]

# Pieces of real letters, so random text reaches the parser's deeper branches.
FRAGMENTS = [
    "Letter dated 7 May 2021 from the Permanent Representative of Azerbaijan to the "
    "United Nations addressed to the Secretary-General",
    "Identical letters dated 3 March 2022 from the Chargé d'affaires a.i. of the Permanent "
    "Mission of Armenia and France",
    "Note verbale dated 1 June 2020 from the Permanent Mission of Norway",
    "Distr.: General",
    "11 May 2021",
    "Original: Russian",
    "[Original: French]",
    "General Assembly",
    "Seventy-fifth session",
    "Sixty-first session",
    "Security Council",
    "Seventy-sixth year",
    "Agenda items 17 and 27",
    "Agenda item 34, 35, 40, 71, 72, 86 and 135",
    "(Signed) Yashar Aliyev",
    "(Signed)",
    "Ambassador",
    "Permanent Representative",
    "Annex",
    "Annex II",
    "Enclosure",
    "Annex to the letter dated 27 December 2006",
    "Baku, 14 December 2006",
    "resolution 822 (1993)",
    "resolution 62/243",
    "S/RES/822 (1993)",
    "A/75/861–S/2021/392",
    "A/75/861-S/2021/392",
    "Helsinki Final Act",
    "Chiragov and others v. Armenia",
    "<sup>1</sup> See, for example,",
    "[822 \\(1993\\)](#)",
    "****",
    "## ",
    "**",
    "  ",
    "\n",
    "\n\n",
    "\f",
    "\t",
    "–",
    "’",
    "I have the honour to",
]

texts = st.one_of(
    st.text(max_size=3000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=120).map(
        lambda parts: " ".join(parts)
    ),
    st.lists(st.sampled_from(FRAGMENTS), max_size=200).map("\n".join),
)


@st.composite
def mutated_samples(draw) -> str:
    """A sample letter cut, repeated, shuffled or sprinkled with other text."""
    text = draw(st.sampled_from(SAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 6))):
        size = len(text)
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 2000)))
        operation = draw(
            st.sampled_from(["delete", "repeat", "insert", "swap-lines", "truncate", "replace"])
        )
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "repeat":
            text = text[:end] + text[start:end] * draw(st.integers(2, 5)) + text[end:]
        elif operation == "insert":
            piece = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=50)))
            text = text[:start] + piece + text[start:]
        elif operation == "swap-lines":
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif operation == "truncate":
            text = text[:start]
        else:
            text = text[:start] + draw(st.text(min_size=1, max_size=3)) + text[start + 1 :]
    return text


def check_contract(text: str) -> None:
    parsed = parse_letter(text, file="fuzz.txt")
    failures = [w for w in parsed.warnings if w.startswith("the parser failed")]
    assert not failures, failures
    contract = parsed.to_contract()
    assert list(contract) == CONTRACT_KEYS
    json.dumps(contract)
    assert contract["kind"] in {"letter", "identical_letters", "note_verbale", "other"}
    for key in ("distribution_date", "letter_date"):
        if contract[key] is not None:
            datetime.date.fromisoformat(contract[key])
    for key in ("ga_session", "sc_year"):
        assert contract[key] is None or isinstance(contract[key], int)
    assert all(isinstance(s, str) and s for s in contract["symbols"])
    assert isinstance(contract["body"], str)


@pytest.mark.timeout(300)
@budget(200)
@given(texts)
def test_parser_answers_any_text_with_the_contract(text):
    check_contract(text)


@pytest.mark.timeout(300)
@budget(200)
@given(mutated_samples())
def test_parser_answers_mutated_letters_with_the_contract(text):
    check_contract(text)


def check_extract(data: bytes, filename: str) -> None:
    try:
        text = extract_text(data, filename)
    except SourceError as error:
        refusal = str(error)
    else:
        assert isinstance(text, str)
        assert text.strip()
        return
    assert refusal  # a message a person can act on


SUFFIXES = [".txt", ".md", ".pdf", ".TXT", ".docx", ""]


@pytest.mark.timeout(300)
@budget(200)
@given(st.binary(max_size=4000), st.sampled_from(SUFFIXES))
def test_extract_text_answers_random_bytes_with_text_or_a_refusal(data, suffix):
    check_extract(data, f"upload{suffix}")


@pytest.mark.timeout(300)
@budget(100)
@given(
    st.sampled_from(SAMPLE_TEXTS),
    st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252"]),
    st.binary(max_size=20),
    st.integers(0, 5000),
)
def test_extract_text_answers_damaged_text_files(text, encoding, junk, at):
    data = text.encode(encoding, errors="replace")
    check_extract(data[:at] + junk + data[at:], "letter.txt")


PDF = make_pdf(SAMPLE_TEXTS[0][:3000])


@pytest.mark.timeout(300)
@budget(100)
@given(
    st.lists(
        st.tuples(st.integers(0, len(PDF) - 1), st.binary(min_size=0, max_size=8)),
        min_size=1,
        max_size=6,
    ),
    st.one_of(st.just(len(PDF)), st.integers(1, len(PDF))),
)
def test_extract_text_answers_damaged_pdfs(changes, keep):
    data = bytearray(PDF)
    for at, replacement in changes:
        data[at : at + len(replacement)] = replacement
    check_extract(bytes(data[:keep]), "letter.pdf")


# --- the public pages -----------------------------------------------------------------

PARAMETERS = [
    "q",
    "session",
    "agenda",
    "sc_year",
    "year",
    "date_from",
    "date_to",
    "cited",
    "state",
    "signatory",
    "kind",
    "has_annex",
    "sort",
    "page",
]
VALUES = st.one_of(
    st.text(max_size=60),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        [
            "61",
            "75",
            "2021",
            "letter",
            "note_verbale",
            "true",
            "false",
            "newest",
            "relevance",
            "azerbaijan",
            "culture-of-peace",
            "S/RES/822 (1993)",
            "A/75/861",
            "2021-05-07",
            "2021-02-30",
            "0001-01-01",
            "9999-12-31",
            "-1",
            "1e9",
            "NaN",
            "'; DROP TABLE letters_letter; --",
            '"unclosed phrase',
            "peace or -war",
            "!!!",
            "&",
            "%",
            "\\",
        ]
    ),
)
PAIRS = st.lists(
    st.tuples(st.one_of(st.sampled_from(PARAMETERS), st.text(max_size=12)), VALUES), max_size=12
)
# The sample letters are read, never written, by every example: one fixture serves all.
PAGES = budget(80, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.timeout(300)
@pytest.mark.django_db
@PAGES
@given(PAIRS)
def test_search_page_never_answers_500(client, sample_letters, pairs):
    response = client.get("/?" + urlencode(pairs))
    assert response.status_code in (200, 400), (pairs, response.status_code)


@pytest.mark.timeout(300)
@pytest.mark.django_db
@PAGES
@given(
    st.sampled_from(["/symbol/", "/cited/", "/agenda/", "/states/", "/sessions/", "/letters/"]),
    st.text(min_size=1, max_size=40),
)
def test_pages_that_take_an_address_never_answer_500(client, sample_letters, prefix, tail):
    response = client.get(prefix + quote(tail, safe="/"))
    assert response.status_code in (200, 301, 302, 400, 404), (prefix, tail)


# Raw query strings as a client may send them: stray "%", bad percent-encodings, invalid
# UTF-8 ("%ff"), empty names, separators in a row.
RAW_QUERY = st.lists(
    st.one_of(
        st.sampled_from(["%", "%f", "%ff", "%00", "%C3", "%C3%A9", "&", "=", ";", "+", "&&", "=="]),
        st.sampled_from(PARAMETERS),
        st.text(alphabet="abcxyz019-_./", max_size=8),
    ),
    max_size=40,
).map("".join)


@pytest.mark.timeout(300)
@pytest.mark.django_db
@PAGES
@given(RAW_QUERY)
def test_raw_query_strings_never_answer_500(client, sample_letters, raw):
    response = client.get("/?" + raw)
    assert response.status_code in (200, 400), (raw, response.status_code)


@pytest.mark.timeout(300)
@pytest.mark.django_db
@PAGES
@given(st.text(max_size=60))
def test_any_path_never_answers_500(client, sample_letters, tail):
    response = client.get("/" + quote(tail, safe="/%"))
    assert response.status_code in (200, 301, 302, 400, 404), (tail, response.status_code)
