"""URLs of one int or slug argument, reversed once per process.

A page of results links some sixty names, a session's page a hundred agenda topics:
reversing each took a tenth of such a page's Python time. ``link_url`` reverses a URL
name once, with a marker for its argument, and fills the argument in afterwards. Only
for converters that take the argument as it is (int, slug): others quote it.
"""

from __future__ import annotations

import functools

from django.urls import reverse

_MARKER = "7777777"  # an argument every converter of these URLs takes (int, slug)


@functools.cache
def _link_pattern(name: str) -> str:
    return reverse(name, args=[_MARKER]).replace(_MARKER, "{}")


def link_url(name: str, argument: int | str) -> str:
    """``reverse(name, args=[argument])`` for a URL of one int or slug argument."""
    return _link_pattern(name).format(argument)
