"""Template tags of the open-data pieces shown on the pages."""

from __future__ import annotations

from django import template

from letters.opendata.citing import citation_text
from letters.opendata.exports import FORMATS, ExportFormat

register = template.Library()


@register.simple_tag(takes_context=True)
def letter_citation(context, letter) -> str:
    """The UN style citation of ``letter`` (letters.opendata.citing.citation_text), from the
    symbols the letter page has already read: no query of its own."""
    request = context["request"]
    return citation_text(
        title=letter.title,
        symbols=[s.symbol for s in letter.symbols.all()],
        distribution_date=letter.distribution_date,
        url=request.build_absolute_uri(letter.get_absolute_url()),
    )


@register.simple_tag
def export_formats() -> list[ExportFormat]:
    """The formats a search's matches can be exported in, for its links."""
    return list(FORMATS.values())
