"""The Table intermediate as a fitted terminal table, plain text, TSV, CSV, JSON or Markdown; documents (show)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TextIO

from actiontrack.query.table import Section, Table
from actiontrack.render.cells import cell_text, md, safe_cell
from actiontrack.render.jsonout import dump_row, write_rows_document
from actiontrack.render.page import UNLIMITED, Page, table_page, write_page


def render_table(table: Table, fmt: str, out: TextIO, *, terminal: bool = False, color: bool = False,
                 width: int | None = None, wide: bool = False) -> None:
    """Write `table` to `out` in one of FORMATS.

    `table` is fitted to the width (render/layout.py) in a terminal, or when `width` or `wide`
    asks for it; otherwise it is plain aligned text (no colour, nothing cut, one row per line).
    The notices of what could not be read come first in the formats people read; JSON lists the
    files; TSV and CSV stay pure data (the command says it on stderr).
    """
    keys = table.data_keys()
    if fmt == "json":
        write_table_json(table, out)
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
        out.write(markdown_listing(table))
    else:
        write_page("table", table, out, terminal=terminal, color=color, width=width, wide=wide)


def write_table_json(table: Table, out: TextIO) -> None:
    """The listings' JSON contract: `{"version": N, ...meta, "rows": [...], ...after_rows, "unreadable": [...]}`."""
    keys = table.data_keys()
    write_rows_document({"version": table.version, **table.meta},
                        (dump_row({k: row.get(k) for k in keys}) for row in table.rows),
                        {**table.after_rows, "unreadable": [u.to_json() for u in table.unreadable]}, out)


def plain_table(table: Table) -> str:
    """Aligned columns separated by two spaces; every row on one line, nothing cut; then the count line."""
    page = Page(UNLIMITED, len)
    table_page(table, page, fitted=False)
    return "".join(text + "\n" for text, _ in page.lines)


def markdown_table(table: Table) -> str:
    """A GitHub-flavoured Markdown table; pipes and line breaks in text are escaped."""
    lines = ["| " + " | ".join(md(c.title) for c in table.columns) + " |",
             "|" + "|".join("---:" if c.justify == "right" else "---" for c in table.columns) + "|"]
    for row in table.rows:
        lines.append("| " + " | ".join(md(cell_text(row.get(c.key))) for c in table.columns) + " |")
    return "\n".join(lines) + "\n"


def markdown_listing(table: Table) -> str:
    """A listing in Markdown: its notices, the table (or the sentence saying it is empty), its count line."""
    parts = [md(notice) + "\n" for notice in table.notices]
    if not table.rows and table.empty:
        parts.append(md(table.empty) + "\n")
    else:
        parts.append(markdown_table(table))
    if table.count_line and table.rows:
        parts.append(md(table.count_line) + "\n")
    return "\n".join(parts)


# ---------------------------------------------------------------- documents (show)


def render_document(sections: Sequence[Section], fmt: str, out: TextIO, *, terminal: bool = False,
                    color: bool = False, width: int | None = None, wide: bool = False) -> None:
    """Sections one after another: fitted in a terminal (or with a width), plain text in a pipe, or Markdown."""
    if fmt != "markdown":
        write_page("document", sections, out, terminal=terminal, color=color, width=width, wide=wide)
        return
    for sec in sections:
        if sec.heading:
            out.write(f"{'#' * (sec.level + 1)} {md(sec.heading)}\n\n")
        for line in sec.lines:
            out.write(md(line) + "  \n")
        if sec.lines:
            out.write("\n")
        if sec.table is not None:
            out.write(markdown_table(sec.table) + "\n")
