"""Where textconv prints each finding of a plan that loads: beside what it concerns, named by its id.

A finding printed with its line and column (`! 204:9: ...`) changes whenever a line is added
above it, so one note recorded near the top of a plan would show every later finding as removed
and added again in `git diff`. Instead each finding is keyed by the innermost entry whose lines
hold it (an action, a recommendation, an entry that could not be read, else the plan itself),
and printed after that entry's facts: `! action 8.1: warning AT204 ...`. An edit elsewhere leaves
those lines as they were; `actiontrack validate` still gives every finding's line and column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from actiontrack.errors import ERROR, Finding
from actiontrack.load.loader import LoadResult
from actiontrack.load.yamlread import YList, YMap
from actiontrack.model import Plan
from actiontrack.query.unread import Unread
from actiontrack.wording import count
from actiontrack.wording import one_line as _one

Pos = tuple[int, int]
_END: Pos = (1 << 62, 0)


@dataclass(frozen=True)
class Placed:
    """The finding lines of a plan: the count that heads the text, and each entry's lines by its start."""

    head: tuple[str, ...] = ()
    beside: dict[Pos, list[str]] = field(default_factory=dict)

    def at(self, pos: Pos) -> list[str]:
        """The finding lines that follow the entry starting at `pos` (none when there are none)."""
        return self.beside.get(pos, [])


NONE = Placed()


def place_findings(result: LoadResult, plan: Plan, findings: Sequence[Finding], unread: Sequence[Unread]) -> Placed:
    """Every finding keyed by the entry that holds it; the ones inside an entry that could not be
    read are already that entry's `not shown` lines, so they are not repeated."""
    if not findings:
        return NONE
    errors = sum(f.severity == ERROR for f in findings)
    head = [f"! {count(errors, 'error')}, {count(len(findings) - errors, 'warning')}, each shown below beside "
            "the entry it concerns"]
    shown = {f for u in unread for f in u.findings}
    spans = _spans(result.tree, plan, unread)
    beside: dict[Pos, list[str]] = {}
    for finding in findings:
        if finding in shown:
            continue
        where = (finding.line, finding.col)
        inside = [s for s in spans if s.start <= where < s.end]
        line = f"{finding.severity} {finding.code} {_one(finding.message)}"
        if not inside:
            head.append(f"! plan {plan.id}: {line}")
            continue
        span = max(inside, key=lambda s: s.start)  # the innermost: the latest start that holds it
        beside.setdefault(span.start, []).append(f"! {span.label}: {line}")
    return Placed(tuple(head), beside)


@dataclass(frozen=True, slots=True)
class _Span:
    label: str
    start: Pos
    end: Pos


def _spans(tree: object, plan: Plan, unread: Sequence[Unread]) -> list[_Span]:
    """Each recommendation's and action's lines: from its start to the next item's (or the end of
    the list, which is where the key after it starts)."""
    if not isinstance(tree, YMap):
        return []
    labels: dict[Pos, str] = {(u.line, u.col): _one(u.label) for u in unread if u.level in ("recommendation", "action")}
    for rec in plan.recommendations:
        labels.setdefault((rec.line, rec.col), f"recommendation {_one(rec.id)}")
        for act in rec.actions:
            # A recommendation tracked as one action starts where its action does: the action's label.
            labels[(act.line, act.col)] = f"action {_one(act.id)}"
    out: list[_Span] = []
    for rec_item, start, end in _items(tree, "recommendations", _END):
        out.append(_Span(labels.get(start, "a recommendation"), start, end))
        if isinstance(rec_item, YMap):
            out.extend(_Span(labels.get(a_start, "an action"), a_start, a_end)
                       for _, a_start, a_end in _items(rec_item, "actions", end))
    return [s for s in out if s.start in labels]


def _items(mapping: YMap, key: str, parent_end: Pos) -> Iterable[tuple[object, Pos, Pos]]:
    node = mapping.get(key)
    if not isinstance(node, YList):
        return []
    # The list ends where the next key of its mapping starts (a key written after it), else where the mapping does.
    later = sorted(p for k, p in mapping.kpos.items() if p > mapping.kpos.get(key, _END))
    end = min([*later[:1], parent_end])
    starts = list(node.ipos)
    return list(zip(node, starts, [*starts[1:], end]))
