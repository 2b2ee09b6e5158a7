"""What the per-client limits (archive.limits) cost a request.

    DJANGO_DEBUG=1 .venv/bin/python bench/limits_cost.py [--requests 300]

Against the archive's own database (migrated; the sample letters are enough): times the
limits' statements alone (a rate check; taking and giving back a heavy request's slot),
then whole requests through Django's full request handler in this process, a page and a
search that counts, alternately with the limits on and off so both see the same machine.
Prints the medians; never asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from archive import limits

    settings.DEBUG = False  # no query log
    rate = limits.Rate.parse("1000000/minute")
    checks, slots = [], []
    for n in range(args.requests):
        started = time.perf_counter()
        limits.take(f"bench:{n % 50}", rate)
        checks.append(time.perf_counter() - started)
        started = time.perf_counter()
        limits.give_back([limits.take_slot("bench:client", 2)])
        slots.append(time.perf_counter() - started)
    print(f"rate check (one upsert):            {_median_ms(checks):.3f} ms")
    print(f"heavy slot taken and given back:     {_median_ms(slots):.3f} ms")

    on = {
        "LETTERS_PAGE_RATE": "1000000/minute",
        "LETTERS_CLIENT_HEAVY_REQUESTS": 2,
        "LETTERS_HOST_BULK_REQUESTS": 3,
    }
    off = {"LETTERS_PAGE_RATE": "", "LETTERS_CLIENT_HEAVY_REQUESTS": 0}
    client = Client(HTTP_HOST="127.0.0.1")
    for path in ("/sessions/", "/?q=peace"):
        timings: dict[str, list[float]] = {"on": [], "off": []}
        client.get(path)  # warm
        for n in range(args.requests):
            label = "on" if n % 2 == 0 else "off"
            for name, value in (on if label == "on" else off).items():
                setattr(settings, name, value)
            started = time.perf_counter()
            response = client.get(path)
            timings[label].append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        with_limits, without = _median_ms(timings["on"]), _median_ms(timings["off"])
        print(
            f"{path:<12} median with limits {with_limits:7.2f} ms, without {without:7.2f} ms "
            f"({with_limits - without:+.2f} ms)"
        )


if __name__ == "__main__":
    main()
