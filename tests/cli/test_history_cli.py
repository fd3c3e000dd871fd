"""`actiontrack history` on a real repository of several commits: the exact timeline, text and JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from review_scenarios import FILE, PLAN, MakeRepo, change, problem

A11, A12 = "Issue interim guidance to social work teams.", "Audit case files for family histories."


def commit_as(repo: Repo, author: str, message: str, when: str) -> str:
    repo.git("add", "-A")
    repo.git("-c", f"user.name={author}", "commit", "-q", "-m", message, when=when)
    return repo.sha("HEAD")


def timeline(make_repo: MakeRepo, runner: CliRunner) -> tuple[Repo, list[str]]:
    """Five commits and an uncommitted change: 1.2 moved twice (once with its ledger note), renumbered to 1.5,
    then completed in the working tree; the plan's date moved; 2.1's text edited."""
    repo = make_repo()
    repo.write(FILE, PLAN)
    shas = [commit_as(repo, "Alex Morgan", "Plan agreed", "2026-11-02T10:00:00+0000")]
    result = runner.invoke(app, ["reschedule", "example-scr-2025:1.2", "2025-12-31", "--reason", "Audit team short",
                                 "--by", "LM", "--as-of", "2025-09-20"])
    assert result.exit_code == 0, result.output
    shas.append(commit_as(repo, "Lee Marsh", "Audit moved", "2026-11-10T10:00:00+0000"))
    repo.replace(FILE, "due: 2025-12-31", "due: 2026-03-31")
    shas.append(commit_as(repo, "Sam Mills", "Audit moved again", "2026-11-17T10:00:00+0000"))
    repo.replace(FILE, "text: Add a household field", "text: Add a household field at first visit")
    shas.append(commit_as(repo, "Sam Mills", "Wording", "2026-11-18T10:00:00+0000"))
    repo.replace(FILE, 'id: "1.2"', 'id: "1.5"')
    repo.replace(FILE, "date: 2025-02-01\ncompleted_by", "date: 2025-03-01\ncompleted_by")
    shas.append(commit_as(repo, "Alex Morgan", "Renumbered; the plan's date corrected", "2026-11-24T10:00:00+0000"))
    result = runner.invoke(app, ["status", "example-scr-2025:1.5", "completed", "--by", "SM", "--as-of", "2026-03-20",
                                 "--note", "All 20 files audited"])
    assert result.exit_code == 0, result.output
    return repo, shas


SLIP = ("action 1.2 due date moved from 2025-12-31 to 2026-03-31 (+90 days) without a note saying why: add the ledger "
        "note \"Due date moved from 2025-12-31 to 2026-03-31 (+90 days): REASON\", as `actiontrack reschedule` writes it")
LEDGER = "Due date moved from 2025-09-30 to 2025-12-31 (+92 days): Audit team short"


def test_one_action_from_its_first_commit_to_the_working_tree(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, shas = timeline(make_repo, runner)
    result = runner.invoke(app, ["history", "example-scr-2025:1.5"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"history of example-scr-2025:1.5 in {FILE}: 4 commits and uncommitted changes\n"
        f"original target: 2025-09-30 (Sept 25), set in commit {shas[0][:12]} of 2026-11-02\n"
        "current target: 2026-03-31 (Sept 25), +182 days from the original\n"
        "moved 2 times by Lee Marsh, Sam Mills; 1 without a ledger note\n"
        "\n"
        f"2026-11-02 {shas[0][:12]} Alex Morgan\n"
        f"  action 1.2 added to recommendation 1: {A12}\n"
        "      owners: SM (Sam Mills); LM (Lee Marsh)\n"
        "      due: 2025-09-30 (Sept 25)\n"
        "      status: in-progress\n"
        "      note 2025-07-01 LM (in-progress): Audit tool agreed.\n"
        "\n"
        f"2026-11-10 {shas[1][:12]} Lee Marsh\n"
        f"  action 1.2 ({A12}) due: 2025-09-30 -> 2025-12-31 (+92 days, ledger note)\n"
        f"  action 1.2 ({A12}) baseline: none -> 2025-09-30\n"
        f"  action 1.2 ({A12}) note added: 2025-09-20 LM: {LEDGER}\n"
        "\n"
        f"2026-11-17 {shas[2][:12]} Sam Mills\n"
        f"  ! due-moved-without-note: {SLIP}\n"
        f"  action 1.2 ({A12}) due: 2025-12-31 -> 2026-03-31 (+90 days, no ledger note)\n"
        "\n"
        f"2026-11-24 {shas[4][:12]} Alex Morgan\n"
        f"  action 1.5 ({A12}) renumbered from 1.2\n"
        "\n"
        "working tree (not committed)\n"
        f"  action 1.5 ({A12}) status: in-progress -> completed\n"
        f"  action 1.5 ({A12}) completed on: none -> 2026-03-20\n"
        f"  action 1.5 ({A12}) note added: 2026-03-20 SM (completed): All 20 files audited\n")
    # A bare action id, unique across the plans, names the same action.
    assert runner.invoke(app, ["history", "1.5"]).stdout == result.stdout


def test_the_json_contract(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, shas = timeline(make_repo, runner)
    result = runner.invoke(app, ["history", "example-scr-2025:1.5", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)

    def move(sha: str, day: str, who: str, before: str, after: str, days: int, explained: bool) -> dict[str, object]:
        return {"action": "1.2", "commit": sha, "date": day, "author": who, "before": before, "after": after,
                "days": days, "explained": explained, "by_plan_date": False}

    def step(sha: str, day: str | None, who: str | None, changes: list[object],
             problems: list[object] | None = None) -> dict[str, object]:
        return {"commit": sha, "date": day, "author": who, "readable": True, "changes": changes,
                "problems": problems or []}

    def note(on: str, by: str, text: str, status: str | None) -> dict[str, object]:
        return {"date": on, "by": by, "text": text, "status": status, "extra": {}}

    assert doc == {
        "version": 4, "plan": "example-scr-2025", "action": "1.5", "file": FILE,
        "original": {"due": "2025-09-30", "timescale": "Sept 25", "commit": shas[0], "date": "2026-11-02"},
        "current": {"due": "2026-03-31", "timescale": "Sept 25"},
        "moves": [move(shas[1], "2026-11-10", "Lee Marsh", "2025-09-30", "2025-12-31", 92, True),
                  move(shas[2], "2026-11-17", "Sam Mills", "2025-12-31", "2026-03-31", 90, False)],
        "commits": [
            step(shas[0], "2026-11-02", "Alex Morgan", [change("action-added", None, {
                "id": "1.2", "text": A12, "status": "in-progress", "due": "2025-09-30", "timescale": "Sept 25",
                "recurs": None, "owners": ["SM", "LM"], "monitoring": None, "baseline": None, "completed-on": None,
                "rag": None, "agency": None, "measure": None, "expected-evidence": None, "themes": [], "priority": None,
                "extra": {}, "notes": [note("2025-07-01", "LM", "Audit tool agreed.", "in-progress")], "evidence": []},
                rec="1", act="1.2", subject=A12)]),
            step(shas[1], "2026-11-10", "Lee Marsh", [
                change("action-due", "2025-09-30", "2025-12-31", rec="1", act="1.2", subject=A12, days=92,
                       explained=True),
                change("action-baseline", None, "2025-09-30", rec="1", act="1.2", subject=A12),
                change("note-added", None, note("2025-09-20", "LM", LEDGER, None), rec="1", act="1.2", subject=A12)]),
            step(shas[2], "2026-11-17", "Sam Mills", [
                change("action-due", "2025-12-31", "2026-03-31", rec="1", act="1.2", subject=A12, days=90,
                       explained=False)],
                [problem("due-moved-without-note", SLIP, "2025-12-31", "2026-03-31", rec="1", act="1.2")]),
            step(shas[4], "2026-11-24", "Alex Morgan", [
                change("action-renumbered", "1.2", "1.5", rec="1", act="1.5", subject=A12)]),
            step("WORKTREE", None, None, [
                change("action-status", "in-progress", "completed", rec="1", act="1.5", subject=A12, explained=True),
                change("action-completed-on", None, "2026-03-20", rec="1", act="1.5", subject=A12),
                change("note-added", None, note("2026-03-20", "SM", "All 20 files audited", "completed"), rec="1",
                       act="1.5", subject=A12)]),
        ],
    }


def test_a_move_made_by_the_plans_date(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, shas = timeline(make_repo, runner)
    result = runner.invoke(app, ["history", "example-scr-2025:1.1"])
    assert result.stdout == (
        f"history of example-scr-2025:1.1 in {FILE}: 2 commits\n"
        f"original target: 2025-05-01 (Within 3 months), set in commit {shas[0][:12]} of 2026-11-02\n"
        "current target: 2025-06-01 (Within 3 months), +31 days from the original\n"
        "moved 1 time by Alex Morgan\n"
        "\n"
        f"2026-11-02 {shas[0][:12]} Alex Morgan\n"
        f"  action 1.1 added to recommendation 1: {A11}\n"
        "      owners: SM (Sam Mills)\n"
        "      due: 2025-05-01 (Within 3 months)\n"
        "      status: completed\n"
        "      monitoring: Audit of 20 case files\n"
        "      note 2025-04-20 SM (completed): Guidance issued to all teams.\n"
        "\n"
        f"2026-11-24 {shas[4][:12]} Alex Morgan\n"
        "  plan date: 2025-02-01 -> 2025-03-01 (+28 days), moving 1 due date\n"
        "      action 1.1 (Issue interim guidance to social work t…) due: 2025-05-01 -> 2025-06-01 (+31 days)\n")


def test_a_whole_plan(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, shas = timeline(make_repo, runner)
    result = runner.invoke(app, ["history", "example-scr-2025"])
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"history of plan example-scr-2025 in {FILE}: 5 commits and uncommitted changes",
                         "3 due dates moved, 1 without a ledger note"]
    assert [line for line in lines if line and not line.startswith(" ")][2:] == [
        f"2026-11-02 {shas[0][:12]} Alex Morgan", f"2026-11-10 {shas[1][:12]} Lee Marsh",
        f"2026-11-17 {shas[2][:12]} Sam Mills", f"2026-11-18 {shas[3][:12]} Sam Mills",
        f"2026-11-24 {shas[4][:12]} Alex Morgan", "working tree (not committed)"]
    assert "      sign-off: name: Alex Morgan; role: Partnership Business Manager; date: 2025-02-01" in lines
    assert ("  action 2.1 text: Add a household field to the health visiting record. -> Add a household field at "
            "first visit to the health visiting record.") in lines
    doc = json.loads(runner.invoke(app, ["history", "example-scr-2025", "--format", "json"]).stdout)
    assert (doc["action"], doc["original"], doc["current"]) == (None, None, None)
    assert [(m["action"], m["days"], m["by_plan_date"]) for m in doc["moves"]] == [
        ("1.2", 92, False), ("1.2", 90, False), ("1.1", 31, True)]


def test_a_commit_that_broke_the_plan_is_shown_and_read_past(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = make_repo()
    repo.write(FILE, PLAN)
    commit_as(repo, "Alex Morgan", "Plan agreed", "2026-11-02T10:00:00+0000")
    repo.replace(FILE, "owners: [LM]", "owners: [LM")
    broke = commit_as(repo, "Sam Mills", "Broken", "2026-11-03T10:00:00+0000")
    repo.replace(FILE, "owners: [LM", "owners: [LM]\n        monitoring: Board minutes")
    fixed = commit_as(repo, "Lee Marsh", "Fixed", "2026-11-04T10:00:00+0000")
    lines = runner.invoke(app, ["history", "example-scr-2025:1.3"]).stdout.splitlines()
    assert lines[:3] == ["history of example-scr-2025:1.3 in plans/example-scr-2025.yaml: 3 commits",
                         f"original target: 2026-03-31 (March 2026), set in commit {repo.sha('HEAD~2')[:12]} of "
                         "2026-11-02", "current target: 2026-03-31 (March 2026)"]
    assert lines[11:] == [
        f"2026-11-03 {broke[:12]} Sam Mills",
        f"  ! invalid-plan: plan example-scr-2025 does not validate at head: 1 error in {FILE}",
        f"      {FILE}:46:18: error AT001 YAML syntax error: did not find expected ',' or ']' (while parsing a flow "
        "sequence)",
        "",
        f"2026-11-04 {fixed[:12]} Lee Marsh",
        f"  this change repairs {FILE}: 1 error at base, 0 now; the base is read from commit "
        f"{repo.sha('HEAD~2')[:12]} of 2026-11-02, its last valid version",
        f"      at base: {FILE}:46:18: error AT001 YAML syntax error: did not find expected ',' or ']' (while parsing a "
        "flow sequence)",
        "  action 1.3 (Report audit findings to the Board.) monitoring: none -> Board minutes",
    ]


def test_references_that_name_nothing(make_repo: MakeRepo, runner: CliRunner, tmp_path: object) -> None:
    repo = make_repo()
    repo.write(FILE, PLAN)
    result = runner.invoke(app, ["history", "example-scr-2025"])
    assert (result.exit_code, result.stderr) == (5, "actiontrack: unknown revision: HEAD\n")
    commit_as(repo, "Alex Morgan", "Plan agreed", "2026-11-02T10:00:00+0000")
    result = runner.invoke(app, ["history", "example-scr-2024"])
    assert (result.exit_code, result.stderr) == (
        3, "actiontrack: no plan or action 'example-scr-2024' in plans: did you mean 'example-scr-2025'? (write PLAN, "
           "PLAN_ID:ACTION_ID or an action id)\n")
    result = runner.invoke(app, ["history", "example-scr-2025:9.9"])
    assert (result.exit_code, result.stderr) == (
        3, "actiontrack: no action '9.9' in plan example-scr-2025 (its actions include: 1.1, 1.2, 1.3, 2.1)\n")
    assert runner.invoke(app, ["history", "a:b:c"]).exit_code == 2


def test_the_cost_is_one_log_and_one_batch_however_long_the_history(make_repo: MakeRepo, runner: CliRunner,
                                                                     git_verbs: list[str]) -> None:
    repo = make_repo()
    repo.write(FILE, PLAN)
    commit_as(repo, "Alex Morgan", "Plan agreed", "2026-11-02T10:00:00+0000")
    for day in range(3, 13):
        repo.replace(FILE, "            text: Change request raised.\n",
                     f"            text: Change request raised.\n          - {{date: 2025-06-{day:02}, by: LM, "
                     f"text: Chased {day}.}}\n")
        commit_as(repo, "Lee Marsh", f"Chased {day}", f"2026-11-{day:02}T10:00:00+0000")
    calls = git_verbs
    calls.clear()
    result = runner.invoke(app, ["history", "example-scr-2025:2.1", "--format", "json"])
    assert len(json.loads(result.stdout)["commits"]) == 11
    assert calls == ["git rev-parse", "git rev-parse", "git log", "git cat-file"]


def test_the_documented_timeline_is_this_one(make_repo: MakeRepo, runner: CliRunner) -> None:
    from support import REPO

    page = (REPO / "docs" / "review.md").read_text(encoding="utf-8")
    start = page.index("$ actiontrack history example-scr-2025:1.5\n")
    documented = page[start:page.index("```", start)].split("\n", 1)[1]
    timeline(make_repo, runner)  # pinned dates and authors: the same commit ids on every machine
    assert runner.invoke(app, ["history", "example-scr-2025:1.5"]).stdout == documented
