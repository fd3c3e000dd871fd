"""`history`: one plan's or one action's timeline, oldest first, in the words of `diff`.

Each commit that changed the plan file is compared with the file as that commit's parent had it
(so a branchy history is read commit by commit, not in log order), by the same core as `diff`.
For one action, the timeline keeps what concerns it, following it across renumberings, and
sets the original target against the current one with every move in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from actiontrack.query.diff import Change, PlanEnd, Problem, ReadFrom
from actiontrack.validate.privacy import Guard

JSON_VERSION = 4  # 2: changes carry diff version 3's fields and kinds; 3: diff version 4's; 4: diff version 5's
# Plan-level kinds that concern every action: context for an action's timeline.
_CONTEXT = frozenset({"plan-repaired", "plan-renamed", "plan-removed"})


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit's effect on the plan file: the file before (as the commit's parent had it; None
    when it did not exist) and after (None when the commit deleted it). `commit` is WORKTREE for
    uncommitted changes, which have no date or author."""

    commit: str
    date: str | None
    author: str | None
    before: PlanEnd | None
    after: PlanEnd | None


@dataclass(frozen=True, slots=True)
class Step:
    """One commit of the timeline and what it changed; `readable` is False when no plan could be
    read from the file at that commit (its changes then show at the next commit that can be read)."""

    commit: str
    date: str | None
    author: str | None
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]
    readable: bool = True

    def to_json(self) -> dict[str, object]:
        """One entry of `commits` in the history JSON contract (docs/review.md)."""
        return {"commit": self.commit, "date": self.date, "author": self.author, "readable": self.readable,
                "changes": [c.to_json() for c in self.changes], "problems": [p.to_json() for p in self.problems]}


@dataclass(frozen=True, slots=True)
class History:
    """A plan's or an action's timeline, with the original and current target of an action and
    every due date move (`moves`: action, commit, date, author, before, after, days, explained)."""

    plan: str
    action: str | None
    file: str
    steps: tuple[Step, ...]
    original: dict[str, object] | None
    current: dict[str, object] | None
    moves: tuple[dict[str, object], ...]

    def to_json(self) -> dict[str, object]:
        """The `history --format json` contract (docs/review.md), version JSON_VERSION."""
        return {"version": JSON_VERSION, "plan": self.plan, "action": self.action, "file": self.file,
                "original": self.original, "current": self.current, "moves": list(self.moves),
                "commits": [s.to_json() for s in self.steps]}


def build_history(plan_id: str, action_id: str | None, file: str, revisions: Sequence[Revision],
                  guard: Guard | None = None) -> History:
    """The timeline of a plan (action_id None) or of one of its actions, from its revisions oldest first.

    `action_id` is the action's id at the newest revision; older ids are followed back through
    `action-renumbered` changes. With a `guard`, what the changes quote is masked as `diff` masks it.
    """
    from actiontrack.query.diff_plan import Collector, compare_ends
    from actiontrack.query.diff_privacy import masked_changes

    steps: list[Step] = []
    last: tuple[PlanEnd, Revision] | None = None  # the newest end a plan could be read from
    for rev in revisions:
        before = rev.before
        if before is not None and before.plan is None and last is not None:
            # A parent that could not be read: compare with the last version that could.
            before = replace(before, plan=last[0].plan, read_from=ReadFrom(last[1].commit, last[1].date or ""))
        out = Collector()
        compare_ends(before, rev.after, out)
        changes, problems = out.sorted()
        if guard is not None:
            changes, problems = masked_changes(changes, problems, guard)
        readable = rev.after is None or rev.after.plan is not None  # a deletion is read: nothing is there
        steps.append(Step(rev.commit, rev.date, rev.author, tuple(changes), tuple(problems), readable))
        if rev.after is not None and rev.after.plan is not None:
            last = (rev.after, rev)
    if action_id is None:
        kept = [s for s in steps if s.changes or s.problems]
        moves = [m for s in kept for c in s.changes for m in (
            [_move(s, c, c.action)] if _is_move(c) else
            [_move(s, c, str(x["action"]), x) for x in c.consequences] if c.kind == "plan-date" else [])]
        return History(plan_id, None, file, tuple(kept), None, None, tuple(moves))
    return _of_action(plan_id, action_id, file, steps, last[0] if last else None)


def _of_action(plan_id: str, action_id: str, file: str, steps: list[Step], now: PlanEnd | None) -> History:
    current_id = action_id
    kept: list[tuple[Step, str]] = []
    for step in reversed(steps):
        aid = current_id
        changes: list[Change] = []
        for c in step.changes:
            if c.action == aid:
                changes.append(c)
                if c.kind == "action-renumbered":
                    current_id = str(c.before)  # older commits know it by its old id
            elif c.consequences and any(x.get("action") == aid for x in c.consequences):
                changes.append(replace(c, consequences=tuple(x for x in c.consequences if x.get("action") == aid)))
            elif c.kind in _CONTEXT:
                changes.append(c)
        problems = [p for p in step.problems if p.action == aid or p.kind == "invalid-plan"]
        touched = bool(changes) or any(p.action == aid for p in problems)
        if not touched and step.readable:
            continue  # the commit did not touch this action (one after which nothing could be read might have)
        kept.append((replace(step, changes=tuple(changes), problems=tuple(problems)), aid))
    kept.reverse()
    original: dict[str, object] | None = None
    moves: list[dict[str, object]] = []
    for step, aid in kept:
        for c in step.changes:
            if c.kind == "action-added" and original is None:
                after: dict[str, object] = c.after  # type: ignore[assignment]
                original = {"due": after["due"], "timescale": after["timescale"], "commit": step.commit,
                            "date": step.date}
            elif _is_move(c):
                moves.append(_move(step, c, aid))
            elif c.kind == "plan-date":
                moves += [_move(step, c, aid, x) for x in c.consequences]
    current: dict[str, object] | None = None
    if now is not None and now.plan is not None:
        act = next((a for _, a in now.plan.actions() if a.id == action_id), None)
        current = {"due": act.due, "timescale": act.timescale} if act else None
    return History(plan_id, action_id, file, tuple(s for s, _ in kept), original, current, tuple(moves))


def _is_move(c: Change) -> bool:
    return c.kind == "action-due" and c.before is not None and c.after is not None


def _move(step: Step, c: Change, action: str | None, consequence: dict[str, object] | None = None) -> dict[str, object]:
    src = consequence or {"before": c.before, "after": c.after, "days": c.days}
    return {"action": action, "commit": step.commit, "date": step.date, "author": step.author,
            "before": src["before"], "after": src["after"], "days": src["days"],
            "explained": c.explained if consequence is None else None, "by_plan_date": consequence is not None}
