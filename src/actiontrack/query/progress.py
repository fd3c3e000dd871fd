"""How far work has moved from its plan: slip against the baseline, completion late, recommendations
as Boards count them, and totals by agency and by theme across plans. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from actiontrack.model import DONE_STATUSES, Action, Plan, Recommendation, agencies_of, themes_of
from actiontrack.query.states import STATES, ActionState, count_states
from actiontrack.wording import read_ledger

# A recommendation takes the most pressing state among its actions that are not done: one overdue
# action makes it overdue, and one not reported keeps it from being on track.
_OPEN_PRIORITY = ("overdue", "due-soon", "unknown", "undated", "on-track")
_DONE_ORDER = ("completed", "embedded", "closed")
DONE_STATES = frozenset(_DONE_ORDER)
NO_AGENCY = "(no agency)"
NO_THEME = "(no theme)"


def moved_from(act: Action) -> date | None:
    """The first target of an action whose due date has moved, else None (it never moved).

    The recorded `baseline` (a transcription, or `reschedule` on the first move), else where the
    first ledger move started from: `reschedule` writes a ledger note for every move
    (wording.ledger_note), and plans rescheduled before `baseline` was recorded have only those.
    """
    if act.baseline is not None:
        return act.baseline
    for note in act.notes:
        move = read_ledger(note.text)
        if move is not None and move[0] is not None:
            return move[0]
    return None


def baseline_of(act: Action) -> date | None:
    """The original target: where the due date moved from, else the due date itself."""
    return moved_from(act) or act.due


def slip_days(act: Action) -> int | None:
    """Days the due date has moved from its first target (+ later, - earlier), or None when it
    never moved (or has no due date)."""
    base = moved_from(act)
    return (act.due - base).days if act.due is not None and base is not None else None


def late_days(act: Action) -> int | None:
    """Days a done action was completed after its due date, or None (on time, or not known).

    A completion dated by month counts as the month's last day, but is late only when the whole
    month falls after the due date: "July 2003" against 15 July might have been on time.
    """
    if act.status not in DONE_STATUSES or act.completed_on is None or act.due is None:
        return None
    if act.completed_month and act.completed_on.replace(day=1) <= act.due:
        return None
    days = (act.completed_on - act.due).days
    return days if days > 0 else None


@dataclass(frozen=True, slots=True)
class RecommendationState:
    """One recommendation on a date: its state from its actions', and those actions' states."""

    plan: Plan
    rec: Recommendation
    state: str  # one of STATES
    actions: tuple[ActionState, ...]

    @property
    def done(self) -> bool:
        """Done when every action that was not dropped is done (and at least one was not dropped)."""
        return self.state in DONE_STATES


def recommendation_state(states: Sequence[ActionState]) -> str:
    """The state of a recommendation whose actions are in `states` (docs/reading.md)."""
    return rolled_up(s.state for s in states)


def rolled_up(action_states: Iterable[str]) -> str:
    """One recommendation's state from its actions' states: the most pressing open state, else (all
    done) the least advanced done state; "dropped" when every action was dropped, or it has none."""
    live = [s for s in action_states if s != "dropped"]
    if not live:
        return "dropped"
    for state in _OPEN_PRIORITY:
        if state in live:
            return state
    for state in _DONE_ORDER:  # every action done: as far as the least advanced of them
        if state in live:
            return state
    return live[0]  # a state outside STATES (none today): shown as it is


def recommendations(rows: Iterable[ActionState]) -> list[RecommendationState]:
    """Each recommendation with rows in `rows` (a filter may leave some out), in file order."""
    grouped: dict[tuple[int, int], list[ActionState]] = {}
    for row in rows:
        grouped.setdefault((id(row.plan), id(row.rec)), []).append(row)
    return [RecommendationState(group[0].plan, group[0].rec, recommendation_state(group), tuple(group))
            for group in grouped.values()]


def count_recommendations(recs: Iterable[RecommendationState]) -> dict[str, int]:
    """How many recommendations are in each state (every state present), and how many are done."""
    recs = list(recs)
    counts = dict.fromkeys(STATES, 0)
    for r in recs:
        counts[r.state] = counts.get(r.state, 0) + 1
    return {"total": len(recs), "done": sum(1 for r in recs if r.done), **counts}


def completed_late(rows: Iterable[ActionState]) -> int:
    """How many of the rows' actions were completed after their due date."""
    return sum(1 for s in rows if late_days(s.action) is not None)


def totals_by(rows: Sequence[ActionState], key: str) -> list[dict[str, object]]:
    """Counts by state for each agency (`key="agency"`) or theme (`key="theme"`), across plans.

    An action counts once under each of its agencies or themes, so the rows can add up to more
    than the total; actions with none are counted under "(no agency)" / "(no theme)", last, so
    that the table accounts for every action. Names compare without case; the first spelling
    met is shown. Ordered by name.
    """
    buckets: dict[str, list[ActionState]] = {}
    shown: dict[str, str] = {}
    for row in rows:
        names = agencies_of(row.plan, row.action) if key == "agency" else themes_of(row.rec, row.action)
        for name in names:
            shown.setdefault(name.casefold(), name)
            buckets.setdefault(name.casefold(), []).append(row)
        if not names:
            buckets.setdefault("", []).append(row)
    out: list[dict[str, object]] = [{key: shown[k], "totals": count_states(buckets[k])}
                                    for k in sorted(k for k in buckets if k)]
    if "" in buckets:
        out.append({key: NO_AGENCY if key == "agency" else NO_THEME, "totals": count_states(buckets[""])})
    return out
