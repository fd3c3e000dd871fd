"""Output: one Table intermediate rendered as rich, plain text, TSV, CSV, JSON or Markdown; findings."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring as _encode_str  # the C implementation
from typing import TextIO

from actiontrack.errors import ERROR, WARNING, Finding, printable

_MD_ESCAPE = re.compile(r"([\\`*_\[\]|~#$])")
# OWASP: a cell starting with one of these is read as a formula by Excel, Calc and Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its JSON key, its heading, and how the table view treats it."""

    key: str
    title: str
    justify: str = "left"
    wrap: bool = False  # long text columns fold in the terminal table; ids and dates never do


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of typed values under display columns, plus row styles.

    `keys` are the machine formats' fields (JSON, TSV, CSV), in contract order; `columns` are
    what people read (table, Markdown), which may combine fields (due date with its wording).
    """

    columns: tuple[Column, ...]
    rows: list[dict[str, object]]
    styles: list[str | None] = field(default_factory=list)
    title: str | None = None
    keys: tuple[str, ...] = ()
    empty: str | None = None  # what the table format says instead of an empty table

    def data_keys(self) -> tuple[str, ...]:
        return self.keys or tuple(c.key for c in self.columns)


def plain(text: object) -> str:
    """Plan text on one line with no control characters, for every text format."""
    return printable(" ".join(str(text).split()))


def md(text: object) -> str:
    """Plan text made inert in GitHub Markdown: one line, no markup, no HTML, no links, no @mentions."""
    flat = plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after "@" keeps "@team" in a plan from notifying anyone.
    return _MD_ESCAPE.sub(r"\\\1", flat).replace("@", "@\u200b")


def cell_text(value: object) -> str:
    """The text of one value in every text format."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, dict):  # a note: "2012-10-19 Thurrock Council: Partly completed"
        return f"{cell_text(value.get('date'))} {cell_text(value.get('by'))}: {cell_text(value.get('text'))}"
    return plain(value) if isinstance(value, str) else str(value)


def json_value(value: object) -> object:
    """JSON-ready value: ISO dates, lists for tuples, nested dicts converted."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    return value


def dump_json(data: object) -> str:
    """Stable JSON text: keys in contract order, UTF-8 characters kept, two-space indent.

    Byte-identical to json.dumps(json_value(data), ensure_ascii=False, indent=2), but about
    five times faster: the standard library drops to pure Python whenever indent is set.
    """
    return _dump(data, "")


def write_json_array(rows: Iterable[dict[str, object]], out: TextIO) -> None:
    """A JSON array written row by row, as dump_json would write the whole list."""
    write_json_rows((dump_row(row) for row in rows), out)


def dump_row(row: dict[str, object]) -> str:
    """One element of a JSON array, indented as dump_json indents it."""
    return _dump(row, "  ")


def write_json_rows(rows: Iterable[str], out: TextIO) -> None:
    """Rows already made by dump_row, as one JSON array."""
    first = True
    for text in rows:
        out.write("[\n  " if first else ",\n  ")
        out.write(text)
        first = False
    out.write("[]\n" if first else "\n]\n")


def _dump(value: object, indent: str) -> str:
    kind = type(value)
    if kind is str:
        return _encode_str(value)  # type: ignore[arg-type]
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        return "{\n" + ",\n".join(f"{inner}{_encode_str(k)}: {_dump(v, inner)}"
                                   for k, v in value.items()) + "\n" + indent + "}"  # type: ignore[attr-defined]
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _dump(v, inner) for v in value) + "\n" + indent + "]"  # type: ignore[attr-defined]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return str(value)
    if isinstance(value, date):
        return '"' + value.isoformat() + '"'
    if isinstance(value, str):
        return _encode_str(str(value))
    return json.dumps(json_value(value), ensure_ascii=False)


def safe_cell(text: str) -> str:
    """Neutralise spreadsheet formulas (OWASP CSV injection): prefix a quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


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
    for cells in [head] + body:
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


def _render_rich(table: Table, out: TextIO, *, color: bool, width: int | None, console: object = None) -> None:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    if console is None:
        console = Console(file=out, force_terminal=True, no_color=not color, width=width,
                          highlight=False, emoji=False, markup=False)
    rt = RichTable(title=Text(table.title) if table.title else None, show_lines=False, expand=False)
    for col in table.columns:
        rt.add_column(Text(col.title), justify=col.justify,  # type: ignore[arg-type]
                      overflow="fold", no_wrap=not col.wrap)
    styles = table.styles or [None] * len(table.rows)
    for row, style in zip(table.rows, styles):
        # Text() keeps plan text literal: "[red]" or "[/]" in a note is never markup.
        rt.add_row(*[Text(cell_text(row.get(c.key))) for c in table.columns], style=style or "")
    console.print(rt)  # type: ignore[attr-defined]


# ---------------------------------------------------------------- findings


def render_findings(findings: list[Finding], fmt: str, out: TextIO, files_checked: int) -> None:
    """Findings as `path:line:col: severity code message` lines, JSON, or GitHub annotations."""
    if fmt == "json":
        out.write(dump_json(findings_json(findings, files_checked)) + "\n")
    elif fmt == "github":
        for f in findings:
            kind = "error" if f.severity == ERROR else "warning"
            props = ",".join([f"file={_gh_prop(f.file)}", f"line={f.line}", f"col={f.col}", f"title={_gh_prop(f.code)}"])
            out.write(f"::{kind} {props}::{_gh_data(f.message)}\n")
    else:
        for f in findings:
            out.write(f.format() + "\n")


def findings_json(findings: Iterable[Finding], files_checked: int) -> dict[str, object]:
    """The `validate --format json` contract."""
    items = list(findings)
    return {
        "files": files_checked,
        "errors": sum(1 for f in items if f.severity == ERROR),
        "warnings": sum(1 for f in items if f.severity == WARNING),
        "findings": [f.to_json() for f in items],
    }


def summary_line(findings: list[Finding], files_checked: int) -> str:
    """One closing line for people: how many files, errors and warnings."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    return (f"{files_checked} {_plural(files_checked, 'file')} checked: "
            f"{errors} {_plural(errors, 'error')}, {warnings} {_plural(warnings, 'warning')}")


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def _gh_data(text: str) -> str:
    # As @actions/core escapeData: %, CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    # As @actions/core escapeProperty: also ':' and ','.
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


# ---------------------------------------------------------------- documents (show)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a document: lines of text and/or a table."""

    heading: str | None
    lines: tuple[str, ...] = ()
    table: Table | None = None


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
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=True, no_color=not color, width=width,
                      highlight=False, emoji=False, markup=False)
    for sec in sections:
        if sec.heading:
            console.print(Text(sec.heading, style="bold"))
        for line in sec.lines:
            console.print(Text(line))
        if sec.table is not None:
            _render_rich(sec.table, out, color=color, width=width, console=console)
        console.print()


