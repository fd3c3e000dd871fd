"""Never a silent all-clear: on the bundled plans and on broken copies of them, every answer says what it
could not see (unknown filter values, unreadable plans, undated actions, a closed pipe)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import REPO, SEED_PLANS

THURROCK = "plans/thurrock-ofsted-2012.yaml"
UNCLOSED = ('timescale: "Report to SMT 27.10.12"', 'timescale: "Report to SMT 27.10.12')
MESSAGE = "YAML syntax error: the quote opened here is never closed: end the value with \" on the same line"
FIRST = f"line 36: AT001 {MESSAGE}"
NOTICE = ("Incomplete answer: 1 plan file could not be read in full.\n"
          f"{THURROCK}: not read, 1 error; the first, {FIRST}\n"
          f"Run actiontrack validate {THURROCK} to see every problem.\n")


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bundled(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)  # read only
    return REPO


@pytest.fixture
def broken(in_tmp: Path) -> Path:
    """A copy of the bundled plans whose Thurrock plan has an unclosed quote."""
    shutil.copytree(SEED_PLANS, in_tmp / "plans")
    path = in_tmp / THURROCK
    path.write_text(path.read_text(encoding="utf-8").replace(*UNCLOSED, 1), encoding="utf-8")
    return in_tmp


# ---------------------------------------------------------------- filters are checked against the plans

UNKNOWN_PLAN = (3, "actiontrack: unknown plan 'thurrock'; did you mean thurrock-ofsted-2012?\n")
UNKNOWN_OWNER = (2, "actiontrack: --owner: no action in the plans has an owner matching 'Service Managr': did you "
                    "mean 'Service Manager QA', 'Service Manager FST' or 'Service Manager MAGS'?\n")
UNKNOWN_STATUS = (2, "actiontrack: --status: unknown status 'inprogress': did you mean 'in-progress'? (one of: "
                     "not-started, in-progress, completed, embedded, closed, dropped, unknown)\n")
UNKNOWN_GROUP = (2, "actiontrack: --group: no group in the plans matches 'nosuchgroup' (groups: all-agencies, "
                    "barnardos, broxtowe, child-protection-conferences, citihealth, cyps, derbyshire-cya, "
                    "derbyshire-police, framework, nhct and 12 more)\n")


@pytest.mark.parametrize(("args", "expected"), [
    *[([command, "--plan", "thurrock", "--as-of", "2012-12-01"], UNKNOWN_PLAN)
      for command in ("overdue", "due", "list", "summary", "export")],
    (["show", "thurrock"], UNKNOWN_PLAN),
    (["overdue", "--plan", "thurrock", "--fail-if-any", "--format", "json"], UNKNOWN_PLAN),  # a CI gate fails
    (["overdue", "thurrock"], (3, "actiontrack: no such file, folder or plan: thurrock; did you mean "
                                  "thurrock-ofsted-2012?\n")),
    (["overdue", "docs"], (3, "actiontrack: no plan files (*.yaml, *.yml) in docs\n")),
    *[([command, "--owner", "Service Managr"], UNKNOWN_OWNER) for command in ("overdue", "due")],
    *[([command, "--status", "inprogress"], UNKNOWN_STATUS) for command in ("overdue", "due")],
    (["show", "thurrock-ofsted-2012", "--status", "inprogress"], UNKNOWN_STATUS),
    *[([command, "--group", "nosuchgroup"], UNKNOWN_GROUP) for command in ("overdue", "due")],
    (["show", "herefordshire-scr-me-2002", "--group", "socail services"],
     (2, "actiontrack: --group: no group in herefordshire-scr-me-2002 matches 'socail services': did you mean "
         "'SOCIAL SERVICES' or 'social-services'?\n")),
])
def test_an_unknown_filter_value_is_an_error_never_an_empty_answer(bundled: Path, runner: CliRunner,
                                                                   args: list[str], expected: tuple[int, str]) -> None:
    code, out, err = run(runner, *args)
    assert (code, err) == expected
    assert out == ""


def test_a_plan_named_by_its_id_is_understood(bundled: Path, runner: CliRunner) -> None:
    by_path = run(runner, "overdue", "thurrock-ofsted-2012", "--as-of", "2012-11-03", "--format", "json")
    by_filter = run(runner, "overdue", "--plan", "thurrock-ofsted-2012", "--as-of", "2012-11-03", "--format", "json")
    assert by_path[0] == 0 and len(json.loads(by_path[1])["rows"]) == 10
    assert json.loads(by_path[1])["rows"] == json.loads(by_filter[1])["rows"]
    # "done" is completed: the completed recurring actions whose next review has passed.
    code, out, _ = run(runner, "overdue", "--status", "done", "--as-of", "2012-11-03", "--format", "json")
    assert code == 0 and {r["status"] for r in json.loads(out)["rows"]} == {"completed"}


# ---------------------------------------------------------------- unreadable plans are part of every answer


def test_table_plain_and_markdown_name_the_broken_plan(broken: Path, runner: CliRunner) -> None:
    args = ["overdue", "--plan", "thurrock-ofsted-2012", "--as-of", "2012-12-01"]
    assert run(runner, *args) == (
        1, NOTICE + "Nothing overdue on 2012-12-01 in the plans that could be read.\n", "actiontrack: " + NOTICE)
    code, out, _ = run(runner, *args, "--format", "markdown")
    assert (code, out) == (1, "".join(f"{line}\n\n" for line in NOTICE.splitlines())
                           + "Nothing overdue on 2012-12-01 in the plans that could be read.\n")
    code, out, _ = run(runner, "list", "--as-of", "2012-12-01")
    assert code == 1 and out.startswith(NOTICE + "Plan ") and "thurrock-ofsted-2012" not in out[len(NOTICE):]
    # In a terminal (here 100 columns), the notice in the problem colour above the rows.
    code, out, _ = run(runner, "overdue", "--as-of", "2012-12-01", "--width", "100")
    assert code == 1 and out.startswith("Overdue on 2012-12-01\nIncomplete answer: 1 plan file could not be read "
                                        "in full.\n")


def test_json_lists_it_and_csv_and_tsv_stay_pure_data(broken: Path, runner: CliRunner) -> None:
    finding = {"file": THURROCK, "line": 36, "col": 20, "severity": "error", "code": "AT001",
               "message": MESSAGE}
    unreadable = [{"file": THURROCK, "plan": None, "errors": 1, "first_error": finding}]
    for command, version in ((["overdue"], 3), (["due"], 3), (["list"], 2), (["export"], 4),
                             (["summary", "--since", "2012-11-01"], 4), (["escalations"], 2)):
        code, out, _ = run(runner, *command, "--as-of", "2012-12-01", "--format", "json")
        doc = json.loads(out)
        assert (code, doc["version"], doc["unreadable"]) == (1, version, unreadable), command
    for fmt in ("csv", "tsv"):
        code, out, err = run(runner, "overdue", "--as-of", "2003-07-31", "--plan", "herefordshire-scr-me-2002",
                              "--plan", "thurrock-ofsted-2012", "--format", fmt)
        lines = out.splitlines()
        assert (code, err) == (1, "actiontrack: " + NOTICE)
        assert lines[0].startswith(("plan,", "plan\t")) and len(lines) == 1 + 4  # the header and the rows, nothing else
        assert all(line.startswith("herefordshire-scr-me-2002") for line in lines[1:])


def test_show_of_a_broken_plan_prints_its_findings(broken: Path, runner: CliRunner) -> None:
    assert run(runner, "show", "thurrock-ofsted-2012") == (1, "", (
        f"{THURROCK}:36:20: error AT001 {MESSAGE}\n"
        f"actiontrack: plan thurrock-ofsted-2012 could not be read: {THURROCK} has 1 problem (above); fix it, "
        f"then run actiontrack validate {THURROCK}\n"))
    # Another plan of the folder is shown in full: the broken file is not part of its answer.
    code, out, err = run(runner, "show", "nottingham-ss-scr-2003", "--format", "json")
    assert (code, err, json.loads(out)["unreadable"]) == (0, "", [])


def test_a_board_report_names_the_broken_plan_first(broken: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "summary", "--as-of", "2012-12-01")
    assert code == 1
    assert out.startswith("## Action plans: status on 2012-12-01\n\nChanges from 25 November to 1 December 2012.\n\n"
                          "### Plan files that could not be read (1)\n\n"
                          "The totals and lists below leave out what these files hold.\n\n"
                          f"- {THURROCK}: not read, 1 error; the first, {FIRST}. Run actiontrack validate "
                          f"{THURROCK} to see every problem.\n\n### Totals\n")


# ---------------------------------------------------------------- undated actions are never on track


def test_nothing_without_a_date_is_on_track(bundled: Path, runner: CliRunner) -> None:
    counts = {r["id"]: (r["on_track"], r["undated"])
              for r in json.loads(run(runner, "list", "--as-of", "2012-12-01", "--format", "json")[1])["rows"]}
    assert counts == {"banes-climbie-2003": (0, 1), "herefordshire-scr-me-2002": (0, 3),
                      "nottingham-ss-scr-2003": (0, 6), "nottinghamshire-scr-an09": (0, 2),
                      "thurrock-ofsted-2012": (17, 4)}
    for plan in counts:
        rows = json.loads(run(runner, "show", plan, "--as-of", "2012-12-01", "--format", "json")[1])["rows"]
        for row in rows:
            if row["due"] is None and row["status"] in ("not-started", "in-progress"):
                assert row["state"] == "undated", (plan, row["action"])
            if row["state"] == "on-track":
                assert row["due"] is not None, (plan, row["action"])


# ---------------------------------------------------------------- a closed pipe is not a finding


def test_a_closed_pipe_ends_quietly_with_the_documented_code(bundled: Path) -> None:
    # A real pipe, as a shell makes it: `head` reads two lines and goes away.
    script = f"set -o pipefail; {sys.executable} -m actiontrack overdue --format json | head -2"
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False, cwd=REPO)
    assert (proc.returncode, proc.stdout, proc.stderr) == (141, '{\n  "version": 3,\n', "")
