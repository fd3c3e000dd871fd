"""The listings' values: overdue, due, show and list as Table intermediates every output format shares."""

from __future__ import annotations

from datetime import date

from actiontrack.model import Note, Plan
from actiontrack.query.states import STATES, ActionState, count_states, owner_label, states
from actiontrack.query.table import Column, Section, Table

OVERDUE_KEYS = ("plan", "recommendation", "action", "text", "owners", "group", "due", "days_overdue",
                "status", "timescale", "latest_note", "file", "line")
DUE_KEYS = ("plan", "recommendation", "action", "text", "owners", "group", "due", "days_left",
            "status", "timescale", "latest_note", "file", "line")
SHOW_KEYS = ("group", "recommendation", "recommendation_text", "action", "text", "owners", "due",
             "timescale", "status", "state", "monitoring", "latest_note", "line")
LIST_KEYS = ("id", "title", "organisation", "source_kind", "date", "actions", "overdue", "due_soon",
             "on_track", "completed", "embedded", "closed", "dropped", "next_due", "file")


def note_json(note: Note | None) -> dict[str, object] | None:
    """The latest note as the JSON contracts give it."""
    if note is None:
        return None
    return {"date": note.date, "by": note.by, "text": note.text}


def note_text(note: Note | None) -> str:
    """One-line note for tables: '2012-10-19 Thurrock Council: Partly completed'."""
    return "" if note is None else f"{note.date.isoformat()} {note.by}: {' '.join(note.text.split())}"


def due_text(s: ActionState) -> str:
    """The due date, with the source's wording when it says something else."""
    act = s.action
    if s.due is None:
        return act.timescale or ""
    shown = s.due.isoformat()
    if act.timescale and act.timescale.strip() != shown:
        return f"{shown} ({act.timescale})"
    return shown


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
        "due": s.due,
        "status": act.status,
        "timescale": act.timescale,
        "latest_note": note_json(s.latest_note),
        "file": plan.file,
        "line": act.line,
        "_owners": "; ".join(owner_label(plan, o) for o in act.owners),
        "_due": due_text(s),
        "_note": note_text(s.latest_note),
    }


def _listing_columns(days_key: str, days_title: str) -> tuple[Column, ...]:
    """The columns people read in `overdue` and `due`; only the day count differs."""
    return (
        Column("plan", "Plan"), Column("action", "Action"), Column("_owners", "Owners", wrap=True),
        Column("_due", "Due", wrap=True), Column(days_key, days_title, justify="right"),
        Column("status", "Status"), Column("text", "Action text", wrap=True),
        Column("_note", "Latest note", wrap=True),
    )


def overdue_table(rows: list[ActionState], as_of: date) -> Table:
    """`overdue`: one row per overdue action."""
    data = [{**_row(s), "days_overdue": s.days_overdue} for s in rows]
    return Table(_listing_columns("days_overdue", "Days overdue"), data, [s.state for s in rows],
                 title=f"Overdue on {as_of.isoformat()}", keys=OVERDUE_KEYS,
                 empty=f"Nothing overdue on {as_of.isoformat()}.")


def due_table(rows: list[ActionState], as_of: date, until: date) -> Table:
    """`due`: what comes due between as_of and until."""
    data = [{**_row(s), "days_left": (s.due - as_of).days if s.due else None} for s in rows]
    return Table(_listing_columns("days_left", "Days left"), data, [s.state for s in rows],
                 title=f"Due {as_of.isoformat()} to {until.isoformat()}", keys=DUE_KEYS,
                 empty=f"Nothing comes due from {as_of.isoformat()} to {until.isoformat()}.")


def show_table(plan: Plan, rows: list[ActionState]) -> Table:
    """`show`: every (filtered) action of one plan, in file order, with its state."""
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
            "due": s.due,
            "timescale": act.timescale,
            "status": act.status,
            "state": s.state,
            "monitoring": act.monitoring,
            "latest_note": note_json(s.latest_note),
            "line": act.line,
            "_owners": "; ".join(owner_label(plan, o) for o in act.owners),
            "_due": due_text(s),
            "_note": note_text(s.latest_note),
        })
    columns = (
        Column("recommendation", "Rec"), Column("action", "Action"), Column("text", "Action text", wrap=True),
        Column("_owners", "Owners", wrap=True), Column("_due", "Due", wrap=True), Column("status", "Status"),
        Column("state", "State"), Column("_note", "Latest note", wrap=True),
    )
    return Table(columns, data, [s.state for s in rows], title=plan.title, keys=SHOW_KEYS)


def list_table(plans: list[Plan], as_of: date) -> Table:
    """`list`: one row per plan with its counts by state and its next due date."""
    data = []
    for plan in sorted(plans, key=lambda p: p.id):
        rows = states([plan], as_of)
        counts = count_states(rows)
        upcoming = [s.due for s in rows if s.due is not None and s.due >= as_of
                    and s.state in ("due-soon", "on-track", "completed")]
        row: dict[str, object] = {
            "id": plan.id, "title": plan.title, "organisation": plan.organisation,
            "source_kind": plan.source_kind, "date": plan.date, "actions": len(rows),
        }
        row.update({state.replace("-", "_"): counts[state] for state in STATES})
        row.update({"next_due": min(upcoming, default=None), "file": plan.file})
        data.append(row)
    columns = (
        Column("id", "Plan"), Column("title", "Title", wrap=True), Column("organisation", "Organisation", wrap=True),
        Column("source_kind", "Source"), Column("date", "Date"), Column("actions", "Actions", justify="right"),
        Column("overdue", "Overdue", justify="right"), Column("due_soon", "Due soon", justify="right"),
        Column("on_track", "On track", justify="right"), Column("completed", "Completed", justify="right"),
        Column("embedded", "Embedded", justify="right"), Column("closed", "Closed", justify="right"),
        Column("dropped", "Dropped", justify="right"), Column("next_due", "Next due"),
    )
    tones: list[str | None] = ["overdue" if r["overdue"] else None for r in data]
    return Table(columns, data, tones, title=f"Plans on {as_of.isoformat()}", keys=LIST_KEYS,
                 empty="No plans found.")


def show_sections(plan: Plan, rows: list[ActionState]) -> list[Section]:
    """`show` for people: the plan header, one table per group with its recommendations, the key."""
    head = [f"{plan.organisation}", f"Source: {plan.source_kind}"
            + (f", {plan.source_reference}" if plan.source_reference else "")
            + (f" ({plan.source_date.isoformat()})" if plan.source_date else ""),
            f"Agreed: {plan.date.isoformat()}"
            + (f"; published {plan.published.isoformat()}" if plan.published else "")
            + (f"; version {plan.version}" if plan.version else "")]
    sections = [Section(plan.title, tuple(head))]
    flat = show_table(plan, rows)
    order: list[str | None] = [g.id for g in plan.groups] or [None]
    by_group: dict[str | None, list[int]] = {}
    for i, s in enumerate(rows):
        by_group.setdefault(s.rec.group, []).append(i)
    for gid in order + [g for g in by_group if g not in order]:
        if gid not in by_group:
            continue
        data: list[dict[str, object]] = []
        tones: list[str | None] = []
        current_rec = None
        for i in by_group[gid]:
            s = rows[i]
            if s.rec.id != current_rec:
                current_rec = s.rec.id
                data.append({"recommendation": s.rec.id, "text": s.rec.text})
                tones.append("heading")
            data.append(flat.rows[i])
            tones.append(flat.tones[i])
        heading = plan.group_title(gid) if gid else "Recommendations"
        sections.append(Section(heading, (), Table(flat.columns, data, tones)))
    if plan.people:
        key = Table((Column("key", "Key"), Column("name", "Name"), Column("role", "Role", wrap=True)),
                    [{"key": p.key, "name": p.name, "role": p.role} for p in plan.people.values()])
        sections.append(Section("People", (), key))
    if plan.completed_by:
        c = plan.completed_by
        line = f"Completed by: {c.name}" + (f", {c.role}" if c.role else "") \
            + (f", {c.date.isoformat()}" if c.date else "")
        sections.append(Section("Sign-off", (line,)))
    return sections
