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
from actiontrack.query.table import Parts

ON = date(2026, 4, 1)


def test_overdue_table(plan: Plan) -> None:  # noqa: F811
    table = overdue_table(overdue([plan], ON), ON)
    assert (table.title, table.empty, table.keys) == ("Overdue on 2026-04-01", "Nothing overdue on 2026-04-01.",
                                                      OVERDUE_KEYS)
    assert table.tones == ["overdue"]
    row = table.rows[0]
    assert {k: row[k] for k in OVERDUE_KEYS} == {
        "plan": "demo", "recommendation": "1", "action": "1.1", "text": "Issue guidance.", "owners": ["AM"],
        "group": "ALL AGENCIES", "agencies": [], "themes": [], "due": date(2026, 3, 31), "days_overdue": 1,
        "status": "in-progress", "rag": None, "rag_label": None, "baseline": None, "slip_days": None,
        "timescale": None, "latest_note": None, "file": "plans/demo.yaml", "line": 16}
    assert (row["_owners"], row["_due"], row["_note"]) == (Parts(("AM (Alex Morgan)",), "; "), "2026-03-31", "")
    assert [c.title for c in table.columns] == ["Plan", "Action", "Owners", "Due", "Days overdue", "Status",
                                                "Action text", "Latest note"]
    # For people: rows under their plan's heading, and a count line.
    assert (table.group, table.headings) == ("plan", {"demo": "demo: Demo plan"})
    assert table.count_line == "1 overdue action in 1 plan; oldest 1 day"


def test_due_table(plan: Plan) -> None:  # noqa: F811
    until = date(2026, 4, 15)
    table = due_table(due_within([plan], ON, until), ON, until)
    assert table.keys == DUE_KEYS and table.title == "Due 2026-04-01 to 2026-04-15"
    assert [(r["action"], r["days_left"]) for r in table.rows] == [("1.2", 9)]
    assert table.tones == ["due-soon"]
    assert table.rows[0]["_state"] == Parts(("due-soon", "(not-started)"))
    assert table.count_line == "1 action due in 1 plan; the first in 9 days"


def test_list_table_counts_every_state(plan: Plan) -> None:  # noqa: F811
    table = list_table([plan], ON)
    assert table.keys == LIST_KEYS
    assert {k: table.rows[0][k] for k in ("actions", "overdue", "due_soon", "on_track", "completed", "dropped",
                                          "next_due")} == {"actions": 5, "overdue": 1, "due_soon": 1, "on_track": 1,
                                                           "completed": 1, "dropped": 1,
                                                           "next_due": date(2026, 4, 10)}
    assert table.tones == ["overdue"]
    assert table.count_line == "1 plan, 5 actions: 1 overdue, 1 due soon, 1 on track, 1 completed, 1 dropped"
    assert list_table([], ON).rows == [] and list_table([], ON).empty == "No plan had been agreed by 2026-04-01."
    assert list_table([], ON).count_line is None


def test_show_sections_read_like_the_document(plan: Plan) -> None:  # noqa: F811
    sections = show_sections(plan, states([plan], ON), ON)
    assert [(s.level, s.heading) for s in sections] == [
        (1, "Demo plan"), (1, "ALL AGENCIES"), (2, "Recommendation 1: Take family histories."),
        (1, "Example NHS Trust"), (2, "Recommendation 2: Train staff."), (1, "People"), (1, None)]
    assert sections[0].lines == ("Example Partnership", "Source: inspection", "Agreed: 2026-01-05",
                                 "Recommendations: 1 of 2 done; actions: 1 of 5 done")
    # Each recommendation's state from its actions: the most pressing of them, or done.
    assert (sections[2].lines, sections[4].lines) == (("overdue, 0 of 3 actions done",),
                                                      ("completed, 1 of 2 actions done",))
    body = sections[2].table
    assert body is not None
    assert [r["action"] for r in body.rows] == ["1.1", "1.2", "1.3"]
    assert body.tones == ["overdue", "due-soon", "on-track"]
    # One state column: the status beside it only where it says something else.
    assert [r["_state"] for r in body.rows] == [Parts(("overdue", "(in-progress)")),
                                                Parts(("due-soon", "(not-started)")),
                                                Parts(("on-track", "(in-progress)"))]
    assert [c.title for c in body.columns] == ["Action", "Action text", "Owners", "Due", "State", "Latest note"]
    assert sections[-1].lines == ("5 actions: 1 overdue, 1 due soon, 1 on track, 1 completed, 1 dropped",)
    flat = show_table(plan, states([plan], ON), ON)
    assert [r["state"] for r in flat.rows] == ["overdue", "due-soon", "on-track", "completed", "dropped"]
    assert [str(r["_state"]) for r in flat.rows] == ["overdue (in-progress)", "due-soon (not-started)",
                                                     "on-track (in-progress)", "completed", "dropped"]
