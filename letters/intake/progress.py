"""A one-line progress report for long imports: done/total, rate and ETA."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """One self-overwriting line: done/total, rate and ETA, at most a few times a second."""

    def __init__(self, total: int, stream: TextIO = sys.stderr, label: str = "letters") -> None:
        self.total, self.stream, self.label = total, stream, label
        self.start = self._last = time.monotonic()
        self.done = 0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= 0.5 or self.done == self.total:
            self._last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0.0
        return (
            f"{self.done:,}/{self.total:,} {self.label}  {rate:,.1f}/s  "
            f"elapsed {_duration(elapsed)}  ETA {_duration(eta)}"
        )

    def finish(self) -> None:
        self.stream.write("\n")
        self.stream.flush()

    @property
    def rate(self) -> float:
        return self.done / max(time.monotonic() - self.start, 1e-9)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"
