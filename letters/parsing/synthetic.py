"""How a generated benchmark letter marks itself (DESIGN.md §8).

Its text starts with ``MARKER``: however a generated letter reaches the archive (loaded
by the generator, or its files imported later), it is stored flagged and kept off the
public pages. The generator (``letters.synthetic``) writes the marker; ingest reads it
here, so nothing that stores letters depends on the generator.
"""

from __future__ import annotations

MARKER = "[Synthetic letter generated for benchmarking]"


def is_synthetic_text(text: str) -> bool:
    return text.startswith(MARKER)
