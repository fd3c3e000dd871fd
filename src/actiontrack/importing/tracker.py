"""actiontrack's own workbook read back (`export --format xlsx`, then `import`): its cells as actiontrack wrote them.

A plan sheet of the RAG tracker (columns.TRACKER) holds one action a row, with the facts actiontrack
writes in its own forms: owners as labels from the people key (`SM (Steve Merrell)`), the latest
note as `DATE BY: TEXT`, statuses by name, the due date and baseline as date cells. These read
them back exactly; what the workbook does not hold (older notes, evidence, groups, …) is named in
WHAT_IS_LOST, which the import report states.
"""

from __future__ import annotations

import datetime as dt
import re

from actiontrack.validate.checks import INITIALS

# What a plan sheet cannot give back, said once in the report and in the plan's opening comments.
WHAT_IS_LOST = ("an actiontrack workbook gives back each action's latest note only (older notes, a note's "
                "status, evidence, amendments, groups, people's roles and agencies, the plan's source and "
                "date, and x- keys are not in it); Agency or group, Slip (days), State, Days overdue and Days late "
                "are worked out by actiontrack, not read")
# Sheets of the tracker that hold no plan: the summary's table and the table by agency start so.
NOT_PLANS = (("Sheet", "Plan", "Title"), ("Agency or group", "Plans", "Actions"))
_LABEL = re.compile(r"(?P<key>\S+) \((?P<name>.+)\)\Z")  # the name may hold brackets of its own
_NOTE = re.compile(r"(?P<on>\d{4}-\d{2}-\d{2}|[A-Z][a-z]{2} \d{4})(?: (?P<by>[^\n]+?))?: (?P<text>.*)\Z", re.DOTALL)


def owner_label(owner: str) -> tuple[str, str] | None:
    """(initials, name) of an owner written as the people key labels it, `SM (Steve Merrell)`; else None."""
    m = _LABEL.match(owner.strip())
    if m is None or not INITIALS.match(m["key"]):
        return None
    return m["key"], m["name"].strip()


def tracker_note(cell: str) -> tuple[str, str | None, str] | None:
    """(date as YYYY-MM-DD or YYYY-MM, author or None, text) of a note as actiontrack writes it, else None."""
    m = _NOTE.match(cell.strip())
    if m is None:
        return None
    on = m["on"]
    if not on[0].isdigit():
        try:
            on = dt.datetime.strptime(on, "%b %Y").strftime("%Y-%m")
        except ValueError:
            return None
    return on, m["by"], m["text"]


def is_other_sheet(first_cells: list[str]) -> bool:
    """Whether a header row is one of the tracker's sheets that hold no plan (the summary, by agency)."""
    return any(tuple(c.strip() for c in first_cells[:len(start)]) == start for start in NOT_PLANS)
