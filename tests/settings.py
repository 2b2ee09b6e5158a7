"""Settings for the test suite: the development settings (debug on: no secret key
needed, static files unhashed, per-process cache)."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from archive.settings import *  # noqa: F403

# Password hashing at production strength takes a third of a second a login; the tests
# check who may log in, not the hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
