"""The reading commands: validate, timescale, export, overdue, due, show, list."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from actiontrack.cli.app import app
from actiontrack.cli.options import (
    AS_OF_OPT,
    CACHE_DIR_OPT,
    GROUP_OPT,
    NO_CACHE_OPT,
    NO_COLOR_OPT,
    OWNER_OPT,
    PATHS_ARG,
    PLAN_OPT,
    PLANS_OPT,
    STATUS_OPT,
    TABLE_FORMAT_OPT,
    ExportFormat,
    SortKey,
    TableFormat,
    TimescaleFormat,
    ValidateFormat,
    color_for,
    handles_errors,
    loader_for,
    make_filters,
    parse_as_of,
    parse_within,
    plan_paths,
    report_skipped,
)
from actiontrack.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from actiontrack.query.table import Section, Table
    from actiontrack.render.overdue_json import JsonRows


@app.command()
@handles_errors
def validate(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    fmt: ValidateFormat = typer.Option(ValidateFormat.text, "--format", help="text, json, or github annotations."),
    as_of: str | None = AS_OF_OPT,
    smart: bool = typer.Option(False, "--smart", help="Also run the SMART checks (AT501-AT505)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
) -> None:
    """Check every plan file and the privacy guard; print each problem as path:line:col: severity code message."""
    from actiontrack.api.reading import validate as check
    from actiontrack.load.loader import Loader
    from actiontrack.render.findings import render_findings, summary_line

    result = check(plan_paths(paths, plans_dir), parse_as_of(as_of), Loader(), smart=smart, strict=strict)
    render_findings(result.findings, fmt.value, sys.stdout, result.files)
    if fmt is ValidateFormat.text:
        sys.stdout.flush()  # keep the summary after the findings when both go to one terminal
        typer.echo(summary_line(result.findings, result.files), err=True)
    raise typer.Exit(ExitCode.FINDINGS if result.failed else ExitCode.OK)


@app.command()
@handles_errors
def timescale(
    phrase: str = typer.Argument(..., metavar="PHRASE", help='A timescale as a plan writes it, e.g. "Sept 03".'),
    plan_date: str | None = typer.Option(None, "--plan-date", metavar="YYYY-MM-DD",
                                         help="The plan's date (default: --as-of, else today)."),
    fmt: TimescaleFormat = typer.Option(TimescaleFormat.text, "--format", help="text or json."),
    as_of: str | None = AS_OF_OPT,
) -> None:
    """Show how actiontrack reads a timescale wording."""
    from actiontrack.api.reading import timescale as read
    from actiontrack.dates import parse_iso_date
    from actiontrack.render.jsonout import dump_json
    from actiontrack.timescale import format_timescale_text

    try:
        reference = parse_iso_date(plan_date) if plan_date else parse_as_of(as_of)
    except ValueError as exc:
        raise UsageError(f"--plan-date: {exc}") from None
    result = read(phrase, reference)
    typer.echo(dump_json(result.to_json()) if fmt is TimescaleFormat.json else format_timescale_text(result))


@app.command()
@handles_errors
def export(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    fmt: ExportFormat = typer.Option(ExportFormat.json, "--format", help="json (one document) or jsonl."),
    redact: bool = typer.Option(False, "--redact", help="For publication: people's names become their roles, and "
                                "whatever the privacy guard finds is removed."),
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """Print the whole normalised model for scripts, jq and DuckDB."""
    from actiontrack.api.reading import export as export_model
    from actiontrack.render.output import write_export

    result = export_model(plan_paths(paths, plans_dir), fmt.value, loader_for(no_cache, cache_dir), redact)
    write_export(result.fmt, result.document, result.lines, sys.stdout)
    raise typer.Exit(report_skipped(result.skipped))


@app.command()
@handles_errors
def overdue(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    owner: list[str] | None = OWNER_OPT,
    group: list[str] | None = GROUP_OPT,
    plan: list[str] | None = PLAN_OPT,
    status: list[str] | None = STATUS_OPT,
    sort: SortKey = typer.Option(SortKey.days, "--sort", help="days (most overdue first), due, plan or owner."),
    fmt: TableFormat = TABLE_FORMAT_OPT,
    fail_if_any: bool = typer.Option(False, "--fail-if-any", help="Exit 1 when anything is overdue."),
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """List open actions past their due date, most overdue first."""
    from actiontrack.api.reading import overdue as list_overdue

    result = list_overdue(plan_paths(paths, plans_dir), parse_as_of(as_of), make_filters(owner, group, plan, status),
                          sort.value, fmt.value, loader_for(no_cache, cache_dir))
    _emit(result.value, fmt, no_color)
    code = report_skipped(result.skipped)
    raise typer.Exit(ExitCode.FINDINGS if (fail_if_any and result.found) else code)


@app.command()
@handles_errors
def due(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    within: str = typer.Option("14d", "--within", metavar="SPAN", help="How far ahead: 14d, 4w, 2m."),
    as_of: str | None = AS_OF_OPT,
    owner: list[str] | None = OWNER_OPT,
    group: list[str] | None = GROUP_OPT,
    plan: list[str] | None = PLAN_OPT,
    status: list[str] | None = STATUS_OPT,
    sort: SortKey = typer.Option(SortKey.due, "--sort", help="due (soonest first), days, plan or owner."),
    fmt: TableFormat = TABLE_FORMAT_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """List what comes due soon (default: the next 14 days)."""
    from actiontrack.api.reading import due as list_due

    today = parse_as_of(as_of)
    result = list_due(plan_paths(paths, plans_dir), today, parse_within(within, today),
                      make_filters(owner, group, plan, status), sort.value, loader_for(no_cache, cache_dir))
    _emit(result.value, fmt, no_color)
    raise typer.Exit(report_skipped(result.skipped))


@app.command()
@handles_errors
def show(
    plan_id: str = typer.Argument(..., metavar="PLAN", help="The plan id (its file name without .yaml)."),
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    group: list[str] | None = GROUP_OPT,
    status: list[str] | None = STATUS_OPT,
    fmt: TableFormat = TABLE_FORMAT_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """Show one plan as the document showed it, each action coloured by where it stands."""
    from actiontrack.api.reading import show as show_plan

    result = show_plan(plan_paths([], plans_dir), plan_id, parse_as_of(as_of), make_filters(None, group, None, status),
                       fmt.value, loader_for(no_cache, cache_dir))
    _emit(result.value, fmt, no_color)
    raise typer.Exit(report_skipped(result.skipped))


@app.command("list")
@handles_errors
def list_plans(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    fmt: TableFormat = TABLE_FORMAT_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """One row per plan: its actions counted by state, and the next due date."""
    from actiontrack.api.reading import list_plans as list_all

    result = list_all(plan_paths(paths, plans_dir), parse_as_of(as_of), loader_for(no_cache, cache_dir))
    _emit(result.value, fmt, no_color)
    raise typer.Exit(report_skipped(result.skipped))


def _emit(value: Table | list[Section] | JsonRows, fmt: TableFormat, no_color: bool) -> None:
    """A listing's value to stdout: rich in a terminal, plain text in a pipe."""
    from actiontrack.render.output import emit

    emit(value, fmt.value, sys.stdout, terminal=sys.stdout.isatty(), color=color_for(no_color))
