"""The bounds every reader of a plan file works within (docs/validation.md#limits).

Plain numbers, apart from the reader: finding and reading files (discover) needs the size limit
without paying for the YAML reader's patterns, which a warm run never uses.
"""

from __future__ import annotations

# The bounds every command works within (docs/validation.md#limits): past one, a located finding
# and no plan, quickly, whatever the file holds.
MAX_BYTES = 2 * 1024 * 1024  # a 50-action plan is ~20 KB; 2 MiB leaves room for 100x that
MAX_LINES = 100_000  # a plan has a few thousand at most; every per-line reader (the privacy guard) is bounded by it
MAX_DEPTH = 50  # mappings and lists inside one another: a plan needs 7 (plan, recommendations, ..., a note)
MAX_KEYS = 1000  # keys in one mapping: the format's largest mapping is the people key
MAX_ITEMS = 10_000  # items in one list: recommendations, actions or notes; real plans have hundreds at most
MAX_FINDINGS = 1000  # structural findings in one file: past them the file is not a plan being fixed


def within_limits(data: bytes) -> bool:
    """Whether the bytes are within the size and line limits, so that per-line readers may read them."""
    return len(data) <= MAX_BYTES and max(data.count(b"\n"), data.count(b"\r")) <= MAX_LINES
