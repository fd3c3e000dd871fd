"""The rules an edit checks before it touches a file: statuses, dates, authors, text and due dates."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import TypedDict

from actiontrack.errors import RefusedError, UsageError
from actiontrack.gitrepo import user_name
from actiontrack.model import DONE_STATUSES, KNOWN_ROLES, Action, Plan, is_backwards, read_status, unknown_status
from actiontrack.validate.checks import INITIALS
from actiontrack.wording import printable


def read_due(text: str, today: date) -> date:
    """NEW_DUE as YYYY-MM-DD or a timescale wording, read from today (the date the move is decided)."""
    from actiontrack.dates import parse_iso_date
    from actiontrack.timescale import format_timescale_text, parse_timescale

    with suppress(ValueError):
        return parse_iso_date(text.strip())
    reading = parse_timescale(text, plan_date=today)
    if reading.kind in ("date", "immediate") and reading.due is not None:
        return reading.due
    raise UsageError(f"NEW_DUE '{text}' does not give a date (read as: {format_timescale_text(reading)}): "
                     "write YYYY-MM-DD or a wording such as 'March 2027' (check with: actiontrack timescale)")


def clean_text(what: str, value: str, *, multiline: bool = False) -> str:
    """A text argument as it will be written: not empty, one line unless allowed, encodable."""
    value = value.replace("\r\n", "\n")  # text pasted from Windows
    if not value.strip():
        raise UsageError(f"{what} is empty")
    if "\n" in value and not multiline:
        raise UsageError(f"{what} must be one line")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{what} is not valid UTF-8 text") from None
    if any(printable(line) != line for line in value.split("\n")):
        # An ESC or other control character would reach every terminal that shows the record.
        raise UsageError(f"{what} contains a control character (such as ESC): type it as plain text")
    return value


def status_arg(status: str) -> str:
    """The status a typed word names ("done" reads as completed), or a usage error with a did-you-mean."""
    known = read_status(status)
    if known is not None:
        return known
    raise UsageError(unknown_status(status))


def note_date(on: date | None, today: date) -> date:
    """--date, or today; never after today (a note records what has happened)."""
    on = on or today
    if on > today:
        raise UsageError(f"--date {on.isoformat()} is after today ({today.isoformat()}): "
                         "record what has happened, dated when it happened")
    return on


def author(by: str | None, folder: Path) -> str:
    """--by (or ACTIONTRACK_USER), else git config user.name; without any, a usage error."""
    who = by if by and by.strip() else user_name(folder)
    if not who:
        raise UsageError("who is recording this? pass --by INITIALS_OR_NAME or set ACTIONTRACK_USER "
                         "(git config user.name is not set either)")
    return clean_text("--by", who.strip())


def check_author(who: str, plan: Plan) -> None:
    """Initials must be in the plan's people key (validate would report AT301 otherwise)."""
    if INITIALS.match(who) and who not in plan.people and who not in KNOWN_ROLES:
        known = ", ".join(sorted(plan.people)) or "none"
        raise RefusedError(f"--by '{who}' looks like initials but is not in the people key of {plan.id} "
                           f"(known: {known}): use a name, or add {who} to people first")


def check_move(ref: str, act: Action, new: str, *, reason: bool, evidence: bool) -> None:
    """The record each status needs, and a reason for every step backwards (docs/editing.md)."""
    old = act.status
    if new == "embedded" and not act.evidence and not evidence:
        raise RefusedError(f"{ref} has no evidence entry: 'embedded' needs evidence of impact (pass --evidence TEXT)")
    if new == "dropped" and not reason:
        raise RefusedError(f"'dropped' needs a reason: pass --note TEXT saying why {ref} is dropped")
    if new == "closed" and not reason:
        raise RefusedError(f"'closed' needs the sign-off record: pass --note TEXT (e.g. the Board minute) for {ref}")
    if is_backwards(old, new) and not reason:
        raise RefusedError(f"moving {ref} back from {old} to {new} needs a reason: pass --note TEXT")


class Completion(TypedDict, total=False):
    """The completion fields of a splice.Change."""

    completed_on: date
    clear_completed_on: bool


def completion(act: Action, new: str | None, on: date) -> Completion:
    """What a status change does to `completed_on`: set to the note's date on reaching a done
    status (unless the record already has one), removed when a done action is reopened."""
    if new is None or new == act.status:
        return {}
    if new in DONE_STATUSES and act.status not in DONE_STATUSES and act.completed_on is None:
        return {"completed_on": on}
    if new not in DONE_STATUSES and act.completed_on is not None:
        return {"clear_completed_on": True}
    return {}


def note_index(act: Action, on: date) -> int:
    """After the last note dated on or before `on`: backdated notes keep the list oldest first."""
    index = 0
    for i, note in enumerate(act.notes):
        if note.date <= on:
            index = i + 1
    return index
