"""What the Board outputs share: each action's agency and baseline, recommendations rolled up, counts by key.

Pure functions of plans and action states. The Board pack (query/boardpack), the workbook
(query/workbook) and the calendar (query/calendar) read an action the same way through these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date

from actiontrack.model import Action, Plan, Recommendation
from actiontrack.query.states import STATES, ActionState, Filters, count_states, states
from actiontrack.wording import read_ledger

# A recommendation stands where its least advanced action stands: one overdue action makes it
# overdue, and it is done only when every action is. An action with no date (or no report) keeps
# it off "on track", as it keeps the action itself off. States not in STATES (yet) are skipped.
ROLLUP_ORDER = tuple(s for s in ("overdue", "due-soon", "unknown", "undated", "on-track", "completed",
                                 "embedded", "closed", "dropped") if s in STATES)


def agency_of(plan: Plan, rec: Recommendation) -> str:
    """Who an action belongs to on a Board paper: its recommendation's group (agency, standard or
    heading), or the plan's organisation when the plan has no groups."""
    return plan.group_title(rec.group) or plan.organisation


def baseline_of(act: Action) -> date | None:
    """The original target: where the first ledger move started from, else the due date itself.

    The ledger notes `reschedule` writes record every move (wording.ledger_note), so the first one
    says what the date was before anything moved.
    """
    for note in act.notes:
        move = read_ledger(note.text)
        if move is not None and move[0] is not None:
            return move[0]
    return act.due


def slip_days(act: Action) -> int | None:
    """Days the due date has moved from its baseline (+ later), or None without both dates."""
    base = baseline_of(act)
    return (act.due - base).days if act.due is not None and base is not None else None


def rollup(action_states: Iterable[str]) -> str:
    """One recommendation's state from its actions' states (ROLLUP_ORDER: the least advanced wins)."""
    present = set(action_states)
    for state in ROLLUP_ORDER:
        if state in present:
            return state
    return "dropped"  # a recommendation with no actions: nothing is open


def recommendation_counts(rows: Iterable[ActionState]) -> dict[str, int]:
    """Recommendations counted by their rolled-up state, every state present (zero included)."""
    by_rec: dict[tuple[str, str], list[str]] = {}
    for s in rows:
        by_rec.setdefault((s.plan.id, s.rec.id), []).append(s.state)
    counts = dict.fromkeys(STATES, 0)
    for found in by_rec.values():
        counts[rollup(found)] += 1
    return counts


def counts_by(rows: Iterable[ActionState], key: Callable[[ActionState], str]) -> dict[str, dict[str, int]]:
    """Rows counted by state under each key, keys in first-seen order."""
    grouped: dict[str, list[ActionState]] = {}
    for s in rows:
        grouped.setdefault(key(s), []).append(s)
    return {k: count_states(v) for k, v in grouped.items()}


def plans_by(rows: Iterable[ActionState], key: Callable[[ActionState], str]) -> dict[str, tuple[str, ...]]:
    """The plans each key's rows come from, in first-seen order (an agency named in several plans)."""
    found: dict[str, dict[str, None]] = {}
    for s in rows:
        found.setdefault(key(s), {})[s.plan.id] = None
    return {k: tuple(v) for k, v in found.items()}


def agency_key(s: ActionState) -> str:
    """The key `counts_by` groups agencies under."""
    return agency_of(s.plan, s.rec)


def behind_first(counts: dict[str, dict[str, int]]) -> list[str]:
    """Keys ordered most overdue first, then alphabetically: which agency is behind, at a glance."""
    return sorted(counts, key=lambda k: (-counts[k]["overdue"], k.casefold(), k))


def only_matching(plans: Sequence[Plan], filters: Filters) -> list[Plan]:
    """The plans with only the actions `filters` keeps (recommendations and plans left empty dropped).

    What a filter matched can then be redacted: an owner's initials still find their actions
    before `--redact` replaces them by a role.
    """
    kept_ids = {(s.plan.id, s.rec.id, s.action.id) for s in states(plans, date.min, filters)}
    out = []
    for plan in plans:
        recs = tuple(replace(rec, actions=tuple(a for a in rec.actions if (plan.id, rec.id, a.id) in kept_ids))
                     for rec in plan.recommendations)
        recs = tuple(rec for rec in recs if rec.actions)
        if recs:
            out.append(replace(plan, recommendations=recs))
    return out
