"""Synthetic letters for benchmarking (DESIGN.md §8, issue 5): never real, always flagged."""

# The first line of every generated text: however a generated letter reaches the
# archive (generate_corpus --load, or --out files imported later), it is flagged.
MARKER = "[Synthetic letter generated for benchmarking]"
