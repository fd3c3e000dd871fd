"""What a progress, status or RAG cell says: the date of a note, a status, a rating.

A progress cell becomes a dated note with the cell's words as its text. Its date is a date at
its start ("18.10.12: partly done"), after "as at", or right after a word that records an event
("Completed July 2003", "Guidance issued September 2002"); a date elsewhere ("On LSCB agenda
05.12.12") is a plan for the future, not when the note was written. Its status comes from its
words (docs/import.md lists them); dates are read with the timescale grammar (timescale.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from actiontrack.timescale import parse_timescale

_MON = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# Each form in a named group: the ones with a day give a day; the others a month.
_DATE = (
    r"(?P<day>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(?:\d{4}|\d{2}))"
    r"|(?P<month>" + _MON + r"[\s'-]+(?:\d{4}|\d{2})"
    r"|(?:spring|summer|autumn|winter)\s+\d{4}|(?:19|20)\d{2})"
)
_LEADING = re.compile(r"\s*(?:(?:as\s+(?:at|of)|at|on|updated?(?:\s+on)?)\s+)?(?:" + _DATE + r")(?![\d./-]*\d)",
                      re.IGNORECASE)
_EVENT_WORDS = (r"completed?|achieved|done|finished|implemented|issued|published|delivered|agreed|approved"
                r"|ratified|amended|launched|reported|signed[\s-]off|closed|held|circulated|distributed"
                r"|presented|updated|revised|received|sent|started|commenced|began|begun|as\s+at|as\s+of")
_EVENT = re.compile(r"\b(?:" + _EVENT_WORDS + r")\b(?:\s+[\w/&'-]+){0,3}?\s+(?:(?:in|on|by|at|during|from|w/?c)\s+)?"
                    r"(?:" + _DATE + r")(?![\d./-]*\d)", re.IGNORECASE)

_PRIORITY_WORDS = {"high": "high", "h": "high", "medium": "medium", "med": "medium", "m": "medium",
                   "low": "low", "l": "low"}

# Status words, in the order they are tried: the first that matches decides.
_STATUS_WORDS = (
    ("dropped", r"dropped|withdrawn|superseded|cancell?ed|no\s+longer\s+(?:required|needed|applicable|relevant)"
                r"|not\s+(?:required|needed|applicable)"),
    ("closed", r"closed|signed[\s-]off"),
    ("not-started", r"not\s+(?:yet\s+)?(?:started|begun|commenced)|no\s+progress"),
    ("in-progress", r"partly|partially|part[\s-]completed?|in\s+progress|in\s+hand|on[\s-]?going|under\s?way|started"
                    r"|commenced|begun|on\s+track|on\s+target|delayed|behind|awaiting|pending|draft(?:ed)?|planned"
                    r"|scheduled|progressing|continuing|being|will|to\s+be|due\s+to|in\s+principle"
                    r"|not\s+(?:yet\s+)?(?:complete|completed|achieved|done|in\s+place|finished)"),
    ("completed", r"completed?|achieved|done|finished|implemented|in\s+place|published|issued|delivered|embedded"
                  r"|agreed|approved|ratified|amended|launched|reported"),
)
_STATUS = [(status, re.compile(r"\b(?:" + words + r")\b", re.IGNORECASE)) for status, words in _STATUS_WORDS]

COLOURS = ("red", "amber", "green", "blue")
_COLOUR_WORDS = {"red": "red", "r": "red", "amber": "amber", "a": "amber", "yellow": "amber", "orange": "amber",
                 "green": "green", "g": "green", "blue": "blue", "b": "blue"}


@dataclass(frozen=True, slots=True)
class Dated:
    """A date read from text: an ISO date, or a month (YYYY-MM) when the text gives no day."""

    on: str
    day: dt.date | None  # the date itself, when the text gives a day

    @property
    def last_day(self) -> dt.date:
        """The date, or the last day of the month."""
        if self.day is not None:
            return self.day
        year, month = map(int, self.on.split("-"))
        from actiontrack.dates import end_of_month

        return end_of_month(year, month)


def read_date(text: str, plan_date: dt.date | None) -> Dated | None:
    """The date a progress cell records, or None when it records none (see the module docstring)."""
    m = _LEADING.match(text) or _EVENT.search(text)
    return _dated(m, plan_date) if m else None


def leading_date(text: str, plan_date: dt.date | None) -> Dated | None:
    """The date a line starts with ("18.10.12: ..."), if any: a new dated entry in a progress cell."""
    m = _LEADING.match(text)
    return _dated(m, plan_date) if m else None


def any_date(text: str, plan_date: dt.date | None) -> Dated | None:
    """The first date anywhere in the text (a column header such as "Progress at 18.10.12")."""
    m = re.search(r"(?<![\w./-])(?:" + _DATE + r")(?![\d./-]*\d)", text, re.IGNORECASE)
    return _dated(m, plan_date) if m else None


def _dated(m: re.Match[str], plan_date: dt.date | None) -> Dated | None:
    phrase = m.group("day") or m.group("month")
    reading = parse_timescale(phrase, plan_date=plan_date)
    if reading.kind != "date" or reading.due is None:
        return None  # a date that cannot exist (31.02.12), or a two-digit year with no plan date
    if m.group("day"):
        return Dated(reading.due.isoformat(), reading.due)
    return Dated(f"{reading.due.year:04d}-{reading.due.month:02d}", None)


def status_of(text: str) -> str | None:
    """The status a progress or status cell's words give, or None when they give none."""
    found = status_word(text)
    return found[0] if found else None


def status_word(text: str) -> tuple[str, str] | None:
    """(status, the words that say it) for a progress or status cell, or None."""
    for status, words in _STATUS:
        m = words.search(text)
        if m:
            return status, " ".join(m.group().split())
    return None


def priority_of(word: str) -> str | None:
    """high, medium or low for a priority word actiontrack knows ("High", "M", "medium priority"), else None."""
    words = " ".join(word.lower().split()).strip(" .")
    words = words.removesuffix(" priority").removeprefix("priority ")
    return _PRIORITY_WORDS.get(words)


def colour_of(word: str) -> str | None:
    """red, amber, green or blue for a RAG word actiontrack knows ("R", "Amber", "yellow"), else None."""
    return _COLOUR_WORDS.get(" ".join(word.lower().split()).strip(" ."))
