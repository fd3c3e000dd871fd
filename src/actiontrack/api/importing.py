"""`import` as a library call: a file's table in, a plan file out (or, in a dry run, its text), and the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from actiontrack.edit import rules
from actiontrack.edit.importplan import write_import
from actiontrack.edit.pipeline import EditContext, EditResult
from actiontrack.errors import NotFoundError, UsageError
from actiontrack.importing import ImportOptions, read_table
from actiontrack.importing.plan import draft_plan
from actiontrack.importing.report import ImportReport
from actiontrack.load.discover import display_path
from actiontrack.model import SOURCE_KINDS
from actiontrack.wording import one_line


@dataclass(frozen=True, slots=True)
class Imported:
    """What `import` did: the report, the edit's result (file, written, warnings) and the plan's text."""

    report: ImportReport
    result: EditResult
    text: str


def import_plan(path: Path, options: ImportOptions, ctx: EditContext) -> Imported:
    """Read the table in `path` (.xlsx, .csv, .docx) and create the plan it holds in `ctx.folder`."""
    if options.source_kind not in SOURCE_KINDS:
        raise UsageError(f"unknown source kind '{one_line(options.source_kind)}' (one of: {', '.join(SOURCE_KINDS)})")
    rules.clean_text("--organisation", options.organisation)
    for what, value in (("--title", options.title), ("--source-reference", options.source_reference)):
        if value is not None:
            rules.clean_text(what, value)
    if not path.is_file():
        raise NotFoundError(f"no such file: {one_line(path)}" if not path.exists() else
                            f"not a file: {one_line(path)}")
    from actiontrack.api.reading import guard_for
    from actiontrack.load.config import read_settings

    table = read_table(path, display_path(path), options)
    draft, report = draft_plan(table, options, ctx.today)
    result, text = write_import(ctx, draft, guard_for(read_settings([ctx.folder])))
    return Imported(report, result, text)
