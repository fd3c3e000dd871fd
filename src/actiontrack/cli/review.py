"""The review commands: diff, textconv, summary and history."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from actiontrack.cli.app import command
from actiontrack.cli.options import (
    AS_OF_OPT,
    CACHE_DIR_OPT,
    DIFF_FORMATS,
    ESCALATIONS_FORMATS,
    HISTORY_FORMATS,
    MAX_BYTES_OPT,
    NO_CACHE_OPT,
    NO_COLOR_OPT,
    OUTPUT_OPT,
    PATHS_ARG,
    PLAN_OPT,
    PLANS_OPT,
    REDACT_OPT,
    REPORT_FORMATS,
    SUMMARY_FORMATS,
    TEXT_WIDTH_OPT,
    PathsAfterDashDash,
    checked,
    checked_max_bytes,
    checked_width,
    choice_option,
    color_for,
    handles_errors,
    loader_for,
    parse_as_of,
    parse_since,
    plan_paths,
    report_unreadable,
    write_output,
)
from actiontrack.errors import ExitCode


@command(cls=PathsAfterDashDash, short_help="What a change between two git revisions does to the plans.")
@handles_errors
def diff(
    ctx: typer.Context,
    base: str | None = typer.Argument(None, metavar="BASE", show_default=False,
                                      help="From this revision (default HEAD); A..B and A...B are ranges."),
    head: str | None = typer.Argument(None, metavar="HEAD", show_default=False,
                                      help="To this revision (default: the working tree)."),
    plans_dir: Path | None = PLANS_OPT,
    fmt: str = choice_option(DIFF_FORMATS, "text", "text, markdown (PR comments, step summaries) or json."),
    check: bool = typer.Option(False, "--check", help="Exit 1 when there is any integrity problem."),
    max_bytes_text: str = MAX_BYTES_OPT,
    width_text: str | None = TEXT_WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
) -> None:
    """What a change does to the plans between two git revisions, and what it does to the record.

    Plan files to compare go after "--" (default: the plans/ folder of this repository).
    """
    from actiontrack.api.review import diff as compare
    from actiontrack.load.loader import Loader
    from actiontrack.render.review import render_diff

    fmt, width = checked("--format", fmt, DIFF_FORMATS), checked_width(width_text)
    max_bytes = checked_max_bytes(max_bytes_text)
    paths = [Path(p) for p in ctx.meta.get("actiontrack.paths", [])]
    result = compare(Path.cwd(), base, head, paths, plans_dir, Loader())
    render_diff(result, fmt, sys.stdout, color=color_for(no_color), max_bytes=max_bytes,
                terminal=sys.stdout.isatty(), width=width)
    raise typer.Exit(ExitCode.FINDINGS if check and result.problems else ExitCode.OK)


@command(short_help="Print a plan as one fact per line, for git diff.")
@handles_errors
def textconv(
    file: Path = typer.Argument(..., metavar="FILE", help="A plan file (git passes a temporary copy)."),
) -> None:
    """Print a plan as one fact per line, for git diff's textconv (see docs/review.md)."""
    from actiontrack.api.reading import textconv as convert
    from actiontrack.load.loader import Loader

    text = convert(file, Loader())
    # Bytes, not text: git diffs what it gets, and a non-UTF-8 locale must not break the output.
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


@command(short_help="The weekly status report: totals, and what changed.")
@handles_errors
def summary(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    since: str = typer.Option("7d", "--since", metavar="DATE|SPAN",
                              help="Report changes after this date, or this long before --as-of (7d, 2w, 1m)."),
    plan: list[str] | None = PLAN_OPT,
    fmt: str = choice_option(SUMMARY_FORMATS, "markdown", "markdown, json or text."),
    max_bytes_text: str = MAX_BYTES_OPT,
    width_text: str | None = TEXT_WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """The weekly status report: totals against --since, every overdue action, and what changed."""
    from actiontrack.api.review import summary as weekly
    from actiontrack.errors import has_errors
    from actiontrack.render.summary import render_summary

    fmt, width = checked("--format", fmt, SUMMARY_FORMATS), checked_width(width_text)
    max_bytes = checked_max_bytes(max_bytes_text)
    today = parse_as_of(as_of)
    report, findings = weekly(Path.cwd(), list(paths or []), plans_dir, today, parse_since(since, today),
                              pinned=as_of is not None, loader=loader_for(no_cache, cache_dir), plans=tuple(plan or ()))
    render_summary(report, fmt, sys.stdout, color=color_for(no_color), max_bytes=max_bytes,
                   terminal=sys.stdout.isatty(), width=width)
    sys.stdout.flush()
    for finding in findings:
        typer.echo(finding.format(), err=True)
    raise typer.Exit(ExitCode.FINDINGS if has_errors(findings) else ExitCode.OK)


@command(short_help="The Board pack: one page of counts, RAG bars and lists.")
@handles_errors
def report(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    since: str = typer.Option("3m", "--since", metavar="DATE|SPAN",
                              help="Report changes after this date, or this long before --as-of (default 3m: "
                                   "a quarter, as Boards meet)."),
    plan: list[str] | None = PLAN_OPT,
    fmt: str = choice_option(REPORT_FORMATS, "html", "html (one self-contained page) or pdf (the same page "
                             "printed by headless Chromium)."),
    output: Path | None = OUTPUT_OPT,
    redact: bool = REDACT_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """The Board pack: counts by state against --since, RAG bars by plan and agency, the overdue actions by
    agency, what is due, done and moved, and the escalations, as one self-contained page."""
    from actiontrack.api.boards import report as board_pack
    from actiontrack.render.boardpack import render_board_pack

    fmt = checked("--format", fmt, REPORT_FORMATS)
    today = parse_as_of(as_of)
    pack = board_pack(Path.cwd(), list(paths or []), plans_dir, today, parse_since(since, today),
                      pinned=as_of is not None, plan_ids=tuple(plan or ()), loader=loader_for(no_cache, cache_dir),
                      redact=redact)
    html = render_board_pack(pack)
    if fmt == "pdf":
        from actiontrack.render.pdf import html_to_pdf

        write_output(html_to_pdf(html), output, binary=True)
    else:
        write_output(html.encode("utf-8"), output)
    raise typer.Exit(report_unreadable(pack.unreadable))


CONFIG_OPT = typer.Option(None, "--config", metavar="FILE", dir_okay=False,
                          help="The rules file (default: .actiontrack.toml at the repository root).")


@command(short_help="The actions that meet the escalation rules, rule by rule.")
@handles_errors
def escalations(
    paths: list[Path] | None = PATHS_ARG,
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    fmt: str = choice_option(ESCALATIONS_FORMATS, "text", "text, markdown or json."),
    fail_if_any: bool = typer.Option(False, "--fail-if-any", help="Exit 1 when any action meets a rule."),
    config: Path | None = CONFIG_OPT,
    width_text: str | None = TEXT_WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """List the actions that meet the repository's escalation rules (.actiontrack.toml), rule by rule."""
    from actiontrack.api.governance import escalations as escalate
    from actiontrack.render.governance import render_escalations

    fmt, width = checked("--format", fmt, ESCALATIONS_FORMATS), checked_width(width_text)
    result = escalate(Path.cwd(), list(paths or []), plans_dir, parse_as_of(as_of), loader_for(no_cache, cache_dir),
                      config)
    render_escalations(result, fmt, sys.stdout, color=color_for(no_color), terminal=sys.stdout.isatty(), width=width)
    sys.stdout.flush()
    code = report_unreadable(result.unreadable)
    raise typer.Exit(ExitCode.FINDINGS if fail_if_any and result.found else code)


@command(short_help="One action's or plan's timeline from git, oldest first.")
@handles_errors
def history(
    ref: str = typer.Argument(..., metavar="ACTION_REF|PLAN",
                              help="PLAN_ID:ACTION_ID, an action id alone when it is unique, or a plan id."),
    plans_dir: Path | None = PLANS_OPT,
    fmt: str = choice_option(HISTORY_FORMATS, "text", "text or json."),
    width_text: str | None = TEXT_WIDTH_OPT,
    no_color: bool = NO_COLOR_OPT,
    no_cache: bool = NO_CACHE_OPT,
    cache_dir: Path | None = CACHE_DIR_OPT,
) -> None:
    """One action's or plan's timeline from git: every commit that changed it, oldest first.

    Each commit with its date and author and what it changed, in diff's words; for an action,
    the original target against the current one and every move in between.
    """
    from actiontrack.api.review import history as timeline
    from actiontrack.render.history import render_history

    fmt, width = checked("--format", fmt, HISTORY_FORMATS), checked_width(width_text)
    result = timeline(Path.cwd(), ref, plan_paths(None, plans_dir)[0], loader_for(no_cache, cache_dir))
    render_history(result, fmt, sys.stdout, color=color_for(no_color), terminal=sys.stdout.isatty(), width=width)
    raise typer.Exit(ExitCode.OK)
