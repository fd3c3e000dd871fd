"""The mapping's rules one by one: header words, lines shared out, "As above", owners, progress words and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.importing.actions import split_owners
from actiontrack.importing.columns import field_of
from actiontrack.importing.lines import action_items, is_as_above, share
from actiontrack.importing.progress import colour_of, priority_of, read_date, status_of
from actiontrack.importing.table import Cell

PLAN_DAY = dt.date(2012, 7, 27)


@pytest.mark.parametrize(("header", "field"), [
    ("No", "number"), ("Rec no.", "number"), ("Recommendation No", "number"), ("Recommendation", "recommendation"),
    ("Standard", "recommendation"), ("Objective", "outcome"), ("Actions Needed", "action"),
    ("Action(s) required", "action"), ("Specific actions", "action"), ("Timescale", "timescale"),
    ("By when", "timescale"), ("Target date", "timescale"), ("Deadline", "timescale"), ("Due", "timescale"),
    ("Lead", "owner"), ("Lead Officer(s)", "owner"), ("Responsible Officer", "owner"), ("By whom", "owner"),
    ("Lead agency", "owner"), ("Agency", "agency"), ("Progress", "progress"), ("Update", "progress"),
    ("Outcome", "progress"), ("Comments", "progress"), ("Progress at 18.10.12", "progress"), ("RAG", "rag"),
    ("RAG status", "rag"), ("Status", "rag"), ("Rating", "rag"), ("Evidence", "measure"),
    ("Measure of success", "measure"), ("Outcome measure", "measure"), ("Monitoring", "monitoring"),
    ("Audit of implementation (include method of audit)", "monitoring"), ("Revised target", "revised"),
    ("Revised date", "revised"), ("Completed", "completed"), ("Date completed", "completed"),
    ("Priority", "priority"), ("Priority level", "priority"), ("Climbie Audit No.", None), ("Portfolio holder", None),
    ("", None),
])
def test_the_synonym_table(header: str, field: str | None) -> None:
    assert field_of(header) == field


def cell(text: str, levels: tuple[int, ...] = ()) -> Cell:
    return Cell(text, "C5", levels)


ACTIONS = cell("• Review provision\n• Write a protocol\n• Monitor it")
NAMES = ("Actions (B5)", "Timescale (C5)")


@pytest.mark.parametrize(("text", "values", "judgement"), [
    ("Sept 03\nSept 03\nOngoing", [["Sept 03"], ["Sept 03"], ["Ongoing"]], None),
    ("Ongoing", [["Ongoing"]] * 3, "one line in Timescale (C5) for 3 actions: each takes it"),
    ("Sept 03\nOngoing", [["Sept 03"], ["Ongoing"], []],
     "3 lines in Actions (B5), 2 in Timescale (C5): the last action takes no timescale"),
    ("Sept 03\nOct 03\nNov 03\nDec 03", [["Sept 03"], ["Oct 03"], ["Nov 03", "Dec 03"]],
     "3 lines in Actions (B5), 4 in Timescale (C5): the last action takes lines 3-4"),
    ("Sept 03\n\nOngoing", [["Sept 03"], [], ["Ongoing"]],
     "Timescale (C5) has a blank line beside action 2, read line by line: it takes no timescale"),
])
def test_a_cell_is_shared_out_line_by_line(text: str, values: list[list[str]], judgement: str | None) -> None:
    shared = share(action_items(ACTIONS), ACTIONS, cell(text), NAMES, "timescale")
    assert (shared.values, shared.judgement) == (values, judgement)


def test_sub_items_stay_with_their_action() -> None:
    marked = cell("Review provision\nMonitor through\n- Supervision and\n- Quarterly reviews")
    by_level = cell("Review provision\nMonitor through\nSupervision and\nQuarterly reviews", (0, 0, 1, 1))
    for actions in (marked, by_level):
        assert [i.text for i in action_items(actions)] == [
            "Review provision", "Monitor through\n- Supervision and\n- Quarterly reviews"]
    inline = cell("• Check contracts. • Review them at meetings.")
    assert [i.text for i in action_items(inline)] == ["Check contracts.", "Review them at meetings."]
    numbered = cell("1. Devise a policy\n2. Report to the Chief Executive")
    assert [i.text for i in action_items(numbered)] == ["Devise a policy", "Report to the Chief Executive"]


@pytest.mark.parametrize(("text", "expected"), [
    ("As above", True), ("as above.", True), ("Ditto", True), ('"', True), ("Same as above", True),
    ("Above all, the lead", False), ("SM", False),
])
def test_as_above(text: str, expected: bool) -> None:
    assert is_as_above(text) is expected


@pytest.mark.parametrize(("text", "owners"), [
    ("SM/LM", ["SM", "LM"]), ("SM/JD/HL", ["SM", "JD", "HL"]),
    ("Andrew Example/ Ted Example/ Health Rep", ["Andrew Example", "Ted Example", "Health Rep"]),
    ("SM /operational managers", ["SM", "operational managers"]),
    ("Designated Doctor/Nurse for LAC", ["Designated Doctor/Nurse for LAC"]),
    ("Kim Lowe (c/ref Example Action Plan)", ["Kim Lowe (c/ref Example Action Plan)"]),
    ("Jo Marsh, Group Manager; Team Managers", ["Jo Marsh, Group Manager", "Team Managers"]),
])
def test_owners_split(text: str, owners: list[str]) -> None:
    assert split_owners(text) == owners


@pytest.mark.parametrize(("text", "on", "status"), [
    ("Completed July 2003", "2003-07", "completed"),
    ("Guidance issued September 2002", "2002-09", "completed"),
    ("18.10.12: partly completed", "2012-10-18", "in-progress"),
    ("Partly completed as at 18.10.12", "2012-10-18", "in-progress"),
    ("Completed Summer 2002", "2002-08", "completed"),
    ("Reported to the committee April 2003", "2003-04", "completed"),
    ("On LSCB agenda 05.12.12", None, None),
    ("Completed and on the agenda for 05.12.12", None, "completed"),
    ("Plan established", None, None),
    ("Not started", None, "not-started"),
    ("Not yet complete", None, "in-progress"),
    ("Withdrawn: superseded by the new strategy", None, "dropped"),
    ("Signed off by the Board", None, "closed"),
])
def test_progress_dates_and_statuses(text: str, on: str | None, status: str | None) -> None:
    dated = read_date(text, PLAN_DAY)
    assert (dated.on if dated else None, status_of(text)) == (on, status)


@pytest.mark.parametrize(("word", "colour"), [
    ("R", "red"), ("Red", "red"), ("amber", "amber"), ("Yellow", "amber"), ("G", "green"), ("BLUE", "blue"),
    ("Amber/Green", None), ("1 Fully achieved", None),
])
def test_rating_words(word: str, colour: str | None) -> None:
    assert colour_of(word) == colour


@pytest.mark.parametrize(("word", "priority"), [
    ("High", "high"), ("HIGH PRIORITY", "high"), ("h", "high"), ("Medium", "medium"), ("Med.", "medium"),
    ("M", "medium"), ("priority low", "low"), ("L", "low"),
    ("Urgent", None), ("1", None), ("High/Medium", None), ("", None),
])
def test_priority_words(word: str, priority: str | None) -> None:
    assert priority_of(word) == priority
