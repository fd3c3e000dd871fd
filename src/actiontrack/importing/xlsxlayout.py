"""What openpyxl's read-only mode does not give: the sheets' parts, merged cells, hidden rows and
columns, formula cells; and the limits, enforced before openpyxl opens the workbook.

openpyxl reads every sheet once when it opens a workbook (to find its size when the sheet does
not state one), so every sheet is streamed here first (the standard library's expat parser: no
external entities, no entity expansion beyond its built-in limits) and a sheet past the row,
cell or element limits stops the import before openpyxl sees it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from actiontrack.importing.limits import (
    MAX_CELLS,
    MAX_ROWS,
    MAX_SHEET_ROW,
    ImportRefused,
    too_many_cells,
    too_many_rows,
)

_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})\Z")
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# Elements of every kind across the workbook's sheets: what bounds openpyxl's own first pass. A
# 10,000-row plan of ten columns has about 200,000.
MAX_ELEMENTS = 600_000
_MAX_COLUMN = 16_384  # XFD, Excel's last column
# Cells without a value (formatting only) cost little, but openpyxl still makes an object of each.
_MAX_ANY_CELLS = 4 * MAX_CELLS


@dataclass
class Layout:
    """The sheet's structure: 1-based rows and columns, as the XML gives them."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row, last col)
    formulas: dict[tuple[int, int], bool] = field(default_factory=dict)  # (row, col) -> has a saved value
    last_row: int = 0  # the last row holding a value


@dataclass(frozen=True, slots=True)
class Sheet:
    """A worksheet as the workbook lists it: its name, its part in the archive, whether it is hidden."""

    name: str
    part: str
    hidden: bool


def workbook_sheets(path: Path, file: str) -> list[Sheet]:
    """The worksheets in workbook order, from xl/workbook.xml and its relationships."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = ET.fromstring(archive.read("xl/workbook.xml"))
            rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            names = set(archive.namelist())
    except (KeyError, ET.ParseError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportRefused(file, f"it is not a workbook actiontrack can read ({exc})") from None
    targets = {r.get("Id"): (r.get("Target") or "", r.get("Type") or "") for r in rels}
    sheets = []
    for el in book.iter():
        if el.tag.rpartition("}")[2] != "sheet":
            continue
        target, kind = targets.get(el.get(_REL), ("", ""))
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if kind.endswith("/worksheet") and part in names:
            sheets.append(Sheet(el.get("name") or "", part, el.get("state") in ("hidden", "veryHidden")))
    return sheets


def cell_ref(ref: str) -> tuple[int, int] | None:
    """(row, column), 1-based, of an A1-style reference; None when it is not one."""
    m = _REF.match(ref.replace("$", ""))
    if m is None:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def read_layouts(path: Path, sheets: list[Sheet], file: str) -> dict[str, Layout]:
    """Every sheet's layout, by part; a sheet past a limit stops the import as soon as it is seen."""
    budget = [MAX_ELEMENTS]
    return {s.part: read_layout(path, s, file, budget) for s in sheets}


def read_layout(path: Path, sheet: Sheet, file: str, budget: list[int]) -> Layout:
    """Stream one sheet part; `budget` holds the elements the workbook's sheets may still have."""
    layout = Layout()
    rows = cells = any_cells = 0
    part = sheet.part
    file = f"{file}, sheet '{sheet.name}'"  # the refusals below name the sheet
    row_no = 0
    row_has_value = False
    sheet_data: ET.Element | None = None
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part) as src:
            for event, el in ET.iterparse(src, events=("start", "end")):
                local = el.tag.rpartition("}")[2]
                if event == "start":
                    budget[0] -= 1
                    if budget[0] < 0:
                        raise ImportRefused(file, f"the workbook's sheets hold more than {MAX_ELEMENTS:,} XML "
                                            "elements: far more than an action plan")
                    if local == "row":
                        row_no = _row_number(el.get("r"), row_no, file)
                        row_has_value = False
                        if el.get("hidden") in ("1", "true"):
                            layout.hidden_rows.add(row_no)
                    elif local == "sheetData":
                        sheet_data = el
                    continue
                if local == "c":
                    any_cells += 1
                    if any_cells > _MAX_ANY_CELLS:
                        raise too_many_cells(file)
                    # openpyxl writes a formula's missing value as an empty <v/>: no value either.
                    has_value = any(child.tag.rpartition("}")[2] == "is" or
                                    (child.tag.rpartition("}")[2] == "v" and (child.text or "") != "") for child in el)
                    if any(child.tag.rpartition("}")[2] == "f" for child in el):
                        ref = cell_ref(el.get("r") or "")
                        if ref is not None:
                            layout.formulas[ref] = has_value
                    if has_value:
                        cells += 1
                        row_has_value = True
                        if cells > MAX_CELLS:
                            raise too_many_cells(file)
                    el.clear()
                elif local == "row":
                    if row_has_value:
                        rows += 1
                        layout.last_row = row_no
                        if rows > MAX_ROWS:
                            raise too_many_rows(file)
                    el.clear()
                    if sheet_data is not None:
                        sheet_data.remove(el)  # keep memory flat: nothing of a read row is needed again
                elif local == "col":
                    _hidden_columns(el, layout)
                elif local == "mergeCell":
                    merge = _range(el.get("ref") or "")
                    if merge is not None:
                        layout.merges.append(merge)
                        if len(layout.merges) > MAX_CELLS:
                            raise too_many_cells(file)
    except (ET.ParseError, zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise ImportRefused(file, f"the sheet's XML is damaged ({exc})") from None
    return layout


def _row_number(r: str | None, previous: int, file: str) -> int:
    try:
        number = int(r) if r is not None else previous + 1
    except ValueError:
        raise ImportRefused(file, f"the sheet's XML is damaged (row number '{r[:20] if r else ''}')") from None
    if not 1 <= number <= MAX_SHEET_ROW:
        raise ImportRefused(file, f"the sheet's XML is damaged (row {number:,} is outside a spreadsheet)")
    return number


def _hidden_columns(el: ET.Element, layout: Layout) -> None:
    if el.get("hidden") not in ("1", "true"):
        return
    try:
        first, last = int(el.get("min") or 0), int(el.get("max") or 0)
    except ValueError:
        return
    layout.hidden_columns.update(range(max(first, 1), min(last, _MAX_COLUMN) + 1))


def _range(ref: str) -> tuple[int, int, int, int] | None:
    first, _, last = ref.partition(":")
    a, b = cell_ref(first), cell_ref(last or first)
    if a is None or b is None:
        return None
    return min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])
