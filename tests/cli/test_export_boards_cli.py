"""`export --format xlsx|ics`: one documented command each, filters checked, binary never to a terminal."""

from __future__ import annotations

import io
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar as ICalendar
from openpyxl import load_workbook
from typer.testing import CliRunner

from actiontrack.cli import app

from support import DATA

AS_OF = ["--as-of", "2026-11-20"]


@pytest.fixture
def boards(in_tmp: Path) -> Path:
    shutil.copytree(DATA / "boards", in_tmp / "plans")
    return in_tmp / "plans"


def test_xlsx_to_a_file_or_a_pipe(runner: CliRunner, boards: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "xlsx", *AS_OF, "-o", str(tmp_path / "tracker.xlsx")])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "wrote tracker.xlsx\n")
    assert load_workbook(tmp_path / "tracker.xlsx").sheetnames == ["Summary", "By agency", "board-plan", "second-plan"]
    piped = runner.invoke(app, ["export", "--format", "xlsx", *AS_OF])
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PK\x03\x04")
    assert load_workbook(io.BytesIO(piped.stdout_bytes)).sheetnames[2:] == ["board-plan", "second-plan"]


def test_one_officers_tracker_and_feed(runner: CliRunner, boards: Path) -> None:
    book = runner.invoke(app, ["export", "--format", "xlsx", *AS_OF, "--owner", "Safeguarding Lead"])
    assert book.exit_code == 0
    wb = load_workbook(io.BytesIO(book.stdout_bytes))
    assert wb.sheetnames == ["Summary", "By agency", "second-plan"]
    feed = runner.invoke(app, ["export", "--format", "ics", *AS_OF, "--owner", "nina"])
    assert (feed.exit_code, feed.stderr) == (0, "")
    cal = ICalendar.from_ical(feed.stdout_bytes)
    assert str(cal["x-wr-calname"]) == "Action plan deadlines: nina"
    assert [str(e["uid"]) for e in cal.walk("VEVENT")] == [
        "board-plan:2.3@actiontrack", "board-plan:2.2@actiontrack", "board-plan:2.1@actiontrack"]
    # --as-of pins DTSTAMP to the start of that day: the same file every time.
    assert {e["dtstamp"].to_ical() for e in cal.walk("VEVENT")} == {b"20261120T000000Z"}
    again = runner.invoke(app, ["export", "--format", "ics", *AS_OF, "--owner", "nina"])
    assert again.stdout_bytes == feed.stdout_bytes


def test_reimport_keeps_the_uid_and_raises_the_sequence(runner: CliRunner, boards: Path) -> None:
    def item() -> tuple[int, str]:
        out = runner.invoke(app, ["export", "--format", "ics", *AS_OF, "--plan", "board-plan"]).stdout_bytes
        (ev,) = [e for e in ICalendar.from_ical(out).walk("VEVENT") if str(e["uid"]) == "board-plan:1.1@actiontrack"]
        return int(ev["sequence"]), ev["dtstart"].to_ical().decode()

    assert item() == (1, "20261015")
    moved = runner.invoke(app, ["reschedule", "board-plan:1.1", "2027-01-31", "--reason", "Waiting for the audit tool",
                                "--by", "AM", "--date", "2026-11-19", *AS_OF])
    assert moved.exit_code == 0, moved.stderr
    assert item() == (2, "20270131")


def test_filters_are_checked_and_belong_to_xlsx_and_ics(runner: CliRunner, boards: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "ics", *AS_OF, "--owner", "Nobody Atall"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "actiontrack: --owner: no action in the plans has an owner matching 'Nobody Atall'\n"
    result = runner.invoke(app, ["export", "--format", "xlsx", *AS_OF, "--plan", "second"])
    assert (result.exit_code, result.stderr) == (3, "actiontrack: unknown plan 'second'; did you mean second-plan?\n")
    result = runner.invoke(app, ["export", "--format", "json", "--owner", "AM"])
    assert (result.exit_code, result.stderr) == (2, "actiontrack: --owner narrows the xlsx and ics formats; json and "
                                                    "jsonl are the whole model (filter them with jq)\n")


def test_undated_and_unreadable_are_said_not_hidden(runner: CliRunner, boards: Path) -> None:
    (boards / "third.yaml").write_text("""\
id: third
title: Third plan
organisation: Example Council
source: {kind: other}
date: 2026-01-01
recommendations:
  - id: "1"
    text: Keep at it.
    actions:
      - {id: "1.1", text: Keep at it., owners: [AM], timescale: Ongoing, status: in-progress}
""", encoding="utf-8")
    (boards / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "--format", "ics", *AS_OF])
    assert result.exit_code == 1
    assert result.stderr == (
        "actiontrack: 1 open action with no readable due date is not in the calendar: third:1.1\n"
        "actiontrack: Incomplete answer: 1 plan file could not be read in full.\n"
        "plans/broken.yaml: not read, 1 error; the first, line 1: AT001 YAML syntax error: did not find expected "
        "node content (while parsing a flow node)\n"
        "Run actiontrack validate plans/broken.yaml to see every problem.\n")
    desc = str(ICalendar.from_ical(result.stdout_bytes)["x-wr-caldesc"])
    assert desc.endswith("not in it: third:1.1. plans/broken.yaml could not be read (1 error): its actions are "
                         "missing.")


def test_a_binary_file_is_never_written_to_a_terminal(boards: Path) -> None:
    main_fd, child_fd = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "_TYPER_FORCE_DISABLE_TERMINAL"}
    proc = subprocess.Popen([sys.executable, "-m", "actiontrack", "export", "--format", "xlsx", *AS_OF],
                            stdout=child_fd, stderr=subprocess.PIPE, cwd=boards.parent, env=env)
    os.close(child_fd)
    _, err = proc.communicate(timeout=60)
    shown = b""
    try:
        while chunk := os.read(main_fd, 65536):
            shown += chunk
    except OSError:
        pass
    os.close(main_fd)
    assert (proc.returncode, shown) == (2, b"")
    assert err.decode() == ("actiontrack: this format is a binary file: give -o FILE, or redirect standard output "
                            "to a file\n")


def test_redact_makes_every_board_output_fit_to_publish(runner: CliRunner, boards: Path) -> None:
    plan = boards / "board-plan.yaml"
    # A synthetic NHS number from the range kept for testing, marked reviewed so that the plan still loads.
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "text: Drafted., status: in-progress}",
        'text: "Drafted with Nina Nash; NHS no 999 000 0018.", status: in-progress}  # privacy-ok: test data'),
        encoding="utf-8")
    page = runner.invoke(app, ["report", *AS_OF, "--since", "2026-10-31", "--redact"])
    assert page.exit_code == 0, page.stderr
    assert "Nina Nash" not in page.stdout and "Alex Morgan" not in page.stdout and "999 000 0018" not in page.stdout
    assert "<td>AM</td><td>2026-10-15</td>" in page.stdout  # Alex Morgan has no role: the key's initials
    assert "Drafted with Named Nurse; NHS no [NHS number removed]." in page.stdout
    book = runner.invoke(app, ["export", "--format", "xlsx", *AS_OF, "--owner", "NN", "--redact"])
    assert book.exit_code == 0, book.stderr
    ws = load_workbook(io.BytesIO(book.stdout_bytes))["board-plan"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[2] for r in rows] == ["1.3", "2.1", "2.2", "2.3"] and {r[4] for r in rows} == {"Named Nurse"}
    feed = runner.invoke(app, ["export", "--format", "ics", *AS_OF, "--owner", "NN", "--redact"])
    cal = ICalendar.from_ical(feed.stdout_bytes)
    assert str(cal["x-wr-calname"]) == "Action plan deadlines: NN"
    assert [str(e["uid"]).split("@")[0] for e in cal.walk("VEVENT")] == ["board-plan:2.3", "board-plan:2.2",
                                                                          "board-plan:2.1"]
    assert b"Nina" not in feed.stdout_bytes and b"Owners: Named Nurse" in feed.stdout_bytes
