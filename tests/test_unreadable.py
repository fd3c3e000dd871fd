"""Plan files `diff` and `summary` cannot read, or refuse to: findings and exit codes, never a crash."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app
from gitfixture import Repo

MakeRepo = Callable[..., Repo]

# Synthetic: no real case.
PLAN = """\
id: {id}
title: Small plan
organisation: Example Partnership
source: {{kind: other}}
date: 2026-01-15
recommendations:
  - id: "1"
    text: Do the thing.
    actions:
      - id: "1.1"
        text: First step.
        owners: [Board]
        due: 2026-03-31
        status: in-progress
"""
LINK = "is a symbolic link: plan files must be regular files in the repository"


def unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `path` unreadable. chmod 000 is enough for other users; root reads through it, so then
    reading that one file raises what the kernel raises for anyone else."""
    path.chmod(0o000)
    if os.geteuid() != 0:
        return
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


def test_diff_reports_an_unreadable_working_tree_file(make_repo: MakeRepo, runner: CliRunner,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    repo.write("plans/p1.yaml", PLAN.format(id="p1"))
    repo.write("plans/p2.yaml", PLAN.format(id="p2"))
    sha = repo.commit("plans")
    unreadable(repo.path / "plans/p2.yaml", monkeypatch)
    result = runner.invoke(app, ["diff", "--check"])
    assert (result.exit_code, result.stdout, result.stderr) == (1, (
        f"{sha[:12]} -> working tree: 1 problem and 0 changes in 1 plan\n"
        "\n"
        "p2\n"
        "  ! invalid-plan: plan p2 does not validate at head: plans/p2.yaml:1:1: error AT003 cannot read file: "
        "Permission denied\n"), "")


def test_summary_reports_an_unreadable_working_tree_file(make_repo: MakeRepo, runner: CliRunner,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    repo.write("plans/p1.yaml", PLAN.format(id="p1"))
    repo.write("plans/p2.yaml", PLAN.format(id="p2"))
    repo.commit("plans", when="2026-02-01T10:00:00+0000")
    unreadable(repo.path / "plans/p2.yaml", monkeypatch)
    result = runner.invoke(app, ["summary", "--since", "2026-02-01", "--format", "json"])
    assert result.exit_code == 1
    assert [p["id"] for p in json.loads(result.stdout)["plans"]] == ["p1"]
    assert result.stderr == "plans/p2.yaml:1:1: error AT003 cannot read file: Permission denied\n"
