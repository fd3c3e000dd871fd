"""The listings' Table intermediates, built directly from plans: rows, contract keys, tones, headings."""

from __future__ import annotations

from datetime import date

from test_states import plan  # noqa: F401  # the fixture

from actiontrack.model import Plan
from actiontrack.query.listings import (
    DUE_KEYS,
    LIST_KEYS,
    OVERDUE_KEYS,
    due_table,
    list_table,
    overdue_table,
    show_sections,
    show_table,
)
from actiontrack.query.states import due_within, overdue, states

ON = date(2026, 4, 1)


def test_overdue_table(plan: Plan) -> None:  # noqa: F811
    table = overdue_table(overdue([plan], ON), ON)
    assert (table.title, table.empty, table.keys) == ("Overdue on 2026-04-01", "Nothing overdue on 2026-04-01.",
                                                      OVERDUE_KEYS)
    assert table.tones == ["overdue"]
    row = table.rows[0]
    assert {k: row[k] for k in OVERDUE_KEYS} == {
        "plan": "demo", "recommendation": "1", "action": "1.1", "text": "Issue guidance.", "owners": ["AM"],
        "group": "ALL AGENCIES", "due": date(2026, 3, 31), "days_overdue": 1, "status": "in-progress",
        "timescale": None, "latest_note": None, "file": "plans/demo.yaml", "line": 16}
    assert (row["_owners"], row["_due"], row["_note"]) == ("AM (Alex Morgan)", "2026-03-31", "")
    assert [c.title for c in table.columns] == ["Plan", "Action", "Owners", "Due", "Days overdue", "Status",
                                                "Action text", "Latest note"]


def test_due_table(plan: Plan) -> None:  # noqa: F811
    until = date(2026, 4, 15)
    table = due_table(due_within([plan], ON, until), ON, until)
    assert table.keys == DUE_KEYS and table.title == "Due 2026-04-01 to 2026-04-15"
    assert [(r["action"], r["days_left"]) for r in table.rows] == [("1.2", 9)]
    assert table.tones == ["due-soon"]


def test_list_table_counts_every_state(plan: Plan) -> None:  # noqa: F811
    table = list_table([plan], ON)
    assert table.keys == LIST_KEYS
    assert {k: table.rows[0][k] for k in ("actions", "overdue", "due_soon", "on_track", "completed", "dropped",
                                          "next_due")} == {"actions": 5, "overdue": 1, "due_soon": 1, "on_track": 1,
                                                           "completed": 1, "dropped": 1,
                                                           "next_due": date(2026, 4, 10)}
    assert table.tones == ["overdue"]
    assert list_table([], ON).rows == [] and list_table([], ON).empty == "No plans found."


def test_show_sections_read_like_the_document(plan: Plan) -> None:  # noqa: F811
    sections = show_sections(plan, states([plan], ON))
    assert [s.heading for s in sections] == ["Demo plan", "ALL AGENCIES", "Example NHS Trust", "People"]
    assert sections[0].lines == ("Example Partnership", "Source: inspection", "Agreed: 2026-01-05")
    body = sections[1].table
    assert body is not None
    assert [(r.get("recommendation"), r.get("action")) for r in body.rows] == [
        ("1", None), ("1", "1.1"), ("1", "1.2"), ("1", "1.3")]
    assert body.tones == ["heading", "overdue", "due-soon", "on-track"]
    flat = show_table(plan, states([plan], ON))
    assert [r["state"] for r in flat.rows] == ["overdue", "due-soon", "on-track", "completed", "dropped"]
