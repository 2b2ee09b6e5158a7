"""One letter's texts in several UN languages, for the storage tests: the same facts
rendered by the family generator of ``tests/parsing/families.py`` in each language, read
through the intake as uploaded files are."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from letters.intake.ingest import IngestResult, ingest_letter
from letters.intake.reading import ReadLetter, read_letter
from tests.parsing import families

# The generator's family for each language's official layout.
FAMILY_OF = {
    "en": "official",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "zh": "chinese",
}


def text_in(facts: families.Facts, language: str) -> str:
    """The letter of ``facts`` as issued in ``language``."""
    return families.render(
        dataclasses.replace(facts, family=FAMILY_OF[language], language=language)
    )


def texts(
    seed: int, languages: Sequence[str], *, family: str = "french", prefix: str = ""
) -> list[ReadLetter]:
    """One letter (the facts ``family`` draws for ``seed``) in each of ``languages``, in
    that order, each read as a file named after its language."""
    facts = families.draw(family, seed)
    return [
        read_letter(text_in(facts, language).encode(), f"{prefix}{seed}-{language}.txt")
        for language in languages
    ]


def ingest(item: ReadLetter, *, user=None, publish: bool = True) -> IngestResult:
    return ingest_letter(
        parsed=item.parsed,
        source=item.data,
        filename=item.filename,
        text=item.text,
        uploaded_by=user,
        publish=publish,
        method=item.method,
        ocr_confidence=item.confidence,
    )
