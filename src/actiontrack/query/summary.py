"""The weekly status report: totals by state now and at --since, every overdue action, and what changed. Pure."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from actiontrack.load.loader import Unreadable
from actiontrack.model import DONE_STATUSES, Action, Plan, Recommendation, is_backwards, when_json
from actiontrack.query import states as query
from actiontrack.query.escalations import RuleResult
from actiontrack.query.progress import (
    RecommendationState,
    completed_late,
    count_recommendations,
    late_days,
    recommendations,
    totals_by,
)

# docs/summary.md says what changed in each version: 2 added `escalations`, 3 `basis`,
# `unreadable`, `totals_since`, `overdue` and the `undated` state, 4 `recommendations`,
# `completed_late`, `agencies`, `themes`, the `unknown` state and each item's rating and lateness.
JSON_VERSION = 4
JSON_KEYS = ("version", "as_of", "since", "basis", "unreadable", "totals", "totals_since", "recommendations",
             "completed_late", "plans", "groups", "agencies", "themes", "escalations", "overdue", "newly_overdue",
             "completed", "notes", "due_soon", "rescheduled")


@dataclass(frozen=True, slots=True)
class Basis:
    """Which version of the plans the report read, at each end.

    `now` is the commit read as the plans on --as-of, or None for the files as they are (the
    working tree, or plans outside git); `then` the commit read as the plans on --since, or None
    when the plans then come from the plans now through the as-of rule (query/asof.py).
    """

    git: bool
    now: str | None = None
    now_date: str | None = None
    then: str | None = None
    then_date: str | None = None
    reason: str | None = None  # why git history was not read at all
    # --as-of was given but nothing was committed by then: the files as they are, as of that day.
    no_commit_by_as_of: bool = False

    def to_json(self) -> dict[str, object]:
        """The report's `basis` (docs/summary.md)."""
        return {"git": self.git, "now": {"commit": self.now, "date": self.now_date},
                "since": {"commit": self.then, "date": self.then_date}}


@dataclass(frozen=True, slots=True)
class Summary:
    """The report; every list holds JSON-ready dicts whose keys docs/summary.md lists."""

    as_of: date
    since: date
    basis: Basis
    unreadable: tuple[Unreadable, ...]
    totals: dict[str, int]
    totals_since: dict[str, int]
    recommendations: dict[str, int]  # {total, done, state: count}: Boards count recommendations
    completed_late: int
    plans: list[dict[str, object]]
    groups: list[dict[str, object]]
    agencies: list[dict[str, object]]  # across plans; an action counts under each of its agencies
    themes: list[dict[str, object]]  # across plans: the lessons that recur from review to review
    overdue: list[dict[str, object]]
    newly_overdue: list[dict[str, object]]
    completed: list[dict[str, object]]
    notes: list[dict[str, object]]
    due_soon: list[dict[str, object]]
    rescheduled: list[dict[str, object]]
    escalations: tuple[RuleResult, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The `summary --format json` contract (docs/summary.md)."""
        out: dict[str, object] = {"version": JSON_VERSION}
        for key in JSON_KEYS[1:]:
            value = getattr(self, key)
            if key == "basis":
                value = value.to_json()
            elif key in ("unreadable", "escalations"):
                value = [item.to_json() for item in value]
            out[key] = value
        return out


Found = tuple[Recommendation, Action]


def build_summary(now: Sequence[Plan], then: Mapping[str, Plan], as_of: date, since: date, basis: Basis,
                  unreadable: Sequence[Unreadable] = (), escalations: Sequence[RuleResult] = ()) -> Summary:
    """The report for `as_of`, looking back to `since`.

    Args:
        now: the plans as their record stood on `as_of`.
        then: the same plans as they stood on `since`, by id (from git history, or from the plans
            now through the as-of rule); a plan missing here had not been agreed yet.
        basis, unreadable: carried through for the report's words.
        escalations: each escalation rule's result on `as_of` (query/escalations.py).
    """
    plans = sorted(now, key=lambda p: p.id)
    rows = query.states(plans, as_of)
    old_rows = query.states([then[p.id] for p in plans if p.id in then], since)
    # One pass into buckets: a scan per plan and per group would be quadratic at 1,000 plans.
    by_plan = _buckets(rows, lambda r: r.plan.id)
    by_group = _buckets(rows, lambda r: (r.plan.id, r.rec.group))
    old_by_plan = _buckets(old_rows, lambda r: r.plan.id)
    old_by_group = _buckets(old_rows, lambda r: (r.plan.id, r.rec.group))

    def since_counts(key: Hashable, buckets: Mapping[Hashable, list[query.ActionState]], plan_id: str) -> object:
        return query.count_states(buckets.get(key, [])) if plan_id in then else None

    recs = recommendations(rows)
    recs_by_plan: dict[str, list[RecommendationState]] = {p.id: [] for p in plans}
    for r in recs:
        recs_by_plan[r.plan.id].append(r)
    report = Summary(
        as_of=as_of, since=since, basis=basis, unreadable=tuple(unreadable),
        totals=query.count_states(rows), totals_since=query.count_states(old_rows),
        recommendations=count_recommendations(recs), completed_late=completed_late(rows),
        plans=[{"id": p.id, "title": p.title, "totals": query.count_states(by_plan.get(p.id, [])),
                "totals_since": since_counts(p.id, old_by_plan, p.id),
                "recommendations": count_recommendations(recs_by_plan.get(p.id, [])),
                "completed_late": completed_late(by_plan.get(p.id, []))} for p in plans],
        groups=[{"plan": p.id, "group": g.id, "title": g.title,
                 "totals": query.count_states(by_group.get((p.id, g.id), [])),
                 "totals_since": since_counts((p.id, g.id), old_by_group, p.id)} for p in plans for g in p.groups],
        agencies=totals_by(rows, "agency"), themes=totals_by(rows, "theme"),
        overdue=[], newly_overdue=[], completed=[], notes=[], due_soon=[], rescheduled=[],
        escalations=tuple(escalations),
    )
    newly: set[tuple[str, str]] = set()
    found_then: dict[str, dict[str, Found]] = {}  # each plan then, by action id: one pass, not one per action
    for row in rows:
        old = then.get(row.plan.id)
        before = _find(found_then, old, row.action.id) if old is not None else None
        if row.state == "overdue" and not _overdue_then(old, before, since):
            newly.add((row.plan.id, row.action.id))
        done = _completed(row.action, before, since, as_of)
        if done is not None:
            report.completed.append({**_item(row.plan, row.rec, row.action), **done,
                                     "late_days": late_days(row.action)})
        if before is not None and before[1].due != row.action.due:
            b, a = before[1].due, row.action.due
            report.rescheduled.append({**_item(row.plan, row.rec, row.action), "before": b, "after": a,
                                       "days": (a - b).days if a and b else None})
        report.notes.extend(
            {"plan": row.plan.id, "action": row.action.id, "date": when_json(n.date, n.month), "by": n.by,
             "text": n.text, "status": n.status} for n in row.action.notes if since < n.date <= as_of)
    overdue = query.sort_states([r for r in rows if r.state == "overdue"], "days")
    for row in sorted(overdue, key=lambda r: (r.plan.id, _group_rank(r))):  # stable: most overdue first within
        item = _item(row.plan, row.rec, row.action, with_plan=False)
        is_new = (row.plan.id, row.action.id) in newly
        report.overdue.append({"plan": row.plan.id, "group": row.rec.group, **item, "due": row.due,
                               "days_overdue": row.days_overdue, "rag": row.action.rag, "newly_overdue": is_new})
    for row in overdue:
        if (row.plan.id, row.action.id) in newly:
            report.newly_overdue.append({**_item(row.plan, row.rec, row.action), "due": row.due,
                                         "days_overdue": row.days_overdue, "rag": row.action.rag})
    report.notes.sort(key=lambda n: n["date"])  # type: ignore[arg-type, return-value]  # stable: file order within a day
    # ("2017-12" sorts before "2017-12-01": a month-dated note counts from the month's end, but
    # lists with the month's first day, where a reader looks for it)
    for row in query.due_within(plans, as_of, query.until_date(as_of, query.DUE_SOON_DAYS)):
        report.due_soon.append({**_item(row.plan, row.rec, row.action), "due": row.due,
                                "days": (row.due - as_of).days if row.due else None})
    return report


def _buckets(rows: Sequence[query.ActionState], key: Callable[[query.ActionState], Hashable],
             ) -> dict[Hashable, list[query.ActionState]]:
    out: dict[Hashable, list[query.ActionState]] = {}
    for row in rows:
        out.setdefault(key(row), []).append(row)
    return out


def _overdue_then(old: Plan | None, before: Found | None, since: date) -> bool:
    """Whether the action was overdue on `since` (a plan or action not there then was not)."""
    return old is not None and before is not None and \
        query.action_state(old, before[0], before[1], since).state == "overdue"


def _group_rank(row: query.ActionState) -> int:
    """Groups in the plan's own order; recommendations without a group after them."""
    ids = [g.id for g in row.plan.groups]
    return ids.index(row.rec.group) if row.rec.group in ids else len(ids)


def _item(plan: Plan, rec: Recommendation, act: Action, with_plan: bool = True) -> dict[str, object]:
    head: dict[str, object] = {"plan": plan.id} if with_plan else {}
    return {**head, "recommendation": rec.id, "action": act.id, "text": act.text, "owners": list(act.owners)}


def _find(index: dict[str, dict[str, Found]], plan: Plan, action_id: str) -> Found | None:
    """The first action of `plan` with this id (duplicates are AT201), from `index`, filled once per plan."""
    actions = index.get(plan.id)
    if actions is None:
        actions = index[plan.id] = {}
        for rec, act in plan.actions():
            actions.setdefault(act.id, (rec, act))
    return actions.get(action_id)


def _completed(act: Action, before: Found | None, since: date, as_of: date) -> dict[str, object] | None:
    """A done state reached in the window: `status` reached, `date` of the latest note that records it."""
    if act.status not in DONE_STATUSES:
        return None
    was = before[1].status if before is not None else None
    # Reaching a done state from anywhere else (open, dropped, new) is a completion. Already done
    # then, only a step forward counts (completed -> embedded -> closed), not staying or going back.
    if was in DONE_STATUSES and (was == act.status or is_backwards(was, act.status)):
        return None
    done_notes = [n for n in act.notes if since < n.date <= as_of and n.status in DONE_STATUSES]
    return {"status": act.status, "date": done_notes[-1].date if done_notes else None}
