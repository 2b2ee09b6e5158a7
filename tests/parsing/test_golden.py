"""Golden tests: each sample letter parses to exactly its reviewed contract dict.

To regenerate after an intended change: ``UPDATE_GOLDEN=1 pytest tests/parsing/test_golden.py``,
then read the diff of every JSON file against the letter before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from letters.parsing import parse_letter

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "fixtures" / "letters").glob("*.txt"))
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_matches_golden(sample: Path) -> None:
    parsed = parse_letter(sample.read_text(encoding="utf-8"), file=sample.name).to_contract()
    golden = GOLDEN / f"{sample.stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(parsed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert parsed == expected


def test_all_five_samples_are_present() -> None:
    assert len(SAMPLES) == 5
    assert {p.stem for p in SAMPLES} == {p.stem for p in GOLDEN.glob("*.json")}
