"""What the Board outputs share: each action's agency, counts by key.

Pure functions of plans and action states. The Board pack (query/boardpack), the workbook
(query/workbook) and the calendar (query/calendar) read an action the same way through these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date

from actiontrack.model import Action, Plan, Recommendation, agencies_of
from actiontrack.query.states import ActionState, Filters, count_states, states


def agency_of(plan: Plan, rec: Recommendation, act: Action | None = None) -> str:
    """Who an action belongs to on a Board paper: its own agency, or its owners' in the people key
    (several, joined: "Police; Council", shared work shown as shared), else its recommendation's
    group (agency, standard or heading), else the plan's organisation."""
    own = agencies_of(plan, act) if act is not None else ()
    return "; ".join(own) if own else plan.group_title(rec.group) or plan.organisation


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
    return agency_of(s.plan, s.rec, s.action)


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
