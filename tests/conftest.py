from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "letters"
SAMPLES = sorted(FIXTURES.glob("*.txt"))


@pytest.fixture
def sample_paths() -> list[Path]:
    return SAMPLES


@pytest.fixture
def sample_letters(db):
    """The five sample letters imported through the real parser and ingest; keyed by '000'…'004'."""
    from letters.intake.ingest import ingest_letter
    from letters.intake.reading import read_letter_file

    letters = {}
    for path in SAMPLES:
        read = read_letter_file(path)
        result = ingest_letter(
            parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
        )
        letters[path.name[:3]] = result.letter
    return letters


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached counts must not outlive the test whose database they were read from."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
