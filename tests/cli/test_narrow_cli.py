"""The reading commands in a real 80-column terminal (a pseudo-terminal whose window is 80 wide, no
COLUMNS), and in a pipe with an explicit COLUMNS: what an officer needs to act is never dropped."""

from __future__ import annotations

import os

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from actiontrack.cli import app

from support import REPO, run_in_pty


def in_terminal(args: list[str], columns: int = 80) -> list[str]:
    """What a person sees: the command on a pseudo-terminal `columns` wide, without colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "_TYPER_FORCE_DISABLE_TERMINAL")}
    text = run_in_pty(args, REPO, {**env, "TERM": "xterm-256color", "NO_COLOR": "1"}, columns).replace("\r\n", "\n")
    return [line.replace("\x1b[1m", "").replace("\x1b[0m", "") for line in text.splitlines()]  # headings: bold


def test_overdue_at_80_keeps_the_due_date_and_the_status() -> None:
    """The reviewer's case: herefordshire 27.3, completed but due again (yearly), read as such."""
    lines = in_terminal(["overdue", "--as-of", "2026-12-01"])
    assert max(cell_len(line) for line in lines) <= 80
    at = lines.index("27.3       SM (Steve Merrell);              8250  Provide schedule of annual")
    assert lines[at:at + 5] == [
        "27.3       SM (Steve Merrell);              8250  Provide schedule of annual",
        "           LM (Linda Maden)                       audit commitment to ACPC",
        "           Due: 2004-04-30 (April 2003 (and yearly thereafter))",
        "           Status: completed",
        "",
    ]
    assert lines[-5:] == ["179 overdue actions in 5 plans; oldest 8,646 days. 16 open actions have no",
                          "readable due date, so whether they are overdue cannot be judged (undated):",
                          "actiontrack list counts them by plan, actiontrack show PLAN lists them.",
                          "Not shown, to fit 80 columns: Latest note (--wide or --width 123 shows it;",
                          "--format csv gives every field)"]
    # Every one of the 179 rows says its status and its due date.
    assert sum(" Status: " in line for line in lines) == 179
    assert sum(line.startswith(" " * 11 + "Due: ") for line in lines) == 179


@pytest.mark.parametrize(("args", "footer"), [
    (["due", "--within", "8w", "--as-of", "2012-10-20"],
     ["Not shown, to fit 80 columns: Latest note (--wide or --width 118 shows it;", "--format csv gives every field)"]),
    (["show", "herefordshire-scr-me-2002", "--as-of", "2003-07-31"],
     ["35 actions: 4 overdue, 2 on track, 3 undated, 26 completed"]),
    (["list", "--as-of", "2012-11-15"],
     ["Not shown, to fit 80 columns: Organisation, Source, Date, Embedded, Closed,",
      "Dropped, Done late (--wide or --width 240 shows them; --format csv gives every", "field)"]),
    (["summary", "--format", "text", "--as-of", "2012-11-15", "--since", "2012-10-01"], None),
    (["diff", "HEAD"], None),
])
def test_the_other_outputs_at_80(args: list[str], footer: list[str] | None) -> None:
    """Nothing wider than the terminal; the state, the due date and the note kept (under the row when
    they do not fit), and only what may be left out named in the footer."""
    lines = in_terminal(args)
    assert lines and max(cell_len(line) for line in lines) <= 80
    if footer is not None:
        assert lines[-len(footer):] == footer
    if args[0] == "due":
        assert sum(line.startswith(" " * 8 + "State: due-soon") for line in lines) == 10
    if args[0] == "show":
        at = lines.index("6.1     Complete SSD position statement  SM (Steve Merrell)      completed")
        assert lines[at + 3:at + 5] == ["        Due: 2003-06-30 (June 2003)",
                                        "        Latest note: 2003-07-31 Herefordshire ACPC: Completed July 2003"]
    if args[0] == "list":
        at = lines.index("thurrock-ofsted-2012       Ofsted Inspection: Safeguarding and       61       10")
        assert lines[at + 3:at + 5] == ["                           Due soon: 0  On track: 17  Undated: 4  Unknown: 0",
                                        "                           Completed: 30  Recs done: 0/19  Next due: 2012-12-31"]


def test_columns_in_a_pipe_is_a_width(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """`COLUMNS=80 actiontrack overdue | less`: fitted to 80, as --width 80; without it, plain text."""
    monkeypatch.chdir(REPO)
    args = ["overdue", "--as-of", "2026-12-01"]
    plain = runner.invoke(app, args, env={"COLUMNS": None})
    assert plain.exit_code == 0 and max(len(line) for line in plain.stdout.splitlines()) == 598
    assert "Status: " not in plain.stdout  # every column on the row's one line
    at_80 = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert at_80.stdout == runner.invoke(app, [*args, "--width", "80"], env={"COLUMNS": None}).stdout
    assert max(cell_len(line) for line in at_80.stdout.splitlines()) == 80
    # --width says more than the environment; a COLUMNS that is not a width is not read; below 40 it is 40.
    assert runner.invoke(app, [*args, "--width", "100"], env={"COLUMNS": "80"}).stdout == runner.invoke(
        app, [*args, "--width", "100"], env={"COLUMNS": None}).stdout
    assert runner.invoke(app, args, env={"COLUMNS": "wide"}).stdout == plain.stdout
    assert runner.invoke(app, args, env={"COLUMNS": "0"}).stdout == plain.stdout
    assert runner.invoke(app, args, env={"COLUMNS": "20"}).stdout == runner.invoke(
        app, [*args, "--width", "40"], env={"COLUMNS": None}).stdout
    # Data formats are data: the same bytes whatever COLUMNS says.
    for fmt in ("csv", "tsv", "json", "markdown"):
        assert runner.invoke(app, [*args, "--format", fmt], env={"COLUMNS": "80"}).stdout == runner.invoke(
            app, [*args, "--format", fmt], env={"COLUMNS": None}).stdout, fmt


def test_columns_in_a_pipe_wraps_report_text(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    args = ["summary", "--format", "text", "--as-of", "2012-11-15", "--since", "2012-10-01"]
    at_80 = runner.invoke(app, args, env={"COLUMNS": "80"}).stdout
    assert at_80 == runner.invoke(app, [*args, "--width", "80"], env={"COLUMNS": None}).stdout
    assert max(cell_len(line) for line in at_80.splitlines()) <= 80
    assert max(len(line) for line in runner.invoke(app, args, env={"COLUMNS": None}).stdout.splitlines()) > 80
