"""The one definition of "moving backwards" that `status`, `diff` and `summary` share, and the one reading of a typed status."""

from __future__ import annotations

import pytest

from actiontrack.model import STATUS_SYNONYMS, STATUSES, is_backwards, read_status, status_hint, unknown_status


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


@pytest.mark.parametrize(("word", "status"), [
    ("done", "completed"), ("Complete", "completed"), ("finished", "completed"), ("DONE", "completed"),
    ("In progress", "in-progress"), ("not_started", "not-started"), ("dropped", "dropped"),
    ("inprogress", None), ("undone", None), ("", None),
])
def test_read_status(word: str, status: str | None) -> None:
    assert read_status(word) == status


@pytest.mark.parametrize(("word", "hint"), [
    ("inprogress", ": did you mean 'in-progress'?"),
    ("completd", ": did you mean 'completed'?"),
    ("finishd", ": did you mean 'completed'?"),  # close to a synonym: the status it stands for
    ("doen", ": did you mean 'completed'?"),
    ("droped", ": did you mean 'dropped'?"),
    # Never the opposite of what was typed: each of these once suggested it, or would.
    ("started", ""), ("undone", ""), ("incomplete", ""), ("unfinished", ""), ("not done", ""),
    ("not-completed", ""), ("xyz", ""),
])
def test_did_you_mean_never_offers_the_opposite(word: str, hint: str) -> None:
    assert status_hint(word) == hint


def test_synonyms_name_real_statuses_and_the_message_lists_them_all() -> None:
    assert set(STATUS_SYNONYMS.values()) <= set(STATUSES)
    assert unknown_status("doen") == ("unknown status 'doen': did you mean 'completed'? (one of: not-started, "
                                      "in-progress, completed, embedded, closed, dropped, unknown)")
