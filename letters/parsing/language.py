"""Which of the six official UN languages a text is written in (DESIGN.md §11).

Detected with lingua, told to choose among the six languages only: a letter is issued in
Arabic, Chinese, English, French, Russian or Spanish, and a closed choice is both faster
and more accurate than asking among seventy-five.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re

from letters.parsing.model import ParsedLetter

# ISO 639-1 code -> the language's English name, as the archive shows it.
LANGUAGES = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}

# The start of a text says its language as well as the whole does: detection costs a
# few milliseconds on it, against a second on a long annex.
_SAMPLE_CHARACTERS = 3000
# Fewer letters than this (a signature, a place and date) say nothing reliable.
_MIN_LETTERS = 20
# Below this confidence the text is mixed or too short to tell: no language is given.
_MIN_CONFIDENCE = 0.5
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


@functools.cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder  # imported on first use: 20 MB

    languages = [getattr(Language, name.upper()) for name in LANGUAGES.values()]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def long_enough(text: str) -> bool:
    """Whether ``text`` holds enough letters for its language to be told."""
    # Stops at the _MIN_LETTERS-th letter: listing every letter of the sample cost half a
    # millisecond a text, a quarter of a bulk load's Python.
    found = _LETTER.finditer(text, 0, _SAMPLE_CHARACTERS)
    return sum(1 for _ in itertools.islice(found, _MIN_LETTERS)) == _MIN_LETTERS


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the UN language ``text`` is written in, or None when the
    text is too short or too mixed to tell."""
    sample = text[:_SAMPLE_CHARACTERS]
    if not long_enough(sample):
        return None
    best = _detector().compute_language_confidence_values(sample)[0]
    if best.value < _MIN_CONFIDENCE:
        return None
    return best.language.iso_code_639_1.name.lower()


def with_languages(parsed: ParsedLetter) -> ParsedLetter:
    """``parsed`` with the language of its text and of each annex's text."""
    annexes = tuple(
        dataclasses.replace(annex, language=detect_language(annex.body)) for annex in parsed.annexes
    )
    language = detect_language(parsed.body) or detect_language(parsed.title or "")
    return dataclasses.replace(parsed, language=language, annexes=annexes)
