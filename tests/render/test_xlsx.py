"""The RAG tracker workbook read back with openpyxl: typed cells, no formulas ever, frozen headers, filters, fills."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from actiontrack.query.workbook import sheet_names, workbook
from actiontrack.render.xlsx import CELL_MAX, render_workbook

from hostile_plans import AT_SUM, FORMULAS, HYPERLINK
from support import DATA, load_bytes, load_plans

AS_OF = date(2026, 11, 20)
def read(book_bytes: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(book_bytes))


def hostile_bytes() -> bytes:
    plan = load_bytes(FORMULAS.encode(), "plans/formula-plan.yaml", positions=False).plan
    assert plan is not None
    return render_workbook(workbook([plan], AS_OF, []))


def test_text_is_always_text_never_a_formula() -> None:
    data = hostile_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in z.read(n) and b"<f " not in z.read(n) for n in sheets)
    wb = read(data)
    ws = wb["formula-plan"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2])}
    expected = {"Rec": "1", "Recommendation": "#N/A", "Action": "1.1", "Action text": HYPERLINK,
                "Owners": "+cmd|' /C calc'!A0; AM (=cmd|'/C calc'!A0)", "Wording": "=TODAY()",
                "Latest note": f"2026-10-20 =A1: {AT_SUM}", "Monitoring": "@SUM(A1:A9)"}
    for title, value in expected.items():
        assert (row[title].value, row[title].data_type) == (value, "s"), title
    # Each of those would be read as a formula when edited in Excel or Calc: the quote prefix keeps it text.
    assert all(row[t].quotePrefix for t in ("Action text", "Owners", "Wording", "Monitoring"))
    assert not row["Rec"].quotePrefix and not row["Recommendation"].quotePrefix
    summary = {c.value: c for r in wb["Summary"].iter_rows() for c in r if c.value is not None}
    assert summary["=1+1"].data_type == "s" and summary["-2+3"].data_type == "s"


def test_control_characters_and_overlong_text_are_shown_not_dropped() -> None:
    ws = read(hostile_bytes())["formula-plan"]
    assert ws["D3"].value == "Bell\ufffd and a very long note"
    note = ws["N3"].value
    assert len(note) == CELL_MAX and note.startswith("2026-10-21 AM: xxx")
    assert note.endswith(" … (cut: 7,308 more characters; the plan file has all of it)")


def test_plan_sheets_have_real_dates_numbers_a_frozen_header_a_filter_and_state_fills() -> None:
    plans, _ = load_plans([DATA / "boards"], positions=False)
    wb = read(render_workbook(workbook(plans, AS_OF, [])))
    assert wb.sheetnames == ["Summary", "By agency", "board-plan", "second-plan"]
    ws = wb["board-plan"]
    assert [c.value for c in ws[1]] == ["Rec", "Recommendation", "Action", "Action text", "Owners", "Agency or group",
                                        "Due", "Wording", "Baseline", "Slip (days)", "Status", "State",
                                        "Days overdue", "Latest note", "Monitoring", "Owner's rating",
                                        "Completed on", "Days late"]
    assert (ws.freeze_panes, ws.auto_filter.ref) == ("A2", "A1:R9")
    first = [c.value for c in ws[2]]
    assert first == ["1", "Take family histories.", "1.1", "Issue guidance.", "AM (Alex Morgan)",
                     "Children's Social Care", datetime(2026, 10, 15), None, datetime(2026, 10, 15), 0,
                     "in-progress", "overdue", 36, "2026-10-01 AM: Drafted.", "Audit of files", None, None, None]
    assert ws["G2"].number_format == "yyyy-mm-dd" and ws["G2"].is_date
    assert (ws["L2"].fill.fgColor.rgb, ws["L2"].font.color.rgb) == ("00c62828", "00ffffff")
    moved = [c.value for c in ws[5]]
    assert moved[2] == "2.1" and moved[6:10] == [datetime(2026, 12, 31), None, datetime(2026, 11, 15), 46]
    # A done action keeps its target date; its state needs none.
    assert ws["C4"].value == "1.3" and ws["G4"].value == datetime(2026, 11, 30) and ws["L4"].value == "completed"
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths["C"] == 8 and widths["G"] == 12 and widths["D"] == 24 and widths["B"] == 38


def test_summary_counts_by_plan_and_state_with_a_key_and_by_agency() -> None:
    plans, _ = load_plans([DATA / "boards"], positions=False)
    wb = read(render_workbook(workbook(plans, AS_OF, [])))
    rows = [[c.value for c in r] for r in wb["Summary"].iter_rows()]
    assert rows[0][0] == "Action plans: RAG tracker"
    assert rows[1][0] == ("Each action's state on 2026-11-20: 2 plans, 9 actions; one sheet per plan, and the counts "
                          "by agency or group on the sheet 'By agency'. Made by actiontrack 0.1.0.")
    assert rows[3][:10] == ["Key", "Overdue", "Due soon", "On track", "No date", "Not reported", "Completed",
                            "Embedded", "Closed", "Dropped"]
    assert rows[6][0] == "By plan"
    assert rows[7] == ["Sheet", "Plan", "Title", "Organisation", "Actions", "Overdue", "Due soon", "On track",
                       "No date", "Not reported", "Completed", "Embedded", "Closed", "Dropped", "File"]
    assert rows[8][:14] == ["board-plan", "board-plan", "Board test plan", "Example Partnership", 8, 2, 1, 2, 0, 0, 1,
                            1, 0, 1]
    assert rows[8][14].endswith("boards/board-plan.yaml")
    assert wb["Summary"].freeze_panes == "A9" and wb["Summary"].auto_filter.ref == "A8:O10"
    assert wb["Summary"]["B4"].fill.fgColor.rgb == "00c62828"
    agencies = [[c.value for c in r] for r in wb["By agency"].iter_rows()]
    assert agencies[1][:4] == ["Agency or group", "Plans", "Actions", "Overdue"]
    assert agencies[2] == ["Example NHS Trust", "board-plan; second-plan", 4, 2, 0, 2, 0, 0, 0, 0, 0, 0]


def test_sheet_names_fit_excel_and_never_collide() -> None:
    long = "a-very-long-plan-identifier-that-goes-on-and-on"
    assert sheet_names(["summary", long, long + "-2", "by-agency", "x"]) == [
        "summary~2", long[:31], long[:29] + "~2", "by-agency", "x"]
