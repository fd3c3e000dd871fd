"""The writing commands: note, status, reschedule and new (each through the edit stage)."""

from __future__ import annotations

from pathlib import Path

import typer

from actiontrack.cli.app import command
from actiontrack.cli.options import (
    AS_OF_OPT,
    BY_OPT,
    DATE_OPT,
    DRY_RUN_OPT,
    EVIDENCE_OPT,
    PLANS_OPT,
    REF_ARG,
    SOURCE_KIND_OPT,
    SOURCE_REFERENCE_OPT,
    edit_context,
    handles_errors,
    report_edit,
)
from actiontrack.errors import ExitCode


@command()
@handles_errors
def note(
    ref: str = REF_ARG,
    text: str = typer.Argument(..., metavar="TEXT",
                               help="The note, quoted; line breaks are kept. Text starting with - goes after --."),
    by: str | None = BY_OPT,
    on: str | None = DATE_OPT,
    status: str | None = typer.Option(None, "--status", metavar="STATUS",
                                         help="Also set the action's status; the note records it."),
    evidence: str | None = EVIDENCE_OPT,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Add a dated progress note to an action."""
    from actiontrack.api.writing import note as add_note

    result = add_note(edit_context(plans_dir, by, on, as_of, dry_run), ref, text, status=status, evidence=evidence)
    report_edit(result, dry_run)
    raise typer.Exit(ExitCode.OK)


@command(short_help="Change an action's status, with a note of who and why.")
@handles_errors
def status(
    ref: str = REF_ARG,
    new_status: str = typer.Argument(..., metavar="STATUS",
                                     help="not-started, in-progress, completed, embedded, closed or dropped."),
    note_text: str | None = typer.Option(None, "--note", metavar="TEXT",
                                            help="The note recording the change (needed for dropped, closed and "
                                            "any step backwards)."),
    evidence: str | None = EVIDENCE_OPT,
    by: str | None = BY_OPT,
    on: str | None = DATE_OPT,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Change an action's status; a note records who changed it, when and why."""
    from actiontrack.api.writing import status as set_status

    ctx = edit_context(plans_dir, by, on, as_of, dry_run)
    report_edit(set_status(ctx, ref, new_status, note=note_text, evidence=evidence), dry_run)
    raise typer.Exit(ExitCode.OK)


@command(short_help="Move an action's due date, with a note of why.")
@handles_errors
def reschedule(
    ref: str = REF_ARG,
    new_due: str = typer.Argument(..., metavar="NEW_DUE", help='YYYY-MM-DD, or a wording such as "March 2027".'),
    reason: str = typer.Option(..., "--reason", metavar="TEXT", help="Why the date moves (kept in the note)."),
    by: str | None = BY_OPT,
    on: str | None = DATE_OPT,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Move an action's due date; a note records the old date, the new one and the reason."""
    from actiontrack.api.writing import reschedule as move_due

    ctx = edit_context(plans_dir, by, on, as_of, dry_run)
    report_edit(move_due(ctx, ref, new_due, reason=reason), dry_run)
    raise typer.Exit(ExitCode.OK)


@command(short_help="Write a new plan skeleton that passes validate.")
@handles_errors
def new(
    plan_id: str = typer.Argument(..., metavar="PLAN_ID", help="The new plan's id: lower-case letters, digits, -."),
    title: str = typer.Option(..., "--title", metavar="TEXT", help="The plan's title, as the source gives it."),
    organisation: str = typer.Option(..., "--organisation", metavar="TEXT",
                                     help="The partnership, council or trust that owns it."),
    source_kind: str = SOURCE_KIND_OPT,
    source_reference: str | None = SOURCE_REFERENCE_OPT,
    on: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                     help="The date the plan was agreed (default: today)."),
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Write a new plan skeleton, plans/PLAN_ID.yaml, that passes validate; never overwrites."""
    from actiontrack.api.writing import new as new_plan

    ctx = edit_context(plans_dir, None, on, as_of, dry_run)
    result = new_plan(ctx, plan_id, title=title, organisation=organisation, source_kind=source_kind,
                      source_reference=source_reference)
    report_edit(result, dry_run)
    raise typer.Exit(ExitCode.OK)
