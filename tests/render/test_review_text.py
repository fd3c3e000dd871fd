"""diff and summary wording, rendered directly: one change per line, details under it, counts, the Markdown budget."""

from __future__ import annotations

from datetime import date

from actiontrack.query.diff import Change, DiffResult, Problem
from actiontrack.render.cells import md, plain
from actiontrack.render.changes import describe, details, short
from actiontrack.render.review import count_line, cut_markdown, diff_markdown, diff_text


def say(kind: str, before: object, after: object, **kw: object) -> str:
    return describe(Change("p", "1", "1.1", kind, before, after, **kw), plain, "->")  # type: ignore[arg-type]


def test_each_change_kind_in_words() -> None:
    assert say("action-status", "in-progress", "completed", subject="Audit files.") == \
        "action 1.1 (Audit files.) status: in-progress -> completed"
    assert say("action-due", date(2026, 1, 1), date(2026, 3, 1), days=59, explained=False) == \
        "action 1.1 due: 2026-01-01 -> 2026-03-01 (+59 days, no ledger note)"
    assert say("action-due", date(2026, 1, 1), date(2026, 3, 1), days=59, explained=True) == \
        "action 1.1 due: 2026-01-01 -> 2026-03-01 (+59 days, ledger note)"
    assert say("action-due", date(2026, 1, 1), None, explained=True) == "action 1.1 due: 2026-01-01 -> none (with a note)"
    assert say("action-due", None, date(2026, 3, 1)) == "action 1.1 due: none -> 2026-03-01"
    assert say("note-added", None, {"date": date(2026, 1, 2), "by": "AM", "status": None, "text": "Done\nnow"}) == \
        "action 1.1 note added: 2026-01-02 AM: Done now"
    assert say("action-moved", "1", "2") == "action 1.1 moved from recommendation 1 to 2"
    assert say("action-renumbered", "1.4", "1.1", subject="Audit files.") == \
        "action 1.1 (Audit files.) renumbered from 1.4"
    assert say("action-monitoring", None, "Dip sample") == "action 1.1 monitoring: none -> Dip sample"
    assert say("action-text", "Old.", "New.", subject="New.") == "action 1.1 text: Old. -> New."


def test_names_are_unambiguous() -> None:
    labels = {"SM": "Steve Merrell", "LM": "Linda Maden"}
    change = Change("p", "1", "1.1", "action-owners", ["SM", "LM"], ["LM", "Smith, Jones; Partners"], labels=labels)
    assert describe(change, plain, "->") == (
        "action 1.1 owners: SM (Steve Merrell); LM (Linda Maden) -> LM (Linda Maden); \"Smith, Jones; Partners\"")


def test_plan_level_changes_in_words() -> None:
    def plan(kind: str, before: object, after: object, **kw: object) -> str:
        return describe(Change("p", None, None, kind, before, after, **kw), plain, "->")  # type: ignore[arg-type]

    assert plan("plan-source-reference", "SCR A", "SCR B") == "plan source reference: SCR A -> SCR B"
    assert plan("plan-sign-off", None, {"name": "Alex Morgan", "role": None, "date": date(2026, 1, 5)}) == \
        "plan sign-off: none -> name: Alex Morgan; date: 2026-01-05"
    assert plan("person-changed", {"key": "SM", "name": "Steve Merrell", "role": "Manager"},
                {"key": "SM", "name": "Sam Moore", "role": "Manager"},
                consequences=({"recommendation": "6", "action": "6.1", "subject": "Complete the statement",
                               "owner": True, "notes": 2},)) == \
        "person SM name: Steve Merrell -> Sam Moore; re-labels 1 action"
    assert plan("person-added", None, {"key": "SW", "name": "Sam Wise", "role": None}) == "person SW added: name: Sam Wise"
    assert plan("plan-date", date(2026, 1, 5), date(2026, 2, 5), days=31,
                consequences=({"action": "1.2"},)) == "plan date: 2026-01-05 -> 2026-02-05 (+31 days), moving 1 due date"
    assert plan("plan-renamed", {"id": "a", "file": "plans/a.yaml"}, {"id": "b", "file": "plans/b.yaml"}) == \
        "plan renamed from a (plans/a.yaml) to b (plans/b.yaml)"


def test_details_show_a_new_action_in_full_and_the_consequences() -> None:
    added = Change("p", "1", "1.5", "action-added", None, {
        "id": "1.5", "text": "Audit.", "status": "completed", "due": date(2026, 3, 31), "timescale": "March 26",
        "recurs": None, "owners": ["SM"], "monitoring": "Dip sample",
        "notes": [{"date": date(2026, 1, 2), "by": "SM", "text": "Done.", "status": "completed"}],
        "evidence": [{"date": date(2026, 1, 3), "description": "Audit report", "reference": "QA/1"}]},
        subject="Audit.", labels={"SM": "Steve Merrell"})
    assert describe(added, plain, "->") == "action 1.5 added to recommendation 1: Audit."
    assert details(added, plain, "->") == [
        "owners: SM (Steve Merrell)", "due: 2026-03-31 (March 26)", "status: completed", "monitoring: Dip sample",
        "note 2026-01-02 SM (completed): Done.", "evidence 2026-01-03: Audit report (QA/1)"]
    moved = Change("p", None, None, "plan-date", date(2026, 1, 5), date(2026, 2, 5), days=31, consequences=(
        {"recommendation": "1", "action": "1.2", "subject": "Audit files.", "before": date(2026, 4, 5),
         "after": date(2026, 5, 5), "days": 30},))
    assert details(moved, plain, "->") == ["action 1.2 (Audit files.) due: 2026-04-05 -> 2026-05-05 (+30 days)"]


def test_subjects_are_cut_short() -> None:
    assert short("x" * 50) == "x" * 39 + "…"
    assert short("Audit the\nfiles") == "Audit the files"


def test_count_line_and_text() -> None:
    result = DiffResult("a" * 40, "WORKTREE", (Change("p", None, "1.1", "action-status", "x", "y"),),
                        (Problem("p", None, "invalid-plan", "bad", details=("p.yaml:1:1: error AT001 x",)),))
    assert count_line(result) == "1 problem and 1 change in 1 plan"
    assert count_line(DiffResult("a", "b", (), ())) == "no changes to the plans"
    assert diff_text(result) == [("aaaaaaaaaaaa -> working tree: 1 problem and 1 change in 1 plan", "heading"),
                                 ("", None), ("p", "heading"), ("  ! invalid-plan: bad", "problem"),
                                 ("      p.yaml:1:1: error AT001 x", "problem"),
                                 ("  action 1.1 status: x -> y", None)]
    assert diff_markdown(result)[4:] == ["### Problems (1)", "", "- **invalid-plan** in p: bad",
                                         "  - p.yaml:1:1: error AT001 x", "", "### Changes (1)", "", "#### p", "",
                                         "- action 1.1 status: x → y"]
    assert md("x_y") == "x\\_y"


def test_markdown_is_cut_on_a_line_boundary_keeping_the_head() -> None:
    lines = ["## Head", "", "Count."] + [f"- item {i}" for i in range(100)]
    text = cut_markdown(lines, 200, "actiontrack diff --format json")
    assert len(text.encode()) <= 200 and text.startswith("## Head\n\nCount.\n- item 0\n")
    assert text.rstrip().endswith("run `actiontrack diff --format json` to see them all._")
    assert cut_markdown(["a", "- b"], 1000, "x") == "a\n- b\n"


def test_an_item_is_never_cut_from_its_details() -> None:
    lines = ["## Head", "", "Count.", "- one", "  - detail 1", "- two", "  - " + "x" * 60, "  - " + "y" * 60]
    text = cut_markdown(lines, 150, "x")
    assert text == ("## Head\n\nCount.\n- one\n  - detail 1\n\n"
                    "_1 more item left out to keep this report under 150 bytes: run `x` to see them all._\n")
