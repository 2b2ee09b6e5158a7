"""PDF pages without a text layer -> text, through Tesseract (pure: no Django).

Each page is rendered to a grey image by PDFium (pypdfium2) at ``dpi``, capped at
``max_pixels``, cleaned when it is grainy and its grey levels stretched (Pillow, see
``_prepare``), and read by the ``tesseract`` command in the given languages; the
text keeps the page's lines, with a blank line where the spacing shows a new
paragraph, and the confidence is the mean of Tesseract's word confidences (0–100).
The page count, the pixels of a rendered page and of each picture in the PDF (checked
before PDFium decodes it) and the seconds are bounded by the caller's ``OcrLimits``;
exceeding one raises ``OcrError``.
"""

from __future__ import annotations

import csv
import dataclasses
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

# English, French and Spanish: one script, and they do not confuse each other. CPU for
# one A4 page at 300 dpi (Tesseract 5.3, one thread): eng 1.4 s, eng+fra+spa 2.2 s,
# +rus 2.6 s, all six languages 3.4 s. Russian in the mix also read Latin letters as
# their Cyrillic look-alikes in English letters ("v." as "у.", "General" as "Сепега!"),
# which breaks cited cases and names. The six languages' data is installed, so a
# collection of Russian, Arabic or Chinese letters sets ``LETTERS_OCR_LANGUAGES``.
DEFAULT_LANGUAGES = "eng+fra+spa"
DEFAULT_DPI = 300
DEFAULT_MAX_PAGES = 50
# OCR runs in a job (DESIGN.md §12), not a request: about 4 s of CPU a page, so the 50
# pages of DEFAULT_MAX_PAGES in 200 s, with room for a busy machine.
DEFAULT_TIMEOUT_SECONDS = 300.0
# An A3 page at 300 dpi is 17.4 million pixels; a page's bitmap is one byte a pixel.
DEFAULT_MAX_PIXELS = 20_000_000
# PDFium decodes every picture on a page at its full size before scaling it, whatever the
# rendering's size: a 1.5 MB PDF holding one 40,000 x 40,000 picture took 1.94 GB. An A3
# page scanned at 600 dpi in colour is 70 million pixels; a picture larger than this is
# refused before it is decoded (its size is read from the PDF's own dictionary).
DEFAULT_MAX_IMAGE_PIXELS = 80_000_000


@dataclasses.dataclass(frozen=True)
class OcrLimits:
    languages: str = DEFAULT_LANGUAGES  # Tesseract's codes joined with "+"
    dpi: int = DEFAULT_DPI
    max_pages: int = DEFAULT_MAX_PAGES  # pages to read by OCR in one file; 0 turns OCR off
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS  # for all of one file's pages
    max_pixels: int = DEFAULT_MAX_PIXELS  # of one rendered page
    max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS  # of one picture in the PDF, decoded
    preprocess: str = "clean"  # what is done to a page before Tesseract reads it: clean, none
    thresholding: int = 0  # Tesseract's thresholding_method: 0 Otsu, 1 adaptive Otsu, 2 Sauvola


@dataclasses.dataclass(frozen=True)
class OcrPage:
    text: str
    confidences: tuple[float, ...]  # one per word read, 0–100


class OcrError(Exception):
    """OCR could not run or was stopped by a limit; ``str(error)`` is for the user."""


def tesseract_path() -> str | None:
    """The ``tesseract`` command, or None when it is not installed."""
    return shutil.which("tesseract")


def available() -> bool:
    return tesseract_path() is not None


def ocr_pages(data: bytes, pages: Sequence[int], *, limits: OcrLimits) -> list[OcrPage]:
    """The text of the PDF's ``pages`` (0-based), in order, read by Tesseract."""
    import pypdfium2 as pdfium

    tesseract = tesseract_path()
    if tesseract is None:
        raise OcrError("OCR is not installed on this server (the tesseract command is missing)")
    if len(pages) > limits.max_pages:
        raise OcrError(
            f"{len(pages)} pages need OCR, more than the {limits.max_pages} read by OCR "
            "in one file; split it or upload a copy with a text layer"
        )
    deadline = time.monotonic() + limits.timeout_seconds
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise OcrError(f"the PDF cannot be rendered for OCR ({error})") from None
    try:
        with tempfile.TemporaryDirectory(prefix="letters-ocr-") as folder:
            image = Path(folder) / "page.pgm"
            results = []
            for index in pages:
                try:
                    page = document[index]
                    _check_pictures(page, index, limits)
                    image.write_bytes(_prepare(_render(page, limits), limits))
                except pdfium.PdfiumError as error:
                    raise OcrError(
                        f"page {index + 1} cannot be rendered for OCR ({error})"
                    ) from None
                results.append(_tesseract(tesseract, image, deadline, limits))
            return results
    finally:
        document.close()


def _check_pictures(page, index: int, limits: OcrLimits) -> None:
    """Refuse a page holding a picture larger than ``limits.max_image_pixels``, before
    PDFium decodes it: the size comes from the picture's dictionary, nested forms
    included."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    for picture in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
        try:
            width, height = picture.get_px_size()
        except pdfium.PdfiumError:
            continue  # no size declared: PDFium cannot decode it either
        if width * height > limits.max_image_pixels:
            raise OcrError(
                f"page {index + 1} holds a picture of {width:,} x {height:,} pixels, more "
                f"than the {limits.max_image_pixels:,} read by OCR; upload a smaller scan"
            )


def _render(page, limits: OcrLimits) -> bytes:
    """The page as a binary PGM (grey, 8 bits), which Tesseract reads without Pillow."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()  # in points, 1/72 inch
    scale = limits.dpi / 72
    # A page may declare any size; shrink the rendering so the bitmap stays bounded.
    if width * height * scale * scale > limits.max_pixels:
        scale = (limits.max_pixels / (width * height)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True, force_bitmap_format=pdfium_c.FPDFBitmap_Gray)
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = memoryview(bitmap.buffer).cast("B")
    if stride == w:
        pixels = bytes(buffer[: w * h])
    else:
        pixels = b"".join(bytes(buffer[row * stride : row * stride + w]) for row in range(h))
    return b"P5\n%d %d\n255\n" % (w, h) + pixels


# How far, on average, a page's pixels are from their 3 x 3 median before the page counts
# as grainy. Measured at 300 dpi: clean renderings and JPEG scans of clean pages 0.4-0.6
# grey levels; grainy scans 6 (200 dpi, scaled up) to 17 (300 dpi).
_GRAINY = 3.0
# The commonest grey of a page (its paper) at or above which it is left as it is: the
# stretch changes how Tesseract thresholds the edges of letters ("I" read as "l").
_WHITE = 235


def _prepare(pgm: bytes, limits: OcrLimits) -> bytes:
    """The page as Tesseract should see it. ``clean``: grain removed with a 3 x 3 median
    filter when the page has grain, and the grey levels of a grainy page or of grey
    paper stretched so the paper is white and the ink black (Tesseract's global threshold
    misses faint ink on grey paper); a clean white page is left as it is (the filter and
    the stretch only change the edges of its letters: "I" read as "l")."""
    if limits.preprocess == "none":
        return pgm
    from PIL import Image, ImageChops, ImageFilter, ImageOps, ImageStat

    header_end = pgm.index(b"\n255\n") + 5
    width, height = map(int, pgm[3 : header_end - 4].split())
    page = Image.frombytes("L", (width, height), pgm[header_end:])
    smooth = page.filter(ImageFilter.MedianFilter(3))
    grainy = ImageStat.Stat(ImageChops.difference(page, smooth)).mean[0] > _GRAINY
    if grainy:
        page = smooth
    histogram = page.histogram()
    paper = max(range(256), key=histogram.__getitem__)
    if not grainy and paper >= _WHITE:
        return pgm  # a clean page on white paper: as Tesseract reads it best
    page = ImageOps.autocontrast(page, cutoff=1)
    return b"P5\n%d %d\n255\n" % (width, height) + page.tobytes()


def _tesseract(command: str, image: Path, deadline: float, limits: OcrLimits) -> OcrPage:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _timeout(limits)
    base = image.with_suffix("")
    # One thread: Tesseract's OpenMP threads spin while waiting, and on a busy 2-core
    # machine a page took 19 s with them against 3.8 s without (same output).
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        subprocess.run(
            [
                command,
                str(image),
                str(base),
                "-l",
                limits.languages,
                "--dpi",
                str(limits.dpi),
                "-c",
                f"thresholding_method={limits.thresholding}",
                "txt",
                "tsv",
            ],
            check=True,
            capture_output=True,
            timeout=remaining,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        raise _timeout(limits) from None
    except subprocess.CalledProcessError as error:
        lines = error.stderr.decode(errors="replace").strip().splitlines()
        detail = lines[-1] if lines else f"exit status {error.returncode}"
        raise OcrError(f"OCR failed ({detail})") from None
    return _page(base.with_suffix(".tsv"))


def _page(tsv_path: Path) -> OcrPage:
    """The page's text and word confidences from Tesseract's TSV, which has a row per
    block, paragraph, line and word, each with its box; only words carry a confidence.

    Lines are written in Tesseract's reading order; a blank line marks a paragraph where
    the gap above a line is clearly wider than the usual spacing of a paragraph's lines. Tesseract's
    own paragraphs are not used: it starts one at every short line, so a title or an
    address printed over three lines came out as three paragraphs.
    """
    lines: dict[tuple[str, ...], list[str]] = {}
    boxes: dict[tuple[str, ...], tuple[int, int]] = {}  # line -> (top, bottom)
    confidences: list[float] = []
    with tsv_path.open(encoding="utf-8", errors="replace", newline="") as tsv:
        for row in csv.DictReader(tsv, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
            if row["level"] == "4":
                top = int(row["top"])
                boxes[key] = (top, top + int(row["height"]))
            elif row["level"] == "5" and (word := (row.get("text") or "").strip()):
                lines.setdefault(key, []).append(_word(word))
                if row["conf"] != "-1":
                    confidences.append(float(row["conf"]))
    order = [key for key in boxes if key in lines]
    heights = sorted(boxes[k][1] - boxes[k][0] for k in order)
    gaps = sorted(
        boxes[b][0] - boxes[a][1]
        for a, b in itertools.pairwise(order)
        if boxes[b][0] >= boxes[a][1]
    )
    # The usual gap between the lines of a paragraph is the lower quartile of the gaps: on a
    # page where blank lines part most lines (a masthead, short paragraphs) the median is
    # the blank line itself, and no paragraph would be seen.
    paragraph_gap = _quantile(gaps, 0.25) + 0.6 * _median(heights)
    out: list[str] = []
    for previous, key in zip([None, *order], order, strict=False):
        if previous is not None:
            gap = boxes[key][0] - boxes[previous][1]
            # A line above the previous one starts a new column or block.
            if gap > paragraph_gap or boxes[key][0] < boxes[previous][0]:
                out.append("")
        out.append(_SPLIT_SYMBOL_RE.sub(r"\1\2\3", " ".join(lines[key])))
    return OcrPage(text="\n".join(out).strip(), confidences=tuple(confidences))


# Tesseract's usual confusions where a letter's text settles them:
# * a capital I alone read as "|" ("| have the honour", "|. Burkhanov"): letters never
#   print a vertical bar;
# * a capital S read as "$" ("$. Ikhiilov", "$tate"): a dollar sign stands before an
#   amount, never before a letter or a full stop.
_DOLLAR_AS_S_RE = re.compile(r"\$(?=[^\W\d_]|\.)")
# A document symbol never holds a space, but Tesseract may split one of its numbers at a
# narrow glyph ("S/201 9/762"): the two parts, together at most four digits, are one.
_SPLIT_SYMBOL_RE = re.compile(r"(?<![\w/])([AS]/(?:RES/)?)(\d{1,3}) (\d{1,3})(?=/)")


def _word(word: str) -> str:
    return _DOLLAR_AS_S_RE.sub("S", word.replace("|", "I"))


def _median(values: list[int]) -> float:
    return values[len(values) // 2] if values else 0


def _quantile(values: list[int], share: float) -> float:
    """The value ``share`` of the way up sorted ``values`` (0 for none)."""
    return values[int(len(values) * share)] if values else 0


def _timeout(limits: OcrLimits) -> OcrError:
    return OcrError(
        f"OCR took longer than {limits.timeout_seconds:g} seconds and was stopped; "
        "upload fewer pages or a copy with a text layer"
    )
