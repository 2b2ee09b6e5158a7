"""Settings for the test suite: the development settings (debug on: no secret key
needed, static files unhashed, per-process cache) plus ``replica``, a read replica
that Django's test runner points at the test database (``TEST: MIRROR``).

``replica`` is not in ``DATABASE_REPLICAS``, so reads stay on ``default`` unless a
test (tests/archive/test_routers.py) adds it there.
"""

from __future__ import annotations

import copy
import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from archive.settings import *  # noqa: F403
from archive.settings import DATABASES

DATABASES["replica"] = {**copy.deepcopy(DATABASES["default"]), "TEST": {"MIRROR": "default"}}

# Password hashing at production strength takes a third of a second a login; the tests
# check who may log in, not the hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Per-client limits (archive.limits) off: every test is one client at 127.0.0.1 asking
# faster than any visitor, and the limits' statements would count in the tests that pin
# query counts. tests/archive/test_limits.py turns them on.
LETTERS_PAGE_RATE = LETTERS_API_RATE = LETTERS_EXPORT_RATE = ""
LETTERS_FEED_RATE = LETTERS_OAI_RATE = ""
LETTERS_CLIENT_HEAVY_REQUESTS = LETTERS_HOST_BULK_REQUESTS = 0
# Tests read a search page's context, which a page served from the cache has not: pages
# are computed every time, except in the tests of the cache itself (tests/search/test_speed.py).
LETTERS_SEARCH_CACHE_SECONDS = 0
