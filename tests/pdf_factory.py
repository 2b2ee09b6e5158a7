"""Build small, valid PDFs from plain text, for upload tests: with a real text layer
(``make_pdf``), or as a scan would be, pictures of pages with no text at all
(``make_image_pdf``), or as other hands print and scan them, typeset by Pillow in other
fonts and degraded (``make_scan_pdf``: resolution, skew, grain, grey paper, JPEG, a
masthead in two columns).

Written by hand rather than with a PDF library: one Helvetica font in
WinAnsiEncoding (cp1252, which covers the samples' en dashes and curly quotes),
one ``Tj`` per line, the way word processors write simple text. pypdf reads it
back like any other PDF. The scans are those pages rendered by PDFium (pypdfium2)
and stored as grey images, one per page, the way a scanner writes them.
"""

from __future__ import annotations

import dataclasses
import io
import re
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


# Scans from other hands --------------------------------------------------------------------

# TrueType fonts of Debian's fonts-dejavu-core and fonts-liberation (scripts/ensure-ocr).
FONTS = {
    "liberation-serif": "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "dejavu-serif": "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "liberation-sans": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "dejavu-sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
}
A4_INCHES = (8.27, 11.69)


@dataclasses.dataclass(frozen=True)
class Scan:
    """How a page was printed and scanned: a font and size, the scanner's resolution, the
    page's skew in degrees, grain (the noise's standard deviation, in grey levels), the
    paper's grey (255 is white), JPEG compression (quality 1-95; 0: none), and whether the
    masthead is set in two columns as the United Nations prints it."""

    font: str = "liberation-serif"
    points: float = 11
    dpi: int = 200
    skew: float = 0.0
    noise: float = 0.0
    paper: int = 255
    jpeg: int = 0
    two_columns: bool = False
    seed: int = 0


def make_scan_pdf(text: str, scan: Scan) -> bytes:
    """``text`` typeset with Pillow in ``scan``'s font (one column, wrapped at the margin,
    paragraphs apart), each page then degraded as ``scan`` says and stored as one picture
    per page (JPEG-compressed if asked), with no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(FONTS[scan.font], round(scan.points * scan.dpi / 72))
    width, height = (round(side * scan.dpi) for side in A4_INCHES)
    margin = round(scan.dpi * 0.9)
    leading = round(scan.points * 1.35 * scan.dpi / 72)
    rows = _typeset(text, font, width - 2 * margin, scan.two_columns)
    pages: list[Image.Image] = []
    y = height  # start a page at once
    page = draw = None
    for left, right in rows:
        if y + leading > height - margin:
            page = Image.new("L", (width, height), 255)
            draw = ImageDraw.Draw(page)
            pages.append(page)
            y = margin
        if left:
            draw.text((margin, y), left, font=font, fill=0)
        if right:
            draw.text((width // 2 + margin // 2, y), right, font=font, fill=0)
        y += leading
    pictures = [_degrade(page, scan) for page in pages]
    return jpeg_pdf(pictures, scan.jpeg) if scan.jpeg else images_pdf(pictures)


def _typeset(text: str, font, room: int, two_columns: bool) -> list[tuple[str, str]]:
    """Rows of (left, right) text: paragraphs wrapped to ``room``; with ``two_columns``,
    the masthead's right-hand column (distribution, date, original, the Council's block)
    beside its left-hand one (the organs, the Assembly's block)."""
    from letters.parsing.text import strip_markdown

    lines = strip_markdown(text).splitlines()
    rows: list[tuple[str, str]] = []
    start = 0
    if two_columns:
        start, rows = _masthead_columns(lines)
    for line in lines[start:]:
        line = " ".join(line.split())
        if not line:
            rows.append(("", ""))
            continue
        words: list[str] = []
        for word in line.split(" "):
            if words and font.getlength(" ".join([*words, word])) > room:
                rows.append((" ".join(words), ""))
                words = []
            words.append(word)
        rows.append((" ".join(words), ""))
    return rows


_RIGHT_COLUMN = re.compile(r"^(?:Distr\.|Original|\d{1,2} \w+ \d{4}$)", re.IGNORECASE)


def _masthead_columns(lines: list[str]) -> tuple[int, list[tuple[str, str]]]:
    """The masthead (the lines above the title) in two columns, and where it ends."""
    end = next(
        (i for i, ln in enumerate(lines) if re.match(r"\s*(?:Letter|Identical|Note)\b", ln)),
        0,
    )
    left: list[str] = []
    right: list[str] = []
    council: list[str] = []
    block = left
    for line in (ln.strip() for ln in lines[:end]):
        if not line:
            continue
        if _RIGHT_COLUMN.match(line):
            right.append(line)
        elif line == "Security Council" and left:
            block = council
            council.append(line)
        else:
            (council if block is council and len(council) < 2 else left).append(line)
    rows = []
    # The Assembly's and the Council's blocks stand side by side, under the distribution.
    for index in range(max(len(right), 1)):
        rows.append(("", right[index] if index < len(right) else ""))
    rows.append(("", ""))
    for index in range(max(len(left), len(council))):
        rows.append(
            (
                left[index] if index < len(left) else "",
                council[index] if index < len(council) else "",
            )
        )
    rows.append(("", ""))
    return end, rows


def _degrade(page, scan: Scan) -> tuple[int, int, bytes]:
    """A printed page as a scanner gives it back: on grey paper, skewed, grainy."""
    from PIL import Image, ImageChops

    if scan.paper != 255:
        # Ink stays dark, paper goes grey: map 0..255 to 30..paper.
        page = page.point(lambda v: 30 + (scan.paper - 30) * v // 255)
    if scan.skew:
        page = page.rotate(scan.skew, resample=Image.Resampling.BICUBIC, fillcolor=scan.paper)
    if scan.noise:
        grain = Image.effect_noise(page.size, scan.noise)  # mean 128
        page = ImageChops.add(page, grain, scale=1.0, offset=-128)
    return page.width, page.height, page.tobytes()


def jpeg_pdf(pictures: list[tuple[int, int, bytes]], quality: int = 35) -> bytes:
    """The same PDF of pictures, each stored as a JPEG (DCTDecode) as scanners do."""
    from PIL import Image

    page_ids = [3 + 3 * i for i in range(len(pictures))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % p for p in page_ids), len(page_ids)),
    }
    for page_id, (width, height, pixels) in zip(page_ids, pictures, strict=True):
        out = io.BytesIO()
        Image.frombytes("L", (width, height), pixels).save(out, "JPEG", quality=quality)
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
            % (page_id + 1, page_id + 2)
        )
        objects[page_id + 1] = _stream(
            out.getvalue(),
            b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /DCTDecode" % (width, height),
        )
        objects[page_id + 2] = _stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    return _write(objects)
