"""A management command prints only what it is for: nothing stands before its own output
(django-axes' start-up banner is logged at debug level, DJANGO_LOG_LEVEL=DEBUG shows it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.drill, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "fixtures" / "letters" / "001_e45f7873a66ada65.txt"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """``manage.py`` in a process of its own, with the project's settings, debug on."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="archive.settings", DJANGO_DEBUG="1", **env)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.mark.parametrize(
    ("args", "output_starts"),
    [
        pytest.param(("parse_letter", str(SAMPLE)), "{", id="parse_letter"),
        pytest.param(("check",), "System check identified no issues", id="check"),
    ],
)
def test_a_command_prints_its_own_output_and_nothing_else(args, output_starts):
    result = manage(*args)
    assert result.stdout.startswith(output_starts)
    assert result.stderr == ""


def test_the_throttles_banner_is_in_the_log_at_debug_level():
    result = manage("check", DJANGO_LOG_LEVEL="DEBUG")
    assert "AXES: BEGIN" in result.stderr
    assert result.stdout.startswith("System check identified no issues")
