"""Escalations: which actions meet each of the repository's escalation rules on a date. Pure.

The rules are data (`.actiontrack.toml`, read by load/config.py); each kind is a function here of
the plans and the date. A rule that needs history ("red in 2 consecutive summaries") gets the
plans as they stood at each earlier summary, read from git by the caller; when they cannot be had,
the rule says so (`unchecked`) rather than finding nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from actiontrack.dates import parse_span, subtract_span
from actiontrack.errors import BeyondCalendar
from actiontrack.load.config import Rule
from actiontrack.load.loader import Unreadable
from actiontrack.model import Action, Plan, Recommendation
from actiontrack.query import states as query
from actiontrack.validate.evidence import stale, why_stale
from actiontrack.wording import count, plural, read_ledger

JSON_VERSION = 2  # 2: `unreadable` items are objects, as in every contract (docs/escalations.md)


@dataclass(frozen=True, slots=True)
class Escalation:
    """One action that meets one rule: where it is, and why it meets it (a sentence and the facts)."""

    plan: str
    recommendation: str
    action: str
    text: str
    owners: tuple[str, ...]
    reason: str
    facts: dict[str, object]
    order: tuple[object, ...] = field(default=(), compare=False, repr=False)

    def to_json(self) -> dict[str, object]:
        """The item as the escalations JSON contract gives it (docs/escalations.md)."""
        return {"plan": self.plan, "recommendation": self.recommendation, "action": self.action, "text": self.text,
                "owners": list(self.owners), "reason": self.reason, "facts": self.facts}


@dataclass(frozen=True, slots=True)
class RuleResult:
    """A rule and what meets it; `unchecked` says why it could not be checked at all (None when it was)."""

    rule: Rule
    items: tuple[Escalation, ...]
    unchecked: str | None = None

    def to_json(self) -> dict[str, object]:
        """The rule's entry in the escalations JSON contract."""
        return {"rule": self.rule.to_json(), "checked": self.unchecked is None, "unchecked": self.unchecked,
                "count": len(self.items), "items": [i.to_json() for i in self.items]}


@dataclass(frozen=True, slots=True)
class Escalations:
    """The `escalations` answer: every rule's result on `as_of`, where the rules came from, and the
    plan files that could not be read (their actions may be missing)."""

    as_of: date
    config: str | None
    results: tuple[RuleResult, ...]
    unreadable: tuple[Unreadable, ...] = ()

    @property
    def found(self) -> bool:
        """Whether any action meets any rule (`--fail-if-any`)."""
        return any(r.items for r in self.results)

    def to_json(self) -> dict[str, object]:
        """The `escalations --format json` contract (docs/escalations.md)."""
        return {"version": JSON_VERSION, "as_of": self.as_of, "config": self.config,
                "rules": [r.to_json() for r in self.results],
                "unreadable": [u.to_json() for u in self.unreadable]}


# The plans as they stood at each earlier summary date, for the `red` rule: None for a date
# before anything was committed; the whole mapping None when there is no history to read.
History = Mapping[date, Sequence[Plan] | None]


def history_dates(rules: Sequence[Rule], as_of: date) -> list[date]:
    """The earlier summary dates the rules need history for, newest first."""
    days: set[date] = set()
    for rule in rules:
        if rule.kind == "red":
            n, unit = parse_span(str(rule.settings["every"]))
            try:
                days.update(subtract_span(as_of, n * k, unit) for k in range(1, int(str(rule.settings["summaries"]))))
            except ValueError as exc:  # the summaries it reads would be before year 1
                why = f"{exc} (the '{rule.name}' rule reads the summaries before it)"
                raise BeyondCalendar("--as-of", why) from None
    return sorted(days, reverse=True)


def evaluate(plans: Sequence[Plan], as_of: date, rules: Sequence[Rule], history: History | None,
             history_gap: str | None = None) -> list[RuleResult]:
    """Each rule's result on `as_of`, in the rules' order. `history_gap` says why `history` is None."""
    plans = sorted(plans, key=lambda p: p.id)
    out = []
    for rule in rules:
        if rule.kind == "red":
            out.append(_red(plans, as_of, rule, history, history_gap))
            continue
        items = [item for plan in plans for rec, act in plan.actions()
                 if (item := _KINDS[rule.kind](plan, rec, act, as_of, rule)) is not None]
        out.append(RuleResult(rule, tuple(sorted(items, key=lambda i: i.order))))
    return out


def _item(plan: Plan, rec: Recommendation, act: Action, reason: str, facts: dict[str, object],
          severity: int) -> Escalation:
    return Escalation(plan.id, rec.id, act.id, act.text, act.owners, reason, facts,
                      (-severity, plan.id, act.line, act.col))


def _is_open(act: Action) -> bool:
    return act.status not in query.CLOSED_STATUSES


def _overdue(plan: Plan, rec: Recommendation, act: Action, as_of: date, rule: Rule) -> Escalation | None:
    if not _is_open(act) and act.recurs is None:
        return None
    state = query.action_state(plan, rec, act, as_of)
    days = state.days_overdue
    if state.state != "overdue" or days is None or days <= int(str(rule.settings["more_than"])):
        return None
    assert state.due is not None
    return _item(plan, rec, act, f"overdue {count(days, 'day')} (due {state.due.isoformat()})",
                 {"due": state.due, "days_overdue": days}, days)


def _silent(plan: Plan, rec: Recommendation, act: Action, as_of: date, rule: Rule) -> Escalation | None:
    if not _is_open(act) or (plan.date is not None and plan.date > as_of):
        return None
    dated = [n.date for n in act.notes if n.date <= as_of]
    last = max(dated, default=None)
    since = last or plan.date
    if since is None:
        return None  # no note and no plan date: nothing to count silence from (validate warns, AT209)
    days = (as_of - since).days
    if days <= int(str(rule.settings["more_than"])):
        return None
    reason = (f"no note for {count(days, 'day')} (last note {since.isoformat()})" if last is not None
              else f"no note in {count(days, 'day')} since the plan was agreed on {since.isoformat()}")
    return _item(plan, rec, act, reason, {"last_note": last, "days": days}, days)


def _moved(plan: Plan, rec: Recommendation, act: Action, as_of: date, rule: Rule) -> Escalation | None:
    if not _is_open(act):
        return None
    moves = [m for n in act.notes if n.date <= as_of and (m := read_ledger(n.text)) is not None and m[0] is not None]
    if len(moves) <= int(str(rule.settings["more_than"])):
        return None
    first, last = moves[0][0], moves[-1][1]
    assert first is not None
    return _item(plan, rec, act,
                 f"due date moved {len(moves)} {plural(len(moves), 'time')} ({first.isoformat()} to "
                 f"{last.isoformat()}, {count((last - first).days, 'day')} in all)",
                 {"moves": len(moves), "first_due": first, "due": last}, len(moves))


def _stale(plan: Plan, rec: Recommendation, act: Action, as_of: date, rule: Rule) -> Escalation | None:
    # The evidence's own `expires`, else the plan's `reaudit`, else the rule's `older_than` (validate's AT510).
    found = stale(plan, act, as_of, parse_span(str(rule.settings["older_than"])))
    if found is None:
        return None  # none at all is validate's AT303 (embedded) or AT505 (closed)
    newest = found.newest.date
    why = "" if found.basis == "rule" else f"; {why_stale(plan, found)}"
    return _item(plan, rec, act,
                 f"evidence of impact last checked {count(found.months, 'month')} ago ({newest.isoformat()}{why})",
                 {"evidence_date": newest, "months": found.months}, (as_of - newest).days)


def _red(plans: Sequence[Plan], as_of: date, rule: Rule, history: History | None, gap: str | None) -> RuleResult:
    if history is None:
        return RuleResult(rule, (), f"needs the ratings at earlier summaries from git history: {gap}")
    days = [as_of, *sorted((d for d in history_dates([rule], as_of)), reverse=True)]
    missing = [d for d in days[1:] if history.get(d) is None]
    if missing:
        return RuleResult(rule, (), f"nothing was committed on or before {missing[-1].isoformat()}, "
                                    "so the ratings then are not known")
    earlier = {d: {(p.id, a.id): rating(r, a) for p in history[d] or () for r, a in p.actions()} for d in days[1:]}
    items = []
    for plan in plans:
        for rec, act in plan.actions():
            if _is_open(act) and rating(rec, act) == "red" and all(earlier[d].get((plan.id, act.id)) == "red"
                                                                   for d in days[1:]):
                listed = ", ".join(d.isoformat() for d in sorted(days))
                items.append(_item(plan, rec, act, f"rated red in {len(days)} consecutive summaries ({listed})",
                                   {"summaries": sorted(days)}, 0))
    return RuleResult(rule, tuple(sorted(items, key=lambda i: i.order)))


def rating(rec: Recommendation, act: Action) -> str | None:
    """The owner's own rating of an action as a colour (`rag`, read through the plan's `rag_scale`),
    else its recommendation's (a Board that rates recommendations rates each of their actions), or None."""
    return act.rag or rec.rag


_KINDS: dict[str, Callable[[Plan, Recommendation, Action, date, Rule], Escalation | None]] = {
    "overdue": _overdue, "silent": _silent, "moved": _moved, "stale-evidence": _stale,
}
