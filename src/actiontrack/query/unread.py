"""What a file holds but its plan lacks: recommendations, actions, notes and evidence that could not be read.

The builder leaves out an entry it cannot read (an action with no id, a note with an
impossible date) and reports why. Those entries must never vanish in silence: textconv shows
each one in place, and diff tells an action that could not be read from one that was deleted.
An entry is found by walking the file's positioned tree beside the plan built from it: an item
of a list whose start has no model object is an entry that could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass

from actiontrack.errors import ERROR, Finding
from actiontrack.load.loader import LoadResult
from actiontrack.load.yamlread import YList, YMap
from actiontrack.model import Action, Plan

Pos = tuple[int, int]
_END: Pos = (1 << 62, 0)


@dataclass(frozen=True, slots=True)
class Unread:
    """One entry that could not be read: what it is, where it starts, and the errors inside it.

    `label` names it as textconv and diff do: `action 1.4`, `recommendation 3`, `note 2 of
    action 1.1`. `id` is the entry's id as written (None for notes and evidence, or when it has
    none); `parent` is the id of the action or recommendation it belongs to.
    """

    level: str  # recommendation | action | note | evidence
    label: str
    id: str | None
    parent: str | None
    line: int
    col: int
    findings: tuple[Finding, ...]


def unread_entries(result: LoadResult) -> list[Unread]:
    """Every entry of the file (kept as a tree by the loader) that its plan lacks, in file order."""
    plan, tree = result.plan, result.tree
    if plan is None or not isinstance(tree, YMap):
        return []
    errors = sorted(f for f in result.findings if f.severity == ERROR)
    walker = _Walker(errors)
    walker.recommendations(plan, tree.get("recommendations"))
    return walker.out


class _Walker:
    def __init__(self, errors: list[Finding]) -> None:
        self.errors = errors
        self.out: list[Unread] = []

    def inside(self, start: Pos, end: Pos) -> tuple[Finding, ...]:
        return tuple(f for f in self.errors if start <= (f.line, f.col) < end)

    def add(self, level: str, label: str, ident: str | None, parent: str | None, start: Pos, end: Pos) -> None:
        self.out.append(Unread(level, label, ident, parent, start[0], start[1], self.inside(start, end)))

    def recommendations(self, plan: Plan, node: object) -> None:
        built = {(r.line, r.col): r for r in plan.recommendations}
        for item, start, end in _spans(node, _END):
            rec = built.get(start)
            if rec is None:
                ident = _id(item)
                self.add("recommendation", f"recommendation {ident}" if ident else "a recommendation",
                         ident, None, start, end)
            elif isinstance(item, YMap) and rec.standalone:  # its notes are its one action's
                self.entries(rec.actions[0], item, end)
            elif isinstance(item, YMap):
                self.actions(rec.id, {(a.line, a.col): a for a in rec.actions}, item.get("actions"), end)

    def actions(self, rec_id: str, built: dict[Pos, Action], node: object, parent_end: Pos) -> None:
        for item, start, end in _spans(node, parent_end):
            act = built.get(start)
            if act is None:
                ident = _id(item)
                label = f"action {ident}" if ident else f"an action of recommendation {rec_id}"
                self.add("action", label, ident, rec_id, start, end)
            elif isinstance(item, YMap):
                self.entries(act, item, end)

    def entries(self, act: Action, item: YMap, end: Pos) -> None:
        for level, key, entries in (("note", "notes", act.notes), ("evidence", "evidence", act.evidence)):
            starts = {(e.line, e.col) for e in entries}
            for index, (_, e_start, e_end) in enumerate(_spans(item.get(key), end)):
                if e_start not in starts:
                    self.add(level, f"{level} {index + 1} of action {act.id}", None, act.id, e_start, e_end)


def _spans(node: object, parent_end: Pos) -> list[tuple[object, Pos, Pos]]:
    """The items of a list with where each starts and where the next one (or the parent's end) starts."""
    if not isinstance(node, YList):
        return []
    starts = list(node.ipos)
    ends = [*starts[1:], parent_end]
    return list(zip(node, starts, ends))


def _id(item: object) -> str | None:
    value = item.get("id") if isinstance(item, YMap) else None
    return value if isinstance(value, str) and value.strip() else None
