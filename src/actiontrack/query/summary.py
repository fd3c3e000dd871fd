"""The weekly status report: totals by state, and what changed between two dates. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from actiontrack.model import DONE_STATUSES, Action, Note, Plan, Recommendation, is_backwards
from actiontrack.query import states as query
from actiontrack.query.escalations import RuleResult
from actiontrack.wording import read_ledger

# Version 2 adds `escalations` (docs/summary.md).
JSON_VERSION = 2
JSON_KEYS = ("as_of", "since", "totals", "plans", "groups", "escalations", "newly_overdue", "completed", "notes",
             "due_soon", "rescheduled")


@dataclass(frozen=True, slots=True)
class Basis:
    """What the report compared, for people (not part of the JSON): git commits, or notes' dates.

    `now` is a commit id or "WORKTREE"; `then` the commit at `since`, or None when there was none.
    """

    kind: str  # "git" or "notes"
    now: str | None = None
    now_date: str | None = None
    then: str | None = None
    then_date: str | None = None
    reason: str | None = None  # why notes' dates were used


@dataclass(frozen=True, slots=True)
class Summary:
    """The report; every list holds JSON-ready dicts whose keys docs/summary.md lists."""

    as_of: date
    since: date
    totals: dict[str, int]
    plans: list[dict[str, object]]
    groups: list[dict[str, object]]
    newly_overdue: list[dict[str, object]]
    completed: list[dict[str, object]]
    notes: list[dict[str, object]]
    due_soon: list[dict[str, object]]
    rescheduled: list[dict[str, object]]
    basis: Basis
    escalations: tuple[RuleResult, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The `summary --format json` contract (docs/summary.md)."""
        out: dict[str, object] = {"version": JSON_VERSION}
        for key in JSON_KEYS:
            out[key] = [r.to_json() for r in self.escalations] if key == "escalations" else getattr(self, key)
        return out


Found = tuple[Recommendation, Action]


def build_summary(now: Sequence[Plan], then: Sequence[Plan] | None, as_of: date, since: date,
                  basis: Basis, escalations: Sequence[RuleResult] = ()) -> Summary:
    """The report for `as_of`, looking back to `since`.

    Args:
        now: the plans as they stand at `as_of`.
        then: the plans as they stood at `since` (git history), or None to read the window from
            the notes' dates alone. A plan missing from `then` is read from its notes too.
        basis: carried through for the report's heading.
        escalations: each escalation rule's result on `as_of` (query/escalations.py).
    """
    plans = sorted(now, key=lambda p: p.id)
    past = {p.id: p for p in then} if then is not None else {}
    rows = query.states(plans, as_of)
    # One pass into buckets: a scan per plan and per group would be quadratic at 1,000 plans.
    by_plan: dict[str, list[query.ActionState]] = {p.id: [] for p in plans}
    by_group: dict[tuple[str, str | None], list[query.ActionState]] = {}
    for row in rows:
        by_plan[row.plan.id].append(row)
        by_group.setdefault((row.plan.id, row.rec.group), []).append(row)
    report = Summary(
        as_of=as_of, since=since, totals=query.count_states(rows),
        plans=[{"id": p.id, "title": p.title, "totals": query.count_states(by_plan[p.id])} for p in plans],
        groups=[{"plan": p.id, "group": g.id, "title": g.title,
                 "totals": query.count_states(by_group.get((p.id, g.id), []))} for p in plans for g in p.groups],
        newly_overdue=[], completed=[], notes=[], due_soon=[], rescheduled=[], basis=basis,
        escalations=tuple(escalations),
    )
    overdue_rows = []
    for row in rows:
        old = past.get(row.plan.id)
        before = _find(old, row.action.id) if old is not None else None
        window = [n for n in row.action.notes if since < n.date <= as_of]
        if row.state == "overdue" and not _overdue_then(row, old, before, since):
            overdue_rows.append(row)
        done = _completed(row.action, old, before, window)
        if done is not None:
            report.completed.append({**_item(row.plan, row.rec, row.action), **done})
        moved = _moved(row.action, old, before, window)
        if moved is not None:
            report.rescheduled.append({**_item(row.plan, row.rec, row.action), **moved})
        report.notes.extend(
            {"plan": row.plan.id, "action": row.action.id, "date": n.date, "by": n.by, "text": n.text,
             "status": n.status} for n in window)
    for row in query.sort_states(overdue_rows, "days"):
        report.newly_overdue.append({**_item(row.plan, row.rec, row.action), "due": row.due,
                                     "days_overdue": row.days_overdue})
    report.notes.sort(key=lambda n: n["date"])  # type: ignore[arg-type, return-value]  # stable: file order within a day
    for row in query.due_within(plans, as_of, query.until_date(as_of, query.DUE_SOON_DAYS)):
        report.due_soon.append({**_item(row.plan, row.rec, row.action), "due": row.due,
                                "days": (row.due - as_of).days if row.due else None})
    return report


def _item(plan: Plan, rec: Recommendation, act: Action) -> dict[str, object]:
    return {"plan": plan.id, "recommendation": rec.id, "action": act.id, "text": act.text,
            "owners": list(act.owners)}


def _find(plan: Plan, action_id: str) -> Found | None:
    for rec, act in plan.actions():
        if act.id == action_id:
            return rec, act
    return None


def _overdue_then(row: query.ActionState, old: Plan | None, before: Found | None, since: date) -> bool:
    if old is None:
        # No history for this plan: assume it read then as it reads now, and ask the calendar.
        return query.action_state(row.plan, row.rec, row.action, since).state == "overdue"
    if before is None:
        return False  # the action is new since then
    return query.action_state(old, before[0], before[1], since).state == "overdue"


def _completed(act: Action, old: Plan | None, before: Found | None, window: list[Note]) -> dict[str, object] | None:
    done_notes = [n for n in window if n.status in DONE_STATUSES]
    when = done_notes[-1].date if done_notes else None
    if old is None:
        if not done_notes:
            return None
        return {"status": done_notes[-1].status, "date": when}
    if act.status not in DONE_STATUSES:
        return None
    was = before[1].status if before is not None else None
    # Reaching a done state from anywhere else (open, dropped, new) is a completion. Already done
    # then, only a step forward counts (completed -> embedded -> closed), not staying or going back.
    if was in DONE_STATUSES and (was == act.status or is_backwards(was, act.status)):
        return None
    return {"status": act.status, "date": when}


def _moved(act: Action, old: Plan | None, before: Found | None, window: list[Note]) -> dict[str, object] | None:
    if old is None:
        moves = [m for m in (_ledger(n) for n in window) if m is not None]
        if not moves:
            return None
        # Several moves in one window: from where the first started to where the last ended.
        first, last = moves[0][0], moves[-1][1]
        return {"before": first, "after": last, "days": (last - first).days}
    if before is None or before[1].due == act.due:
        return None
    b, a = before[1].due, act.due
    return {"before": b, "after": a, "days": (a - b).days if a and b else None}


def _ledger(note: Note) -> tuple[date, date] | None:
    """The dates of a `Due date moved from A to B (+N days): reason` note, or None.

    A first date set ("Due date set to B") is not a move: there is nothing it moved from.
    """
    move = read_ledger(note.text)
    if move is None or move[0] is None:
        return None
    return move[0], move[1]
