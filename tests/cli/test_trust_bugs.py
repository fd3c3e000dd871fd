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
