"""The pure semantic diff: every change kind and problem kind, matching rules and order."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import date

import pytest

from actiontrack.load.discover import Contents
from actiontrack.load.loader import Loader
from actiontrack.query.diff import Change, Problem, Side, compare, match_record, side_of, split_unchanged
from actiontrack.wording import format_days


def load_side(files: Mapping[str, Contents], untouched: Mapping[str, str] | None = None) -> Side:
    """One end of a diff from its files, as the diff command loads it."""
    return side_of(Loader().load(sorted(files.items())), untouched)

# Synthetic plan: no real case.
BASE = textwrap.dedent("""\
    id: demo-plan
    title: Demo plan
    organisation: Example Partnership
    source: {kind: serious-case-review}
    date: 2026-01-05
    people:
      AM: {name: Alex Morgan}
    recommendations:
      - id: "1"
        text: Take family histories.
        actions:
          - id: "1.1"
            text: Issue guidance.
            owners: [AM]
            due: 2026-03-31
            status: in-progress
            notes:
              - {date: 2026-02-01, by: AM, text: Drafted., status: in-progress}
              - {date: 2026-02-15, by: AM, text: Consulted teams.}
          - id: "1.2"
            text: Audit files.
            owners: [AM, Team Managers]
            timescale: Ongoing
            status: not-started
      - id: "2"
        text: Health visitors follow the guidance.
        actions:
          - id: "2.1"
            text: Train health visitors.
            owners: [Named Nurse]
            due: 2026-06-30
            status: completed
            notes:
              - {date: 2026-05-01, by: AM, text: Done., status: completed}
            evidence:
              - {date: 2026-05-10, description: Training register, reference: TR/1}
    """)
P = "demo-plan"
F = "plans/demo-plan.yaml"


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"not unique: {old!r}"
    return text.replace(old, new)


def run(before: dict[str, str], after: dict[str, str]) -> tuple[list[Change], list[Problem]]:
    return compare(load_side({k: v.encode() for k, v in before.items()}),
                   load_side({k: v.encode() for k, v in after.items()}))


def one(after: str) -> tuple[list[Change], list[Problem]]:
    return run({F: BASE}, {F: after})


def test_identical_plans_have_no_changes() -> None:
    assert one(BASE) == ([], [])


def test_note_appended_is_a_change_not_a_problem() -> None:
    after = edit("          - {date: 2026-02-15, by: AM, text: Consulted teams.}\n",
                 "          - {date: 2026-02-15, by: AM, text: Consulted teams.}\n"
                 "          - {date: 2026-03-01, by: AM, text: Sent out., status: completed}\n")
    assert one(after) == ([Change(P, "1", "1.1", "note-added", None,
                                  {"date": date(2026, 3, 1), "by": "AM", "text": "Sent out.", "status": "completed"})], [])


def test_note_edited_in_place_is_a_problem_only() -> None:
    after = edit("text: Consulted teams.}", "text: Consulted all teams.}")
    assert one(after) == ([], [Problem(P, "1.1", "note-edited",
                                       "note 2 of action 1.1 (2026-02-15, AM) was edited (text): notes are an "
                                       "append-only record; add a new note instead")])


def test_note_status_and_date_edits_are_named() -> None:
    after = edit("{date: 2026-02-01, by: AM, text: Drafted., status: in-progress}",
                 "{date: 2026-01-31, by: AM, text: Drafted., status: completed}")
    assert one(after)[1][0].message == (
        "note 1 of action 1.1 (2026-02-01, AM) was edited (date, status): notes are an append-only record; "
        "add a new note instead")


def test_note_removed_from_the_middle() -> None:
    after = edit("          - {date: 2026-02-01, by: AM, text: Drafted., status: in-progress}\n", "")
    assert one(after) == ([], [Problem(P, "1.1", "note-removed",
                                       "note 1 of action 1.1 (2026-02-01, AM) was removed: notes are an "
                                       "append-only record")])


def test_note_inserted_before_old_ones_is_an_addition() -> None:
    after = edit("          - {date: 2026-02-01, by: AM, text: Drafted., status: in-progress}\n",
                 "          - {date: 2026-01-20, by: AM, text: Backdated.}\n"
                 "          - {date: 2026-02-01, by: AM, text: Drafted., status: in-progress}\n")
    changes, problems = one(after)
    assert [(c.kind, c.after["text"]) for c in changes] == [("note-added", "Backdated.")]  # type: ignore[index]
    assert problems == []


def test_match_record_rules() -> None:
    assert match_record("abc", "abcd", lambda x: (x,)) == ([], [], ["d"])
    assert match_record("abc", "aXc", lambda x: (x,)) == ([(1, "b", "X")], [], [])
    assert match_record("abc", "acd", lambda x: (x,)) == ([], [(1, "b")], ["d"])
    assert match_record("ab", "ba", lambda x: (x,)) == ([], [], [])
    assert match_record("aa", "a", lambda x: (x,)) == ([], [(1, "a")], [])


def test_evidence_added_edited_removed() -> None:
    added = edit("          - {date: 2026-05-10, description: Training register, reference: TR/1}\n",
                 "          - {date: 2026-05-10, description: Training register, reference: TR/1}\n"
                 "          - {date: 2026-06-01, description: Re-audit}\n")
    assert one(added) == ([Change(P, "2", "2.1", "evidence-added", None,
                                  {"date": date(2026, 6, 1), "description": "Re-audit", "reference": None})], [])
    edited = edit("reference: TR/1}", "reference: TR/2}")
    assert one(edited)[1] == [Problem(P, "2.1", "evidence-edited",
                                      "evidence 1 of action 2.1 (2026-05-10) was edited (reference): evidence is an "
                                      "append-only record; add a new entry instead")]
    removed = edit("        evidence:\n          - {date: 2026-05-10, description: Training register, reference: TR/1}\n", "")
    assert one(removed)[1] == [Problem(P, "2.1", "evidence-removed",
                                       "evidence 1 of action 2.1 (2026-05-10) was removed: evidence is an "
                                       "append-only record")]


def test_status_backwards_needs_a_note() -> None:
    back = edit("        status: completed\n", "        status: in-progress\n")
    assert one(back) == (
        [Change(P, "2", "2.1", "status", "completed", "in-progress")],
        [Problem(P, "2.1", "status-backwards-without-note",
                 "action 2.1 status moved back from completed to in-progress without a note saying why")])
    with_note = edit("          - {date: 2026-05-01, by: AM, text: Done., status: completed}\n",
                     "          - {date: 2026-05-01, by: AM, text: Done., status: completed}\n"
                     "          - {date: 2026-07-01, by: AM, text: Reopened after audit., status: in-progress}\n",
                     back)
    changes, problems = one(with_note)
    assert [c.kind for c in changes] == ["status", "note-added"] and problems == []


def test_forward_and_dropping_moves_are_not_backwards() -> None:
    forward = edit("        status: not-started\n", "        status: in-progress\n")
    assert one(forward) == ([Change(P, "1", "1.2", "status", "not-started", "in-progress")], [])
    dropped = edit("        status: completed\n", "        status: dropped\n")
    assert one(dropped)[1] == []


def test_reopening_a_dropped_action_needs_a_note() -> None:
    dropped = edit("        status: completed\n", "        status: dropped\n")
    reopened = edit("        status: dropped\n", "        status: in-progress\n", dropped)
    assert run({F: dropped}, {F: reopened}) == (
        [Change(P, "2", "2.1", "status", "dropped", "in-progress")],
        [Problem(P, "2.1", "status-backwards-without-note",
                 "action 2.1 status moved back from dropped to in-progress without a note saying why")])
    with_note = edit("          - {date: 2026-05-01, by: AM, text: Done., status: completed}\n",
                     "          - {date: 2026-05-01, by: AM, text: Done., status: completed}\n"
                     "          - {date: 2026-07-01, by: AM, text: Reopened as still needed., status: in-progress}\n",
                     reopened)
    changes, problems = run({F: dropped}, {F: with_note})
    assert [c.kind for c in changes] == ["status", "note-added"] and problems == []


def test_due_moved_without_and_with_a_note() -> None:
    moved = edit("due: 2026-03-31", "due: 2026-06-04")
    changes, problems = one(moved)
    assert changes == [Change(P, "1", "1.1", "due", date(2026, 3, 31), date(2026, 6, 4), 65)]
    assert changes[0].explained is False
    assert problems == [Problem(P, "1.1", "due-moved-without-note",
                                "action 1.1 due date moved from 2026-03-31 to 2026-06-04 (+65 days) without a note "
                                "saying why")]
    explained = edit("          - {date: 2026-02-15, by: AM, text: Consulted teams.}\n",
                     "          - {date: 2026-02-15, by: AM, text: Consulted teams.}\n"
                     "          - {date: 2026-03-20, by: AM, text: Moved because the Board meets in June.}\n", moved)
    changes, problems = one(explained)
    assert [c.kind for c in changes] == ["due", "note-added"] and changes[0].explained is True
    assert problems == []


def test_due_brought_forward_removed_and_added() -> None:
    earlier = one(edit("due: 2026-03-31", "due: 2026-03-28"))
    assert earlier[0][0].days == -3 and "(-3 days)" in earlier[1][0].message
    removed = one(edit("        due: 2026-03-31\n", "        timescale: Ongoing\n"))
    assert removed == ([Change(P, "1", "1.1", "due", date(2026, 3, 31), None, None)],
                       [Problem(P, "1.1", "due-moved-without-note",
                                "action 1.1 due date 2026-03-31 removed without a note saying why")])
    added = one(edit("        timescale: Ongoing\n", "        timescale: Sept 26\n"))
    assert added == ([Change(P, "1", "1.2", "due", None, date(2026, 9, 30), None)], [])


def test_days_wording() -> None:
    assert [format_days(d) for d in (65, -3, 1, -1, 0)] == ["+65 days", "-3 days", "+1 day", "-1 day", "+0 days"]


def test_owners_and_text_changes() -> None:
    after = edit("owners: [AM, Team Managers]", "owners: [Team Managers]")
    after = edit("text: Audit files.", "text: Audit 20 case files.", after)
    after = edit("text: Take family histories.", "text: Take and update family histories.", after)
    assert one(after)[0] == [
        Change(P, "1", None, "recommendation-text", "Take family histories.", "Take and update family histories."),
        Change(P, "1", "1.2", "action-text", "Audit files.", "Audit 20 case files."),
        Change(P, "1", "1.2", "owners", ["AM", "Team Managers"], ["Team Managers"]),
    ]


def test_action_moved_between_recommendations() -> None:
    block = ("      - id: \"1.2\"\n        text: Audit files.\n        owners: [AM, Team Managers]\n"
             "        timescale: Ongoing\n        status: not-started\n")
    after = edit(block, "")
    after = edit("        evidence:\n          - {date: 2026-05-10, description: Training register, reference: TR/1}\n",
                 "        evidence:\n          - {date: 2026-05-10, description: Training register, reference: TR/1}\n"
                 + block, after)
    assert one(after) == ([Change(P, "2", "1.2", "action-moved", "1", "2")], [])


def test_action_removed_is_a_change_and_a_problem() -> None:
    block = ("      - id: \"1.2\"\n        text: Audit files.\n        owners: [AM, Team Managers]\n"
             "        timescale: Ongoing\n        status: not-started\n")
    assert one(edit(block, "")) == (
        [Change(P, "1", "1.2", "action-removed", "Audit files.", None)],
        [Problem(P, "1.2", "action-removed", "action 1.2 was removed: set it to dropped with a note saying why instead")])


def test_recommendation_added_and_removed_with_their_actions() -> None:
    rec2 = BASE[BASE.index('  - id: "2"'):]
    new_rec = rec2.replace('"2"', '"3"').replace('"2.1"', '"3.1"').replace("Health visitors", "GPs")
    changes, problems = one(BASE.replace(rec2, new_rec))
    assert [(c.recommendation, c.action, c.kind) for c in changes] == [
        ("3", None, "recommendation-added"), ("3", "3.1", "action-added"),
        ("2", None, "recommendation-removed"), ("2", "2.1", "action-removed")]
    assert [(p.action, p.kind) for p in problems] == [("2.1", "action-removed")]


def test_plan_added_removed_and_renamed() -> None:
    other = BASE.replace("id: demo-plan", "id: other-plan").replace("title: Demo plan", "title: Other plan")
    assert run({F: BASE}, {F: BASE, "plans/other-plan.yaml": other}) == (
        [Change("other-plan", None, None, "plan-added", None, "Other plan")], [])
    assert run({F: BASE, "plans/other-plan.yaml": other}, {F: BASE}) == (
        [Change("other-plan", None, None, "plan-removed", "Other plan", None)],
        [Problem("other-plan", None, "action-removed",
                 "plan other-plan was removed with its 3 actions: set them to dropped with a note saying why instead")])
    # Same id, another file name (.yml): matched by id, so nothing changed.
    assert run({F: BASE}, {"plans/demo-plan.yml": BASE}) == ([], [])


def test_plan_that_does_not_load_is_invalid_not_removed() -> None:
    broken = BASE + "  - {\n"
    assert run({F: BASE}, {F: broken}) == ([], [Problem(
        P, None, "invalid-plan",
        "plan demo-plan does not validate at head: plans/demo-plan.yaml:38:1: error AT001 YAML syntax error: "
        "did not find expected node content (while parsing a flow node)")])
    changes, problems = run({F: broken}, {F: BASE})
    assert changes == [] and [p.message.split(":")[0] for p in problems] == ["plan demo-plan does not validate at base"]


def test_plan_with_validation_errors_is_still_compared() -> None:
    after = edit("        status: not-started\n", "        status: started\n")
    assert one(after) == (
        [Change(P, "1", "1.2", "status", "not-started", "started")],
        [Problem(P, None, "invalid-plan",
                 "plan demo-plan does not validate at head: plans/demo-plan.yaml:24:9: error AT302 unknown status "
                 "'started': did you mean 'not-started'? (one of: not-started, in-progress, completed, embedded, "
                 "closed, dropped)")])


def test_order_is_plan_then_file_order_then_kind() -> None:
    after = edit("due: 2026-06-30", "due: 2026-07-31")
    after = edit("owners: [AM, Team Managers]", "owners: [AM]", after)
    after = edit("        status: in-progress\n", "        status: completed\n", after)
    after = edit("due: 2026-03-31", "due: 2026-04-30", after)
    changes, problems = one(after)
    assert [(c.action, c.kind) for c in changes] == [
        ("1.1", "status"), ("1.1", "due"), ("1.2", "owners"), ("2.1", "due")]
    assert [(p.action, p.kind) for p in problems] == [("1.1", "due-moved-without-note"), ("2.1", "due-moved-without-note")]


@pytest.mark.parametrize("kind", ["note-edited", "due-moved-without-note"])
def test_json_shapes(kind: str) -> None:
    change = Change(P, "1", "1.1", "due", date(2026, 3, 31), date(2026, 6, 4), 65, True)
    assert list(change.to_json()) == ["plan", "recommendation", "action", "kind", "before", "after", "days"]
    assert list(Problem(P, "1.1", kind, "m").to_json()) == ["plan", "action", "kind", "message"]


def test_files_identical_at_both_ends_are_set_aside() -> None:
    other = BASE.replace("id: demo-plan", "id: other-plan")
    base = {F: BASE.encode(), "plans/other-plan.yaml": other.encode()}
    head = {F: edit("status: not-started", "status: in-progress").encode(), "plans/other-plan.yaml": other.encode()}
    before, after, untouched = split_unchanged(base, head)
    assert (list(before), list(after), untouched) == ([F], [F], {"other-plan": "plans/other-plan.yaml"})
    changes, problems = compare(load_side(before, untouched), load_side(after, untouched))
    assert [(c.plan, c.kind) for c in changes] == [(P, "status")] and problems == []


def test_a_new_copy_of_an_untouched_plan_is_a_duplicate_not_an_addition() -> None:
    base = {F: BASE.encode()}
    head = {F: BASE.encode(), "plans/demo-plan.yml": BASE.encode()}
    before, after, untouched = split_unchanged(base, head)
    assert (before, list(after)) == ({}, ["plans/demo-plan.yml"])
    assert compare(load_side(before, untouched), load_side(after, untouched)) == ([], [Problem(
        P, None, "invalid-plan",
        "plan demo-plan does not validate at head: plans/demo-plan.yml:1:1: error AT202 duplicate plan id "
        "'demo-plan' (also in plans/demo-plan.yaml)")])
