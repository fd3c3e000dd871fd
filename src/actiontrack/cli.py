"""The command line: parse options, call one core function, render, exit. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from functools import wraps
from pathlib import Path
from typing import Any, Optional, TypeVar

import typer
from typer.core import TyperCommand

from actiontrack.errors import ActiontrackError, ExitCode, UsageError

app = typer.Typer(
    name="actiontrack",
    help="Safeguarding action plans kept as YAML in git: validate them, see what is overdue, "
    "record progress, review changes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks could leak plan contents; main() prints one line
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


class TimescaleFormat(str, Enum):
    text = "text"
    json = "json"


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"


class TableFormat(str, Enum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class SortKey(str, Enum):
    days = "days"
    due = "due"
    plan = "plan"
    owner = "owner"


PATHS_ARG = typer.Argument(None, help="Plan files or folders (default: the plans/ folder of this repository).",
                           show_default=False)
PLANS_OPT = typer.Option(None, "--plans", envvar="ACTIONTRACK_PLANS", help="The plans folder.",
                         file_okay=False)
AS_OF_OPT = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Treat this date as today.")
OWNER_OPT = typer.Option(None, "--owner", help="Only actions of this owner: initials, or part of a name or role. Repeatable.")
GROUP_OPT = typer.Option(None, "--group", help="Only this group: its id, or part of its heading. Repeatable.")
PLAN_OPT = typer.Option(None, "--plan", help="Only this plan id. Repeatable.")
STATUS_OPT = typer.Option(None, "--status", help="Only actions with this status. Repeatable.")
TABLE_FORMAT_OPT = typer.Option(TableFormat.table, "--format", help="table, tsv, csv, json or markdown.")
NO_COLOR_OPT = typer.Option(False, "--no-color", help="No colour (NO_COLOR is honoured too).")
NO_CACHE_OPT = typer.Option(False, "--no-cache", help="Parse every plan file afresh.")
CACHE_DIR_OPT = typer.Option(None, "--cache-dir", envvar="ACTIONTRACK_CACHE_DIR", file_okay=False,
                             help="Parse cache folder (default: $XDG_CACHE_HOME/actiontrack).")


def handles_errors(func: F) -> F:
    """Turn a domain error into one line on stderr and its exit code."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ActiontrackError as exc:
            findings = getattr(exc, "findings", None) or []
            for finding in findings:
                typer.echo(finding.format(), err=True)
            typer.echo(f"actiontrack: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
    return wrapper  # type: ignore[return-value]


def _as_of(text: str | None) -> date:
    if text is None:
        return date.today()
    from actiontrack.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _paths(paths: Optional[list[Path]], plans_dir: Optional[Path]) -> list[Path]:
    from actiontrack.paths import locate_plans

    return locate_plans(list(paths or []), plans_dir, Path.cwd())


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
    from actiontrack.load import find_plan_files, load_plans
    from actiontrack.render import render_findings, summary_line
    from actiontrack.validate import validate as run_checks

    today = _as_of(as_of)
    files = find_plan_files(_paths(paths, plans_dir))
    plans, findings = load_plans(files)
    findings = sorted(findings + run_checks(plans, today))
    render_findings(findings, fmt.value, sys.stdout, len(files))
    if fmt is ValidateFormat.text:
        sys.stdout.flush()  # keep the summary after the findings when both go to one terminal
        typer.echo(summary_line(findings, len(files)), err=True)
    raise typer.Exit(ExitCode.FINDINGS if has_errors(findings) else ExitCode.OK)


@app.command()
@handles_errors
def timescale(
    phrase: str = typer.Argument(..., help='A timescale as a plan writes it, e.g. "Sept 03".'),
    plan_date: Optional[str] = typer.Option(None, "--plan-date", metavar="YYYY-MM-DD",
                                            help="The plan's date (default: today)."),
    fmt: TimescaleFormat = typer.Option(TimescaleFormat.text, "--format", help="text or json."),
) -> None:
    """Show how actiontrack reads a timescale wording."""
    from actiontrack.dates import format_timescale_text, parse_iso_date, parse_timescale
    from actiontrack.render import dump_json

    try:
        reference = parse_iso_date(plan_date) if plan_date else date.today()
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

    skipped = export_view(_paths(paths, plans_dir), fmt.value, sys.stdout, _cache(no_cache, cache_dir))
    raise typer.Exit(_report_skipped(skipped))


def _cache(no_cache: bool, cache_dir: Optional[Path]) -> Any:
    if no_cache:
        return None
    from actiontrack.cache import open_cache

    return open_cache(cache_dir)


def _filters(owner: Optional[list[str]], group: Optional[list[str]], plan: Optional[list[str]],
             status: Optional[list[str]]) -> Any:
    from actiontrack.query import Filters

    return Filters(owners=tuple(owner or ()), groups=tuple(group or ()), plans=tuple(plan or ()),
                   statuses=tuple(status or ()))


def _emit(result: Any, fmt: TableFormat, no_color: bool) -> None:
    """Print a Table or a list of Sections: rich in a terminal, plain text in a pipe."""
    from actiontrack.render import render_document, render_table

    terminal = sys.stdout.isatty()
    color = terminal and not no_color and not os.environ.get("NO_COLOR")
    if isinstance(result, list):
        render_document(result, fmt.value, sys.stdout, terminal=terminal, color=color)
    else:
        render_table(result, fmt.value, sys.stdout, terminal=terminal, color=color)


def _report_skipped(skipped: list[str]) -> int:
    for file in skipped:
        typer.echo(f"actiontrack: {file} has errors, so results may be incomplete: "
                   f"run actiontrack validate {file}", err=True)
    return ExitCode.FINDINGS if skipped else ExitCode.OK


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
    from actiontrack.views import overdue_view

    table, skipped = overdue_view(_paths(paths, plans_dir), _as_of(as_of),
                                  _filters(owner, group, plan, status), sort.value, _cache(no_cache, cache_dir))
    _emit(table, fmt, no_color)
    code = _report_skipped(skipped)
    raise typer.Exit(ExitCode.FINDINGS if (fail_if_any and table.rows) else code)


@app.command()
@handles_errors
def due(
    paths: Optional[list[Path]] = PATHS_ARG,
    plans_dir: Optional[Path] = PLANS_OPT,
    within: str = typer.Option("14d", "--within", help="How far ahead: 14d, 4w, 2m."),
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

    table, skipped = due_view(_paths(paths, plans_dir), _as_of(as_of), within,
                              _filters(owner, group, plan, status), sort.value, _cache(no_cache, cache_dir))
    _emit(table, fmt, no_color)
    raise typer.Exit(_report_skipped(skipped))


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

    result, skipped = show_view(_paths([], plans_dir), plan_id, _as_of(as_of),
                                _filters(None, group, None, status), fmt.value, _cache(no_cache, cache_dir))
    _emit(result, fmt, no_color)
    raise typer.Exit(_report_skipped(skipped))


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

    table, skipped = list_view(_paths(paths, plans_dir), _as_of(as_of), _cache(no_cache, cache_dir))
    _emit(table, fmt, no_color)
    raise typer.Exit(_report_skipped(skipped))


# ---- editing commands (issue 4) ----

REF_ARG = typer.Argument(..., metavar="ACTION_REF",
                         help="PLAN_ID:ACTION_ID, or an action id alone when only one plan has it.")
BY_OPT = typer.Option(None, "--by", envvar="ACTIONTRACK_USER", metavar="WHO",
                      help="Initials from the plan's people key, or a name (default: git config user.name).")
DATE_OPT = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                        help="When it happened (default: today; backdating is allowed, future dates are not).")
DRY_RUN_OPT = typer.Option(False, "--dry-run", help="Print the diff that would be written, and write nothing.")
EVIDENCE_OPT = typer.Option(None, "--evidence", metavar="TEXT", help="Also add an evidence entry with this description.")


def _edit_context(plans_dir: Optional[Path], by: Optional[str], on: Optional[str], as_of: Optional[str],
                  dry_run: bool) -> Any:
    from actiontrack.dates import parse_iso_date
    from actiontrack.edit import EditContext

    try:
        day = parse_iso_date(on) if on is not None else None
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    return EditContext(_paths(None, plans_dir)[0], by, day, _as_of(as_of), dry_run)


def _report_edit(result: Any, dry_run: bool) -> None:
    if dry_run and result.diff:
        typer.echo(result.diff, nl=False)
        sys.stdout.flush()  # the diff first, then the stderr line, when both go to one terminal
        typer.echo(f"dry run: nothing written to {result.file}", err=True)
    else:
        typer.echo(result.message, err=True)


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

    result = add_note(_edit_context(plans_dir, by, on, as_of, dry_run), ref, text, status=status, evidence=evidence)
    _report_edit(result, dry_run)
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

    ctx = _edit_context(plans_dir, by, on, as_of, dry_run)
    _report_edit(set_status(ctx, ref, new_status, note=note_text, evidence=evidence), dry_run)
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

    ctx = _edit_context(plans_dir, by, on, as_of, dry_run)
    _report_edit(move_due(ctx, ref, new_due, reason=reason), dry_run)
    raise typer.Exit(ExitCode.OK)


@app.command()
@handles_errors
def new(
    plan_id: str = typer.Argument(..., metavar="PLAN_ID", help="The new plan's id: lower-case letters, digits, -."),
    title: str = typer.Option(..., "--title", help="The plan's title, as the source gives it."),
    organisation: str = typer.Option(..., "--organisation", help="The partnership, council or trust that owns it."),
    source_kind: str = typer.Option("other", "--source-kind", help="serious-case-review, practice-review, "
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

    ctx = _edit_context(plans_dir, None, on, as_of, dry_run)
    result = new_plan(ctx, plan_id, title=title, organisation=organisation, source_kind=source_kind,
                      source_reference=source_reference)
    _report_edit(result, dry_run)
    raise typer.Exit(ExitCode.OK)


# ---- review and reporting commands (issue 5) ----


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


class SummaryFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    text = "text"


class _PathsAfterDashDash(TyperCommand):
    """`diff [BASE [HEAD]] [-- PATH...]`: Click drops `--` and where it stood, so split there first."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--" in args:
            cut = args.index("--")
            ctx.meta["actiontrack.paths"] = args[cut + 1:]
            args = args[:cut]
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), "[-- PATH...]"]


MAX_BYTES_OPT = typer.Option(1_000_000, "--max-bytes", min=200, metavar="N",
                             help="markdown: cut the report on a line boundary to stay under N bytes "
                                  "($GITHUB_STEP_SUMMARY takes at most 1 MiB).")


def _color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _since(text: str, as_of: date) -> date:
    from actiontrack.dates import parse_iso_date, parse_span, subtract_span

    try:
        return parse_iso_date(text)
    except ValueError:
        pass
    try:
        n, unit = parse_span(text)
    except ValueError:
        raise UsageError(f"--since: not a date (YYYY-MM-DD) or a span before --as-of (7d, 2w, 1m): '{text}'") from None
    return subtract_span(as_of, n, unit)


@app.command(cls=_PathsAfterDashDash)
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
    render_diff(result, fmt.value, sys.stdout, color=_color(), max_bytes=max_bytes)
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

    today = _as_of(as_of)
    report, findings = summary_report(Path.cwd(), list(paths or []), plans_dir, today, _since(since, today),
                                      pinned=as_of is not None, cache=_cache(no_cache, cache_dir))
    render_summary(report, fmt.value, sys.stdout, color=_color(), max_bytes=max_bytes)
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
