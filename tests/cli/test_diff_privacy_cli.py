"""Privacy in review: `diff` and textconv report privacy-ok markers added or removed, and `diff`
never quotes in full what the guard matches (a fake NHS number with a valid check digit)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from support import DATA

MakeRepo = Callable[..., Repo]
PLAN = "plans/valid-plan.yaml"
ANCHOR = '        timescale: "Sept 24"\n        status: in-progress\n'
NOTES = (ANCHOR + "        notes:\n"
         "          - date: 2026-11-20\n            by: JB\n"
         "            text: Duty desk on 01632 960123  # privacy-ok: the council's published duty desk\n"
         "          - date: 2026-11-21\n            by: JB\n"
         "            text: Record checked for 999 000 0018\n")


def repo_with_plan(make_repo: MakeRepo) -> Repo:
    repo = make_repo()
    (repo.path / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", repo.path / PLAN)
    repo.commit("The plan", when="2026-11-02T10:00:00+0000")
    return repo


def diff(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["diff", *args])
    return result.exit_code, result.stdout


def test_a_marker_added_is_a_change_and_values_are_masked(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = repo_with_plan(make_repo)
    repo.replace(PLAN, ANCHOR, NOTES)
    base = repo.sha("HEAD")[:12]
    code, out = diff(runner)
    assert code == 0
    assert out == (
        f"{base} -> working tree: 3 changes in 1 plan\n\n"
        "valid-plan\n"
        "  action 1.2 (Audit case files.) note added: 2026-11-20 JB: Duty desk on ***** ****23\n"
        "  action 1.2 (Audit case files.) note added: 2026-11-21 JB: Record checked for *** *** **18\n"
        "  action 1.2 (Audit case files.) privacy-ok marker added at line 56: \"the council's published duty desk\" "
        "covering text: Duty desk on ***** ****23\n")
    code, out = diff(runner, "--format", "markdown")
    assert "- action 1.2 (Audit case files.) privacy-ok marker added at line 56: \"the council's published duty " \
           "desk\" covering text: Duty desk on \\*\\*\\*\\*\\* \\*\\*\\*\\*23\n" in out
    code, out = diff(runner, "--format", "json")
    document = json.loads(out)
    assert document["version"] == 5
    assert document["changes"][2] == {
        "plan": "valid-plan", "recommendation": "1", "action": "1.2", "kind": "privacy-ok",
        "subject": "Audit case files.", "before": None,
        "after": {"line": 56, "reason": "the council's published duty desk", "text": "text: Duty desk on ***** ****23"},
        "days": None, "explained": None, "consequences": []}
    for text in (out, diff(runner)[1], diff(runner, "--format", "markdown")[1]):
        assert "0018" not in text.replace("**18", "") and "960123" not in text and "01632" not in text


def test_a_marker_removed_or_moved(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = repo_with_plan(make_repo)
    repo.replace(PLAN, ANCHOR, NOTES)
    repo.commit("Notes", when="2026-11-21T10:00:00+0000")
    # A marked line moved down by a line added above it: no change of its own.
    repo.replace(PLAN, "        text: Audit case files.\n", "        text: Audit case files.\n        measure: All files\n")
    code, out = diff(runner)
    assert [line for line in out.splitlines() if "privacy-ok" in line] == []
    repo.replace(PLAN, "  # privacy-ok: the council's published duty desk", "")
    code, out = diff(runner)
    assert out.splitlines()[-1] == (
        "  action 1.2 (Audit case files.) privacy-ok marker removed, was at line 56: \"the council's published "
        "duty desk\" covering text: Duty desk on ***** ****23")
    code, out = diff(runner, "--format", "json")
    (change,) = [c for c in json.loads(out)["changes"] if c["kind"] == "privacy-ok"]
    assert (change["before"], change["after"]) == (
        {"line": 56, "reason": "the council's published duty desk", "text": "text: Duty desk on ***** ****23"}, None)


def test_a_plan_level_marker_and_history(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = repo_with_plan(make_repo)
    repo.replace(PLAN, "organisation: Example Safeguarding Children Partnership\n",
                 "organisation: Example Safeguarding Children Partnership  # privacy-ok: a public body's name\n")
    code, out = diff(runner)
    assert out.splitlines()[-1] == ("  plan privacy-ok marker added at line 4: \"a public body's name\" covering "
                                    "organisation: Example Safeguarding Children Partnership")
    repo.commit("Marked", when="2026-11-22T10:00:00+0000")
    result = runner.invoke(app, ["history", "valid-plan", "--format", "json"])
    kinds = [c["kind"] for step in json.loads(result.stdout)["commits"] for c in step["changes"]]
    assert kinds[-1] == "privacy-ok"


def test_textconv_lists_the_markers(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "plans").mkdir()
    text = (DATA / "valid-plan.yaml").read_text(encoding="utf-8").replace(ANCHOR, NOTES)
    (in_tmp / PLAN).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["textconv", PLAN])
    assert result.stdout.splitlines()[-1] == (
        "action 1.2 privacy-ok: the council's published duty desk (covering text: Duty desk on ***** ****23)")
