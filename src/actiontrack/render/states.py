"""How the states read and look on the Board outputs (HTML pack, workbook): labels, meanings, RAG colours.

The terminal's colours are render/console.py's; these are for paper and screens, where the fill
carries the state and the text on it must stay readable (and print in greyscale as distinct tones).
"""

from __future__ import annotations

from actiontrack.query.states import DUE_SOON_DAYS, STATES

STATE_LABELS = {
    "overdue": "Overdue",
    "due-soon": "Due soon",
    "on-track": "On track",
    "undated": "No date",
    "unknown": "Not reported",
    "completed": "Completed",
    "embedded": "Embedded",
    "closed": "Closed",
    "dropped": "Dropped",
}
STATE_MEANINGS = {
    "overdue": "open and past its due date, or past its next review",
    "due-soon": f"open and due within {DUE_SOON_DAYS} days",
    "on-track": "open and due later",
    "undated": "open, with no readable due date and no cadence: it cannot be on track",
    "unknown": "not reported: nobody has said where it stands",
    "completed": "done",
    "embedded": "done, and evidence of impact has been verified",
    "closed": "done and signed off by the Board or Partnership",
    "dropped": "withdrawn or superseded",
}
# (fill, text on it), as hex RGB.
STATE_COLOURS = {
    "overdue": ("c62828", "ffffff"),  # red
    "due-soon": ("f2a900", "000000"),  # amber
    "on-track": ("2e7d32", "ffffff"),  # green
    "undated": ("7b1fa2", "ffffff"),  # purple: neither green nor red, never missed
    "unknown": ("6d4c41", "ffffff"),  # brown
    "completed": ("1565c0", "ffffff"),  # blue
    "embedded": ("0d3c78", "ffffff"),  # dark blue
    "closed": ("546e7a", "ffffff"),  # slate
    "dropped": ("bdbdbd", "000000"),  # grey
}


def shown_states() -> list[str]:
    """The states in STATES order (every one the Board outputs can draw)."""
    return [s for s in STATES if s in STATE_LABELS]
