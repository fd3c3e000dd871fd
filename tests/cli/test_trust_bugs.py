"""Six trust bugs a reviewer reproduced on main, each pinned: plans no command saw, an all-clear over
undated actions, an as-of status without its evidence, exit 70 at the calendar's end, owner filters
that matched inside words, and one bad plan date that gave 53 findings."""

from __future__ import annotations

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
    assert out.splitlines()[-1] == "6 overdue actions in 1 plan; oldest 185 days"
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
