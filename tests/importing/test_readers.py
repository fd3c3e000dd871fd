"""The readers: every file becomes the same table value, cells with their addresses and what the file said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actiontrack.importing import ImportOptions, read_table
from actiontrack.importing.limits import ImportRefused
from actiontrack.importing.table import SourceTable

OPTIONS = ImportOptions(organisation="Example")


def texts(table: SourceTable) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


@pytest.mark.parametrize(("data", "fact"), [
    ("\ufeffRec;Action\r\n1;Café visit\r\n".encode(), "read as UTF-8 (with a byte-order mark), fields separated by "
                                                      "semicolons (the most consistent split)"),
    ("Rec\tAction\n1\tCafé visit\n".encode("utf-16"), "read as UTF-16, fields separated by tabs (the most "
                                                     "consistent split)"),
    ("Rec;Action\n1;Café visit\n".encode("cp1252"), "read as Windows-1252 (it is not valid UTF-8), fields "
                                                    "separated by semicolons (the most consistent split)"),
    (b"sep=,\nRec,Action\n1,Caf\xc3\xa9 visit\n", "read as UTF-8, fields separated by commas (sep=)"),
])
def test_csv_encoding_and_delimiter_are_found_and_said(tmp_path: Path, data: bytes, fact: str) -> None:
    (tmp_path / "plan.csv").write_bytes(data)
    table = read_table(tmp_path / "plan.csv", "plan.csv", OPTIONS)
    assert texts(table) == [["Rec", "Action"], ["1", "Café visit"]]
    assert table.facts == (fact,)
    assert [c.where for c in table.rows[1].cells] == ["A2", "B2"]


def test_csv_quoted_lines_commas_and_blank_records(tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text('Rec,Action,Lead\n1,"Draft it, then\nsign it",SM\n,,\n2,Check it,LM\n',
                                       encoding="utf-8")
    table = read_table(tmp_path / "plan.csv", "plan.csv", OPTIONS)
    assert texts(table) == [["Rec", "Action", "Lead"], ["1", "Draft it, then\nsign it", "SM"], ["2", "Check it", "LM"]]
    assert [r.where for r in table.rows] == ["row 1", "row 2", "row 4"]  # the blank record keeps its number


def test_csv_that_is_no_known_text(tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_bytes(b"Rec,Action\n1,\x81\x8d\n")
    with pytest.raises(ImportRefused, match="neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8"):
        read_table(tmp_path / "plan.csv", "plan.csv", OPTIONS)


def _workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["No", "Recommendation", "Action", "Due", "Lead", "Error"])
    sheet.append([6.1, "Merged down", "One", dt.datetime(2013, 3, 31), "Lead A", None])
    sheet.append([None, None, "Two", dt.datetime(2013, 4, 1), None, None])
    sheet.append(["Heading across", None, None, None, None, None])
    sheet["A2"].number_format = "0.00"
    sheet["D3"].number_format = "mmm-yy"
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("E2:E3")
    sheet.merge_cells("A4:F4")
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["F"].hidden = True
    hidden = book.create_sheet("Old plan")
    hidden.sheet_state = "hidden"
    book.save(path)
    return path


def test_xlsx_merged_hidden_dates_and_numbers(tmp_path: Path) -> None:
    table = read_table(_workbook(tmp_path / "plan.xlsx"), "plan.xlsx", OPTIONS)
    assert table.name == "sheet 'Plan'"
    assert texts(table) == [
        ["No", "Recommendation", "Action", "Due", "Lead", "Error"],
        ["6.10", "Merged down", "One", "2013-03-31", "Lead A", ""],
        ["", "Merged down", "Two", "April 2013", "Lead A", ""],
        ["Heading across", "", "", "", "", ""],
    ]
    b2, b3 = table.rows[1].cells[1], table.rows[2].cells[1]
    assert (b2.merged, b2.copied, b3.merged, b3.copied) == ("B2:B3", False, "B2:B3", True)
    assert [r.hidden for r in table.rows] == [False, False, True, False]
    assert [r.spans for r in table.rows] == [False, False, False, True]
    assert table.hidden_columns == frozenset({5})
    due, month = table.rows[1].cells[3], table.rows[2].cells[3]
    assert (due.date, due.day_shown, month.date, month.day_shown) == (dt.date(2013, 3, 31), True,
                                                                      dt.date(2013, 4, 1), False)
    assert table.facts == ("other sheets not read: 'Old plan' (choose one with --sheet NAME)",)


def test_xlsx_sheet_by_name(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "plan.xlsx")
    with pytest.raises(ImportRefused, match=r"it has no sheet 'Plam': did you mean 'Plan'\? \(sheets: 'Plan', "
                                            r"'Old plan'\)"):
        read_table(path, "plan.xlsx", ImportOptions(organisation="Example", sheet="Plam"))
    hidden = read_table(path, "plan.xlsx", ImportOptions(organisation="Example", sheet="old plan"))
    assert hidden.facts[0] == "sheet 'Old plan' is hidden in the workbook"


def _document(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Title above")
    first = document.add_table(rows=3, cols=3)
    for cell, text in zip(first.rows[0].cells, ["Rec", "Action", "Lead"]):
        cell.text = text
    merged = first.cell(1, 0).merge(first.cell(2, 0))
    merged.text = "Down"
    actions = first.cell(1, 1)
    actions.text = "Parent"
    actions.add_paragraph("Child", style="List Bullet 2")
    first.cell(1, 2).text = "A"
    first.cell(2, 1).text = "Next"
    first.cell(2, 2).text = "B"
    document.add_paragraph("AGENCY TWO")
    second = document.add_table(rows=2, cols=3)
    for cell, text in zip(second.rows[0].cells, ["Rec", "Action", "Lead"]):
        cell.text = text
    for cell, text in zip(second.rows[1].cells, ["Later", "Do", "C"]):
        cell.text = text
    document.add_paragraph("A paragraph long enough to be prose rather than a heading between two tables, "
                           "which stops the joining of tables here.")
    third = document.add_table(rows=1, cols=3)
    third.rows[0].cells[0].text = "Other"
    document.save(path)
    return path


def test_docx_merges_levels_and_tables_joined(tmp_path: Path) -> None:
    table = read_table(_document(tmp_path / "plan.docx"), "plan.docx", OPTIONS)
    assert texts(table) == [["Rec", "Action", "Lead"], ["Down", "Parent\nChild", "A"], ["Down", "Next", "B"],
                            ["AGENCY TWO", "", ""], ["Later", "Do", "C"]]
    assert table.rows[1].cells[1].levels == (0, 1)
    assert (table.rows[1].cells[0].copied, table.rows[2].cells[0].copied) == (False, True)
    assert [r.where for r in table.rows] == ["table 1, row 1", "table 1, row 2", "table 1, row 3",
                                             "the paragraph before table 2", "table 2, row 2"]
    assert table.rows[3].spans
    assert table.facts == ("table 2 continues table 1", "1 other table not read (choose one with --table N)")
    assert table.leading == ("Title above",)


def test_docx_table_number_out_of_range(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="it has 3 tables: --table takes 1 to 3"):
        read_table(_document(tmp_path / "plan.docx"), "plan.docx", ImportOptions(organisation="Example", table=4))


def test_a_named_pipe_or_a_folder_is_refused_unread(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "plan.csv")  # opened for reading, it would wait for a writer for ever
    with pytest.raises(ImportRefused, match=r"^cannot import plan.csv: it is a named pipe \(FIFO\): give the "
                                            r"spreadsheet, document or CSV file itself; nothing was read from it$"):
        read_table(tmp_path / "plan.csv", "plan.csv", OPTIONS)
    (tmp_path / "plan.xlsx").mkdir()
    with pytest.raises(ImportRefused, match=r"^cannot import plan.xlsx: it is a folder: "):
        read_table(tmp_path / "plan.xlsx", "plan.xlsx", OPTIONS)
