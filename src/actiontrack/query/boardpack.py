"""The Board pack's value (`actiontrack report`): where the plans stand, what slipped, what could not be read.

A pure function of the plans now, the plans as they stood at `since`, the two dates and the load
findings. render/boardpack.py draws it as one HTML page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from actiontrack.load.loader import Unreadable
from actiontrack.model import Note, Plan, when_text
from actiontrack.query import states as query
from actiontrack.query.asof import plan_as_of
from actiontrack.query.escalations import RuleResult
from actiontrack.query.progress import baseline_of, count_recommendations, late_days, recommendations, slip_days
from actiontrack.query.rollup import (
    agency_key,
    agency_of,
    behind_first,
    counts_by,
    plans_by,
)
from actiontrack.query.summary import Basis, Summary, build_summary
from actiontrack.wording import ledger_reason, read_ledger

# A Board meets every month or two: the pack looks further ahead than the weekly summary's 14 days.
DUE_WINDOW_DAYS = 28
# Where an owner's "green" and the dates disagree: the Board should ask which is right.
RATED_AGAINST = ("overdue", "unknown")


@dataclass(frozen=True, slots=True)
class Headline:
    """One state's count of actions and of recommendations, on `as_of` and on `since`."""

    state: str
    actions: int
    actions_then: int
    recommendations: int
    recommendations_then: int


@dataclass(frozen=True, slots=True)
class Bar:
    """One row of a RAG chart: a plan or an agency, with its actions counted by state."""

    key: str
    label: str
    counts: dict[str, int]
    plans: tuple[str, ...] = ()  # for an agency: the plans its actions are in

    @property
    def total(self) -> int:
        """How many actions the bar stands for."""
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Item:
    """One action in one of the pack's lists."""

    plan: str
    recommendation: str
    action: str
    text: str
    owners: tuple[str, ...]  # initials with the name they stand for: "SM (Steve Merrell)"
    agency: str
    due: date | None  # the date that decides its state (the next review of a recurring action)
    timescale: str | None  # the source's wording
    days: int | None  # days overdue (overdue), days left (due), else None
    status: str
    note: Note | None  # the latest note


@dataclass(frozen=True, slots=True)
class Moved:
    """A due date that moved in the window: by how much, against the baseline, and why."""

    item: Item
    before: date | None
    after: date | None
    days: int | None
    baseline: date | None
    slip: int | None  # days behind the baseline now
    reason: str | None  # the ledger note's reason; None when the date moved without one


@dataclass(frozen=True, slots=True)
class Done:
    """An action completed, embedded or closed in the window."""

    item: Item
    status: str
    on: date | None  # the date of the note that recorded it, when one did
    completed_on: str | None = None  # `completed_on` as written: "2012-10-19", or "Oct 2012" for a month
    late: int | None = None  # days after its due date it was completed (query/progress.late_days)


@dataclass(frozen=True, slots=True)
class Rated:
    """An open action its owner rates green that the dates say is overdue or not reported."""

    item: Item
    rag: str
    rag_label: str | None  # the source's own word for the rating, when it has one
    state: str


@dataclass(frozen=True, slots=True)
class BoardPack:
    """Everything the Board pack shows, in the order it shows it."""

    as_of: date
    since: date
    summary: Summary  # the weekly summary of the same window: totals, basis, completions, moves
    unreadable: tuple[Unreadable, ...]
    plan_count: int
    headline: list[Headline]  # one per state, in STATES order
    plans: list[Bar]  # by plan id
    agencies: list[Bar]  # most overdue first
    overdue: list[tuple[str, list[Item]]]  # by agency (in `agencies` order), most overdue first
    due: list[Item]  # due in the next DUE_WINDOW_DAYS days, soonest first
    completed: list[Done]
    moved: list[Moved]
    rated: list[Rated] = field(default_factory=list)  # the owner's rating against the dates
    rated_count: int = 0  # how many actions carry an owner's rating (no section without any)
    escalations: tuple[RuleResult, ...] = ()  # each escalation rule's result on `as_of` (issue 14)
    rules_from: str | None = None  # the rules file, or None for the built-in rules
    due_days: int = DUE_WINDOW_DAYS

    @property
    def escalation_count(self) -> int:
        """How many escalations, under every rule."""
        return sum(len(r.items) for r in self.escalations)

    @property
    def overdue_count(self) -> int:
        """How many actions are overdue, in all agencies."""
        return sum(len(items) for _, items in self.overdue)

    @property
    def due_until(self) -> date:
        """The last day of the "due soon" window."""
        return query.until_date(self.as_of, self.due_days)


def board_pack(now: Sequence[Plan], then: Mapping[str, Plan] | None, as_of: date, since: date, basis: Basis,
               unreadable: Sequence[Unreadable] = (), escalations: Sequence[RuleResult] = (),
               rules_from: str | None = None) -> BoardPack:
    """The Board pack for `as_of`, looking back to `since`: the weekly summary's window, for a Board.

    Args:
        now: the plans as their record stood on `as_of`.
        then: the same plans as they stood on `since`, by id (query/summary.py's build_summary); None
            for the plans now as their record stood on `since` (query/asof.py), as without history.
        unreadable: the plan files that could not be read in full, named at the top of the pack.
        escalations: each escalation rule's result (query/escalations.py), from `rules_from`.
    """
    if then is None:
        then = {p.id: old for p in now if (old := plan_as_of(p, since)) is not None}
    report = build_summary(now, then, as_of, since, basis, unreadable, escalations)
    plans = sorted(now, key=lambda p: p.id)
    rows = query.states(plans, as_of)
    rows_then = query.states([then[p.id] for p in plans if p.id in then], since)
    recs, recs_then = count_recommendations(recommendations(rows)), count_recommendations(recommendations(rows_then))
    headline = [Headline(s, report.totals[s], report.totals_since[s], recs[s], recs_then[s]) for s in query.STATES]
    by_plan = counts_by(rows, lambda s: s.plan.id)
    by_agency = counts_by(rows, agency_key)
    agencies = behind_first(by_agency)
    agency_plans = plans_by(rows, agency_key)
    index = {(s.plan.id, s.action.id): s for s in rows}
    return BoardPack(
        as_of=as_of, since=since, summary=report, unreadable=tuple(unreadable), plan_count=len(plans),
        headline=headline,
        plans=[Bar(p.id, p.title, by_plan.get(p.id, dict.fromkeys(query.STATES, 0))) for p in plans],
        agencies=[Bar(a, a, by_agency[a], agency_plans[a]) for a in agencies],
        overdue=_by_agency(query.overdue(plans, as_of), agencies, as_of),
        due=[item(s, as_of) for s in query.due_within(plans, as_of, query.until_date(as_of, DUE_WINDOW_DAYS))],
        completed=[_done(index[_key(d)], d, as_of) for d in report.completed],
        moved=[_moved(index[_key(d)], d, since, as_of) for d in report.rescheduled],
        rated=[Rated(item(s, as_of), s.action.rag, s.action.rag_label, s.state) for s in rows
               if s.action.rag == "green" and s.state in RATED_AGAINST],
        rated_count=sum(1 for s in rows if s.action.rag),
        escalations=tuple(escalations), rules_from=rules_from,
    )


def item(s: query.ActionState, as_of: date) -> Item:
    """One action as the pack's lists show it: days overdue when overdue, days left when due."""
    days = s.days_overdue if s.state == "overdue" else ((s.due - as_of).days if s.due is not None else None)
    act = s.action
    return Item(s.plan.id, s.rec.id, act.id, act.text, tuple(query.owner_label(s.plan, o) for o in act.owners),
                agency_of(s.plan, s.rec, s.action), s.due, act.timescale, days, act.status, s.latest_note)


def _key(row: Mapping[str, object]) -> tuple[str, str]:
    return str(row["plan"]), str(row["action"])


def _by_agency(rows: list[query.ActionState], order: list[str], as_of: date) -> list[tuple[str, list[Item]]]:
    grouped: dict[str, list[Item]] = {}
    for s in rows:  # most overdue first already: each agency's list keeps that order
        grouped.setdefault(agency_of(s.plan, s.rec, s.action), []).append(item(s, as_of))
    return [(a, grouped[a]) for a in order if a in grouped]


def _done(row: query.ActionState, detail: Mapping[str, object], as_of: date) -> Done:
    act = row.action
    done = when_text(act.completed_on, act.completed_month) if act.completed_on is not None else None
    return Done(item(row, as_of), str(detail["status"]), detail["date"], done, late_days(act))  # type: ignore[arg-type]


def _moved(row: query.ActionState, detail: Mapping[str, object], since: date, as_of: date) -> Moved:
    act = row.action
    after = detail["after"]
    # The reason is the ledger note that set the date the action has now; failing that, the last
    # ledger note in the window. None says the date moved without one: the Board should ask why.
    ledger = [n for n in act.notes if since < n.date <= as_of and read_ledger(n.text) is not None]
    matching = [n for n in ledger if read_ledger(n.text) == (detail["before"], after)] or \
        [n for n in ledger if (read_ledger(n.text) or (None, None))[1] == after] or ledger
    reason = ledger_reason(matching[-1].text) if matching else None
    return Moved(item(row, as_of), detail["before"], after, detail["days"],  # type: ignore[arg-type]
                 baseline_of(act), slip_days(act), reason)
