"""The Table intermediate rendered directly in every format: exact text, safe cells, tones to colours."""

from __future__ import annotations

import io
from datetime import date

import pytest

from actiontrack.query.table import COUNT, ID, Column, Section, Table
from actiontrack.render.cells import cell_text, md, safe_cell
from actiontrack.render.console import style_of, use_color
from actiontrack.render.tables import render_document, render_table

TABLE = Table(
    (Column("id", "Id", ID), Column("text", "Text"), Column("n", "N", COUNT)),
    [{"id": "a", "text": "=SUM(A1)", "n": 3, "due": date(2026, 1, 2)},
     {"id": "b", "text": "two\nlines | [red]x[/]", "n": 10, "due": None}],
    ["overdue", None], title="T", keys=("id", "text", "n", "due"))


def render(fmt: str, table: Table = TABLE, **kw: object) -> str:
    out = io.StringIO()
    render_table(table, fmt, out, **kw)  # type: ignore[arg-type]
    return out.getvalue()


def test_plain_text_in_a_pipe() -> None:
    assert render("table") == ("Id  Text                    N\n"
                               "a   =SUM(A1)                3\n"
                               "b   two lines | [red]x[/]  10\n")


def test_machine_formats_use_the_contract_keys() -> None:
    assert render("tsv") == "id\ttext\tn\tdue\na\t'=SUM(A1)\t3\t2026-01-02\nb\ttwo lines | [red]x[/]\t10\t\n"
    assert render("csv") == "id,text,n,due\na,'=SUM(A1),3,2026-01-02\nb,two lines | [red]x[/],10,\n"
    assert render("json") == ('{\n  "version": 2,\n  "rows": [\n'
                              '    {\n      "id": "a",\n      "text": "=SUM(A1)",\n      "n": 3,\n      "due": "2026-01-02"\n'
                              '    },\n    {\n      "id": "b",\n      "text": "two\\nlines | [red]x[/]",\n      "n": 10,\n'
                              '      "due": null\n    }\n  ],\n  "unreadable": []\n}\n')


def test_markdown_is_inert() -> None:
    assert render("markdown") == ("| Id | Text | N |\n|---|---|---:|\n| a | =SUM(A1) | 3 |\n"
                                  "| b | two lines \\| \\[red\\]x\\[/\\] | 10 |\n")


def test_an_empty_table_says_so() -> None:
    empty = Table(TABLE.columns, [], empty="Nothing here.")
    assert render("table", empty) == "Nothing here.\n"
    assert render("json", empty) == '{\n  "version": 2,\n  "rows": [],\n  "unreadable": []\n}\n'


def test_fitted_table_in_a_terminal_keeps_markup_literal() -> None:
    text = render("table", terminal=True, color=False, width=60)
    assert "b   two lines | [red]x[/]  10" in text and "\x1b[31m" not in text
    coloured = render("table", terminal=True, color=True, width=60)
    assert "\x1b[31m" in coloured or "\x1b[38;" in coloured  # the overdue row in red


def test_notices_and_count_line_in_every_format_for_people() -> None:
    table = Table(TABLE.columns, TABLE.rows, TABLE.tones, keys=TABLE.keys, notices=("1 plan could not be read.",),
                  count_line="2 rows")
    assert render("table", table) == ("1 plan could not be read.\n"
                                      "Id  Text                    N\n"
                                      "a   =SUM(A1)                3\n"
                                      "b   two lines | [red]x[/]  10\n"
                                      "\n"
                                      "2 rows\n")
    assert render("markdown", table) == ("1 plan could not be read.\n\n| Id | Text | N |\n|---|---|---:|\n"
                                         "| a | =SUM(A1) | 3 |\n| b | two lines \\| \\[red\\]x\\[/\\] | 10 |\n\n2 rows\n")
    assert render("table", table, width=40).splitlines() == [
        "1 plan could not be read.", "", "Id  Text                    N", "─" * 29, "a   =SUM(A1)                3",
        "b   two lines | [red]x[/]  10", "", "2 rows"]
    assert render("csv", table).splitlines()[0] == "id,text,n,due"  # machine formats: data only
    empty = Table(TABLE.columns, [], notices=("1 plan could not be read.",), empty="Nothing here.")
    assert render("table", empty) == "1 plan could not be read.\nNothing here.\n"


def test_documents() -> None:
    sections = [Section("Heading", ("a line",)), Section(None, (), Table((Column("k", "K"),), [{"k": "v"}])),
                Section("Part", (), Table((Column("k", "K"),), [{"k": "w"}]), level=2)]
    out = io.StringIO()
    render_document(sections, "table", out)
    assert out.getvalue() == "== Heading ==\na line\n\nK\nv\n\nPart\nw\n"  # same columns, same part: one header
    out = io.StringIO()
    render_document(sections, "markdown", out)
    assert out.getvalue() == "## Heading\n\na line  \n\n| K |\n|---|\n| v |\n\n### Part\n\n| K |\n|---|\n| w |\n\n"


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (date(2026, 1, 2), "2026-01-02"), (["a", "b"], "a; b"), (7, "7"),
    ({"date": date(2026, 1, 2), "by": "AM", "text": "Done\n now"}, "2026-01-02 AM: Done now"),
    ("esc\x1b[31mred", "esc\ufffd[31mred"),
])
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_cells_are_safe_in_markdown_and_spreadsheets() -> None:
    assert md("<b>@team</b> *x*") == "&lt;b&gt;@\u200bteam&lt;/b&gt; \\*x\\*"
    assert [safe_cell(s) for s in ("=1", "+1", "-1", "@x", "ok")] == ["'=1", "'+1", "'-1", "'@x", "ok"]


def test_tones_and_the_colour_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    assert style_of("heading") == "bold" and style_of(None) == ""

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Tty()) and not use_color(Tty(), no_color=True) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Tty())


def test_what_could_not_be_read_is_a_notice_for_people_and_a_list_in_json() -> None:
    from actiontrack.errors import Finding
    from actiontrack.load.loader import Unreadable
    from actiontrack.query.listings import notices_of

    first = Finding("plans/x y.yaml", 3, 1, "error", "AT001", "YAML syntax error: oops")
    unreadable = (Unreadable("plans/x y.yaml", "x-y", 2, first),)
    table = Table(TABLE.columns, TABLE.rows[:1], ["undated"], keys=TABLE.keys, meta={"as_of": date(2026, 1, 2)},
                  unreadable=unreadable, notices=notices_of(unreadable))
    assert render("table", table) == (
        "Incomplete answer: 1 plan file could not be read in full.\n"
        "plans/x y.yaml: read in part, 2 errors; the first, line 3: AT001 YAML syntax error: oops\n"
        "Run actiontrack validate 'plans/x y.yaml' to see every problem.\n"
        "Id  Text      N\na   =SUM(A1)  3\n")
    assert render("csv", table) == "id,text,n,due\na,'=SUM(A1),3,2026-01-02\n"  # pure data: stderr says it
    assert render("json", table).endswith(
        '  "unreadable": [\n    {\n      "file": "plans/x y.yaml",\n      "plan": "x-y",\n      "errors": 2,\n'
        '      "first_error": {\n        "file": "plans/x y.yaml",\n        "line": 3,\n        "col": 1,\n'
        '        "severity": "error",\n        "code": "AT001",\n        "message": "YAML syntax error: oops"\n'
        '      }\n    }\n  ]\n}\n')
    assert render("json", table).startswith('{\n  "version": 2,\n  "as_of": "2026-01-02",\n  "rows": [\n')
