"""A plan as stable, line-oriented text for git's textconv: one fact per line, each led by its id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date

from actiontrack.load.loader import LoadResult
from actiontrack.model import Action, Plan, Recommendation
from actiontrack.wording import one_line as _one

# The bytes are not plan text (binary, not UTF-8: AT003) or too many to parse (AT005): printed raw,
# they would put NUL bytes or megabytes into git's output. A size and hash tell two versions apart.
_NOT_SHOWN = frozenset({"AT003", "AT005"})


def textconv(data: bytes, result: LoadResult) -> str:
    """The text git diffs for one plan file (never raises on bad input).

    A file that does not load gives its findings as `! line:col: ...` lines followed by the raw
    file, so that `git diff` still shows something; a binary, non-UTF-8 or oversized one gives
    its size and SHA-1 instead of its bytes. Findings carry no path: git hands textconv a
    temporary file whose name changes on every run.
    """
    lines = [f"! {f.line}:{f.col}: {f.severity} {f.code} {f.message}" for f in result.findings]
    if result.plan is None and any(f.code in _NOT_SHOWN for f in result.findings):
        lines.append(f"! content not shown (binary or too large): {len(data):,} bytes, "
                     f"sha1 {hashlib.sha1(data).hexdigest()}")
        return "\n".join(lines) + "\n"
    if result.plan is None:
        raw = data.decode("utf-8", "replace")
        return "\n".join(lines) + "\n" + raw + ("" if raw.endswith("\n") or not raw else "\n")
    lines.extend(plan_lines(result.plan))
    return "\n".join(lines) + "\n"


def plan_lines(plan: Plan) -> Iterator[str]:
    """Every fact of a plan, in file order."""
    head = f"plan {plan.id}"
    yield f"{head} title: {_one(plan.title)}"
    yield f"{head} organisation: {_one(plan.organisation)}"
    yield f"{head} source: {plan.source_kind}"
    if plan.source_reference:
        yield f"{head} source reference: {_one(plan.source_reference)}"
    if plan.source_date:
        yield f"{head} source date: {_iso(plan.source_date)}"
    yield f"{head} date: {plan.date.isoformat()}"
    if plan.published:
        # _iso(): model.Plan has a field named `date`, which hides the type from checkers there.
        yield f"{head} published: {_iso(plan.published)}"
    if plan.version:
        yield f"{head} version: {_one(plan.version)}"
    if plan.completed_by:
        so = plan.completed_by
        parts = [so.name, so.role, _iso(so.date)]
        yield f"{head} completed by: {_one(', '.join(p for p in parts if p))}"
    for person in plan.people.values():
        yield f"{head} person {person.key}: {_one(person.name)}" + (f", {_one(person.role)}" if person.role else "")
    for group in plan.groups:
        yield f"{head} group {group.id}: {_one(group.title)}"
    for rec in plan.recommendations:
        yield from recommendation_lines(rec)


def recommendation_lines(rec: Recommendation) -> Iterator[str]:
    """A recommendation's facts, then its actions'."""
    head = f"recommendation {_one(rec.id)}"
    if rec.group:
        yield f"{head} group: {rec.group}"
    yield f"{head} text: {_one(rec.text)}"
    if rec.outcome:
        yield f"{head} outcome: {_one(rec.outcome)}"
    for ref in rec.references:
        yield f"{head} reference: {_one(ref)}"
    for amendment in rec.amendments:
        when = f" {amendment.date.isoformat()}" if amendment.date else ""
        yield f"{head} amendment{when}: {_one(amendment.text)}"
    for act in rec.actions:
        yield from action_lines(rec, act)


def action_lines(rec: Recommendation, act: Action) -> Iterator[str]:
    """An action's facts, in a fixed order."""
    head = f"action {act.id}"
    yield f"{head} recommendation: {_one(rec.id)}"
    yield f"{head} text: {_one(act.text)}"
    for owner in act.owners:
        yield f"{head} owner: {_one(owner)}"
    due = act.due.isoformat() if act.due else "none"
    wording = f" ({_one(act.timescale)})" if act.timescale else ""
    yield f"{head} due: {due}{wording}"
    if act.recurs:
        yield f"{head} recurs: {act.recurs}"
    if act.monitoring:
        yield f"{head} monitoring: {_one(act.monitoring)}"
    yield f"{head} status: {act.status}"
    for note in act.notes:
        status = f" ({note.status})" if note.status else ""
        yield f"{head} note {note.date.isoformat()} {_one(note.by)}{status}: {_one(note.text)}"
    for ev in act.evidence:
        ref = f" ({_one(ev.reference)})" if ev.reference else ""
        yield f"{head} evidence {ev.date.isoformat()}: {_one(ev.description)}{ref}"


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None
