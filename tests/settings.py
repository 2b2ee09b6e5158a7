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

# Tests read a search page's context, which a page served from the cache has not: pages
# are computed every time, except in the tests of the cache itself (tests/search/test_speed.py).
LETTERS_SEARCH_CACHE_SECONDS = 0
