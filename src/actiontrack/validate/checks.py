"""The semantic checks: each a pure function of a plan (and the as-of date) returning findings."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from actiontrack.errors import ERROR, WARNING, Finding
from actiontrack.load.build import unknown_status
from actiontrack.model import STATUSES, Note, Plan
from actiontrack.timescale import parse_timescale
from actiontrack.wording import read_ledger

# "Written as initials": 2-5 capitals (an ampersand allowed, as in "C&F") and nothing else.
INITIALS = re.compile(r"[A-Z][A-Z&]{1,4}\Z")


def check_plan_ids(plans: list[Plan]) -> list[Finding]:
    """Plan ids are unique across files, and each file is named after its plan."""
    out: list[Finding] = []
    first: dict[str, Plan] = {}
    for plan in plans:
        line, col = plan.keys.get("id", (1, 1))
        stem = Path(plan.file).stem
        if stem != plan.id:
            out.append(Finding(plan.file, line, col, ERROR, "AT203",
                               f"file name '{Path(plan.file).name}' does not match plan id '{plan.id}': "
                               f"rename it to {plan.id}.yaml"))
        if plan.id in first:
            out.append(Finding(plan.file, line, col, ERROR, "AT202",
                               f"duplicate plan id '{plan.id}' (also in {first[plan.id].file})"))
        else:
            first[plan.id] = plan
    return out


def check_structure_ids(plan: Plan, as_of: date) -> list[Finding]:
    """Group, recommendation and action ids are unique; groups named by recommendations exist."""
    out: list[Finding] = []
    group_ids = [g.id for g in plan.groups]
    dupes = {g for g in group_ids if group_ids.count(g) > 1}
    for g in sorted(dupes):
        out.append(_at(plan, plan.keys.get("groups", (1, 1)), ERROR, "AT208", f"duplicate group id '{g}'"))
    rec_seen: dict[str, int] = {}
    act_seen: dict[str, int] = {}
    for rec in plan.recommendations:
        pos = rec.keys.get("id", (rec.line, rec.col))
        if rec.id in rec_seen:
            out.append(_at(plan, pos, ERROR, "AT207",
                           f"duplicate recommendation id '{rec.id}' (first at line {rec_seen[rec.id]})"))
        else:
            rec_seen[rec.id] = pos[0]
        if rec.group is not None and rec.group not in group_ids:
            known = f" (groups: {', '.join(group_ids)})" if group_ids else " (the plan defines no groups)"
            out.append(_at(plan, rec.keys.get("group", pos), ERROR, "AT208",
                           f"recommendation '{rec.id}' names unknown group '{rec.group}'{known}"))
        elif rec.group is None and group_ids:
            out.append(_at(plan, pos, ERROR, "AT102",
                           f"missing required field 'group' in recommendation '{rec.id}' (the plan has groups)"))
        for act in rec.actions:
            apos = act.keys.get("id", (act.line, act.col))
            if act.id in act_seen:
                out.append(_at(plan, apos, ERROR, "AT201",
                               f"duplicate action id '{act.id}' (first at line {act_seen[act.id]})"))
            else:
                act_seen[act.id] = apos[0]
    return out


def check_statuses(plan: Plan, as_of: date) -> list[Finding]:
    """Known statuses, and the record each status needs (evidence, a reason, a sign-off)."""
    out: list[Finding] = []
    for _, act in plan.actions():
        pos = act.keys.get("status", (act.line, act.col))
        if act.status == "embedded" and not act.evidence:
            out.append(_at(plan, pos, ERROR, "AT303",
                           f"action '{act.id}' is embedded but has no evidence: add an evidence entry"))
        elif act.status == "dropped" and not act.notes:
            out.append(_at(plan, pos, ERROR, "AT304",
                           f"action '{act.id}' is dropped without a note saying why"))
        elif act.status == "closed" and not act.notes:
            out.append(_at(plan, pos, ERROR, "AT305",
                           f"action '{act.id}' is closed without a note recording the sign-off"))
        for note in act.notes:
            if note.status is not None and note.status not in STATUSES:
                out.append(Finding(plan.file, note.line, note.col, ERROR, "AT302", unknown_status(note.status)))
    return out


def check_initials(plan: Plan, as_of: date) -> list[Finding]:
    """Owners and note authors written as initials must be in the people key."""
    out: list[Finding] = []
    for _, act in plan.actions():
        for owner, pos in zip(act.owners, act.owner_pos or [(act.line, act.col)] * len(act.owners)):
            if INITIALS.match(owner) and owner not in plan.people:
                out.append(_at(plan, pos, ERROR, "AT301", _initials_message("owner", owner, plan)))
        for note in act.notes:
            if INITIALS.match(note.by) and note.by not in plan.people:
                out.append(Finding(plan.file, note.line, note.col, ERROR, "AT301",
                                   _initials_message("note author", note.by, plan)))
    return out


def check_timescales(plan: Plan, as_of: date) -> list[Finding]:
    """Every action has a readable timescale or a due date, and the two agree."""
    out: list[Finding] = []
    for _, act in plan.actions():
        pos = act.keys.get("timescale") or act.keys.get("due") or (act.line, act.col)
        if act.timescale is None and act.due_given is None:
            if "timescale" in act.keys or "due" in act.keys:
                continue  # present but malformed: load reported it already
            out.append(_at(plan, pos, WARNING, "AT204", f"action '{act.id}' has no timescale or due date"))
            continue
        if act.timescale is None:
            continue
        ts = parse_timescale(act.timescale, plan_date=plan.date)
        if ts.kind == "unknown" and act.due_given is None:
            out.append(_at(plan, pos, WARNING, "AT205",
                           f"timescale '{act.timescale}' is not a date actiontrack can read: add 'due: YYYY-MM-DD' "
                           f"(check with: actiontrack timescale \"{act.timescale}\")"))
        elif act.due_given is not None and ts.kind in ("date", "immediate") and ts.due != act.due_given \
                and not _ledger_explains(act.notes, act.due_given):
            out.append(_at(plan, act.keys.get("due", pos), WARNING, "AT206",
                           f"due {act.due_given.isoformat()} disagrees with timescale '{act.timescale}' "
                           f"(read as {ts.due.isoformat() if ts.due else 'no date'})"))
    return out


def check_notes(plan: Plan, as_of: date) -> list[Finding]:
    """Notes are in date order and none is dated after the as-of date."""
    out: list[Finding] = []
    for _, act in plan.actions():
        previous: date | None = None
        for note in act.notes:
            if previous is not None and note.date < previous:
                out.append(Finding(plan.file, note.line, note.col, WARNING, "AT401",
                                   f"note dated {note.date.isoformat()} comes after a note dated "
                                   f"{previous.isoformat()}: notes go oldest first"))
            if note.date > as_of:
                out.append(Finding(plan.file, note.line, note.col, WARNING, "AT402",
                                   f"note dated {note.date.isoformat()} is after {as_of.isoformat()}"))
            previous = note.date if previous is None else max(previous, note.date)
        for ev in act.evidence:
            if ev.date > as_of:
                out.append(Finding(plan.file, ev.line, ev.col, WARNING, "AT402",
                                   f"evidence dated {ev.date.isoformat()} is after {as_of.isoformat()}"))
    return out


def _ledger_explains(notes: tuple[Note, ...], due: date) -> bool:
    """A reschedule note (the slippage ledger, docs/editing.md) explains a due date that no
    longer matches the source's wording: the wording stays verbatim, the move is on record."""
    return any((move := read_ledger(n.text)) is not None and move[1] == due for n in notes)


PLAN_CHECKS: list[Callable[[Plan, date], list[Finding]]] = [
    check_structure_ids, check_statuses, check_initials, check_timescales, check_notes,
]


def _at(plan: Plan, pos: tuple[int, int], severity: str, code: str, message: str) -> Finding:
    return Finding(plan.file, pos[0], pos[1], severity, code, message)


def _initials_message(what: str, value: str, plan: Plan) -> str:
    known = ", ".join(sorted(plan.people)) or "none"
    return f"{what} '{value}' looks like initials but is not in the people key (known: {known})"

