"""The per-client rate counters of archive.limits: one row per client and door, the time at
which its allowance is spent. UNLOGGED: counts need no crash safety and no replica, and
writing them costs no WAL. Read and written only by archive.limits, in SQL (no model)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("letters", "0015_search_row_names")]

    operations = [
        migrations.RunSQL(
            "CREATE UNLOGGED TABLE client_rate (key text PRIMARY KEY, tat timestamptz NOT NULL)",
            reverse_sql="DROP TABLE client_rate",
        ),
    ]
