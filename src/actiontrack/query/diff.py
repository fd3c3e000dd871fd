"""Semantic diff of two sets of plans: what changed per plan and action, and what broke the record.

The pieces: diff_fields (the fields compared, one table per level), diff_match (which item is
which: records, renumberings, renames), diff_rules (what a note added must record), unread
(entries a file holds that its plan lacks) and diff_plan (one plan against another). This module
holds the values and pairs the plan files of the two ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath

from actiontrack import validate
from actiontrack.errors import ERROR, Finding
from actiontrack.load.discover import Contents
from actiontrack.load.loader import LoadResult
from actiontrack.model import Plan
from actiontrack.query.diff_fields import (
    ACTION_FIELDS,
    PLAN_FIELDS,
    RECOMMENDATION_FIELDS,
    kinds,
)
from actiontrack.query.unread import Unread, unread_entries
from actiontrack.validate.privacy import Marker

# Stable, documented kinds (docs/review.md); their order breaks ties within one plan, recommendation or action.
CHANGE_KINDS = (
    "plan-added", "plan-removed", "plan-renamed", "plan-repaired", *kinds("plan", PLAN_FIELDS),
    "person-added", "person-removed", "person-changed", "group-added", "group-removed", "group-changed",
    "recommendation-added", "recommendation-removed", "recommendation-renumbered",
    *kinds("recommendation", RECOMMENDATION_FIELDS), "amendment-added",
    "action-added", "action-removed", "action-renumbered", "action-moved", *kinds("action", ACTION_FIELDS),
    "note-added", "evidence-added", "privacy-ok",
)
# Most serious first, the order text and Markdown list them in: the record rewritten or deleted,
# then deadlines moved in silence, then silent reversals and endings, then files that do not validate.
PROBLEM_KINDS = (
    "note-removed", "note-edited", "evidence-removed", "evidence-edited", "amendment-removed", "amendment-edited",
    "action-removed", "action-unreadable", "baseline-rewritten", "ledger-mismatch", "due-moved-without-note",
    "status-backwards-without-note", "dropped-without-note", "closed-without-sign-off", "invalid-plan",
)
# 3: the fields of real plans (baseline, completed_on, rag, …) in every view and as kinds; 4: plan-reaudit,
# evidence `expires`, and privacy-ok markers added or removed; 5: x- keys of notes, evidence, amendments
# and the sign-off (`extra`), and `baseline-rewritten`.
JSON_VERSION = 5


@dataclass(frozen=True, slots=True)
class Change:
    """One change between the two ends (docs/review.md has every kind and its before and after).

    `subject` is the text of the action or recommendation changed (the plan's title for a plan),
    `days` how far a due date moved, `explained` whether a note added in the same change records
    it (for a due date or a status; None where nothing needs a note), `consequences` what the
    change does elsewhere (the due dates a plan date moves, the actions a person's new name
    re-labels). `labels` (initials -> name, from the people key) is for text only.
    """

    plan: str
    recommendation: str | None
    action: str | None
    kind: str
    before: object
    after: object
    days: int | None = None
    explained: bool | None = None
    subject: str | None = None
    consequences: tuple[dict[str, object], ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def to_json(self) -> dict[str, object]:
        """The change as the diff JSON contract gives it (docs/review.md)."""
        return {"plan": self.plan, "recommendation": self.recommendation, "action": self.action,
                "kind": self.kind, "subject": self.subject, "before": self.before, "after": self.after,
                "days": self.days, "explained": self.explained, "consequences": list(self.consequences)}


@dataclass(frozen=True, slots=True)
class Problem:
    """A change that damages the record or cannot be trusted; `diff --check` fails on any.

    `before` and `after` are the values at fault; `details` are lines shown under the message
    in text and Markdown (each validation error of a plan, one per line).
    """

    plan: str
    action: str | None
    kind: str
    message: str
    before: object = None
    after: object = None
    recommendation: str | None = None
    details: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The problem as the diff JSON contract gives it (docs/review.md)."""
        return {"plan": self.plan, "recommendation": self.recommendation, "action": self.action,
                "kind": self.kind, "message": self.message, "before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class ReadFrom:
    """Where a plan broken at the base end was read from instead: its last valid version."""

    commit: str
    date: str


@dataclass(frozen=True, slots=True)
class PlanEnd:
    """One plan file at one end: the plan read from it (None when none could be), every error of
    the file, the entries it holds that the plan lacks, for a base that does not load, the commit
    its plan was read from instead, and its privacy-ok markers."""

    file: str
    plan: Plan | None
    errors: tuple[Finding, ...] = ()
    unread: tuple[Unread, ...] = ()
    read_from: ReadFrom | None = None
    markers: tuple[Marker, ...] = ()  # its `# privacy-ok` comments (query/diff_privacy.py)

    @property
    def key(self) -> str:
        """The plan id, or the file name's stem when no plan could be read."""
        return self.plan.id if self.plan is not None else PurePosixPath(self.file).stem


@dataclass(frozen=True, slots=True)
class Side:
    """One end of a diff: its plan files, in file order."""

    ends: tuple[PlanEnd, ...]

    @property
    def plans(self) -> tuple[Plan, ...]:
        """The plans read at this end."""
        return tuple(e.plan for e in self.ends if e.plan is not None)


@dataclass(frozen=True, slots=True)
class DiffResult:
    """The `diff` result: both ends as resolved (full commit ids, or WORKTREE) and what changed."""

    base: str
    head: str
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]

    def to_json(self) -> dict[str, object]:
        """The `diff --format json` contract (docs/review.md), version JSON_VERSION."""
        return {"version": JSON_VERSION, "base": self.base, "head": self.head,
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
    """One end of a diff from the loader's results for its files (positions kept, for the findings;
    trees kept, to find the entries that could not be read).

    Every error of a file is kept, load and validation alike. `untouched` ({stem: path}) names
    files left out because they did not change; a loaded plan whose id is one of their names (a
    valid plan's file name is its id) is a duplicate (AT202), as is a second file with one id.
    Neither is compared: the other file holds the plan.
    """
    findings = validate.check(results, date.max)  # no error depends on the date; date.max keeps "future" quiet
    for result in results:
        plan = result.plan
        other = (untouched or {}).get(plan.id) if plan is not None else None
        if plan is not None and other is not None and other != plan.file:
            line, col = plan.keys.get("id", (1, 1))
            findings.append(Finding(plan.file, line, col, ERROR, "AT202",
                                    f"duplicate plan id '{plan.id}' (also in {other})"))
    errors: dict[str, list[Finding]] = {}
    for f in sorted(x for x in findings if x.severity == ERROR):
        errors.setdefault(f.file, []).append(f)
    ends = []
    for result in results:
        mine = tuple(errors.get(result.file, ()))
        plan = None if any(f.code == "AT202" for f in mine) else result.plan
        ends.append(PlanEnd(result.file, plan, mine, tuple(unread_entries(result)) if plan else ()))
    return Side(tuple(ends))


def compare(base: Side, head: Side) -> tuple[list[Change], list[Problem]]:
    """Every change and problem from `base` to `head`, in a stable order (docs/review.md)."""
    from actiontrack.query.diff_plan import Collector, compare_ends

    out = Collector()
    for b, h in pair_ends(base.ends, head.ends):
        compare_ends(b, h, out)
    return out.sorted()


def pair_ends(base: Sequence[PlanEnd], head: Sequence[PlanEnd]) -> list[tuple[PlanEnd | None, PlanEnd | None]]:
    """Which plan file at the base is which at the head: by plan id; a file with no plan by its
    path; then plans whose id changed by their content (a rename, diff_match.pair_plans)."""
    from actiontrack.query.diff_match import pair_plans
    from actiontrack.query.textconv import plan_lines

    free_b, free_h = list(base), list(head)
    pairs: list[tuple[PlanEnd | None, PlanEnd | None]] = []

    def take(b: PlanEnd, h: PlanEnd) -> None:
        pairs.append((b, h))
        free_b.remove(b)
        free_h.remove(h)

    for b in list(free_b):
        h_match = next((h for h in free_h if b.plan and h.plan and h.plan.id == b.plan.id), None)
        if h_match is not None:
            take(b, h_match)
    for b in list(free_b):
        h_match = next((h for h in free_h if h.file == b.file and (b.plan is None or h.plan is None)), None)
        if h_match is not None:
            take(b, h_match)
    olds = [b for b in free_b if b.plan is not None]
    news = [h for h in free_h if h.plan is not None]
    if olds and news:
        facts = [[_without_id(line, e.plan.id) for line in plan_lines(e.plan)] for e in (*olds, *news) if e.plan]
        for i, j in pair_plans(facts[:len(olds)], facts[len(olds):]):
            take(olds[i], news[j])
    pairs += [(b, None) for b in free_b] + [(None, h) for h in free_h]
    return pairs


def _without_id(line: str, plan_id: str) -> str:
    return "plan" + line[len("plan " + plan_id):] if line.startswith(f"plan {plan_id} ") else line
