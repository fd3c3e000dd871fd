"""`actiontrack summary` on a repository with weeks of history, with a pinned --as-of; and without git."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.api.review import summary
from actiontrack.cli import app
from actiontrack.load.loader import Loader

from gitfixture import Repo
from support import CountingLoader

MakeRepo = Callable[..., Repo]
W = "plans/weekly-plan.yaml"

# Synthetic plans: no real case.
WEEKLY = """\
id: weekly-plan
title: Weekly test plan
organisation: Example Partnership
source: {kind: serious-case-review}
date: 2026-10-01
people:
  AM: {name: Alex Morgan}
  NN: {name: Nina Nash, role: Named Nurse}
groups:
  - {id: social-care, title: Children's Social Care}
  - {id: health, title: Example NHS Trust}
recommendations:
  - id: "1"
    group: social-care
    text: Take family histories.
    actions:
      - id: "1.1"
        text: Issue guidance.
        owners: [AM]
        due: 2026-11-30
        status: in-progress
        notes:
          - {date: 2026-10-20, by: AM, text: Drafted., status: in-progress}
      - id: "1.2"
        text: Audit case files.
        owners: [Team Managers]
        due: 2026-11-01
        status: in-progress
      - id: "1.3"
        text: Brief the Board.
        owners: [AM]
        due: 2026-11-15
        status: not-started
  - id: "2"
    group: health
    text: Health visitors follow the guidance.
    actions:
      - id: "2.1"
        text: Train health visitors.
        owners: [NN]
        due: 2026-11-30
        status: in-progress
      - id: "2.2"
        text: Update the pathway.
        owners: [NN]
        due: 2026-11-28
        status: in-progress
      - id: "2.3"
        text: Audit records.
        owners: [NN]
        due: 2026-10-31
        status: completed
        notes:
          - {date: 2026-10-30, by: NN, text: Audit done., status: completed}
      - id: "2.4"
        text: Leaflet for parents.
        owners: [NN]
        due: 2026-12-31
        status: dropped
        notes:
          - {date: 2026-10-15, by: NN, text: Superseded by the regional leaflet., status: dropped}
"""

LATE = """\
id: late-plan
title: Late plan
organisation: Example Partnership
source: {kind: inspection}
date: 2026-09-01
recommendations:
  - id: "1"
    text: Respond to the inspection.
    actions:
      - id: "1.1"
        text: Write the response.
        owners: [Director]
        due: 2026-11-10
        status: in-progress
      - id: "1.2"
        text: Publish the response.
        owners: [Director]
        due: 2026-11-14
        status: completed
        notes:
          - {date: 2026-11-14, by: Director, text: Published., status: completed}
"""


# The escalation rules the repository keeps (docs/escalations.md); the summary lists what meets them.
RULES = """\
[[escalations]]
name = "Overdue more than 3 days"
kind = "overdue"
more_than = 3
to = "the Executive"

[[escalations]]
name = "No note for 14 days"
kind = "silent"
more_than = 14
"""


def after_note(repo: Repo, anchor: str, note: str) -> None:
    """Add a note line after the line `anchor` (which ends an action's block or its notes)."""
    repo.replace(W, anchor, anchor + note)


def history(make_repo: MakeRepo) -> tuple[Repo, dict[str, str]]:
    """Five weeks of commits, one after 2026-11-20, and an uncommitted change."""
    repo = make_repo()
    shas = {}
    repo.write(W, WEEKLY)
    repo.write(".actiontrack.toml", RULES)
    shas["agreed"] = repo.commit("Plan agreed", when="2026-10-26T10:00:00+0000")
    repo.replace(W, "        due: 2026-11-01\n        status: in-progress\n",
                 "        due: 2026-11-01\n        status: in-progress\n        notes:\n"
                 "          - {date: 2026-11-04, by: AM, text: Audit started.}\n")
    shas["week2"] = repo.commit("Audit started", when="2026-11-04T16:00:00+0000")
    repo.replace(W, "        due: 2026-11-28\n        status: in-progress\n",
                 "        due: 2026-11-28\n        status: in-progress\n        notes:\n"
                 "          - {date: 2026-11-13, by: NN, text: Draft pathway circulated.}\n")
    shas["week3"] = repo.commit("Pathway drafted", when="2026-11-13T09:00:00+0000")
    repo.replace(W, "        due: 2026-11-30\n        status: in-progress\n        notes:\n"
                    "          - {date: 2026-10-20, by: AM, text: Drafted., status: in-progress}\n",
                 "        due: 2026-11-30\n        status: completed\n        notes:\n"
                 "          - {date: 2026-10-20, by: AM, text: Drafted., status: in-progress}\n"
                 "          - {date: 2026-11-16, by: AM, text: Guidance issued to all teams., status: completed}\n")
    repo.replace(W, "        owners: [NN]\n        due: 2026-11-30\n        status: in-progress\n",
                 "        owners: [NN]\n        due: 2027-01-31\n        status: in-progress\n        notes:\n"
                 "          - {date: 2026-11-16, by: NN, text: 'Due date moved from 2026-11-30 to 2027-01-31 "
                 "(+62 days): trainer unavailable'}\n")
    repo.write("plans/late-plan.yaml", LATE)
    shas["week4"] = repo.commit("Guidance issued; training moved; late plan added", when="2026-11-16T11:00:00+0000")
    after_note(repo, "          - {date: 2026-11-04, by: AM, text: Audit started.}\n",
               "          - {date: 2026-11-17, by: AM, text: Audit half done.}\n")
    repo.replace(W, "        status: completed\n        notes:\n          - {date: 2026-10-30",
                 "        status: embedded\n        evidence:\n"
                 "          - {date: 2026-11-18, description: Re-audit of 20 records, reference: QA/9}\n"
                 "        notes:\n          - {date: 2026-10-30")
    shas["week5"] = repo.commit("Audit progress; records embedded", when="2026-11-19T15:00:00+0000")
    repo.replace(W, "        due: 2026-11-15\n        status: not-started\n",
                 "        due: 2026-11-15\n        status: completed\n        notes:\n"
                 "          - {date: 2026-11-24, by: AM, text: Board briefed., status: completed}\n")
    shas["later"] = repo.commit("Board briefed", when="2026-11-25T10:00:00+0000")
    repo.replace(W, "        due: 2026-11-28\n        status: in-progress\n",
                 "        due: 2026-11-28\n        status: completed\n")  # never committed
    return repo, shas


def totals(overdue: int = 0, due_soon: int = 0, on_track: int = 0, undated: int = 0, completed: int = 0,
           embedded: int = 0, closed: int = 0, dropped: int = 0, unknown: int = 0) -> dict[str, int]:
    return {"overdue": overdue, "due-soon": due_soon, "on-track": on_track, "undated": undated, "unknown": unknown,
            "completed": completed, "embedded": embedded, "closed": closed, "dropped": dropped}


def recs(total: int, done: int = 0, **states: int) -> dict[str, int]:
    """A recommendations count object: total, done, then every state."""
    return {"total": total, "done": done, **totals(**states)}


def item(plan: str, action: str, text: str, owners: list[str], reason: str, facts: dict[str, object]) -> dict[str, object]:
    return {"plan": plan, "recommendation": "1", "action": action, "text": text, "owners": owners, "reason": reason,
            "facts": facts}


ESCALATIONS = [
    {"rule": {"name": "Overdue more than 3 days", "kind": "overdue", "to": "the Executive", "more_than": 3},
     "checked": True, "unchecked": None, "count": 3, "items": [
         item("weekly-plan", "1.2", "Audit case files.", ["Team Managers"], "overdue 19 days (due 2026-11-01)",
              {"due": "2026-11-01", "days_overdue": 19}),
         item("late-plan", "1.1", "Write the response.", ["Director"], "overdue 10 days (due 2026-11-10)",
              {"due": "2026-11-10", "days_overdue": 10}),
         item("weekly-plan", "1.3", "Brief the Board.", ["AM"], "overdue 5 days (due 2026-11-15)",
              {"due": "2026-11-15", "days_overdue": 5}),
     ]},
    {"rule": {"name": "No note for 14 days", "kind": "silent", "to": None, "more_than": 14},
     "checked": True, "unchecked": None, "count": 2, "items": [
         item("late-plan", "1.1", "Write the response.", ["Director"],
              "no note in 80 days since the plan was agreed on 2026-09-01", {"last_note": None, "days": 80}),
         item("weekly-plan", "1.3", "Brief the Board.", ["AM"],
              "no note in 50 days since the plan was agreed on 2026-10-01", {"last_note": None, "days": 50}),
     ]},
]

# The commits of history(): their ids are pinned by the fixture's dates, names and contents.
WEEK5, WEEK3 = "0e759d60b3a5f68591e3dd578b429647b5e515a4", "2dca677e207f68a01b4f660b0804fdffe66f0fa7"

EXPECTED = {
    "version": 4,
    "as_of": "2026-11-20",
    "since": "2026-11-13",
    "basis": {"git": True, "now": {"commit": WEEK5, "date": "2026-11-19"},
              "since": {"commit": WEEK3, "date": "2026-11-13"}},
    "unreadable": [],
    "totals": totals(overdue=3, due_soon=1, on_track=1, completed=2, embedded=1, dropped=1),
    # late-plan was not in git on 13 November: it is read as its record stood that day.
    "totals_since": totals(overdue=2, due_soon=2, on_track=3, completed=1, dropped=1),
    "recommendations": recs(3, overdue=2, due_soon=1),
    "completed_late": 0,
    "plans": [
        {"id": "late-plan", "title": "Late plan", "totals": totals(overdue=1, completed=1),
         "totals_since": totals(overdue=1, due_soon=1), "recommendations": recs(1, overdue=1), "completed_late": 0},
        {"id": "weekly-plan", "title": "Weekly test plan",
         "totals": totals(overdue=2, due_soon=1, on_track=1, completed=1, embedded=1, dropped=1),
         "totals_since": totals(overdue=1, due_soon=1, on_track=3, completed=1, dropped=1),
         "recommendations": recs(2, overdue=1, due_soon=1), "completed_late": 0},
    ],
    "groups": [
        {"plan": "weekly-plan", "group": "social-care", "title": "Children's Social Care",
         "totals": totals(overdue=2, completed=1), "totals_since": totals(overdue=1, due_soon=1, on_track=1)},
        {"plan": "weekly-plan", "group": "health", "title": "Example NHS Trust",
         "totals": totals(due_soon=1, on_track=1, embedded=1, dropped=1),
         "totals_since": totals(on_track=2, completed=1, dropped=1)},
    ],
    "agencies": [{"agency": "(no agency)", "totals": totals(overdue=3, due_soon=1, on_track=1, completed=2,
                                                            embedded=1, dropped=1)}],
    "themes": [{"theme": "(no theme)", "totals": totals(overdue=3, due_soon=1, on_track=1, completed=2, embedded=1,
                                                        dropped=1)}],
    "escalations": ESCALATIONS,
    "overdue": [
        {"plan": "late-plan", "group": None, "recommendation": "1", "action": "1.1", "text": "Write the response.",
         "owners": ["Director"], "due": "2026-11-10", "days_overdue": 10, "rag": None,
         "newly_overdue": False},
        {"plan": "weekly-plan", "group": "social-care", "recommendation": "1", "action": "1.2",
         "text": "Audit case files.", "owners": ["Team Managers"], "due": "2026-11-01", "days_overdue": 19,
         "rag": None, "newly_overdue": False},
        {"plan": "weekly-plan", "group": "social-care", "recommendation": "1", "action": "1.3",
         "text": "Brief the Board.", "owners": ["AM"], "due": "2026-11-15", "days_overdue": 5, "rag": None,
         "newly_overdue": True},
    ],
    "newly_overdue": [
        {"plan": "weekly-plan", "recommendation": "1", "action": "1.3", "text": "Brief the Board.", "owners": ["AM"],
         "due": "2026-11-15", "days_overdue": 5, "rag": None},
    ],
    "completed": [
        {"plan": "late-plan", "recommendation": "1", "action": "1.2", "text": "Publish the response.",
         "owners": ["Director"], "status": "completed", "date": "2026-11-14", "late_days": None},
        {"plan": "weekly-plan", "recommendation": "1", "action": "1.1", "text": "Issue guidance.", "owners": ["AM"],
         "status": "completed", "date": "2026-11-16", "late_days": None},
        {"plan": "weekly-plan", "recommendation": "2", "action": "2.3", "text": "Audit records.", "owners": ["NN"],
         "status": "embedded", "date": None, "late_days": None},
    ],
    "notes": [
        {"plan": "late-plan", "action": "1.2", "date": "2026-11-14", "by": "Director", "text": "Published.",
         "status": "completed"},
        {"plan": "weekly-plan", "action": "1.1", "date": "2026-11-16", "by": "AM",
         "text": "Guidance issued to all teams.", "status": "completed"},
        {"plan": "weekly-plan", "action": "2.1", "date": "2026-11-16", "by": "NN",
         "text": "Due date moved from 2026-11-30 to 2027-01-31 (+62 days): trainer unavailable", "status": None},
        {"plan": "weekly-plan", "action": "1.2", "date": "2026-11-17", "by": "AM", "text": "Audit half done.",
         "status": None},
    ],
    "due_soon": [
        {"plan": "weekly-plan", "recommendation": "2", "action": "2.2", "text": "Update the pathway.",
         "owners": ["NN"], "due": "2026-11-28", "days": 8},
    ],
    "rescheduled": [
        {"plan": "weekly-plan", "recommendation": "2", "action": "2.1", "text": "Train health visitors.",
         "owners": ["NN"], "before": "2026-11-30", "after": "2027-01-31", "days": 62},
    ],
}


def test_summary_json_from_git_history(make_repo: MakeRepo, runner: CliRunner) -> None:
    history(make_repo)
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "as_of", "since", "basis", "unreadable", "totals", "totals_since",
                         "recommendations", "completed_late", "plans", "groups", "agencies", "themes", "escalations",
                         "overdue", "newly_overdue", "completed", "notes", "due_soon", "rescheduled"]
    assert doc == EXPECTED
    # The same window given as a date, and as weeks.
    for args in (["--since", "2026-11-13"], ["--since", "1w"]):
        again = runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--format", "json", *args])
        assert again.stdout == result.stdout


def test_pinned_as_of_depends_on_nothing_else(make_repo: MakeRepo, runner: CliRunner,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = history(make_repo)
    first = runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--format", "json"]).stdout
    assert json.loads(first) == EXPECTED
    # A later commit, a plan only on disk, uncommitted edits, the folder and the time zone change nothing.
    repo.write("plans/december-plan.yaml", LATE.replace("late-plan", "december-plan"))
    repo.commit("December", when="2026-12-01T10:00:00+0000")
    repo.write("plans/on-disk-only.yaml", LATE.replace("late-plan", "on-disk-only"))
    (repo.path / "sub").mkdir()
    monkeypatch.chdir(repo.path / "sub")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    assert runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--format", "json"]).stdout == first


MARKDOWN = """\
## Action plans: status on 2026-11-20

Changes from 14 to 20 November 2026.

### Totals

Each count is the number on 20 November 2026; in brackets, its change since 13 November 2026.

| plan | overdue | due-soon | on-track | undated | unknown | completed | embedded | closed | dropped |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| **all plans** | 3 (+1) | 1 (-1) | 1 (-2) | 0 | 0 | 2 (+1) | 1 (+1) | 0 | 1 |
| late-plan: Late plan | 1 | 0 (-1) | 0 | 0 | 0 | 1 (+1) | 0 | 0 | 0 |
| weekly-plan: Weekly test plan | 2 (+1) | 1 | 1 (-2) | 0 | 0 | 1 | 1 (+1) | 0 | 1 |

Recommendations: 0 of 3 done. Completed late: 0 actions.

### By group

| plan | group | overdue | due-soon | on-track | undated | unknown | completed | embedded | closed | dropped |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| weekly-plan | Children's Social Care | 2 (+1) | 0 (-1) | 0 (-1) | 0 | 0 | 1 (+1) | 0 | 0 | 0 |
| weekly-plan | Example NHS Trust | 0 | 1 (+1) | 1 (-1) | 0 | 0 | 0 (-1) | 1 (+1) | 0 | 1 |

### Escalations (5)

- **Overdue more than 3 days**, to the Executive: weekly-plan action 1.2: overdue 19 days (due 2026-11-01): \
Audit case files. (Team Managers)
- **Overdue more than 3 days**, to the Executive: late-plan action 1.1: overdue 10 days (due 2026-11-10): \
Write the response. (Director)
- **Overdue more than 3 days**, to the Executive: weekly-plan action 1.3: overdue 5 days (due 2026-11-15): \
Brief the Board. (AM)
- **No note for 14 days**: late-plan action 1.1: no note in 80 days since the plan was agreed on 2026-09-01: \
Write the response. (Director)
- **No note for 14 days**: weekly-plan action 1.3: no note in 50 days since the plan was agreed on 2026-10-01: \
Brief the Board. (AM)

### Overdue (3)

#### late-plan: Late plan

- action 1.1, due 2026-11-10, 10 days overdue: Write the response. (Director)

#### weekly-plan: Weekly test plan

**Children's Social Care**

- action 1.2, due 2026-11-01, 19 days overdue: Audit case files. (Team Managers)
- action 1.3, due 2026-11-15, 5 days overdue, newly overdue: Brief the Board. (AM)

### Newly overdue (1)

- weekly-plan action 1.3, due 2026-11-15, 5 days overdue: Brief the Board. (AM)

### Completed (3)

- late-plan action 1.2 completed on 2026-11-14: Publish the response. (Director)
- weekly-plan action 1.1 completed on 2026-11-16: Issue guidance. (AM)
- weekly-plan action 2.3 embedded: Audit records. (NN)

### Notes recorded (4)

- 2026-11-14 late-plan action 1.2, Director (completed): Published.
- 2026-11-16 weekly-plan action 1.1, AM (completed): Guidance issued to all teams.
- 2026-11-16 weekly-plan action 2.1, NN: Due date moved from 2026-11-30 to 2027-01-31 (+62 days): trainer unavailable
- 2026-11-17 weekly-plan action 1.2, AM: Audit half done.

### Due dates moved (1)

- weekly-plan action 2.1: 2026-11-30 → 2027-01-31 (+62 days): Train health visitors. (NN)

### Due in the next 14 days (1)

- weekly-plan action 2.2, due 2026-11-28 (in 8 days): Update the pathway. (NN)

---

Read from commit 0e759d60b3a5 of 19 November 2026, the last on or before 20 November 2026; compared with commit \
2dca677e207f of 13 November 2026.
"""


def test_summary_markdown(make_repo: MakeRepo, runner: CliRunner) -> None:
    history(make_repo)
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-20"])
    assert (result.exit_code, result.stdout) == (0, MARKDOWN)


def test_summary_text(make_repo: MakeRepo, runner: CliRunner) -> None:
    _, shas = history(make_repo)
    # The window is (since, as-of]: from the end of 16 November, the commit of that day.
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--since", "2026-11-16", "--format", "text"])
    assert result.exit_code == 0
    assert result.stdout == (
        "Status on 2026-11-20\n"
        "Changes from 17 to 20 November 2026.\n"
        "\n"
        "Totals on 20 November 2026 (change since 16 November 2026): overdue 3, due-soon 1, on-track 1, undated 0, "
        "unknown 0, completed 2 (-1), embedded 1 (+1), closed 0, dropped 1\n"
        "  late-plan: overdue 1, due-soon 0, on-track 0, undated 0, unknown 0, completed 1, embedded 0, closed 0, "
        "dropped 0\n"
        "  weekly-plan: overdue 2, due-soon 1, on-track 1, undated 0, unknown 0, completed 1 (-1), embedded 1 (+1), "
        "closed 0, dropped 1\n"
        "  weekly-plan / Children's Social Care: overdue 2, due-soon 0, on-track 0, undated 0, unknown 0, "
        "completed 1, embedded 0, closed 0, dropped 0\n"
        "  weekly-plan / Example NHS Trust: overdue 0, due-soon 1, on-track 1, undated 0, unknown 0, "
        "completed 0 (-1), embedded 1 (+1), closed 0, dropped 1\n"
        "Recommendations: 0 of 3 done. Completed late: 0 actions.\n"
        "\n"
        "Escalations (5)\n"
        "  Overdue more than 3 days, to the Executive: weekly-plan action 1.2: overdue 19 days (due 2026-11-01): "
        "Audit case files. (Team Managers)\n"
        "  Overdue more than 3 days, to the Executive: late-plan action 1.1: overdue 10 days (due 2026-11-10): "
        "Write the response. (Director)\n"
        "  Overdue more than 3 days, to the Executive: weekly-plan action 1.3: overdue 5 days (due 2026-11-15): "
        "Brief the Board. (AM)\n"
        "  No note for 14 days: late-plan action 1.1: no note in 80 days since the plan was agreed on 2026-09-01: "
        "Write the response. (Director)\n"
        "  No note for 14 days: weekly-plan action 1.3: no note in 50 days since the plan was agreed on "
        "2026-10-01: Brief the Board. (AM)\n"
        "\n"
        "Overdue (3)\n"
        "  late-plan: Late plan\n"
        "    action 1.1, due 2026-11-10, 10 days overdue: Write the response. (Director)\n"
        "  weekly-plan: Weekly test plan\n"
        "    Children's Social Care\n"
        "      action 1.2, due 2026-11-01, 19 days overdue: Audit case files. (Team Managers)\n"
        "      action 1.3, due 2026-11-15, 5 days overdue: Brief the Board. (AM)\n"
        "\n"
        "Newly overdue (0)\n"
        "  none\n"
        "\n"
        "Completed (1)\n"
        "  weekly-plan action 2.3 embedded: Audit records. (NN)\n"
        "\n"
        "Notes recorded (1)\n"
        "  2026-11-17 weekly-plan action 1.2, AM: Audit half done.\n"
        "\n"
        "Due dates moved (0)\n"
        "  none\n"
        "\n"
        "Due in the next 14 days (1)\n"
        "  weekly-plan action 2.2, due 2026-11-28 (in 8 days): Update the pathway. (NN)\n"
        "\n"
        f"Read from commit {shas['week5'][:12]} of 19 November 2026, the last on or before 20 November 2026; "
        f"compared with commit {shas['week4'][:12]} of 16 November 2026.\n"
    )


def test_without_git_the_record_decides(make_repo: MakeRepo, runner: CliRunner, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = history(make_repo)
    repo.git("checkout", "-q", "-f", "HEAD~1")  # the plans as they stood on 2026-11-19
    plain = tmp_path / "no-git"
    shutil.copytree(repo.path / "plans", plain / "plans")
    shutil.copy(repo.path / ".actiontrack.toml", plain / ".actiontrack.toml")  # the rules go with the plans
    monkeypatch.chdir(plain)
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    # Same as from git. 2.3 went from completed to embedded without a note recording it, but embedded
    # needs evidence and its only one is dated 18 November: its own record says completed on 13
    # November, as history does, and embedded in the window.
    assert doc == {**EXPECTED, "basis": {"git": False, "now": {"commit": None, "date": None},
                                         "since": {"commit": None, "date": None}}}
    md = runner.invoke(app, ["summary", "--as-of", "2026-11-20"]).stdout
    assert md.splitlines()[-1] == ("Read from the plan files as they are (the plans are not in a git repository); "
                                   "the plans on 13 November 2026 are read from their own record as it stood that day.")


def test_without_as_of_the_working_tree_is_now(make_repo: MakeRepo) -> None:
    repo, shas = history(make_repo)
    report, findings = summary(repo.path, [], None, date(2026, 11, 20), date(2026, 11, 13), pinned=False, loader=Loader())
    assert findings == []
    assert (report.basis.now, report.basis.then) == (None, shas["week3"])  # None: the working tree
    # The working tree holds the later commit (1.3 completed by a note of 24 November) and the
    # uncommitted 2.2 completion (no note). On 20 November 1.3 was not done yet: it is overdue.
    assert [(r["action"], r["days_overdue"]) for r in report.newly_overdue] == [("1.3", 5)]
    assert [(c["action"], c["status"], c["date"]) for c in report.completed] == [
        ("1.2", "completed", date(2026, 11, 14)), ("1.1", "completed", date(2026, 11, 16)),
        ("2.2", "completed", None), ("2.3", "embedded", None)]
    assert report.due_soon == []


def test_window_before_any_commit_reads_the_record(make_repo: MakeRepo, runner: CliRunner) -> None:
    _, shas = history(make_repo)
    result = runner.invoke(app, ["summary", "--as-of", "2026-10-28", "--since", "2026-10-01", "--format", "json"])
    doc = json.loads(result.stdout)
    # No commit on or before 1 October: the plans then are the plans of 26 October as their
    # record stood on the 1st. 2.3's note of 30 October is after --as-of.
    assert [(n["action"], n["date"]) for n in doc["notes"]] == [("2.4", "2026-10-15"), ("1.1", "2026-10-20")]
    assert [(c["action"], c["status"]) for c in doc["completed"]] == []
    assert doc["basis"]["since"] == {"commit": None, "date": None}
    md = runner.invoke(app, ["summary", "--as-of", "2026-10-28", "--since", "2026-10-01"]).stdout
    assert md.splitlines()[-1] == (
        f"Read from commit {shas['agreed'][:12]} of 26 October 2026, the last on or before 28 October 2026; nothing "
        "was committed on or before 1 October 2026, so the plans then are read from their own record as it stood "
        "that day.")


def test_as_of_before_the_first_commit_reads_the_files_as_of_that_day(make_repo: MakeRepo, runner: CliRunner) -> None:
    history(make_repo)
    result = runner.invoke(app, ["summary", "--as-of", "2026-10-20", "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    # The working tree holds notes up to 24 November; on 20 October only those dated by then count.
    assert [(n["action"], n["date"], n["status"]) for n in doc["notes"]] == [
        ("2.4", "2026-10-15", "dropped"), ("1.1", "2026-10-20", "in-progress")]
    # 1.3 (completed by a note of 24 November) and 2.3 (of 30 October) were not started yet; 2.2's
    # uncommitted status has no note to date it, so it stands.
    assert doc["totals"] == totals(on_track=5, due_soon=2, completed=1, dropped=1)
    assert doc["basis"] == {"git": True, "now": {"commit": None, "date": None}, "since": {"commit": None, "date": None}}
    md = runner.invoke(app, ["summary", "--as-of", "2026-10-20"]).stdout
    assert md.splitlines()[2] == "Changes from 14 to 20 October 2026."
    assert md.splitlines()[-1] == (
        "Nothing was committed on or before 20 October 2026: read from the plan files as they are now, as their "
        "record stood that day; the plans on 13 October 2026 are read from their own record as it stood that day.")
    one_day = runner.invoke(app, ["summary", "--as-of", "2026-10-20", "--since", "1d"]).stdout
    assert one_day.splitlines()[2] == "Changes on 20 October 2026."
    # Before the plans' own dates, they had not been agreed: nothing to count, and it says so.
    early = json.loads(runner.invoke(app, ["summary", "--as-of", "2026-08-01", "--format", "json"]).stdout)
    assert (early["plans"], early["totals"]["overdue"]) == ([], 0)


def test_broken_plan_is_reported_and_fails(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, shas = history(make_repo)
    repo.git("checkout", "-q", "-f", "-b", "broken", shas["week5"])
    repo.write("plans/broken.yaml", "id: broken\n\tx: 1\n")
    repo.commit("broken", when="2026-11-19T16:00:00+0000")
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["totals"] == EXPECTED["totals"]
    finding = {"file": "plans/broken.yaml", "line": 2, "col": 1, "severity": "error", "code": "AT002",
               "message": "tab character in indentation: indent with spaces"}
    assert doc["unreadable"] == [{"file": "plans/broken.yaml", "plan": None, "errors": 1, "first_error": finding}]
    assert result.stderr == "plans/broken.yaml:2:1: error AT002 tab character in indentation: indent with spaces\n"
    # The Board's report names it first, before any total that leaves it out.
    md = runner.invoke(app, ["summary", "--as-of", "2026-11-20"]).stdout
    assert md.startswith("## Action plans: status on 2026-11-20\n\nChanges from 14 to 20 November 2026.\n\n"
                         "### Plan files that could not be read (1)\n\n"
                         "The totals and lists below leave out what these files hold.\n\n"
                         "- plans/broken.yaml: not read, 1 error; the first, line 2: AT002 tab character in "
                         "indentation: indent with spaces. Run actiontrack validate plans/broken.yaml to see every "
                         "problem.\n\n### Totals\n")
    text = runner.invoke(app, ["summary", "--as-of", "2026-11-20", "--format", "text"]).stdout
    assert text.splitlines()[2:5] == [
        "", "Plan files that could not be read (1): the totals and lists leave out what they hold",
        "  plans/broken.yaml: not read, 1 error; the first, line 2: AT002 tab character in indentation: indent "
        "with spaces. Run actiontrack validate plans/broken.yaml to see every problem."]


def test_each_file_is_loaded_once_unless_it_changed(make_repo: MakeRepo, tmp_path: Path) -> None:
    from datetime import date

    from actiontrack.load.cache import CachedLoader, open_cache

    repo, _ = history(make_repo)
    loader = CountingLoader()

    def run(since: date, through: CountingLoader | CachedLoader) -> None:
        summary(repo.path, [], None, date(2026, 11, 20), since, pinned=True, loader=through)

    run(date(2026, 11, 19), loader)
    # Now: both plans. Then (the same commit of 2026-11-19): nothing new to load.
    assert sorted(loader.parsed) == ["plans/late-plan.yaml", "plans/weekly-plan.yaml"]
    loader.parsed.clear()
    run(date(2026, 11, 13), loader)
    assert sorted(loader.parsed) == ["plans/late-plan.yaml", "plans/weekly-plan.yaml", "plans/weekly-plan.yaml"]
    # Through the parse cache (keyed by content), a second run parses nothing at all.
    cache = open_cache(tmp_path / "cache")
    assert cache is not None
    run(date(2026, 11, 13), CachedLoader(cache, loader))
    loader.parsed.clear()
    run(date(2026, 11, 13), CachedLoader(cache, loader))
    assert loader.parsed == []


def test_without_git_installed_the_notes_decide_and_say_why(make_repo: MakeRepo, runner: CliRunner,
                                                            monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    history(make_repo)
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-20"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == ("Read from the plan files as they are (git is not installed); the plans "
                                              "on 13 November 2026 are read from their own record as it stood that "
                                              "day.")


def test_a_repository_git_refuses_stops_the_report(make_repo: MakeRepo, runner: CliRunner,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from actiontrack import gitrepo

    repo, _ = history(make_repo)
    refused = subprocess.CompletedProcess(["git"], 128, b"", b"fatal: detected dubious ownership in repository\n")
    monkeypatch.setattr(gitrepo, "_git", lambda *args, **kwargs: refused)
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-20"])
    assert (result.exit_code, result.stdout) == (5, "")
    assert result.stderr == f"actiontrack: git failed in {repo.path / 'plans'}: detected dubious ownership in repository\n"


def test_plan_text_is_never_markup_in_text_format(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, _ = history(make_repo)
    repo.git("checkout", "-q", "-f", "main")
    after_note(repo, "          - {date: 2026-11-17, by: AM, text: Audit half done.}\n",
               "          - {date: 2026-11-25, by: AM, text: '[red]Late[/red] [/] [link=https://x.example]y[/link]'}\n")
    repo.commit("markup", when="2026-11-26T10:00:00+0000")
    result = runner.invoke(app, ["summary", "--as-of", "2026-11-26", "--format", "text"])
    assert result.exit_code == 0, result.output
    assert "  2026-11-25 weekly-plan action 1.2, AM: [red]Late[/red] [/] [link=https://x.example]y[/link]\n" in result.stdout


def test_markdown_cut_keeps_the_totals_tables(make_repo: MakeRepo, runner: CliRunner, seed_copy: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make_repo(chdir=False)  # only for its isolation: no repository above tmp_path
    monkeypatch.chdir(seed_copy.parent)
    args = ["summary", "--as-of", "2012-11-03", "--since", "2003-01-01"]
    full = runner.invoke(app, args).stdout
    tables, lists = full.split("\n### Escalations", 1)
    body, foot = full.split("\n\n---\n\n", 1)
    assert foot == ("Read from the plan files as they are (the plans are not in a git repository); the plans on "
                    "1 January 2003 are read from their own record as it stood that day.\n")
    items = full.count("\n- ")
    assert items == 788 and len(tables.encode("utf-8")) > 3000
    # The tables alone are over the budget: they are kept whole, and every list item is left out;
    # the note of what was read stays last.
    result = runner.invoke(app, [*args, "--max-bytes", "3000"])
    assert (result.exit_code, result.stdout) == (0, tables + f"\n_{items} more items left out to keep this report "
                                                 "under 3,000 bytes: run `actiontrack summary --format json` "
                                                 "to see them all._\n\n---\n\n" + foot)
    # Room for some items: the tables, then the lists cut on a line boundary, the rest counted.
    out = runner.invoke(app, [*args, "--max-bytes", "9000"]).stdout
    assert len(out.encode("utf-8")) <= 9000 and out.startswith(tables + "\n### Escalations")
    kept = out.count("\n- ")
    assert 0 < kept < items
    assert full.startswith(out.rsplit("\n\n_", 1)[0])
    assert out.endswith(f"\n\n_{items - kept} more items left out to keep this report under 9,000 bytes: run "
                        "`actiontrack summary --format json` to see them all._\n\n---\n\n" + foot)
