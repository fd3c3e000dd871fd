"""The RAG tracker workbook's value (`export --format xlsx`): a summary, then one sheet of actions per plan.

Pure: tables of typed values (dates stay dates, counts stay numbers, text stays text) with a tone
per row, the same Table intermediate the listings use. render/xlsx.py writes it with openpyxl.
Each plan's sheet is built when it is written (`Workbook.sheets`), so 1,000 plans never sit in
memory as rows all at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from actiontrack.load.loader import Unreadable
from actiontrack.model import Plan, when_json
from actiontrack.query import states as query
from actiontrack.query.listings import note_text
from actiontrack.query.progress import baseline_of, late_days, moved_from, slip_days
from actiontrack.query.rollup import agency_key, agency_of, behind_first, counts_by, plans_by
from actiontrack.query.table import COUNT, DATE, ID, WORD, Column, Table

SUMMARY_SHEET = "Summary"
AGENCY_SHEET = "By agency"
# Excel's rules for a sheet name: at most 31 characters, none of these, unique ignoring case.
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})

PLAN_COLUMNS = (
    Column("recommendation", "Rec", ID), Column("recommendation_text", "Recommendation"),
    Column("action", "Action", ID), Column("text", "Action text"), Column("owners", "Owners"),
    Column("agency", "Agency or group"), Column("due", "Due", DATE), Column("timescale", "Wording"),
    Column("baseline", "Baseline", DATE), Column("slip_days", "Slip (days)", COUNT), Column("status", "Status", WORD),
    Column("state", "State", WORD), Column("days_overdue", "Days overdue", COUNT),
    Column("latest_note", "Latest note"), Column("monitoring", "Monitoring"),
    # Last, so that a sheet read back (issue 15's round trip) finds the columns before where they were.
    Column("rag", "Owner's rating", WORD), Column("completed_on", "Completed on", DATE),
    Column("late_days", "Days late", COUNT),
)


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: its (Excel-safe, unique) name and its table."""

    name: str
    table: Table


@dataclass(frozen=True, slots=True)
class Workbook:
    """The summary tables, the files that could not be read, and the plans, one sheet each."""

    as_of: date
    by_plan: Table
    by_agency: Table
    unreadable: tuple[Unreadable, ...]
    plans: tuple[tuple[str, Plan], ...]  # (sheet name, plan), by plan id
    filters: query.Filters
    action_count: int

    def sheets(self) -> Iterator[Sheet]:
        """Each plan's sheet, built as it is asked for."""
        for name, plan in self.plans:
            yield Sheet(name, plan_table(plan, query.states([plan], self.as_of, self.filters), self.as_of))


def workbook(plans: Sequence[Plan], as_of: date, unreadable: Sequence[Unreadable],
             filters: query.Filters = query.Filters()) -> Workbook:
    """The tracker for `as_of`: plans by id, each action with its state on that date (filtered)."""
    ordered = sorted(plans, key=lambda p: p.id)
    rows = query.states(ordered, as_of, filters)
    if filters != query.Filters():  # one officer's tracker: only the plans that hold their actions
        wanted = {s.plan.id for s in rows}
        ordered = [p for p in ordered if p.id in wanted]
    named = tuple(zip(sheet_names([p.id for p in ordered]), ordered))
    by_plan = counts_by(rows, lambda s: s.plan.id)
    by_agency = counts_by(rows, agency_key)
    agency_plans = plans_by(rows, agency_key)
    state_columns = tuple(Column(s.replace("-", "_"), s, COUNT) for s in query.STATES)
    plan_rows: list[dict[str, object]] = []
    for name, plan in named:
        counts = by_plan.get(plan.id, dict.fromkeys(query.STATES, 0))
        plan_rows.append({"sheet": name, "plan": plan.id, "title": plan.title, "organisation": plan.organisation,
                          "actions": sum(counts.values()),
                          **{s.replace("-", "_"): counts[s] for s in query.STATES}, "file": plan.file})
    plan_table_ = Table((Column("sheet", "Sheet", ID), Column("plan", "Plan", ID), Column("title", "Title"),
                         Column("organisation", "Organisation"), Column("actions", "Actions", COUNT),
                         *state_columns, Column("file", "File", ID)),
                        plan_rows, ["overdue" if r["overdue"] else None for r in plan_rows], title="By plan")
    agency_rows: list[dict[str, object]] = [
        {"agency": a, "plans": "; ".join(agency_plans[a]), "actions": sum(by_agency[a].values()),
         **{s.replace("-", "_"): by_agency[a][s] for s in query.STATES}} for a in behind_first(by_agency)]
    agency_table = Table((Column("agency", "Agency or group"), Column("plans", "Plans"),
                          Column("actions", "Actions", COUNT), *state_columns),
                         agency_rows, ["overdue" if r["overdue"] else None for r in agency_rows],
                         title="By agency or group, across the plans, most overdue first")
    return Workbook(as_of, plan_table_, agency_table, tuple(unreadable), named, filters, len(rows))


def plan_table(plan: Plan, rows: Sequence[query.ActionState], as_of: date) -> Table:
    """One plan's sheet: every action in file order, with its state on `as_of`."""
    data: list[dict[str, object]] = []
    for s in rows:
        act = s.action
        data.append({
            "recommendation": s.rec.id, "recommendation_text": s.rec.text, "action": act.id, "text": act.text,
            "owners": "; ".join(query.owner_label(plan, o) for o in act.owners), "agency": agency_of(plan, s.rec, act),
            # A done action shows its target date (its state needs none); a recurring one its next review.
            "due": s.due if s.due is not None else act.due, "timescale": act.timescale,
            # The tracker's columns are never blank for a dated action: never moved is a slip of 0.
            "baseline": baseline_of(act), "slip_days": slip_days(act) if act.due is None or moved_from(act) else 0,
            "status": act.status, "state": s.state, "days_overdue": s.days_overdue,
            "latest_note": note_text(s.latest_note, keep_lines=True) or None, "monitoring": act.monitoring,
            # The source's own word for the rating when it has one ("Blue"); a month-dated completion
            # stays a month ("2017-12", text), never a made-up day.
            "rag": act.rag_label or act.rag,
            "completed_on": None if act.completed_on is None else
            act.completed_on if not act.completed_month else when_json(act.completed_on, True),
            "late_days": late_days(act),
        })
    return Table(PLAN_COLUMNS, data, [s.state for s in rows], title=plan.title)


def sheet_names(plan_ids: Sequence[str]) -> list[str]:
    """A sheet name per plan: its id, cut to 31 characters and made unique (ignoring case) with `~2`, `~3`."""
    taken = {SUMMARY_SHEET.casefold(), AGENCY_SHEET.casefold()}
    out = []
    for pid in plan_ids:
        base = pid.translate(_SHEET_FORBIDDEN).strip("'")[:SHEET_NAME_MAX] or "plan"
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            tail = f"~{n}"
            name = base[:SHEET_NAME_MAX - len(tail)] + tail
        taken.add(name.casefold())
        out.append(name)
    return out
