"""The listings' values: overdue, due, show and list as Table intermediates every output format shares."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from actiontrack.load.loader import Unreadable, unreadable_notice
from actiontrack.model import (
    DONE_STATUSES,
    Action,
    Note,
    Plan,
    Recommendation,
    agencies_of,
    themes_of,
    when_json,
    when_text,
)
from actiontrack.query.progress import (
    RecommendationState,
    completed_late,
    count_recommendations,
    late_days,
    moved_from,
    recommendations,
    slip_days,
)
from actiontrack.query.states import STATES, ActionState, count_states, owner_label, states
from actiontrack.query.table import COUNT, DATE, ID, JUDGED_VERSION, TEXT, WORD, Column, Parts, Section, Table
from actiontrack.query.unseen import empty_sentence, judged_lines, not_judged_json, notices_of
from actiontrack.wording import actions_in_plans, count, days_ahead, format_days, number, plural, state_counts

STATE_KEYS = tuple(state.replace("-", "_") for state in STATES)  # JSON count keys: due_soon, on_track
_ROW_KEYS = ("plan", "recommendation", "action", "text", "owners", "group", "agencies", "themes", "due")
_ROW_TAIL = ("status", "rag", "rag_label", "baseline", "slip_days", "timescale", "latest_note", "file", "line")
OVERDUE_KEYS = (*_ROW_KEYS, "days_overdue", *_ROW_TAIL)
DUE_KEYS = (*_ROW_KEYS, "days_left", *_ROW_TAIL)
SHOW_KEYS = ("group", "recommendation", "recommendation_text", "action", "text", "owners", "agencies", "themes",
             "due", "timescale", "baseline", "slip_days", "status", "state", "rag", "rag_label", "completed_on",
             "late_days", "priority", "monitoring", "measure", "expected_evidence", "latest_note", "line")
LIST_KEYS = ("id", "title", "organisation", "source_kind", "date", "actions", *STATE_KEYS, "completed_late",
             "recommendations", "recommendations_done", "next_due", "file")


def note_json(note: Note | None) -> dict[str, object] | None:
    """The latest note as the JSON contracts give it (a note dated by month has `"date": "YYYY-MM"`)."""
    if note is None:
        return None
    return {"date": when_json(note.date, note.month), "by": note.by, "text": note.text}


def note_text(note: Note | None, keep_lines: bool = False) -> str:
    """One-line note for tables: '2012-10-19 Thurrock Council: Partly completed', 'Dec 2017: Audit begun'.

    `keep_lines` keeps the note's line breaks (a spreadsheet cell wraps them), each line tidied.
    """
    if note is None:
        return ""
    if keep_lines:
        text = "\n".join(" ".join(line.split()) for line in note.text.strip().splitlines())
    else:
        text = " ".join(note.text.split())
    by = f" {note.by}" if note.by else ""
    return f"{when_text(note.date, note.month)}{by}: {text}"


def due_cell(s: ActionState) -> Parts | str:
    """The due date, with the source's wording beside it (or under it) when it says something else,
    and the slip from the baseline: `2013-06-30 (By 31.3.13) (was 2013-03-31, +91 days)`. A done
    action shows its target."""
    act = s.action
    due = s.due if s.due is not None or act.status not in DONE_STATUSES else act.due
    if due is None:
        return act.timescale or ""
    shown = due.isoformat()
    parts = [shown] + ([f"({act.timescale})"] if act.timescale and act.timescale.strip() != shown else [])
    slip = slip_days(act)
    was = moved_from(act)
    if slip and was is not None and act.recurs is None:
        parts.append(f"(was {was.isoformat()}, {format_days(slip)})")
    return Parts(tuple(parts)) if len(parts) > 1 else shown


def rating_text(act: Action | Recommendation) -> str:
    """The owner's rating in words: `rated green` (the source's own word is in the JSON, `rag_label`)."""
    return f"rated {act.rag}" if act.rag else ""


def state_cell(s: ActionState) -> Parts | str:
    """The state, with what else a reader needs beside it: the status as written where it says
    something else, when a done action was done and how late, and the owner's rating:
    `overdue (in-progress, rated green)`, `completed Jul 2003 (31 days late)`."""
    act = s.action
    parts = [s.state]
    if act.completed_on is not None and act.status in DONE_STATUSES:
        parts.append(when_text(act.completed_on, act.completed_month))
    late = late_days(act)
    extras = ([act.status] if act.status != s.state else []) + ([f"{count(late, 'day')} late"] if late else []) \
        + ([rating_text(act)] if act.rag else [])
    if extras:
        parts.append(f"({', '.join(extras)})")
    return Parts(tuple(parts)) if len(parts) > 1 else s.state


def status_cell(act: Action) -> Parts | str:
    """The status as written, with the owner's rating beside it: `in-progress (rated green)`."""
    return Parts((act.status, f"({rating_text(act)})")) if act.rag else act.status


def owners_cell(s: ActionState) -> Parts:
    """The owners, each with the name their initials stand for: `SM (Steve Merrell); LM (Linda Maden)`."""
    return Parts(tuple(owner_label(s.plan, o) for o in s.action.owners), "; ")


def _row(s: ActionState) -> dict[str, object]:
    """The keys shared by the overdue and due contracts, plus display-only keys (prefixed _)."""
    plan, act = s.plan, s.action
    return {
        "plan": plan.id,
        "recommendation": s.rec.id,
        "action": act.id,
        "text": act.text,
        "owners": list(act.owners),
        "group": plan.group_title(s.rec.group),
        "agencies": list(agencies_of(plan, act)),
        "themes": list(themes_of(s.rec, act)),
        "due": s.due,
        "status": act.status,
        "rag": act.rag,
        "rag_label": act.rag_label,
        "baseline": moved_from(act),
        "slip_days": slip_days(act),
        "timescale": act.timescale,
        "latest_note": note_json(s.latest_note),
        "file": plan.file,
        "line": act.line,
        "_owners": owners_cell(s),
        "_due": due_cell(s),
        "_state": state_cell(s),
        "_status": status_cell(act),
        "_note": note_text(s.latest_note),
    }


# The columns people read, by priority: what an action is, how late and what it says stay at any
# width; then who owns it, when it was due, its status, and last the latest note. Who, when and
# the status are what an officer acts on: essential, so that when they do not fit beside the text
# they go on a line under the row rather than vanish (a completed recurring action due again must
# not read as one never started). The latest note alone may be left out, and is named.
ACTION = Column("action", "Action", ID)
ACTION_TEXT = Column("text", "Action text", TEXT, 1, width=24)
OWNERS = Column("_owners", "Owners", TEXT, 2, width=16, essential=True)
DUE = Column("_due", "Due", TEXT, 3, width=14, essential=True)
LATEST_NOTE = Column("_note", "Latest note", TEXT, 5, width=24)


def _listing_columns(days_key: str, days_title: str, state: Column) -> tuple[Column, ...]:
    """The columns of `overdue` and `due`; the day count and the state column differ."""
    return (Column("plan", "Plan", ID), ACTION, OWNERS, DUE, Column(days_key, days_title, COUNT), state,
            ACTION_TEXT, LATEST_NOTE)


def _by_plan(rows: list[ActionState]) -> dict[str, str]:
    """The heading of each plan's rows in a terminal: `thurrock-ofsted-2012: Ofsted Inspection: ...`."""
    return {s.plan.id: f"{s.plan.id}: {s.plan.title}" for s in rows}


def overdue_rows(rows: list[ActionState]) -> list[dict[str, object]]:
    """The rows of `overdue`, every contract key and the display keys (the cached JSON rows share them)."""
    return [{**_row(s), "days_overdue": s.days_overdue} for s in rows]


def overdue_table(rows: list[ActionState], as_of: date, unreadable: Sequence[Unreadable] = (),
                  unjudged: Sequence[ActionState] = ()) -> Table:
    """`overdue`: one row per overdue action, under its plan, with a count line that also says how many
    open actions (`unjudged`, query.states.not_judged) have no date to judge."""
    days = [s.days_overdue for s in rows if s.days_overdue is not None]
    count_line = None
    if rows:
        oldest = max(days, default=0)
        count_line = (f"{actions_in_plans(len(rows), len({s.plan.id for s in rows}), 'overdue')}; "
                      f"oldest {number(oldest)} {plural(oldest, 'day')}")
    count_line, empty = judged_lines(count_line, f"Nothing overdue on {as_of.isoformat()}.", unjudged, "overdue",
                                      unreadable)
    return Table(_listing_columns("days_overdue", "Days overdue", Column("_status", "Status", WORD, 4, essential=True)),
                 overdue_rows(rows), [s.state for s in rows], title=f"Overdue on {as_of.isoformat()}",
                 keys=OVERDUE_KEYS, empty=empty, group="plan", headings=_by_plan(rows), count_line=count_line,
                 meta={"as_of": as_of}, unreadable=tuple(unreadable), notices=notices_of(unreadable),
                 after_rows=not_judged_json(unjudged), version=JUDGED_VERSION)


def due_table(rows: list[ActionState], as_of: date, until: date, unreadable: Sequence[Unreadable] = (),
              unjudged: Sequence[ActionState] = ()) -> Table:
    """`due`: what comes due between as_of and until, under its plan, with a count line (and what could
    not be judged, as `overdue_table`)."""
    data = [{**_row(s), "days_left": (s.due - as_of).days if s.due else None} for s in rows]
    left = [d for d in (r["days_left"] for r in data) if isinstance(d, int)]
    count_line = None
    if rows:
        count_line = (f"{actions_in_plans(len(rows), len({s.plan.id for s in rows}), after='due')}; "
                      f"the first {days_ahead(min(left, default=0))}")
    count_line, empty = judged_lines(
        count_line, f"Nothing comes due from {as_of.isoformat()} to {until.isoformat()}.", unjudged,
        f"due by {until.isoformat()}", unreadable)
    return Table(_listing_columns("days_left", "Days left", Column("_state", "State", WORD, 4, essential=True)), data,
                 [s.state for s in rows], title=f"Due {as_of.isoformat()} to {until.isoformat()}", keys=DUE_KEYS,
                 empty=empty, group="plan", headings=_by_plan(rows), count_line=count_line,
                 meta={"as_of": as_of, "until": until}, unreadable=tuple(unreadable),
                 notices=notices_of(unreadable), after_rows=not_judged_json(unjudged), version=JUDGED_VERSION)


# show: the state stays beside the text; the due date narrower, so that at 80 columns it stays too.
# show is the document: the latest note is part of it, under the row when it does not fit beside it.
SHOW_COLUMNS = (ACTION, ACTION_TEXT, OWNERS, Column("_due", "Due", TEXT, 3, width=10, essential=True),
                Column("_state", "State", WORD), Column("_note", "Latest note", TEXT, 4, width=24, essential=True))


def show_table(plan: Plan, rows: list[ActionState], as_of: date, unreadable: Sequence[Unreadable] = ()) -> Table:
    """`show` for machines: every (filtered) action of one plan, in file order, with its state."""
    data: list[dict[str, object]] = []
    for s in rows:
        act = s.action
        data.append({
            "group": plan.group_title(s.rec.group),
            "recommendation": s.rec.id,
            "recommendation_text": s.rec.text,
            "action": act.id,
            "text": act.text,
            "owners": list(act.owners),
            "agencies": list(agencies_of(plan, act)),
            "themes": list(themes_of(s.rec, act)),
            "due": s.due if s.due is not None or act.status not in DONE_STATUSES else act.due,
            "timescale": act.timescale,
            "baseline": moved_from(act),
            "slip_days": slip_days(act),
            "status": act.status,
            "state": s.state,
            "rag": act.rag,
            "rag_label": act.rag_label,
            "completed_on": when_json(act.completed_on, act.completed_month) if act.completed_on else None,
            "late_days": late_days(act),
            "priority": act.priority,
            "monitoring": act.monitoring,
            "measure": act.measure,
            "expected_evidence": act.expected_evidence,
            "latest_note": note_json(s.latest_note),
            "line": act.line,
            "_owners": owners_cell(s),
            "_due": due_cell(s),
            "_state": state_cell(s),
            "_note": note_text(s.latest_note),
        })
    return Table((Column("recommendation", "Rec", ID), *SHOW_COLUMNS), data, [s.state for s in rows],
                 title=plan.title, keys=SHOW_KEYS, meta={"as_of": as_of, "plan": plan.id},
                 unreadable=tuple(unreadable), notices=notices_of(unreadable))


def list_table(plans: list[Plan], as_of: date, unreadable: Sequence[Unreadable] = ()) -> Table:
    """`list`: one row per plan with its counts by state, its recommendations done, and its
    next due date."""
    data = []
    totals = dict.fromkeys(STATES, 0)
    for plan in sorted(plans, key=lambda p: p.id):
        rows = states([plan], as_of)
        counts = count_states(rows)
        recs = count_recommendations(recommendations(rows))
        upcoming = [s.due for s in rows if s.due is not None and s.due >= as_of
                    and s.state in ("due-soon", "on-track", "unknown", "completed")]
        row: dict[str, object] = {
            "id": plan.id, "title": plan.title, "organisation": plan.organisation,
            "source_kind": plan.source_kind, "date": plan.date, "actions": len(rows),
        }
        row.update({key: counts[state] for key, state in zip(STATE_KEYS, STATES)})
        row.update({"completed_late": completed_late(rows), "recommendations": recs["total"],
                    "recommendations_done": recs["done"], "next_due": min(upcoming, default=None),
                    "file": plan.file, "_recs": f"{recs['done']}/{recs['total']}"})
        data.append(row)
        totals = {state: totals[state] + counts[state] for state in STATES}
    # The plan and its title stay at any width; then how much is overdue, and the rest by need. The
    # open states, the work done and the next date are essential: under the row when they do not fit.
    columns = (
        Column("id", "Plan", ID), Column("title", "Title", TEXT, 1, width=30),
        Column("organisation", "Organisation", TEXT, 5, width=20), Column("source_kind", "Source", WORD, 6),
        Column("date", "Date", DATE, 5), Column("actions", "Actions", COUNT, 2),
        Column("overdue", "Overdue", COUNT), Column("due_soon", "Due soon", COUNT, 3, essential=True),
        Column("on_track", "On track", COUNT, 3, essential=True),
        Column("undated", "Undated", COUNT, 3, essential=True), Column("unknown", "Unknown", COUNT, 3, essential=True),
        Column("completed", "Completed", COUNT, 4, essential=True), Column("embedded", "Embedded", COUNT, 6),
        Column("closed", "Closed", COUNT, 6), Column("dropped", "Dropped", COUNT, 6),
        Column("completed_late", "Done late", COUNT, 5), Column("_recs", "Recs done", COUNT, 2, essential=True),
        Column("next_due", "Next due", DATE, 2, essential=True),
    )
    tones: list[str | None] = ["overdue" if r["overdue"] else None for r in data]
    actions = sum(totals.values())
    count_line = (f"{number(len(data))} {plural(len(data), 'plan')}, {number(actions)} {plural(actions, 'action')}"
                  + (f": {state_counts(list(totals.items()))}" if actions else "")) if data else None
    return Table(columns, data, tones, title=f"Plans on {as_of.isoformat()}", keys=LIST_KEYS,
                 empty=empty_sentence(f"No plan had been agreed by {as_of.isoformat()}.", unreadable),
                 count_line=count_line, meta={"as_of": as_of}, unreadable=tuple(unreadable),
                 notices=notices_of(unreadable))


def _recommendation_line(plan: Plan, rec: RecommendationState) -> str:
    """Under a recommendation's heading: its state from its actions, how many are done, its owners,
    and its own status and rating when the plan records them: `overdue, 1 of 3 actions done;
    owners AM (Alex Morgan); marked in-progress; rated amber`."""
    r = rec.rec
    done = sum(1 for a in rec.actions if a.state in DONE_STATUSES)
    parts = [f"{rec.state}, {done} of {count(len(rec.actions), 'action')} done"]
    if r.owners and not r.standalone:
        parts.append("owners " + "; ".join(owner_label(plan, o) for o in r.owners))
    if r.status:
        parts.append(f"marked {r.status}")
    if r.rag and not r.standalone:
        parts.append(rating_text(r))
    return "; ".join(parts)


def show_sections(plan: Plan, rows: list[ActionState], as_of: date,
                  unreadable: Sequence[Unreadable] = ()) -> list[Section]:
    """`show` for people: what could not be read, if anything; the plan header; per group, each
    recommendation's text over its actions; the key.

    The document ends with the count of the actions shown, by state.
    """
    recs = recommendations(rows)
    counted = count_recommendations(recs)
    head = [f"{plan.organisation}", f"Source: {plan.source_kind}"
            + (f", {plan.source_reference}" if plan.source_reference else "")
            + (f" ({plan.source_date.isoformat()})" if plan.source_date else ""),
            f"Agreed: {plan.date.isoformat() if plan.date else 'no date given'}"
            + (f"; published {plan.published.isoformat()}" if plan.published else "")
            + (f"; version {plan.version}" if plan.version else ""),
            f"Recommendations: {counted['done']} of {counted['total']} done; "
            f"actions: {sum(1 for s in rows if s.state in DONE_STATUSES)} of {len(rows)} done"]
    rec_states = {id(r.rec): r for r in recs}
    notice = unreadable_notice(unreadable)
    sections = [Section(None, tuple(notice), tone="problem")] if notice else []
    sections.append(Section(plan.title, tuple(head)))
    flat = show_table(plan, rows, as_of)
    order: list[str | None] = [g.id for g in plan.groups] or [None]
    by_group: dict[str | None, list[int]] = {}
    for i, s in enumerate(rows):
        by_group.setdefault(s.rec.group, []).append(i)
    for gid in order + [g for g in by_group if g not in order]:
        if gid not in by_group:
            continue
        sections.append(Section(plan.group_title(gid) if gid else "Recommendations"))
        by_rec: dict[str, list[int]] = {}
        for i in by_group[gid]:
            by_rec.setdefault(rows[i].rec.id, []).append(i)
        for rec_id, picked in by_rec.items():
            rec = rows[picked[0]].rec
            table = Table(SHOW_COLUMNS, [flat.rows[i] for i in picked], [flat.tones[i] for i in picked])
            lines = () if rec.standalone else (_recommendation_line(plan, rec_states[id(rec)]),)
            sections.append(Section(f"Recommendation {rec_id}: {rec.text}", lines, table, level=2))
    if plan.people:
        key = Table((Column("key", "Key", ID), Column("name", "Name", TEXT, width=16),
                     Column("role", "Role", TEXT, width=16)),
                    [{"key": p.key, "name": p.name, "role": p.role} for p in plan.people.values()])
        sections.append(Section("People", (), key))
    if plan.completed_by:
        c = plan.completed_by
        line = f"Completed by: {c.name}" + (f", {c.role}" if c.role else "") \
            + (f", {c.date.isoformat()}" if c.date else "")
        sections.append(Section("Sign-off", (line,)))
    counts = count_states(rows)
    sections.append(Section(None, (f"{number(len(rows))} {plural(len(rows), 'action')}"
                                   + (f": {state_counts([(k, counts[k]) for k in STATES])}" if rows else ""),)))
    return sections
