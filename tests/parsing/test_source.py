"""extract_text: uploaded bytes to text, or a clear SourceError."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from letters.parsing.ocr import OcrLimits
from letters.parsing.source import SourceError, SourceLimits, extract_text, sha256_hex


def _pdf(lines: list[str] | None) -> bytes:
    """A one-page PDF; with ``lines`` it has a Helvetica text layer, without none."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if lines:
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
        )
        commands = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append(f"({escaped}) Tj T*")
        commands.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(commands).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted(data: bytes) -> bytes:
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        pytest.param(b"Distr.: General\n", "a.txt", "Distr.: General\n", id="txt"),
        pytest.param(b"# Letter\n", "a.MD", "# Letter\n", id="md-any-case"),
        pytest.param(b"\xef\xbb\xbfOriginal: English", "a.txt", "Original: English", id="utf8-bom"),
        pytest.param("Chargé".encode("utf-16"), "a.txt", "Chargé", id="utf16-bom"),
        pytest.param("Côte d’Ivoire".encode(), "a.txt", "Côte d’Ivoire", id="utf8-accents"),
    ],
)
def test_text_files(data: bytes, name: str, expected: str) -> None:
    assert extract_text(data, name) == expected


def test_pdf_with_text_layer() -> None:
    data = _pdf(["Distr.: General", "Letter dated 27 December 2006"])
    text = extract_text(data, "letter.pdf")
    assert "Distr.: General" in text
    assert "Letter dated 27 December 2006" in text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        pytest.param(b"", "a.txt", "is empty", id="empty"),
        pytest.param(b"text\x00\x01\x02", "a.txt", "binary", id="nul-bytes"),
        pytest.param(b"\x01\x02\x03\x04\x05abc", "a.txt", "binary", id="control-chars"),
        pytest.param("Chargé".encode("latin-1"), "a.txt", "not valid UTF-8", id="latin-1"),
        pytest.param(b"{\\rtf1 Letter}", "a.rtf", "unsupported file type .rtf", id="rtf"),
        pytest.param(b"\xd0\xcf\x11\xe0", "a.doc", "save it as .docx or PDF", id="old-word"),
        pytest.param(b"hello", "letter", "unsupported file type", id="no-extension"),
        pytest.param(b"   \n\t ", "a.txt", "contains no text", id="whitespace-only"),
        pytest.param(b"not a pdf at all", "a.pdf", "not a valid PDF", id="pdf-no-header"),
        pytest.param(b"%PDF-1.7\n1 0 obj <<< garbage", "a.pdf", "damaged PDF", id="pdf-corrupt"),
    ],
)
def test_refused(data: bytes, name: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        extract_text(data, name)


def test_over_max_bytes() -> None:
    with pytest.raises(SourceError, match=r"too large \(0\.0 MB; the limit is 0\.0 MB\)"):
        extract_text(b"x" * 11, "a.txt", limits=SourceLimits(max_bytes=10))


def test_not_utf8_names_the_offset() -> None:
    with pytest.raises(SourceError, match=r"byte 0xe9 at offset 5"):
        extract_text("Charg\u00e9".encode("latin-1"), "a.txt")


def test_pdf_without_text_layer_when_ocr_is_off() -> None:
    # With OCR on, such a page is read by Tesseract: tests/intake/test_ocr.py.
    with pytest.raises(SourceError, match="has no text layer; it may be a scan, and OCR is off"):
        extract_text(_pdf(None), "scan.pdf", limits=SourceLimits(ocr=OcrLimits(max_pages=0)))


def test_a_scan_without_the_ocr_engine_is_refused_with_the_reason(monkeypatch) -> None:
    from tests.pdf_factory import make_image_pdf

    monkeypatch.setenv("PATH", "/nonexistent")  # no tesseract command to be found
    with pytest.raises(SourceError, match="it may be a scan, and OCR is not installed here"):
        extract_text(make_image_pdf("A scanned letter"), "scan.pdf")


def test_encrypted_pdf() -> None:
    with pytest.raises(SourceError, match="encrypted"):
        extract_text(_encrypted(_pdf(["Secret letter"])), "locked.pdf")


def test_source_error_is_a_value_error_with_one_line() -> None:
    with pytest.raises(ValueError, match="is empty") as caught:
        extract_text(b"", "folder/a.txt")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("a.txt")


def test_sha256_hex() -> None:
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_a_text_longer_than_any_letter_is_refused() -> None:
    limits = SourceLimits(max_characters=100)
    assert extract_text(b"x" * 100, "a.txt", limits=limits) == "x" * 100
    with pytest.raises(SourceError, match=r"101 characters of text, more than any letter"):
        extract_text(b"x" * 101, "a.txt", limits=limits)


def test_markdown_files_are_read_like_text() -> None:
    assert extract_text(b"# Letter", "a.markdown") == "# Letter"


def test_utf16_text_with_a_few_nul_characters_is_read_without_them() -> None:
    body = "I have the honour to write to you about the situation in the region. " * 3
    text = f"Letter dated 1 May 2021\x00\x00 from Norway\n\n{body}\x00"
    expected = f"Letter dated 1 May 2021 from Norway\n\n{body}"
    assert extract_text(text.encode("utf-16"), "a.txt") == expected


def test_utf16_binary_is_refused() -> None:
    with pytest.raises(SourceError, match="binary"):
        extract_text(("\x00\x01\x02" * 100).encode("utf-16"), "a.txt")
