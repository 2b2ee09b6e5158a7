"""Migrate the database and create the cache table, one process at a time.

Several web containers starting together would otherwise run the same migrations at
once and fail on each other's tables; a PostgreSQL advisory lock makes the later ones
wait, then find nothing left to do.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

# Any fixed 64-bit number names the lock; this one spells "archive" in ASCII.
MIGRATE_LOCK = int.from_bytes(b"archive", "big")


def main() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK])
    try:
        call_command("migrate", interactive=False)
        call_command("createcachetable")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK])


if __name__ == "__main__":
    main()
