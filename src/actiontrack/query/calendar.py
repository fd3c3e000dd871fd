"""The deadlines calendar's value (`export --format ics`): one all-day item per open action with a date.

Pure: each item carries a UID that stays the same across exports (`PLAN:ACTION@actiontrack`), so a
calendar that imports the file again updates its items instead of adding copies, and a SEQUENCE
that only grows: the number of notes on the action. The record is append-only and `status`,
`reschedule` and `note` each add one, so every change to an action's date or status raises it.
render/ics.py writes it with the icalendar package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from actiontrack.load.loader import Unreadable
from actiontrack.model import Plan
from actiontrack.query import states as query
from actiontrack.query.rollup import agency_of

UID_DOMAIN = "actiontrack"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One action's (next) due date, with what an officer needs to know about it."""

    uid: str
    plan: str
    plan_title: str
    recommendation: str
    action: str
    text: str
    owners: tuple[str, ...]  # "SM (Steve Merrell)"
    agency: str
    due: date  # the date it is (next) due: the next review of a recurring action
    recurs: str | None  # ISO 8601 duration of the cadence
    timescale: str | None
    status: str
    state: str
    days_overdue: int | None
    sequence: int
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Calendar:
    """The deadlines, soonest first, and what the calendar cannot show."""

    as_of: date
    deadlines: list[Deadline]
    undated: list[tuple[str, str]]  # (plan, action) of open actions with no date to put in a calendar
    unreadable: tuple[Unreadable, ...]
    owners: tuple[str, ...]  # the --owner filter, which names the feed
    plan_count: int


def calendar(plans: Sequence[Plan], as_of: date, unreadable: Sequence[Unreadable],
             filters: query.Filters = query.Filters(), feed: tuple[str, ...] | None = None) -> Calendar:
    """Every open (or recurring) action with a due date, as of `as_of`, filtered.

    `feed` names whose calendar it is (default: the --owner filter's values).
    """
    rows = query.states(sorted(plans, key=lambda p: p.id), as_of, filters)
    dated = [s for s in rows if s.due is not None and s.state != "dropped"]
    undated = [(s.plan.id, s.action.id) for s in rows if s.due is None and s.action.status not in query.CLOSED_STATUSES]
    return Calendar(as_of, [deadline(s) for s in query.sort_states(dated, "due")], undated, tuple(unreadable),
                    filters.owners if feed is None else feed, len({s.plan.id for s in rows}))


def deadline(s: query.ActionState) -> Deadline:
    """One action state as a calendar item (its `due` must be set)."""
    assert s.due is not None
    plan, act = s.plan, s.action
    return Deadline(f"{plan.id}:{act.id}@{UID_DOMAIN}", plan.id, plan.title, s.rec.id, act.id, act.text,
                    tuple(query.owner_label(plan, o) for o in act.owners), agency_of(plan, s.rec, act), s.due,
                    act.recurs, act.timescale, act.status, s.state, s.days_overdue, len(act.notes), plan.file, act.line)
