"""Citing a letter: the UN style citation, RIS and BibTeX records, the letter page's block."""

from __future__ import annotations

import dataclasses
import datetime

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from letters.models import Letter
from letters.opendata import citing
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

URL = "https://archive.example/letters/5/"


@pytest.mark.parametrize(
    ("symbols", "distributed", "expected"),
    [
        pytest.param(
            ["A/75/861", "S/2021/392"],
            datetime.date(2021, 5, 10),
            "Letter dated 7 May 2021 from the Permanent Representative of Azerbaijan to the"
            " United Nations addressed to the Secretary-General (A/75/861–S/2021/392),"
            f" 10 May 2021. Available from {URL}",
            id="joint-symbol",
        ),
        pytest.param(
            ["S/2021/392"],
            None,
            "Letter dated 7 May 2021 from the Permanent Representative of Azerbaijan to the"
            " United Nations addressed to the Secretary-General (S/2021/392)."
            f" Available from {URL}",
            id="one-symbol-no-date",
        ),
        pytest.param(
            [],
            datetime.date(2021, 5, 10),
            "Letter dated 7 May 2021 from the Permanent Representative of Azerbaijan to the"
            f" United Nations addressed to the Secretary-General, 10 May 2021. Available from {URL}",
            id="no-symbol",
        ),
    ],
)
def test_citation_text(symbols, distributed, expected):
    title = (
        "Letter dated 7 May 2021 from the Permanent Representative of Azerbaijan to the\n"
        "United Nations  addressed to the Secretary-General."
    )
    assert (
        citing.citation_text(title=title, symbols=symbols, distribution_date=distributed, url=URL)
        == expected
    )


def record(**changes) -> citing.ExportRecord:
    base = citing.ExportRecord(
        pk=5,
        kind="letter",
        title="Letter dated 7 May 2021 from the Permanent Representative of Azerbaijan",
        symbols=("A/75/861", "S/2021/392"),
        letter_date=datetime.date(2021, 5, 7),
        distribution_date=datetime.date(2021, 5, 10),
        original_language="English",
        session=75,
        sc_year=76,
        agenda_items=(
            citing.AgendaEntry(75, 35, "Protracted conflicts in the GUAM area", "guam"),
            citing.AgendaEntry(75, 40, "", ""),
        ),
        senders=("Azerbaijan",),
        sender_title="Permanent Representative",
        addressees=("Secretary-General",),
        signatories=("Yashar Aliyev",),
        cited=(citing.CitedEntry("S/RES/822 (1993)", "resolution 822 (1993)", "sc_resolution"),),
        published_at=datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC),
        updated=datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC),
        url=URL,
    )
    return dataclasses.replace(base, **changes)


def test_ris_record_carries_every_part():
    [parsed] = rispy.loads(citing.ris([record()]))
    assert parsed["type_of_reference"] == "GOVDOC"
    assert parsed["title"].startswith("Letter dated 7 May 2021")
    assert parsed["authors"] == ["Yashar Aliyev"]
    assert parsed["secondary_authors"] == ["Azerbaijan"]
    assert parsed["date"] == "2021/05/07"
    assert parsed["year"] == "2021"
    assert parsed["accession_number"] == "A/75/861–S/2021/392"
    assert parsed["keywords"] == ["Protracted conflicts in the GUAM area"]
    assert parsed["urls"] == [URL]
    assert parsed["notes"] == [
        "Symbol: A/75/861–S/2021/392",
        "Distributed: 2021-05-10",
        "General Assembly, 75th session",
        "Agenda item: Item 35, 75th session: Protracted conflicts in the GUAM area",
        "Agenda item: Item 40, 75th session",
        "Security Council, 76th year (2021)",
        "From: Permanent Representative of Azerbaijan",
        "Cites: resolution 822 (1993) (S/RES/822 (1993))",
    ]


def test_ris_value_cannot_start_a_new_tag():
    hostile = record(title="A title\nER  - \nTY  - JOUR\nTI  - forged", signatories=())
    text = citing.ris([hostile])
    assert text.count("ER  -") == 1
    [parsed] = rispy.loads(text)
    assert parsed["title"] == "A title ER - TY - JOUR TI - forged"


def test_several_ris_records_are_separate():
    parsed = rispy.loads(citing.ris([record(), record(pk=6, title="Second")]))
    assert [p["title"] for p in parsed][1] == "Second"


def _bib(text: str) -> dict:
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    [entry] = library.entries
    return {"key": entry.key, "type": entry.entry_type, **{f.key: f.value for f in entry.fields}}


def test_bibtex_record_carries_every_part():
    fields = _bib(citing.bibtex([record()]))
    assert fields["key"] == "A_75_861_S_2021_392"
    assert fields["type"] == "misc"
    assert (
        fields["title"] == "Letter dated 7 May 2021 from the Permanent Representative of Azerbaijan"
    )
    assert fields["author"] == "Yashar Aliyev"
    assert fields["organization"] == "Azerbaijan"
    assert fields["number"] == "A/75/861–S/2021/392"
    assert fields["date"] == "2021-05-07"
    assert fields["url"] == URL
    assert "General Assembly, 75th session" in fields["note"]
    assert "Agenda item: Item 35, 75th session" in fields["note"]
    assert "Cites: resolution 822 (1993) (S/RES/822 (1993))" in fields["note"]


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Unbalanced } brace { here", id="braces"),
        pytest.param("50% & $5 #1 under_score ^ ~ \\ back", id="latex-specials"),
        pytest.param("Chargé d'affaires a.i. – “quoted”", id="unicode"),
        pytest.param("Title}, author = {Forged", id="field-injection"),
    ],
)
def test_bibtex_escapes_hostile_text(title):
    text = citing.bibtex([record(title=title, symbols=())])
    fields = _bib(text)
    assert fields["key"] == "un_letter_5"
    assert fields["author"] == "Yashar Aliyev"  # no field was forged
    assert set(fields) == {
        "key",
        "type",
        "title",
        "author",
        "organization",
        "institution",
        "date",
        "year",
        "month",
        "language",
        "keywords",
        "note",
        "url",
    }
    # pylatexenc reads \textasciicircum back as the modifier letter circumflex.
    assert fields["title"].replace("ˆ", "^") == title


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80) | st.from_regex(r"[ -~]{0,80}"))
def test_bibtex_encodes_any_text_as_pylatexenc_does(text):
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    plain = UnicodeToLatexEncoder(conversion_rules=["defaults"])
    assert citing._LATEX.unicode_to_latex(text) == plain.unicode_to_latex(text)


def test_export_records_read_many_letters_in_one_query(django_assert_num_queries, sample_letters):
    make_letter(symbol="A/76/500–S/2022/100", filename="x.txt")
    with django_assert_num_queries(1):
        records = list(
            citing.export_records(
                Letter.objects.public().order_by("pk"), base_url="https://archive.example"
            )
        )
    assert len(records) == 6
    first = records[0]
    assert first.session == 61
    assert [(i.session, i.number) for i in first.agenda_items] == [(61, 17), (61, 27)]
    assert first.signatories == ("Agshin Mehdiyev",)  # the covering letter's, not the annex's
    assert first.url == f"https://archive.example/letters/{first.pk}/"
    assert records[-1].symbols == ("A/76/500", "S/2022/100")
    citing_letter = next(r for r in records if r.pk == sample_letters["004"].pk)
    assert "S/RES/822 (1993)" in [c.key for c in citing_letter.cited]


def test_letter_page_shows_the_citation_and_the_record_links(client, db):
    letter = make_letter(
        symbol="A/76/500–S/2022/100", dated="3 March 2022", distributed="7 March 2022"
    )
    html = client.get(letter.get_absolute_url()).content.decode()
    expected = (
        "Letter dated 3 March 2022 from the Permanent Representative of Norway to the United"
        " Nations addressed to the Secretary-General (A/76/500–S/2022/100), 7 March 2022."
        f" Available from http://testserver/letters/{letter.pk}/"
    )
    assert f">{expected}</textarea>" in html
    assert "readonly" in html
    assert f'href="{reverse("letters:cite_ris", args=[letter.pk])}"' in html
    assert f'href="{reverse("letters:cite_bib", args=[letter.pk])}"' in html
    # The copy button is the script's to show; no inline script or handler on the page.
    assert 'data-copy="citation-text" hidden' in html
    assert "onclick" not in html
    assert html.count("<script") == 1
    assert 'src="/static/js/archive.js"' in html


def test_cite_downloads(client, sample_letters):
    letter = sample_letters["004"]
    response = client.get(reverse("letters:cite_ris", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert f'filename="letter-{letter.pk}.ris"' in response["Content-Disposition"]
    [parsed] = rispy.loads(response.content.decode())
    assert parsed["urls"] == [f"http://testserver/letters/{letter.pk}/"]
    assert "Agenda item: Item 135, 75th session: The responsibility to protect" in " ".join(
        parsed["notes"]
    )
    response = client.get(reverse("letters:cite_bib", args=[letter.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert _bib(response.content.decode())["author"] == "Yashar Aliyev"


def test_cite_downloads_of_drafts_and_unknown_letters_are_404(client, sample_letters):
    draft = sample_letters["003"]
    Letter.objects.filter(pk=draft.pk).update(published_at=None)
    for name in ["letters:cite_ris", "letters:cite_bib"]:
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
        assert client.get(reverse(name, args=[999999])).status_code == 404
    assert client.post(reverse("letters:cite_ris", args=[draft.pk])).status_code == 405


def test_cite_download_query_count(client, django_assert_num_queries, sample_letters):
    # The statement limit (archive.middleware) and the record: the same for a letter with
    # a fourteen-signature annex.
    with django_assert_num_queries(2):
        client.get(reverse("letters:cite_bib", args=[sample_letters["000"].pk]))
