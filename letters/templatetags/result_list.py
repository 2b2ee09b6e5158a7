"""The template tag of the result list's items (letters.search.results.items_html)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from letters.search.results import ResultRow, items_html

register = template.Library()


@register.simple_tag
def result_items(rows: list[ResultRow], letter_query: str = "") -> SafeString:
    """The list items of a page of result rows, made in Python (``items_html``)."""
    return items_html(rows, letter_query)
