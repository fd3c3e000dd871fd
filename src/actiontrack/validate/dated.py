"""Findings that hold only on some days: a check's answer kept apart from the day it is asked on.

A check compares the as-of date with a date of the plan (a note dated after it, an action rated
green past its due date). It gives a `Dated` finding for each such comparison instead of the
finding itself, and `on_day` turns them into findings for one day. Everything else a check says
depends on the file alone, so the cache can keep a file's findings across days (issue 17).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from actiontrack.errors import Finding
from actiontrack.model import Plan
from actiontrack.wording import count

# The stand-ins in a message's parts for what only the day gives.
AS_OF = 0  # the as-of date, YYYY-MM-DD
DAYS_SINCE = 1  # the days from `after` to the as-of date ("3 days")

Part = str | int


@dataclass(frozen=True, slots=True)
class Dated:
    """A finding that holds while the as-of date is before `before`, or once it is past `after`."""

    file: str
    line: int
    col: int
    severity: str
    code: str
    parts: tuple[Part, ...]  # the message: text, and AS_OF or DAYS_SINCE where the day goes
    before: date | None = None
    after: date | None = None

    def holds(self, as_of: date) -> bool:
        """Whether the finding is true on `as_of`."""
        if self.before is not None:
            return as_of < self.before
        return self.after is not None and as_of > self.after

    def on(self, as_of: date) -> Finding:
        """The finding as it reads on `as_of`."""
        text = "".join(self._part(p, as_of) for p in self.parts)
        return Finding(self.file, self.line, self.col, self.severity, self.code, text)

    def _part(self, part: Part, as_of: date) -> str:
        if isinstance(part, str):
            return part
        if part == AS_OF:
            return as_of.isoformat()
        return count((as_of - (self.after or as_of)).days, "day")

    def renamed(self, file: str) -> Dated:
        """The same finding in a file reached by another name."""
        return replace(self, file=file)


def on_day(items: Iterable[Finding | Dated], as_of: date) -> list[Finding]:
    """The findings of `items` that hold on `as_of`, in order."""
    return [item if isinstance(item, Finding) else item.on(as_of)
            for item in items if isinstance(item, Finding) or item.holds(as_of)]


Rule = Callable[[Plan], Sequence[Finding | Dated]]
Check = Callable[[Plan, date], list[Finding]]


def checked_on_day(rule: Rule) -> Check:
    """A rule as a check of a plan on one day: its findings, the dated ones that hold then."""
    def check(plan: Plan, as_of: date) -> list[Finding]:
        return on_day(rule(plan), as_of)

    check.__name__ = check.__qualname__ = rule.__name__
    check.__doc__ = rule.__doc__
    return check
