"""Layout preservation seen through real `git diff`: a note adds lines only, and comments, quotes,
blank lines and long lines elsewhere stay byte for byte."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from actiontrack.edit.commands import add_note, reschedule, set_status
from actiontrack.edit.pipeline import EditContext
from actiontrack.load.discover import find_plan_files
from actiontrack.validate import validate

from support import SEED_PLANS, load_file, load_plans

TODAY = date(2026, 11, 22)
HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed plans, copied into a fresh git repository and committed."""
    repo = tmp_path / "repo"
    shutil.copytree(SEED_PLANS, repo / "plans")
    _git(repo, "init", "-q")
    _git(repo, "add", "plans")
    _git(repo, "commit", "-q", "-m", "seed plans")
    monkeypatch.chdir(repo)
    return repo


def _hunks(diff: str) -> dict[str, list[tuple[int, int, list[str], list[str]]]]:
    """`git diff -U0` per file: (old start, old count, removed lines, added lines) for each hunk."""
    out: dict[str, list[tuple[int, int, list[str], list[str]]]] = {}
    for part in diff.split("diff --git ")[1:]:
        name = part.split("\n", 1)[0].split(" b/")[-1]
        pieces = HUNK.split(part)
        hunks = []
        for i in range(1, len(pieces), 5):
            body = pieces[i + 4].split("\n")[1:]
            hunks.append((int(pieces[i]), int(pieces[i + 1] or 1),
                          [x[1:] for x in body if x.startswith("-")], [x[1:] for x in body if x.startswith("+")]))
        out[name] = hunks
    return out


def _last_content_line(lines: list[str], start: int, stop: int) -> int:
    """The 1-based number of the last line in [start, stop) that is neither blank nor only a comment."""
    return max(n for n in range(start, stop) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#"))


def test_a_note_on_every_action_of_every_seed_plan_adds_lines_only(repo: Path) -> None:
    plans, _ = load_plans(find_plan_files([repo / "plans"]))
    ctx = EditContext(Path("plans"), "Test Officer", None, TODAY)
    expected: dict[str, list[tuple[int, list[str]]]] = {}
    for plan in plans:
        lines = (repo / plan.file).read_text(encoding="utf-8").splitlines()
        # Where each action ends: before the next action or recommendation starts (comments above it excluded).
        starts = sorted({a.line for _, a in plan.actions()} | {r.line for r in plan.recommendations})
        for _, act in plan.actions():
            stop = next((s for s in starts if s > act.line), len(lines) + 1)
            # A new note ends the notes list (or starts one); only `evidence` may come after it in the action.
            after = act.notes[-1].line if act.notes else act.line
            stop = min([line for k, (line, _) in act.keys.items() if line > after and k == "evidence"] + [stop])
            key = " " * (act.col - 1)
            text = f"Checked {act.id}: [ok] #{len(act.notes)}"
            note = [f"{key}  - date: 2026-11-22", f"{key}    by: Test Officer", f'{key}    text: "{text}"']
            expected.setdefault(f"plans/{Path(plan.file).name}", []).append(
                (_last_content_line(lines, act.line, stop), note if act.notes else [f"{key}notes:", *note]))
            add_note(ctx, f"{plan.id}:{act.id}", text)
    assert sum(len(v) for v in expected.values()) == 260
    diff = _git(repo, "diff", "-U0", "--no-color")
    found = _hunks(diff)
    assert sorted(found) == sorted(expected)
    for name, hunks in found.items():
        assert [(start, count, removed) for start, count, removed, _ in hunks] == [
            (line, 0, []) for line, _ in expected[name]], name  # pure insertions, each after its action's last line
        assert [added for *_, added in hunks] == [lines for _, lines in expected[name]], name
    numstat = _git(repo, "diff", "--numstat").split()
    assert numstat[1::3] == ["0"] * 5  # no file has a removed line
    after, findings = load_plans(find_plan_files([repo / "plans"]))
    assert [f for f in findings + validate(after, TODAY) if f.severity == "error"] == []


def test_status_and_reschedule_on_seed_actions_change_one_line_plus_the_note(repo: Path) -> None:
    ctx = EditContext(Path("plans"), "Test Officer", None, TODAY)
    set_status(ctx, "thurrock-ofsted-2012:1.2", "completed", note="Reported to SMT")
    reschedule(ctx, "banes-climbie-2003:S1.1.1", "2004-03-31", reason="Guidance rewritten after consultation")
    hunks = _hunks(_git(repo, "diff", "-U0", "--no-color"))
    assert hunks["plans/thurrock-ofsted-2012.yaml"] == [
        (37, 1, ["        status: in-progress"], ["        status: completed", "        completed_on: 2026-11-22"]),
        (42, 0, [], ["          - date: 2026-11-22", "            by: Test Officer", "            text: Reported to SMT",
                     "            status: completed"]),
    ]
    assert hunks["plans/banes-climbie-2003.yaml"] == [
        (39, 0, [], ["        due: 2004-03-31", "        baseline: 2003-10-31"]),
        (41, 0, [], ["        notes:", "          - date: 2026-11-22", "            by: Test Officer",
                     '            text: "Due date moved from 2003-10-31 to 2004-03-31 (+152 days): Guidance rewritten '
                     'after consultation"']),
    ]
    removed = [r for hs in hunks.values() for *_, r, _ in hs for _ in r]
    # Only the status line; reschedule adds `due:` (the seeds have none) and `baseline:`, the first target.
    assert len(removed) == 1


# A synthetic plan full of layout that a YAML dumper would change: comments above, beside and between list items,
# both quote styles, a folded and a literal block scalar, blank lines, flow collections and a 343-character line.
LONG = "x" * 240
COMMENTED = f"""\
# Synthetic plan for edit tests: no real case.
# A second header comment, kept verbatim.
id: commented-plan
title: 'Review "Q": action plan'   # single quotes kept
organisation: "Example Partnership"  # double quotes kept
source: {{kind: other, reference: "Ref: 1"}}
date: 2024-02-01

people:
  AM: {{name: Alex Morgan}}
recommendations:
  # comment above the first recommendation
  - id: "1"
    text: >-
      A folded recommendation text that
      runs over two lines.
    actions:
      # comment above the first action
      - id: "1.1"   # beside the id
        text: A long line kept whole, never re-wrapped at 80 columns by anything that writes this file {LONG}
        owners: [AM, 'Team Managers']
        timescale: 'Sept 24'  # quoted timescale
        status: in-progress  # beside the status
        notes:
          # comment above the first note
          - date: 2024-03-10
            by: AM
            text: |
              First line.
              Second line.

          # comment between notes, about the second
          - {{date: 2024-04-10, by: AM, text: 'Flow note, quoted'}}
          # comment after the last note, above the next action

      - id: "1.2"
        text: "Double-quoted text with a # hash"
        owners:
          - AM   # a block list owner
        due: 2024-12-31
        status: "not-started"
  # trailing comment at the end of the recommendations
"""
# The golden text after note (backdated to 2024-05-01), status (2024-05-02) and reschedule (2024-05-03).
EXPECTED = f"""\
# Synthetic plan for edit tests: no real case.
# A second header comment, kept verbatim.
id: commented-plan
title: 'Review "Q": action plan'   # single quotes kept
organisation: "Example Partnership"  # double quotes kept
source: {{kind: other, reference: "Ref: 1"}}
date: 2024-02-01

people:
  AM: {{name: Alex Morgan}}
recommendations:
  # comment above the first recommendation
  - id: "1"
    text: >-
      A folded recommendation text that
      runs over two lines.
    actions:
      # comment above the first action
      - id: "1.1"   # beside the id
        text: A long line kept whole, never re-wrapped at 80 columns by anything that writes this file {LONG}
        owners: [AM, 'Team Managers']
        timescale: 'Sept 24'  # quoted timescale
        due: 2025-03-31
        baseline: 2024-09-30
        status: in-progress  # beside the status
        notes:
          # comment above the first note
          - date: 2024-03-10
            by: AM
            text: |
              First line.
              Second line.

          # comment between notes, about the second
          - {{date: 2024-04-10, by: AM, text: 'Flow note, quoted'}}
          - date: 2024-05-01
            by: AM
            text: "Third note: with a colon, a #hash and 'quotes'"
          - date: 2024-05-03
            by: AM
            text: "Due date moved from 2024-09-30 to 2025-03-31 (+182 days): Board moved the audit"
          # comment after the last note, above the next action

      - id: "1.2"
        text: "Double-quoted text with a # hash"
        owners:
          - AM   # a block list owner
        due: 2024-12-31
        status: "in-progress"
        notes:
          - date: 2024-05-02
            by: AM
            text: |-
              Started: two lines
              of note.
            status: in-progress
  # trailing comment at the end of the recommendations
"""


def test_comments_quotes_blank_and_long_lines_survive_note_status_and_reschedule(in_tmp: Path) -> None:
    (in_tmp / "plans").mkdir()
    path = in_tmp / "plans" / "commented-plan.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    assert max(len(line) for line in COMMENTED.splitlines()) == 343
    add_note(EditContext(Path("plans"), "AM", date(2024, 5, 1), TODAY), "commented-plan:1.1",
             "Third note: with a colon, a #hash and 'quotes'")
    set_status(EditContext(Path("plans"), "AM", date(2024, 5, 2), TODAY), "1.2", "in-progress",
               note="Started: two lines\nof note.")
    reschedule(EditContext(Path("plans"), "AM", date(2024, 5, 3), TODAY), "1.1", "2025-03-31",
               reason="Board moved the audit")
    assert path.read_text(encoding="utf-8") == EXPECTED
    plan = load_file(path).plan
    # The new due date leaves the verbatim wording behind; the ledger note explains it (no AT206).
    assert plan is not None and [f.code for f in validate([plan], TODAY)] == []
