"""Synthetic letters for benchmarking (DESIGN.md §8): never real, always flagged."""

# The first line of every generated text (defined with the parser, which recognises it).
from letters.parsing.synthetic import MARKER

__all__ = ["MARKER"]
