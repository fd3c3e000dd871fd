"""The command line: parse options, call one core function, render, exit. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from actiontrack.cliargs import (
    AS_OF_OPT, BY_OPT, CACHE_DIR_OPT, DATE_OPT, DRY_RUN_OPT, EVIDENCE_OPT, GROUP_OPT, MAX_BYTES_OPT, NO_CACHE_OPT,
    NO_COLOR_OPT, OWNER_OPT, PATHS_ARG, PLAN_OPT, PLANS_OPT, REF_ARG, STATUS_OPT, TABLE_FORMAT_OPT, DiffFormat,
    ExportFormat, PathsAfterDashDash, SortKey, SummaryFormat, TableFormat, TimescaleFormat, ValidateFormat,
    cache_option, edit_context, emit, handles_errors, make_filters, parse_as_of, parse_since, plan_paths,
    report_edit, report_skipped, use_color,
)
from actiontrack.errors import ExitCode, UsageError

app = typer.Typer(
    name="actiontrack",
    help="Safeguarding action plans kept as YAML in git: validate them, see what is overdue, "
    "record progress, review changes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks could leak plan contents; main() prints one line
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from actiontrack import __version__

        typer.echo(f"actiontrack {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                 help="Print the version and exit."),
) -> None:
    """Safeguarding action plans kept as YAML in git: validate them, see what is overdue, record progress, review changes."""


@app.command()
@handles_errors
def validate(
    paths: Optional[list[Path]] = PATHS_ARG,
    plans_dir: Optional[Path] = PLANS_OPT,
    fmt: ValidateFormat = typer.Option(ValidateFormat.text, "--format", help="text, json, or github annotations."),
    as_of: Optional[str] = AS_OF_OPT,
) -> None:
    """Check every plan file; print each problem as path:line:col: severity code message."""
    from actiontrack.errors import has_errors
    from actiontrack.render import render_findings, summary_line
    from actiontrack.validate import validate_paths

    findings, checked = validate_paths(plan_paths(paths, plans_dir), parse_as_of(as_of))
    render_findings(findings, fmt.value, sys.stdout, checked)
    if fmt is ValidateFormat.text:
        sys.stdout.flush()  # keep the summary after the findings when both go to one terminal
        typer.echo(summary_line(findings, checked), err=True)
    raise typer.Exit(ExitCode.FINDINGS if has_errors(findings) else ExitCode.OK)


@app.command()
@handles_errors
def timescale(
    phrase: str = typer.Argument(..., metavar="PHRASE", help='A timescale as a plan writes it, e.g. "Sept 03".'),
    plan_date: Optional[str] = typer.Option(None, "--plan-date", metavar="YYYY-MM-DD",
                                            help="The plan's date (default: --as-of, else today)."),
    fmt: TimescaleFormat = typer.Option(TimescaleFormat.text, "--format", help="text or json."),
    as_of: Optional[str] = AS_OF_OPT,
) -> None:
    """Show how actiontrack reads a timescale wording."""
    from actiontrack.dates import format_timescale_text, parse_iso_date, parse_timescale
    from actiontrack.render import dump_json

    try:
        reference = parse_iso_date(plan_date) if plan_date else parse_as_of(as_of)
    except ValueError as exc:
        raise UsageError(f"--plan-date: {exc}") from None
    result = parse_timescale(phrase, plan_date=reference)
    typer.echo(dump_json(result.to_json()) if fmt is TimescaleFormat.json else format_timescale_text(result))


@app.command()
@handles_errors
def export(
    paths: Optional[list[Path]] = PATHS_ARG,
    plans_dir: Optional[Path] = PLANS_OPT,
    fmt: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json (one document) or jsonl."),
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Optional[Path] = CACHE_DIR_OPT,
) -> None:
    """Print the whole normalised model for scripts, jq and DuckDB."""
    from actiontrack.export import export_view

    skipped = export_view(plan_paths(paths, plans_dir), fmt.value, sys.stdout, cache_option(no_cache, cache_dir))
    raise typer.Exit(report_skipped(skipped))


@app.command()
@handles_errors
def overdue(
    paths: Optional[list[Path]] = PATHS_ARG,
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    owner: Optional[list[str]] = OWNER_OPT,
    group: Optional[list[str]] = GROUP_OPT,
    plan: Optional[list[str]] = PLAN_OPT,
    status: Optional[list[str]] = STATUS_OPT,
    sort: SortKey = typer.Option(SortKey.days, "--sort", help="days (most overdue first), due, plan or owner."),
    fmt: TableFormat = TABLE_FORMAT_OPT,
    fail_if_any: bool = typer.Option(False, "--fail-if-any", help="Exit 1 when anything is overdue."),
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Optional[Path] = CACHE_DIR_OPT,
) -> None:
    """List open actions past their due date, most overdue first."""
    from actiontrack.overdue_rows import overdue_report

    table, skipped, found = overdue_report(plan_paths(paths, plans_dir), parse_as_of(as_of),
                                           make_filters(owner, group, plan, status), sort.value, fmt.value,
                                           cache_option(no_cache, cache_dir), sys.stdout)
    if table is not None:  # None: the cached rows were written already
        emit(table, fmt, no_color)
    code = report_skipped(skipped)
    raise typer.Exit(ExitCode.FINDINGS if (fail_if_any and found) else code)


@app.command()
@handles_errors
def due(
    paths: Optional[list[Path]] = PATHS_ARG,
    plans_dir: Optional[Path] = PLANS_OPT,
    within: str = typer.Option("14d", "--within", metavar="SPAN", help="How far ahead: 14d, 4w, 2m."),
    as_of: Optional[str] = AS_OF_OPT,
    owner: Optional[list[str]] = OWNER_OPT,
    group: Optional[list[str]] = GROUP_OPT,
    plan: Optional[list[str]] = PLAN_OPT,
    status: Optional[list[str]] = STATUS_OPT,
    sort: SortKey = typer.Option(SortKey.due, "--sort", help="due (soonest first), days, plan or owner."),
    fmt: TableFormat = TABLE_FORMAT_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Optional[Path] = CACHE_DIR_OPT,
) -> None:
    """List what comes due soon (default: the next 14 days)."""
    from actiontrack.views import due_view

    table, skipped = due_view(plan_paths(paths, plans_dir), parse_as_of(as_of), within,
                              make_filters(owner, group, plan, status), sort.value, cache_option(no_cache, cache_dir))
    emit(table, fmt, no_color)
    raise typer.Exit(report_skipped(skipped))


@app.command()
@handles_errors
def show(
    plan_id: str = typer.Argument(..., metavar="PLAN", help="The plan id (its file name without .yaml)."),
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    group: Optional[list[str]] = GROUP_OPT,
    status: Optional[list[str]] = STATUS_OPT,
    fmt: TableFormat = TABLE_FORMAT_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Optional[Path] = CACHE_DIR_OPT,
) -> None:
    """Show one plan as the document showed it, each action coloured by where it stands."""
    from actiontrack.views import show_view

    result, skipped = show_view(plan_paths([], plans_dir), plan_id, parse_as_of(as_of),
                                make_filters(None, group, None, status), fmt.value, cache_option(no_cache, cache_dir))
    emit(result, fmt, no_color)
    raise typer.Exit(report_skipped(skipped))


@app.command("list")
@handles_errors
def list_plans(
    paths: Optional[list[Path]] = PATHS_ARG,
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    fmt: TableFormat = TABLE_FORMAT_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Optional[Path] = CACHE_DIR_OPT,
) -> None:
    """One row per plan: its actions counted by state, and the next due date."""
    from actiontrack.views import list_view

    table, skipped = list_view(plan_paths(paths, plans_dir), parse_as_of(as_of), cache_option(no_cache, cache_dir))
    emit(table, fmt, no_color)
    raise typer.Exit(report_skipped(skipped))


# ---- editing commands ----


@app.command()
@handles_errors
def note(
    ref: str = REF_ARG,
    text: str = typer.Argument(..., metavar="TEXT",
                               help="The note, quoted; line breaks are kept. Text starting with - goes after --."),
    by: Optional[str] = BY_OPT,
    on: Optional[str] = DATE_OPT,
    status: Optional[str] = typer.Option(None, "--status", metavar="STATUS",
                                         help="Also set the action's status; the note records it."),
    evidence: Optional[str] = EVIDENCE_OPT,
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Add a dated progress note to an action."""
    from actiontrack.edit import add_note

    result = add_note(edit_context(plans_dir, by, on, as_of, dry_run), ref, text, status=status, evidence=evidence)
    report_edit(result, dry_run)
    raise typer.Exit(ExitCode.OK)


@app.command()
@handles_errors
def status(
    ref: str = REF_ARG,
    new_status: str = typer.Argument(..., metavar="STATUS",
                                     help="not-started, in-progress, completed, embedded, closed or dropped."),
    note_text: Optional[str] = typer.Option(None, "--note", metavar="TEXT",
                                            help="The note recording the change (needed for dropped, closed and "
                                            "any step backwards)."),
    evidence: Optional[str] = EVIDENCE_OPT,
    by: Optional[str] = BY_OPT,
    on: Optional[str] = DATE_OPT,
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Change an action's status; a note records who changed it, when and why."""
    from actiontrack.edit import set_status

    ctx = edit_context(plans_dir, by, on, as_of, dry_run)
    report_edit(set_status(ctx, ref, new_status, note=note_text, evidence=evidence), dry_run)
    raise typer.Exit(ExitCode.OK)


@app.command()
@handles_errors
def reschedule(
    ref: str = REF_ARG,
    new_due: str = typer.Argument(..., metavar="NEW_DUE", help='YYYY-MM-DD, or a wording such as "March 2027".'),
    reason: str = typer.Option(..., "--reason", metavar="TEXT", help="Why the date moves (kept in the note)."),
    by: Optional[str] = BY_OPT,
    on: Optional[str] = DATE_OPT,
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Move an action's due date; a note records the old date, the new one and the reason."""
    from actiontrack.edit import reschedule as move_due

    ctx = edit_context(plans_dir, by, on, as_of, dry_run)
    report_edit(move_due(ctx, ref, new_due, reason=reason), dry_run)
    raise typer.Exit(ExitCode.OK)


@app.command()
@handles_errors
def new(
    plan_id: str = typer.Argument(..., metavar="PLAN_ID", help="The new plan's id: lower-case letters, digits, -."),
    title: str = typer.Option(..., "--title", metavar="TEXT", help="The plan's title, as the source gives it."),
    organisation: str = typer.Option(..., "--organisation", metavar="TEXT", help="The partnership, council or trust that owns it."),
    source_kind: str = typer.Option("other", "--source-kind", metavar="KIND", help="serious-case-review, practice-review, "
                                    "adults-review, domestic-homicide-review, inspection, inquiry or other."),
    source_reference: Optional[str] = typer.Option(None, "--source-reference", metavar="TEXT",
                                                   help="The review's or inspection's name or reference."),
    on: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                     help="The date the plan was agreed (default: today)."),
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    dry_run: bool = DRY_RUN_OPT,
) -> None:
    """Write a new plan skeleton, plans/PLAN_ID.yaml, that passes validate; never overwrites."""
    from actiontrack.edit import new_plan

    ctx = edit_context(plans_dir, None, on, as_of, dry_run)
    result = new_plan(ctx, plan_id, title=title, organisation=organisation, source_kind=source_kind,
                      source_reference=source_reference)
    report_edit(result, dry_run)
    raise typer.Exit(ExitCode.OK)


# ---- review and reporting commands ----


@app.command(cls=PathsAfterDashDash)
@handles_errors
def diff(
    ctx: typer.Context,
    base: Optional[str] = typer.Argument(None, metavar="BASE", show_default=False,
                                         help="From this revision (default HEAD); A..B and A...B are ranges."),
    head: Optional[str] = typer.Argument(None, metavar="HEAD", show_default=False,
                                         help="To this revision (default: the working tree)."),
    plans_dir: Optional[Path] = PLANS_OPT,
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", help="text, markdown (PR comments, step "
                                   "summaries) or json."),
    check: bool = typer.Option(False, "--check", help="Exit 1 when there is any integrity problem."),
    max_bytes: int = MAX_BYTES_OPT,
) -> None:
    """What a change does to the plans between two git revisions, and what it does to the record.

    Plan files to compare go after "--" (default: the plans/ folder of this repository).
    """
    from actiontrack.report import render_diff
    from actiontrack.review import diff_revisions

    paths = [Path(p) for p in ctx.meta.get("actiontrack.paths", [])]
    result = diff_revisions(Path.cwd(), base, head, paths, plans_dir)
    render_diff(result, fmt.value, sys.stdout, color=use_color(), max_bytes=max_bytes)
    raise typer.Exit(ExitCode.FINDINGS if check and result.problems else ExitCode.OK)


@app.command()
@handles_errors
def textconv(file: Path = typer.Argument(..., metavar="FILE", help="A plan file (git passes a temporary copy).")) -> None:
    """Print a plan as one fact per line, for git diff's textconv (see docs/review.md)."""
    from actiontrack.errors import NotFoundError
    from actiontrack.textconv import textconv as convert

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise NotFoundError(f"cannot read {file}: {exc.strerror}") from None
    # Bytes, not text: git diffs what it gets, and a non-UTF-8 locale must not break the output.
    sys.stdout.flush()
    sys.stdout.buffer.write(convert(data, str(file)).encode("utf-8"))
    sys.stdout.flush()


@app.command()
@handles_errors
def summary(
    paths: Optional[list[Path]] = PATHS_ARG,
    plans_dir: Optional[Path] = PLANS_OPT,
    as_of: Optional[str] = AS_OF_OPT,
    since: str = typer.Option("7d", "--since", metavar="DATE|SPAN",
                              help="Report changes after this date, or this long before --as-of (7d, 2w, 1m)."),
    fmt: SummaryFormat = typer.Option(SummaryFormat.markdown, "--format", help="markdown, json or text."),
    max_bytes: int = MAX_BYTES_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Optional[Path] = CACHE_DIR_OPT,
) -> None:
    """The weekly status report: totals by state, and what changed since --since."""
    from actiontrack.errors import has_errors
    from actiontrack.report import render_summary
    from actiontrack.review import summary_report

    today = parse_as_of(as_of)
    report, findings = summary_report(Path.cwd(), list(paths or []), plans_dir, today, parse_since(since, today),
                                      pinned=as_of is not None, cache=cache_option(no_cache, cache_dir))
    render_summary(report, fmt.value, sys.stdout, color=use_color(), max_bytes=max_bytes)
    sys.stdout.flush()
    for finding in findings:
        typer.echo(finding.format(), err=True)
    raise typer.Exit(ExitCode.FINDINGS if has_errors(findings) else ExitCode.OK)


def main() -> None:
    """Console-script entry point: no Python traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("actiontrack: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, without plan contents or locals
        if os.environ.get("ACTIONTRACK_DEBUG"):
            raise
        sys.stderr.write(f"actiontrack: internal error ({type(exc).__name__}); "
                         "set ACTIONTRACK_DEBUG=1 to see the traceback\n")
        sys.exit(ExitCode.INTERNAL)
