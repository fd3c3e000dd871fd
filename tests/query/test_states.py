"""Each action's state on a date, filters and sorts: the query functions called directly, no CLI."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from actiontrack.model import STATUSES, Plan
from actiontrack.query.states import (
    STATES,
    Filters,
    can_be_overdue,
    classify,
    count_states,
    due_within,
    next_due,
    overdue,
    owner_label,
    owner_matches,
    sort_key,
    states,
)

from support import load_bytes

# Synthetic plan: no real case.
PLAN = textwrap.dedent("""\
    id: demo
    title: Demo plan
    organisation: Example Partnership
    source: {kind: inspection}
    date: 2026-01-05
    people:
      AM: {name: Alex Morgan, role: Business Manager}
    groups:
      - {id: all, title: ALL AGENCIES}
      - {id: health, title: Example NHS Trust}
    recommendations:
      - id: "1"
        group: all
        text: Take family histories.
        actions:
          - {id: "1.1", text: Issue guidance., owners: [AM], due: 2026-03-31, status: in-progress}
          - {id: "1.2", text: Audit files., owners: [Team Managers], due: 2026-04-10, status: not-started}
          - id: "1.3"
            text: Report quarterly.
            owners: [AM]
            timescale: Quarterly
            status: in-progress
            notes:
              - {date: 2026-02-01, by: AM, text: First report.}
      - id: "2"
        group: health
        text: Train staff.
        actions:
          - {id: "2.1", text: Train., owners: [Named Nurse], due: 2026-02-28, status: completed}
          - {id: "2.2", text: Stop the pilot., owners: [Named Nurse], due: 2026-02-28, status: dropped,
             notes: [{date: 2026-02-01, by: AM, text: Replaced by 2.1.}]}
    """)


@pytest.fixture
def plan() -> Plan:
    result = load_bytes(PLAN.encode(), "plans/demo.yaml")
    assert result.plan is not None, result.findings
    return result.plan


@pytest.mark.parametrize(("status", "recurs", "due", "expected"), [
    ("dropped", None, date(2026, 1, 1), ("dropped", date(2026, 1, 1), None)),
    ("completed", None, date(2026, 1, 1), ("completed", None, None)),
    ("embedded", None, None, ("embedded", None, None)),
    ("completed", "P3M", date(2026, 3, 1), ("overdue", date(2026, 3, 1), 31)),  # recurring: due again
    ("completed", "P3M", date(2026, 5, 1), ("completed", date(2026, 5, 1), None)),
    ("in-progress", None, None, ("undated", None, None)),  # no date, no cadence: never on track
    ("not-started", None, None, ("undated", None, None)),
    ("not-started", None, date(2026, 3, 31), ("overdue", date(2026, 3, 31), 1)),
    ("in-progress", None, date(2026, 4, 15), ("due-soon", date(2026, 4, 15), None)),  # 14 days: still soon
    ("in-progress", None, date(2026, 4, 16), ("on-track", date(2026, 4, 16), None)),
])
def test_classify(status: str, recurs: str | None, due: date | None, expected: tuple[object, ...]) -> None:
    assert classify(status, recurs, due, date(2026, 4, 1)) == expected


def test_an_ongoing_cadence_counts_from_the_last_note(plan: Plan) -> None:
    _, quarterly = plan.actions()[2]
    assert next_due(plan, quarterly) == date(2026, 5, 1)  # the note of 1 February + 3 months


def test_states_on_a_date_in_file_order(plan: Plan) -> None:
    rows = states([plan], date(2026, 4, 1))
    assert [(s.action.id, s.state, s.days_overdue) for s in rows] == [
        ("1.1", "overdue", 1), ("1.2", "due-soon", None), ("1.3", "on-track", None),
        ("2.1", "completed", None), ("2.2", "dropped", None)]
    assert count_states(rows) == {"overdue": 1, "due-soon": 1, "on-track": 1, "undated": 0, "unknown": 0, "completed": 1,
                                  "embedded": 0, "closed": 0, "dropped": 1}
    assert tuple(count_states([])) == STATES


def test_filters(plan: Plan) -> None:
    on = date(2026, 4, 1)
    assert [s.action.id for s in states([plan], on, Filters(groups=("health",)))] == ["2.1", "2.2"]
    assert [s.action.id for s in states([plan], on, Filters(groups=("nhs",)))] == ["2.1", "2.2"]  # part of a title
    assert [s.action.id for s in states([plan], on, Filters(statuses=("not-started",)))] == ["1.2"]
    assert [s.action.id for s in states([plan], on, Filters(owners=("alex",)))] == ["1.1", "1.3"]
    assert [s.action.id for s in states([plan], on, Filters(plans=("other",)))] == []


def test_owner_matching_and_labels(plan: Plan) -> None:
    _, act = plan.actions()[0]
    assert owner_matches(plan, act, ["AM"]) and owner_matches(plan, act, ["business manager"])
    assert owner_matches(plan, act, ["Bus"]) and not owner_matches(plan, act, ["Bu"])  # 3+ letters for a part
    assert owner_matches(plan, act, [" am "]) and not owner_matches(plan, act, ["JB"])  # case and spaces aside
    assert owner_label(plan, "AM") == "AM (Alex Morgan)" and owner_label(plan, "Named Nurse") == "Named Nurse"


WORDS = """\
id: words
title: Words
organisation: Example Partnership
source: {kind: audit}
date: 2026-01-05
people:
  TT: {name: Ted Townsend, role: Head of Quality (Children)}
recommendations:
  - id: "1"
    text: Do it.
    actions:
      - {id: "1.1", text: A., owners: [TT], due: 2026-03-31, status: in-progress}
      - {id: "1.2", text: B., owners: [Designated Doctor/Nurse for LAC], due: 2026-03-31, status: in-progress}
      - {id: "1.3", text: C., owners: [Director of Nursing and Integrated Governance], due: 2026-03-31,
         status: in-progress}
      - {id: "1.4", text: D., owners: [Service Manager/Nurse-Lead], due: 2026-03-31, status: in-progress}
"""


@pytest.mark.parametrize(("query", "found"), [
    ("Ted", ["1.1"]),  # never inside "Designated" or "Integrated"
    ("ted", ["1.1"]), ("TT", ["1.1"]), ("townsend", ["1.1"]), ("Ted Town", ["1.1"]), ("quality", ["1.1"]),
    ("children", ["1.1"]),  # after "(": a word begins
    ("nurse", ["1.2", "1.4"]),  # after "/" too
    ("lead", ["1.4"]),  # after "-"
    ("integrated", ["1.3"]), ("doc", ["1.2"]),
    ("ated", []), ("urse", []), ("ownsend", []), ("nsend", []), ("grated", []),
])
def test_owner_matches_where_a_word_begins(query: str, found: list[str]) -> None:
    words = load_bytes(WORDS.encode(), "plans/words.yaml").plan
    assert words is not None
    assert [act.id for _, act in words.actions() if owner_matches(words, act, [query])] == found


def test_overdue_and_due_within_sorted(plan: Plan) -> None:
    on = date(2026, 5, 10)
    assert [(s.action.id, s.days_overdue) for s in overdue([plan], on)] == [("1.1", 40), ("1.2", 30), ("1.3", 9)]
    assert [s.action.id for s in overdue([plan], on, sort="due")] == ["1.1", "1.2", "1.3"]
    assert [s.action.id for s in due_within([plan], date(2026, 3, 20), date(2026, 4, 10))] == ["1.1", "1.2"]


def test_sort_keys() -> None:
    assert sort_key("days", 5, date(2026, 1, 1), "p", 3, 1, "x") < sort_key("days", 2, date(2025, 1, 1), "a", 1, 1, "x")
    assert sort_key("due", None, None, "a", 1, 1, "") > sort_key("due", None, date(9999, 1, 1), "z", 9, 9, "")
    assert sort_key("owner", None, None, "z", 1, 1, "am") < sort_key("owner", None, None, "a", 1, 1, "bo")
    assert sort_key("plan", 9, None, "a", 2, 1, "") < sort_key("plan", 1, None, "a", 3, 1, "")


def test_can_be_overdue_is_exactly_when_some_date_finds_the_action_overdue() -> None:
    """The cached overdue rows keep only these actions: no action classify() could call overdue is left out."""
    days = [date(1990, 1, 1), date(2024, 6, 1), date(2024, 6, 2), date(2100, 1, 1)]
    for status in [*STATUSES, "typo-status"]:
        for recurs in (None, "P1M"):
            for due in (None, date(2024, 6, 1)):
                overdue_some_day = any(classify(status, recurs, due, d)[0] == "overdue" for d in days)
                assert can_be_overdue(status, recurs, due) is overdue_some_day, (status, recurs, due)
