"""docs/ci.md, docs/review.md and docs/summary.md stay true: the workflows parse, every actiontrack
command they name exists with those options, their steps run in a real repository, and the JSON
contracts are the ones the commands print."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import typer.main
from ruamel.yaml import YAML
from test_diff_cli import expected_json, seed_repo
from test_summary_cli import EXPECTED as SUMMARY_JSON
from test_summary_cli import MARKDOWN as SUMMARY_MARKDOWN

from actiontrack.cli import app

from gitfixture import Repo
from support import REPO

DOCS = REPO / "docs"
MakeRepo = Callable[..., Repo]


def fenced(name: str, lang: str) -> list[str]:
    """The fenced blocks of one language ("" for none) in a docs page, in order."""
    blocks: list[str] = []
    current: list[str] | None = None
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines(keepends=True):
        if current is None and line.startswith("```"):
            current = [] if line[3:].strip() == lang else None
            if current is None:
                current = ["\0skip"]  # inside a block of another language
        elif current is not None and line.rstrip("\n") == "```":
            if current[:1] != ["\0skip"]:
                blocks.append("".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def workflows() -> dict[str, dict]:  # type: ignore[type-arg]
    """The workflows in docs/ci.md by name, loaded with the safe loader."""
    out = {}
    for block in fenced("ci.md", "yaml"):
        doc = YAML(typ="safe", pure=True).load(block)
        out[doc["name"]] = doc
    return out


def cron_script() -> str:
    (script,) = [b for b in fenced("ci.md", "sh") if b.startswith("#!/bin/sh\n")]
    return script


def actiontrack_lines(script: str) -> list[list[str]]:
    """Each `actiontrack ...` command in a shell script, cut at redirections and pipes."""
    out = []
    # A command continued with a trailing backslash is one command, as the shell reads it.
    for line in script.replace("\\\n", " ").splitlines():
        line = line.strip().removeprefix("$ ")  # console examples show a prompt
        command = re.split(r"\s(?:>>?|\|)\s", line)[0]
        # A synopsis ("actiontrack diff [BASE [HEAD]]") is not a command.
        if command.startswith("actiontrack ") and "[" not in command:
            out.append(shlex.split(command, comments=True)[1:])  # "# ..." is a comment, as in a shell
    return out


def test_workflows_parse_and_have_the_documented_steps() -> None:
    flows = workflows()
    assert sorted(flows) == ["plans", "weekly status"]
    plans = flows["plans"]
    assert set(plans["on"]) == {"pull_request", "push"}
    steps = plans["jobs"]["check"]["steps"]
    assert steps[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    runs = [s.get("run", "") for s in steps]
    assert "actiontrack validate --format github" in runs
    review = next(s for s in steps if s.get("name") == "Review the change")
    assert review["if"] == "github.event_name == 'pull_request' && !cancelled()"
    assert review["run"].splitlines() == [
        'actiontrack diff "$BASE...$HEAD" --format markdown >> "$GITHUB_STEP_SUMMARY"',
        'actiontrack diff "$BASE...$HEAD" --check',
    ]
    weekly = flows["weekly status"]
    assert weekly["on"]["schedule"] == [{"cron": "0 7 * * 1"}]
    assert weekly["jobs"]["summary"]["steps"][0]["with"] == {"fetch-depth": 0}


def every_documented_command() -> list[list[str]]:
    commands = []
    for flow in workflows().values():
        for job in flow["jobs"].values():
            for step in job["steps"]:
                commands += actiontrack_lines(step.get("run", ""))
    for page in ("ci.md", "review.md", "summary.md", "escalations.md", "report.md", "../README.md"):
        for block in fenced(page, "sh") + fenced(page, "") + fenced(page, "console"):
            commands += actiontrack_lines(block)
    return commands


def test_every_documented_command_parses() -> None:
    group = typer.main.get_command(app)
    commands = every_documented_command()
    # At least these (other branches document more commands in the README).
    assert {c[0] for c in commands} >= {"validate", "timescale", "export", "diff", "textconv", "summary", "report"}
    for words in commands:
        command = group.commands[words[0]]  # type: ignore[attr-defined]
        # Parsing only: an unknown option or a bad --format value raises here.
        command.make_context(words[0], list(words[1:]))


def shim(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has an `actiontrack` that runs this interpreter's package."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    exe = bin_dir / "actiontrack"
    exe.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m actiontrack "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def run_step(step: dict, cwd: Path, env: dict[str, str], expressions: dict[str, str]) -> int:  # type: ignore[type-arg]
    """Run one workflow step's script as GitHub does (bash -e), with its env: expressions filled in."""
    step_env = {k: expressions[v] if v in expressions else str(v) for k, v in step.get("env", {}).items()}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env={**env, **step_env},
                          capture_output=True, text=True, check=False)
    return proc.returncode


def test_pull_request_workflow_runs(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, base, head = seed_repo(make_repo)
    env = shim(tmp_path)
    summary = tmp_path / "step-summary.md"
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    expressions = {"${{ github.event.pull_request.base.sha }}": base,
                   "${{ github.event.pull_request.head.sha }}": head}
    steps = {s.get("name"): s for s in workflows()["plans"]["jobs"]["check"]["steps"]}
    # The seed plan has only warnings: validation passes; the change has problems: the gate fails.
    assert run_step(steps["Validate the plans"], repo.path, env, expressions) == 0
    assert run_step(steps["Review the change"], repo.path, env, expressions) == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(f"## Plan changes: `{base[:12]}` → `{head[:12]}`\n\n3 problems and 4 changes in 1 plan.\n")
    assert "- action 15.2 (SCCN to implement a QA system to test c…) due: 2012-10-27 → 2012-12-31 (+65 days, no ledger " \
        "note)\n" in text
    # A clean change passes the gate.
    repo.git("checkout", "-q", "-b", "clean", base)
    repo.replace("plans/thurrock-ofsted-2012.yaml", "text: Report to LSCB ON 5.12.12 & SCCN on 3.12.12\n"
                                                    "            status: in-progress\n",
                 "text: Report to LSCB ON 5.12.12 & SCCN on 3.12.12\n            status: in-progress\n"
                 "          - date: 2012-12-06\n            by: Thurrock Council\n            text: Reported to LSCB\n")
    clean = repo.commit("QA system live", when="2026-11-04T10:00:00+0000")
    expressions["${{ github.event.pull_request.head.sha }}"] = clean
    assert run_step(steps["Review the change"], repo.path, env, expressions) == 0


def recent_history(make_repo: MakeRepo) -> tuple[Repo, str]:
    """A plan with an action completed two days ago, committed then; dates relative to today."""
    today = datetime.now(UTC).date()
    repo = make_repo()
    plan = f"""\
        id: ci-plan
        title: CI plan
        organisation: Example Partnership
        source: {{kind: other}}
        date: {today - timedelta(days=60)}
        recommendations:
          - id: "1"
            text: Do it.
            actions:
              - id: "1.1"
                text: Do it now.
                owners: [Board]
                due: {today + timedelta(days=5)}
                status: in-progress
        """
    repo.write("plans/ci-plan.yaml", plan)
    repo.commit("Plan agreed", when=f"{today - timedelta(days=20)}T10:00:00+0000")
    done = today - timedelta(days=2)
    repo.replace("plans/ci-plan.yaml", "        status: in-progress\n",
                 f"        status: completed\n        notes:\n          - {{date: {done}, by: Board, text: Done., "
                 "status: completed}\n")
    repo.commit("Done", when=f"{done}T10:00:00+0000")
    return repo, today.isoformat()


def test_weekly_cron_script_runs(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, today = recent_history(make_repo)
    script = tmp_path / "weekly-status.sh"
    script.write_text(cron_script(), encoding="utf-8")
    reports = tmp_path / "reports"
    proc = subprocess.run(["sh", str(script), str(repo.path), str(reports)], env=shim(tmp_path),
                          capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == f"{reports}/status-{today}.md\n"
    md = (reports / f"status-{today}.md").read_text(encoding="utf-8")
    assert md.startswith(f"## Action plans: status on {today}\n")
    assert "### Completed (1)\n\n- ci-plan action 1.1 completed on " in md
    doc = json.loads((reports / f"status-{today}.json").read_text(encoding="utf-8"))
    assert doc["as_of"] == today and [c["action"] for c in doc["completed"]] == ["1.1"]
    missing = subprocess.run(["sh", str(script)], env=shim(tmp_path), capture_output=True, text=True, check=False)
    assert missing.returncode != 0 and "usage: weekly-status.sh REPO [REPORTS]" in missing.stderr


def test_weekly_workflow_step_runs(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, today = recent_history(make_repo)
    env = shim(tmp_path)
    summary = tmp_path / "step-summary.md"
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    step = next(s for s in workflows()["weekly status"]["jobs"]["summary"]["steps"]
                if s.get("name") == "Write the weekly status")
    assert run_step(step, repo.path, env, {}) == 0
    assert summary.read_text(encoding="utf-8").startswith(f"## Action plans: status on {today}\n")
    assert json.loads((repo.path / f"status-{today}.json").read_text(encoding="utf-8"))["as_of"] == today


def test_review_json_contract_is_documented_verbatim(make_repo: MakeRepo) -> None:
    (block,) = fenced("review.md", "json")
    documented = json.loads(block)
    assert documented == expected_json(documented["base"], documented["head"])
    assert re.fullmatch(r"[0-9a-f]{40}", documented["base"]) and re.fullmatch(r"[0-9a-f]{40}", documented["head"])
    # The example is the tests' own scenario, commit ids included: they are pinned by its dates.
    _, base, head = seed_repo(make_repo)
    assert (documented["base"], documented["head"]) == (base, head)


def test_summary_markdown_is_documented_verbatim() -> None:
    assert fenced("summary.md", "markdown") == [SUMMARY_MARKDOWN]


def test_summary_json_contract_is_documented_verbatim() -> None:
    (block,) = fenced("summary.md", "json")
    assert block == json.dumps(SUMMARY_JSON, indent=2, ensure_ascii=False) + "\n"
    assert list(json.loads(block)) == ["version", "as_of", "since", "basis", "unreadable", "totals", "totals_since",
                                       "recommendations", "completed_late", "plans", "groups", "agencies", "themes",
                                       "escalations", "overdue", "newly_overdue", "completed", "notes", "due_soon",
                                       "rescheduled"]


@pytest.mark.parametrize("page", ["review.md", "summary.md", "ci.md", "escalations.md", "validation.md",
                                  "report.md"])
def test_docs_are_linked_from_the_readme(page: str) -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert f"(docs/{page})" in readme


def test_the_gitattributes_line_covers_yaml_and_yml(make_repo: MakeRepo) -> None:
    # Every file the commands read as a plan (subfolders, any suffix case) and nothing else.
    repo = make_repo()
    for page in ("../README.md", "review.md"):
        (line,) = [raw for block in fenced(page, "sh") for raw in block.splitlines() if "diff=actiontrack" in raw]
        command = line.split("  #")[0]
        subprocess.run(["sh", "-c", f"rm -f .gitattributes && {command}"], cwd=repo.path, check=True)
        attrs = repo.git("check-attr", "diff", "plans/a.yaml", "plans/b.yml", "plans/2024/c.YAML", "plans/x/y/d.Yml",
                         "other/c.yaml", "plans/notes.txt")
        assert attrs == ("plans/a.yaml: diff: actiontrack\nplans/b.yml: diff: actiontrack\n"
                         "plans/2024/c.YAML: diff: actiontrack\nplans/x/y/d.Yml: diff: actiontrack\n"
                         "other/c.yaml: diff: unspecified\nplans/notes.txt: diff: unspecified\n"), page


def test_each_board_output_is_made_by_its_documented_command(make_repo: MakeRepo, tmp_path: Path) -> None:
    """docs/report.md's first block: one command each, run as written in a repository of the bundled plans."""
    import shutil
    import zipfile

    commands = fenced("report.md", "sh")[0].splitlines()
    assert [c.split("#")[0].split()[1:3] for c in commands] == [["report", "-o"], ["export", "--format"],
                                                              ["export", "--format"]]
    repo = make_repo()
    shutil.copytree(REPO / "plans", repo.path / "plans")
    repo.commit("The bundled plans", when="2026-01-05T10:00:00+0000")
    env = shim(tmp_path)
    for command in commands:
        proc = subprocess.run(["sh", "-c", command], cwd=repo.path, env=env, capture_output=True, text=True,
                              check=False)
        assert proc.returncode == 0, (command, proc.stderr)
        assert proc.stderr.startswith("wrote ")
    assert (repo.path / "board-pack.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert zipfile.is_zipfile(repo.path / "tracker.xlsx")
    ics = (repo.path / "deadlines.ics").read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n") and b"X-WR-CALNAME:Action plan deadlines: SM\r\n" in ics
