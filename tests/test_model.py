"""The one definition of "moving backwards" that `status`, `diff` and `summary` share."""

from __future__ import annotations

import pytest

from actiontrack.model import STATUSES, is_backwards


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("in-progress", "not-started", True),
    ("completed", "in-progress", True),
    ("closed", "embedded", True),
    ("not-started", "closed", False),
    ("completed", "embedded", False),
    ("completed", "completed", False),
    ("dropped", "not-started", True),  # reopening a dropped action
    ("dropped", "closed", True),
    ("dropped", "dropped", False),
    ("closed", "dropped", False),  # dropping is not a step back: it needs its own reason
    ("in-progress", "dropped", False),
    ("finished", "not-started", False),  # unknown statuses sit outside the order
    ("completed", "finished", False),
])
def test_is_backwards(old: str, new: str, expected: bool) -> None:
    assert is_backwards(old, new) is expected


def test_nothing_is_backwards_to_itself() -> None:
    assert not any(is_backwards(s, s) for s in STATUSES)
