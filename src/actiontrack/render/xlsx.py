"""The RAG tracker workbook written with openpyxl: a summary sheet, then one sheet per plan.

Text is always a text cell: openpyxl reads a string starting with "=" as a formula (and "#N/A"
as an error) unless the cell's type is set, so every string is typed "s" here, and one that a
spreadsheet would take for a formula when edited (= + - @) also gets Excel's quote prefix. Dates
are real Excel dates, counts are numbers. Control characters (illegal in the file's XML) become
U+FFFD, as on a terminal; text over Excel's cell limit is cut with a note saying so.

openpyxl's write-only mode streams each sheet to the file: memory stays bounded at 1,000 plans.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from actiontrack import __version__
from actiontrack.query.table import TEXT, Table
from actiontrack.query.workbook import AGENCY_SHEET, SUMMARY_SHEET, Workbook
from actiontrack.render.states import STATE_COLOURS, STATE_LABELS, STATE_MEANINGS, shown_states
from actiontrack.wording import count, printable

if TYPE_CHECKING:
    from openpyxl import Workbook as XlsxWorkbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

CELL_MAX = 32_767  # Excel's limit on the characters in one cell
DATE_FORMAT = "yyyy-mm-dd"
_FORMULA_START = ("=", "+", "-", "@")
_WIDTH_MIN, _WIDTH_MAX, _WIDTH_TEXT = 6, 18, 48  # characters: ids and dates fit; long text wraps


def render_workbook(book: Workbook) -> bytes:
    """The whole workbook as the bytes of an .xlsx file."""
    from openpyxl import Workbook as XlsxWorkbook

    xlsx = XlsxWorkbook(write_only=True)
    add_styles(xlsx)
    _summary(xlsx.create_sheet(SUMMARY_SHEET), book)
    _agency_sheet(xlsx.create_sheet(AGENCY_SHEET), book)
    for sheet in book.sheets():
        _plan_sheet(xlsx.create_sheet(sheet.name), sheet.table)
    out = io.BytesIO()
    xlsx.save(out)
    return out.getvalue()


# Named styles, registered once: a cell then takes its style by name, which costs openpyxl a copy
# of four numbers, where setting a font, fill and alignment on each of 750,000 cells compares
# them against every style so far (most of a 1,000-plan workbook's time, measured).
WRAP, TOP, DATE, HEAD, TITLE, BOLD, PROBLEM = (f"actiontrack {n}" for n in (
    "text", "cell", "date", "header", "title", "bold", "problem"))


def state_style(state: str) -> str:
    """The named style of a cell filled in a state's colour."""
    return f"actiontrack {state}"


def add_styles(xlsx: XlsxWorkbook) -> None:
    """Register the named styles the sheets use (also listed in Excel's Cell Styles)."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    top, wrap = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
    styles = [NamedStyle(WRAP, alignment=wrap), NamedStyle(TOP, alignment=top),
              NamedStyle(DATE, alignment=top, number_format=DATE_FORMAT),
              NamedStyle(HEAD, font=Font(bold=True), fill=PatternFill("solid", fgColor="eceff1"), alignment=wrap),
              NamedStyle(TITLE, font=Font(bold=True, size=14)), NamedStyle(BOLD, font=Font(bold=True)),
              NamedStyle(PROBLEM, font=Font(bold=True, color="8e0000"))]
    styles += [NamedStyle(state_style(s), font=Font(color=ink, bold=True), fill=PatternFill("solid", fgColor=fill),
                          alignment=top) for s, (fill, ink) in STATE_COLOURS.items()]
    for style in styles:
        xlsx.add_named_style(style)


def text_cell(ws: WriteOnlyWorksheet, value: str, style: str = TOP) -> Cell:
    """A cell that holds `value` as text, whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    text = printable(value)
    if len(text) > CELL_MAX:
        text = _cut(text)
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # never a formula ("=…") or an error value ("#N/A")
    cell.style = style
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True  # stays text when someone edits the cell in Excel or Calc
    return cell


def _cut(text: str) -> str:
    """Text cut to Excel's limit, ending with how much was left out (openpyxl would cut it silently)."""
    left = len(text) - CELL_MAX
    while True:
        note = f" … (cut: {left:,} more characters; the plan file has all of it)"
        kept = CELL_MAX - len(note)
        if len(text) - kept == left:
            return text[:kept] + note
        left = len(text) - kept


def value_cell(ws: WriteOnlyWorksheet, value: object, style: str = TOP) -> Cell | None:
    """A cell of the right type: text, a number, or a real Excel date (shown as YYYY-MM-DD)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, date)):
        return text_cell(ws, str(value), style)
    if isinstance(value, date):  # an Excel date is a day count: midnight of that day
        cell = WriteOnlyCell(ws, value=datetime.combine(value, time()))
        cell.style = DATE
        return cell
    cell = WriteOnlyCell(ws, value=value)
    cell.style = TOP
    return cell


def _plan_sheet(ws: WriteOnlyWorksheet, table: Table) -> None:
    """A plan's actions: a frozen header with a filter, the state as a coloured fill, widths that fit."""
    _widths(ws, table)
    ws.freeze_panes = "A2"
    _filter(ws, table, 1)
    ws.append([text_cell(ws, c.title, HEAD) for c in table.columns])
    styles = [(c.key, WRAP if c.kind == TEXT else TOP) for c in table.columns]
    for row, tone in zip(table.rows, table.tones):
        ws.append([value_cell(ws, row.get(key), state_style(tone) if key == "state" and tone else style)
                   for key, style in styles])


def _widths(ws: WriteOnlyWorksheet, table: Table) -> None:
    """Each column as wide as its longest value (ids, dates, counts), long text capped and wrapped."""
    widths = []
    for col in table.columns:
        longest = max([len(col.title)] + [_shown_len(row.get(col.key)) for row in table.rows])
        widths.append(max(_WIDTH_MIN, min(_WIDTH_TEXT if col.kind == TEXT else _WIDTH_MAX, longest + 2)))
    _counts_widths(ws, widths)


def _shown_len(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _summary(ws: WriteOnlyWorksheet, book: Workbook) -> None:
    """The key to the colours, what could not be read, and the counts by plan and state."""
    states = shown_states()
    table = book.by_plan
    header = 8 + len(book.unreadable)  # the row the table's header lands on (below the rows appended first)
    _counts_widths(ws, [20, 28, 44, 30, 9] + [11] * len(states) + [34])
    ws.freeze_panes = f"A{header + 1}"
    _filter(ws, table, header)
    ws.append([text_cell(ws, "Action plans: RAG tracker", TITLE)])
    ws.append([text_cell(ws, f"Each action's state on {book.as_of.isoformat()}: "
                             f"{count(len(book.plans), 'plan')}, {count(book.action_count, 'action')}; one sheet "
                             f"per plan, and the counts by agency or group on the sheet {AGENCY_SHEET!r}. "
                             f"Made by actiontrack {__version__}.")])
    for u in book.unreadable:
        first = u.first_error
        ws.append([text_cell(ws, f"{u.file} could not be read ({count(u.errors, 'error')}; the first, "
                                 f"line {first.line}: {first.code} {first.message}): what it holds is missing "
                                 "from this workbook. Run actiontrack validate on it.", PROBLEM)])
    ws.append([])
    ws.append([text_cell(ws, "Key", BOLD)] + [text_cell(ws, STATE_LABELS[s], state_style(s)) for s in states])
    ws.append([None] + [text_cell(ws, STATE_MEANINGS[s], WRAP) for s in states])
    ws.append([])
    ws.append([text_cell(ws, table.title or "", BOLD)])
    _counts_table(ws, table)


def _agency_sheet(ws: WriteOnlyWorksheet, book: Workbook) -> None:
    """The counts by agency or group across the plans, most overdue first."""
    table = book.by_agency
    _counts_widths(ws, [44, 40, 9] + [11] * len(shown_states()))
    ws.freeze_panes = "A3"
    _filter(ws, table, 2)
    ws.append([text_cell(ws, table.title or "", BOLD)])
    _counts_table(ws, table)


def _counts_table(ws: WriteOnlyWorksheet, table: Table) -> None:
    ws.append([text_cell(ws, STATE_LABELS.get(c.title, c.title), HEAD) for c in table.columns])
    for row, tone in zip(table.rows, table.tones):
        # A non-zero overdue count is filled red, as a RAG tracker shows it.
        ws.append([value_cell(ws, row.get(c.key), state_style("overdue") if c.key == "overdue" and tone == "overdue"
                              else WRAP if c.kind == TEXT else TOP) for c in table.columns])
    if not table.rows:
        ws.append([text_cell(ws, "No actions to count.")])


def _counts_widths(ws: WriteOnlyWorksheet, widths: list[int]) -> None:
    """Column widths, in characters, from column A on (before the first row: write-only sheets need that)."""
    from openpyxl.utils import get_column_letter

    sheet: Any = ws  # write-only sheets have column_dimensions at run time; the stubs do not say so
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _filter(ws: WriteOnlyWorksheet, table: Table, header: int) -> None:
    """An autofilter over a table whose header is on row `header`."""
    from openpyxl.utils import get_column_letter

    sheet: Any = ws  # as for column_dimensions: auto_filter exists, unstubbed
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(len(table.columns))}{header + max(1, len(table.rows))}"
