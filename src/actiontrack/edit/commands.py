"""The writing commands: note, status, reschedule and new. Each builds one change; the pipeline applies it."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

from actiontrack import validate
from actiontrack.edit import refs, rules, splice
from actiontrack.edit.atomic import locked, write_atomic
from actiontrack.edit.pipeline import EditContext, EditResult, NothingToDo, edit_action, unified_diff
from actiontrack.edit.yamltext import format_scalar
from actiontrack.errors import Finding, RefusedError, UsageError
from actiontrack.load.discover import display_path, plan_sources
from actiontrack.load.loader import plans_of
from actiontrack.model import PLAN_ID, PLAN_SUFFIXES, SOURCE_KINDS, Action, Note, Plan
from actiontrack.wording import ledger_note

# ---- the commands ------------------------------------------------------------------------------


def add_note(ctx: EditContext, ref: str, text: str, *, status: str | None = None,
             evidence: str | None = None) -> EditResult:
    """`note`: append a dated note (optionally recording a new status and an evidence entry)."""
    text = rules.clean_text("note text", text, multiline=True)
    status = rules.status_arg(status) if status is not None else None
    description = rules.clean_text("--evidence", evidence) if evidence is not None else None
    on, who = rules.note_date(ctx.on, ctx.today), rules.author(ctx.by, ctx.folder)

    def build(plan: Plan, act: Action, target: refs.Target) -> splice.Change:
        rules.check_author(who, plan)
        if status is not None:
            rules.check_move(target.ref, act, status, reason=True, evidence=description is not None)
        return splice.Change(
            note=splice.NewNote(on, who, text, status), note_index=rules.note_index(act, on),
            evidence=splice.NewEvidence(on, description) if description else None,
            status=status if status is not None and status != act.status else None,
            **rules.completion(act, status, on),
        )

    return edit_action(ctx, ref, build, lambda t, old, new, n: f"noted {t.ref} (line {n.line if n else new.line})")


def set_status(ctx: EditContext, ref: str, status: str, *, note: str | None = None,
               evidence: str | None = None) -> EditResult:
    """`status`: change an action's status and record it in a note that carries the new status."""
    status = rules.status_arg(status)
    note = rules.clean_text("--note", note, multiline=True) if note is not None else None
    description = rules.clean_text("--evidence", evidence) if evidence is not None else None
    on, who = rules.note_date(ctx.on, ctx.today), rules.author(ctx.by, ctx.folder)

    def build(plan: Plan, act: Action, target: refs.Target) -> splice.Change:
        if act.status == status and note is None and description is None:
            raise NothingToDo(f"{target.ref} is already {status}: nothing written")
        rules.check_author(who, plan)
        rules.check_move(target.ref, act, status, reason=note is not None, evidence=description is not None)
        text = note or (f"Status changed from {act.status} to {status}" if act.status != status
                        else f"Status confirmed as {status}")
        return splice.Change(
            note=splice.NewNote(on, who, text, status), note_index=rules.note_index(act, on),
            evidence=splice.NewEvidence(on, description) if description else None,
            status=status if status != act.status else None,
            **rules.completion(act, status, on),
        )

    def message(t: refs.Target, old: Action, new: Action, n: Note | None) -> str:
        if old.status == new.status and n is not None:
            return f"noted {t.ref} (line {n.line})"
        return f"status {t.ref}: {old.status} -> {new.status} (line {new.keys['status'][0]})"

    return edit_action(ctx, ref, build, message)


def reschedule(ctx: EditContext, ref: str, new_due: str, *, reason: str) -> EditResult:
    """`reschedule`: set a new due date and record the move (old date, new date, reason) in a note."""
    reason = rules.clean_text("--reason", reason, multiline=True)
    due = rules.read_due(new_due, ctx.today)
    on, who = rules.note_date(ctx.on, ctx.today), rules.author(ctx.by, ctx.folder)

    def build(plan: Plan, act: Action, target: refs.Target) -> splice.Change:
        rules.check_author(who, plan)
        if act.due == due:
            raise RefusedError(f"{target.ref} is already due {due.isoformat()}: nothing to do")
        text = ledger_note(act.due, due, reason)
        # The first move keeps the original target: `baseline` is what the slip is counted from.
        baseline = act.due if act.baseline is None and act.baseline_text is None and "baseline" not in act.keys \
            else None
        return splice.Change(note=splice.NewNote(on, who, text), note_index=rules.note_index(act, on), due=due,
                             baseline=baseline)

    def message(t: refs.Target, old: Action, new: Action, n: Note | None) -> str:
        before = old.due.isoformat() if old.due else "no due date"
        done = f"rescheduled {t.ref}: {before} -> {due.isoformat()} (line {new.keys['due'][0]})"
        if new.baseline is not None and old.baseline is None:
            done += f"; baseline {new.baseline.isoformat()} recorded"
        if due < ctx.today:  # legal (recording a decision late), but worth saying: it is late at once
            done += (f"\nnote: {due.isoformat()} is before today ({ctx.today.isoformat()}): "
                     "the action is overdue at once")
        return done

    return edit_action(ctx, ref, build, message)


def new_plan(ctx: EditContext, plan_id: str, *, title: str, organisation: str, source_kind: str = "other",
             source_reference: str | None = None) -> EditResult:
    """`new`: write plans/PLAN_ID.yaml, a skeleton that validates clean; never overwrite a file."""
    if not PLAN_ID.match(plan_id):
        raise UsageError(f"plan id '{plan_id}' is not a slug: use lower-case letters, digits and '-' "
                           "(e.g. example-scr-2024)")
    if source_kind not in SOURCE_KINDS:
        raise UsageError(f"unknown source kind '{source_kind}' (one of: {', '.join(SOURCE_KINDS)})")
    title, organisation = rules.clean_text("--title", title), rules.clean_text("--organisation", organisation)
    reference = rules.clean_text("--source-reference", source_reference) if source_reference is not None else None
    text = skeleton(plan_id, title, organisation, source_kind, reference, rules.note_date(ctx.on, ctx.today))

    def clean(findings: list[Finding]) -> None:
        if findings:  # a bug in skeleton(), never the user's doing
            raise RefusedError("the new plan would not validate clean: nothing was written", findings)

    return create_plan(ctx, plan_id, text, clean)


def create_plan(ctx: EditContext, plan_id: str, text: str, accept: Callable[[list[Finding]], None]) -> EditResult:
    """Write plans/PLAN_ID.yaml holding `text`, never over a file or another plan's id.

    The text is read back through the loader and validated first; `accept` sees every finding and
    raises to refuse, so nothing is written unless it returns.
    """
    path = ctx.folder / f"{plan_id}.yaml"
    file = display_path(path)
    _refuse_existing(path)  # before the lock too: a link loop of that name could not be locked
    with locked(path, not ctx.dry_run):
        _refuse_existing(path)
        for plan in plans_of(ctx.loader.load(plan_sources([ctx.folder]), positions=False)):
            if plan.id == plan_id:
                raise RefusedError(f"plan id '{plan_id}' is already used by {plan.file}: nothing was written")
        result = ctx.loader.load([(file, text.encode("utf-8"))])[0]
        findings = validate.check([result], ctx.today)  # a text that does not load has errors among them
        accept(findings)
        diff = unified_diff("", text, file, new=True)
        if not ctx.dry_run:
            write_atomic(path, text.encode("utf-8"), create=True)
    return EditResult(file, diff, not ctx.dry_run, f"created {file}", findings)


def _refuse_existing(path: Path) -> None:
    """Never overwrite: any entry of the plan's name, a dangling link or a link loop included, stops `new`."""
    for existing in (path.with_suffix(suffix) for suffix in PLAN_SUFFIXES):
        if os.path.lexists(existing):
            raise RefusedError(f"{display_path(existing)} already exists: nothing was written")


def skeleton(plan_id: str, title: str, organisation: str, source_kind: str, reference: str | None,
             on: date) -> str:
    """The text of a new plan: the required fields, an empty list of recommendations, and their shape."""
    lines = [
        "# Written by `actiontrack new`. Every field is described in docs/plan-format.md;",
        "# record progress with `actiontrack note` (docs/editing.md).",
        f"id: {format_scalar(plan_id)}",  # quoted when YAML would read it as a number or date
        f"title: {format_scalar(title)}",
        f"organisation: {format_scalar(organisation)}",
        "source:",
        f"  kind: {source_kind}",
        *([f"  reference: {format_scalar(reference)}"] if reference else []),
        f"date: {on.isoformat()}  # the date the plan was agreed",
        "recommendations: []",
        "# Replace 'recommendations: []' with the list, one entry per recommendation, for example:",
        "# recommendations:",
        '#   - id: "1"',
        "#     text: What the review recommends, in its own words.",
        "#     actions:",
        '#       - id: "1.1"',
        "#         text: What will be done.",
        "#         owners: [Named Manager]",
        '#         timescale: "Within 3 months"',
        "#         status: not-started",
    ]
    return "\n".join(lines) + "\n"
