"""The deadlines calendar parsed back with icalendar: stable UIDs, growing SEQUENCE, cadences, safe folding."""

from __future__ import annotations

from datetime import UTC, date, datetime

from icalendar import Calendar as ICalendar

from actiontrack.query.calendar import calendar
from actiontrack.render.ics import render_calendar, rrule_of

from support import DATA, load_bytes, load_plans

AS_OF = date(2026, 11, 20)
STAMP = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
LONG = "Réunion " + "très longue, avec des accents — et des émojis 🧒🏽 " * 12

# Synthetic plan: text that tries to end an item and start another, and text long enough to fold.
HOSTILE = f"""\
id: calendar-plan
title: "Calendar plan; with, escapes\\\\"
organisation: Example Partnership
source: {{kind: other}}
date: 2026-01-05
recommendations:
  - id: "1"
    text: Keep the record.
    actions:
      - id: "1.1"
        text: "Train staff\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\r\\nUID:evil@example\\rSUMMARY:pwned\\nDTSTART:19700101"
        owners: ["Lead\\nUID:x"]
        due: 2026-12-01
        status: in-progress
      - id: "1.2"
        text: "{LONG}"
        owners: [Named Nurse]
        timescale: Quarterly
        status: in-progress
        notes:
          - {{date: 2026-10-01, by: Named Nurse, text: First quarter reported.}}
          - {{date: 2026-10-20, by: Named Nurse, text: Second report drafted.}}
      - id: "1.3"
        text: Ongoing with no cadence.
        owners: [Named Nurse]
        timescale: Ongoing
        status: in-progress
"""


def hostile() -> bytes:
    plan = load_bytes(HOSTILE.encode(), "plans/calendar-plan.yaml", positions=False).plan
    assert plan is not None
    return render_calendar(calendar([plan], AS_OF, []), STAMP)


def events(data: bytes) -> dict[str, object]:
    cal = ICalendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_text_cannot_end_an_item_or_start_another() -> None:
    data = hostile()
    found = events(data)
    assert sorted(found) == ["calendar-plan:1.1@actiontrack", "calendar-plan:1.2@actiontrack"]
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 2 and lines.count(b"END:VEVENT") == 2
    assert [line for line in lines if line.startswith(b"UID:")] == [b"UID:calendar-plan:1.1@actiontrack",
                                                                    b"UID:calendar-plan:1.2@actiontrack"]
    assert not [line for line in lines if line.startswith((b"SUMMARY:pwned", b"DTSTART:1970"))]
    ev = found["calendar-plan:1.1@actiontrack"]
    assert str(ev["summary"]) == ("calendar-plan 1.1: Train staff END:VEVENT BEGIN:VEVENT UID:evil@example "
                                  "SUMMARY:pwned DTSTART:19700101")
    description = str(ev["description"]).splitlines()
    assert description[:6] == ["Train staff", "END:VEVENT", "BEGIN:VEVENT", "UID:evil@example", "SUMMARY:pwned",
                               "DTSTART:19700101"]
    assert description[7:] == [
        "Owners: Lead", "UID:x",
        "Plan: Calendar plan; with, escapes\\ (calendar-plan), recommendation 1, action 1.1",
        "Agency or group: Example Partnership",
        "Due: 2026-12-01",
        "Status: in-progress; on 2026-11-20 due-soon",
        "File: plans/calendar-plan.yaml, line 10"]
    assert ev["dtstart"].dt == date(2026, 12, 1) and ev["dtend"].dt == date(2026, 12, 2)


def test_long_and_multibyte_text_folds_at_75_octets_without_splitting_a_character() -> None:
    data = hostile()
    assert data.endswith(b"END:VCALENDAR\r\n") and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # each physical line is whole UTF-8: a fold never cuts a character
    ev = events(data)["calendar-plan:1.2@actiontrack"]
    assert str(ev["description"]).splitlines()[0] == LONG.strip()
    assert str(ev["summary"]) == "calendar-plan 1.2: " + LONG.strip()[:119].rstrip() + "…"


def test_cadence_uid_sequence_and_stamp() -> None:
    ev = events(hostile())["calendar-plan:1.2@actiontrack"]
    # Quarterly and ongoing: due a quarter after its latest note (20 October), then every three months.
    assert ev["dtstart"].dt == date(2027, 1, 20)
    assert ev["rrule"].to_ical() == b"FREQ=MONTHLY;INTERVAL=3"
    assert (ev["sequence"], ev["dtstamp"].dt) == (2, STAMP)
    assert [str(c) for c in ev["categories"].cats] == ["actiontrack", "calendar-plan"]
    assert (str(ev["status"]), str(ev["transp"])) == ("CONFIRMED", "TRANSPARENT")


def test_the_calendar_says_what_it_leaves_out() -> None:
    cal = ICalendar.from_ical(hostile())
    assert str(cal["x-wr-calname"]) == "Action plan deadlines"
    assert str(cal["x-wr-caldesc"]) == ("Due dates of 2 open actions in 1 plan, as of 2026-11-20. 1 open action with "
                                        "no readable due date is not in it: calendar-plan:1.3.")
    assert str(cal["prodid"]) == "-//actiontrack//actiontrack 0.1.0//EN" and str(cal["method"]) == "PUBLISH"


def test_done_and_dropped_actions_are_left_out_and_a_completed_cadence_comes_due_again() -> None:
    plans, _ = load_plans([DATA / "boards"], positions=False)
    found = events(render_calendar(calendar(plans, AS_OF, []), STAMP))
    assert sorted(found) == [f"board-plan:{a}@actiontrack" for a in ("1.1", "1.2", "2.1", "2.2", "2.3")] + \
        ["second-plan:1.1@actiontrack"]


def test_cadences_as_recurrence_rules() -> None:
    assert [rrule_of(d) for d in ("P1Y", "P6M", "P1Y6M", "P2W", "P1W", "P10D", "P1W2D", "P1M3D", "P0D", None)] == [
        {"freq": "yearly", "interval": 1}, {"freq": "monthly", "interval": 6}, {"freq": "monthly", "interval": 18},
        {"freq": "weekly", "interval": 2}, {"freq": "weekly", "interval": 1}, {"freq": "daily", "interval": 10},
        {"freq": "daily", "interval": 9}, None, None, None]
