"""Unknown status, recommendations as Boards count them, slip, completion late, agencies and themes."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from actiontrack.model import Plan
from actiontrack.query.export import redact_plan
from actiontrack.query.progress import (
    baseline_of,
    count_recommendations,
    late_days,
    moved_from,
    recommendation_state,
    recommendations,
    slip_days,
    totals_by,
)
from actiontrack.query.rollup import agency_of
from actiontrack.query.states import Filters, classify, states
from actiontrack.validate.privacy import Guard

from support import DATA, load_bytes, load_file


def plan_of(actions: str, extra: str = "") -> Plan:
    text = textwrap.dedent("""\
        id: p
        title: T
        organisation: O
        source: {kind: other}
        date: 2024-01-01
        people:
          AM: {name: Alex Morgan, agency: Example Council}
          PC: {name: Pat Cole, agency: Example Police}
        """) + extra + "recommendations:\n" + textwrap.indent(textwrap.dedent(actions), "  ")
    result = load_bytes(text.encode(), "plans/p.yaml")
    assert result.plan is not None, result.findings
    return result.plan


@pytest.mark.parametrize(("due", "recurs", "state", "days"), [
    (date(2024, 5, 1), None, "overdue", 31),  # its date has passed: overdue, whatever was (not) reported
    (date(2024, 6, 5), None, "unknown", None),  # due in 4 days, but not reported: never "due soon" or on track
    (None, None, "unknown", None),
])  # fmt: skip
def test_unknown_status_is_its_own_state_until_the_date_passes(due: date | None, recurs: str | None, state: str,
                                                               days: int | None) -> None:
    assert classify("unknown", recurs, due, date(2024, 6, 1))[::2] == (state, days)


def test_unknown_ongoing_with_a_cadence_is_overdue_after_a_missed_review() -> None:
    plan = plan_of("""\
        - id: "1"
          text: R
          actions:
            - {id: "1.1", text: A, owners: [AM], timescale: Quarterly, status: unknown}
        """)
    assert [(s.state, s.due) for s in states([plan], date(2024, 3, 1))] == [("unknown", date(2024, 4, 1))]
    assert [(s.state, s.days_overdue) for s in states([plan], date(2024, 4, 11))] == [("overdue", 10)]


@pytest.mark.parametrize(("actions", "state"), [
    (["overdue", "completed"], "overdue"),
    (["on-track", "unknown"], "unknown"),  # one not reported: the recommendation is not on track
    (["due-soon", "unknown", "on-track"], "due-soon"),
    (["completed", "closed", "dropped"], "completed"),  # done as far as its least advanced action
    (["embedded", "closed"], "embedded"),
    (["dropped", "dropped"], "dropped"),
])  # fmt: skip
def test_a_recommendation_takes_its_actions_most_pressing_state(actions: list[str], state: str) -> None:
    class Row:
        def __init__(self, s: str) -> None:
            self.state = s

    assert recommendation_state([Row(s) for s in actions]) == state  # type: ignore[misc]


def test_recommendations_are_counted_as_boards_count_them() -> None:
    plan = plan_of("""\
        - id: "1"
          text: Done when all its open actions are done
          actions:
            - {id: "1.1", text: A, owners: [AM], due: 2024-03-01, status: completed}
            - {id: "1.2", text: B, owners: [AM], due: 2024-03-01, status: dropped, notes: [{date: 2024-02-01, by: AM, text: Superseded.}]}
        - id: "2"
          text: One overdue action
          actions:
            - {id: "2.1", text: A, owners: [AM], due: 2024-03-01, status: completed}
            - {id: "2.2", text: B, owners: [AM], due: 2024-03-01, status: in-progress}
        - id: "3"
          text: Tracked as one action
          owners: [PC]
          due: 2024-12-31
          status: unknown
        """)
    recs = recommendations(states([plan], date(2024, 6, 1)))
    assert [(r.rec.id, r.state, r.done) for r in recs] == [("1", "completed", True), ("2", "overdue", False),
                                                           ("3", "unknown", False)]
    assert count_recommendations(recs) == {"total": 3, "done": 1, "overdue": 1, "due-soon": 0, "on-track": 0,
                                           "undated": 0, "unknown": 1, "completed": 1, "embedded": 0, "closed": 0, "dropped": 0}


def test_slip_is_counted_from_the_baseline() -> None:
    plan = plan_of("""\
        - id: "1"
          text: R
          actions:
            - {id: "1.1", text: A, owners: [AM], timescale: March 2024, baseline: "Jan 2024", due: 2024-03-31, status: in-progress}
            - {id: "1.2", text: B, owners: [AM], due: 2024-02-01, baseline: 2024-03-01, status: in-progress}
            - {id: "1.3", text: C, owners: [AM], due: 2024-02-01, status: in-progress}
        """)
    assert [slip_days(a) for _, a in plan.actions()] == [60, -29, None]


@pytest.mark.parametrize(("due", "done", "late"), [
    ("2024-02-28", "2024-03-04", 5),
    ("2024-03-04", "2024-03-04", None),  # on the day: on time
    ("2024-03-31", "2024-03-04", None),
    ("2024-06-30", '"2024-07"', 31),  # a month after the due month: late, counted to the month's end
    ("2024-07-15", '"2024-07"', None),  # "July" against 15 July may have been on time: never claimed late
])  # fmt: skip
def test_completed_late(due: str, done: str, late: int | None) -> None:
    plan = plan_of(f"""\
        - id: "1"
          text: R
          actions:
            - {{id: "1.1", text: A, owners: [AM], due: {due}, completed_on: {done}, status: completed}}
        """)
    assert late_days(plan.actions()[0][1]) == late


def test_late_days_need_a_done_status() -> None:
    plan = plan_of("""\
        - id: "1"
          text: R
          actions:
            - {id: "1.1", text: A, owners: [AM], due: 2024-02-01, completed_on: 2024-03-01, status: in-progress}
        """)
    assert late_days(plan.actions()[0][1]) is None


AGENCIES = """\
    - id: "1"
      text: R
      themes: [Information sharing]
      actions:
        - {id: "1.1", text: A, owners: [AM], due: 2024-03-01, status: in-progress, themes: [training]}
        - {id: "1.2", text: B, owners: [PC], due: 2024-12-01, status: in-progress}
        - {id: "1.3", text: C, owners: [Named Nurse], agency: Example NHS Trust, due: 2024-03-01, status: completed}
        - {id: "1.4", text: D, owners: [AM, PC], due: 2024-03-01, status: in-progress}
        - {id: "1.5", text: E, owners: [Someone], due: 2024-03-01, status: in-progress}
    """


def test_filters_by_agency_and_theme() -> None:
    plan = plan_of(AGENCIES)
    on = date(2024, 6, 1)

    def ids(**kw: tuple[str, ...]) -> list[str]:
        return [s.action.id for s in states([plan], on, Filters(**kw))]  # type: ignore[arg-type]

    assert ids(agencies=("example police",)) == ["1.2", "1.4"]  # an owner's agency from the people key
    assert ids(agencies=("nhs",)) == ["1.3"]  # part of a name, from three letters
    assert ids(agencies=("po",)) == []  # two letters never match part of a name
    assert ids(themes=("TRAINING",)) == ["1.1"]
    assert ids(themes=("information sharing",)) == ["1.1", "1.2", "1.3", "1.4", "1.5"]  # the recommendation's
    assert ids(themes=("information",)) == []  # a theme is a whole tag


def test_totals_by_agency_and_theme_account_for_every_action() -> None:
    rows = states([plan_of(AGENCIES)], date(2024, 6, 1))
    by_agency = {r["agency"]: r["totals"] for r in totals_by(rows, "agency")}
    assert list(by_agency) == ["Example Council", "Example NHS Trust", "Example Police", "(no agency)"]
    assert [by_agency[a]["overdue"] for a in by_agency] == [2, 0, 1, 1]  # 1.4 counts under both of its agencies
    assert by_agency["Example Police"]["on-track"] == 1
    by_theme = {r["theme"]: sum(r["totals"].values()) for r in totals_by(rows, "theme")}
    assert by_theme == {"Information sharing": 5, "training": 1}


def test_the_every_field_plan_reads_as_written() -> None:
    plan = load_file(DATA / "fit" / "every-field.yaml").plan
    assert plan is not None
    (rec1, a11), (_, a12), (_, a13), (rec2, a2) = plan.actions()
    assert (a11.owners, a11.owners_inherited, a11.baseline, a11.baseline_text, a11.due) == (
        ("AM",), True, date(2020, 6, 30), "June 2020", date(2020, 9, 30))
    assert (a11.rag, a11.rag_label, a11.priority, a11.measure, a11.extra) == (
        "green", "2 Substantially achieved", "high", "Policy ratified by the Quality Committee",
        {"x-cost-centre": "NUR-01"})
    assert [(n.date, n.month, n.by) for n in a11.notes] == [(date(2020, 5, 31), True, None),
                                                             (date(2020, 7, 1), False, "AM")]
    assert (a12.due, a12.completed_on, a12.completed_month, a12.agency) == (
        date(2020, 4, 30), date(2020, 5, 4), False, "Example NHS Foundation Trust")  # 20 working days, Easter
    assert (a13.kind, a13.starts, a13.status) == ("ongoing", date(2020, 9, 1), "unknown")
    assert (rec2.standalone, a2.id, a2.standalone, a2.owners, a2.due) == (True, "2", True, ("PC",), date(2020, 2, 2))
    assert (rec1.owners, rec1.status, rec1.rag, rec1.themes) == (("AM",), "in-progress", "amber",
                                                                 ("risk assessment", "transfer of care"))
    assert (rec2.rag, rec2.rag_label) == ("red", "4 Not achieved")
    assert plan.extra == {"x-portfolio-holder": "Cabinet Member for Health"}
    assert rec1.extra == {"x-date-reported-to-board": date(2020, 6, 10)}
    assert plan.people["PC"].agency == "Example Police"


def test_due_lists_an_unreported_action_due_in_the_window() -> None:
    from actiontrack.query.states import due_within

    plan = plan_of("""\
        - id: "1"
          text: R
          actions:
            - {id: "1.1", text: A, owners: [AM], due: 2024-06-10, status: unknown}
            - {id: "1.2", text: B, owners: [AM], due: 2024-06-12, status: in-progress}
        """)
    rows = due_within([plan], date(2024, 6, 1), date(2024, 6, 15))
    assert [(s.action.id, s.state) for s in rows] == [("1.1", "unknown"), ("1.2", "due-soon")]


def test_an_unknown_agency_or_theme_is_an_error_never_an_empty_answer() -> None:
    from actiontrack.errors import UsageError
    from actiontrack.query.filters import check_filters

    plan = plan_of(AGENCIES)
    assert check_filters([plan], Filters(agencies=("police",), themes=("Training",)), ["p"]) == Filters(
        agencies=("police",), themes=("Training",))
    with pytest.raises(UsageError) as exc:
        check_filters([plan], Filters(agencies=("Exmaple Police",)), ["p"])
    assert str(exc.value) == ("--agency: no action in the plans belongs to an agency matching 'Exmaple Police': "
                              "did you mean 'Example Police'?")
    with pytest.raises(UsageError) as exc:
        check_filters([plan], Filters(themes=("trainning",)), ["p"])
    assert str(exc.value) == "--theme: no action in the plans has the theme 'trainning': did you mean 'training'?"


def test_as_of_a_day_before_completed_on_the_action_is_not_done_yet() -> None:
    from actiontrack.query.asof import plan_as_of

    plan = plan_of("""\
        - id: "1"
          text: R
          actions:
            - {id: "1.1", text: A, owners: [AM], due: 2024-03-01, status: completed, completed_on: 2024-03-04}
            - {id: "1.2", text: B, owners: [AM], due: 2024-03-01, status: completed, completed_on: "2024-03"}
        """)
    before = plan_as_of(plan, date(2024, 3, 3))
    assert before is not None
    assert [(a.status, a.completed_on) for _, a in before.actions()] == [("not-started", None), ("not-started", None)]
    on = plan_as_of(plan, date(2024, 3, 4))
    assert on is not None  # the day itself; the month-dated completion counts from 31 March
    assert [(a.status, a.completed_on) for _, a in on.actions()] == [("completed", date(2024, 3, 4)),
                                                                      ("not-started", None)]


def test_a_move_only_the_ledger_records_still_has_a_baseline() -> None:
    # A plan rescheduled before `baseline` was recorded: its ledger note says where it started.
    plan = plan_of("""\
        - id: "1"
          text: R
          actions:
            - id: "1.1"
              text: A
              owners: [AM]
              due: 2024-05-01
              status: in-progress
              notes:
                - {date: 2024-02-01, by: AM, text: "Due date moved from 2024-03-01 to 2024-05-01 (+61 days): staff"}
            - {id: "1.2", text: B, owners: [AM], due: 2024-05-01, status: in-progress}
        """)
    (_, moved), (_, still) = plan.actions()
    assert (moved_from(moved), baseline_of(moved), slip_days(moved)) == (date(2024, 3, 1), date(2024, 3, 1), 61)
    assert (moved_from(still), baseline_of(still), slip_days(still)) == (None, date(2024, 5, 1), None)


def test_the_board_outputs_name_an_actions_own_agency_before_its_group() -> None:
    plan = plan_of(AGENCIES)
    assert [agency_of(plan, rec, act) for rec, act in plan.actions()] == [
        "Example Council", "Example Police", "Example NHS Trust", "Example Council; Example Police", "O"]


def test_a_redacted_plan_cleans_the_new_fields_too() -> None:
    plan = plan_of("""\
        - id: "1"
          text: R
          owners: [AM]
          x-lead: Alex Morgan
          actions:
            - id: "1.1"
              text: A
              owners: [AM]
              due: 2024-05-01
              status: in-progress
              measure: Audit by Alex Morgan
              expected_evidence: Letter about NHS number 9990000018
              x-comment: [Alex Morgan agreed]
        """)
    clean = redact_plan(plan, Guard())
    rec = clean.recommendations[0]
    act = rec.actions[0]
    assert "Alex" not in repr(clean) and "9990000018" not in repr(clean)
    assert (rec.extra, act.measure, act.extra) == ({"x-lead": "AM"}, "Audit by AM", {"x-comment": ["AM agreed"]})
    assert act.expected_evidence == "Letter about NHS number [NHS number removed]"
