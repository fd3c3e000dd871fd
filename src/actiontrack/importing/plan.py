"""A table to a drafted plan: the columns mapped, the rows walked, and the plan's own fields
(id, title, date, people, rating scale) taken from the options or the document, each choice said.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from actiontrack.errors import UsageError
from actiontrack.importing.actions import Context
from actiontrack.importing.columns import ColumnMap, map_columns, parse_maps
from actiontrack.importing.draft import Draft, ImportOptions
from actiontrack.importing.progress import COLOURS, Dated
from actiontrack.importing.report import ImportReport, UnknownTimescale
from actiontrack.importing.table import SourceTable
from actiontrack.importing.tracker import WHAT_IS_LOST
from actiontrack.importing.walk import Walk
from actiontrack.model import PLAN_ID
from actiontrack.timescale import parse_timescale
from actiontrack.validate.checks import INITIALS
from actiontrack.wording import one_line

_WHAT = {"xlsx": "workbook", "docx": "document", "csv": "file"}
_STATUS_FIELDS = ("progress", "rag", "status", "completed")


def draft_plan(table: SourceTable, options: ImportOptions, today: dt.date) -> tuple[Draft, ImportReport]:
    """The plan a table holds, and the report of how it was read."""
    maps = parse_maps(options.maps)
    scale = rag_scale_option(options.rag_scale)
    plan_date, date_why = _plan_date(table, options)
    cmap = map_columns(table, maps, plan_date)
    undated, undated_why = _undated(table, options, plan_date, today)
    ctx = Context(cmap, plan_date, options.organisation, undated, undated_why, scale)
    walk = Walk(table, cmap, ctx)
    walk.run()
    remarks = walk.finish()
    plan_id = _plan_id(table, options, cmap)
    title, title_why = _title(table, options, cmap)
    draft = Draft(plan_id, title, options.organisation, options.source_kind, options.source_reference, plan_date,
                  groups=walk.groups, recommendations=walk.recs)
    if title_why:
        draft.plan_comments["title"] = [title_why]
    if date_why:
        draft.plan_comments["date"] = [date_why]
    _ratings(draft, ctx.rag_words, cmap)
    _people(draft, ctx.names, cmap.tracker)
    facts = (*table.facts, *walk.facts, *((WHAT_IS_LOST,) if cmap.tracker else ()))
    draft.comments = _header_comments(table, cmap, today, facts)
    unknown = tuple(UnknownTimescale(a.timescale_where or a.where, a.id, a.timescale) for a in draft.actions()
                    if a.timescale and parse_timescale(a.timescale, plan_date=plan_date).kind == "unknown")
    report = ImportReport(
        table.file, table.name, header_at(table, cmap), walk.rows, cmap.columns, len(draft.groups),
        len(draft.recommendations), len(draft.actions()), sum(len(a.notes) for a in draft.actions()),
        (*table.unreadable, *ctx.unreadable, *remarks), unknown, facts,
    )
    return draft, report


def header_at(table: SourceTable, cmap: ColumnMap) -> str:
    """Where the header row is: "table 1, row 1", "sheet 'Action plan', row 3", "row 1" (a CSV file)."""
    where = table.rows[cmap.header].where
    return where if where.startswith(table.name) or not table.name else f"{table.name}, {where}"


def rag_scale_option(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """--rag-scale WORD=COLOUR pairs, checked, keyed by the word in lower case."""
    out = {}
    for word, colour in pairs:
        if colour.strip().lower() not in COLOURS:
            raise UsageError(f"--rag-scale {one_line(word)}={one_line(colour)}: the colour must be one of "
                             f"{', '.join(COLOURS)}")
        out[" ".join(word.lower().split())] = colour.strip().lower()
    return out


def _plan_date(table: SourceTable, options: ImportOptions) -> tuple[dt.date, str | None]:
    if options.plan_date is not None:
        return options.plan_date, None
    if table.created is not None:
        return table.created, (f"--date was not given: this is the day the {_WHAT[table.kind]} was created; "
                               "correct it if the plan was agreed on another day")
    raise UsageError(f"give --date YYYY-MM-DD, the day the plan was agreed: {one_line(table.file)} does not record "
                     "one, and relative timescales ('Within 3 months', 'Immediate') count from it")


def _undated(table: SourceTable, options: ImportOptions, plan_date: dt.date, today: dt.date) -> tuple[Dated, str]:
    """The date of progress and status cells that give none, and why."""
    if options.progress_date is not None:
        return Dated(options.progress_date.isoformat(), options.progress_date), "the date --progress-date gives"
    if table.saved is not None and plan_date <= table.saved <= today:
        return Dated(table.saved.isoformat(), table.saved), f"when the {_WHAT[table.kind]} was last saved"
    return Dated(plan_date.isoformat(), plan_date), ("the plan's date (the source does not say when its progress "
                                                     "was written: give --progress-date)")


def _plan_id(table: SourceTable, options: ImportOptions, cmap: ColumnMap) -> str:
    if options.plan_id is not None:
        if not PLAN_ID.match(options.plan_id):
            raise UsageError(f"--id '{one_line(options.plan_id)}' is not a plan id: use lower-case letters, digits "
                             "and '-' (e.g. example-scr-2024)")
        return options.plan_id
    sheet = table.name.removeprefix("sheet '").removesuffix("'")
    if cmap.tracker and PLAN_ID.match(sheet):  # actiontrack's workbook names each plan's sheet after its id
        return sheet
    return re.sub(r"[^a-z0-9]+", "-", Path(table.file).stem.lower()).strip("-")[:60].strip("-") or "imported-plan"


def _title(table: SourceTable, options: ImportOptions, cmap: ColumnMap) -> tuple[str, str | None]:
    if options.title is not None and options.title.strip():
        return one_line(options.title), None
    if table.title:
        return one_line(table.title), f"the {_WHAT[table.kind]}'s title property"
    above = [c.text for r in table.rows[:cmap.header] for c in r.cells if c.text]
    for text in (*table.leading, *above):
        if text.strip():
            return one_line(text), "the first line of text above the table (--title gives another)"
    return Path(table.file).stem, "the file's name (--title gives the plan's own title)"


def _ratings(draft: Draft, words: dict[str, str], cmap: ColumnMap) -> None:
    """Ratings the source writes as colours stay colours; any other words go through the plan's rag_scale."""
    if not words:
        return
    if all(w.lower() in COLOURS for w in words):
        for act in draft.actions():
            act.rag = act.rag.lower() if act.rag else None
        return
    draft.rag_scale = dict(words)
    cols = ", ".join(c.label for c in cmap.columns if c.field in ("rag", "status"))
    draft.plan_comments["rag_scale"] = [f"the ratings in column {cols} as the source writes them, each "
                                        "mapped to a colour"]


def _people(draft: Draft, known: dict[str, str], tracker: bool) -> None:
    names = [o for a in draft.actions() for o in a.owners] + [n.by for a in draft.actions() for n in a.notes if n.by]
    initials = [n for n in dict.fromkeys(names) if INITIALS.match(n)]
    if initials and tracker:  # actiontrack labels an owner `SM (Steve Merrell)`; bare when the key gives no other name
        draft.people = {i: known.get(i, i) for i in initials}
        draft.plan_comments["people"] = ["each owner's name as the workbook labels them (bare initials: the "
                                         "initials themselves)"]
    elif initials:
        draft.people = {i: f"{i} (not expanded in the source)" for i in initials}
        draft.plan_comments["people"] = ["owners written as initials; the source has no key to them, so "
                                         "each stands for itself: give each its name"]


def _header_comments(table: SourceTable, cmap: ColumnMap, today: dt.date, facts: tuple[str, ...]) -> list[str]:
    out = [f"Imported by `actiontrack import` from {Path(table.file).name} (header at "
           f"{header_at(table, cmap)}) on {today.isoformat()}.",
           "Each '# import:' comment marks a judgement the importer made: check it against the source, then delete it.",
           "Columns read:"]
    for c in cmap.columns:
        header = f" '{one_line(c.header)}'" if c.header else " (no header)"
        how = {"header": "", "--map": ", from --map"}.get(c.how, f", {c.how}")
        out.append(f"  {c.label}{header} -> {c.key}{how}{', hidden' if c.hidden else ''}")
    out += [f"{fact[:1].upper()}{fact[1:]}." for fact in facts]
    if not any(c.field in _STATUS_FIELDS for c in cmap.columns):
        out.append("The table has no progress or status column: an action is unknown (not reported) unless a cell "
                   "says otherwise.")
    return out
