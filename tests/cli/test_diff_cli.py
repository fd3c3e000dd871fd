"""`actiontrack diff` end to end in real repositories: exact output in every format, exit codes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from support import SEED_PLANS, CountingLoader

SEED = SEED_PLANS / "thurrock-ofsted-2012.yaml"
PLAN = "plans/thurrock-ofsted-2012.yaml"
MakeRepo = Callable[..., Repo]


def seed_repo(make_repo: MakeRepo) -> tuple[Repo, str, str]:
    """The seed plan on main; on `feature`, one commit that adds a note, completes an action,
    moves a due date by 65 days without a note, edits an old note and deletes an action."""
    repo = make_repo()
    (repo.path / "plans").mkdir()
    shutil.copy(SEED, repo.path / PLAN)
    base = repo.commit("Seed plan", when="2026-11-02T10:00:00+0000")
    repo.git("checkout", "-q", "-b", "feature")
    # Adds a note to 1.2.
    repo.replace(PLAN, "        text: SM FST to report monthly.\n        owners: [Service Manager FST]\n"
                       "        timescale: \"Report to SMT 27.10.12\"\n        status: in-progress\n        notes:\n"
                       "          - date: 2012-10-19\n            by: Thurrock Council\n            text: Plan Established\n"
                       "            status: in-progress\n",
                 "        text: SM FST to report monthly.\n        owners: [Service Manager FST]\n"
                 "        timescale: \"Report to SMT 27.10.12\"\n        status: in-progress\n        notes:\n"
                 "          - date: 2012-10-19\n            by: Thurrock Council\n            text: Plan Established\n"
                 "            status: in-progress\n"
                 "          - date: 2012-11-05\n            by: Thurrock Council\n"
                 "            text: First monthly report made to SMT\n")
    # Completes 1.3.
    repo.replace(PLAN, "report monthly\n        owners: [Service Manager MAGS]\n"
                       "        timescale: \"Report to SMT 27.10.12\"\n        status: in-progress\n",
                 "report monthly\n        owners: [Service Manager MAGS]\n"
                 "        timescale: \"Report to SMT 27.10.12\"\n        status: completed\n")
    # Deletes 1.4.
    repo.replace(PLAN, "      - id: \"1.4\"\n        text: SM QA to audit\n        owners: [Service Manager QA]\n"
                       "        timescale: \"Report to DMT & LSCB 27.2.13\"\n        status: not-started\n", "")
    # Moves 15.2 from 27.10.12 to 31.12.12 (+65 days), with no note.
    repo.replace(PLAN, "      - id: \"15.2\"\n        text: SCCN to implement a QA system to test compliance and quality\n"
                       "        owners: [Designated Doctor/Nurse for LAC]\n        timescale: \"By 27.10.12\"\n",
                 "      - id: \"15.2\"\n        text: SCCN to implement a QA system to test compliance and quality\n"
                 "        owners: [Designated Doctor/Nurse for LAC]\n        timescale: \"By 27.10.12\"\n"
                 "        due: 2012-12-31\n")
    # Edits the old note of 2.2.
    repo.replace(PLAN, "text: Report to LSCB ON 5.12.12 & SCCN on 3.12.12", "text: Report to LSCB on 5.12.12 and SCCN on 3.12.12")
    head = repo.commit("Progress at the November review", when="2026-11-03T10:00:00+0000")
    return repo, base, head


ACTION_14 = {"id": "1.4", "text": "SM QA to audit", "status": "not-started", "due": "2013-02-27",
             "timescale": "Report to DMT & LSCB 27.2.13", "recurs": None, "owners": ["Service Manager QA"],
             "monitoring": None, "baseline": None, "completed-on": None, "rag": None, "agency": None, "measure": None,
             "expected-evidence": None, "themes": [], "priority": None, "extra": {}, "notes": [], "evidence": []}


def expected_json(base: str, head: str) -> dict[str, object]:
    p = "thurrock-ofsted-2012"

    def change(rec: str, act: str, kind: str, subject: str, before: object, after: object, days: int | None = None,
               explained: bool | None = None) -> dict[str, object]:
        return {"plan": p, "recommendation": rec, "action": act, "kind": kind, "subject": subject, "before": before,
                "after": after, "days": days, "explained": explained, "consequences": []}

    return {
        "version": 5,
        "base": base,
        "head": head,
        "changes": [
            change("1", "1.2", "note-added", "SM FST to report monthly.", None,
                   {"date": "2012-11-05", "by": "Thurrock Council", "text": "First monthly report made to SMT",
                    "status": None, "extra": {}}),
            change("1", "1.3", "action-status",
                   "SM's MAGS to monitor action on all IRT recommendations for CAF and report monthly",
                   "in-progress", "completed", explained=False),
            change("1", "1.4", "action-removed", "SM QA to audit", ACTION_14, None),
            change("15", "15.2", "action-due", "SCCN to implement a QA system to test compliance and quality",
                   "2012-10-27", "2012-12-31", 65, False),
        ],
        "problems": [
            {"plan": p, "recommendation": "1", "action": "1.4", "kind": "action-removed",
             "message": "action 1.4 was removed: set it to dropped with a note saying why instead",
             "before": ACTION_14, "after": None},
            {"plan": p, "recommendation": "2", "action": "2.2", "kind": "note-edited",
             "message": "note 1 of action 2.2 (2012-10-19, Thurrock Council) was edited: its text \"Report to LSCB ON "
                        "5.12.12 & SCCN on 3.12.12\" is now \"Report to LSCB on 5.12.12 and SCCN on 3.12.12\": notes "
                        "are an append-only record; add a new note instead",
             "before": {"date": "2012-10-19", "by": "Thurrock Council",
                        "text": "Report to LSCB ON 5.12.12 & SCCN on 3.12.12", "status": "in-progress", "extra": {}},
             "after": {"date": "2012-10-19", "by": "Thurrock Council",
                       "text": "Report to LSCB on 5.12.12 and SCCN on 3.12.12", "status": "in-progress", "extra": {}}},
            {"plan": p, "recommendation": "15", "action": "15.2", "kind": "due-moved-without-note",
             "message": "action 15.2 due date moved from 2012-10-27 to 2012-12-31 (+65 days) without a note saying "
                        "why: add the ledger note \"Due date moved from 2012-10-27 to 2012-12-31 (+65 days): "
                        "REASON\", as `actiontrack reschedule` writes it",
             "before": "2012-10-27", "after": "2012-12-31"},
        ],
    }


SEED_PROBLEMS = [
    "note-edited: note 1 of action 2.2 (2012-10-19, Thurrock Council) was edited: its text \"Report to LSCB ON "
    "5.12.12 & SCCN on 3.12.12\" is now \"Report to LSCB on 5.12.12 and SCCN on 3.12.12\": notes are an append-only "
    "record; add a new note instead",
    "action-removed: action 1.4 was removed: set it to dropped with a note saying why instead",
    "due-moved-without-note: action 15.2 due date moved from 2012-10-27 to 2012-12-31 (+65 days) without a note "
    "saying why: add the ledger note \"Due date moved from 2012-10-27 to 2012-12-31 (+65 days): REASON\", as "
    "`actiontrack reschedule` writes it",
]
SEED_CHANGES = [
    "action 1.2 (SM FST to report monthly.) note added: 2012-11-05 Thurrock Council: First monthly report made to SMT",
    "action 1.3 (SM's MAGS to monitor action on all IRT…) status: in-progress {arrow} completed",
    "action 1.4 removed from recommendation 1: SM QA to audit",
    "action 15.2 (SCCN to implement a QA system to test c…) due: 2012-10-27 {arrow} 2012-12-31 (+65 days, no ledger "
    "note)",
]


def test_seed_change_json(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, base, head = seed_repo(make_repo)
    result = runner.invoke(app, ["diff", "main...feature", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == expected_json(base, head)
    assert list(json.loads(result.stdout)) == ["version", "base", "head", "changes", "problems"]
    check = runner.invoke(app, ["diff", "main...feature", "--format", "json", "--check"])
    assert (check.exit_code, check.stdout) == (1, result.stdout)


def test_seed_change_text(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, base, head = seed_repo(make_repo)
    result = runner.invoke(app, ["diff", "main", "feature", "--check"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{base[:12]} -> {head[:12]}: 3 problems and 4 changes in 1 plan\n"
        "\n"
        "thurrock-ofsted-2012\n"
        + "".join(f"  ! {p}\n" for p in SEED_PROBLEMS)
        + "".join(f"  {c.format(arrow='->')}\n" for c in SEED_CHANGES)
    )
    assert result.stderr == ""


def test_seed_change_markdown(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, base, head = seed_repo(make_repo)
    result = runner.invoke(app, ["diff", f"{base}..{head}", "--format", "markdown", "--check"])
    assert result.exit_code == 1
    md_problems = [p.replace("&", "&amp;").replace("`", "\\`") for p in SEED_PROBLEMS]
    assert result.stdout == (
        f"## Plan changes: `{base[:12]}` → `{head[:12]}`\n"
        "\n"
        "3 problems and 4 changes in 1 plan.\n"
        "\n"
        "### Problems (3)\n"
        "\n"
        + "".join(f"- **{p.split(': ', 1)[0]}** in thurrock-ofsted-2012: {p.split(': ', 1)[1]}\n" for p in md_problems)
        + "\n"
        "### Changes (4)\n"
        "\n"
        "#### thurrock-ofsted-2012\n"
        "\n"
        + "".join(f"- {c.format(arrow='→')}\n" for c in SEED_CHANGES)
    )


# ---------------------------------------------------------------- revisions, paths and errors

SMALL = """\
id: {id}
title: Small plan {id}
organisation: Example Partnership
source: {{kind: other}}
date: 2026-01-05
recommendations:
  - id: "1"
    text: Do the thing.
    actions:
      - id: "1.1"
        text: First step.
        owners: [Board]
        due: 2026-03-31
        status: {status}
        notes:
          - {{date: 2026-02-01, by: Board, text: {note}}}
"""


def small(repo: Repo, plan_id: str = "small", status: str = "in-progress", note: str = "Started.") -> None:
    repo.write(f"plans/{plan_id}.yaml", SMALL.format(id=plan_id, status=status, note=note))


def kinds(result: object) -> list[tuple[str, str]]:
    doc = json.loads(result.stdout)  # type: ignore[attr-defined]
    return [(c["plan"], c["kind"]) for c in doc["changes"]]


def test_revision_forms(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    small(repo)
    one = repo.commit("one", when="2026-11-02T10:00:00+0000")
    small(repo, status="completed")
    two = repo.commit("two", when="2026-11-03T10:00:00+0000")
    small(repo, "extra")  # uncommitted

    def ends(*args: str) -> tuple[str, str]:
        result = runner.invoke(app, ["diff", *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        return doc["base"], doc["head"]

    assert ends() == (two, "WORKTREE")
    assert ends("HEAD~1") == (one, "WORKTREE")
    assert ends("HEAD~1", "HEAD") == (one, two)
    assert ends(f"{one[:7]}..{two[:7]}") == (one, two)
    assert ends("HEAD~1..") == (one, two)
    assert ends("..HEAD~1") == (two, one)
    assert ends("HEAD~1...HEAD") == (one, two)
    assert kinds(runner.invoke(app, ["diff", "HEAD~1", "--format", "json"])) == [
        ("extra", "plan-added"), ("extra", "recommendation-added"), ("extra", "action-added"),
        ("small", "action-status")]


def test_three_dots_start_from_the_merge_base(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    small(repo)
    base = repo.commit("base", when="2026-11-02T10:00:00+0000")
    repo.git("checkout", "-q", "-b", "feature")
    small(repo, status="completed")
    feature = repo.commit("feature", when="2026-11-03T10:00:00+0000")
    repo.git("checkout", "-q", "main")
    small(repo, "other")
    repo.commit("main moves on", when="2026-11-04T10:00:00+0000")
    three = runner.invoke(app, ["diff", "main...feature", "--format", "json"])
    assert json.loads(three.stdout)["base"] == base and json.loads(three.stdout)["head"] == feature
    assert kinds(three) == [("small", "action-status")]
    # Two dots compare the tips: main's new plan shows as removed on feature.
    assert kinds(runner.invoke(app, ["diff", "main..feature", "--format", "json"])) == [
        ("other", "plan-removed"), ("small", "action-status")]


def test_paths_after_double_dash(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    small(repo, "a")
    small(repo, "b")
    repo.commit("two plans")
    small(repo, "a", status="completed")
    small(repo, "b", status="completed")
    assert kinds(runner.invoke(app, ["diff", "--format", "json"])) == [("a", "action-status"), ("b", "action-status")]
    assert kinds(runner.invoke(app, ["diff", "--format", "json", "--", "plans/b.yaml"])) == [("b", "action-status")]
    assert kinds(runner.invoke(app, ["diff", "HEAD", "--format", "json", "--", "plans"])) == [
        ("a", "action-status"), ("b", "action-status")]
    (repo.path / "plans" / "a.yaml").unlink()
    result = runner.invoke(app, ["diff", "--format", "json", "--", "plans/a.yaml"])
    assert kinds(result) == [("a", "plan-removed")]


def test_usage_and_git_errors(make_repo: MakeRepo, runner: CliRunner, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    small(repo)
    repo.commit("one")
    result = runner.invoke(app, ["diff", "nope"])
    assert (result.exit_code, result.stdout, result.stderr) == (5, "", "actiontrack: unknown revision: nope\n")
    result = runner.invoke(app, ["diff", "main...nope"])
    assert (result.exit_code, result.stderr) == (5, "actiontrack: unknown revision: nope\n")
    result = runner.invoke(app, ["diff", "HEAD", "--", "-x"])
    assert result.exit_code == 0  # "-x" after -- is a path, not an option
    result = runner.invoke(app, ["diff", "main..main", "HEAD"])
    assert (result.exit_code, result.stderr) == (
        2, "actiontrack: give a range (main..main) or two revisions, not both\n")
    result = runner.invoke(app, ["diff", "--format", "yaml"])
    assert result.exit_code == 2
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)
    result = runner.invoke(app, ["diff"])
    assert (result.exit_code, result.stderr) == (5, f"actiontrack: not a git repository: {outside}\n")
    monkeypatch.chdir(repo.path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = runner.invoke(app, ["diff"])
    assert (result.exit_code, result.stderr) == (5, "actiontrack: git is not installed (no 'git' on PATH)\n")


def test_empty_repository_and_no_changes(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    small(repo)
    result = runner.invoke(app, ["diff"])
    assert (result.exit_code, result.stderr) == (5, "actiontrack: unknown revision: HEAD\n")
    sha = repo.commit("one")
    result = runner.invoke(app, ["diff", "--check"])
    assert (result.exit_code, result.stdout) == (0, f"{sha[:12]} -> working tree: no changes to the plans\n")
    result = runner.invoke(app, ["diff", "--format", "markdown"])
    assert result.stdout == f"## Plan changes: `{sha[:12]}` → working tree\n\nNo changes to the plans.\n"


def test_plan_text_is_never_markup_in_text_format(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    small(repo)
    repo.commit("one")
    repo.replace("plans/small.yaml", "text: Started.}\n",
                 "text: Started.}\n          - {date: 2026-02-02, by: Board, "
                 "text: '[bold red]alarm[/] [link=https://example.org]x[/link] :smile: @team <b>|'}\n")
    repo.write("plans/odd.yaml", SMALL.format(id="odd", status="in-progress", note="x").replace(
        "title: Small plan odd", "title: '[/] closes nothing'"))
    result = runner.invoke(app, ["diff"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:4] == ["odd", "  plan added: [/] closes nothing"]
    assert lines[-2:] == [
        "small",
        "  action 1.1 (First step.) note added: 2026-02-02 Board: [bold red]alarm[/] [link=https://example.org]x[/link] "
        ":smile: @team <b>|",
    ]


def test_markdown_escapes_plan_text(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    small(repo)
    repo.commit("one")
    repo.replace("plans/small.yaml", "text: Started.}\n",
                 "text: Started.}\n          - {date: 2026-02-02, by: '@board', text: "
                 "'**x** <script>alert(1)</script> | [a](https://evil.example) `c` #5 $y$ _u_ ~s~ & \\'}\n")
    result = runner.invoke(app, ["diff", "--format", "markdown"])
    assert result.stdout.splitlines()[-1] == (
        "- action 1.1 (First step.) note added: 2026-02-02 @\u200bboard: \\*\\*x\\*\\* &lt;script&gt;alert(1)&lt;/script&gt; \\| "
        "\\[a\\](https://evil.example) \\`c\\` \\#5 \\$y\\$ \\_u\\_ \\~s\\~ &amp; \\\\")


def test_markdown_is_cut_at_the_byte_budget(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    for i in range(30):
        small(repo, f"plan-{i:02}")
    repo.commit("thirty plans")
    for i in range(30):
        small(repo, f"plan-{i:02}", status="completed")
    full = runner.invoke(app, ["diff", "--format", "markdown"]).stdout
    assert full.count("\n- ") == 30 and "left out" not in full
    result = runner.invoke(app, ["diff", "--format", "markdown", "--max-bytes", "700"])
    assert result.exit_code == 0
    out = result.stdout
    assert len(out.encode("utf-8")) <= 700
    kept = out.count("\n- ")
    assert 0 < kept < 30
    assert full.startswith(out.rsplit("\n\n_", 1)[0])  # a prefix of the full report, cut on a line boundary
    assert out.endswith(
        f"\n\n_{30 - kept} more items left out to keep this report under 700 bytes: run "
        "`actiontrack diff --format json` to see them all._\n")
    result = runner.invoke(app, ["diff", "--format", "markdown", "--max-bytes", "100"])
    assert result.exit_code == 2


def test_git_processes_per_diff(make_repo: MakeRepo, runner: CliRunner, git_verbs: list[str]) -> None:
    repo = make_repo()
    for i in range(50):
        small(repo, f"plan-{i:02}")
    repo.commit("fifty plans")
    for i in range(50):
        small(repo, f"plan-{i:02}", status="completed")
    repo.commit("all completed", when="2026-11-03T10:00:00+0000")
    calls = git_verbs
    calls.clear()
    result = runner.invoke(app, ["diff", "HEAD~1", "HEAD", "--format", "json"])
    assert len(json.loads(result.stdout)["changes"]) == 50
    assert calls == ["git rev-parse", "git rev-parse", "git rev-parse", "git ls-tree", "git cat-file",
                     "git ls-tree", "git cat-file"]
    calls.clear()
    runner.invoke(app, ["diff"])
    assert calls == ["git rev-parse", "git rev-parse", "git ls-tree", "git cat-file"]


def test_note_status_and_evidence_reference_in_every_format(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    small(repo)
    repo.commit("one")
    repo.replace("plans/small.yaml", "text: Started.}\n",
                 "text: Started.}\n          - {date: 2026-02-02, by: Board, text: Done., status: completed}\n"
                 "        evidence:\n          - {date: 2026-02-03, description: Audit, reference: QA/1}\n")
    repo.replace("plans/small.yaml", "status: in-progress", "status: completed")
    md = runner.invoke(app, ["diff", "--format", "markdown"]).stdout.splitlines()
    assert md[-3:] == ["- action 1.1 (First step.) status: in-progress → completed",
                       "- action 1.1 (First step.) note added: 2026-02-02 Board (completed): Done.",
                       "- action 1.1 (First step.) evidence added: 2026-02-03 Audit (QA/1)"]
    text = runner.invoke(app, ["diff"]).stdout.splitlines()
    assert text[-2:] == ["  action 1.1 (First step.) note added: 2026-02-02 Board (completed): Done.",
                         "  action 1.1 (First step.) evidence added: 2026-02-03 Audit (QA/1)"]


def test_only_changed_files_are_loaded(make_repo: MakeRepo) -> None:
    from actiontrack.api.review import diff

    repo = make_repo()
    for i in range(20):
        small(repo, f"plan-{i:02}")
    repo.commit("twenty plans")
    small(repo, "plan-07", status="completed")
    loader = CountingLoader()
    result = diff(repo.path, None, None, [], None, loader)
    assert [(c.plan, c.kind) for c in result.changes] == [("plan-07", "action-status")]
    assert loader.parsed == ["plans/plan-07.yaml", "plans/plan-07.yaml"]
