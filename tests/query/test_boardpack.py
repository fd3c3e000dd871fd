"""The Board pack's value: headline counts against --since, bars by plan and agency, the lists, unreadable files."""

from __future__ import annotations

from datetime import date

from actiontrack.errors import Finding
from actiontrack.load.loader import Unreadable
from actiontrack.query import states as query
from actiontrack.query.boardpack import Bar, Done, Headline, Moved, board_pack
from actiontrack.query.progress import baseline_of, rolled_up, slip_days
from actiontrack.query.summary import Basis
from actiontrack.query.workbook import plan_table

from support import DATA, load_file, load_plans

AS_OF, SINCE = date(2026, 11, 20), date(2026, 10, 31)
NOTES = Basis(git=False, reason="the plans are not in a git repository")


def pack(unreadable: tuple[Unreadable, ...] = ()):  # type: ignore[no-untyped-def]
    plans, _ = load_plans([DATA / "boards"], positions=False)
    return board_pack(plans, None, AS_OF, SINCE, NOTES, unreadable)


def test_headline_counts_actions_and_recommendations_now_and_at_since() -> None:
    assert pack().headline == [
        # 1.1, 2.3 and second-plan 1.1 overdue now; at since 2.3 (due 1 November) was due soon. On
        # 31 October 1.3 was not yet completed (its note is of 10 November), and 2.1 was still due on
        # 15 November (the ledger note that moved it is of 5 November): both on track then.
        Headline("overdue", 3, 2, 3, 2),
        Headline("due-soon", 1, 1, 0, 1),
        Headline("on-track", 2, 4, 0, 0),
        Headline("undated", 0, 0, 0, 0),
        Headline("unknown", 0, 0, 0, 0),
        Headline("completed", 1, 0, 0, 0),
        Headline("embedded", 1, 1, 1, 1),
        Headline("closed", 0, 0, 0, 0),
        Headline("dropped", 1, 1, 0, 0),
    ]


def test_bars_by_plan_and_by_agency_most_overdue_first() -> None:
    p = pack()
    counts = {"overdue": 0, "due-soon": 0, "on-track": 0, "undated": 0, "unknown": 0, "completed": 0, "embedded": 0,
              "closed": 0, "dropped": 0}
    assert p.plans == [
        Bar("board-plan", "Board test plan", {**counts, "overdue": 2, "due-soon": 1, "on-track": 2, "completed": 1,
                                               "embedded": 1, "dropped": 1}),
        Bar("second-plan", "Second test plan", {**counts, "overdue": 1}),
    ]
    # The group "Example NHS Trust" and the group-less plan of that organisation are one agency.
    assert p.agencies == [
        Bar("Example NHS Trust", "Example NHS Trust", {**counts, "overdue": 2, "on-track": 2},
            ("board-plan", "second-plan")),
        Bar("Children's Social Care", "Children's Social Care", {**counts, "overdue": 1, "due-soon": 1, "completed": 1},
            ("board-plan",)),
        Bar("Partnership Board", "Partnership Board", {**counts, "embedded": 1, "dropped": 1}, ("board-plan",)),
    ]
    assert p.plans[0].total == 8 and p.plan_count == 2


def test_lists_overdue_by_agency_due_in_28_days_completed_and_moved() -> None:
    p = pack()
    assert [(agency, [(i.plan, i.action, i.days) for i in items]) for agency, items in p.overdue] == [
        ("Example NHS Trust", [("second-plan", "1.1", 51), ("board-plan", "2.3", 19)]),
        ("Children's Social Care", [("board-plan", "1.1", 36)]),
    ]
    first = p.overdue[1][1][0]
    assert (first.owners, first.due, first.status, first.note and first.note.text) == \
        (("AM (Alex Morgan)",), date(2026, 10, 15), "in-progress", "Drafted.")
    assert p.overdue_count == 3
    # 28 days ahead, to 18 December: 1.2 (in 5 days) and 2.2 (in 20), not 2.1 (31 December).
    assert p.due_until == date(2026, 12, 18)
    assert [(i.action, i.days, i.timescale, i.owners) for i in p.due] == [
        ("1.2", 5, "25.11.26", ("AM (Alex Morgan)", "Team Managers")), ("2.2", 20, None, ("NN (Nina Nash)",))]
    assert [(d.item.action, d.status, d.on) for d in p.completed] == [("1.3", "completed", date(2026, 11, 10))]
    assert isinstance(p.completed[0], Done)
    (moved,) = p.moved
    assert isinstance(moved, Moved)
    assert (moved.item.action, moved.before, moved.after, moved.days, moved.baseline, moved.slip, moved.reason) == \
        ("2.1", date(2026, 11, 15), date(2026, 12, 31), 46, date(2026, 11, 15), 46, "Waiting for the audit tool")
    assert p.unreadable == ()


def test_git_history_gives_the_counts_at_since_and_a_move_without_a_ledger_note() -> None:
    plans, _ = load_plans([DATA / "boards"], positions=False)
    board = next(p for p in plans if p.id == "board-plan")
    # Then, 2.2 was due on 2026-11-10 (no note moved it since): a move with no reason.
    from dataclasses import replace

    rec = board.recommendations[1]
    old_22 = replace(rec.actions[1], due=date(2026, 11, 10))
    then = replace(board, recommendations=(board.recommendations[0],
                                           replace(rec, actions=(rec.actions[0], old_22, rec.actions[2])),
                                           board.recommendations[2]))
    p = board_pack(plans, {then.id: then, "second-plan": plans[1]}, AS_OF, SINCE,
                   Basis(True, None, None, "a" * 40, "2026-10-30"))
    # At since, 2.2 was due in 10 days (due soon), not on track.
    assert [(h.state, h.actions_then) for h in p.headline][:3] == [("overdue", 2), ("due-soon", 2), ("on-track", 2)]
    assert [(m.item.action, m.before, m.after, m.days, m.reason) for m in p.moved] == [
        ("2.2", date(2026, 11, 10), date(2026, 12, 10), 30, None)]


def test_unreadable_files_are_carried_to_the_top_of_the_pack() -> None:
    found = (Unreadable("plans/a.yaml", None, 1, Finding("plans/a.yaml", 2, 1, "error", "AT001", "not YAML")),)
    assert pack(found).unreadable == found and pack(found).summary.unreadable == found


def test_a_recommendation_stands_where_its_least_advanced_action_stands() -> None:
    assert rolled_up(["completed", "overdue", "on-track"]) == "overdue"
    assert rolled_up(["completed", "embedded"]) == "completed"
    assert rolled_up(["dropped", "closed"]) == "closed"
    assert rolled_up(["dropped"]) == "dropped"
    assert rolled_up([]) == "dropped"


def test_baseline_is_where_the_first_ledger_move_started() -> None:
    plans, _ = load_plans([DATA / "boards"], positions=False)
    acts = {a.id: a for _, a in next(p for p in plans if p.id == "board-plan").actions()}
    assert (baseline_of(acts["2.1"]), slip_days(acts["2.1"])) == (date(2026, 11, 15), 46)
    # Never moved: the original target is the due date, and there is no slip to give.
    assert (baseline_of(acts["1.1"]), slip_days(acts["1.1"])) == (date(2026, 10, 15), None)


RATED = DATA / "fit" / "rated-plan.yaml"


def test_the_pack_sets_an_owners_green_against_the_dates_and_says_how_late_completions_were() -> None:
    plan = load_file(RATED).plan
    assert plan is not None
    p = board_pack([plan], None, AS_OF, SINCE, NOTES)
    assert p.rated_count == 3
    assert [(r.item.action, r.rag, r.state) for r in p.rated] == [("1.1", "green", "overdue"),
                                                                   ("1.3", "green", "overdue")]
    assert [(d.item.action, d.completed_on, d.late) for d in p.completed] == [("1.4", "2026-11-05", 21),
                                                                               ("1.5", "Nov 2026", 76)]
    rows = plan_table(plan, query.states([plan], AS_OF), AS_OF).rows
    assert [(r["rag"], r["completed_on"], r["late_days"]) for r in rows] == [
        ("green", None, None), ("green", None, None), ("green", None, None),
        (None, date(2026, 11, 5), 21), (None, "2026-11", 76)]
