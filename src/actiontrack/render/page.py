"""Tables, documents and report lines as a page of lines: fitted to a terminal's width, or plain text for a pipe.

One walker for both. In a terminal (or with `--width N` / `--wide`) a listing is laid out by
render/layout.py, its rows grouped under a heading per plan, and printed through the one console
with each row's colour; in a pipe it is plain text, one row per line, as wide as its longest
cell. Either way a listing ends with its count line, and a fitted one names any column it left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from actiontrack.query.table import Column, Section, Table
from actiontrack.render.cells import cell_text
from actiontrack.render.console import make_console, style_of
from actiontrack.render.layout import (
    PLAIN,
    Grid,
    Layout,
    Measure,
    cells_of,
    dropped_line,
    header_line,
    plan_layout,
    table_lines,
    wrap,
)

if TYPE_CHECKING:
    from rich.color import ColorSystem
    from rich.console import Console

UNLIMITED = PLAIN  # plain text: every column as wide as its longest cell (up to MAX_PAD), nothing wrapped
Line = tuple[str, str | None]  # (text, tone)


class Page:
    """Lines with their tones, wrapped to `width` at word boundaries (not at all for plain text)."""

    def __init__(self, width: int, measure: Measure) -> None:
        self.width = width
        self.measure = measure
        self.lines: list[Line] = []

    def blank(self) -> None:
        """One empty line between two parts (never two, never at the top)."""
        if self.lines and self.lines[-1][0]:
            self.lines.append(("", None))

    def para(self, text: str, tone: str | None = None, indent: str = "", hang: str = "") -> None:
        """Plan text as a paragraph: printable, on one line, then wrapped to the width."""
        for line in wrap(cell_text(text), self.width, self.measure, indent, hang):
            self.lines.append((line, tone))

    def add(self, text: str, tone: str | None = None) -> None:
        """A line already laid out (a table row)."""
        self.lines.append((text, tone))


def _measure(fitted: bool) -> Measure:
    if not fitted:
        return len
    from rich.cells import cell_len  # terminal cells: a wide character takes two

    def cells(text: str) -> int:
        return len(text) if text.isascii() else cell_len(text)  # most plan text is ASCII: skip the table look-up

    return cells


def _layout_of(columns: Sequence[Column], grids: Sequence[Grid], page: Page, wide: bool) -> Layout:
    return plan_layout(columns, [row for grid in grids for row in grid], page.width, page.measure, wide=wide)


def _rows(page: Page, body: Sequence[list[str]], tones: Sequence[str | None], indexes: Sequence[int],
          spaced: bool) -> None:
    for n, i in enumerate(indexes):
        if spaced and n:
            page.blank()
        for line in body[i]:
            page.add(line, tones[i] if i < len(tones) else None)


def _header(page: Page, layout: Layout, fitted: bool) -> None:
    page.add(header_line(layout, page.measure), "header")
    if fitted:
        page.add("─" * layout.total, "rule")


def table_page(table: Table, page: Page, *, fitted: bool, wide: bool = False) -> None:
    """A listing: title, notices, then its rows (grouped under headings when fitted), its count line."""
    grouped = fitted and table.group is not None
    columns = [c for c in table.columns if not (grouped and c.key == table.group)]
    if fitted and table.title and table.rows:
        page.para(table.title, "title")
    for notice in table.notices:
        page.para(notice, "problem")
    if not table.rows:
        page.para(table.empty or "", None)
        return
    grid = cells_of(columns, table.rows)
    layout = _layout_of(columns, [grid], page, wide)
    page.width = max(page.width, layout.width)
    body = table_lines(layout, grid, page.measure)
    spaced = fitted and any(len(lines) > 1 for lines in body)  # a blank line between rows that wrap
    for heading, indexes in _groups(table, grouped):
        if fitted:
            page.blank()
        if heading:
            page.para(heading, "heading")
        _header(page, layout, fitted)
        _rows(page, body, table.tones, indexes, spaced)
    _footer(page, [table.count_line], [layout])


def _groups(table: Table, grouped: bool) -> list[tuple[str | None, list[int]]]:
    """Row indexes under each group's heading, groups in the order their first row comes."""
    if not grouped or table.group is None:
        return [(None, list(range(len(table.rows))))]
    out: dict[str, list[int]] = {}
    for i, row in enumerate(table.rows):
        out.setdefault(str(row.get(table.group)), []).append(i)
    return [(table.headings.get(key, key), indexes) for key, indexes in out.items()]


def _footer(page: Page, counts: Sequence[str | None], layouts: Sequence[Layout]) -> None:
    said = [c for c in counts if c]
    said += list(dict.fromkeys(d for d in (dropped_line(lay) for lay in layouts) if d))
    if said:
        page.blank()
    for line in said:
        page.para(line, None)


def document_page(sections: Sequence[Section], page: Page, *, fitted: bool, wide: bool = False) -> None:
    """`show`: headings, lines and tables; the tables that share columns share one layout, so they line up."""
    by_columns: dict[tuple[Column, ...], list[Table]] = {}
    for sec in sections:
        if sec.table is not None:
            by_columns.setdefault(sec.table.columns, []).append(sec.table)
    grids = {id(t): cells_of(cols, t.rows) for cols, ts in by_columns.items() for t in ts}
    layouts = {cols: _layout_of(cols, [grids[id(t)] for t in ts], page, wide) for cols, ts in by_columns.items()}
    page.width = max([page.width, *(lay.width for lay in layouts.values())])
    bodies = {id(t): table_lines(layouts[cols], grids[id(t)], page.measure) for cols, ts in by_columns.items()
              for t in ts}
    spaced = {cols: fitted and any(len(lines) > 1 for t in ts for lines in bodies[id(t)])
              for cols, ts in by_columns.items()}
    headed: tuple[Column, ...] | None = None  # the columns whose header the reader last saw in this part
    for sec in sections:
        if sec.level == 1:
            headed = None
        page.blank()
        if sec.heading:
            heading = sec.heading if fitted or sec.level > 1 else f"== {sec.heading} =="
            page.para(heading, "title" if sec.level == 1 else "heading")
        for line in sec.lines:
            page.para(line, sec.tone)
        if sec.table is not None:
            layout = layouts[sec.table.columns]
            if headed != sec.table.columns:
                _header(page, layout, fitted)
                headed = sec.table.columns
            _rows(page, bodies[id(sec.table)], sec.table.tones, range(len(sec.table.rows)), spaced[sec.table.columns])
    _footer(page, [], list(layouts.values()))


def write_page(draw: str, value: Table | Sequence[Section], out: TextIO, *, terminal: bool, color: bool,
               width: int | None, wide: bool) -> None:
    """Draw a table or a document: fitted in a terminal or when a width is asked for, else plain text."""
    fitted = terminal or width is not None or wide
    if not fitted:
        page = Page(UNLIMITED, len)
        _draw(draw, value, page, fitted=False, wide=False)
        out.write("".join(text + "\n" for text, _ in page.lines))
        return
    console = make_console(out, color=color, terminal=terminal, width=width)
    page = Page(console.width, _measure(True))
    _draw(draw, value, page, fitted=True, wide=wide)
    _print(console, page.lines)


def _draw(draw: str, value: Table | Sequence[Section], page: Page, *, fitted: bool, wide: bool) -> None:
    if draw == "table":
        assert isinstance(value, Table)
        table_page(value, page, fitted=fitted, wide=wide)
    else:
        assert not isinstance(value, Table)
        document_page(value, page, fitted=fitted, wide=wide)


def write_lines(lines: Sequence[Line], out: TextIO, *, terminal: bool, color: bool, width: int | None) -> None:
    """Report lines (diff, summary, history, escalations): in a terminal or with a width, wrapped.

    A continuation is two spaces deeper than its line, four for an unindented line: never at the
    depth of the items under a heading (two) or of an item's details (diff: six).
    """
    if not terminal and width is None:
        out.write("".join(cell_text_line(text) + "\n" for text, _ in lines))
        return
    console = make_console(out, color=color, terminal=terminal, width=width)
    page = Page(console.width, _measure(True))
    for text, tone in lines:
        body = text.lstrip(" ")
        lead = " " * (len(text) - len(body))
        if not body:
            page.lines.append(("", None))
            continue
        page.para(body, tone, indent=lead, hang=lead + ("  " if lead else "    "))
    _print(console, page.lines)


def cell_text_line(text: str) -> str:
    """A report line for a pipe: printable, its leading indent kept."""
    body = text.lstrip(" ")
    return " " * (len(text) - len(body)) + cell_text(body)


def _print(console: Console, lines: Sequence[Line]) -> None:
    """Write the page through the console: its colour system, its no-colour rule, its file.

    The lines are already fitted and printable (cell_text), so each is written with its tone's
    escape codes, as Console.print would write one Text per line but without building any: 28,000
    overdue rows print in under a second, where console.print took 15 s and 400 MB.
    """
    from rich.console import COLOR_SYSTEMS

    system = COLOR_SYSTEMS.get(console.color_system or "")
    codes = {tone: _sgr(console, style_of(tone), system) for tone in {tone for _, tone in lines}}
    out = [f"\x1b[{codes[tone]}m{text}\x1b[0m" if codes[tone] and text else text for text, tone in lines]
    console.file.write("\n".join(out) + "\n")
    console.file.flush()


def _sgr(console: Console, name: str, system: ColorSystem | None) -> str:
    """The SGR parameters of a style on this console ("" for none, or not a terminal).

    Built here from the style's parts: rich's Style keeps the first escape codes it rendered
    whatever the colour system, so a process drawing for two terminals (the docs' pictures, the
    tests) would get the first one's colours.
    """
    if system is None or not name:
        return ""
    style = console.get_style(name)
    params = [code for code, on in (("1", style.bold), ("2", style.dim), ("3", style.italic), ("4", style.underline))
              if on]
    if style.color is not None and not console.no_color:
        params += style.color.downgrade(system).get_ansi_codes()
    return ";".join(params)
