"""The semantic checks: each a pure function of a plan returning findings.

A finding that depends on the as-of date too (a note dated after it) is returned as a `Dated`
finding (validate/dated.py), made a finding for one day by `on_day`: so a file's findings can be
cached across days. `PLAN_CHECKS` are the same rules as checks of a plan on one day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from actiontrack.errors import ERROR, WARNING, Finding
from actiontrack.load.build import unknown_status
from actiontrack.load.fields import short
from actiontrack.model import (
    DONE_STATUSES,
    KNOWN_ROLES,
    NOT_DONE_STATUSES,
    SOURCE_KINDS,
    STATUSES,
    Action,
    Note,
    Plan,
    Recommendation,
    month_text,
)
from actiontrack.timescale import parse_timescale
from actiontrack.validate.dated import AS_OF, DAYS_SINCE, Dated, Rule, checked_on_day
from actiontrack.wording import count, read_ledger

# "Written as initials": 2-5 capitals (an ampersand allowed, as in "C&F") and nothing else.
INITIALS = re.compile(r"[A-Z][A-Z&]{1,4}\Z")


def check_plan_fields(plan: Plan) -> list[Finding]:
    """What a plan may leave out or name freely, said once: no date (AT209), a new source kind (AT210)."""
    out: list[Finding] = []
    if plan.date is None:
        # One finding for the plan, not one AT205 per timescale that only the missing date leaves unplaced.
        unplaced = [act for _, act in plan.actions() if act.due_given is None and _needs_plan_date(plan, act)]
        need = ""
        if unplaced:
            first = unplaced[0]
            line = first.keys.get("timescale", (first.line, first.col))[0]
            need = (f"; {count(len(unplaced), 'timescale')} of this plan {'needs' if len(unplaced) == 1 else 'need'} "
                    f"it, the first '{short(first.timescale or '')}' (action {first.id}, line {line})")
        counted = "timescales counted from it (two-digit years, \"Immediate\", \"Within 3 months\", \"Sept\" "
        if "date" in plan.keys:  # present, but not a date (AT105 says why): never "has no date"
            out.append(_at(plan, (plan.keys["date"][0], 1), WARNING, "AT209",
                           f"the plan's 'date' could not be read (AT105): {counted}without a year) read as "
                           f"unknown{need}: correct the date"))
        else:
            out.append(_at(plan, (plan.line, 1), WARNING, "AT209",
                           "the plan has no 'date': timescales counted from it (\"Immediate\", \"Within 3 months\", "
                           f"\"Sept\" without a year) read as unknown{need}"))
    if plan.source_kind not in SOURCE_KINDS:
        out.append(_at(plan, plan.keys.get("source.kind", (plan.line, 1)), WARNING, "AT210",
                       f"source kind '{short(plan.source_kind)}' is not one actiontrack knows (known: "
                       f"{', '.join(SOURCE_KINDS)}): kept as written"))
    return out


def check_plan_ids(plans: list[Plan]) -> list[Finding]:
    """Plan ids are unique across files, and each file is named after its plan."""
    return check_ids([ident_of(plan) for plan in plans])


# What the cross-file check needs of a plan: (file, plan id, line, col of its id).
Ident = tuple[str, str, int, int]


def ident_of(plan: Plan) -> Ident:
    """A plan's file, id and the id's position: all `check_ids` reads of it."""
    line, col = plan.keys.get("id", (1, 1))
    return plan.file, plan.id, line, col


def check_ids(idents: list[Ident]) -> list[Finding]:
    """`check_plan_ids` on what it reads of each plan (the cache keeps only that)."""
    out: list[Finding] = []
    first: dict[str, str] = {}
    for file, plan_id, line, col in idents:
        if Path(file).stem != plan_id:
            out.append(Finding(file, line, col, ERROR, "AT203",
                               f"file name '{Path(file).name}' does not match plan id '{plan_id}': "
                               f"rename it to {plan_id}.yaml"))
        if plan_id in first:
            out.append(Finding(file, line, col, ERROR, "AT202",
                               f"duplicate plan id '{plan_id}' (also in {first[plan_id]})"))
        else:
            first[plan_id] = file
    return out


def check_structure_ids(plan: Plan) -> list[Finding]:
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


def check_statuses(plan: Plan) -> Sequence[Finding | Dated]:
    """Known statuses, and the record each status needs (evidence, a reason, a sign-off)."""
    out: list[Finding | Dated] = []
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
        if act.completed_on is not None and act.status not in DONE_STATUSES:
            out.append(_at(plan, act.keys.get("completed_on", pos), WARNING, "AT310",
                           f"action '{act.id}' has completed_on {_when(act.completed_on, act.completed_month)} "
                           f"but its status is {act.status}"))
        elif act.completed_on is not None:
            # A completion by month is not "after" a day of that month.
            at = act.keys.get("completed_on", pos)
            out.append(Dated(plan.file, at[0], at[1], WARNING, "AT402",
                             (f"completed_on {_when(act.completed_on, act.completed_month)} is after ", AS_OF),
                             before=_first_day(act.completed_on, act.completed_month)))
    for rec in plan.recommendations:
        out.extend(_recommendation_status(plan, rec))
    return out


def _recommendation_status(plan: Plan, rec: Recommendation) -> list[Finding]:
    """A recommendation marked done whose actions are not all done (AT309): Boards count it as done."""
    if rec.status not in DONE_STATUSES or rec.standalone:
        return []
    open_ids = [a.id for a in rec.actions if a.status not in DONE_STATUSES and a.status != "dropped"]
    if not open_ids:
        return []
    shown = ", ".join(open_ids[:5]) + (f" and {len(open_ids) - 5} more" if len(open_ids) > 5 else "")
    return [_at(plan, rec.keys.get("status", (rec.line, rec.col)), WARNING, "AT309",
                f"recommendation '{rec.id}' is marked {rec.status} but {count(len(open_ids), 'action')} "
                f"{'is' if len(open_ids) == 1 else 'are'} not done: {shown}")]


def check_ratings(plan: Plan) -> Sequence[Finding | Dated]:
    """The owner's rating against the dates (AT308): green or blue while open past the due date,
    red when done. The rating stays as the owner gave it; the warning says they disagree."""
    out: list[Finding | Dated] = []
    for _, act in plan.actions():
        pos = act.keys.get("rag", (act.line, act.col))
        if act.rag in ("green", "blue") and act.status in NOT_DONE_STATUSES and act.due is not None:
            out.append(Dated(plan.file, pos[0], pos[1], WARNING, "AT308",
                             (f"action '{act.id}' is rated {_rating(act)} but is {act.status} and was due "
                              f"{act.due.isoformat()} (", DAYS_SINCE, " before ", AS_OF, ")"), after=act.due))
        elif act.rag == "red" and act.status in DONE_STATUSES:
            out.append(_at(plan, pos, WARNING, "AT308", f"action '{act.id}' is rated {_rating(act)} but is "
                                                        f"{act.status}"))
    return out


def _rating(act: Action) -> str:
    return f"{act.rag} ('{short(act.rag_label)}')" if act.rag_label else str(act.rag)


def check_initials(plan: Plan) -> list[Finding]:
    """Owners and note authors written as initials must be in the people key (AT301), unless they
    are a known role (AT307, a warning); an action needs an owner, its own or its recommendation's
    (AT306, a warning)."""
    out: list[Finding] = []
    for rec in plan.recommendations:
        if not rec.standalone:  # a standalone recommendation's owners are its action's, checked below
            out.extend(_owner_findings(plan, rec.owners, rec.owner_pos, (rec.line, rec.col)))
    for _, act in plan.actions():
        if not act.owners and "owners" not in act.keys:  # an empty or malformed list: load reported it
            out.append(_at(plan, act.keys.get("owners", act.keys.get("id", (act.line, act.col))), WARNING, "AT306",
                           f"action '{act.id}' has no owner: name one on the action or its recommendation"))
        if not act.owners_inherited:
            out.extend(_owner_findings(plan, act.owners, act.owner_pos, (act.line, act.col)))
        for note in act.notes:
            if note.by is not None and INITIALS.match(note.by) and note.by not in plan.people:
                out.append(_initials(plan, note.by, (note.line, note.col), "note author"))
    return out


def _owner_findings(plan: Plan, owners: tuple[str, ...], positions: tuple[tuple[int, int], ...],
                    where: tuple[int, int]) -> list[Finding]:
    return [_initials(plan, owner, pos, "owner") for owner, pos in zip(owners, positions or [where] * len(owners))
            if INITIALS.match(owner) and owner not in plan.people]


def _initials(plan: Plan, who: str, pos: tuple[int, int], what: str) -> Finding:
    if who in KNOWN_ROLES:
        return _at(plan, pos, WARNING, "AT307", f"{what} '{who}' is a role, not in the people key: add it to people "
                                                "to say who holds it")
    return _at(plan, pos, ERROR, "AT301", _initials_message(what, who, plan))


def check_timescales(plan: Plan) -> list[Finding]:
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
        ts = parse_timescale(act.timescale, plan_date=plan.date, published=plan.published)
        if ts.kind == "unknown" and act.due_given is None and not _needs_plan_date(plan, act):
            out.append(_at(plan, pos, WARNING, "AT205",
                           f"timescale '{act.timescale}' is not a date actiontrack can read: add 'due: YYYY-MM-DD'"
                           f"{_missing_reference(plan, act.timescale)} "
                           f"(check with: actiontrack timescale \"{act.timescale}\")"))
        elif act.due_given is not None and ts.kind in ("date", "immediate") and ts.due != act.due_given \
                and ts.due != act.baseline and not _ledger_explains(act.notes, act.due_given):
            out.append(_at(plan, act.keys.get("due", pos), WARNING, "AT206",
                           f"due {act.due_given.isoformat()} disagrees with timescale '{act.timescale}' "
                           f"(read as {ts.due.isoformat() if ts.due else 'no date'})"))
        if ts.corrected and ts.due is not None:
            out.append(_at(plan, pos, WARNING, "AT211",
                           f"timescale '{act.timescale}' names a day past the end of its month: read as "
                           f"{ts.due.isoformat()}, the month's last day (add 'due:' if another day was meant)"))
    for _, act in plan.actions():
        if act.baseline_text is not None and act.baseline is None:
            out.append(_at(plan, act.keys.get("baseline", (act.line, act.col)), WARNING, "AT212",
                           f"baseline '{short(act.baseline_text)}' is not a date actiontrack can read: write "
                           f"YYYY-MM-DD (check with: actiontrack timescale \"{short(act.baseline_text)}\")"))
    return out


# A plan date to ask "would a date place it?" with: any ordinary day answers the same (mid-month,
# mid-year, far from the calendar's ends), and a fixed one keeps the rules free of the as-of date,
# so the cache can keep their findings across days (validate/perfile.py).
SOME_PLAN_DATE = date(2000, 6, 15)


def _needs_plan_date(plan: Plan, act: Action) -> bool:
    """A timescale that has no due date only because the plan has no (readable) date to count from:
    with one ("End Oct 03" needs it for the century, "Within 3 months" to count from) it has one."""
    if plan.date is not None or not act.timescale:
        return False
    if parse_timescale(act.timescale, published=plan.published).due is not None:
        return False
    return parse_timescale(act.timescale, plan_date=SOME_PLAN_DATE, published=plan.published).due is not None


def _missing_reference(plan: Plan, wording: str) -> str:
    """Why a relative wording reads as unknown, when the plan lacks the date it counts from."""
    # A wording the plan's missing 'date' alone leaves unplaced is AT209's, never an AT205.
    if "publication" in wording.casefold() and plan.published is None:
        return ", or the plan's 'published' date it counts from"
    return ""


def check_notes(plan: Plan) -> Sequence[Finding | Dated]:
    """Notes are in date order and none is dated after the as-of date."""
    out: list[Finding | Dated] = []
    for _, act in plan.actions():
        previous: date | None = None
        for note in act.notes:
            if note.by is None:
                out.append(Finding(plan.file, note.line, note.col, WARNING, "AT403",
                                   "note has no 'by': the source does not say who recorded it"))
            if note.month:
                out.append(Finding(plan.file, note.line, note.col, WARNING, "AT404",
                                   f"note dated by month ({month_text(note.date)}): it counts from "
                                   f"{note.date.isoformat()}, the month's last day"))
            if previous is not None and note.date < previous:
                out.append(Finding(plan.file, note.line, note.col, WARNING, "AT401",
                                   f"note dated {_when(note.date, note.month)} comes after a note dated "
                                   f"{previous.isoformat()}: notes go oldest first"))
            # A note dated by month is not "after" a day of that month.
            out.append(Dated(plan.file, note.line, note.col, WARNING, "AT402",
                             (f"note dated {_when(note.date, note.month)} is after ", AS_OF),
                             before=_first_day(note.date, note.month)))
            previous = note.date if previous is None else max(previous, note.date)
        for ev in act.evidence:
            out.append(Dated(plan.file, ev.line, ev.col, WARNING, "AT402",
                             (f"evidence dated {ev.date.isoformat()} is after ", AS_OF), before=ev.date))
    return out


def _ledger_explains(notes: tuple[Note, ...], due: date) -> bool:
    """A reschedule note (the slippage ledger, docs/editing.md) explains a due date that no
    longer matches the source's wording: the wording stays verbatim, the move is on record."""
    return any((move := read_ledger(n.text)) is not None and move[1] == due for n in notes)


# Each rule is a pure function of the plan alone (the cache keeps what they give per file);
# PLAN_CHECKS are the same rules answered for one day.
PLAN_RULES: list[Rule] = [
    check_plan_fields, check_structure_ids, check_statuses, check_initials, check_timescales, check_ratings,
    check_notes,
]
PLAN_CHECKS = [checked_on_day(rule) for rule in PLAN_RULES]


def _at(plan: Plan, pos: tuple[int, int], severity: str, code: str, message: str) -> Finding:
    return Finding(plan.file, pos[0], pos[1], severity, code, message)


def _first_day(day: date, month: bool) -> date:
    """The first day a dated fact is not "after": its day, or its month's first day."""
    return day.replace(day=1) if month else day


def _when(day: date, month: bool) -> str:
    return month_text(day) if month else day.isoformat()


def _initials_message(what: str, value: str, plan: Plan) -> str:
    known = ", ".join(sorted(plan.people)) or "none"
    return f"{what} '{value}' looks like initials but is not in the people key (known: {known})"

