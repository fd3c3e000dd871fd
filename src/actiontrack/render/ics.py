"""The deadlines calendar written as iCalendar (RFC 5545) with the icalendar package.

One all-day VEVENT per deadline: DTSTART and DTEND as dates, an RRULE for a cadence, the stable UID
and growing SEQUENCE from query/calendar.py, and DTSTAMP the moment the file was made. icalendar
escapes text values (commas, semicolons, backslashes, line breaks) and folds lines at 75 octets
without splitting a UTF-8 character, so no plan text can end a property or start another item.
Control characters become U+FFFD first, as everywhere.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from actiontrack import __version__
from actiontrack.query.calendar import Calendar, Deadline
from actiontrack.wording import count, one_line, printable

if TYPE_CHECKING:
    from icalendar import Event

PRODID = f"-//actiontrack//actiontrack {__version__}//EN"
SUMMARY_MAX = 120  # characters of action text in an item's title; the description has it all
_END = b"END:VCALENDAR\r\n"
_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?\Z")


def render_calendar(cal: Calendar, stamp: datetime) -> bytes:
    """The calendar as the bytes of an .ics file; `stamp` (UTC) is every item's DTSTAMP."""
    from icalendar import Calendar as ICalendar

    ical = ICalendar()
    ical.add("prodid", PRODID)
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("method", "PUBLISH")
    who = f": {', '.join(cal.owners)}" if cal.owners else ""
    ical.add("x-wr-calname", printable(f"Action plan deadlines{who}"))
    ical.add("x-wr-caldesc", description_of(cal))
    # Each item is written as soon as it is made, between the calendar's own lines, as to_ical
    # would nest it: a tree of 25,000 items held until the end cost 400 MiB at 1,000 plans.
    shell = bytes(ical.to_ical())
    assert shell.endswith(_END)
    items = b"".join(bytes(event(item, cal.as_of, stamp).to_ical()) for item in cal.deadlines)
    return shell[:-len(_END)] + items + _END


def description_of(cal: Calendar) -> str:
    """What the calendar holds, and what it could not show (never a silent all-clear)."""
    parts = [f"Due dates of {count(len(cal.deadlines), 'open action')} in {count(cal.plan_count, 'plan')}, "
             f"as of {cal.as_of.isoformat()}."]
    if cal.undated:
        parts.append(f"{count(len(cal.undated), 'open action')} with no readable due date "
                     f"{'is' if len(cal.undated) == 1 else 'are'} not in it: "
                     + ", ".join(f"{plan}:{action}" for plan, action in cal.undated[:20])
                     + (", …" if len(cal.undated) > 20 else "") + ".")
    for u in cal.unreadable:
        parts.append(f"{u.file} could not be read ({count(u.errors, 'error')}): its actions are missing.")
    return printable(" ".join(parts))


def event(item: Deadline, as_of: date, stamp: datetime) -> Event:
    """One all-day item."""
    from icalendar import Event

    ev = Event()
    ev.add("uid", printable(item.uid))
    ev.add("dtstamp", stamp)
    ev.add("sequence", item.sequence)
    ev.add("dtstart", item.due)
    ev.add("dtend", item.due + timedelta(days=1))
    rule = rrule_of(item.recurs)
    if rule is not None:
        ev.add("rrule", rule)
    title = one_line(item.text)
    if len(title) > SUMMARY_MAX:
        title = title[:SUMMARY_MAX - 1].rstrip() + "…"
    ev.add("summary", f"{one_line(item.plan)} {one_line(item.action)}: {title}")
    # Line breaks as LF only: icalendar escapes LF, but a lone CR would reach the file raw.
    ev.add("description", "\n".join(printable(line) for line in details(item, as_of).splitlines()))
    ev.add("categories", ["actiontrack", printable(item.plan)])
    ev.add("status", "CONFIRMED")
    ev.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return ev


def details(item: Deadline, as_of: date) -> str:
    """The item's description: the action in full, its owners, its plan, and where it stood."""
    state = item.state + (f" by {count(item.days_overdue, 'day')}" if item.days_overdue is not None else "")
    due = item.due.isoformat() + (f" ({one_line(item.timescale)})" if item.timescale else "")
    lines = [item.text.strip(),
             "",
             f"Owners: {'; '.join(item.owners) or 'none named'}",
             f"Plan: {item.plan_title} ({item.plan}), recommendation {item.recommendation}, action {item.action}",
             f"Agency or group: {item.agency}",
             f"Due: {due}" + (f", recurring every {item.recurs}" if item.recurs else ""),
             f"Status: {item.status}; on {as_of.isoformat()} {state}",
             f"File: {item.file}, line {item.line}"]
    return "\n".join(lines)


def rrule_of(duration: str | None) -> dict[str, object] | None:
    """An ISO 8601 cadence (P1Y, P6M, P3M, P2W) as an RRULE, or None when it has no single unit."""
    if duration is None:
        return None
    m = _DURATION.fullmatch(duration)
    if m is None:
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    if (years or months) and (weeks or days):
        return None  # "every 1 month and 3 days" has no RRULE; the first date still shows
    if years and not months:
        return {"freq": "yearly", "interval": years}
    if years or months:
        return {"freq": "monthly", "interval": years * 12 + months}
    if weeks and not days:
        return {"freq": "weekly", "interval": weeks}
    if weeks or days:
        return {"freq": "daily", "interval": weeks * 7 + days}
    return None  # P0D: no cadence at all
