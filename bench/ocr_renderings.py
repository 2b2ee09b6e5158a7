"""How many of the five samples' gold facts come back through OCR, per kind of rendering.

Each sample is printed to image-only PDF pages the way the project's tests do
(``project``: Helvetica drawn by PDFium at 300 dpi, what the OCR code was tuned on) and in
ways it was not tuned on: other fonts typeset by Pillow, 150 to 300 dpi, skewed ±2°,
grainy grey paper, JPEG-compressed, a masthead in two columns, and all of these at once
(``tests/pdf_factory.make_scan_pdf``). Each PDF goes through the real path
(``letters.parsing.source.extract``: PDFium, then Tesseract) and the parser, and its facts
are compared with the sample's golden file (``tests/parsing/golden``): symbols, dates,
original language, session, Council year, agenda numbers and titles, sender States and
title, addressees, signatories, cited documents, the title. Each fact is right, wrong or
missing; seconds are CPU seconds per page (rendering, Tesseract and parsing together).

    .venv/bin/python bench/ocr_renderings.py [--kind NAME ...] [--set FIELD=VALUE ...]

``--set`` changes an ``OcrLimits`` field (``--set preprocess=none`` reads the pages as
before preprocessing was added). Needs Tesseract (scripts/ensure-ocr).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from letters.parsing import parse_letter  # noqa: E402
from letters.parsing.ocr import OcrLimits  # noqa: E402
from letters.parsing.source import SourceError, SourceLimits, extract  # noqa: E402
from tests.pdf_factory import Scan, make_image_pdf, make_scan_pdf  # noqa: E402

SAMPLES = sorted((ROOT / "fixtures" / "letters").glob("*.txt"))
GOLDEN = ROOT / "tests" / "parsing" / "golden"

KINDS: dict[str, Scan | None] = {
    "project": None,  # tests.pdf_factory.make_image_pdf, what the OCR code was tuned on
    "serif-200": Scan(font="liberation-serif", dpi=200),
    "dejavu-serif-150": Scan(font="dejavu-serif", dpi=150),
    "sans-300": Scan(font="liberation-sans", dpi=300),
    "skew+2": Scan(dpi=300, skew=2.0),
    "skew-2-sans": Scan(font="dejavu-sans", dpi=300, skew=-2.0),
    "grey-grainy": Scan(dpi=300, paper=200, noise=30, jpeg=75),
    "jpeg-q30-200": Scan(dpi=200, jpeg=30),
    "two-columns": Scan(dpi=300, two_columns=True),
    "all-at-once": Scan(dpi=200, skew=1.5, noise=25, paper=210, jpeg=40, two_columns=True),
}


def facts(contract: dict) -> dict[str, object]:
    """The facts compared: scalars, and lists whose items count one by one."""
    names = [s["name"] for s in contract["signatories"]]
    names += [s["name"] for annex in contract["annexes"] for s in annex["signatories"]]
    return {
        "title": contract["title"],
        "symbols": contract["symbols"],
        "distribution_date": contract["distribution_date"],
        "letter_date": contract["letter_date"],
        "original_language": contract["original_language"],
        "ga_session": contract["ga_session"],
        "sc_year": contract["sc_year"],
        "agenda_numbers": [a["number"] for a in contract["agenda_items"]],
        "agenda_titles": [a["title"] for a in contract["agenda_items"] if a["title"]],
        "sender_states": contract["sender"]["states"],
        "sender_title": contract["sender"]["title"],
        "addressees": contract["addressees"],
        "signatories": names,
        "cited": [c["key"] for c in contract["cited_documents"]],
    }


def score(gold: dict, got: dict) -> tuple[int, int, int, int, list[str]]:
    total = right = wrong = missing = 0
    misses: list[str] = []
    for field, value in gold.items():
        have = got[field]
        if isinstance(value, list):
            for item in value:
                total += 1
                if item in have:
                    right += 1
                else:
                    missing += 1
                    misses.append(f"{field}: missing {item!r}")
            extra = [item for item in have if item not in value]
            wrong += len(extra)
            misses += [f"{field}: invented {item!r}" for item in extra]
            continue
        total += 1
        if have == value:
            right += 1
        elif have is None:
            missing += 1
            misses.append(f"{field}: missing {value!r}")
        else:
            wrong += 1
            misses.append(f"{field}: wrong {have!r} for {value!r}")
    return total, right, wrong, missing, misses


def _cpu_seconds() -> float:
    """CPU time of this process and of the Tesseract processes it waited for: on a shared
    machine, wall time says more about the neighbours than about OCR."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", action="append", choices=list(KINDS))
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE")
    parser.add_argument("--misses", action="store_true", help="list what each kind missed")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    changes = {}
    for item in args.set:
        field, _, value = item.partition("=")
        kind = type(getattr(OcrLimits(), field))
        changes[field] = kind(value) if kind is not str else value
    # Uncompressed grainy pages run past the upload limit; the bench measures OCR only.
    limits = SourceLimits(
        max_bytes=200 * 1024 * 1024, ocr=dataclasses.replace(OcrLimits(), **changes)
    )
    print(f"OCR settings: {limits.ocr}")
    print(f"{'rendering':<18}{'facts':>6}{'right':>7}{'wrong':>7}{'missing':>9}{'right %':>9}"
          f"{'cpu s/page':>11}")  # fmt: skip
    results = {}
    for name in args.kind or list(KINDS):
        scan = KINDS[name]
        totals = [0, 0, 0, 0]
        pages = 0
        seconds = 0.0
        misses: list[str] = []
        for sample in SAMPLES:
            text = sample.read_text(encoding="utf-8")
            data = make_image_pdf(text) if scan is None else make_scan_pdf(text, scan)
            started = _cpu_seconds()
            gold = facts(json.loads((GOLDEN / f"{sample.stem}.json").read_text("utf-8")))
            try:
                extracted = extract(data, f"{sample.stem}.pdf", limits=limits)
                got = facts(parse_letter(extracted.text).to_contract())
            except SourceError as error:  # refused (a limit): every fact is missing
                misses.append(f"{sample.stem[:3]} refused: {error}")
                got = {field: [] if isinstance(v, list) else None for field, v in gold.items()}
            seconds += _cpu_seconds() - started
            pages += data.count(b"/Type /Page ")
            *counts, missed = score(gold, got)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            misses += [f"{sample.stem[:3]} {m}" for m in missed]
        total, right, wrong, missing = totals
        share = 100 * right / total
        print(f"{name:<18}{total:>6}{right:>7}{wrong:>7}{missing:>9}{share:>8.1f}%"
              f"{seconds / pages:>11.2f}", flush=True)  # fmt: skip
        results[name] = {"facts": total, "right": right, "wrong": wrong, "missing": missing,
                         "seconds_per_page": round(seconds / pages, 2)}  # fmt: skip
        if args.misses:
            for miss in misses:
                print(f"    {miss}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
