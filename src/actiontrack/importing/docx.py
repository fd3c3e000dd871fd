"""Word tables (.docx) as a SourceTable, read with python-docx.

A cell's paragraphs are its lines, each with its list level (numbering level, or the digit of a
"List Bullet 2" style), so that sub-bullets can be told from actions. A cell merged across
columns counts once; a cell merged down gives its value to every row it covers. Tables that
continue the chosen one (the same columns, split by a page or section break, with the header
repeated or not) are joined to it, and short paragraphs between them become heading rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from actiontrack.importing.limits import (
    MAX_CELLS,
    MAX_ROWS,
    ImportRefused,
    check_archive,
    check_file,
    too_many_cells,
    too_many_rows,
)
from actiontrack.importing.table import Cell, Row, SourceTable, clean
from actiontrack.wording import one_line

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LIST_STYLE = re.compile(r"List.*?(\d)\Z")
_HEADING_MAX = 100  # characters: a paragraph between two tables longer than this is prose, not a heading

FindHeader = Callable[[SourceTable], "int | None"]


def read_docx(path: Path, file: str, number: int | None, find_header: FindHeader) -> SourceTable:
    """Table `number` (1-based) and the tables that continue it; by default the first with a header row."""
    check_file(path, file, "docx")
    check_archive(path, file, "docx")
    import docx

    try:
        document = docx.Document(str(path))
        blocks = list(_blocks(document.element.body))
    except Exception as exc:  # noqa: BLE001  # python-docx and lxml raise many kinds on a damaged file
        raise ImportRefused(file, f"the document cannot be read ({type(exc).__name__}: {one_line(exc)[:120]})") \
            from None
    tables = [i for i, (kind, _) in enumerate(blocks) if kind == "tbl"]
    if not tables:
        raise ImportRefused(file, "the document has no table: import reads a plan from a table "
                            "(in Word, Insert > Table), a sheet or a CSV file")
    if number is not None and not 1 <= number <= len(tables):
        raise ImportRefused(file, f"it has {len(tables)} {'table' if len(tables) == 1 else 'tables'}: "
                            f"--table takes 1 to {len(tables)}")
    counter = _Limits(file)
    grids = {n: _grid(blocks[i][1], n, counter) for n, i in enumerate(tables, start=1)}
    start = number or next((n for n, g in grids.items() if find_header(_table(file, g, n)) is not None), 1)
    rows, facts = list(grids[start]), []
    header = find_header(_table(file, grids[start], start))
    header_texts = _texts(rows[header]) if header is not None and header < len(rows) else None
    joined = []
    for n in range(start + 1, len(tables) + 1):
        between = [text for kind, text in blocks[tables[n - 2] + 1:tables[n - 1]] if kind == "p" and text]
        nxt = grids[n]
        if not nxt or len(nxt[0].cells) != len(rows[0].cells) or any(len(t) > _HEADING_MAX for t in between):
            break
        own = find_header(_table(file, nxt, n))
        if own is not None and _texts(nxt[own]) != header_texts:
            break  # a table with a header of its own: another table, not this one continued
        rows += [_heading(text, n, len(rows[0].cells)) for text in between]
        rows += [r for i, r in enumerate(nxt) if not (own is not None and i == own)]
        joined.append(n)
    if joined:
        facts.append(f"{_plural_tables(joined)} {'continues' if len(joined) == 1 else 'continue'} table {start}")
    others = len(tables) - 1 - len(joined)
    if others:
        facts.append(f"{others} other {'table' if others == 1 else 'tables'} not read (choose one with --table N)")
    leading = tuple(text for kind, text in blocks[:tables[start - 1]] if kind == "p" and text)
    props = document.core_properties
    return SourceTable(
        file, "docx", f"table {start}", tuple(str(i + 1) for i in range(len(rows[0].cells) if rows else 0)),
        tuple(rows), title=clean(props.title) if props.title and props.title.strip() else None,
        created=_day(props.created), saved=_day(props.modified), facts=tuple(facts), leading=leading,
    )


def _plural_tables(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"table {numbers[0]}"
    return f"tables {numbers[0]}-{numbers[-1]}" if numbers == list(range(numbers[0], numbers[-1] + 1)) \
        else "tables " + ", ".join(map(str, numbers))


def _table(file: str, rows: list[Row], number: int) -> SourceTable:
    width = len(rows[0].cells) if rows else 0
    return SourceTable(file, "docx", f"table {number}", tuple(str(i + 1) for i in range(width)), tuple(rows))


def _texts(row: Row) -> list[str]:
    return [" ".join(c.text.lower().split()) for c in row.cells]


def _heading(text: str, table: int, width: int) -> Row:
    where = f"the paragraph before table {table}"
    return Row((Cell(text, where), *(Cell("", where) for _ in range(width - 1))), where, spans=True)


def _day(value: object) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else None


def _blocks(body: Any) -> Iterator[tuple[str, Any]]:
    """The body's paragraphs (as text) and tables, in document order, content controls opened."""
    for child in body.iterchildren():
        if child.tag == _W + "p":
            yield "p", clean(" ".join(line for line, _ in _lines(child)))
        elif child.tag == _W + "tbl":
            yield "tbl", child
        elif child.tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                yield from _blocks(content)


class _Limits:
    """Counts rows and cells holding a value across every table of the document."""

    def __init__(self, file: str) -> None:
        self.file, self.rows, self.cells = file, 0, 0

    def add(self, row: list[Cell]) -> None:
        filled = sum(1 for c in row if not c.empty)
        if filled:
            self.rows += 1
            self.cells += filled
            if self.rows > MAX_ROWS:
                raise too_many_rows(self.file)
            if self.cells > MAX_CELLS:
                raise too_many_cells(self.file)


def _grid(tbl: Any, number: int, limits: _Limits) -> list[Row]:
    """One table as rows of grid cells: a cell spanning columns counts once, one merged down repeats."""
    width = sum(1 for _ in tbl.iterfind(f"{_W}tblGrid/{_W}gridCol")) or 1
    above: dict[int, Cell] = {}  # per grid column, the cell a vertical merge continues
    rows: list[Row] = []
    for r, tr in enumerate(tbl.iterfind(_W + "tr"), start=1):
        col = _int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        cells = [Cell("", f"table {number}, row {r}, cell {c + 1}") for c in range(min(col, width))]
        spans = False
        for tc in tr.iterfind(_W + "tc"):
            span = max(_int(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1), 1)
            where = f"table {number}, row {r}, cell {col + 1}"
            vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
            state = None if vmerge is None else (vmerge.get(_W + "val") or "continue")
            if state == "continue" and col in above:
                origin = above[col]
                cell = Cell(origin.text, where, origin.levels, origin.merged, copied=True)
            else:
                text, levels = _cell_text(tc)
                merged = f"{where}, merged {'down' if state == 'restart' else 'across'}" \
                    if span > 1 or state == "restart" else None
                cell = Cell(text, where, levels, merged)
                if state == "restart":
                    above[col] = cell
                else:
                    above.pop(col, None)
            spans = spans or span >= width > 1
            cells.append(cell)
            cells += [Cell("", f"table {number}, row {r}, cell {col + k + 1}", merged=cell.merged, copied=True)
                      for k in range(1, span)]
            col += span
        cells = cells[:width] + [Cell("", f"table {number}, row {r}, cell {c + 1}") for c in range(len(cells), width)]
        limits.add(cells)
        row = Row(tuple(cells), f"table {number}, row {r}", spans=spans)
        if not row.empty:
            rows.append(row)
    return rows


def _int(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_W + "val"))
    except (TypeError, ValueError):
        return default


def _cell_text(tc: Any) -> tuple[str, tuple[int, ...]]:
    """A cell's lines (one per paragraph or line break) and each line's list level."""
    lines: list[str] = []
    levels: list[int] = []
    for el in tc.iterchildren():
        if el.tag == _W + "p":
            for line, level in _lines(el):
                lines.append(line)
                levels.append(level)
        elif el.tag == _W + "tbl":  # a table inside a cell: its rows become lines, cells joined by " | "
            for tr in el.iterfind(_W + "tr"):
                parts = [" ".join(t for p in inner.iterfind(_W + "p") for t, _ in _lines(p))
                         for inner in tr.iterfind(_W + "tc")]
                lines.append(" | ".join(p for p in parts if p))
                levels.append(0)
    text = clean("\n".join(lines))
    # clean() may drop blank lines at the ends: keep the levels of the lines that stay.
    kept = [(line.rstrip(), lv) for line, lv in zip(lines, levels)]
    while kept and not kept[0][0].strip():
        kept.pop(0)
    while kept and not kept[-1][0].strip():
        kept.pop()
    return text, tuple(lv for _, lv in kept) if len(kept) == text.count("\n") + 1 else ()


def _lines(p: Any) -> list[tuple[str, int]]:
    """A paragraph's text split at its line breaks, with the paragraph's list level."""
    parts: list[str] = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if el.tag == _W + "t":
            parts.append(el.text or "")
        elif el.tag == _W + "tab":
            parts.append(" ")
        else:
            parts.append("\n")
    level = _level(p)
    return [(line, level) for line in "".join(parts).split("\n")]


def _level(p: Any) -> int:
    ilvl = p.find(f"{_W}pPr/{_W}numPr/{_W}ilvl")
    level = _int(ilvl, 0)
    style = p.find(f"{_W}pPr/{_W}pStyle")
    if style is not None:
        m = _LIST_STYLE.search(style.get(_W + "val") or "")
        if m:
            level = max(level, int(m.group(1)) - 1)
    return level
