"""diff of what issue 13 left uncompared: the x- keys of notes, evidence, amendments and the sign-off,
and a rewritten baseline as a problem (the first target is never rewritten)."""

from __future__ import annotations

from datetime import date

from test_diff import BASE, ISSUE, TRAIN, P, edit, facts, one, problems_of, with_note

from actiontrack.query.diff import Change, DiffResult, Problem
from actiontrack.render.cells import plain
from actiontrack.render.changes import describe
from actiontrack.render.review import diff_text

NOTE = "{date: 2026-02-01, by: AM, text: Drafted., status: in-progress}"
DRAFTED = {"date": date(2026, 2, 1), "by": "AM", "text": "Drafted.", "status": "in-progress"}
EVIDENCE = "{date: 2026-05-10, description: Training register, reference: TR/1}"
AMENDMENT = "{date: 2026-02-01, text: Widened to all agencies.}"


def text_of(changes: list[Change], problems: list[Problem]) -> str:
    return "\n".join(line for line, _ in diff_text(DiffResult("a" * 40, "b" * 40, tuple(changes), tuple(problems))))


def test_an_x_key_added_to_an_old_note_is_an_edit_of_the_record() -> None:
    changes, problems = one(edit(NOTE, NOTE[:-1] + ", x-minute: 4}"))
    assert changes == []
    assert problems == [Problem(P, "1.1", "note-edited",
                                "note 1 of action 1.1 (2026-02-01, AM) was edited: its x- keys none is now "
                                "x-minute: 4: notes are an append-only record; add a new note instead",
                                {**DRAFTED, "extra": {}}, {**DRAFTED, "extra": {"x-minute": 4}}, "1")]


def test_an_x_key_changed_or_removed_is_an_edit_too() -> None:
    before = edit(NOTE, NOTE[:-1] + ", x-minute: '4', x-room: A}")
    changed = edit("x-minute: '4'", "x-minute: '5'", before)
    assert [p.message for p in one(changed, before)[1]] == [
        "note 1 of action 1.1 (2026-02-01, AM) was edited: its x- keys x-minute: \"4\"; x-room: \"A\" is now "
        "x-minute: \"5\"; x-room: \"A\": notes are an append-only record; add a new note instead"]
    removed = edit(", x-minute: '4', x-room: A}", "}", before)
    assert problems_of(one(removed, before)[1]) == [("1.1", "note-edited")]
    assert one(before, before) == ([], [])


def test_a_note_added_carries_its_x_keys_in_json_and_text() -> None:
    after = with_note("{date: 2026-03-01, by: AM, text: Sent out., x-minute: 7}", BASE)
    changes, problems = one(after)
    assert (facts(changes), problems) == ([("1.1", "note-added", None, {
        "date": date(2026, 3, 1), "by": "AM", "text": "Sent out.", "status": None, "extra": {"x-minute": 7}})], [])
    assert describe(changes[0], plain, "->") == \
        "action 1.1 (Issue guidance.) note added: 2026-03-01 AM: Sent out. (x-minute: 7)"


def test_evidence_and_amendment_x_keys_are_compared() -> None:
    evidence = one(edit(EVIDENCE, EVIDENCE[:-1] + ", x-file: box 3}"))
    assert [(p.action, p.kind, p.message) for p in evidence[1]] == [(
        "2.1", "evidence-edited", "evidence 1 of action 2.1 (2026-05-10) was edited: its x- keys none is now "
        "x-file: \"box 3\": evidence is an append-only record; add a new entry instead")]
    assert evidence[1][0].after == {"date": date(2026, 5, 10), "description": "Training register",
                                    "reference": "TR/1", "expires": None, "extra": {"x-file": "box 3"}}
    amendment = one(edit(AMENDMENT, AMENDMENT[:-1] + ", x-minute: 12}"))
    assert [(p.recommendation, p.kind, p.message) for p in amendment[1]] == [(
        "1", "amendment-edited", "amendment 1 of recommendation 1 (2026-02-01) was edited: its x- keys none is now "
        "x-minute: 12: amendments are an append-only record; add a new amendment instead")]


def test_the_sign_off_x_keys_are_compared() -> None:
    changes, problems = one(edit("date: 2026-01-05}\npeople", "date: 2026-01-05, x-minute: B/12}\npeople"))
    sign_off = {"name": "Alex Morgan", "role": "Business Manager", "date": date(2026, 1, 5)}
    assert (facts(changes), problems) == ([(None, "plan-sign-off", {**sign_off, "extra": {}},
                                            {**sign_off, "extra": {"x-minute": "B/12"}})], [])
    assert describe(changes[0], plain, "->") == "plan sign-off extra: none -> x-minute: B/12"


# ---------------------------------------------------------------- the baseline, never rewritten

WITH_BASELINE = edit("        due: 2026-03-31\n", "        due: 2026-04-30\n        baseline: 2026-03-31\n")


def test_a_first_baseline_is_no_problem() -> None:
    changes, problems = one(WITH_BASELINE)
    assert [c.kind for c in changes] == ["action-due", "action-baseline"]
    assert problems_of(problems) == [("1.1", "due-moved-without-note")]  # the move, not the baseline


def test_a_baseline_rewritten_is_a_problem_whatever_note_comes_with_it() -> None:
    after = edit("baseline: 2026-03-31", "baseline: 2026-04-30", WITH_BASELINE)
    after = with_note("{date: 2026-03-01, by: AM, text: The target was wrong.}", after)
    changes, problems = one(after, WITH_BASELINE)
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("action-baseline", date(2026, 3, 31), date(2026, 4, 30)), ("note-added", None, changes[1].after)]
    assert problems == [Problem(P, "1.1", "baseline-rewritten",
                                "action 1.1 baseline (its first target, 2026-03-31) was rewritten as 2026-04-30: a "
                                "baseline is never rewritten; put it back, and record a new target as a due date "
                                "moved (`actiontrack reschedule` keeps the baseline)",
                                date(2026, 3, 31), date(2026, 4, 30), "1")]


def test_a_baseline_removed_or_reworded_is_a_problem() -> None:
    removed = edit("        baseline: 2026-03-31\n", "", WITH_BASELINE)
    assert [(p.kind, p.message, p.after) for p in one(removed, WITH_BASELINE)[1] if p.kind == "baseline-rewritten"] \
        == [("baseline-rewritten", "action 1.1 baseline (its first target, 2026-03-31) was removed: a baseline is "
             "never rewritten; put it back, and record a new target as a due date moved (`actiontrack reschedule` "
             "keeps the baseline)", None)]
    reworded = edit("baseline: 2026-03-31", "baseline: End of March 2026", WITH_BASELINE)
    assert [(p.before, p.after) for p in one(reworded, WITH_BASELINE)[1]] == [
        (date(2026, 3, 31), "End of March 2026")]


def test_text_lists_a_rewritten_baseline_before_silent_moves() -> None:
    after = edit("baseline: 2026-03-31", "baseline: 2026-04-30", WITH_BASELINE)
    after = edit("due: 2026-06-30", "due: 2026-07-31", after)
    changes, problems = one(after, WITH_BASELINE)
    assert [p.kind for p in problems] == ["baseline-rewritten", "due-moved-without-note"]
    lines = text_of(changes, problems).splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("  !")] == [
        "  ! baseline-rewritten", "  ! due-moved-without-note"]
    assert f"  action 1.1 ({ISSUE}) baseline: 2026-03-31 -> 2026-04-30" in lines
    assert f"  action 2.1 ({TRAIN}) due: 2026-06-30 -> 2026-07-31 (+31 days, no ledger note)" in lines


def test_textconv_gives_the_sign_off_and_amendment_x_keys_their_lines() -> None:
    from actiontrack.load.loader import Loader
    from actiontrack.query.textconv import plan_lines

    text = edit("date: 2026-01-05}\npeople", "date: 2026-01-05, x-minute: B/12}\npeople")
    text = edit(AMENDMENT, AMENDMENT[:-1] + ", x-minute: 12}", text)
    (result,) = Loader().load([("plans/demo-plan.yaml", text.encode())])
    assert result.plan is not None
    lines = list(plan_lines(result.plan))
    assert lines[lines.index("plan demo-plan completed by: Alex Morgan, Business Manager, 2026-01-05") + 1] == \
        'plan demo-plan completed by x-minute: "B/12"'
    assert lines[lines.index("recommendation 1 amendment 2026-02-01: Widened to all agencies.") + 1] == \
        "recommendation 1 amendment 2026-02-01 x-minute: 12"
    plain_lines = list(plan_lines(Loader().load([("plans/demo-plan.yaml", BASE.encode())])[0].plan))  # type: ignore[arg-type]
    assert not any("x-minute" in line for line in plain_lines)


def test_a_month_dated_note_re_dated_to_a_day_is_an_edit() -> None:
    month = NOTE.replace("date: 2026-02-01", 'date: "2026-02"')
    before = edit(NOTE, month)
    after = edit(month, NOTE.replace("date: 2026-02-01", "date: 2026-02-28"), before)
    assert [(p.action, p.kind, p.message) for p in one(after, before)[1]] == [(
        "1.1", "note-edited", "note 1 of action 1.1 (2026-02, AM) was edited: its date 2026-02 is now 2026-02-28: notes are "
        "an append-only record; add a new note instead")]
