"""Word (.docx) bytes -> text, through python-docx (pure: no Django).

The text is what a reader sees, in order: the page headers (where Word documents
keep the masthead: the symbol, the distribution), then the body's paragraphs and
tables (each cell its own paragraph, nested tables included), then the footnotes
as ``<sup>n</sup> text`` lines, which the parser reads like a PDF's footnotes; a
footnote's mark in the text becomes ``<sup>n</sup>`` too. Page footers are left out:
they hold page numbers and the printing office's job numbers, never the letter.

A .docx is a zip of XML parts; the declared sizes of its parts are checked before
anything is parsed (``DocxError``), because a few kilobytes of zip can hold gigabytes
of XML.
"""

from __future__ import annotations

import io
import zipfile
import zlib

# A letter of two million characters (the longest text accepted) is about 30 MB of
# WordprocessingML with heavy formatting; XML past this is not one letter.
DEFAULT_MAX_XML_BYTES = 32 * 1024 * 1024
# Everything in the package, images included (they are stored already compressed, so
# they unpack to about their size in the upload).
DEFAULT_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_PARTS = 1000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


class DocxError(Exception):
    """Not a Word document we can read; ``str(error)`` is for the user (without the name)."""


def docx_text(
    data: bytes,
    *,
    max_xml_bytes: int = DEFAULT_MAX_XML_BYTES,
    max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
) -> str:
    """The text of a .docx file (see the module's docstring for what is read)."""
    _check_package(data, max_xml_bytes, max_unpacked_bytes)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        numbers: dict[str, int] = {}  # footnote id -> its number in order of reference
        parts = [_headers(document, numbers), _blocks(document.element.body, numbers)]
        parts.append(_footnotes(document, numbers))
    except (PackageNotFoundError, ValueError, KeyError, zipfile.BadZipFile, zlib.error) as exc:
        raise DocxError(f"is not a readable Word document ({type(exc).__name__})") from None
    except Exception as exc:  # any failure inside python-docx or lxml means a damaged file
        raise DocxError(f"is a damaged Word document ({type(exc).__name__})") from None
    return "\n\n".join(part for part in parts if part)


def _check_package(data: bytes, max_xml_bytes: int, max_unpacked_bytes: int) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError):
        raise DocxError("is not a Word (.docx) document (it is not a zip package)") from None
    names = {info.filename for info in infos}
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise DocxError("is not a Word (.docx) document (no word/document.xml inside)")
    if len(infos) > MAX_PARTS:
        raise DocxError(f"holds {len(infos):,} parts, more than any letter ({MAX_PARTS:,})")
    # Python's zipfile never returns more than a part's declared size (and fails the CRC
    # check when the data would run longer), so the declared sizes bound what is read.
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > max_xml_bytes:
        raise DocxError(
            f"would unpack to {xml:,} bytes of XML, more than the {max_xml_bytes:,} "
            "a letter needs (refused as a possible zip bomb)"
        )
    total = sum(i.file_size for i in infos)
    if total > max_unpacked_bytes:
        raise DocxError(
            f"would unpack to {total:,} bytes, more than the {max_unpacked_bytes:,} "
            "allowed (refused as a possible zip bomb)"
        )


def _headers(document, numbers: dict[str, int]) -> str:
    seen: list[str] = []
    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.insert(0, section.first_page_header)
        for header in headers:
            if header.is_linked_to_previous and seen:
                continue
            text = _blocks(header._element, numbers)
            if text and text not in seen:
                seen.append(text)
    return "\n\n".join(seen)


def _blocks(container, numbers: dict[str, int]) -> str:
    """Paragraphs and tables directly inside a body, header, footnote or table cell."""
    out: list[str] = []
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            out.append(_paragraph(child, numbers))
        elif child.tag == f"{_W}tbl":
            out.append(_table(child, numbers))
        elif child.tag == f"{_W}sdt":  # a content control wraps its paragraphs
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                out.append(_blocks(content, numbers))
    return "\n\n".join(text for text in out if text.strip())


def _table(table, numbers: dict[str, int]) -> str:
    cells: list[str] = []
    for row in table.iterchildren(f"{_W}tr"):
        for cell in row.iterchildren(f"{_W}tc"):
            # A vertically merged cell repeats only in the first row of the merge.
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val") in (None, "continue"):
                continue
            text = _blocks(cell, numbers)
            if text.strip():
                cells.append(text)
    return "\n\n".join(cells)


def _paragraph(paragraph, numbers: dict[str, int]) -> str:
    pieces: list[str] = []
    skip: set = set()
    for node in paragraph.iter():
        if node.tag == _MC_FALLBACK:
            # A drawing is written twice (a modern choice and a fallback); read it once.
            skip.update(node.iter())
        if node in skip:
            continue
        tag = node.tag
        if tag == f"{_W}t":
            pieces.append(node.text or "")
        elif tag == f"{_W}tab":
            pieces.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            pieces.append("\n")
        elif tag == f"{_W}footnoteReference":
            number = numbers.setdefault(node.get(f"{_W}id"), len(numbers) + 1)
            pieces.append(f"<sup>{number}</sup>")
        elif tag == f"{_W}p" and node is not paragraph and pieces and pieces[-1] != "\n":
            pieces.append("\n")  # a paragraph inside a text box
    return "".join(pieces).strip()


def _footnotes(document, numbers: dict[str, int]) -> str:
    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == _FOOTNOTES),
        None,
    )
    if part is None or not numbers:
        return ""
    from docx.oxml.parser import parse_xml

    notes: list[tuple[int, str]] = []
    for note in parse_xml(part.blob).iterchildren(f"{_W}footnote"):
        number = numbers.get(note.get(f"{_W}id"))
        if number is None:  # the separator "notes" Word adds, and notes never referenced
            continue
        text = " ".join(
            _paragraph(p, {}).replace("\n", " ") for p in note.iterchildren(f"{_W}p")
        ).strip()
        notes.append((number, text))
    return "\n".join(f"<sup>{n}</sup> {text}" for n, text in sorted(notes))
