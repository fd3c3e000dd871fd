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
    opening that one file raises what the kernel raises for anyone else."""
    path.chmod(0o000)
    if os.geteuid() != 0:
        return
    real = os.open

    def open_(file: object, flags: int, *args: object, **kwargs: object) -> int:
        if os.path.realpath(file) == os.path.realpath(path):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", open_)


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
        "  ! invalid-plan: plan p2 does not validate at head: 1 error in plans/p2.yaml\n"
        "      plans/p2.yaml:1:1: error AT003 cannot read file: Permission denied\n"), "")


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


def linked_repo(make_repo: MakeRepo) -> tuple[Repo, str, str]:
    """p1 a regular plan; then a commit adding plans/linked.yaml as a link to store/linked.yaml."""
    repo = make_repo()
    repo.write("plans/p1.yaml", PLAN.format(id="p1"))
    base = repo.commit("plans", when="2026-02-01T10:00:00+0000")
    repo.write("store/linked.yaml", PLAN.format(id="linked"))
    (repo.path / "plans/linked.yaml").symlink_to("../store/linked.yaml")
    head = repo.commit("linked plan", when="2026-02-02T10:00:00+0000")
    return repo, base, head


def test_diff_refuses_a_symlinked_plan_at_a_revision(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, base, head = linked_repo(make_repo)
    result = runner.invoke(app, ["diff", "HEAD~1", "HEAD", "--check"])
    assert (result.exit_code, result.stdout) == (1, (
        f"{base[:12]} -> {head[:12]}: 1 problem and 0 changes in 1 plan\n"
        "\n"
        "linked\n"
        "  ! invalid-plan: plan linked does not validate at head: 1 error in plans/linked.yaml\n"
        f"      plans/linked.yaml:1:1: error AT003 {LINK}\n"))


def test_diff_refuses_a_symlinked_plan_in_the_working_tree_alike(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, _, head = linked_repo(make_repo)
    # Unchanged, the link is still reported: its target's changes would go unseen.
    result = runner.invoke(app, ["diff", "--format", "json"])
    assert result.exit_code == 0
    error = {"file": "plans/linked.yaml", "line": 1, "col": 1, "severity": "error", "code": "AT003", "message": LINK}
    assert json.loads(result.stdout)["problems"] == [
        {"plan": "linked", "recommendation": None, "action": None, "kind": "invalid-plan",
         "message": "plan linked does not validate at head: 1 error in plans/linked.yaml (at base: 1 error)",
         "before": {"errors": [error], "read": "none", "commit": None, "date": None}, "after": {"errors": [error]}}]
    # A link to a folder, or to nothing, is a link all the same.
    (repo.path / "plans/folder.yaml").symlink_to("../store")
    (repo.path / "plans/dangling.yaml").symlink_to("../store/gone.yaml")
    problems = json.loads(runner.invoke(app, ["diff", "--format", "json"]).stdout)["problems"]
    assert [(p["plan"], p["message"].split(": ", 1)[0]) for p in problems] == [
        ("dangling", "plan dangling does not validate at head"),
        ("folder", "plan folder does not validate at head"),
        ("linked", "plan linked does not validate at head")]


def test_summary_refuses_a_symlinked_plan(make_repo: MakeRepo, runner: CliRunner) -> None:
    linked_repo(make_repo)
    for extra in (["--as-of", "2026-02-03"], []):  # at a revision, and in the working tree
        result = runner.invoke(app, ["summary", "--since", "2026-02-01", "--format", "json", *extra])
        assert result.exit_code == 1
        assert [p["id"] for p in json.loads(result.stdout)["plans"]] == ["p1"]
        assert result.stderr == f"plans/linked.yaml:1:1: error AT003 {LINK}\n"
