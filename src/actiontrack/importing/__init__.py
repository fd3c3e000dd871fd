"""Bringing existing plans in: Excel, CSV and Word tables read into one table value, then drafted as a plan.

This package sits where `load` does: it reads outside data and imports only the base modules,
`load` and `validate`; it alone imports openpyxl and python-docx, and only inside the functions
that read those files, so that start-up never pays for them.

- readers: `xlsx` (with `xlsxlayout`), `csvread`, `docx`, each making a `table.SourceTable`;
  `limits` refuses oversized, encrypted, legacy and zip-bomb files first.
- mapping: `columns` (the header and the synonym table), `lines` (multi-line cells), `progress`
  (dates and statuses in words), `actions` and `walk` (rows to recommendations and actions),
  `plan` (the plan's own fields), giving a `draft.Draft` and a `report.ImportReport`.

The edit stage writes the draft (edit/importplan.py): text, read back, validated, then written.
"""

from __future__ import annotations

from pathlib import Path

from actiontrack.errors import UsageError
from actiontrack.importing.columns import find_header, parse_maps
from actiontrack.importing.draft import ImportOptions
from actiontrack.importing.limits import ImportRefused, check_file
from actiontrack.importing.table import SourceTable

SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".docx": "docx"}
_OTHER = {".xls": "an old Excel file: save it as .xlsx", ".doc": "an old Word file: save it as .docx",
          ".ods": "a LibreOffice sheet: save it as .xlsx or CSV", ".odt": "a LibreOffice document: save it as .docx",
          ".pdf": "a PDF: open the source document and save its table as .docx, .xlsx or CSV"}


def read_table(path: Path, file: str, options: ImportOptions) -> SourceTable:
    """The table `options` point at (a sheet, a Word table) in the file at `path`; `file` names it in messages."""
    suffix = path.suffix.lower()
    kind = SUFFIXES.get(suffix)
    if kind is None:
        why = _OTHER.get(suffix, f"import reads .xlsx, .csv and .docx files, not '{suffix or 'no extension'}'")
        raise ImportRefused(file, f"it is {why}" if suffix in _OTHER else why)
    if options.sheet is not None and kind != "xlsx":
        raise UsageError("--sheet chooses a sheet of a workbook (.xlsx); this file has none")
    if options.table is not None and kind != "docx":
        raise UsageError("--table chooses a table of a Word document (.docx); this file has none")
    maps = parse_maps(options.maps)
    if kind == "xlsx":
        from actiontrack.importing.xlsx import read_xlsx

        return read_xlsx(path, file, options.sheet, lambda t: _plan_sheet(t, maps))
    if kind == "docx":
        from actiontrack.importing.docx import read_docx

        return read_docx(path, file, options.table, lambda t: find_header(t, maps))
    from actiontrack.importing.csvread import read_csv

    check_file(path, file, "csv")
    return read_csv(path, file)


def _plan_sheet(table: SourceTable, maps: list[tuple[str, str]]) -> bool:
    """Whether a sheet holds a plan's table: a header row, and not the summary of an actiontrack workbook."""
    from actiontrack.importing.tracker import is_other_sheet

    header = find_header(table, maps)
    return header is not None and not is_other_sheet([c.text for c in table.rows[header].cells])


__all__ = ["ImportOptions", "ImportRefused", "SourceTable", "read_table"]
