"""Stale evidence (AT510): evidence of impact on a done action that is past re-audit.

An evidence entry stops counting on its `expires` date, or, without one, once it is older than
the plan's `reaudit` interval (a span after its date). An `embedded` or `closed` action whose
every entry on the record has stopped counting has stale evidence: "evidence of impact last
checked 14 months ago". The escalations' `stale-evidence` rule reads the same function, with its
`older_than` standing in for a plan that sets no interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from actiontrack.dates import add_duration, add_span
from actiontrack.errors import WARNING, Finding
from actiontrack.model import Action, Evidence, Plan
from actiontrack.wording import count

STALE_STATUSES = ("embedded", "closed")


@dataclass(frozen=True, slots=True)
class Stale:
    """An action's evidence past re-audit: its newest entry, when the last entry stopped counting,
    how many whole months ago the newest was dated, and why it stopped (`expires`, `reaudit`, `rule`)."""

    newest: Evidence
    since: date
    months: int
    basis: str


def stops(plan: Plan, entry: Evidence, default: tuple[int, str] | None = None) -> tuple[date, str] | None:
    """The day an evidence entry stops counting and why, or None when nothing says it ever does."""
    if entry.expires is not None:
        return entry.expires, "expires"
    span, basis = (plan.reaudit_span, "reaudit") if plan.reaudit_span is not None else (default, "rule")
    if span is None:
        return None
    try:
        # "Older than 12 months": a year to the day still counts; the day after does not.
        return add_span(entry.date, span[0], span[1]) + timedelta(days=1), basis
    except (ValueError, OverflowError):
        return None  # past the calendar's end: it never stops


def stale(plan: Plan, act: Action, as_of: date, default: tuple[int, str] | None = None) -> Stale | None:
    """The action's stale evidence on `as_of`, or None: it is not done, has no evidence on the record
    yet (AT303 and AT505 say so), or some entry still counts."""
    if act.status not in STALE_STATUSES:
        return None
    seen = [e for e in act.evidence if e.date <= as_of]
    if not seen:
        return None
    ends = [stops(plan, e, default) for e in seen]
    if any(end is None or as_of < end[0] for end in ends):
        return None
    last = max(end for end in ends if end is not None)
    newest = max(seen, key=lambda e: e.date)
    return Stale(newest, last[0], months_between(newest.date, as_of), last[1])


def months_between(start: date, end: date) -> int:
    """Whole months from `start` to `end` (0 when under a month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_duration(start, f"P{max(months, 0)}M") > end else months


def why_stale(plan: Plan, found: Stale) -> str:
    """What made it stale, in words: `expired 2012-10-01` or `re-audit every 12 months, due 2012-10-01`."""
    if found.basis == "expires":
        return f"expired {found.since.isoformat()}"
    due = (found.since - timedelta(days=1)).isoformat()
    return f"re-audit every {plan.reaudit}, due {due}" if found.basis == "reaudit" else f"re-audit due {due}"


def check_stale_evidence(plan: Plan, as_of: date) -> list[Finding]:
    """AT510: an embedded or closed action whose evidence of impact has all passed its `expires` date
    or the plan's `reaudit` interval, on `as_of`. Silent for plans that set neither."""
    out: list[Finding] = []
    for _, act in plan.actions():
        found = stale(plan, act, as_of)
        if found is None:
            continue
        e = found.newest
        out.append(Finding(plan.file, e.line, e.col, WARNING, "AT510",
                           f"action '{act.id}' is {act.status}, but its evidence of impact was last checked "
                           f"{count(found.months, 'month')} ago ({e.date.isoformat()}; {why_stale(plan, found)}): "
                           "re-audit it and add the result as a new evidence entry"))
    return out
