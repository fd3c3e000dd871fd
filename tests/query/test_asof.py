"""The as-of rule on the bundled plans and on synthetic records: the plan as its record stood that day."""

from __future__ import annotations

from datetime import date

import pytest

from actiontrack.model import Plan
from actiontrack.query.asof import action_as_of, plan_as_of, plans_as_of, record_end
from actiontrack.query.states import action_state

from support import SEED_PLANS, load_bytes, load_file

THURROCK = SEED_PLANS / "thurrock-ofsted-2012.yaml"


@pytest.fixture(scope="module")
def thurrock() -> Plan:
    plan = load_file(THURROCK, positions=False).plan
    assert plan is not None
    return plan


def seen(plan: Plan, action_id: str, day: date) -> tuple[str, str, date | None, int]:
    """(status, state, due, how many notes) of one action as its record stood on `day`."""
    stood = plan_as_of(plan, day)
    assert stood is not None
    rec, act = next((r, a) for r, a in stood.actions() if a.id == action_id)
    return act.status, action_state(stood, rec, act, day).state, act.due, len(act.notes)


def test_thurrock_on_1_october_against_1_december_2012(thurrock: Plan) -> None:
    # 1.1 was completed by its note of 19 October; on 1 October it was not, and due "27.7.12".
    assert seen(thurrock, "1.1", date(2012, 10, 1)) == ("not-started", "overdue", date(2012, 7, 27), 0)
    assert seen(thurrock, "1.1", date(2012, 12, 1)) == ("completed", "completed", date(2012, 7, 27), 1)
    # 15.2's note ("Partly completed as at 18.10.12") did not exist yet; its deadline was to come.
    assert seen(thurrock, "15.2", date(2012, 10, 1)) == ("not-started", "on-track", date(2012, 10, 27), 0)
    assert seen(thurrock, "15.2", date(2012, 12, 1)) == ("in-progress", "overdue", date(2012, 10, 27), 1)
    # On the version's own date every note is there: the plan as written.
    assert plan_as_of(thurrock, date(2012, 10, 19)) is thurrock
    assert record_end(thurrock) == date(2012, 10, 19)


def test_a_plan_agreed_later_did_not_exist(thurrock: Plan) -> None:
    assert plan_as_of(thurrock, date(2012, 7, 26)) is None
    assert plans_as_of([thurrock], date(2012, 7, 26)) == []
    assert [p.id for p in plans_as_of([thurrock], date(2012, 7, 27))] == ["thurrock-ofsted-2012"]


RECORD = """\
id: record-plan
title: Record plan
organisation: Example Partnership
source: {kind: other}
date: 2026-01-05
completed_by: {name: Board Chair, date: 2026-06-30}
recommendations:
  - id: "1"
    text: Do it.
    amendments:
      - {date: 2026-05-01, text: Widened to all teams.}
    actions:
      - id: "1.1"
        text: Audit.
        owners: [Board]
        timescale: "By 31.3.26"
        due: 2026-05-31
        status: embedded
        notes:
          - {date: 2026-02-01, by: Board, text: Started., status: in-progress}
          - {date: 2026-03-20, by: Board, text: "Due date moved from 2026-03-31 to 2026-05-31 (+61 days): staff"}
          - {date: 2026-04-10, by: Board, text: Half done.}
          - {date: 2026-05-20, by: Board, text: Done., status: completed}
        evidence:
          - {date: 2026-06-15, description: Re-audit}
      - id: "1.2"
        text: Set a date.
        owners: [Board]
        timescale: "Ongoing"
        due: 2026-09-30
        status: in-progress
        notes:
          - {date: 2026-04-01, by: Board, text: "Due date set to 2026-09-30: agreed at the Board"}
"""


@pytest.fixture(scope="module")
def record() -> Plan:
    plan = load_bytes(RECORD.encode(), "plans/record-plan.yaml", positions=False).plan
    assert plan is not None
    return plan


def test_status_before_the_first_later_status_note(record: Plan) -> None:
    assert seen(record, "1.1", date(2026, 1, 31))[0] == "not-started"  # no status recorded yet
    assert seen(record, "1.1", date(2026, 4, 30))[0] == "in-progress"  # the note of 1 February
    # No later status note, but embedded needs evidence (AT303) and the only one is of 15 June:
    # completed, as the note of 20 May says, until then; as written from that day.
    assert seen(record, "1.1", date(2026, 6, 1))[0] == "completed"
    assert seen(record, "1.1", date(2026, 6, 1))[3] == 4
    assert seen(record, "1.1", date(2026, 6, 15))[0] == "embedded"


SIGNED_LATER = """\
id: signed-plan
title: Signed plan
organisation: Example Partnership
source: {kind: other}
date: 2024-01-05
recommendations:
  - id: "1"
    text: Do it.
    actions:
      - {id: "1.1", text: Embedded by hand., owners: [Board], due: 2024-03-31, status: embedded,
         evidence: [{date: 2024-06-01, description: Re-audit}]}
      - {id: "1.2", text: Closed by hand., owners: [Board], due: 2024-03-31, status: closed,
         notes: [{date: 2024-06-01, by: Board, text: Signed off at the Board.}]}
      - {id: "1.3", text: Dropped by hand., owners: [Board], due: 2024-03-31, status: dropped,
         notes: [{date: 2024-06-01, by: Board, text: Superseded by the new strategy.}]}
      - {id: "1.4", text: Closed, signed off earlier., owners: [Board], due: 2024-03-31, status: closed,
         notes: [{date: 2024-04-01, by: Board, text: Signed off.}, {date: 2024-06-01, by: Board, text: Later.}]}
"""


def test_a_status_whose_record_is_all_later_was_not_that_status_yet() -> None:
    plan = load_bytes(SIGNED_LATER.encode(), "plans/signed-plan.yaml", positions=False).plan
    assert plan is not None
    day = date(2024, 5, 1)
    # Embedded without its evidence, closed without its sign-off note: at most completed that day.
    assert seen(plan, "1.1", day)[:2] == ("completed", "completed")
    assert seen(plan, "1.2", day)[:2] == ("completed", "completed")
    # Dropped without the note saying why: still open, so overdue.
    assert seen(plan, "1.3", day)[:3] == ("not-started", "overdue", date(2024, 3, 31))
    assert seen(plan, "1.4", day)[:2] == ("closed", "closed")  # its sign-off note is of 1 April
    assert [seen(plan, a, date(2024, 6, 1))[0] for a in ("1.1", "1.2", "1.3")] == ["embedded", "closed", "dropped"]


def test_a_later_reschedule_note_gives_back_the_date_it_moved_from(record: Plan) -> None:
    assert seen(record, "1.1", date(2026, 3, 19))[1:3] == ("due-soon", date(2026, 3, 31))
    assert seen(record, "1.1", date(2026, 3, 20))[2] == date(2026, 5, 31)
    # "Due date set to": before it, the wording alone ("Ongoing") gives no date.
    assert seen(record, "1.2", date(2026, 3, 31))[1:3] == ("undated", None)
    assert seen(record, "1.2", date(2026, 4, 1))[1:3] == ("on-track", date(2026, 9, 30))


def test_evidence_amendments_and_sign_off_dated_later_are_left_out(record: Plan) -> None:
    stood = plan_as_of(record, date(2026, 6, 1))
    assert stood is not None
    rec = stood.recommendations[0]
    assert (len(rec.actions[0].evidence), len(rec.amendments), stood.completed_by) == (0, 1, None)
    early = plan_as_of(record, date(2026, 4, 30))
    assert early is not None and early.recommendations[0].amendments == ()
    later = plan_as_of(record, date(2026, 6, 30))
    assert later is record  # nothing in it is dated after 30 June
    assert action_as_of(record, record.recommendations[0].actions[1], date(2026, 6, 1)) is \
        record.recommendations[0].actions[1]


PUBLISHED_LATER_SET = """\
id: published-plan
title: Published
organisation: Example Partnership
source: {kind: other}
date: 2026-01-05
published: 2026-02-01
recommendations:
  - id: "1"
    text: Do it.
    actions:
      - id: "1.1"
        text: Report.
        owners: [Board]
        timescale: "Within 6 months of publication"
        due: 2026-09-30
        status: in-progress
        notes:
          - {date: 2026-04-01, by: Board, text: "Due date set to 2026-09-30: agreed at the Board"}
"""


def test_before_a_set_date_the_wording_is_read_against_the_publication_date() -> None:
    plan = load_bytes(PUBLISHED_LATER_SET.encode(), "plans/published-plan.yaml", positions=False).plan
    assert plan is not None
    # Before the note, the wording alone gives six months from publication, as the loader reads it.
    assert seen(plan, "1.1", date(2026, 3, 1))[1:3] == ("on-track", date(2026, 8, 1))
    assert seen(plan, "1.1", date(2026, 4, 1))[2] == date(2026, 9, 30)
