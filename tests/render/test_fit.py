"""The layout rule on small tables: which columns stay, how wide each is, how cells wrap (exact lines)."""

from __future__ import annotations

from rich.cells import cell_len

from actiontrack.query.table import COUNT, ID, TEXT, WORD, Column, Parts
from actiontrack.render.layout import cell_lines, cells_of, dropped_line, header_line, plan_layout, table_lines, wrap

COLUMNS = (Column("id", "Id", ID), Column("n", "Days", COUNT), Column("who", "Owners", TEXT, 2, width=8),
           Column("text", "Text", TEXT, width=12), Column("note", "Note", TEXT, 3, width=10))
ROWS = [{"id": "1.1", "n": 3517, "who": Parts(("AM (Alex Morgan)", "JB"), "; "),
         "text": "Audit every case file twice", "note": "Half done"},
        {"id": "10.2", "n": 9, "who": Parts(("JB",), "; "), "text": "Brief staff", "note": None}]
GRID = cells_of(COLUMNS, ROWS)


def test_every_column_at_its_natural_width_when_there_is_room() -> None:
    layout = plan_layout(COLUMNS, GRID, 200, len)
    assert (layout.widths, layout.dropped, layout.full) == ((4, 4, 20, 27, 9), (), 72)  # all on one line
    assert header_line(layout, len) == "Id    Days  Owners                Text                         Note"
    assert table_lines(layout, GRID, len) == [
        ["1.1   3517  AM (Alex Morgan); JB  Audit every case file twice  Half done"],
        ["10.2     9  JB                    Brief staff"]]


def test_the_lowest_priority_goes_first_and_the_text_gets_what_is_left() -> None:
    layout = plan_layout(COLUMNS, GRID, 40, len)
    assert [c.title for c in layout.columns] == ["Id", "Days", "Owners", "Text"]
    assert [c.title for c in layout.dropped] == ["Note"]
    # 6 to share: Owners and Text each lack more than 3, so each gets 3.
    assert (layout.widths, layout.total) == ((4, 4, 11, 15), 40)
    assert table_lines(layout, GRID, len)[0] == ["1.1   3517  AM (Alex     Audit every",
                                                 "            Morgan);     case file twice",
                                                 "            JB"]
    assert dropped_line(layout) == ("Not shown, to fit 40 columns: Note (--wide or --width 45 shows it; "
                                    "--format csv gives every field)")


def test_when_a_column_does_not_fit_every_lower_one_goes_too() -> None:
    # Owners (priority 2) would need 8; Note (3) is narrower, but never shown in its place.
    layout = plan_layout(COLUMNS, GRID, 30, len)
    assert [c.title for c in layout.columns] == ["Id", "Days", "Text"]
    assert [c.title for c in layout.dropped] == ["Owners", "Note"]


def test_wide_keeps_every_column() -> None:
    layout = plan_layout(COLUMNS, GRID, 40, len, wide=True)
    assert (layout.dropped, layout.width, layout.total) == ((), 45, 45)


def test_never_below_the_header_or_the_longest_word_until_nothing_else_is_left() -> None:
    columns = (Column("id", "Identifier", ID), Column("text", "Text", TEXT, width=30))
    rows = [{"id": "A-1", "text": "information-sharing agreements"}]
    assert plan_layout(columns, cells_of(columns, rows), 40, len).widths == (10, 28)
    assert plan_layout(columns, cells_of(columns, rows), 31, len).widths == (10, 19)  # the longest word: 19
    # Only the columns that must stay, and narrower than that: the text alone gives way.
    layout = plan_layout(columns, cells_of(columns, rows), 24, len)
    assert layout.widths == (10, 12)
    assert table_lines(layout, cells_of(columns, rows), len)[0] == ["A-1         information-", "            sharing", "            agreements"]


def test_a_state_in_parts_grows_only_to_one_line() -> None:
    columns = (Column("s", "State", WORD), Column("t", "Text", TEXT, width=4))
    rows = [{"s": Parts(("overdue", "(in-progress)")), "t": "word " * 10}]
    # At 24, 5 to share: not the 8 it takes to be one line, so none of it; the text has it all.
    assert plan_layout(columns, cells_of(columns, rows), 24, len).widths == (13, 9)
    assert plan_layout(columns, cells_of(columns, rows), 40, len).widths == (21, 17)


def test_cells_in_parts() -> None:
    owners = Column("o", "Owners", TEXT)
    cell = (("Designated Doctor/Nurse for LAC", "SM (Steve Merrell)"), "; ")
    assert cell_lines(owners, cell, 60, len) == ["Designated Doctor/Nurse for LAC; SM (Steve Merrell)"]
    # One owner per line, each but the last keeping its separator, so two never read as one.
    assert cell_lines(owners, cell, 18, len) == ["Designated", "Doctor/Nurse for", "LAC;", "SM (Steve Merrell)"]
    due = Column("d", "Due", TEXT)
    assert cell_lines(due, (("2012-10-27", "(By 27.10.12)"), " "), 12, len) == ["2012-10-27", "(By", "27.10.12)"]


def test_wrap_at_spaces_with_an_indent_and_a_hang() -> None:
    text = "action 1.2 note added: 2012-11-05 Thurrock Council: First monthly report"
    assert wrap(text, 30, len, "  ", "      ") == ["  action 1.2 note added:", "      2012-11-05 Thurrock", "      Council: First monthly",
                                                   "      report"]
    assert wrap("", 10, len) == [""]
    # The one thing ever broken: a word longer than a whole line.
    assert wrap("see https://example.invalid/a/very/long/path now", 16, len) == [
        "see", "https://example.", "invalid/a/very/l", "ong/path now"]


def test_wide_characters_take_two_cells() -> None:
    columns = (Column("t", "Text", TEXT, width=6),)
    rows = [{"t": "社会 福祉 計画"}]
    layout = plan_layout(columns, cells_of(columns, rows), 8, cell_len)
    assert table_lines(layout, cells_of(columns, rows), cell_len)[0] == ["社会", "福祉", "計画"]
    assert max(cell_len(line) for line in table_lines(layout, cells_of(columns, rows), cell_len)[0]) <= 8


ESSENTIAL = (Column("id", "Id", ID), Column("n", "Days", COUNT), Column("text", "Text", TEXT, width=12),
             Column("due", "Due", TEXT, 3, width=14, essential=True), Column("status", "Status", WORD, 4, essential=True),
             Column("note", "Note", TEXT, 5, width=10))
FOLD_ROWS = [{"id": "27.3", "n": 8250, "text": "Provide schedule of annual audit", "note": "Done",
              "due": Parts(("2004-04-30", "(April 2003 (and yearly thereafter))")), "status": "completed"},
             {"id": "1.2", "n": 9, "text": "Brief staff", "due": Parts(("2012-10-27",)), "status": None, "note": None}]


def test_an_essential_column_that_does_not_fit_goes_under_its_row() -> None:
    """Not dropped: labelled, under the second column, two spaces between items, wrapped at words."""
    grid = cells_of(ESSENTIAL, FOLD_ROWS)
    layout = plan_layout(ESSENTIAL, grid, 36, len)
    assert [c.title for c in layout.columns] == ["Id", "Days", "Text"]
    assert [c.title for _, c in layout.folded] == ["Due", "Status"]
    assert [c.title for c in layout.dropped] == ["Note"]
    assert table_lines(layout, grid, len) == [
        ["27.3  8250  Provide schedule of",
         "            annual audit",
         "      Due: 2004-04-30 (April 2003",
         "        (and yearly thereafter))",
         "      Status: completed"],
        ["1.2      9  Brief staff",
         "      Due: 2012-10-27"]]  # no status: no empty label
    assert dropped_line(layout) == ("Not shown, to fit 36 columns: Note (--wide or --width 57 shows it; "
                                    "--format csv gives every field)")
    # Short items share a line, two spaces apart.
    at_39 = plan_layout(ESSENTIAL, grid, 39, len)
    assert [c.title for _, c in at_39.folded] == ["Due", "Status"]
    rows = [{**FOLD_ROWS[0], "due": Parts(("2004-04-30",)), "status": "closed"}]
    assert table_lines(at_39, cells_of(ESSENTIAL, rows), len)[0][-1] == "      Due: 2004-04-30  Status: closed"
    # The due date fits beside the text at 50: only the status is folded.
    wider = plan_layout(ESSENTIAL, grid, 50, len)
    assert [c.title for _, c in wider.folded] == ["Status"] and table_lines(wider, grid, len)[0] == [
        "27.3  8250  Provide schedule   2004-04-30",
        "            of annual audit    (April 2003 (and",
        "                               yearly thereafter))",
        "      Status: completed"]
    # Room for every column: nothing folded, nothing dropped.
    assert plan_layout(ESSENTIAL, grid, 60, len).folded == ()
