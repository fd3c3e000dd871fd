"""Semantic diff of two sets of plans: what changed per plan and action, and what broke the record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import TypeVar

from actiontrack import validate
from actiontrack.errors import ERROR, Finding
from actiontrack.load.discover import Contents
from actiontrack.load.loader import LoadResult, plans_of
from actiontrack.model import Action, Evidence, Note, Plan, Recommendation, is_backwards
from actiontrack.wording import count, format_days

# Stable, documented kinds (docs/review.md); their order breaks ties within one action.
CHANGE_KINDS = (
    "plan-added", "plan-removed", "recommendation-added", "recommendation-removed",
    "recommendation-text", "action-added", "action-removed", "action-moved", "action-text",
    "status", "due", "owners", "note-added", "evidence-added",
)
# Most serious first, the order Markdown lists them in: the record rewritten or deleted, then
# deadlines moved in silence, then silent reversals, then files that do not validate.
PROBLEM_KINDS = (
    "note-removed", "note-edited", "evidence-removed", "evidence-edited", "action-removed",
    "due-moved-without-note", "status-backwards-without-note", "invalid-plan",
)

T = TypeVar("T")
R = TypeVar("R", Note, Evidence)  # an entry of an append-only record
Pos = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Change:
    """One change between the two ends; `days` only for `due`, `explained` only for `due`."""

    plan: str
    recommendation: str | None
    action: str | None
    kind: str
    before: object
    after: object
    days: int | None = None
    explained: bool | None = field(default=None, compare=False)  # a note came with the due move

    def to_json(self) -> dict[str, object]:
        """The change as the diff JSON contract gives it (docs/review.md)."""
        return {"plan": self.plan, "recommendation": self.recommendation, "action": self.action,
                "kind": self.kind, "before": self.before, "after": self.after, "days": self.days}


@dataclass(frozen=True, slots=True)
class Problem:
    """A change that damages the record or cannot be trusted; `diff --check` fails on any."""

    plan: str
    action: str | None
    kind: str
    message: str

    def to_json(self) -> dict[str, object]:
        """The problem as the diff JSON contract gives it (docs/review.md)."""
        return {"plan": self.plan, "action": self.action, "kind": self.kind, "message": self.message}


@dataclass(frozen=True, slots=True)
class Side:
    """One end of a diff: the plans that loaded, and the first error of each file that does not
    validate (keyed by plan id, or by file name stem when the file did not load at all)."""

    plans: tuple[Plan, ...]
    invalid: tuple[tuple[str, Finding], ...] = ()
    unloadable: frozenset[str] = frozenset()  # ids (file stems) of files that gave no plan


@dataclass(frozen=True, slots=True)
class DiffResult:
    """The `diff` result: both ends as resolved (full commit ids, or WORKTREE) and what changed."""

    base: str
    head: str
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]

    def to_json(self) -> dict[str, object]:
        """The `diff --format json` contract (docs/review.md)."""
        return {"base": self.base, "head": self.head,
                "changes": [c.to_json() for c in self.changes],
                "problems": [p.to_json() for p in self.problems]}


def split_unchanged(base: Mapping[str, Contents], head: Mapping[str, Contents],
                    ) -> tuple[dict[str, Contents], dict[str, Contents], dict[str, str]]:
    """Set aside files with the same bytes at both ends: they cannot change anything, and loading
    is what costs (about 12 ms for a 30 KB plan). Returns the changed files of each end and the
    untouched ones as {file name stem: path}, for the duplicate-id check."""
    # Only bytes can be the same: a file unreadable at both ends is reported at both.
    same = {path for path, data in base.items() if isinstance(data, bytes) and head.get(path) == data}
    untouched = {PurePosixPath(path).stem: path for path in sorted(same)}
    return ({p: d for p, d in base.items() if p not in same}, {p: d for p, d in head.items() if p not in same},
            untouched)


def side_of(results: Sequence[LoadResult], untouched: Mapping[str, str] | None = None) -> Side:
    """One end of a diff from the loader's results for its files (positions kept, for the findings).

    Broken and unreadable files become `invalid` entries, with their first error. `untouched`
    ({stem: path}) names files left out because they did not change; a loaded plan whose id is
    one of their names (a valid plan's file name is its id) is a duplicate (AT202).
    """
    plans = plans_of(results)
    plan_of_file = {r.file: r.plan.id for r in results if r.plan is not None}
    unloadable = {PurePosixPath(r.file).stem for r in results if r.plan is None}
    # No validation error depends on the date; date.max only keeps "dated in the future" quiet.
    findings = validate.check(results, date.max)
    for plan in list(plans):
        other = (untouched or {}).get(plan.id)
        if other is not None and other != plan.file:
            line, col = plan.keys.get("id", (1, 1))
            findings.append(Finding(plan.file, line, col, ERROR, "AT202",
                                    f"duplicate plan id '{plan.id}' (also in {other})"))
            plans.remove(plan)  # the untouched file holds the plan; this copy is not an addition
    first: dict[str, Finding] = {}
    for f in sorted(x for x in findings if x.severity == ERROR):
        first.setdefault(f.file, f)
    invalid = sorted((plan_of_file.get(file, PurePosixPath(file).stem), f) for file, f in first.items())
    return Side(tuple(plans), tuple(invalid), frozenset(unloadable))


def compare(base: Side, head: Side) -> tuple[list[Change], list[Problem]]:
    """Every change and problem from `base` to `head`, in a stable order (docs/review.md)."""
    out = _Collector()
    for side, label in ((base, "base"), (head, "head")):
        for plan_id, finding in side.invalid:
            out.problem(plan_id, (-1, -1), None, "invalid-plan",
                        f"plan {plan_id} does not validate at {label}: {finding.format()}")
    before, after = _by_id(base.plans), _by_id(head.plans)
    for plan_id in sorted(before.keys() | after.keys()):
        b, h = before.get(plan_id), after.get(plan_id)
        if b is None and h is not None:
            if plan_id not in base.unloadable:  # a plan broken at base is reported as invalid, not new
                out.change(plan_id, (-1, -1), None, None, "plan-added", None, h.title)
        elif h is None and b is not None:
            if plan_id not in head.unloadable:
                _removed_plan(b, out)
        elif b is not None and h is not None:
            _compare_plan(b, h, out)
    return out.sorted()


def _by_id(plans: Sequence[Plan]) -> dict[str, Plan]:
    out: dict[str, Plan] = {}
    for plan in plans:
        out.setdefault(plan.id, plan)  # a duplicate id is an invalid-plan problem already
    return out


def _removed_plan(plan: Plan, out: _Collector) -> None:
    out.change(plan.id, (-1, -1), None, None, "plan-removed", plan.title, None)
    n = len(plan.actions())
    if n:
        out.problem(plan.id, (-1, -1), None, "action-removed",
                    f"plan {plan.id} was removed with its {count(n, 'action')}: "
                    "set them to dropped with a note saying why instead")


def _compare_plan(b: Plan, h: Plan, out: _Collector) -> None:
    pid = h.id
    head_recs = _index(h.recommendations)
    base_recs = _index(b.recommendations)
    n_head = len(h.recommendations)

    def rec_pos(rec_id: str) -> int:
        # Recommendations in head order; those gone from head follow, in base order.
        return head_recs[rec_id][0] if rec_id in head_recs else n_head + base_recs[rec_id][0]

    for rec_id, (_, rec) in head_recs.items():
        if rec_id not in base_recs:
            out.change(pid, (rec_pos(rec_id), -1), rec_id, None, "recommendation-added", None, rec.text)
        elif base_recs[rec_id][1].text != rec.text:
            out.change(pid, (rec_pos(rec_id), -1), rec_id, None, "recommendation-text",
                       base_recs[rec_id][1].text, rec.text)
    for rec_id, (_, rec) in base_recs.items():
        if rec_id not in head_recs:
            out.change(pid, (rec_pos(rec_id), -1), rec_id, None, "recommendation-removed", rec.text, None)

    head_acts = _actions(h)
    base_acts = _actions(b)
    for act_id, (rec, act, a_index) in head_acts.items():
        pos = (rec_pos(rec.id), a_index)
        if act_id not in base_acts:
            out.change(pid, pos, rec.id, act_id, "action-added", None, act.text)
        else:
            old_rec, old, _ = base_acts[act_id]
            _compare_action(pid, pos, old_rec, old, rec, act, out)
    for act_id, (rec, act, a_index) in base_acts.items():
        if act_id in head_acts:
            continue
        # After the actions its recommendation still has in head, in base order.
        shift = len(head_recs[rec.id][1].actions) if rec.id in head_recs else 0
        pos = (rec_pos(rec.id), shift + a_index)
        out.change(pid, pos, rec.id, act_id, "action-removed", act.text, None)
        out.problem(pid, pos, act_id, "action-removed",
                    f"action {act_id} was removed: set it to dropped with a note saying why instead")


def _compare_action(pid: str, pos: Pos, old_rec: Recommendation, old: Action, rec: Recommendation,
                    new: Action, out: _Collector) -> None:
    aid, rid = new.id, rec.id
    if old_rec.id != rec.id:
        out.change(pid, pos, rid, aid, "action-moved", old_rec.id, rec.id)
    if old.text != new.text:
        out.change(pid, pos, rid, aid, "action-text", old.text, new.text)
    notes_added = _record(pid, pos, aid, old.notes, new.notes, _note_key, "note", out)
    evidence_added = _record(pid, pos, aid, old.evidence, new.evidence, _evidence_key, "evidence", out)
    if old.status != new.status:
        out.change(pid, pos, rid, aid, "status", old.status, new.status)
        if is_backwards(old.status, new.status) and not notes_added:
            out.problem(pid, pos, aid, "status-backwards-without-note",
                        f"action {aid} status moved back from {old.status} to {new.status} "
                        "without a note saying why")
    if old.due != new.due:
        days = (new.due - old.due).days if old.due and new.due else None
        explained = bool(notes_added)
        out.change(pid, pos, rid, aid, "due", old.due, new.due, days, explained)
        # Setting a date where there was none is not a slip; moving or removing one needs a reason.
        if old.due is not None and not explained:
            moved = (f"moved from {old.due.isoformat()} to {new.due.isoformat()} ({format_days(days)})"
                     if new.due is not None and days is not None else f"{old.due.isoformat()} removed")
            out.problem(pid, pos, aid, "due-moved-without-note",
                        f"action {aid} due date {moved} without a note saying why")
    if old.owners != new.owners:
        out.change(pid, pos, rid, aid, "owners", list(old.owners), list(new.owners))
    for note in notes_added:
        out.change(pid, pos, rid, aid, "note-added", None, note_json(note))
    for ev in evidence_added:
        out.change(pid, pos, rid, aid, "evidence-added", None, evidence_json(ev))


def _record(pid: str, pos: Pos, aid: str, old: Sequence[R], new: Sequence[R],
            key: Callable[[R], tuple[Hashable, ...]], what: str, out: _Collector) -> list[R]:
    """Report edited and removed entries of an append-only list; return the added ones."""
    edited, removed, added = match_record(old, new, key)
    noun = "notes are" if what == "note" else "evidence is"
    for i, was, now in edited:
        fields = ", ".join(name for name, x, y in zip(_FIELDS[what], key(was), key(now)) if x != y)
        out.problem(pid, pos, aid, f"{what}-edited",
                    f"{what} {i + 1} of action {aid} ({_label(was)}) was edited ({fields}): "
                    f"{noun} an append-only record; add a new {'note' if what == 'note' else 'entry'} instead")
    for i, was in removed:
        out.problem(pid, pos, aid, f"{what}-removed",
                    f"{what} {i + 1} of action {aid} ({_label(was)}) was removed: {noun} an append-only record")
    return added


_FIELDS = {"note": ("date", "by", "text", "status"), "evidence": ("date", "description", "reference")}


def match_record(old: Sequence[T], new: Sequence[T], key: Callable[[T], tuple[Hashable, ...]],
                 ) -> tuple[list[tuple[int, T, T]], list[tuple[int, T]], list[T]]:
    """Match an append-only list: (edited as (index, old, new), removed as (index, old), added).

    Every old entry should still be there, unchanged, in any position. One that is not is
    *edited* when the new list holds, at its position, an entry matched by no old one; otherwise
    it was *removed*. New entries left unmatched were added.
    """
    pool: dict[tuple[Hashable, ...], list[int]] = defaultdict(list)
    for j, item in enumerate(new):
        pool[key(item)].append(j)
    used: set[int] = set()
    missing: list[int] = []
    for i, item in enumerate(old):
        candidates = pool.get(key(item))
        if candidates:
            used.add(candidates.pop(0))
        else:
            missing.append(i)
    edited: list[tuple[int, T, T]] = []
    removed: list[tuple[int, T]] = []
    for i in missing:
        if i < len(new) and i not in used:
            used.add(i)
            edited.append((i, old[i], new[i]))
        else:
            removed.append((i, old[i]))
    return edited, removed, [item for j, item in enumerate(new) if j not in used]


def _note_key(n: Note) -> tuple[Hashable, ...]:
    return (n.date, n.by, n.text, n.status)


def _evidence_key(e: Evidence) -> tuple[Hashable, ...]:
    return (e.date, e.description, e.reference)


def _label(entry: Note | Evidence) -> str:
    if isinstance(entry, Note):
        return f"{entry.date.isoformat()}, {entry.by}"
    return entry.date.isoformat()


def note_json(n: Note) -> dict[str, object]:
    """A note as the diff JSON contract gives it."""
    return {"date": n.date, "by": n.by, "text": n.text, "status": n.status}


def evidence_json(e: Evidence) -> dict[str, object]:
    """An evidence entry as the diff JSON contract gives it."""
    return {"date": e.date, "description": e.description, "reference": e.reference}


def _index(recs: Sequence[Recommendation]) -> dict[str, tuple[int, Recommendation]]:
    out: dict[str, tuple[int, Recommendation]] = {}
    for i, rec in enumerate(recs):
        out.setdefault(rec.id, (i, rec))
    return out


def _actions(plan: Plan) -> dict[str, tuple[Recommendation, Action, int]]:
    out: dict[str, tuple[Recommendation, Action, int]] = {}
    for rec in plan.recommendations:
        for i, act in enumerate(rec.actions):
            out.setdefault(act.id, (rec, act, i))
    return out


class _Collector:
    """Gathers changes and problems with their sort keys: plan id, file position, kind."""

    def __init__(self) -> None:
        self.changes: list[tuple[tuple[object, ...], Change]] = []
        self.problems: list[tuple[tuple[object, ...], Problem]] = []

    def change(self, plan: str, pos: Pos, rec: str | None, act: str | None, kind: str,
               before: object, after: object, days: int | None = None, explained: bool | None = None) -> None:
        key = (plan, pos, CHANGE_KINDS.index(kind), len(self.changes))
        self.changes.append((key, Change(plan, rec, act, kind, before, after, days, explained)))

    def problem(self, plan: str, pos: Pos, act: str | None, kind: str, message: str) -> None:
        key = (plan, pos, PROBLEM_KINDS.index(kind), len(self.problems))
        self.problems.append((key, Problem(plan, act, kind, message)))

    def sorted(self) -> tuple[list[Change], list[Problem]]:
        return ([c for _, c in sorted(self.changes, key=lambda kc: kc[0])],
                [p for _, p in sorted(self.problems, key=lambda kp: kp[0])])
