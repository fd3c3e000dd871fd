"""Shared pieces of the command line: option definitions, formats, and turning option values into arguments."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from actiontrack.cli.app import PlainUsage, printable_lines
from actiontrack.errors import ActiontrackError, ExitCode, UsageError
from actiontrack.wording import printable

if TYPE_CHECKING:  # types only: importing these at start-up would slow every command's --help
    from datetime import datetime

    from actiontrack.api.writing import EditContext, EditResult
    from actiontrack.load.loader import Loader, Unreadable
    from actiontrack.query.states import Filters

F = TypeVar("F", bound=Callable[..., Any])


# The choices of each option that takes one word from a list. They are plain `str` options, checked
# by `checked` in the command body, so that --help shows a plain metavar (FORMAT, not
# <table|tsv|...>) and a wrong word gets one sentence of ours, not a parser's wording.
VALIDATE_FORMATS = ("text", "json", "github")
TIMESCALE_FORMATS = ("text", "json")
EXPORT_FORMATS = ("json", "jsonl", "xlsx", "ics")
REPORT_FORMATS = ("html", "pdf")
TABLE_FORMATS = ("table", "tsv", "csv", "json", "markdown")
SORT_KEYS = ("days", "due", "plan", "owner")
DIFF_FORMATS = ("text", "markdown", "json")
SUMMARY_FORMATS = ("markdown", "json", "text")
HISTORY_FORMATS = ("text", "json")
IMPORT_FORMATS = ("text", "json")
ESCALATIONS_FORMATS = ("text", "markdown", "json")
MIN_WIDTH = 40  # narrower than this, no table can keep an id, a count and readable text side by side


def choice_option(values: tuple[str, ...], default: str, help: str, name: str = "--format",
                  metavar: str = "FORMAT") -> Any:
    """An option taking one word of `values`: plain metavar, completion from the list."""
    return typer.Option(default, name, metavar=metavar, help=help, autocompletion=lambda: list(values))


def checked(option: str, value: str, values: Sequence[str]) -> str:
    """`value` when it is one of `values`; else the usage error `--format must be one of ...: got 'xlsx'`."""
    if value in values:
        return value
    from actiontrack.wording import one_line, suggest

    close = suggest(value, values)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"{option} must be one of {', '.join(values)}: got '{one_line(value)}'{hint}")


def whole_number(option: str, text: str, minimum: int) -> int:
    """A number option read by us, so that a wrong one gets a sentence, not a type name ("not a valid int")."""
    value = text.strip().replace("_", "").replace(",", "")
    if not value.isdigit() or int(value) < minimum:
        from actiontrack.wording import one_line

        raise UsageError(f"{option} must be a whole number, at least {minimum:,}: got '{one_line(text)}'")
    return int(value)


def checked_width(width: str | None) -> int | None:
    """--width N, refused below MIN_WIDTH; without it, in a pipe, an explicit COLUMNS.

    A terminal's own width (rich reads the terminal, and COLUMNS when it is set) needs nothing
    here. In a pipe `COLUMNS=80 actiontrack overdue | less` asks for 80 columns as plainly as
    --width 80 does (git reads COLUMNS in a pipe too); shells set COLUMNS without exporting it,
    so it reaches us only when someone put it there. Not a positive whole number: not asked.
    """
    if width is not None:
        return whole_number("--width", width, MIN_WIDTH)
    import os

    columns = os.environ.get("COLUMNS", "").strip()
    if not columns.isdigit() or int(columns) == 0 or sys.stdout.isatty():
        return None
    return max(int(columns), MIN_WIDTH)


PATHS_ARG = typer.Argument(None, metavar="[PATH]...", show_default=False,
                           help="Plan files or folders (default: the plans/ folder of this repository).")
PLANS_OPT = typer.Option(None, "--plans", metavar="DIR", envvar="ACTIONTRACK_PLANS", help="The plans folder.",
                         file_okay=False)
AS_OF_OPT = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Treat this date as today.")
OWNER_OPT = typer.Option(None, "--owner", metavar="WHO",
                         help="Only actions of this owner: initials, or a name or role, whole or from where a word "
                              "begins (ted: Ted Townsend, not Designated). Repeatable.")
GROUP_OPT = typer.Option(None, "--group", metavar="GROUP",
                         help="Only this group: its id, or part of its heading from where a word begins. Repeatable.")
PLAN_OPT = typer.Option(None, "--plan", metavar="PLAN_ID", help="Only this plan id. Repeatable.")
STATUS_OPT = typer.Option(None, "--status", metavar="STATUS",
                          help="Only actions with this status (done, complete and finished read as completed). "
                          "Repeatable.")
AGENCY_OPT = typer.Option(None, "--agency", metavar="AGENCY",
                          help="Only actions of this agency (the action's, or its owners' in the people key): "
                               "the name, whole or from where a word begins. Repeatable.")
THEME_OPT = typer.Option(None, "--theme", metavar="THEME",
                         help="Only actions with this theme (the action's or its recommendation's). Repeatable.")
TABLE_FORMAT_OPT = choice_option(TABLE_FORMATS, "table", "table, tsv, csv, json or markdown.")
WIDE_OPT = typer.Option(False, "--wide", help="table: show every column, however wide the table gets.")
WIDTH_OPT = typer.Option(None, "--width", metavar="N", show_default=False,
                         help=f"table: fit N columns instead of the terminal's width (at least {MIN_WIDTH}), "
                         "also in a pipe.")
NO_COLOR_OPT = typer.Option(False, "--no-color", help="No colour (NO_COLOR is honoured too).")
NO_CACHE_OPT = typer.Option(False, "--no-cache", help="Parse every plan file afresh.")
CACHE_DIR_OPT = typer.Option(None, "--cache-dir", metavar="DIR", envvar="ACTIONTRACK_CACHE_DIR", file_okay=False,
                             help="Parse cache folder (default: $XDG_CACHE_HOME/actiontrack).")


OUTPUT_OPT = typer.Option(None, "--output", "-o", metavar="FILE", dir_okay=False,
                          help="Write to FILE (atomically; never over a plan) instead of standard output.")
REDACT_OPT = typer.Option(False, "--redact", help="For publication: people's names become their roles, and "
                          "whatever the privacy guard finds is removed.")


def write_output(data: bytes, output: Path | None, binary: bool = False) -> None:
    """The file a command made: to standard output, or to FILE by edit.output's rules (never over a
    plan; a regular file whole or not at all; a device, a FIFO or /dev/stdout opened and written).

    A binary file (xlsx, pdf) is never written to a terminal, where it would only garble the screen.
    """
    if output is None:
        if binary and sys.stdout.isatty():
            raise UsageError(BINARY_TO_TERMINAL)
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from actiontrack.edit.output import is_terminal, write_output_file
    from actiontrack.load.discover import display_path

    if binary and is_terminal(output):
        raise UsageError(BINARY_TO_TERMINAL)
    sys.stdout.flush()  # what this process wrote to stdout before stays ahead of it (-o /dev/stdout)
    write_output_file(output, data)
    typer.echo(printable(f"wrote {display_path(output)}"), err=True)  # a name may hold ESC or a line break


BINARY_TO_TERMINAL = "this format is a binary file: give -o FILE, or redirect standard output to a file"


def stamp_for(as_of: str | None, today: date) -> datetime:
    """When a file was made, for its readers (iCalendar's DTSTAMP): now, or with --as-of the start of
    that day in UTC, so that a pinned export is the same file every time it is made."""
    from datetime import UTC, datetime, time

    if as_of is None:
        return datetime.now(UTC).replace(microsecond=0)
    return datetime.combine(today, time(), UTC)


def handles_errors(func: F) -> F:
    """Turn a domain error into one line on stderr and its exit code; a closed stdout into a quiet exit."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ActiontrackError as exc:
            findings = getattr(exc, "findings", None) or []
            for finding in findings:
                typer.echo(finding.format(), err=True)
            # The message quotes what was typed and what plans hold: one printable line.
            typer.echo(printable(f"actiontrack: {exc}"), err=True)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # Click would call this exit 1, the findings code: `overdue | head` found nothing wrong.
            raise typer.Exit(closed_pipe()) from None
    return wrapper  # type: ignore[return-value]


def closed_pipe() -> int:
    """The reader of stdout has gone: send what is left nowhere (so that no flush at exit fails
    again and prints a traceback) and give the closed-pipe exit code."""
    import os
    from contextlib import suppress

    with suppress(OSError, ValueError):  # no real file behind stdout (a test runner's buffer)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return ExitCode.CLOSED_PIPE


def parse_as_of(text: str | None) -> date:
    """--as-of, or today."""
    if text is None:
        return date.today()
    from actiontrack.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def plan_paths(paths: list[Path] | None, plans_dir: Path | None) -> list[Path]:
    """PATHs, --plans, or the nearest plans/ folder."""
    from actiontrack.load.discover import locate_plans

    return locate_plans(list(paths or []), plans_dir, Path.cwd())


def loader_for(no_cache: bool, cache_dir: Path | None) -> Loader:
    """The loader the reading commands get: wrapped in the parse cache unless --no-cache (or no safe folder)."""
    from actiontrack.load.loader import Loader

    if no_cache:
        return Loader()
    from actiontrack.load.cache import CachedLoader, open_cache

    cache = open_cache(cache_dir)
    return CachedLoader(cache) if cache is not None else Loader()


def make_filters(owner: list[str] | None, group: list[str] | None, plan: list[str] | None,
                 status: list[str] | None, agency: list[str] | None = None,
                 theme: list[str] | None = None) -> Filters:
    """The repeatable filter options as one value."""
    from actiontrack.query.states import Filters

    return Filters(owners=tuple(owner or ()), groups=tuple(group or ()), plans=tuple(plan or ()),
                   statuses=tuple(status or ()), agencies=tuple(agency or ()), themes=tuple(theme or ()))


def report_unreadable(unreadable: Sequence[Unreadable]) -> int:
    """Name each file whose errors may hide actions, on stderr (after the answer, which names them too
    where its format allows); the exit code that follows."""
    from actiontrack.load.loader import unreadable_notice

    sys.stdout.flush()  # the answer first, then the notice, when both go to one terminal
    for i, line in enumerate(unreadable_notice(unreadable)):
        typer.echo(f"actiontrack: {line}" if i == 0 else line, err=True)
    return ExitCode.FINDINGS if unreadable else ExitCode.OK



REF_ARG = typer.Argument(..., metavar="ACTION_REF",
                         help="PLAN_ID:ACTION_ID, or an action id alone when only one plan has it.")
BY_OPT = typer.Option(None, "--by", envvar="ACTIONTRACK_USER", metavar="WHO",
                      help="Initials from the plan's people key, or a name (default: git config user.name).")
DATE_OPT = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                        help="When it happened (default: today; backdating is allowed, future dates are not).")
# `new` and `import`: what the plan answers.
SOURCE_KIND_OPT = typer.Option("other", "--source-kind", metavar="KIND",
                               help="serious-case-review, practice-review, adults-review, "
                               "domestic-homicide-review, inspection, inquiry or other.")
SOURCE_REFERENCE_OPT = typer.Option(None, "--source-reference", metavar="TEXT",
                                    help="The review's or inspection's name or reference.")
DRY_RUN_OPT = typer.Option(False, "--dry-run", help="Print the diff that would be written, and write nothing.")
EVIDENCE_OPT = typer.Option(None, "--evidence", metavar="TEXT",
                            help="Also add an evidence entry with this description.")


def edit_context(plans_dir: Path | None, by: str | None, on: str | None, as_of: str | None,
                 dry_run: bool) -> EditContext:
    """The writing commands' shared options as one value."""
    from actiontrack.api.writing import EditContext
    from actiontrack.dates import parse_iso_date

    try:
        day = parse_iso_date(on) if on is not None else None
    except ValueError as exc:
        raise UsageError(f"--date: {exc}") from None
    return EditContext(plan_paths(None, plans_dir)[0], by, day, parse_as_of(as_of), dry_run)


def report_edit(result: EditResult, dry_run: bool) -> None:
    """A dry run's diff on stdout; otherwise the one line saying what was written."""
    if dry_run and result.diff:
        typer.echo(_printable_diff(result.diff), nl=False)
        sys.stdout.flush()  # the diff first, then the stderr line, when both go to one terminal
        typer.echo(printable(f"dry run: nothing written to {result.file}"), err=True)
    else:
        typer.echo(printable_lines(result.message), err=True)



def _printable_diff(diff: str) -> str:
    """A dry run's diff with each line printable; a CRLF file's line ends stay as they are (git apply needs them)."""
    out = []
    for line in diff.split("\n"):
        end = "\r" if line.endswith("\r") else ""
        out.append(printable(line.removesuffix("\r")) + end)
    return "\n".join(out)


class PathsAfterDashDash(PlainUsage):
    """`diff [BASE [HEAD]] [-- PATH...]`: Click drops `--` and where it stood, so split there first."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Keep what follows `--` as plan paths, before Click drops the marker."""
        if "--" in args:
            cut = args.index("--")
            ctx.meta["actiontrack.paths"] = args[cut + 1:]
            args = args[:cut]
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line names the paths after `--`."""
        return [*super().collect_usage_pieces(ctx), "[-- PATH...]"]


MAX_BYTES_OPT = typer.Option("1000000", "--max-bytes", metavar="N",
                             help="markdown: cut the report on a line boundary to stay under N bytes "
                                  "(at least 200; $GITHUB_STEP_SUMMARY takes at most 1 MiB).")
TEXT_WIDTH_OPT = typer.Option(None, "--width", metavar="N", show_default=False,
                              help=f"text: wrap at N columns instead of the terminal's width (at least {MIN_WIDTH}), "
                              "also in a pipe.")


def checked_max_bytes(max_bytes: str) -> int:
    """--max-bytes N, refused below 200 (no room for the heading and the count)."""
    return whole_number("--max-bytes", max_bytes, 200)


def color_for(no_color: bool) -> bool:
    """The colour policy (render.console.use_color) applied to stdout."""
    from actiontrack.render.console import use_color

    return use_color(sys.stdout, no_color)


def parse_within(text: str, as_of: date) -> date:
    """--within SPAN as the last day of the window."""
    from actiontrack.dates import add_span, parse_span

    try:
        n, unit = parse_span(text)
        return add_span(as_of, n, unit)
    except ValueError as exc:
        raise UsageError(f"--within: {exc}") from None


def parse_since(text: str, as_of: date) -> date:
    """--since DATE, or a span before --as-of."""
    from actiontrack.dates import parse_iso_date, parse_span, subtract_span

    try:
        return parse_iso_date(text)
    except ValueError:
        pass
    try:
        n, unit = parse_span(text)
    except ValueError:
        raise UsageError(f"--since: not a date (YYYY-MM-DD) or a span before --as-of (7d, 2w, 1m): '{text}'") from None
    try:
        return subtract_span(as_of, n, unit)
    except ValueError as exc:
        raise UsageError(f"--since: {exc}") from None
