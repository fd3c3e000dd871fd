"""The as-of rule: a plan as its own record stood on a date, the one way every reading command sees the past.

`--as-of` does not only move "today": what the record says happened after that day had not
happened yet (docs/reading.md, "As the record stood"). A plan agreed after the day did not exist;
a note or evidence entry dated after it is left out; an action whose status was set by a later
note has the status before that note; a status whose record is all later is not yet that status
(embedded with no evidence yet, closed with no sign-off note yet: completed at most; dropped with
no note yet: open); a due date moved by a later reschedule note (the slippage ledger) is the date
before the move. Pure: plans and a date in, plans out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from actiontrack.model import DONE_STATUSES, Action, Plan, Recommendation
from actiontrack.wording import read_ledger

# The status an action has when the notes before the day record none.
FIRST_STATUS = "not-started"


def plans_as_of(plans: Iterable[Plan], day: date) -> list[Plan]:
    """Every plan as its record stood on `day`; plans agreed after it are left out."""
    return [p for p in (plan_as_of(plan, day) for plan in plans) if p is not None]


def plan_as_of(plan: Plan, day: date) -> Plan | None:
    """The plan as its record stood on `day`, or None when it was agreed after that day.

    The plan itself comes back when nothing in it is dated after `day` (the common case: today).
    """
    if plan.date is not None and plan.date > day:
        return None
    if record_end(plan) <= day:
        return plan
    recs = tuple(_recommendation_as_of(plan, rec, day) for rec in plan.recommendations)
    signed = plan.completed_by
    if signed is not None and signed.date is not None and signed.date > day:
        signed = None  # signed off later: not yet
    return dataclasses.replace(plan, recommendations=recs, completed_by=signed)


def record_end(plan: Plan) -> date:
    """The latest date anything in the plan's record carries: the plan's date, notes, evidence,
    amendments, sign-off and completion dates. On or after it, the plan as written is the plan as it
    stood."""
    end = plan.date or date.min
    if plan.completed_by is not None and plan.completed_by.date is not None:
        end = max(end, plan.completed_by.date)
    for rec in plan.recommendations:
        for amendment in rec.amendments:
            if amendment.date is not None and amendment.date > end:
                end = amendment.date
        for act in rec.actions:
            if act.completed_on is not None and act.completed_on > end:
                end = act.completed_on
            for note in act.notes:
                if note.date > end:
                    end = note.date
            for ev in act.evidence:
                if ev.date > end:
                    end = ev.date
    return end


def _recommendation_as_of(plan: Plan, rec: Recommendation, day: date) -> Recommendation:
    actions = tuple(action_as_of(plan, act, day) for act in rec.actions)
    amendments = tuple(a for a in rec.amendments if a.date is None or a.date <= day)
    if amendments == rec.amendments and all(a is b for a, b in zip(actions, rec.actions)):
        return rec
    return dataclasses.replace(rec, actions=actions, amendments=amendments)


def action_as_of(plan: Plan, act: Action, day: date) -> Action:
    """One action as its record stood on `day` (see the module docstring for the rule)."""
    later = [n for n in act.notes if n.date > day]
    later_evidence = any(e.date > day for e in act.evidence)
    # Done after the day (a month-dated completion counts from the month's last day): not yet.
    later_done = act.completed_on is not None and act.completed_on > day
    if not later and not later_evidence and not later_done:
        return act
    notes = tuple(n for n in act.notes if n.date <= day)
    changes: dict[str, object] = {
        "notes": notes,
        "evidence": tuple(e for e in act.evidence if e.date <= day),
    }
    if later_done:
        changes.update(completed_on=None, completed_month=False)
    if any(n.status for n in later) or (later_done and act.status in DONE_STATUSES):
        # Set by a later note: the status before it is the latest status an earlier note records.
        recorded = [n for n in notes if n.status]
        # sorted() is stable: of two notes on one day, the later in the file wins.
        changes["status"] = sorted(recorded, key=lambda n: n.date)[-1].status if recorded else FIRST_STATUS
    status = changes.get("status", act.status)
    if (status == "embedded" and not changes["evidence"]) or (status == "closed" and not notes):
        # Embedded needs evidence (AT303), closed its sign-off note (AT305): with neither yet on the
        # day, it was at most completed then (a status written by hand carries no date of its own).
        changes["status"] = "completed"
    elif status == "dropped" and not notes:
        # Dropped needs the note saying why (AT304): before that note it was still open.
        changes["status"] = FIRST_STATUS
    moves = [m for m in (read_ledger(n.text) for n in sorted(later, key=lambda n: n.date)) if m is not None]
    if moves:
        changes.update(_due_before(plan, act, moves[0][0]))
    return dataclasses.replace(act, **changes)  # type: ignore[arg-type]  # the fields named above


def _due_before(plan: Plan, act: Action, before: date | None) -> dict[str, object]:
    """The schedule fields before a ledger move: the date it moved from, or, when the note set a
    first date ("Due date set to"), what the timescale wording alone gives."""
    if before is not None:
        return {"due_given": before, "due": before, "kind": "date"}
    from actiontrack.timescale import parse_timescale

    # Read as the loader reads it (load/build.py): "within 6 months of publication" needs `published`.
    ts = parse_timescale(act.timescale, plan_date=plan.date, published=plan.published) if act.timescale else None
    return {"due_given": None, "due": ts.due if ts else None, "kind": ts.kind if ts else "unknown",
            "recurs": ts.recurs if ts else None, "starts": ts.starts if ts else None}
