"""Word .docx files: made here with python-docx from letters of our own, read in
order (header, paragraphs, tables, footnotes) and parsed like any text; hostile
ones (not a zip, not Word, a zip bomb, nothing in it) refused with a clear message."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from letters.intake.policy import download_type
from letters.intake.reading import read_letter
from letters.models import Letter, SourceFile
from letters.parsing.docx import DEFAULT_MAX_XML_BYTES
from letters.parsing.source import Method, SourceError, extract
from tests.factories import letter_text
from tests.jobs import run_deferred_jobs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_docx(text: str, *, header: str = "", table: list[list[str]] | None = None) -> bytes:
    """A Word document: ``header`` in the page header, one paragraph per line of
    ``text`` (blank lines dropped, as Word users write), then ``table``."""
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    return _save(document)


def with_footnote(data: bytes, after: str, note: str) -> bytes:
    """The document with a footnote referenced after the words ``after``: python-docx
    cannot write footnotes, so the parts Word writes are added to the package."""
    parts = dict(_members(data))
    body = parts["word/document.xml"].decode()
    reference = (
        '</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteReference w:id="2"/></w:r><w:r><w:t xml:space="preserve">'
    )
    parts["word/document.xml"] = body.replace(after, after + reference, 1).encode()
    parts["word/footnotes.xml"] = (
        f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
        f"{note}</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    ).encode()
    return _zip(parts)


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def _zip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


LETTER = letter_text(
    state="Kenya",
    signer="Martin Kimani",
    item=71,
    body="I have the honour to refer to Security Council resolution 2231 (2015) and to "
    "the letter contained in document A/76/123-S/2022/45.",
)


def test_a_word_letter_is_read_in_order_and_parsed_like_text():
    data = make_docx(LETTER, header="A/76/900–S/2022/300")
    extracted = extract(data, "letter.docx")
    assert (extracted.method, extracted.confidence) == (Method.DOCX, None)
    assert extracted.text.startswith("A/76/900–S/2022/300\n\nDistr.: General\n\n7 March 2022")
    parsed = read_letter(data, "letter.docx").parsed
    assert parsed.symbols == ("A/76/900", "S/2022/300")
    assert str(parsed.distribution_date) == "2022-03-07"
    assert parsed.ga_session == 76
    assert [item.number for item in parsed.agenda_items] == [71]
    assert parsed.sender.state == "Kenya"
    assert [s.name for s in parsed.signatories] == ["Martin Kimani"]
    assert {c.key for c in parsed.cited_documents} >= {"S/RES/2231 (2015)", "A/76/123-S/2022/45"}


def test_table_cells_are_read_each_as_a_paragraph_once():
    document = docx.Document()
    document.add_paragraph("Before the table.")
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text = "Distr.: General"
    grid.cell(0, 1).text = "A/76/900"
    grid.cell(1, 0).merge(grid.cell(1, 1)).text = "Merged across the row"
    document.add_paragraph("After the table.")
    text = extract(_save(document), "t.docx").text
    assert text.split("\n\n") == [
        "Before the table.",
        "Distr.: General",
        "A/76/900",
        "Merged across the row",
        "After the table.",
    ]


def test_footnotes_are_read_as_the_parser_reads_a_pdf_s():
    data = with_footnote(
        make_docx(LETTER),
        after="I have the honour to refer to",
        note="See also A/75/861-S/2021/392.",
    )
    text = extract(data, "notes.docx").text
    assert "I have the honour to refer to<sup>1</sup> Security Council" in text
    assert text.endswith("<sup>1</sup> See also A/75/861-S/2021/392.")
    parsed = read_letter(data, "notes.docx").parsed
    assert [(n.marker, n.text) for n in parsed.footnotes] == [
        ("1", "See also A/75/861-S/2021/392.")
    ]


def _bomb() -> bytes:
    """A real docx whose document.xml unpacks past the XML bound: a few kilobytes of zip."""
    parts = dict(_members(make_docx(LETTER)))
    padding = b" " * (DEFAULT_MAX_XML_BYTES + 1)
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + padding
    )
    return _zip(parts)


def test_a_docx_bomb_is_refused_before_it_is_unpacked():
    bomb = _bomb()
    assert len(bomb) < 200_000
    with pytest.raises(SourceError, match=r"bomb\.docx would unpack to [\d,]+ bytes of XML"):
        extract(bomb, "bomb.docx")


HOSTILE = [
    pytest.param(b"PK\x03\x04 not really", "not a Word \\(.docx\\) document", id="broken-zip"),
    pytest.param(b"%PDF-1.4 renamed", "not a zip package", id="renamed-pdf"),
    pytest.param(_zip({"notes.txt": b"hello"}), "no word/document.xml", id="zip-not-word"),
    pytest.param(
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<oops"}),
        "a damaged Word document",
        id="damaged-parts",
    ),
    pytest.param(_save(docx.Document()), "contains no text", id="empty-document"),
]


@pytest.mark.parametrize(("data", "message"), HOSTILE)
def test_hostile_word_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(SourceError, match=message) as caught:
        extract(data, "hostile.docx")
    assert str(caught.value).startswith("hostile.docx")


def test_an_old_word_file_is_refused_with_what_to_do():
    with pytest.raises(SourceError) as caught:
        extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "letter.doc")
    assert str(caught.value) == (
        "letter.doc is an old Word (.doc) file, which is not read; open it in Word, "
        "save it as .docx or PDF, and upload that."
    )


def test_a_word_original_is_downloaded_as_a_word_document():
    assert download_type("Letter.DOCX") == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.django_db
def test_a_word_letter_uploaded_alone_or_in_a_zip_is_stored_as_docx(admin_client):
    zipped = _zip({"letters/b.docx": make_docx(letter_text(symbol="A/76/2", signer="B One"))})
    response = admin_client.post(
        reverse("admin:letters_letter_upload"),
        {
            "files": [
                SimpleUploadedFile("a.docx", make_docx(letter_text(symbol="A/76/1"))),
                SimpleUploadedFile("more.zip", zipped),
            ]
        },
    )
    assert response.status_code == 303  # stored; read by jobs
    run_deferred_jobs()
    response = admin_client.get(response.url)
    assert [str(o.outcome) for o in response.context["outcomes"]] == ["draft", "draft"]
    assert dict(SourceFile.objects.values_list("name", "extraction")) == {
        "a.docx": "docx",
        "b.docx": "docx",
    }
    letter = Letter.objects.get(source__name="a.docx")
    review = admin_client.get(reverse("admin:letters_letter_review", args=[letter.pk]))
    page = review.content.decode()
    assert "Source file: a.docx (text from: Word document)" in page
    assert "came from OCR" not in page


@pytest.mark.django_db
def test_import_letters_picks_word_files_from_a_folder(tmp_path):
    (tmp_path / "a.docx").write_bytes(make_docx(letter_text(symbol="A/76/3")))
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    out = io.StringIO()
    call_command("import_letters", str(tmp_path), stdout=out)
    assert re.search(r"a\.docx: imported as letter \d+", out.getvalue())
    assert Letter.objects.get().source.extraction == "docx"
