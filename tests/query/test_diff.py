"""The pure semantic diff: every field compared, the matching rules, the note rules, broken ends and order."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pytest

from actiontrack.load.discover import Contents
from actiontrack.load.loader import Loader
from actiontrack.query.diff import (
    CHANGE_KINDS,
    Change,
    DiffResult,
    Problem,
    ReadFrom,
    Side,
    compare,
    side_of,
    split_unchanged,
)
from actiontrack.query.diff_fields import ACTION_FIELDS, PLAN_FIELDS, RECOMMENDATION_FIELDS
from actiontrack.query.diff_match import match_record
from actiontrack.wording import format_days, ledger_note


def load_side(files: Mapping[str, Contents], untouched: Mapping[str, str] | None = None) -> Side:
    """One end of a diff from its files, as the diff command loads it."""
    return side_of(Loader().load(sorted(files.items()), trees=True), untouched)


# Synthetic plan: no real case.
BASE = textwrap.dedent("""\
    id: demo-plan
    title: Demo plan
    organisation: Example Partnership
    source: {kind: serious-case-review, reference: SCR Demo}
    date: 2026-01-05
    completed_by: {name: Alex Morgan, role: Business Manager, date: 2026-01-05}
    people:
      AM: {name: Alex Morgan, role: Business Manager}
      JB: {name: Jo Bloggs}
    groups:
      - {id: all, title: ALL AGENCIES}
      - {id: health, title: Health}
    recommendations:
      - id: "1"
        group: all
        text: Take family histories.
        outcome: Practitioners know the household.
        references: [Finding 2]
        amendments:
          - {date: 2026-02-01, text: Widened to all agencies.}
        actions:
          - id: "1.1"
            text: Issue guidance.
            owners: [AM]
            due: 2026-03-31
            monitoring: Audit of implementation
            status: in-progress
            notes:
              - {date: 2026-02-01, by: AM, text: Drafted., status: in-progress}
              - {date: 2026-02-15, by: AM, text: Consulted teams.}
          - id: "1.2"
            text: Audit files.
            owners: [AM, Team Managers]
            timescale: Within 3 months
            status: not-started
      - id: "2"
        group: health
        text: Health visitors follow the guidance.
        actions:
          - id: "2.1"
            text: Train health visitors.
            owners: [JB]
            due: 2026-06-30
            status: completed
            notes:
              - {date: 2026-05-01, by: JB, text: Done., status: completed}
            evidence:
              - {date: 2026-05-10, description: Training register, reference: TR/1}
    """)
P = "demo-plan"
F = "plans/demo-plan.yaml"
ISSUE, AUDIT, TRAIN = "Issue guidance.", "Audit files.", "Train health visitors."


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"not unique: {old!r}"
    return text.replace(old, new)


def run(before: dict[str, str], after: dict[str, str]) -> tuple[list[Change], list[Problem]]:
    return compare(load_side({k: v.encode() for k, v in before.items()}),
                   load_side({k: v.encode() for k, v in after.items()}))


def one(after: str, before: str = BASE) -> tuple[list[Change], list[Problem]]:
    return run({F: before}, {F: after})


def facts(changes: list[Change]) -> list[tuple[object, ...]]:
    """(action or recommendation, kind, before, after) of each change."""
    return [(c.action or c.recommendation, c.kind, c.before, c.after) for c in changes]


def problems_of(problems: list[Problem]) -> list[tuple[object, ...]]:
    return [(p.action, p.kind) for p in problems]


NOTE_ADDED = "          - {date: 2026-02-15, by: AM, text: Consulted teams.}\n"


def with_note(note: str, text: str) -> str:
    """`text` with a note added to action 1.1 after its last one."""
    return edit(NOTE_ADDED, NOTE_ADDED + f"          - {note}\n", text)


def test_identical_plans_have_no_changes() -> None:
    assert one(BASE) == ([], [])


# ---------------------------------------------------------------- the record: notes, evidence, amendments


def test_note_appended_is_a_change_not_a_problem() -> None:
    after = with_note("{date: 2026-03-01, by: AM, text: Sent out., status: completed}", BASE)
    assert one(after) == ([Change(P, "1", "1.1", "note-added", None,
                                  {"date": date(2026, 3, 1), "by": "AM", "text": "Sent out.", "status": "completed", "extra": {}},
                                  subject=ISSUE)], [])


def test_note_edited_in_place_is_a_problem_with_both_values() -> None:
    after = edit("text: Consulted teams.}", "text: Consulted all teams.}")
    assert one(after) == ([], [Problem(
        P, "1.1", "note-edited",
        "note 2 of action 1.1 (2026-02-15, AM) was edited: its text \"Consulted teams.\" is now \"Consulted all "
        "teams.\": notes are an append-only record; add a new note instead",
        {"date": date(2026, 2, 15), "by": "AM", "text": "Consulted teams.", "status": None, "extra": {}},
        {"date": date(2026, 2, 15), "by": "AM", "text": "Consulted all teams.", "status": None, "extra": {}}, "1")])


def test_a_backdated_note_says_to_when() -> None:
    after = edit("{date: 2026-02-01, by: AM, text: Drafted., status: in-progress}",
                 "{date: 2026-01-31, by: AM, text: Drafted., status: completed}")
    assert one(after)[1][0].message == (
        "note 1 of action 1.1 (2026-02-01, AM) was edited: its date 2026-02-01 is now 2026-01-31; its status "
        "\"in-progress\" is now \"completed\": notes are an append-only record; add a new note instead")


def test_note_removed_from_the_middle() -> None:
    after = edit("          - {date: 2026-02-01, by: AM, text: Drafted., status: in-progress}\n", "")
    assert one(after) == ([], [Problem(
        P, "1.1", "note-removed",
        "note 1 of action 1.1 (2026-02-01, AM) was removed: notes are an append-only record",
        {"date": date(2026, 2, 1), "by": "AM", "text": "Drafted.", "status": "in-progress", "extra": {}}, None, "1")])


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
    line = "          - {date: 2026-05-10, description: Training register, reference: TR/1}\n"
    added = edit(line, line + "          - {date: 2026-06-01, description: Re-audit}\n")
    assert one(added) == ([Change(P, "2", "2.1", "evidence-added", None,
                                  {"date": date(2026, 6, 1), "description": "Re-audit", "reference": None,
                                   "expires": None, "extra": {}}, subject=TRAIN)], [])
    assert [p.message for p in one(edit("reference: TR/1}", "reference: TR/2}"))[1]] == [
        "evidence 1 of action 2.1 (2026-05-10) was edited: its reference \"TR/1\" is now \"TR/2\": evidence is an "
        "append-only record; add a new entry instead"]
    assert [p.message for p in one(edit("        evidence:\n" + line, ""))[1]] == [
        "evidence 1 of action 2.1 (2026-05-10) was removed: evidence is an append-only record"]
    # An expiry moved is the record rewritten: a re-audit is a new entry.
    assert [p.message for p in one(edit("reference: TR/1}", "reference: TR/1, expires: 2027-05-10}"))[1]] == [
        "evidence 1 of action 2.1 (2026-05-10) was edited: its expires none is now 2027-05-10: evidence is an "
        "append-only record; add a new entry instead"]


def test_plan_reaudit_is_a_plan_field() -> None:
    changes, problems = one(edit("date: 2026-01-05\ncompleted_by", "date: 2026-01-05\nreaudit: 12 months\ncompleted_by"))
    assert (facts(changes), problems) == ([(None, "plan-reaudit", None, "12 months")], [])


def test_amendments_are_a_record_too() -> None:
    line = "      - {date: 2026-02-01, text: Widened to all agencies.}\n"
    added = edit(line, line + "      - {date: 2026-04-01, text: Timescales agreed by the Board.}\n")
    assert facts(one(added)[0]) == [("1", "amendment-added", None,
                                     {"date": date(2026, 4, 1), "text": "Timescales agreed by the Board.", "extra": {}})]
    removed = one(edit("    amendments:\n" + line, ""))
    assert removed[0] == [] and [p.message for p in removed[1]] == [
        "amendment 1 of recommendation 1 (2026-02-01) was removed: amendments are an append-only record"]
    assert [(p.recommendation, p.kind) for p in one(edit("Widened to all", "Narrowed to some"))[1]] == [
        ("1", "amendment-edited")]


# ---------------------------------------------------------------- every field, from the tables


EVERY_FIELD = [
    ("title: Demo plan", "title: Demo plan (revised)", None, "plan-title", "Demo plan", "Demo plan (revised)"),
    ("organisation: Example Partnership", "organisation: Example Board", None, "plan-organisation",
     "Example Partnership", "Example Board"),
    ("kind: serious-case-review, reference: SCR Demo", "kind: inquiry, reference: SCR Demo", None,
     "plan-source-kind", "serious-case-review", "inquiry"),
    ("reference: SCR Demo}", "reference: SCR Demo 2}", None, "plan-source-reference", "SCR Demo", "SCR Demo 2"),
    ("reference: SCR Demo}", "reference: SCR Demo, date: 2025-12-01}", None, "plan-source-date", None,
     date(2025, 12, 1)),
    ("date: 2026-01-05\ncompleted_by", "date: 2026-01-05\npublished: 2026-02-01\nversion: v2\ncompleted_by", None,
     "plan-published", None, date(2026, 2, 1)),
    ("role: Business Manager, date: 2026-01-05}", "role: Chair, date: 2026-01-06}", None, "plan-sign-off",
     {"name": "Alex Morgan", "role": "Business Manager", "date": date(2026, 1, 5), "extra": {}},
     {"name": "Alex Morgan", "role": "Chair", "date": date(2026, 1, 6), "extra": {}}),
    ("outcome: Practitioners know the household.", "outcome: Every household is known.", "1",
     "recommendation-outcome", "Practitioners know the household.", "Every household is known."),
    ("    group: all\n", "    group: health\n", "1", "recommendation-group", "all", "health"),
    ("references: [Finding 2]", "references: [Finding 2, Finding 5]", "1", "recommendation-references",
     ["Finding 2"], ["Finding 2", "Finding 5"]),
    ("monitoring: Audit of implementation", "monitoring: Dip sample", "1.1", "action-monitoring",
     "Audit of implementation", "Dip sample"),
    ("        due: 2026-03-31\n", "        due: 2026-03-31\n        timescale: March 2026\n", "1.1",
     "action-timescale", None, "March 2026"),
]


@pytest.mark.parametrize(("old", "new", "where", "kind", "before", "after"), EVERY_FIELD,
                         ids=[f[3] for f in EVERY_FIELD])
def test_every_field_is_compared(old: str, new: str, where: str | None, kind: str, before: object,
                                 after: object) -> None:
    changes, problems = one(edit(old, new))
    assert (where, kind, before, after) in facts(changes)
    assert [p for p in problems if p.kind != "invalid-plan"] == []


def test_the_tables_name_every_kind_they_make() -> None:
    for level, fields in (("plan", PLAN_FIELDS), ("recommendation", RECOMMENDATION_FIELDS),
                          ("action", ACTION_FIELDS)):
        assert {f"{level}-{f.name}" for f in fields} <= set(CHANGE_KINDS)


def test_a_recurrence_and_its_wording() -> None:
    changes, problems = one(edit("timescale: Within 3 months", "timescale: Quarterly"))
    assert facts(changes) == [("1.2", "action-due", date(2026, 4, 5), None),
                              ("1.2", "action-timescale", "Within 3 months", "Quarterly"),
                              ("1.2", "action-recurs", None, "P3M")]
    assert problems_of(problems) == [("1.2", "due-moved-without-note")]  # "Quarterly" alone gives no date


def test_the_wording_alone_changes_when_due_decides() -> None:
    before = edit("        due: 2026-03-31\n", "        due: 2026-03-31\n        timescale: March 2026\n")
    after = edit("timescale: March 2026", "timescale: End of March 2026", before)
    assert facts(one(after, before)[0]) == [("1.1", "action-timescale", "March 2026", "End of March 2026")]


def test_owners_and_text_changes() -> None:
    after = edit("owners: [AM, Team Managers]", "owners: [Team Managers]")
    after = edit("text: Audit files.", "text: Audit 20 case files.", after)
    after = edit("text: Take family histories.", "text: Take and update family histories.", after)
    changes = one(after)[0]
    assert facts(changes) == [
        ("1", "recommendation-text", "Take family histories.", "Take and update family histories."),
        ("1.2", "action-text", "Audit files.", "Audit 20 case files."),
        ("1.2", "action-owners", ["AM", "Team Managers"], ["Team Managers"]),
    ]
    assert changes[2].labels == {"AM": "Alex Morgan", "JB": "Jo Bloggs"}


# ---------------------------------------------------------------- the people key, groups, the plan date


def test_a_new_name_for_initials_lists_the_actions_it_relabels() -> None:
    changes, problems = one(edit("AM: {name: Alex Morgan, role: Business Manager}",
                                 "AM: {name: Ann Miles, role: Business Manager}"))
    assert problems == []
    assert changes == [Change(
        P, None, None, "person-changed", {"key": "AM", "name": "Alex Morgan", "role": "Business Manager", "agency": None, "extra": {}},
        {"key": "AM", "name": "Ann Miles", "role": "Business Manager", "agency": None, "extra": {}}, subject="Demo plan", consequences=(
            {"recommendation": "1", "action": "1.1", "subject": ISSUE, "owner": True, "notes": 2},
            {"recommendation": "1", "action": "1.2", "subject": AUDIT, "owner": True, "notes": 0}))]


def test_people_and_groups_added_and_removed() -> None:
    after = edit("  JB: {name: Jo Bloggs}\n", "  JB: {name: Jo Bloggs}\n  SW: {name: Sam Wise, role: Nurse}\n")
    after = edit("  - {id: health, title: Health}", "  - {id: health, title: Health services}", after)
    assert facts(one(after)[0]) == [
        (None, "person-added", None, {"key": "SW", "name": "Sam Wise", "role": "Nurse", "agency": None, "extra": {}}),
        (None, "group-changed", {"id": "health", "title": "Health", "extra": {}}, {"id": "health", "title": "Health services", "extra": {}}),
    ]
    gone = one(edit("  JB: {name: Jo Bloggs}\n", ""))
    assert facts(gone[0])[0] == (None, "person-removed", {"key": "JB", "name": "Jo Bloggs", "role": None, "agency": None, "extra": {}}, None)


def test_a_plan_date_is_one_change_with_the_due_dates_it_moves() -> None:
    changes, problems = one(edit("date: 2026-01-05\ncompleted", "date: 2026-02-05\ncompleted"))
    assert problems == []
    assert changes == [Change(P, None, None, "plan-date", date(2026, 1, 5), date(2026, 2, 5), days=31,
                              subject="Demo plan", consequences=(
                                  {"recommendation": "1", "action": "1.2", "subject": AUDIT,
                                   "before": date(2026, 4, 5), "after": date(2026, 5, 5), "days": 30},))]


def test_a_plan_date_and_an_action_moved_by_hand() -> None:
    after = edit("date: 2026-01-05\ncompleted", "date: 2026-02-05\ncompleted")
    after = edit("timescale: Within 3 months", "timescale: Within 6 months", after)
    changes, problems = one(after)
    assert [(c.kind, c.consequences) for c in changes] == [("plan-date", ()), ("action-due", ()),
                                                           ("action-timescale", ())]
    assert problems_of(problems) == [("1.2", "due-moved-without-note")]


# ---------------------------------------------------------------- what a note must record


def test_status_backwards_needs_a_note_recording_it() -> None:
    back = edit("        status: completed\n", "        status: in-progress\n")
    changes, problems = one(back)
    assert facts(changes) == [("2.1", "action-status", "completed", "in-progress")] and not changes[0].explained
    assert problems == [Problem(
        P, "2.1", "status-backwards-without-note",
        "action 2.1 status moved back from completed to in-progress without a note: add a note with status: "
        "in-progress saying why (`actiontrack status demo-plan:2.1 in-progress --note TEXT` writes one)",
        "completed", "in-progress", "2")]
    line = "          - {date: 2026-05-01, by: JB, text: Done., status: completed}\n"
    unrelated = edit(line, line + "          - {date: 2026-07-01, by: JB, text: Meeting held.}\n", back)
    assert [p.message.split(":")[0] for p in one(unrelated)[1]] == [
        "action 2.1 status moved back from completed to in-progress; no note added records it"]
    recorded = edit(line, line + "          - {date: 2026-07-01, by: JB, text: Reopened., status: in-progress}\n",
                    back)
    changes, problems = one(recorded)
    assert [c.kind for c in changes] == ["action-status", "note-added"] and changes[0].explained
    assert problems == []


def test_forward_moves_need_no_note() -> None:
    assert one(edit("        status: not-started\n", "        status: in-progress\n")) == (
        [Change(P, "1", "1.2", "action-status", "not-started", "in-progress", explained=False, subject=AUDIT)], [])


def test_dropped_and_closed_by_hand_need_their_own_note() -> None:
    dropped = edit("        status: completed\n", "        status: dropped\n")
    assert [p.message for p in one(dropped)[1]] == [
        "action 2.1 was set to dropped without a note recording why: add a note with status: dropped saying why "
        "(`actiontrack status demo-plan:2.1 dropped --note TEXT` writes one)"]
    closed = edit("        status: completed\n", "        status: closed\n")
    assert [p.message for p in one(closed)[1]] == [
        "action 2.1 was set to closed without a note recording the sign-off: add a note with status: closed, by "
        "whoever signed it off and dated when (`actiontrack status demo-plan:2.1 closed --note TEXT --by WHO "
        "--date YYYY-MM-DD`)"]
    line = "          - {date: 2026-05-01, by: JB, text: Done., status: completed}\n"
    signed = edit(line, line + "          - {date: 2026-07-01, by: AM, text: Board minute 12., status: closed}\n",
                  closed)
    assert one(signed)[1] == []


def test_reopening_a_dropped_action_needs_a_note() -> None:
    line = "          - {date: 2026-05-01, by: JB, text: Done., status: completed}\n"
    dropped = edit(line, line + "          - {date: 2026-06-01, by: JB, text: Superseded., status: dropped}\n",
                   edit("        status: completed\n", "        status: dropped\n"))
    reopened = edit("        status: dropped\n", "        status: in-progress\n", dropped)
    assert problems_of(one(reopened, dropped)[1]) == [("2.1", "status-backwards-without-note")]


MOVED = edit("due: 2026-03-31", "due: 2026-06-04")


def test_due_moved_without_a_note() -> None:
    changes, problems = one(MOVED)
    assert changes == [Change(P, "1", "1.1", "action-due", date(2026, 3, 31), date(2026, 6, 4), 65, False,
                              subject=ISSUE)]
    assert problems == [Problem(
        P, "1.1", "due-moved-without-note",
        "action 1.1 due date moved from 2026-03-31 to 2026-06-04 (+65 days) without a note saying why: add the "
        "ledger note \"Due date moved from 2026-03-31 to 2026-06-04 (+65 days): REASON\", as `actiontrack "
        "reschedule` writes it", date(2026, 3, 31), date(2026, 6, 4), "1")]


def test_an_unrelated_note_does_not_explain_a_move() -> None:
    changes, problems = one(with_note("{date: 2026-03-20, by: AM, text: Meeting held.}", MOVED))
    assert changes[0].explained is False
    assert [p.message.split(":")[0] for p in problems] == [
        "action 1.1 due date moved from 2026-03-31 to 2026-06-04 (+65 days) and no note added records the move"]


def test_the_ledger_note_explains_the_move_it_records() -> None:
    note = ledger_note(date(2026, 3, 31), date(2026, 6, 4), "Board meets in June")
    changes, problems = one(with_note(f"{{date: 2026-03-20, by: AM, text: '{note}'}}", MOVED))
    assert [(c.kind, c.explained) for c in changes] == [("action-due", True), ("note-added", None)]
    assert problems == []
    # Two moves in one change: a chain of ledger notes from the old date to the new one.
    first = ledger_note(date(2026, 3, 31), date(2026, 5, 1), "a")
    second = ledger_note(date(2026, 5, 1), date(2026, 6, 4), "b")
    chained = with_note(f"{{date: 2026-03-21, by: AM, text: '{second}'}}",
                        with_note(f"{{date: 2026-03-20, by: AM, text: '{first}'}}", MOVED))
    assert one(chained)[1] == [] and one(chained)[0][0].explained is True


def test_a_ledger_note_that_names_another_date_is_a_problem() -> None:
    note = ledger_note(date(2026, 3, 31), date(2026, 4, 30), "Board meets in April")
    changes, problems = one(with_note(f"{{date: 2026-03-20, by: AM, text: '{note}'}}", MOVED))
    assert changes[0].explained is False
    assert problems == [Problem(
        P, "1.1", "ledger-mismatch",
        "the ledger note of 2026-03-20 says the due date moved to 2026-04-30, but action 1.1 due date moved to "
        "2026-06-04: correct the note or the date", date(2026, 4, 30), date(2026, 6, 4), "1")]
    wrong_start = ledger_note(date(2026, 2, 28), date(2026, 6, 4), "x")
    assert [p.message for p in one(with_note(f"{{date: 2026-03-20, by: AM, text: '{wrong_start}'}}", MOVED))[1]] == [
        "the ledger note of 2026-03-20 says the due date moved from 2026-02-28, but action 1.1 was due 2026-03-31: "
        "correct the note or the date"]
    # A move recorded that never happened.
    assert [p.message for p in one(with_note(f"{{date: 2026-03-20, by: AM, text: '{note}'}}", BASE))[1]] == [
        "the ledger note of 2026-03-20 says the due date moved to 2026-04-30, but action 1.1 due date is still "
        "2026-03-31: correct the note or the date"]


def test_due_brought_forward_removed_and_set() -> None:
    earlier = one(edit("due: 2026-03-31", "due: 2026-03-28"))
    assert earlier[0][0].days == -3 and "(-3 days)" in earlier[1][0].message
    removed = one(edit("        due: 2026-03-31\n", "        timescale: Ongoing\n"))
    assert [(c.kind, c.before, c.after, c.explained) for c in removed[0]] == [
        ("action-due", date(2026, 3, 31), None, False), ("action-timescale", None, "Ongoing", None)]
    assert [p.message for p in removed[1]] == [
        "action 1.1 due date 2026-03-31 removed without a note saying why: add a note saying why it has no due date "
        "now"]
    ongoing = edit("timescale: Within 3 months", "timescale: Ongoing")
    set_now = one(edit("timescale: Ongoing", "timescale: Sept 26", ongoing), ongoing)
    assert facts(set_now[0]) == [("1.2", "action-due", None, date(2026, 9, 30)),
                                 ("1.2", "action-timescale", "Ongoing", "Sept 26")]
    assert set_now[1] == []


def test_days_wording() -> None:
    assert [format_days(d) for d in (65, -3, 1, -1, 0)] == ["+65 days", "-3 days", "+1 day", "-1 day", "+0 days"]


# ---------------------------------------------------------------- matching: moves, renumberings, renames


BLOCK_12 = ("      - id: \"1.2\"\n        text: Audit files.\n        owners: [AM, Team Managers]\n"
            "        timescale: Within 3 months\n        status: not-started\n")
EVIDENCE_END = "          - {date: 2026-05-10, description: Training register, reference: TR/1}\n"


def test_action_moved_between_recommendations() -> None:
    after = edit(EVIDENCE_END, EVIDENCE_END + BLOCK_12, edit(BLOCK_12, ""))
    assert facts(one(after)[0]) == [("1.2", "action-moved", "1", "2")]


def test_action_removed_is_a_change_and_a_problem() -> None:
    changes, problems = one(edit(BLOCK_12, ""))
    assert facts(changes) == [("1.2", "action-removed", {
        "id": "1.2", "text": AUDIT, "status": "not-started", "due": date(2026, 4, 5), "timescale": "Within 3 months",
        "recurs": None, "owners": ["AM", "Team Managers"], "monitoring": None, "baseline": None, "completed-on": None,
        "rag": None, "agency": None, "measure": None, "expected-evidence": None, "themes": [], "priority": None,
        "extra": {}, "notes": [], "evidence": []}, None)]
    assert [(p.kind, p.message) for p in problems] == [
        ("action-removed", "action 1.2 was removed: set it to dropped with a note saying why instead")]


def test_an_action_renumbered_is_not_removed() -> None:
    changes, problems = one(edit('id: "1.2"', 'id: "1.3"'))
    assert facts(changes) == [("1.3", "action-renumbered", "1.2", "1.3")] and problems == []


def test_an_insertion_that_pushes_the_others_down_is_one_addition() -> None:
    renumbered = edit('id: "1.2"', 'id: "1.3"')
    new = BLOCK_12.replace("Audit files.", "Brief the Board.").replace("[AM, Team Managers]", "[JB]")
    after = edit('      - id: "1.3"', new + '      - id: "1.3"', renumbered)
    assert [(c.action, c.kind) for c in one(after)[0]] == [("1.2", "action-added"), ("1.3", "action-renumbered")]


def test_renumbered_and_reworded_or_renumbered_with_its_notes() -> None:
    after = edit('id: "1.2"', 'id: "1.5"', edit("text: Audit files.", "text: Audit the files."))
    assert facts(one(after)[0]) == [("1.5", "action-renumbered", "1.2", "1.5"),
                                    ("1.5", "action-text", AUDIT, "Audit the files.")]
    # Rewritten text, but every note it had is still there: the same action.
    after = edit('id: "1.1"', 'id: "1.9"', edit("text: Issue guidance.", "text: Publish the new practice guide."))
    assert [(c.action, c.kind) for c in one(after)[0]] == [("1.9", "action-renumbered"), ("1.9", "action-text")]


def test_a_recommendation_renumbered() -> None:
    after = edit('  - id: "2"', '  - id: "3"')
    assert facts(one(after)[0]) == [("3", "recommendation-renumbered", "2", "3")]


def test_an_action_that_can_no_longer_be_read_is_not_removed() -> None:
    # An action with no owners is read (owners are optional); one whose text is a number is not.
    changes, problems = one(edit("text: Audit files.", "text: 5"))
    assert changes == []
    assert problems == [
        replace(problems[0], kind="invalid-plan"),
        Problem(P, "1.2", "action-unreadable",
                "action 1.2 could not be read at head, so its changes are not shown (plans/demo-plan.yaml:32:15: "
                "error AT103 'text' must be text, not a number (5): quote it (\"5\")): fix it; an action no longer "
                "needed is set to dropped with a note saying why", None,
                {"errors": [{"file": F, "line": 32, "col": 15, "severity": "error", "code": "AT103",
                             "message": "'text' must be text, not a number (5): quote it (\"5\")"}]}, "1"),
    ]
    assert problems[0].message == "plan demo-plan does not validate at head: 1 error in plans/demo-plan.yaml"
    assert problems[0].details == ("plans/demo-plan.yaml:32:15: error AT103 'text' must be text, not a number (5): "
                                   "quote it (\"5\")",)


def test_every_error_of_an_invalid_plan_is_given() -> None:
    after = edit("        status: not-started\n", "        status: started\n")
    after = edit("owners: [JB]", "owners: [XY]", after)
    changes, problems = one(after)
    assert facts(changes) == [("1.2", "action-status", "not-started", "started"),
                              ("2.1", "action-owners", ["JB"], ["XY"])]
    assert [(p.kind, p.message) for p in problems] == [
        ("invalid-plan", "plan demo-plan does not validate at head: 2 errors in plans/demo-plan.yaml")]
    assert [d.split(": error ")[1][:5] for d in problems[0].details] == ["AT302", "AT301"]
    assert problems[0].before == {"errors": [], "read": "file", "commit": None, "date": None}


def test_plan_added_in_full_removed_and_renamed() -> None:
    other = BASE.replace("id: demo-plan", "id: other-plan").replace("title: Demo plan", "title: Other plan")
    changes, problems = run({F: BASE}, {F: BASE, "plans/other-plan.yaml": other})
    assert [(c.plan, c.recommendation, c.action, c.kind) for c in changes] == [
        ("other-plan", None, None, "plan-added"), ("other-plan", "1", None, "recommendation-added"),
        ("other-plan", "1", "1.1", "action-added"), ("other-plan", "1", "1.2", "action-added"),
        ("other-plan", "2", None, "recommendation-added"), ("other-plan", "2", "2.1", "action-added")]
    assert changes[0].after["people"] == {  # type: ignore[index]
        "AM": {"name": "Alex Morgan", "role": "Business Manager", "agency": None, "extra": {}},
        "JB": {"name": "Jo Bloggs", "role": None, "agency": None, "extra": {}}}
    assert changes[5].after["notes"] == [  # type: ignore[index]
        {"date": date(2026, 5, 1), "by": "JB", "text": "Done.", "status": "completed", "extra": {}}] and problems == []
    unrelated = textwrap.dedent("""\
        id: other-plan
        title: Other plan
        organisation: Elsewhere
        source: {kind: other}
        date: 2025-01-05
        recommendations:
          - id: "9"
            text: Something else.
            actions:
              - {id: "9.1", text: Unrelated., owners: [Board], status: not-started}
        """)
    # Too little in common to be a rename: one plan removed, another added.
    changes, problems = run({F: BASE}, {"plans/other-plan.yaml": unrelated})
    assert [(c.plan, c.kind) for c in changes] == [
        ("demo-plan", "plan-removed"), ("other-plan", "plan-added"), ("other-plan", "recommendation-added"),
        ("other-plan", "action-added")]
    assert [(p.plan, p.kind, p.message) for p in problems] == [
        ("demo-plan", "action-removed",
         "plan demo-plan was removed with its 3 actions: set them to dropped with a note saying why instead")]
    # Same id, another file name (.yml): matched by id, so nothing changed.
    assert run({F: BASE}, {"plans/demo-plan.yml": BASE}) == ([], [])


def test_a_renamed_plan_is_compared_as_one_plan() -> None:
    renamed = edit("id: demo-plan", "id: demo-plan-2026", edit("due: 2026-03-31", "due: 2026-06-04"))
    changes, problems = run({F: BASE}, {"plans/demo-plan-2026.yaml": renamed})
    assert facts(changes) == [
        (None, "plan-renamed", {"id": P, "file": F}, {"id": "demo-plan-2026", "file": "plans/demo-plan-2026.yaml"}),
        ("1.1", "action-due", date(2026, 3, 31), date(2026, 6, 4))]
    assert {c.plan for c in changes} == {"demo-plan-2026"}
    assert problems_of(problems) == [("1.1", "due-moved-without-note")]


# ---------------------------------------------------------------- broken ends


def test_a_plan_that_does_not_load_at_head_is_invalid_not_removed() -> None:
    broken = BASE + "  - {\n"
    assert run({F: BASE}, {F: broken}) == ([], [Problem(
        P, None, "invalid-plan", "plan demo-plan does not validate at head: 1 error in plans/demo-plan.yaml",
        {"errors": [], "read": "file", "commit": None, "date": None},
        {"errors": [{"file": F, "line": 49, "col": 6, "severity": "error", "code": "AT001",
                     "message": "YAML syntax error: did not find expected node content (while parsing a flow node)"}]},
        None, ("plans/demo-plan.yaml:49:6: error AT001 YAML syntax error: did not find expected node content "
               "(while parsing a flow node)",))])


def test_a_base_that_does_not_load_is_seen_through() -> None:
    broken = load_side({F: (BASE + "  - {\n").encode()})
    assert broken.ends[0].plan is None
    # What the api does: the plan read from its last valid version in the base's history.
    good = load_side({F: BASE.encode()}).ends[0]
    base = Side((replace(broken.ends[0], plan=good.plan, read_from=ReadFrom("c0ffee" * 6 + "beef", "2026-11-01")),))
    head = load_side({F: edit("        status: in-progress\n", "        status: completed\n").encode()})
    changes, problems = compare(base, head)
    assert problems == []
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("plan-repaired", {"errors": [{"file": F, "line": 49, "col": 6, "severity": "error", "code": "AT001",
                                       "message": "YAML syntax error: did not find expected node content (while "
                                                  "parsing a flow node)"}],
                           "read": "history", "commit": "c0ffee" * 6 + "beef", "date": "2026-11-01"},
         {"errors": []}),
        ("action-status", "in-progress", "completed")]
    # Nothing readable anywhere: the head in full.
    changes, problems = compare(broken, head)
    assert [c.kind for c in changes][:2] == ["plan-added", "plan-repaired"] and problems == []


def test_a_base_with_errors_is_read_leniently() -> None:
    base = edit("        status: not-started\n", "        status: started\n")
    changes, problems = one(edit("due: 2026-03-31", "due: 2026-04-30"), base)
    assert [c.kind for c in changes] == ["plan-repaired", "action-due", "action-status"]
    assert changes[0].before["read"] == "file"  # type: ignore[index]
    assert problems_of(problems) == [("1.1", "due-moved-without-note")]


# ---------------------------------------------------------------- order, JSON, files set aside


def test_order_is_plan_then_file_order_then_kind() -> None:
    after = edit("due: 2026-06-30", "due: 2026-07-31")
    after = edit("owners: [AM, Team Managers]", "owners: [AM]", after)
    after = edit("        status: in-progress\n", "        status: completed\n", after)
    after = edit("due: 2026-03-31", "due: 2026-04-30", after)
    changes, problems = one(after)
    assert [(c.action, c.kind) for c in changes] == [
        ("1.1", "action-status"), ("1.1", "action-due"), ("1.2", "action-owners"), ("2.1", "action-due")]
    assert problems_of(problems) == [("1.1", "due-moved-without-note"), ("2.1", "due-moved-without-note")]


def test_json_shapes() -> None:
    change = Change(P, "1", "1.1", "action-due", date(2026, 3, 31), date(2026, 6, 4), 65, True, ISSUE)
    assert list(change.to_json()) == ["plan", "recommendation", "action", "kind", "subject", "before", "after",
                                      "days", "explained", "consequences"]
    assert list(Problem(P, "1.1", "ledger-mismatch", "m").to_json()) == [
        "plan", "recommendation", "action", "kind", "message", "before", "after"]
    assert list(DiffResult("a", "b", (), ()).to_json()) == ["version", "base", "head", "changes", "problems"]
    assert DiffResult("a", "b", (), ()).to_json()["version"] == 5


def test_files_identical_at_both_ends_are_set_aside() -> None:
    other = BASE.replace("id: demo-plan", "id: other-plan")
    base = {F: BASE.encode(), "plans/other-plan.yaml": other.encode()}
    head = {F: edit("status: not-started", "status: in-progress").encode(), "plans/other-plan.yaml": other.encode()}
    before, after, untouched = split_unchanged(base, head)
    assert (list(before), list(after), untouched) == ([F], [F], {"other-plan": "plans/other-plan.yaml"})
    changes, problems = compare(load_side(before, untouched), load_side(after, untouched))
    assert [(c.plan, c.kind) for c in changes] == [(P, "action-status")] and problems == []


def test_a_new_copy_of_an_untouched_plan_is_a_duplicate_not_an_addition() -> None:
    base = {F: BASE.encode()}
    head = {F: BASE.encode(), "plans/demo-plan.yml": BASE.encode()}
    before, after, untouched = split_unchanged(base, head)
    assert (before, list(after)) == ({}, ["plans/demo-plan.yml"])
    changes, problems = compare(load_side(before, untouched), load_side(after, untouched))
    assert changes == []
    assert [(p.plan, p.kind, p.details) for p in problems] == [("demo-plan", "invalid-plan", (
        "plans/demo-plan.yml:1:1: error AT202 duplicate plan id 'demo-plan' (also in plans/demo-plan.yaml)",))]


def test_a_note_with_no_author_dated_by_month_is_named_plainly() -> None:
    from actiontrack.query.diff_fields import note_json
    from actiontrack.render.changes import describe

    after = edit(NOTE_ADDED, NOTE_ADDED + '          - {date: "2026-03", text: Reported to the Board.}\n')
    changes, problems = one(after)
    assert [(c.kind, c.after) for c in changes] == [
        ("note-added", {"date": "2026-03", "by": None, "text": "Reported to the Board.", "status": None, "extra": {}})]
    assert describe(changes[0], str, "->").endswith("note added: 2026-03: Reported to the Board.")
    assert note_json(load_side({F: after.encode()}).ends[0].plan.actions()[0][1].notes[-1])["date"] == "2026-03"  # type: ignore[union-attr]
