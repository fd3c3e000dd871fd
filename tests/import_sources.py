"""The source documents the import tests read, built here (no binary fixture is committed).

Four shapes taken from the bundled seeds, with synthetic text only (no real case, no real person):
a Nottingham-like Word table (multi-line cells, sub-bullets, "As above"), a Herefordshire-like Word
table (group heading rows, continuation rows, progress in an Outcome column), a Thurrock-like RAG
tracker workbook (Progress and RAG columns, merged cells, a hidden row, date cells, a formula),
and a CSV file as Excel writes it in Western Europe (Windows-1252, semicolons).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

PLAN_DAY = dt.datetime(2003, 6, 4, 9, 30)
SAVED_DAY = dt.datetime(2003, 7, 31, 17, 0)


def _docx_properties(document: object, title: str | None) -> None:
    props = document.core_properties  # type: ignore[attr-defined]
    props.title = title or ""
    props.author = "Example"
    props.last_modified_by = "Example"
    props.created = PLAN_DAY
    props.modified = SAVED_DAY
    props.revision = 1


def _cell(cell: object, lines: list[str] | str, style: str | None = None, levels: list[int] | None = None) -> None:
    """Fill a python-docx cell with one paragraph per line (list styles by level when given)."""
    items = [lines] if isinstance(lines, str) else lines
    cell.text = ""  # type: ignore[attr-defined]
    first = cell.paragraphs[0]  # type: ignore[attr-defined]
    for i, line in enumerate(items):
        p = first if i == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        p.text = line
        if style is not None:
            level = levels[i] if levels else 0
            p.style = style if level == 0 else f"{style} {level + 1}"


def nottingham_docx(path: Path) -> Path:
    """Recommendation number and text under one merged header; bullets, sub-bullets, "As above"."""
    import docx

    document = docx.Document()
    _docx_properties(document, None)
    document.add_paragraph("Example Social Services Action Plan Re: Case Review Child X")
    table = document.add_table(rows=1, cols=5)
    header = table.rows[0].cells
    header[0].merge(header[1])
    _cell(header[0], "Recommendation")
    for cell, text in zip(header[2:], ["Actions Needed", "Timescale", "Responsible Officer"]):
        _cell(cell, text)
    rows = [
        ("6.1", "Produce written guidance for staff in residential units on recording significant events.",
         (["Produce and implement written guidance", "Monitor implementation through supervision"], None),
         ["Achieved", "Ongoing through supervision and regular visits"],
         ["Alex Brook", "Alex Brook and C&F SM's"]),
        ("6.2", "Review the consultation offered to residential units and agree a written protocol.",
         (["Review current provision", "Establish a written protocol", "Monitor implementation through",
           "Supervision and", "Quarterly reviews"], [0, 0, 0, 1, 1]),
         ["Sept 03", "Sept 03", "Ongoing"],
         ["Sam Tern/ Robin Vale/ Health Rep", "As above", "As above"]),
        ("6.3", "Develop care standards for residential units.",
         (["Establish written guidance on care standards", "Monitor implementation"], None),
         ["September", "Ongoing", "Ongoing"],
         ["Jo Marsh", "Alex Brook", "AD's and C&F SM's"]),
        ("6.4", "Agree criteria for holding strategy meetings.",
         (["Produce written guidance on convening strategy meetings"], None),
         "End of June 03", "Kim Lowe (c/ref Example Action Plan)"),
    ]
    for number, text, (actions, levels), timescale, owners in rows:
        cells = table.add_row().cells
        _cell(cells[0], number)
        _cell(cells[1], text)
        _cell(cells[2], actions, "List Bullet", levels)
        _cell(cells[3], timescale)
        _cell(cells[4], owners)
    document.add_paragraph("Completed By: Pat Example, Acting Assistant Director")
    document.save(path)
    return path


def herefordshire_docx(path: Path) -> Path:
    """Group heading rows across the table, recommendations continued on rows with an empty number
    cell (a page break), a table split in two with the header repeated, progress in "Outcome"."""
    import docx

    document = docx.Document()
    _docx_properties(document, "Serious Case Review (Child Y Action Plan October 2002)")
    header = ["No", "Recommendation", "Objective", "Actions Required", "By when", "By whom", "Outcome"]

    def table_with(rows: list[list[str | list[str]]]) -> None:
        table = document.add_table(rows=1, cols=len(header))
        for cell, text in zip(table.rows[0].cells, header):
            _cell(cell, text)
        for values in rows:
            cells = table.add_row().cells
            if len(values) == 1:  # a heading across the whole row
                merged = cells[0].merge(cells[-1])
                _cell(merged, values[0])
                continue
            for cell, value in zip(cells, values):
                _cell(cell, value)

    table_with([
        ["ALL AGENCIES"],
        ["6", "Full family histories should be taken and regularly updated.",
         ["To find out current practice", "To recommend changes"],
         ["Complete a position statement", "Report recommendations to the committee"],
         ["June 2003", "October 2003"], ["SM", "SM"], ["Completed July 2003", "Completed July 2003"]],
        ["CHILD PROTECTION CONFERENCES"],
        ["7", "A conference should normally be convened when a looked after child returns home.",
         "To improve planning when children return home",
         ["Issue interim guidance to social work teams", "Incorporate into revised procedures",
          "Publish procedures to staff"],
         ["With immediate effect", "March 2003", "April 2003"], ["SM", "SM/LM", "SM/LM"],
         ["Guidance issued September 2002", "Published July 2003", ""]],
        ["10", "The decision to end a plan should only be taken when the child's legal status is secure.",
         "To make practice consistent", "", "", "", ""],
    ])
    document.add_paragraph("")
    table_with([
        ["", "", "", "Issue interim guidance to the planning unit", "With immediate effect", "SM",
         "18.10.02 Guidance issued to the planning unit"],
        ["", "", "", "Amend the existing protocol", "TBC", "ACPC", ""],
        ["SOCIAL SERVICES"],
        ["20 (1)", "Team managers should not hold cases other than in temporary circumstances.",
         "To assure accountability", "Identify and manage unallocated cases", "Continuing",
         "SM /operational managers", "Overseen by a fortnightly group since September 2001"],
    ])
    document.save(path)
    return path


def thurrock_xlsx(path: Path) -> Path:
    """A RAG tracker: numbers under no header, the recommendation merged down its rows, Progress and
    RAG columns, a date cell and a month-and-year date cell, a formula, a hidden row and a hidden
    helper column, a title row above the header, and a second sheet (a key) that is not read."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet.append(["Inspection action plan to implement recommendations (v1.4)"])
    sheet.append([])
    sheet.append(["", "Recommendation", "Action", "Timescale", "Lead Person", "Progress", "RAG", "Priority",
                  "Helper"])
    rows = [
        ["1.", "Ensure that agreement to start early help is reached with referring agencies.",
         "Record all recommendations for early help on a shared database", "27.7.12", "Service Manager FST",
         "Completed", "G", "High", 1],
        [None, None, "Report monthly to the senior team", "Report to SMT 27.10.12", "Service Manager FST",
         "Plan Established", "A", "High", 2],
        [None, None, "Audit the recommendations made", "Report to DMT & LSCB 27.2.13", "Service Manager QA",
         None, "R", "Medium", 3],
        ["2.", "Ensure that the referral pathway is understood by all services.",
         "Issue a communication plan", dt.datetime(2012, 7, 27), "Network Lead",
         "Completed", "B", None, 4],
        [None, None, "Survey services to check they understand the pathway", "By 27.10.12",
         "Service Manager QA", "Partly completed as at 18.10.12", "Amber/Green", None, 5],
        ["3.", "Ensure that every referrer gets a written response.",
         "Audit responses to referrers", dt.datetime(2012, 9, 1), "Service Manager FST",
         "=\"Completed \"&\"in September\"", "G", None, 6],
    ]
    for values in rows:
        sheet.append(values)
    sheet.merge_cells("B4:B6")
    sheet.merge_cells("E4:E5")
    sheet["D9"].number_format = "mmm-yy"
    sheet["D7"].number_format = "dd/mm/yyyy"
    sheet.row_dimensions[6].hidden = True
    sheet.column_dimensions["I"].hidden = True
    key = book.create_sheet("Key")
    key.append(["RAG", "Meaning"])
    key.append(["B", "Complete and embedded"])
    book.properties.title = None
    book.properties.creator = "Example"
    book.properties.created = dt.datetime(2012, 7, 27, 9, 0)
    book.properties.modified = dt.datetime(2012, 10, 19, 16, 0)
    book.save(path)
    # A spreadsheet saves a formula's value beside it; openpyxl saves none. The cell reads "Completed in September".
    _rewrite(path, "xl/worksheets/sheet1.xml", '<c r="F9"><f>"Completed "&amp;"in September"</f><v></v></c>',
             '<c r="F9" t="str"><f>"Completed "&amp;"in September"</f><v>Completed in September</v></c>')
    _saved(path, dt.datetime(2012, 10, 19, 16, 0))
    return path


def _rewrite(path: Path, part: str, old: str, new: str) -> None:
    """Replace text in one part of an Office file: what openpyxl cannot write as a spreadsheet would."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {m.filename: archive.read(m.filename) for m in archive.infolist()}
    xml = members[part].decode("utf-8")
    assert old in xml, (part, old)
    members[part] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _saved(path: Path, when: dt.datetime) -> None:
    """Set the workbook's last-saved time (openpyxl writes the time it saves)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    stamp = re.search(r"(<dcterms:modified[^>]*>)[^<]*</dcterms:modified>", core)
    assert stamp is not None
    _rewrite(path, "docProps/core.xml", stamp.group(), f"{stamp.group(1)}{when:%Y-%m-%dT%H:%M:%SZ}</dcterms:modified>")


def excel_csv(path: Path) -> Path:
    """A CSV file as Excel writes it with a comma decimal separator: Windows-1252, semicolons, CRLF,
    quoted multi-line cells, a blank row, and a progress cell that starts with its date."""
    rows = [
        ["Rec no", "Recommendation", "Actions required", "Target date", "Lead officer", "Update on progress",
         "Measure of success"],
        ["1", "Practitioners should record a chronology of significant events.",
         "Commission chronology training\nPublish good-practice examples", "30/09/2013", "Workforce Lead",
         "05/09/2013: training commissioned; first course held", "Audit shows chronologies on 90% of files"],
        ["", "", "", "", "", "", ""],
        ["2", "Managers should check risk analysis before signing off an assessment.",
         "Supervision to cover risk analysis", "Q3 2013/14", "Head of Service – Children",
         "", "Fewer assessments returned"],
    ]

    def field(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ';"\n') else value

    text = "\r\n".join(";".join(field(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    return path
