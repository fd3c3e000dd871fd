"""The Table intermediate rendered as a rich table, plain text, TSV, CSV, JSON or Markdown; documents (show)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, TextIO

from actiontrack.query.table import Section, Table
from actiontrack.render.cells import cell_text, md, safe_cell
from actiontrack.render.console import make_console, style_of
from actiontrack.render.jsonout import write_json_array

if TYPE_CHECKING:
    from rich.console import Console


def render_table(table: Table, fmt: str, out: TextIO, *, terminal: bool = False,
                 color: bool = False, width: int | None = None) -> None:
    """Write `table` to `out` in one of FORMATS.

    `terminal` selects the boxed rich table for `table`; otherwise `table` degrades to plain
    aligned text (no box, no colour, no truncation, one row per line).
    """
    keys = table.data_keys()
    if fmt == "json":
        write_json_array(({k: row.get(k) for k in keys} for row in table.rows), out)
    elif fmt == "tsv":
        out.write("\t".join(keys) + "\n")
        for row in table.rows:
            out.write("\t".join(safe_cell(cell_text(row.get(k))) for k in keys) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(keys)
        for row in table.rows:
            writer.writerow([safe_cell(cell_text(row.get(k))) for k in keys])
        out.write(buf.getvalue())
    elif fmt == "markdown":
        out.write(markdown_table(table))
    elif not table.rows and table.empty:
        out.write(table.empty + "\n")
    elif terminal:
        _render_rich(table, out, color=color, width=width)
    else:
        out.write(plain_table(table))


def plain_table(table: Table) -> str:
    """Aligned columns separated by two spaces; every row on one line, nothing cut."""
    head = [c.title for c in table.columns]
    body = [[cell_text(row.get(c.key)) for c in table.columns] for row in table.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(head)]
    lines = []
    for cells in [head, *body]:
        parts = [
            cells[i].rjust(widths[i]) if col.justify == "right" else cells[i].ljust(widths[i])
            for i, col in enumerate(table.columns)
        ]
        lines.append("  ".join(parts).rstrip())
    return "\n".join(lines) + "\n"


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table; pipes and line breaks in text are escaped."""
    lines = ["| " + " | ".join(md(c.title) for c in table.columns) + " |",
             "|" + "|".join("---:" if c.justify == "right" else "---" for c in table.columns) + "|"]
    for row in table.rows:
        lines.append("| " + " | ".join(md(cell_text(row.get(c.key))) for c in table.columns) + " |")
    return "\n".join(lines) + "\n"


def _render_rich(table: Table, out: TextIO, *, color: bool, width: int | None, console: Console | None = None) -> None:
    from rich.table import Table as RichTable
    from rich.text import Text

    if console is None:
        console = make_console(out, color=color, width=width)
    rt = RichTable(title=Text(table.title) if table.title else None, show_lines=False, expand=False)
    for col in table.columns:
        rt.add_column(Text(col.title), justify=col.justify,  # type: ignore[arg-type]  # a plain str of ours
                      overflow="fold", no_wrap=not col.wrap)
    tones = table.tones or [None] * len(table.rows)
    for row, tone in zip(table.rows, tones):
        # Text() keeps plan text literal: "[red]" or "[/]" in a note is never markup.
        rt.add_row(*[Text(cell_text(row.get(c.key))) for c in table.columns], style=style_of(tone))
    console.print(rt)


# ---------------------------------------------------------------- documents (show)


def render_document(sections: list[Section], fmt: str, out: TextIO, *, terminal: bool = False,
                    color: bool = False, width: int | None = None) -> None:
    """Sections one after another: rich in a terminal, plain text in a pipe, or Markdown."""
    if fmt == "markdown":
        for sec in sections:
            if sec.heading:
                out.write(f"## {md(sec.heading)}\n\n")
            for line in sec.lines:
                out.write(md(line) + "  \n")
            if sec.lines:
                out.write("\n")
            if sec.table is not None:
                out.write(markdown_table(sec.table) + "\n")
        return
    if not terminal:
        first = True
        for sec in sections:
            if not first:
                out.write("\n")
            first = False
            if sec.heading:
                out.write(f"== {cell_text(sec.heading)} ==\n")
            for line in sec.lines:
                out.write(cell_text(line) + "\n")
            if sec.table is not None:
                out.write(plain_table(sec.table))
        return
    from rich.text import Text

    console = make_console(out, color=color, width=width)
    for sec in sections:
        if sec.heading:
            console.print(Text(sec.heading, style=style_of("heading")))
        for line in sec.lines:
            console.print(Text(line))
        if sec.table is not None:
            _render_rich(sec.table, out, color=color, width=width, console=console)
        console.print()


