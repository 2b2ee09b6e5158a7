"""Django's PostgreSQL backend for the embedded server: the server is started when a
connection is first opened, not when settings are read (``archive.database``)."""

from __future__ import annotations

from django.db.backends.postgresql import base

from archive.database import resolve_embedded


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict:
        resolve_embedded(self.settings_dict)
        return super().get_connection_params()
