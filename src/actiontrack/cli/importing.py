"""The `import` command: a plan's table from Excel, CSV or Word to plans/PLAN_ID.yaml."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from actiontrack.cli.app import command
from actiontrack.cli.options import (
    AS_OF_OPT,
    IMPORT_FORMATS,
    PLANS_OPT,
    SOURCE_KIND_OPT,
    SOURCE_REFERENCE_OPT,
    checked,
    choice_option,
    edit_context,
    handles_errors,
    whole_number,
)
from actiontrack.errors import ExitCode, UsageError


@command("import", short_help="Bring a plan in from an Excel, CSV or Word table.")
@handles_errors
def import_plan(
    file: Path = typer.Argument(..., metavar="FILE", help="An .xlsx, .csv or .docx file holding the plan's table."),
    organisation: str = typer.Option(..., "--organisation", metavar="TEXT",
                                     help="The partnership, council or trust that owns the plan."),
    plan_id: str | None = typer.Option(None, "--id", metavar="PLAN_ID",
                                       help="The new plan's id (default: from the file name)."),
    title: str | None = typer.Option(None, "--title", metavar="TEXT",
                                     help="The plan's title (default: the document's title, or the text above "
                                          "the table)."),
    on: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                  help="The day the plan was agreed (default: the day the file was created)."),
    source_kind: str = SOURCE_KIND_OPT,
    source_reference: str | None = SOURCE_REFERENCE_OPT,
    sheet: str | None = typer.Option(None, "--sheet", metavar="NAME",
                                     help="The sheet of a workbook (default: the first with a header row)."),
    table_text: str | None = typer.Option(None, "--table", metavar="N", show_default=False,
                                          help="The table of a Word document, from 1 (default: the first with a "
                                               "header row)."),
    maps: list[str] | None = typer.Option(None, "--map", metavar="COLUMN=FIELD",
                                          help="Read COLUMN (its header, or its letter or number) as FIELD: "
                                               "number, recommendation, outcome, group, action, timescale, owner, "
                                               "agency, progress, rag, status, measure, monitoring, revised, "
                                               "completed, or x-NAME. Repeatable."),
    rag_scale: list[str] | None = typer.Option(None, "--rag-scale", metavar="WORD=COLOUR",
                                               help="Read the rating WORD as red, amber, green or blue. Repeatable."),
    progress_date: str | None = typer.Option(None, "--progress-date", metavar="YYYY-MM-DD",
                                             help="When undated progress cells were written (default: when the "
                                                  "file was last saved)."),
    fmt: str = choice_option(IMPORT_FORMATS, "text", "text (the report on stderr) or json (the report on stdout)."),
    plans_dir: Path | None = PLANS_OPT,
    as_of: str | None = AS_OF_OPT,
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan that would be written, and write nothing."),
) -> None:
    """Bring an existing plan in from an Excel, CSV or Word table; writes plans/PLAN_ID.yaml, never over a file."""
    fmt = checked("--format", fmt, IMPORT_FORMATS)
    table = None if table_text is None else whole_number("--table", table_text, 1)
    from actiontrack.api.importing import import_plan as run_import
    from actiontrack.importing import ImportOptions
    from actiontrack.render.importing import report_json, report_lines
    from actiontrack.render.jsonout import dump_json

    options = ImportOptions(
        organisation=organisation, plan_id=plan_id, title=title, source_kind=source_kind,
        source_reference=source_reference, plan_date=_day("--date", on), progress_date=_day("--progress-date",
                                                                                           progress_date),
        sheet=sheet, table=table, maps=tuple(_pair("--map", m) for m in maps or ()),
        rag_scale=tuple(_pair("--rag-scale", m) for m in rag_scale or ()),
    )
    imported = run_import(file, options, edit_context(plans_dir, None, None, as_of, dry_run))
    result = imported.result
    if fmt == "json":
        typer.echo(dump_json(report_json(imported.report, result.findings, result.file, result.written,
                                         imported.text if dry_run else None)))
        raise typer.Exit(ExitCode.OK)
    if dry_run:
        typer.echo(imported.text, nl=False)
        sys.stdout.flush()  # the plan first, then the report, when both go to one terminal
    for line in report_lines(imported.report, result.findings, result.file, result.written):
        typer.echo(line, err=True)
    raise typer.Exit(ExitCode.OK)


def _day(option: str, text: str | None) -> date | None:
    if text is None:
        return None
    from actiontrack.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _pair(option: str, text: str) -> tuple[str, str]:
    left, sep, right = text.rpartition("=")
    if not sep or not left.strip() or not right.strip():
        raise UsageError(f"{option} '{text}': write it as {'COLUMN=FIELD' if option == '--map' else 'WORD=COLOUR'}")
    return left, right
