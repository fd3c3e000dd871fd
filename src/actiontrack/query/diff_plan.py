"""One plan file against another: every field of the plan, its people key, groups, recommendations and actions.

Driven by the tables of diff_fields; the matching is diff_match's, the note rules diff_rules'.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from actiontrack.model import Action, Plan, Recommendation
from actiontrack.query.diff import CHANGE_KINDS, PROBLEM_KINDS, Change, PlanEnd, Problem
from actiontrack.query.diff_fields import (
    ACTION_FIELDS,
    ACTION_RECORDS,
    GROUP_FIELDS,
    NOTES,
    PERSON_FIELDS,
    PLAN_FIELDS,
    RECOMMENDATION_FIELDS,
    RECOMMENDATION_RECORDS,
    Field,
    Record,
    action_json,
    plan_json,
    recommendation_json,
    values,
)
from actiontrack.query.diff_match import pair_items
from actiontrack.query.diff_privacy import compare_markers
from actiontrack.query.diff_rules import Breach, baseline_rule, due_rule, status_rule
from actiontrack.query.unread import Unread
from actiontrack.wording import count

T = TypeVar("T")
Pos = tuple[int, int]
PLAN_POS: Pos = (-1, -1)


class Collector:
    """Gathers changes and problems with their sort keys: plan id, place in the file, kind."""

    def __init__(self) -> None:
        self.changes: list[tuple[tuple[object, ...], Change]] = []
        self.problems: list[tuple[tuple[object, ...], Problem]] = []

    def change(self, plan: str, pos: Pos, kind: str, before: object, after: object, *, rec: str | None = None,
               act: str | None = None, days: int | None = None, explained: bool | None = None,
               subject: str | None = None, consequences: Sequence[dict[str, object]] = (),
               labels: Mapping[str, str] | None = None) -> None:
        """Record a change at `pos` (its recommendation's and action's place in the head file)."""
        key = (plan, pos, CHANGE_KINDS.index(kind), len(self.changes))
        self.changes.append((key, Change(plan, rec, act, kind, before, after, days, explained, subject,
                                         tuple(consequences), labels or {})))

    def problem(self, plan: str, pos: Pos, kind: str, message: str, *, rec: str | None = None,
                act: str | None = None, before: object = None, after: object = None,
                details: Sequence[str] = ()) -> None:
        """Record a problem at `pos`."""
        key = (plan, pos, PROBLEM_KINDS.index(kind), len(self.problems))
        self.problems.append((key, Problem(plan, act, kind, message, before, after, rec, tuple(details))))

    def breach(self, plan: str, pos: Pos, rec: str, act: str, found: Breach) -> None:
        """Record a problem a rule of diff_rules found."""
        self.problem(plan, pos, found.kind, found.message, rec=rec, act=act, before=found.before, after=found.after)

    def sorted(self) -> tuple[list[Change], list[Problem]]:
        """The changes and the problems, each in the stable order docs/review.md gives."""
        return ([c for _, c in sorted(self.changes, key=lambda kc: kc[0])],
                [p for _, p in sorted(self.problems, key=lambda kp: kp[0])])


# ---------------------------------------------------------------- one plan file at both ends


def reading(end: PlanEnd | None) -> dict[str, object] | None:
    """How one end was read, as `plan-repaired` and `invalid-plan` carry it (docs/review.md)."""
    if end is None:
        return None
    read = "history" if end.read_from else "file" if end.plan is not None else "none"
    return {"errors": [f.to_json() for f in end.errors], "read": read,
            "commit": end.read_from.commit if end.read_from else None,
            "date": end.read_from.date if end.read_from else None}


def compare_ends(b: PlanEnd | None, h: PlanEnd | None, out: Collector) -> None:
    """A plan file's validity at both ends, then its content (when a plan could be read at each)."""
    either = h if h is not None and (h.plan is not None or b is None or b.plan is None) else b
    assert either is not None  # a pair has at least one end
    key = either.key
    if h is not None and h.errors:
        also = f" (at base: {count(len(b.errors), 'error')})" if b is not None and b.errors else ""
        out.problem(key, PLAN_POS, "invalid-plan",
                    f"plan {key} does not validate at head: {count(len(h.errors), 'error')} in {h.file}{also}",
                    before=reading(b), after={"errors": [f.to_json() for f in h.errors]},
                    details=[f.format() for f in h.errors])
    elif b is not None and b.errors and h is not None:
        out.change(key, PLAN_POS, "plan-repaired", reading(b), {"errors": []}, subject=h.file)
    compare_markers(b, h, key, out)
    bp, hp = (b.plan if b else None), (h.plan if h else None)
    if bp is not None and hp is not None:
        compare_plans(bp, hp, h.unread if h else (), out)
    elif hp is not None:
        added_plan(hp, out)
    elif bp is not None and h is None:
        removed_plan(bp, out)
    elif b is not None and h is None:  # a file nothing could be read from, deleted
        out.change(key, PLAN_POS, "plan-removed", None, None, subject=b.file)
        out.problem(key, PLAN_POS, "action-removed",
                    f"plan file {b.file} was removed, and no version of it could be read to count its actions: "
                    "a plan that is no longer needed keeps its actions, set to dropped with a note saying why")


def added_plan(plan: Plan, out: Collector) -> None:
    """A new plan in full: its own fields, then each recommendation and action as added."""
    out.change(plan.id, PLAN_POS, "plan-added", None, plan_json(plan), subject=plan.title)
    labels = {k: p.name for k, p in plan.people.items()}
    for r_index, rec in enumerate(plan.recommendations):
        out.change(plan.id, (r_index, -1), "recommendation-added", None, recommendation_json(rec), rec=rec.id,
                   subject=rec.text)
        for a_index, act in enumerate(rec.actions):
            out.change(plan.id, (r_index, a_index), "action-added", None, action_json(act), rec=rec.id, act=act.id,
                       subject=act.text, labels=labels)


def removed_plan(plan: Plan, out: Collector) -> None:
    """A plan deleted: one change, and the problem of its actions deleted with it."""
    out.change(plan.id, PLAN_POS, "plan-removed", plan_json(plan), None, subject=plan.title)
    n = len(plan.actions())
    if n:
        out.problem(plan.id, PLAN_POS, "action-removed",
                    f"plan {plan.id} was removed with its {count(n, 'action')}: "
                    "set them to dropped with a note saying why instead")


# ---------------------------------------------------------------- one plan against another


def compare_plans(b: Plan, h: Plan, unread: Sequence[Unread], out: Collector) -> None:
    """Every field of two versions of one plan (h may have another id: a rename)."""
    pid = h.id
    labels = {k: p.name for k, p in b.people.items()} | {k: p.name for k, p in h.people.items()}
    if b.id != h.id:
        out.change(pid, PLAN_POS, "plan-renamed", {"id": b.id, "file": b.file}, {"id": h.id, "file": h.file},
                   subject=h.title)
    for f in PLAN_FIELDS:
        if f.name != "date":  # its consequences are known once the actions are compared
            _field(out, pid, PLAN_POS, "plan", f, b, h, subject=h.title)
    _keyed(out, pid, h.title, "person", "key", b.people, h.people, PERSON_FIELDS, lambda key: _relabelled(h, key))
    _keyed(out, pid, h.title, "group", "id", {g.id: g for g in b.groups}, {g.id: g for g in h.groups}, GROUP_FIELDS,
           None)

    recs = pair_items(b.recommendations, h.recommendations, lambda r: r.id, lambda r: r.text)
    head_of = dict(recs.pairs)  # base recommendation index -> head index
    n_head = len(h.recommendations)
    for i, j in recs.pairs:
        was, now = b.recommendations[i], h.recommendations[j]
        if was.id != now.id:
            out.change(pid, (j, -1), "recommendation-renumbered", was.id, now.id, rec=now.id, subject=now.text)
        for rf in RECOMMENDATION_FIELDS:
            _field(out, pid, (j, -1), "recommendation", rf, was, now, rec=now.id, subject=now.text)
        for amendments in RECOMMENDATION_RECORDS:
            for item in _record(out, pid, (j, -1), now.id, None, f"recommendation {now.id}", amendments, was, now):
                out.change(pid, (j, -1), f"{amendments.name}-added", None, amendments.json(item), rec=now.id,
                           subject=now.text)
    for j in recs.added:
        rec = h.recommendations[j]
        out.change(pid, (j, -1), "recommendation-added", None, recommendation_json(rec), rec=rec.id, subject=rec.text)
    unread_ids = {(u.level, u.id) for u in unread}
    for i in recs.removed:
        rec = b.recommendations[i]
        if ("recommendation", rec.id) not in unread_ids:
            out.change(pid, (n_head + i, -1), "recommendation-removed", recommendation_json(rec), None, rec=rec.id,
                       subject=rec.text)

    # Actions are matched across the whole plan: one moved to another recommendation is still itself.
    olds = [(ri, rec, ai, act) for ri, rec in enumerate(b.recommendations) for ai, act in enumerate(rec.actions)]
    news = [(ri, rec, ai, act) for ri, rec in enumerate(h.recommendations) for ai, act in enumerate(rec.actions)]
    acts = pair_items([o[3] for o in olds], [n[3] for n in news], lambda a: a.id, lambda a: a.text, _same_record)
    moved_by_date: list[dict[str, object]] = []
    for i, j in acts.pairs:
        b_ri, b_rec, _, old = olds[i]
        h_ri, h_rec, h_ai, new = news[j]
        if head_of.get(b_ri) != h_ri:
            out.change(pid, (h_ri, h_ai), "action-moved", b_rec.id, h_rec.id, rec=h_rec.id, act=new.id,
                       subject=new.text)
        consequence = compare_actions(out, pid, (h_ri, h_ai), h_rec, old, new, labels, b.date != h.date)
        if consequence is not None:
            moved_by_date.append(consequence)
    for j in acts.added:
        h_ri, h_rec, h_ai, act = news[j]
        out.change(pid, (h_ri, h_ai), "action-added", None, action_json(act), rec=h_rec.id, act=act.id,
                   subject=act.text, labels=labels)
    for i in acts.removed:
        b_ri, b_rec, b_ai, act = olds[i]
        # After the actions its recommendation still has at the head, in base order.
        pos = (head_of[b_ri], len(h.recommendations[head_of[b_ri]].actions) + b_ai) if b_ri in head_of \
            else (n_head + b_ri, b_ai)
        lost = next((u for u in unread if (u.level, u.id) in (("action", act.id), ("recommendation", b_rec.id))), None)
        if lost is not None:
            _unreadable(out, pid, pos, b_rec.id, act.id, lost)
            continue
        out.change(pid, pos, "action-removed", action_json(act), None, rec=b_rec.id, act=act.id, subject=act.text,
                   labels=labels)
        out.problem(pid, pos, "action-removed",
                    f"action {act.id} was removed: set it to dropped with a note saying why instead",
                    rec=b_rec.id, act=act.id, before=action_json(act))
    if b.date != h.date:
        days = (h.date - b.date).days if h.date is not None and b.date is not None else None
        out.change(pid, PLAN_POS, "plan-date", b.date, h.date, days=days, subject=h.title,
                   consequences=moved_by_date)


def compare_actions(out: Collector, pid: str, pos: Pos, rec: Recommendation, old: Action, new: Action,
                    labels: Mapping[str, str], date_moved: bool) -> dict[str, object] | None:
    """Every field of two versions of one action, and the rules for notes. Returns the due move
    when the plan's date alone made it (the plan-date change lists it), else None."""
    aid, rid, subject = new.id, rec.id, new.text
    if old.id == new.id and not date_moved and _content(old) == _content(new):
        return None  # most actions of a change are untouched: `history` compares hundreds of versions
    if old.id != new.id:
        out.change(pid, pos, "action-renumbered", old.id, new.id, rec=rid, act=aid, subject=subject)
    added: dict[str, list[Any]] = {}
    for record in ACTION_RECORDS:
        added[record.name] = _record(out, pid, pos, rid, aid, f"action {aid}", record, old, new)
    notes = added[NOTES.name]
    consequence = None
    for f in ACTION_FIELDS:
        before, after = f.get(old), f.get(new)
        if f.name == "due":
            # The plan's date moved it when nothing of the action's own schedule changed.
            by_date = date_moved and (old.timescale, old.due_given) == (new.timescale, new.due_given)
            if before != after and by_date:
                consequence = {"recommendation": rid, "action": aid, "subject": subject, "before": before,
                               "after": after, "days": (new.due - old.due).days if new.due and old.due else None}
                continue
            explained, breaches = due_rule(aid, old.due, new.due, notes)
            for found in breaches:
                out.breach(pid, pos, rid, aid, found)
            if before != after:
                days = (new.due - old.due).days if new.due and old.due else None
                out.change(pid, pos, "action-due", before, after, rec=rid, act=aid, days=days, explained=explained,
                           subject=subject)
        elif before != after and f.name == "status":
            explained_status, status_breaches = status_rule(f"{pid}:{aid}", aid, old.status, new.status, notes)
            for found in status_breaches:
                out.breach(pid, pos, rid, aid, found)
            out.change(pid, pos, "action-status", before, after, rec=rid, act=aid, explained=explained_status,
                       subject=subject)
        elif before != after:
            if f.name == "baseline":
                for found in baseline_rule(aid, before, after):
                    out.breach(pid, pos, rid, aid, found)
            out.change(pid, pos, f"action-{f.name}", before, after, rec=rid, act=aid, subject=subject, labels=labels)
    for record in ACTION_RECORDS:
        for item in added[record.name]:
            out.change(pid, pos, f"{record.name}-added", None, record.json(item), rec=rid, act=aid, subject=subject)
    return consequence


# ---------------------------------------------------------------- helpers


def _field(out: Collector, pid: str, pos: Pos, level: str, f: Field[T], old: T, new: T, *,
           rec: str | None = None, subject: str | None = None) -> None:
    before, after = f.get(old), f.get(new)
    if before != after:
        out.change(pid, pos, f"{level}-{f.name}", before, after, rec=rec, subject=subject)


def _keyed(out: Collector, pid: str, title: str, level: str, key_name: str, old: Mapping[str, T],
           new: Mapping[str, T], fields: Sequence[Field[T]],
           consequences: Callable[[str], list[dict[str, object]]] | None) -> None:
    """A keyed collection (the people key, the groups): entries added, removed or changed."""
    for key, item in new.items():
        after = {key_name: key, **values(fields, item)}
        if key not in old:
            out.change(pid, PLAN_POS, f"{level}-added", None, after, subject=title)
            continue
        before = {key_name: key, **values(fields, old[key])}
        if before != after:
            out.change(pid, PLAN_POS, f"{level}-changed", before, after, subject=title,
                       consequences=consequences(key) if consequences else ())
    for key, item in old.items():
        if key not in new:
            out.change(pid, PLAN_POS, f"{level}-removed", {key_name: key, **values(fields, item)}, None, subject=title)


def _relabelled(plan: Plan, key: str) -> list[dict[str, object]]:
    """The actions a change to person `key` re-labels: those it owns, and those with notes it wrote."""
    out: list[dict[str, object]] = []
    for rec, act in plan.actions():
        notes = sum(1 for n in act.notes if n.by == key)
        if key in act.owners or notes:
            out.append({"recommendation": rec.id, "action": act.id, "subject": act.text,
                        "owner": key in act.owners, "notes": notes})
    return out


def _record(out: Collector, pid: str, pos: Pos, rid: str, aid: str | None, owner: str, record: Record[T],
            old: object, new: object) -> list[T]:
    """Report edited and removed entries of an append-only list; return the added ones."""
    from actiontrack.query.diff_match import match_record

    edited, removed, added = match_record(record.items(old), record.items(new), record.ident)
    noun = {"note": "notes are", "evidence": "evidence is", "amendment": "amendments are"}[record.name]
    fresh = "a new entry" if record.name == "evidence" else f"a new {record.name}"
    for i, was, now in edited:
        what = "; ".join(_edited(record, was, now))
        out.problem(pid, pos, f"{record.name}-edited",
                    f"{record.name} {i + 1} of {owner} ({_label(record.view(was))}) was edited: {what}: "
                    f"{noun} an append-only record; add {fresh} instead",
                    rec=rid, act=aid, before=record.json(was), after=record.json(now))
    for i, was in removed:
        out.problem(pid, pos, f"{record.name}-removed",
                    f"{record.name} {i + 1} of {owner} ({_label(record.view(was))}) was removed: "
                    f"{noun} an append-only record", rec=rid, act=aid, before=record.json(was))
    return added


def _unreadable(out: Collector, pid: str, pos: Pos, rid: str, aid: str, lost: Unread) -> None:
    """An action still in the head's file that could not be read there: not removed, and not compared."""
    where = lost.label if lost.level == "action" else f"{lost.label}, which holds action {aid},"
    first = lost.findings[0].format() if lost.findings else "see the file's errors"
    out.problem(pid, pos, "action-unreadable",
                f"{where} could not be read at head, so its changes are not shown ({first}): fix it; an action "
                "no longer needed is set to dropped with a note saying why", rec=rid, act=aid,
                after={"errors": [f.to_json() for f in lost.findings]},
                details=[f.format() for f in lost.findings[1:]])


def _content(act: Action) -> tuple[object, ...]:
    """Everything compared of an action: its fields and its records' entries."""
    records: tuple[Record[Any], ...] = ACTION_RECORDS
    return (*(f.get(act) for f in ACTION_FIELDS), *(tuple(r.ident(x) for x in r.items(act)) for r in records))


def _same_record(a: Action, b: Action) -> bool:
    """The same action renumbered: it had notes, and every one of them is still there."""
    return bool(a.notes) and {NOTES.ident(n) for n in a.notes} <= {NOTES.ident(n) for n in b.notes}


def _edited(record: Record[T], was: T, now: T) -> list[str]:
    """What changed in an entry, part by part: `its text "A" is now "B"`, `its x- keys none is now x-ref: "4"`."""
    out = []
    for name, x, y in zip(record.names, record.ident(was), record.ident(now)):
        if x == y:
            continue
        if name == "extra":
            out.append(f"its x- keys {_say(getattr(was, 'extra', {}))} is now {_say(getattr(now, 'extra', {}))}")
        else:
            out.append(f"its {name} {_say(x)} is now {_say(y)}")
    return out


def _say(value: object) -> str:
    if value is None or value == {}:
        return "none"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_say(v)}" for k, v in value.items())
    if isinstance(value, str):
        return f"\"{value}\""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _label(view: dict[str, object]) -> str:
    day = view.get("date")
    # A month-dated note's date is the text "2017-12" in its JSON view: said as a date, unquoted.
    when = (day if isinstance(day, str) else _say(day)) if day else "undated"
    if "by" not in view:
        return when
    return f"{when}, {view['by'] or 'no author'}"
