"""Six trust bugs a reviewer reproduced on main, each pinned: plans no command saw, an all-clear over
undated actions, an as-of status without its evidence, exit 70 at the calendar's end, owner filters
that matched inside words, and one bad plan date that gave 53 findings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import SEED_PLANS


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def seeds(in_tmp: Path) -> Path:
    shutil.copytree(SEED_PLANS, in_tmp / "plans")
    return in_tmp


# ---------------------------------------------------------------- 1. every plan file below plans/ is read

def test_plans_in_subfolders_and_upper_case_suffixes_are_read(runner: CliRunner, seeds: Path) -> None:
    plans = seeds / "plans"
    (plans / "2024").mkdir()
    shutil.copy(plans / "thurrock-ofsted-2012.yaml", plans / "2024")
    (plans / "nottingham-ss-scr-2003.yaml").rename(plans / "nottingham-ss-scr-2003.YAML")
    (plans / "banes-climbie-2003.yaml").rename(plans / "banes-climbie-2003.Yml")
    code, out, err = run(runner, "validate")
    assert code == 1
    assert err.splitlines()[-1] == "6 files checked: 1 error, 16 warnings"
    assert ("plans/thurrock-ofsted-2012.yaml:7:1: error AT202 duplicate plan id 'thurrock-ofsted-2012' "
            "(also in plans/2024/thurrock-ofsted-2012.yaml)") in out.splitlines()
    assert any(line.startswith("plans/2024/thurrock-ofsted-2012.yaml:") for line in out.splitlines())
    code, out, _ = run(runner, "overdue", "--plan", "nottingham-ss-scr-2003", "--as-of", "2004-01-01")
    assert code == 0
    assert out.splitlines()[-1].startswith("6 overdue actions in 1 plan; oldest 185 days. ")
    # A plan argument naming the id finds the file, whatever its suffix's case.
    assert run(runner, "show", "banes-climbie-2003", "--format", "json")[0] == 0
    assert run(runner, "overdue", "nottingham-ss-scr-2003", "--as-of", "2004-01-01")[1] == out


def test_hidden_folders_are_not_plans(runner: CliRunner, seeds: Path) -> None:
    # edit's .actiontrack-tmp/ (and .git) hold no plans: a copy there is not a second plan.
    hidden = seeds / "plans" / ".actiontrack-tmp"
    hidden.mkdir()
    shutil.copy(seeds / "plans" / "thurrock-ofsted-2012.yaml", hidden)
    code, _, err = run(runner, "validate")
    assert (code, err.splitlines()[-1]) == (0, "5 files checked: 0 errors, 9 warnings")


# ---------------------------------------------------------------- 2. undated open actions are never an all-clear

def _tbc_plan(folder: Path, n: int = 16) -> None:
    actions = "".join(f"""
      - id: "1.{i}"
        text: Synthetic action {i}.
        owners: [AM]
        timescale: "TBC"
        status: {"unknown" if i > 13 else "in-progress"}""" for i in range(1, n + 1))
    folder.mkdir(exist_ok=True)
    (folder / "tbc-plan.yaml").write_text(f"""id: tbc-plan
title: Synthetic plan, every date to be confirmed
organisation: Example Partnership
source: {{kind: audit, reference: Test}}
date: 2026-01-05
people:
  AM: {{name: Alex Morgan}}
recommendations:
  - id: "1"
    text: Synthetic recommendation.
    actions:{actions}
""", encoding="utf-8")


TBC_SAID = ("16 open actions have no readable due date, so whether they are overdue cannot be judged (13 undated, "
            "3 not reported): see them with actiontrack show tbc-plan.")


def test_overdue_over_undated_actions_is_not_an_all_clear(runner: CliRunner, in_tmp: Path) -> None:
    _tbc_plan(in_tmp / "plans")
    code, out, _ = run(runner, "overdue", "--fail-if-any", "--as-of", "2026-12-01")
    # Not overdue, so the gate passes (docs/reading.md says why); but the answer says what it could not judge.
    assert (code, out) == (0, f"Nothing overdue on 2026-12-01 among the actions with a due date. {TBC_SAID}\n")
    code, out, _ = run(runner, "overdue", "--fail-if-any", "--as-of", "2026-12-01", "--format", "markdown")
    assert (code, out) == (0, f"Nothing overdue on 2026-12-01 among the actions with a due date. {TBC_SAID}\n")
    for cache in ([], ["--no-cache"]):  # the cached JSON rows and the general path agree
        code, out, _ = run(runner, "overdue", "--as-of", "2026-12-01", "--format", "json", *cache)
        assert (code, out) == (0, '{\n  "version": 3,\n  "as_of": "2026-12-01",\n  "rows": [],\n  "not_judged": '
                                  '{\n    "undated": 13,\n    "unknown": 3\n  },\n  "unreadable": []\n}\n')
    code, out, _ = run(runner, "due", "--as-of", "2026-12-01", "--format", "json", "--owner", "AM")
    assert code == 0 and '"not_judged": {\n    "undated": 13,\n    "unknown": 3\n  }' in out
    code, out, _ = run(runner, "due", "--as-of", "2026-12-01")
    assert (code, out) == (0, "Nothing comes due from 2026-12-01 to 2026-12-15 among the actions with a due date. "
                              + TBC_SAID.replace("are overdue", "are due by 2026-12-15") + "\n")
    # A status filter narrows what is counted too.
    code, out, _ = run(runner, "overdue", "--as-of", "2026-12-01", "--status", "unknown")
    assert out == ("Nothing overdue on 2026-12-01 among the actions with a due date. 3 open actions have no readable "
                   "due date, so whether they are overdue cannot be judged (not reported): see them with actiontrack "
                   "show tbc-plan.\n")


def test_the_bundled_plans_count_line_names_the_undated(runner: CliRunner, seeds: Path) -> None:
    code, out, _ = run(runner, "overdue", "--as-of", "2026-12-01")
    assert (code, out.splitlines()[-1]) == (0, (
        "179 overdue actions in 5 plans; oldest 8,646 days. 16 open actions have no readable due date, so whether "
        "they are overdue cannot be judged (undated): actiontrack list counts them by plan, actiontrack show PLAN "
        "lists them."))


# ---------------------------------------------------------------- 3. --as-of: a status needs its record by that day

EMBEDDED_LATER = """id: embedded-plan
title: Synthetic plan, embedded by hand
organisation: Example Partnership
source: {kind: audit, reference: Test}
date: 2024-01-05
recommendations:
  - id: "1"
    text: Synthetic recommendation.
    actions:
      - id: "1.1"
        text: Synthetic action.
        owners: [Board]
        due: 2024-03-31
        status: embedded
        evidence:
          - {date: 2024-06-01, description: Re-audit of 20 files}
"""


def test_as_of_an_embedded_status_whose_evidence_is_later_is_completed(runner: CliRunner, in_tmp: Path) -> None:
    (in_tmp / "plans").mkdir()
    (in_tmp / "plans" / "embedded-plan.yaml").write_text(EMBEDDED_LATER, encoding="utf-8")
    _, out, _ = run(runner, "show", "embedded-plan", "--as-of", "2024-05-01", "--format", "json")
    row = json.loads(out)["rows"][0]
    assert (row["status"], row["state"]) == ("completed", "completed")
    _, out, _ = run(runner, "list", "--as-of", "2024-05-01", "--format", "json")
    counts = json.loads(out)["rows"][0]
    assert (counts["completed"], counts["embedded"]) == (1, 0)
    _, out, _ = run(runner, "show", "embedded-plan", "--as-of", "2024-06-01", "--format", "json")
    assert json.loads(out)["rows"][0]["state"] == "embedded"


# ---------------------------------------------------------------- 4. the calendar's ends are a usage error, never exit 70

# One invocation of every command that takes --as-of or --since (the test below fails when a command
# gains either option and is not here). Edits write to a copy; `new` and `import` only with --dry-run.
CALENDAR_SWEEP = {
    "due": ("due",),
    "escalations": ("escalations",),
    "export": ("export",),
    "import": ("import", "tracker.csv", "--organisation", "Test", "--date", "2003-06-04", "--dry-run"),
    "list": ("list",),
    "new": ("new", "calendar-plan", "--title", "T", "--organisation", "O", "--source-kind", "audit", "--dry-run"),
    "note": ("note", "thurrock-ofsted-2012:1.1", "Checked.", "--by", "Tester"),
    "overdue": ("overdue",),
    "report": ("report", "-o", "board.html"),
    "reschedule": ("reschedule", "thurrock-ofsted-2012:15.2", "2013-06-30", "--reason", "Staff", "--by", "Tester"),
    "show": ("show", "thurrock-ofsted-2012"),
    "status": ("status", "thurrock-ofsted-2012:15.2", "completed", "--note", "Done.", "--by", "Tester"),
    "summary": ("summary",),
    "timescale": ("timescale", "Sept 03"),
    "validate": ("validate",),
}
EXTRA = {"export": [("--format", "xlsx", "-o", "t.xlsx"), ("--format", "ics", "-o", "t.ics")],
         "summary": [("--format", "json"), ("--format", "text")], "report": [("--format", "html",)]}


def test_every_date_option_is_in_the_calendar_sweep() -> None:
    import typer.main

    group = typer.main.get_command(app)
    dated = {name for name, cmd in group.commands.items()  # type: ignore[attr-defined]
             if {"--as-of", "--since"} & {o for p in cmd.params for o in getattr(p, "opts", [])}}
    assert dated == set(CALENDAR_SWEEP)


@pytest.mark.parametrize("name", sorted(CALENDAR_SWEEP))
def test_the_calendars_ends_are_answered_not_an_internal_error(runner: CliRunner, make_repo: object,
                                                               name: str) -> None:
    repo = make_repo()  # type: ignore[operator]
    shutil.copytree(SEED_PLANS, repo.path / "plans")
    (repo.path / "tracker.csv").write_text("Recommendation,Action,Timescale,Lead\n1. Do it,1.1 Audit files,Sept 03,"
                                           "Service Manager\n", encoding="utf-8")
    repo.commit("The bundled plans", when="2026-01-05T10:00:00+0000")
    cases = [("--as-of", day) for day in ("9999-12-31", "9999-12-20", "0001-01-01", "0001-01-05")]
    if name in ("summary", "report"):
        cases += [("--as-of", "2026-11-22", "--since", "0001-01-01"), ("--as-of", "0001-03-01", "--since", "3m"),
                  ("--as-of", "9999-12-31", "--since", "9999-12-01")]
    for extra in [(), *EXTRA.get(name, [])]:
        for case in cases:
            args = (*CALENDAR_SWEEP[name], *extra, *case)
            code, _, err = run(runner, *args)
            assert code != 70, (args, err)
            if code == 2:
                assert "is beyond the calendar" in err and "\n" not in err.rstrip("\n"), (args, err)


def test_summary_and_report_at_the_calendars_end(runner: CliRunner, seeds: Path) -> None:
    beyond = "actiontrack: --as-of: 14d from 9999-12-31 is beyond the calendar\n"
    assert run(runner, "summary", "--as-of", "9999-12-31")[::2] == (2, beyond)
    assert run(runner, "report", "--as-of", "9999-12-31", "-o", "x.html")[::2] == (2, beyond)
    assert not (seeds / "x.html").exists()
    assert run(runner, "due", "--as-of", "9999-12-31")[::2] == (
        2, "actiontrack: --within: 14d from 9999-12-31 is beyond the calendar\n")
    # What can be answered still is: nothing looks ahead or back past the calendar.
    assert run(runner, "overdue", "--as-of", "9999-12-31", "--format", "json")[0] == 0


# ---------------------------------------------------------------- 5. --owner matches where a word begins

def test_owner_ted_is_ted_townsend_not_designated_or_integrated(runner: CliRunner, seeds: Path) -> None:
    code, out, _ = run(runner, "overdue", "--owner", "Ted", "--as-of", "2026-12-01", "--format", "json")
    rows = json.loads(out)["rows"]
    assert code == 0 and rows  # the true hits are kept
    assert all("Ted Townsend" in row["owners"] for row in rows)
    code, out, _ = run(runner, "overdue", "--owner", "designated", "--as-of", "2026-12-01", "--format", "json")
    assert code == 0 and any("Designated Doctor/Nurse for LAC" in row["owners"] for row in json.loads(out)["rows"])
    # Initials still stand for their person in the people key: `merrell` finds SM.
    code, out, _ = run(runner, "overdue", "--owner", "merrell", "--as-of", "2026-12-01", "--format", "json")
    assert code == 0 and json.loads(out)["rows"] and all("SM" in row["owners"] for row in json.loads(out)["rows"])
    code, _, err = run(runner, "overdue", "--owner", "esignated", "--as-of", "2026-12-01")
    assert code == 2 and err.startswith("actiontrack: --owner: no action in the plans has an owner matching 'esignated'")


def test_group_matches_from_where_a_word_begins(runner: CliRunner, seeds: Path) -> None:
    code, out, _ = run(runner, "overdue", "--group", "social", "--as-of", "2026-12-01", "--format", "json")
    assert code == 0 and json.loads(out)["rows"]  # SOCIAL SERVICES
    code, _, err = run(runner, "overdue", "--group", "ocial", "--as-of", "2026-12-01")
    assert code == 2 and err.startswith("actiontrack: --group: no group in the plans matches 'ocial'")


# ---------------------------------------------------------------- 6. one bad plan date is one finding, and one that says why

def test_an_invalid_plan_date_is_one_error_and_one_warning_saying_why(runner: CliRunner, seeds: Path) -> None:
    path = seeds / "plans" / "banes-climbie-2003.yaml"
    text = path.read_text(encoding="utf-8")
    agreed = "\ndate: 2003-07-09  #"
    assert agreed in text
    path.write_text(text.replace(agreed, "\ndate: 2003-02-30  #"), encoding="utf-8")
    code, out, err = run(runner, "validate", "plans/banes-climbie-2003.yaml")
    assert (code, err) == (1, "1 file checked: 1 error, 1 warning\n")
    assert out == (
        "plans/banes-climbie-2003.yaml:12:1: warning AT209 the plan's 'date' could not be read (AT105): timescales "
        "counted from it (two-digit years, \"Immediate\", \"Within 3 months\", \"Sept\" without a year) read as "
        "unknown; 52 timescales of this plan need it, the first 'End Oct 03' (action S1.1.1, line 39): correct the "
        "date\n"
        "plans/banes-climbie-2003.yaml:12:7: error AT105 'date' is not a real date: 2003-02-30\n")
    # A wording no date can place is still its own AT205.
    path.write_text(text.replace('timescale: "End Oct 03"', 'timescale: "When funds allow"', 1)
                    .replace(agreed, "\ndate: 2003-02-30  #"), encoding="utf-8")
    _, out, _ = run(runner, "validate", "plans/banes-climbie-2003.yaml")
    assert [line.split(" ")[2] for line in out.splitlines()] == ["AT209", "AT105", "AT205"]
    assert out.splitlines()[2] == ("plans/banes-climbie-2003.yaml:39:9: warning AT205 timescale 'When funds allow' is not a date "
                                   "actiontrack can read: add 'due: YYYY-MM-DD' (check with: actiontrack timescale "
                                   "\"When funds allow\")")
    assert "51 timescales of this plan need it" in out
