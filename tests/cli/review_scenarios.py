"""The pull requests of issue 12's scenarios, each a branch of hand edits in a real repository.

Shared by the scenario tests (tests/cli/test_review_scenarios.py) and the history tests. The plan
is synthetic: no real case.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from support import SEED_PLANS

MakeRepo = Callable[..., Repo]
FILE = "plans/example-scr-2025.yaml"
PLAN = """\
id: example-scr-2025
title: Serious Case Review "Child Q" action plan
organisation: Example Safeguarding Children Partnership
source: {kind: serious-case-review, reference: SCR Child Q, date: 2025-01-10}
date: 2025-02-01
completed_by: {name: Alex Morgan, role: Partnership Business Manager, date: 2025-02-01}
people:
  SM: {name: Sam Mills, role: Children's Services Manager}
  LM: {name: Lee Marsh, role: Planning and Review Manager}
groups:
  - {id: all-agencies, title: ALL AGENCIES}
  - {id: health, title: HEALTH}
recommendations:
  - id: "1"
    group: all-agencies
    text: Full family histories are taken and kept up to date.
    outcome: Practitioners know who lives in the household.
    references: [Finding 3]
    amendments:
      - {date: 2025-06-30, text: Extended to adult services by the Board.}
    actions:
      - id: "1.1"
        text: Issue interim guidance to social work teams.
        owners: [SM]
        timescale: "Within 3 months"
        monitoring: Audit of 20 case files
        status: completed
        notes:
          - date: 2025-04-20
            by: SM
            text: Guidance issued to all teams.
            status: completed
      - id: "1.2"
        text: Audit case files for family histories.
        owners: [SM, LM]
        timescale: "Sept 25"
        status: in-progress
        notes:
          - date: 2025-07-01
            by: LM
            text: Audit tool agreed.
            status: in-progress
      - id: "1.3"
        text: Report audit findings to the Board.
        owners: [LM]
        timescale: "March 2026"
        due: 2026-03-31
        status: not-started
  - id: "2"
    group: health
    text: Health visitors record who lives in the household.
    actions:
      - id: "2.1"
        text: Add a household field to the health visiting record.
        owners: ["Named Nurse, Safeguarding"]
        timescale: "April 2025 (and yearly thereafter)"
        status: in-progress
        notes:
          - date: 2025-05-01
            by: LM
            text: Change request raised.
"""


def pull_request(make_repo: MakeRepo, plan: str | None = None, seed: str | None = None) -> Repo:
    """A repository with the plan (or a seed plan) committed on main and a branch `feature` checked out."""
    repo = make_repo()
    if seed is not None:
        (repo.path / "plans").mkdir()
        shutil.copy(SEED_PLANS / f"{seed}.yaml", repo.path / "plans" / f"{seed}.yaml")
    else:
        repo.write(FILE, plan or PLAN)
    repo.commit("Plan agreed", when="2026-11-02T10:00:00+0000")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def review(repo: Repo, runner: CliRunner, message: str = "Hand edits",
           when: str = "2026-11-03T10:00:00+0000") -> tuple[str, dict[str, Any], int]:
    """Commit the branch, then `diff main...feature` as text, as JSON, and `--check`'s exit code."""
    repo.commit(message, when=when)
    text = runner.invoke(app, ["diff", "main...feature"])
    assert text.exit_code == 0, text.output
    doc = json.loads(runner.invoke(app, ["diff", "main...feature", "--format", "json"]).stdout)
    return text.stdout, doc, runner.invoke(app, ["diff", "main...feature", "--check"]).exit_code


def heading(repo: Repo, counts: str) -> str:
    """The diff's first line for main...feature."""
    return f"{repo.sha('main')[:12]} -> {repo.sha('feature')[:12]}: {counts}\n"


def change(kind: str, before: object, after: object, *, plan: str = "example-scr-2025", rec: str | None = None,
           act: str | None = None, subject: str | None = None, days: int | None = None,
           explained: bool | None = None, consequences: list[dict[str, object]] | None = None) -> dict[str, object]:
    """One change as the JSON contract gives it."""
    return {"plan": plan, "recommendation": rec, "action": act, "kind": kind, "subject": subject, "before": before,
            "after": after, "days": days, "explained": explained, "consequences": consequences or []}


def problem(kind: str, message: str, before: object, after: object, *, plan: str = "example-scr-2025",
            rec: str | None = None, act: str | None = None) -> dict[str, object]:
    """One problem as the JSON contract gives it."""
    return {"plan": plan, "recommendation": rec, "action": act, "kind": kind, "message": message, "before": before,
            "after": after}


def ends(repo: Repo) -> dict[str, object]:
    """The first three keys of the JSON document for main...feature."""
    return {"version": 5, "base": repo.sha("main"), "head": repo.sha("feature")}


def path_of(repo: Repo) -> Path:
    return repo.path / FILE
