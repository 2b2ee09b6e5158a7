"""Synthetic letters for benchmarking (DESIGN.md §8, issue 5): never real, always flagged."""
