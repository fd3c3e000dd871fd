"""Pure queries over loaded plans: each action's state on a date, filters and sorts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

# The vocabulary, not the model: the warm `overdue --format json` classifies cached rows with
# classify() and never builds a model, so it never pays for model's dataclasses.
from actiontrack.errors import BeyondCalendar
from actiontrack.vocabulary import DONE_STATUSES

if TYPE_CHECKING:
    from actiontrack.model import Action, Note, Plan, Recommendation

DUE_SOON_DAYS = 14
# The listings' JSON contract (docs/reading.md): {"version": 2, ...meta, "rows": [...], "unreadable": [...]}.
# Version 1 was a bare array of rows. (query/table.py re-exports it.)
JSON_VERSION = 2
# `overdue` and `due` are at version 3: `not_judged` ({"undated": N, "unknown": N}) after the rows.
JUDGED_VERSION = 3
# Done or dropped: never overdue. Any other status (an unknown one included, which load
# reports as AT302) counts as open, as classify() treats it.
CLOSED_STATUSES = DONE_STATUSES | {"dropped"}
# Row states, in the order `list` counts them and `show` colours them (COORDINATION.md item 1).
# `undated`: open with no readable date; `unknown`: the status is not reported (such an action is
# overdue once its date has passed).
STATES = ("overdue", "due-soon", "on-track", "undated", "unknown", "completed", "embedded", "closed", "dropped")


@dataclass(frozen=True, slots=True)
class ActionState:
    """One action seen on one date: where it stands and when it is (next) due."""

    plan: Plan
    rec: Recommendation
    action: Action
    state: str  # one of STATES
    due: date | None  # the date that decides the state: next review for recurring actions
    days_overdue: int | None  # days past `due` when overdue, else None

    @property
    def latest_note(self) -> Note | None:
        """The last note in the record (notes are kept oldest first), or None."""
        return self.action.notes[-1] if self.action.notes else None


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters every listing command shares; empty means no filter."""

    owners: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()


def action_state(plan: Plan, rec: Recommendation, act: Action, as_of: date) -> ActionState:
    """Classify one action on `as_of` (see docs/reading.md for the rules)."""
    state, due, days = classify(act.status, act.recurs, next_due(plan, act), as_of)
    return ActionState(plan, rec, act, state, due, days)


def classify(status: str, recurs: str | None, due: date | None, as_of: date) -> tuple[str, date | None, int | None]:
    """(state, the date that decides it, days overdue) from an action's status and next due date.

    The one place the state rules live: `action_state` and the cached overdue rows both call it.
    """
    if status == "dropped":
        state = "dropped"
    elif status in DONE_STATUSES:
        # A recurring action that was completed comes due again one cadence after completion.
        if status == "completed" and recurs and due is not None and due < as_of:
            state = "overdue"
        else:
            state = status
            due = due if status == "completed" and recurs else None
    elif due is not None and due < as_of:
        state = "overdue"  # whatever is or is not reported: the date has passed and nobody said done
    elif status == "unknown":
        state = "unknown"  # not reported: never on track, never not started
    elif due is None:
        # No readable date and no cadence ("Ongoing", "TBC", none given): nothing says it is on
        # track, so it is never counted or coloured as if it were.
        state = "undated"
    elif (due - as_of).days <= DUE_SOON_DAYS:
        state = "due-soon"
    else:
        state = "on-track"
    days = (as_of - due).days if state == "overdue" and due is not None else None
    return state, due, days


def can_be_overdue(status: str, recurs: str | None, due: date | None) -> bool:
    """Whether classify() can say "overdue" on some date: an open action with a due date, or a completed
    recurring one that comes due again. Dropped and done actions, and undated ones, never are."""
    if due is None or status == "dropped":
        return False
    return status not in DONE_STATUSES or (status == "completed" and bool(recurs))


def next_due(plan: Plan, act: Action) -> date | None:
    """The date an action is next due: its due date, or the next review of a recurring one."""
    if act.recurs is None:
        return act.due
    try:
        return _next_review(plan, act)
    except ValueError:  # the next review would fall after year 9999: there is none
        return None


def _next_review(plan: Plan, act: Action) -> date | None:
    from actiontrack.dates import add_duration  # only a recurring action's next review is counted

    assert act.recurs is not None
    if act.status == "completed":
        done = _last_completion(act)
        if done is not None:
            return add_duration(done, act.recurs)
        return act.due
    if act.status not in CLOSED_STATUSES and act.kind == "ongoing":  # open (an unknown word too)
        # Ongoing with a cadence: a note is expected every period, counted from the plan date (or
        # from the day the work starts, when that is later: "April 2013 - ongoing, quarterly").
        starts = max((d for d in (plan.date, act.starts) if d is not None), default=None)
        last = max((n.date for n in act.notes), default=starts)
        return add_duration(last, act.recurs) if last is not None else None
    return act.due


def _last_completion(act: Action) -> date | None:
    marked = [n.date for n in act.notes if n.status in DONE_STATUSES]
    if marked:
        return max(marked)
    return max((n.date for n in act.notes), default=None)


def states(plans: Iterable[Plan], as_of: date, filters: Filters = Filters(),
           until: date | None = None) -> list[ActionState]:
    """Every action's state, filtered, in file order.

    With `until`, only actions that can be overdue or due by then are classified: the rest
    (done and non-recurring, or due later) are skipped before any state is built.
    """
    out = []
    for plan in plans:
        if filters.plans and plan.id not in filters.plans:
            continue
        for rec, act in plan.actions():
            if filters.groups and not group_matches(plan, rec.group, filters.groups):
                continue
            if filters.statuses and act.status not in filters.statuses:
                continue
            if until is not None and act.recurs is None and (
                    act.status in CLOSED_STATUSES or act.due is None or act.due > until):
                continue  # can be neither overdue nor due by `until`: no need to classify it
            if _kept(plan, rec, act, filters):
                out.append(action_state(plan, rec, act, as_of))
    return out


def _kept(plan: Plan, rec: Recommendation, act: Action, filters: Filters) -> bool:
    """Whether an action passes the filters (the plan filter aside: the callers test it per plan)."""
    return ((not filters.groups or group_matches(plan, rec.group, filters.groups))
            and (not filters.statuses or act.status in filters.statuses)
            and (not filters.owners or owner_matches(plan, act, filters.owners))
            and (not filters.agencies or agency_matches(plan, act, filters.agencies))
            and (not filters.themes or theme_matches(rec, act, filters.themes)))


def not_judged(plans: Iterable[Plan], as_of: date, filters: Filters = Filters()) -> list[ActionState]:
    """The open actions (filtered) with no readable next due date: `overdue` and `due` cannot say
    whether they are late or due, so their answers count them instead of looking complete.

    Their state is `undated`, or `unknown` when the status is not reported (docs/reading.md).
    """
    out = []
    for plan in plans:
        if filters.plans and plan.id not in filters.plans:
            continue
        for rec, act in plan.actions():
            # Cheap tests first: at 50,000 actions only the few undated open ones reach the filters.
            if act.status not in CLOSED_STATUSES and next_due(plan, act) is None and _kept(plan, rec, act, filters):
                out.append(action_state(plan, rec, act, as_of))
    return out


def overdue(plans: Iterable[Plan], as_of: date, filters: Filters = Filters(), sort: str = "days") -> list[ActionState]:
    """Open actions past their due date (and recurring ones past their next review)."""
    return sort_states([s for s in states(plans, as_of, filters, until=as_of) if s.state == "overdue"], sort)


def due_within(plans: Iterable[Plan], as_of: date, until: date, filters: Filters = Filters(),
               sort: str = "due") -> list[ActionState]:
    """Open (or recurring completed) actions whose due date falls between as_of and until."""
    rows = [
        s for s in states(plans, as_of, filters, until=until)
        if s.state in ("due-soon", "on-track", "unknown", "completed") and s.due is not None
        and as_of <= s.due <= until and (s.action.status not in CLOSED_STATUSES or s.action.recurs)
    ]
    return sort_states(rows, sort)


def sort_states(rows: list[ActionState], key: str) -> list[ActionState]:
    """Stable orders: most overdue first, soonest due first, by plan, or by first owner."""
    def row_key(s: ActionState) -> tuple[object, ...]:
        owner = owner_label(s.plan, s.action.owners[0]).casefold() if key == "owner" and s.action.owners else ""
        return sort_key(key, s.days_overdue, s.due, s.plan.id, s.action.line, s.action.col, owner)

    return sorted(rows, key=row_key)


def sort_key(key: str, days: int | None, due: date | None, plan_id: str, line: int, col: int,
             owner: str) -> tuple[object, ...]:
    """The sort key of one row (shared by the listings and the cached overdue rows)."""
    base = (plan_id, line, col)
    if key == "days":
        return (-(days or 0), due or date.max, *base)
    if key == "due":
        return (due or date.max, *base)
    if key == "owner":
        return (owner, *base)
    return base


def owner_matches(plan: Plan, act: Action, wanted: Sequence[str]) -> bool:
    """An owner matches by initials (exactly) or by name or role, case-insensitive: as a whole or, from
    three letters, from where a word begins (`ted` finds "Ted Townsend", never "Designated Nurse")."""
    for owner in act.owners:
        person = plan.people.get(owner)
        names = [owner.casefold()]
        if person is not None:  # initials stand for a person: their name and role match too
            names += [person.name.casefold()] + ([person.role.casefold()] if person.role else [])
        if any(_name_matches(query, names) for query in wanted):
            return True
    return False


def agency_matches(plan: Plan, act: Action, wanted: Sequence[str]) -> bool:
    """An agency matches as a whole or, from three letters, from where a word begins (case-insensitive)."""
    from actiontrack.model import agencies_of

    names = [a.casefold() for a in agencies_of(plan, act)]
    return any(_name_matches(q, names) for q in wanted)


def theme_matches(rec: Recommendation, act: Action, wanted: Sequence[str]) -> bool:
    """A theme (the action's or its recommendation's) matches as a whole tag, case-insensitive."""
    from actiontrack.model import themes_of

    tags = {t.casefold() for t in themes_of(rec, act)}
    return any(q.casefold().strip() in tags for q in wanted)


def _name_matches(query: str, names: Sequence[str]) -> bool:
    """`query` is one of `names` (casefolded), or, from three letters, starts where a word of one begins."""
    q = query.casefold().strip()
    if q in names:
        return True
    if len(q) < 3:
        return False
    at_word = _word_start(q)
    return any(q in n and at_word.search(n) is not None for n in names)


@lru_cache(maxsize=256)
def _word_start(query: str) -> re.Pattern[str]:
    # Not after a letter or digit: "ted" at the start of "Ted" or after a space, "/" or "(", never
    # inside "Designated" or "Integrated".
    return re.compile(r"(?<![^\W_])" + re.escape(query))


def owner_label(plan: Plan, owner: str) -> str:
    """Initials shown with the name they stand for: 'SM (Steve Merrell)'."""
    person = plan.people.get(owner)
    return f"{owner} ({person.name})" if person and person.name != owner else owner


def group_matches(plan: Plan, group_id: str | None, wanted: Sequence[str]) -> bool:
    """A group matches by its id (exactly, any case) or by part of its heading from where a word begins
    (`police` finds "Police", `ice` does not)."""
    title = (plan.group_title(group_id) or "").casefold()
    gid = (group_id or "").casefold()
    return any(q.casefold() == gid or (q.strip() and _word_start(q.casefold().strip()).search(title) is not None)
               for q in wanted)


def count_states(rows: Iterable[ActionState]) -> dict[str, int]:
    """How many rows are in each state, every state present (zero included)."""
    counts = dict.fromkeys(STATES, 0)
    for s in rows:
        counts[s.state] += 1
    return counts


def until_date(as_of: date, days: int) -> date:
    """as_of plus a number of days (for the default due-soon window); BeyondCalendar past year 9999."""
    try:
        return as_of + timedelta(days=days)
    except OverflowError:
        raise BeyondCalendar("--as-of", f"{days}d from {as_of.isoformat()} is beyond the calendar") from None
