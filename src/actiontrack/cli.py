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


PATHS_ARG = typer.Argument(None, help="Plan files or folders (default: the plans/ folder of this repository).",
                           show_default=False)
PLANS_OPT = typer.Option(None, "--plans", envvar="ACTIONTRACK_PLANS", help="The plans folder.",
                         file_okay=False)
AS_OF_OPT = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Treat this date as today.")


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
) -> None:
    """Print the whole normalised model for scripts, jq and DuckDB."""
    import json

    from actiontrack.errors import has_errors
    from actiontrack.export import export_document, export_lines
    from actiontrack.load import find_plan_files, load_plans
    from actiontrack.render import dump_json, json_value

    plans, findings = load_plans(find_plan_files(_paths(paths, plans_dir)))
    if fmt is ExportFormat.json:
        typer.echo(dump_json(export_document(plans)))
    else:
        for line in export_lines(plans):
            typer.echo(json.dumps(json_value(line), ensure_ascii=False))
    for finding in findings:
        typer.echo(finding.format(), err=True)
    raise typer.Exit(ExitCode.FINDINGS if has_errors(findings) else ExitCode.OK)


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
) -> None:
    """The weekly status report: totals by state, and what changed since --since."""
    from actiontrack.errors import has_errors
    from actiontrack.report import render_summary
    from actiontrack.review import summary_report

    today = _as_of(as_of)
    report, findings = summary_report(Path.cwd(), list(paths or []), plans_dir, today, _since(since, today),
                                      pinned=as_of is not None)
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
