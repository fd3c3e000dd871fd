"""Excel workbooks (.xlsx, .xlsm) as a SourceTable, read with openpyxl in read-only (streaming) mode.

Formulas are never evaluated: a formula cell gives the value the spreadsheet saved with it, and
one without a saved value is reported and left empty. Merged cells give their value to every
row they cover; hidden rows and columns are read like any other and named in the report.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from actiontrack.importing.limits import ImportRefused, check_archive, check_file
from actiontrack.importing.table import Cell, Remark, Row, SourceTable, clean, column_letter
from actiontrack.importing.xlsxlayout import Layout, read_layouts, workbook_sheets
from actiontrack.wording import did_you_mean, one_line

_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def read_xlsx(path: Path, file: str, sheet: str | None, usable: Callable[[SourceTable], bool]) -> SourceTable:
    """The sheet named `sheet`, else the first visible sheet that `usable` accepts (else the first one)."""
    check_file(path, file, "xlsx")
    check_archive(path, file, "xlsx")
    sheets = workbook_sheets(path, file)
    by_part = read_layouts(path, sheets, file)  # before openpyxl, which reads every sheet as it opens
    layouts = {s.name: by_part[s.part] for s in sheets}
    import openpyxl

    with warnings.catch_warnings():  # openpyxl warns on stderr about features it drops; we read values only
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # noqa: BLE001  # openpyxl raises many kinds on a damaged workbook
            raise ImportRefused(file, f"the workbook cannot be read ({type(exc).__name__}: {one_line(exc)[:120]})") \
                from None
        try:
            return _choose(file, book, layouts, sheet, usable)
        except ImportRefused:
            raise
        except Exception as exc:  # noqa: BLE001  # a value openpyxl chokes on mid-sheet: damaged, not a bug of ours
            raise ImportRefused(file, f"the workbook cannot be read ({type(exc).__name__}: {one_line(exc)[:120]})") \
                from None
        finally:
            book.close()


def _choose(file: str, book: Any, layouts: dict[str, Layout], name: str | None,
            usable: Callable[[SourceTable], bool]) -> SourceTable:
    sheets = [ws for ws in book.worksheets if ws.title in layouts]
    titles = [ws.title for ws in sheets]
    if not sheets:
        raise ImportRefused(file, "the workbook has no worksheet")
    if name is not None:
        matches = [ws for ws in sheets if ws.title == name] or [ws for ws in sheets if ws.title.lower() == name.lower()]
        if not matches:
            raise ImportRefused(file, f"it has no sheet '{one_line(name)}'{did_you_mean(name, titles)} "
                                f"(sheets: {_names(titles)})")
        return _read_sheet(file, book, matches[0], layouts[matches[0].title], titles)
    visible = [ws for ws in sheets if ws.sheet_state == "visible"] or sheets
    first: SourceTable | None = None
    for ws in visible:
        table = _read_sheet(file, book, ws, layouts[ws.title], titles)
        if usable(table):
            return table
        first = first or table
    assert first is not None
    return first


def _names(titles: list[str]) -> str:
    return ", ".join(f"'{one_line(t)}'" for t in titles)


def _read_sheet(file: str, book: Any, ws: Any, layout: Layout, titles: list[str]) -> SourceTable:
    grid: list[list[Cell]] = []
    unreadable: list[Remark] = []
    formulas = 0
    if layout.last_row:
        ws.reset_dimensions()  # a sheet's stated dimensions can be wrong; read what is there
        for r, row in enumerate(ws.iter_rows(max_row=layout.last_row), start=1):
            cells = []
            for c, cell in enumerate(row, start=1):
                where = f"{column_letter(c - 1)}{r}"
                saved = layout.formulas.get((r, c))
                if saved is False:
                    unreadable.append(Remark(where, "a formula with no saved value (the file was never recalculated "
                                                    "by a spreadsheet): left empty"))
                formulas += saved is True
                cells.append(_cell(cell, where, unreadable))
            grid.append(cells)
    rows = _rows(grid, layout)
    facts = [f"sheet '{one_line(ws.title)}' is hidden in the workbook"] if ws.sheet_state != "visible" else []
    if formulas:
        facts.append(f"{formulas} formula {'cell' if formulas == 1 else 'cells'}: the values the spreadsheet saved "
                     "were read; formulas are never run")
    others = [t for t in titles if t != ws.title]
    if others:
        facts.append(f"other sheets not read: {_names(others)} (choose one with --sheet NAME)")
    props = book.properties
    width = max((len(r) for r in grid), default=0)
    return SourceTable(
        file, "xlsx", f"sheet '{one_line(ws.title)}'", tuple(column_letter(i) for i in range(width)), tuple(rows),
        hidden_columns=frozenset(c - 1 for c in layout.hidden_columns if c <= width),
        title=clean(props.title) if isinstance(props.title, str) and props.title.strip() else None,
        created=_day(props.created), saved=_day(props.modified), unreadable=tuple(unreadable), facts=tuple(facts),
    )


def _cell(cell: Any, where: str, unreadable: list[Remark]) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        return Cell("", where)
    if cell.data_type == "e":
        unreadable.append(Remark(where, f"the error value {one_line(value)[:20]}: left empty"))
        return Cell("", where)
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if _shows_day(cell.number_format):
            return Cell(day.isoformat(), where, date=day)
        return Cell(f"{calendar.month_name[day.month]} {day.year}", where, date=day, day_shown=False)
    if isinstance(value, bool):
        return Cell("TRUE" if value else "FALSE", where)
    if isinstance(value, float):
        return Cell(_number(value, cell.number_format), where)
    return Cell(clean(str(value)), where)


def _shows_day(number_format: str) -> bool:
    return "d" in _FORMAT_NOISE.sub("", str(number_format).lower())


def _number(value: float, number_format: str) -> str:
    # A recommendation number typed as 6.10 is the float 6.1: its format ("0.00") keeps the zero.
    decimals = re.search(r"0\.(0+)", str(number_format))
    if decimals:
        return f"{value:.{len(decimals.group(1))}f}"
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _rows(grid: list[list[Cell]], layout: Layout) -> list[Row]:
    """Rows with merged ranges filled in: down a column each row takes the value, across it is one cell."""
    width = max((len(r) for r in grid), default=0)
    for r, row in enumerate(grid, start=1):  # every row as wide as the widest, each cell with its address
        row.extend(Cell("", f"{column_letter(c)}{r}") for c in range(len(row), width))
    used = [c for c in range(width) if any(not row[c].empty for row in grid)]
    spanning: set[int] = set()
    for r1, c1, r2, c2 in layout.merges:
        if r1 > len(grid) or c1 > width:
            continue
        ref = f"{column_letter(c1 - 1)}{r1}:{column_letter(c2 - 1)}{r2}"
        origin = grid[r1 - 1][c1 - 1]
        for r in range(r1, min(r2, len(grid)) + 1):
            for c in range(c1, min(c2, width) + 1):
                here = grid[r - 1][c - 1]
                copied = (r, c) != (r1, c1)
                if c == c1:  # down the first column every row takes the value
                    grid[r - 1][c - 1] = Cell(origin.text, here.where, origin.levels, ref, origin.date,
                                              origin.day_shown, copied)
                else:
                    grid[r - 1][c - 1] = Cell("", here.where, merged=ref, copied=True)
        if used and c1 - 1 <= used[0] and c2 - 1 >= used[-1] and c2 > c1:
            spanning.update(range(r1, r2 + 1))
    return [Row(tuple(row), f"row {r}", r in layout.hidden_rows, r in spanning)
            for r, row in enumerate(grid, start=1) if any(not c.empty for c in row)]
