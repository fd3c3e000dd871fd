"""What a listing says about what it could not see: unreadable plans, and open actions with no date to judge.

Shared by overdue, due, show and list (query/listings.py), so the wording is in one place (wording.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from actiontrack import wording
from actiontrack.load.loader import Unreadable, unreadable_notice

if TYPE_CHECKING:
    from actiontrack.query.states import ActionState


def notices_of(unreadable: Sequence[Unreadable]) -> tuple[str, ...]:
    """What a listing tells people above its rows about the files it could not read (JSON lists them)."""
    return tuple(unreadable_notice(unreadable))


def empty_sentence(sentence: str, unreadable: Sequence[Unreadable]) -> str:
    """What an empty listing says: its sentence, qualified when some plans could not be read."""
    return sentence.removesuffix(".") + " in the plans that could be read." if unreadable else sentence


def not_judged_json(unjudged: Sequence[ActionState]) -> dict[str, object]:
    """`not_judged` of the overdue and due contracts: the open actions with no readable due date, by state."""
    undated = sum(s.state == "undated" for s in unjudged)
    return {"not_judged": {"undated": undated, "unknown": len(unjudged) - undated}}


def judged_lines(head: str | None, empty: str, unjudged: Sequence[ActionState], question: str,
                  unreadable: Sequence[Unreadable]) -> tuple[str | None, str]:
    """The count line and the empty sentence of overdue and due, saying what could not be judged.

    Never an all-clear over actions nobody can date: "Nothing overdue on D among the actions with
    a due date. 16 open actions have no readable due date, ... see them with actiontrack show X."
    """
    if not unjudged:
        return head, empty_sentence(empty, unreadable)
    undated = sum(s.state == "undated" for s in unjudged)
    plans = sorted({s.plan.id for s in unjudged})
    said = wording.not_judged(undated, len(unjudged) - undated, plans, question) + "."
    qualified = empty_sentence(empty.removesuffix(".") + " among the actions with a due date.", unreadable)
    return (f"{head}. {said}" if head else said), f"{qualified} {said}"
