"""Build small, valid PDFs from plain text, for upload tests: with a real text layer
(``make_pdf``), or as a scan would be, pictures of pages with no text at all
(``make_image_pdf``).

Written by hand rather than with a PDF library: one Helvetica font in
WinAnsiEncoding (cp1252, which covers the samples' en dashes and curly quotes),
one ``Tj`` per line, the way word processors write simple text. pypdf reads it
back like any other PDF. The scans are those pages rendered by PDFium (pypdfium2)
and stored as grey images, one per page, the way a scanner writes them.
"""

from __future__ import annotations

import io
import textwrap
import zlib

LINES_PER_PAGE = 60


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(lines: list[str]) -> bytes:
    out = [b"BT /F1 10 Tf 12 TL 40 800 Td"]
    for line in lines:
        out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(text: str | None, *, lines_per_page: int = LINES_PER_PAGE) -> bytes:
    """A PDF showing ``text`` line by line; ``None`` gives a page with no text layer."""
    if text is None:
        streams = [b"0.5 g 40 40 500 700 re f"]  # a grey box: a "scan" with no text
    else:
        lines = text.splitlines()
        streams = [
            _page_stream(lines[i : i + lines_per_page])
            for i in range(0, max(len(lines), 1), lines_per_page)
        ]
    page_ids = [4 + 2 * i for i in range(len(streams))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % p for p in page_ids), len(page_ids)),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, stream in zip(page_ids, streams, strict=True):
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects[page_id + 1] = _stream(stream)
    return _write(objects)


# Helvetica at 10 points averages about 5 points a character; the page's text is
# 515 points wide.
WRAP_COLUMNS = 95


def make_image_pdf(
    text: str, *, dpi: int = 300, wrap: int = WRAP_COLUMNS, lines_per_page: int = LINES_PER_PAGE
) -> bytes:
    """A scan of ``text``: each page of ``make_pdf`` (long lines wrapped to fit the
    page, as a printed letter's are) as a grey picture at ``dpi``, with no text layer."""
    import pypdfium2 as pdfium

    printed = pdfium.PdfDocument(make_pdf(printed_text(text, wrap), lines_per_page=lines_per_page))
    try:
        pictures = []
        for page in printed:
            bitmap = page.render(scale=dpi / 72, grayscale=True, force_bitmap_format=1)
            w, h, stride = bitmap.width, bitmap.height, bitmap.stride
            buffer = bytes(memoryview(bitmap.buffer).cast("B"))
            rows = b"".join(buffer[r * stride : r * stride + w] for r in range(h))
            pictures.append((w, h, rows))
    finally:
        printed.close()
    return images_pdf(pictures)


def printed_text(text: str, wrap: int = WRAP_COLUMNS) -> str:
    """``text`` as ``make_image_pdf`` prints it: long lines wrapped at spaces."""
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(textwrap.wrap(line, wrap, break_on_hyphens=False) or [""])
    return "\n".join(lines)


def images_pdf(pictures: list[tuple[int, int, bytes]]) -> bytes:
    """A PDF of A4 pages, each filled by one grey picture (width, height, 8-bit pixels)."""
    page_ids = [3 + 3 * i for i in range(len(pictures))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % p for p in page_ids), len(page_ids)),
    }
    for page_id, (width, height, pixels) in zip(page_ids, pictures, strict=True):
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
            % (page_id + 1, page_id + 2)
        )
        objects[page_id + 1] = _stream(
            zlib.compress(pixels),
            b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height),
        )
        objects[page_id + 2] = _stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    return _write(objects)


def image_bomb_pdf(width: int, height: int) -> bytes:
    """One A4 page holding a blank grey picture of ``width`` × ``height`` pixels, deflated
    as it is made: a small file that decodes to ``width × height`` bytes."""
    packer = zlib.compressobj(9)
    row_block = bytes(width) * 64
    compressed = [packer.compress(row_block) for _ in range(height // 64)]
    compressed.append(packer.compress(bytes(width) * (height % 64)) + packer.flush())
    return _write(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>",
            4: _stream(
                b"".join(compressed),
                b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height),
            ),
            5: _stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        }
    )


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def _write(objects: dict[int, bytes]) -> bytes:
    buffer = io.BytesIO()
    buffer.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = buffer.tell()
        buffer.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = buffer.tell()
    size = max(objects) + 1
    buffer.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        buffer.write(b"%010d 00000 n \n" % offsets[number])
    buffer.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return buffer.getvalue()


def make_encrypted_pdf(text: str, password: str = "secret") -> bytes:
    """The same PDF, password-protected (RC4: pypdf writes it without extra packages)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(text))))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
