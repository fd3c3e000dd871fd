"""Privacy in review: the `# privacy-ok` markers a change adds or removes, and what `diff` quotes, masked.

A marker silences the privacy guard on its line (validate/privacy.py), so a reviewer must see
every one a change adds (and every one it takes away): each is a `privacy-ok` change, located
at the action (or recommendation, or plan) whose lines hold it, with its line, its reason and the
text it covers. Two markers are the same when their reason and the text they cover are; a marker
moved with its line is no change.

`diff` quotes plan text (notes, descriptions, the values in problems) into pull request comments
and CI logs, which reach further than the plans: `masked_result` masks in every change and problem
what the guard matches, as its own findings show it (`*** *** **18`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from actiontrack.load.discover import Contents
from actiontrack.model import Action, Plan, Recommendation
from actiontrack.query.diff import Change, DiffResult, PlanEnd, Problem, Side
from actiontrack.validate.privacy import Guard, Marker, markers_of, masked

if TYPE_CHECKING:
    from actiontrack.query.diff_plan import Collector

KIND = "privacy-ok"


def marker_json(marker: Marker, guard: Guard = Guard()) -> dict[str, object]:
    """A marker as the change carries it: its line, its reason, the text it covers (masked)."""
    return {"line": marker.line, "reason": masked(marker.reason, guard), "text": masked(marker.text, guard)}


def compare_markers(b: PlanEnd | None, h: PlanEnd | None, key: str, out: Collector) -> None:
    """Record, under plan `key`, a `privacy-ok` change for each marker only one end of a plan file holds."""
    before = Counter((m.text, m.reason) for m in (b.markers if b else ()))
    after = Counter((m.text, m.reason) for m in (h.markers if h else ()))
    head_plan = h.plan if h is not None else None
    for end, others, added in ((h, before, True), (b, after, False)):
        if end is None:
            continue
        left = Counter(others)
        for marker in end.markers:
            pair = (marker.text, marker.reason)
            if left[pair]:
                left[pair] -= 1
                continue
            rec, act = place(end.plan, marker.line)
            view = marker_json(marker)
            out.change(key, _head_pos(head_plan, rec, act), KIND, None if added else view, view if added else None,
                       rec=rec.id if rec else None, act=act.id if act else None,
                       subject=(act.text if act else rec.text if rec else end.plan.title if end.plan else end.file))


def place(plan: Plan | None, line: int) -> tuple[Recommendation | None, Action | None]:
    """The recommendation and action whose lines hold `line` (None for lines above the recommendations)."""
    found: tuple[Recommendation | None, Action | None] = (None, None)
    if plan is None:
        return found
    for rec in plan.recommendations:
        if rec.line > line:
            break
        found = (rec, None)
        for act in rec.actions:
            if act.line <= line:  # a standalone recommendation's action starts where it does
                found = (rec, act)
    return found


def _head_pos(plan: Plan | None, rec: Recommendation | None, act: Action | None) -> tuple[int, int]:
    """The change's sort place: its action's (or recommendation's) place in the head file, else the plan's."""
    if plan is None or rec is None:
        return (-1, -1)
    for r_index, r in enumerate(plan.recommendations):
        if act is not None:
            for a_index, a in enumerate(r.actions):
                if a.id == act.id:
                    return (r_index, a_index)
        elif r.id == rec.id:
            return (r_index, -1)
    return (-1, -1)


def masked_result(result: DiffResult, guard: Guard) -> DiffResult:
    """The diff with every text it quotes masked where the guard matches (values, subjects, messages)."""
    return replace(result, changes=tuple(_change(c, guard) for c in result.changes),
                   problems=tuple(_problem(p, guard) for p in result.problems))


def masked_changes(changes: Sequence[Change], problems: Sequence[Problem], guard: Guard
                   ) -> tuple[list[Change], list[Problem]]:
    """`masked_result` for the changes and problems of one revision (`history`)."""
    return [_change(c, guard) for c in changes], [_problem(p, guard) for p in problems]


def _change(c: Change, guard: Guard) -> Change:
    return replace(c, before=_value(c.before, guard), after=_value(c.after, guard),
                   subject=_value(c.subject, guard),  # type: ignore[arg-type]
                   consequences=tuple(_value(x, guard) for x in c.consequences),  # type: ignore[misc]
                   labels={k: masked(v, guard) for k, v in c.labels.items()})


def _problem(p: Problem, guard: Guard) -> Problem:
    return replace(p, message=masked(p.message, guard), before=_value(p.before, guard),
                   after=_value(p.after, guard), details=tuple(masked(d, guard) for d in p.details))


def _value(value: object, guard: Guard) -> object:
    if isinstance(value, str):
        return masked(value, guard)
    if isinstance(value, dict):
        return {k: _value(v, guard) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_value(v, guard) for v in value)
    return value


def with_markers(side: Side, files: Mapping[str, Contents]) -> Side:
    """One end of a diff with each plan file's privacy-ok markers, read from its bytes."""
    return Side(tuple(replace(e, markers=markers_in(files.get(e.file))) for e in side.ends))


def markers_in(data: Contents | None) -> tuple[Marker, ...]:
    """The privacy-ok markers of one file's contents (none for a file that could not be read)."""
    return tuple(markers_of(data)) if isinstance(data, bytes) else ()
