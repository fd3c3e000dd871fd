"""diff and summary wording, rendered directly: one change per line, counts, and the Markdown budget."""

from __future__ import annotations

from datetime import date

from actiontrack.query.diff import Change, DiffResult, Problem
from actiontrack.render.cells import plain
from actiontrack.render.review import count_line, cut_markdown, describe, diff_text


def test_each_change_kind_in_words() -> None:
    def say(kind: str, before: object, after: object, **kw: object) -> str:
        return describe(Change("p", "1", "1.1", kind, before, after, **kw), plain, "->")  # type: ignore[arg-type]

    assert say("status", "in-progress", "completed") == "action 1.1 status: in-progress -> completed"
    assert say("due", date(2026, 1, 1), date(2026, 3, 1), days=59, explained=False) == \
        "action 1.1 due: 2026-01-01 -> 2026-03-01 (+59 days, no note)"
    assert say("owners", ["AM"], ["AM", "JB"]) == "action 1.1 owners: AM -> AM, JB"
    assert say("note-added", None, {"date": date(2026, 1, 2), "by": "AM", "status": None, "text": "Done\nnow"}) == \
        "action 1.1 note added: 2026-01-02 AM: Done now"
    assert say("action-moved", "1", "2") == "action 1.1 moved from recommendation 1 to 2"


def test_count_line_and_text() -> None:
    result = DiffResult("a" * 40, "WORKTREE", (Change("p", None, "1.1", "status", "x", "y"),),
                        (Problem("p", "1.1", "action-removed", "gone"),))
    assert count_line(result) == "1 problem and 1 change in 1 plan"
    assert count_line(DiffResult("a", "b", (), ())) == "no changes to the plans"
    assert diff_text(result) == [("aaaaaaaaaaaa -> working tree: 1 problem and 1 change in 1 plan", "heading"),
                                 ("", None), ("p", "heading"), ("  ! action-removed: gone", "problem"),
                                 ("  action 1.1 status: x -> y", None)]


def test_markdown_is_cut_on_a_line_boundary_keeping_the_head() -> None:
    lines = ["## Head", "", "Count."] + [f"- item {i}" for i in range(100)]
    text = cut_markdown(lines, 200, "actiontrack diff --format json")
    assert len(text.encode()) <= 200 and text.startswith("## Head\n\nCount.\n- item 0\n")
    assert text.rstrip().endswith("run `actiontrack diff --format json` to see them all._")
    assert cut_markdown(["a", "- b"], 1000, "x") == "a\n- b\n"
