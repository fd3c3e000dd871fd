"""The reading commands: validate, timescale, export, overdue, due, show, list."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from actiontrack.cli.app import command
from actiontrack.cli.options import (
    AGENCY_OPT,
    AS_OF_OPT,
    CACHE_DIR_OPT,
    EXPORT_FORMATS,
    GROUP_OPT,
    NO_CACHE_OPT,
    NO_COLOR_OPT,
    OUTPUT_OPT,
    OWNER_OPT,
    PATHS_ARG,
    PLAN_OPT,
    PLANS_OPT,
    REDACT_OPT,
    SORT_KEYS,
    STATUS_OPT,
    TABLE_FORMAT_OPT,
    TABLE_FORMATS,
    THEME_OPT,
    TIMESCALE_FORMATS,
    VALIDATE_FORMATS,
    WIDE_OPT,
    WIDTH_OPT,
    checked,
    checked_width,
    choice_option,
    color_for,
    handles_errors,
    loader_for,
    make_filters,
    parse_as_of,
    parse_within,
    plan_paths,
    report_unreadable,
    stamp_for,
    write_output,
)
from actiontrack.errors import ExitCode, UsageError
from actiontrack.wording import count, one_line

if TYPE_CHECKING:
    from actiontrack.load.loader import Loader
    from actiontrack.query.states import Filters
    from actiontrack.query.table import Section, Table
    from actiontrack.render.overdue_json import JsonRows


@command(short_help="Check every plan file, privacy included; report each problem.")
@handles_errors
def validate(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    fmt: str = choice_option(VALIDATE_FORMATS, "text", "text, json, or github annotations."),
    as_of: str | None = AS_OF_OPT,
    smart: bool = typer.Option(False, "--smart", help="Also run the SMART checks (AT501-AT505)."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 on warnings too."),
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """Check every plan file and the privacy guard; print each problem as path:line:col: severity code message."""
    fmt = checked("--format", fmt, VALIDATE_FORMATS)
    from actiontrack.api.reading import validate as check
    from actiontrack.render.findings import render_findings, summary_line

    result = check(plan_paths(paths, plans_dir), parse_as_of(as_of), loader_for(no_cache, cache_dir),
                   smart=smart, strict=strict)
    render_findings(result.findings, fmt, sys.stdout, result.files)
    if fmt == "text":
        sys.stdout.flush()  # keep the summary after the findings when both go to one terminal
        typer.echo(summary_line(result.findings, result.files), err=True)
    raise typer.Exit(ExitCode.FINDINGS if result.failed else ExitCode.OK)


@command()
@handles_errors
def timescale(
    phrase: str = typer.Argument(..., metavar="PHRASE", help='A timescale as a plan writes it, e.g. "Sept 03".'),
    plan_date: str | None = typer.Option(None, "--plan-date", metavar="YYYY-MM-DD",
                                         help="The plan's date (default: --as-of, else today)."),
    published: str | None = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                         help='The plan\'s publication date, for "within 6 months of publication".'),
    fmt: str = choice_option(TIMESCALE_FORMATS, "text", "text or json."),
    as_of: str | None = AS_OF_OPT,
) -> None:
    """Show how actiontrack reads a timescale wording."""
    fmt = checked("--format", fmt, TIMESCALE_FORMATS)
    from actiontrack.api.reading import timescale as read
    from actiontrack.dates import parse_iso_date
    from actiontrack.render.jsonout import dump_json
    from actiontrack.timescale import format_timescale_text
    from actiontrack.wording import printable

    try:
        reference = parse_iso_date(plan_date) if plan_date else parse_as_of(as_of)
    except ValueError as exc:
        raise UsageError(f"--plan-date: {exc}") from None
    try:
        publication = parse_iso_date(published) if published else None
    except ValueError as exc:
        raise UsageError(f"--published: {exc}") from None
    result = read(phrase, reference, publication)
    typer.echo(dump_json(result.to_json()) if fmt == "json" else printable(format_timescale_text(result)))


@command(short_help="The model as JSON, the RAG tracker workbook, or a calendar.")
@handles_errors
def export(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    fmt: str = choice_option(EXPORT_FORMATS, "json", "json (one document), jsonl (one action per line), xlsx (the "
                             "RAG tracker workbook) or ics (deadlines as iCalendar)."),
    redact: bool = REDACT_OPT,
    plan: list[str] | None = PLAN_OPT,
    owner: list[str] | None = typer.Option(None, "--owner", metavar="WHO",
                                           help="xlsx and ics: only actions of this owner (one officer's own "
                                                "feed). Repeatable."),
    as_of: str | None = typer.Option(None, "--as-of", metavar="YYYY-MM-DD",
                                     help="The record as it stood on this date (default: all of it; xlsx and ics: "
                                          "today, whose states they show)."),
    output: Path | None = OUTPUT_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """Print the whole normalised model for scripts, jq and DuckDB; or write the workbook or the calendar."""
    fmt = checked("--format", fmt, EXPORT_FORMATS)
    loader = loader_for(no_cache, cache_dir)
    if fmt in ("xlsx", "ics"):
        _board_export(fmt, plan_paths(paths, plans_dir), as_of, make_filters(owner, None, plan, None), redact,
                      output, loader)
    if owner:
        raise UsageError("--owner narrows the xlsx and ics formats; json and jsonl are the whole model (filter "
                         "them with jq)")
    from actiontrack.api.reading import export as export_model
    from actiontrack.render.output import write_export

    result = export_model(plan_paths(paths, plans_dir), fmt, loader, redact, tuple(plan or ()),
                          parse_as_of(as_of) if as_of is not None else None)
    if output is None:
        write_export(result.fmt, result.document, result.lines, sys.stdout)
    else:
        import io

        buf = io.StringIO()
        write_export(result.fmt, result.document, result.lines, buf)
        write_output(buf.getvalue().encode("utf-8"), output)
    raise typer.Exit(report_unreadable(result.unreadable))


def _board_export(fmt: str, paths: list[Path], as_of: str | None, filters: Filters, redact: bool,
                  output: Path | None, loader: Loader) -> None:
    """`export --format xlsx|ics`: the RAG tracker or the deadlines calendar, to FILE or a pipe."""
    today = parse_as_of(as_of)
    if fmt == "xlsx":
        from actiontrack.api.boards import tracker
        from actiontrack.render.xlsx import render_workbook

        book = tracker(paths, today, filters, loader, redact)
        write_output(render_workbook(book), output, binary=True)
        raise typer.Exit(report_unreadable(book.unreadable))
    from actiontrack.api.boards import deadlines
    from actiontrack.render.ics import render_calendar

    cal = deadlines(paths, today, filters, loader, redact)
    write_output(render_calendar(cal, stamp_for(as_of, today)), output)
    if cal.undated:
        shown = ", ".join(one_line(f"{p}:{a}") for p, a in cal.undated[:10]) + (", …" if len(cal.undated) > 10 else "")
        typer.echo(f"actiontrack: {count(len(cal.undated), 'open action')} with no readable due date "
                   f"{'is' if len(cal.undated) == 1 else 'are'} not in the calendar: {shown}", err=True)
    raise typer.Exit(report_unreadable(cal.unreadable))


@command(short_help="List open actions past their due date, most overdue first.")
@handles_errors
def overdue(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    owner: list[str] | None = OWNER_OPT,
    group: list[str] | None = GROUP_OPT,
    plan: list[str] | None = PLAN_OPT,
    status: list[str] | None = STATUS_OPT,
    agency: list[str] | None = AGENCY_OPT,
    theme: list[str] | None = THEME_OPT,
    sort: str = choice_option(SORT_KEYS, "days", "days (most overdue first), due, plan or owner.", "--sort", "ORDER"),
    fmt: str = TABLE_FORMAT_OPT,
    fail_if_any: bool = typer.Option(False, "--fail-if-any", help="Exit 1 when anything is overdue."),
    wide: bool = WIDE_OPT,
    width_text: str | None = WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """List open actions past their due date, most overdue first, under each plan."""
    from actiontrack.api.reading import overdue as list_overdue

    sort, fmt = checked("--sort", sort, SORT_KEYS), checked("--format", fmt, TABLE_FORMATS)
    width = checked_width(width_text)
    result = list_overdue(plan_paths(paths, plans_dir), parse_as_of(as_of),
                          make_filters(owner, group, plan, status, agency, theme),
                          sort, fmt, loader_for(no_cache, cache_dir))
    _emit(result.value, fmt, no_color, width, wide)
    code = report_unreadable(result.unreadable)
    raise typer.Exit(ExitCode.FINDINGS if (fail_if_any and result.found) else code)


@command()
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
    agency: list[str] | None = AGENCY_OPT,
    theme: list[str] | None = THEME_OPT,
    sort: str = choice_option(SORT_KEYS, "due", "due (soonest first), days, plan or owner.", "--sort", "ORDER"),
    fmt: str = TABLE_FORMAT_OPT,
    wide: bool = WIDE_OPT,
    width_text: str | None = WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """List what comes due soon (default: the next 14 days)."""
    from actiontrack.api.reading import due as list_due

    sort, fmt = checked("--sort", sort, SORT_KEYS), checked("--format", fmt, TABLE_FORMATS)
    width = checked_width(width_text)
    today = parse_as_of(as_of)
    result = list_due(plan_paths(paths, plans_dir), today, parse_within(within, today),
                      make_filters(owner, group, plan, status, agency, theme), sort, loader_for(no_cache, cache_dir))
    _emit(result.value, fmt, no_color, width, wide)
    raise typer.Exit(report_unreadable(result.unreadable))


@command(short_help="Show one plan the way its document reads.")
@handles_errors
def show(
    plan_id: str = typer.Argument(..., metavar="PLAN", help="The plan id (its file name without .yaml)."),
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    group: list[str] | None = GROUP_OPT,
    status: list[str] | None = STATUS_OPT,
    agency: list[str] | None = AGENCY_OPT,
    theme: list[str] | None = THEME_OPT,
    fmt: str = TABLE_FORMAT_OPT,
    wide: bool = WIDE_OPT,
    width_text: str | None = WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """Show one plan as the document showed it, each action coloured by where it stands."""
    from actiontrack.api.reading import show as show_plan

    fmt, width = checked("--format", fmt, TABLE_FORMATS), checked_width(width_text)
    result = show_plan(plan_paths([], plans_dir), plan_id, parse_as_of(as_of),
                       make_filters(None, group, None, status, agency, theme),
                       fmt, loader_for(no_cache, cache_dir))
    _emit(result.value, fmt, no_color, width, wide)
    raise typer.Exit(report_unreadable(result.unreadable))


@command("list", short_help="One row per plan: its actions by state, the next due date.")
@handles_errors
def list_plans(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    plan: list[str] | None = PLAN_OPT,
    fmt: str = TABLE_FORMAT_OPT,
    wide: bool = WIDE_OPT,
    width_text: str | None = WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """One row per plan: its actions counted by state, and the next due date."""
    from actiontrack.api.reading import list_plans as list_all

    fmt, width = checked("--format", fmt, TABLE_FORMATS), checked_width(width_text)
    result = list_all(plan_paths(paths, plans_dir), parse_as_of(as_of), loader_for(no_cache, cache_dir),
                      tuple(plan or ()))
    _emit(result.value, fmt, no_color, width, wide)
    raise typer.Exit(report_unreadable(result.unreadable))


def _emit(value: Table | list[Section] | JsonRows, fmt: str, no_color: bool, width: int | None, wide: bool) -> None:
    """A listing's value to stdout: fitted to the terminal (or --width), plain text in a pipe."""
    from actiontrack.render.output import emit

    emit(value, fmt, sys.stdout, terminal=sys.stdout.isatty(), color=color_for(no_color), width=width, wide=wide)
