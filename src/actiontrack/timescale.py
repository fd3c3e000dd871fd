"""The timescale grammar: how a plan's own wording ("Sept 03", "By 27.10.12", "Ongoing") is read.

Pure and never raising: any text gives a Timescale of one of KINDS. The rules are documented in
docs/plan-format.md; `actiontrack timescale PHRASE` shows a reading. The date forms themselves
("Sept 03", "Q3 2013/14") are in `timescale_dates`; this module combines them with the other
rules: immediate, ongoing, spans ("within 3 months", "within 20 working days") and cadences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from actiontrack.dates import add_span
from actiontrack.timescale_dates import (
    FROM_BEFORE,
    NUM_RE,
    NUMBER_WORDS,
    ORDINAL,
    RANGE_GAP,
    TOKEN,
    accept,
    is_range,
    resolve,
    start_of,
)

KINDS = ("date", "immediate", "ongoing", "unknown")


@dataclass(frozen=True, slots=True)
class Timescale:
    """How one timescale wording reads: its kind, due date, cadence, and when ongoing work starts.

    `corrected` is set when the wording names a day past its month's end ("31 September 2020"),
    read as the month's last day.
    """
    text: str
    kind: str
    due: date | None
    recurs: str | None
    starts: date | None = None
    corrected: bool = False

    def to_json(self) -> dict[str, object]:
        """The `timescale --format json` contract (version 2: `starts` and `corrected` added)."""
        return {"version": 2, "text": self.text, "kind": self.kind, "due": _iso(self.due), "recurs": self.recurs,
                "starts": _iso(self.starts), "corrected": self.corrected}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --- the rules that combine the date forms --------------------------------------------------------

_IMMEDIATE = re.compile(r"\bimmediate(?:ly)?\b", re.ASCII)
_ONGOING = re.compile(
    r"\b(?:on[\s-]?going|continu(?:ing|ous(?:ly)?|al(?:ly)?)"
    r"|rolling\s+(?:programme|program|basis)|(?P<onwards>onwards?))\b",
    re.ASCII,
)
# A span: "within 3 months", "within 20 working days", "15 working days", "within 24 hours".
# Calendar spans and hours need "within"; a count of working days is a deadline on its own.
_SPAN = re.compile(
    r"\b(?P<within>within\s+(?:the\s+(?:next\s+|first\s+)?)?)?"
    r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r"|an?)\s+"
    r"(?:(?P<work>working|business)\s+days?|(?P<u>day|week|fortnight|month|year|hour|hr)s?)\b",
    re.ASCII,
)
# What a span counts from: the plan's date unless it names another start. "of publication" (of
# this report) is the plan's `published` date; "of appointment" is something no plan dates.
_ANCHOR = re.compile(r"\s+(?:of|after|from|following)\b", re.ASCII)
_FROM_PLAN = re.compile(r"\s+(?:the\s+|this\s+)?(?:action\s+)?plan\b", re.ASCII)
_FROM_PUBLICATION = re.compile(r"\s+(?:the\s+)?publication\b", re.ASCII)
_CADENCE = re.compile(
    r"(?<![a-z0-9])(?=[0-9abdefhmpqstwy])(?:"
    # Bi-monthly is twice a month to some writers and every two months to others: no cadence.
    r"(?P<bi>\bbi-?(?:monthly|weekly)\b)"
    r"|(?P<half>\bhalf[\s-]?yearly\b|\b(?:bi|semi)-?annual(?:ly)?\b"
    r"|\btwice[\s-](?:a[\s-])?year(?:ly)?\b|\btwice\s+annually\b)"
    r"|(?P<nly>(?<![\d./-])\b(?P<nly_n>" + NUM_RE + r")[\s-]?"
    r"(?P<nly_u>daily|weekly|monthly|yearly)\b)"
    r"|(?P<every>\b(?:every|each)\s+(?:(?P<ev_n>" + NUM_RE + r")\s+)?"
    r"(?P<ev_u>day|week|fortnight|month|quarter|year)s?\b)"
    r"|(?P<word>\b(?:quarterly|annually|annual|yearly|monthly|weekly|fortnightly|daily"
    r"|per\s+annum)\b))",
    re.ASCII,
)
_CADENCE_WORDS = {
    "quarterly": "P3M", "annually": "P1Y", "annual": "P1Y", "yearly": "P1Y", "monthly": "P1M",
    "weekly": "P1W", "fortnightly": "P2W", "daily": "P1D", "per annum": "P1Y",
}  # fmt: skip
_LY_UNITS = {"daily": "D", "weekly": "W", "monthly": "M", "yearly": "Y"}
# unit word -> (multiplier, ISO unit), for "every N <unit>" and "within N <unit>"
_UNITS = {"day": (1, "D"), "week": (1, "W"), "fortnight": (2, "W"), "month": (1, "M"),
          "quarter": (3, "M"), "year": (1, "Y")}  # fmt: skip


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word, 1)  # "a" or "an"



def _cadence(s: str) -> str | None:
    m = _CADENCE.search(s)
    if m is None or m.lastgroup == "bi":
        return None
    if m.lastgroup == "half":
        return "P6M"
    # "0 yearly" or "every 0 weeks" is no cadence: a period of nothing would never move a review on.
    if m.lastgroup == "nly":
        n = _number(m.group("nly_n"))
        return f"P{n}{_LY_UNITS[m.group('nly_u')]}" if n else None
    if m.lastgroup == "every":
        mult, unit = _UNITS[m.group("ev_u")]
        n = mult * _number(m.group("ev_n") or "1")
        return f"P{n}{unit}" if n else None
    return _CADENCE_WORDS[" ".join(m.group().split())]



# A quarter that does not exist ("Q5 2013", "Q0") must not fall through to the year alone.
_BAD_QUARTER = re.compile(r"\bq\s?(?:[05-9]|[0-9]{2,})\b")
Reading = tuple[str, "date | None", "str | None", "date | None", bool]  # kind, due, recurs, starts, corrected
_UNKNOWN: Reading = ("unknown", None, None, None, False)


@lru_cache(maxsize=4096)
def _parse_normalised(s: str, ref: date | None, published: date | None) -> Reading:
    if _BAD_QUARTER.search(s):
        return _UNKNOWN
    s = ORDINAL.sub(r"\1", s)
    recurs = _cadence(s)
    if _IMMEDIATE.search(s):
        return ("immediate", ref, recurs, None, False)
    tokens: list[re.Match[str]] = []
    for m in TOKEN.finditer(s):
        if accept(s, m):
            tokens.append(m)
            if len(tokens) == 2:
                break
    first = tokens[0] if tokens else None
    ongoing = _ONGOING.search(s)
    # An ongoing word governs when it comes before any date; "onwards" governs wherever it stands.
    # A date first ("April 2003 (and yearly thereafter)", "Oct 2009 and ongoing") keeps its date.
    if ongoing and (first is None or ongoing.start() < first.start() or ongoing.group("onwards")):
        # The date that opens it, if one does: "from April 2013 onwards", "Ongoing from May 2020".
        opens = first is not None and (FROM_BEFORE.search(s, 0, first.start()) is not None
                                       or (ongoing.group("onwards") is not None and first.end() <= ongoing.start()))
        return _ongoing(first if opens else None, ref, recurs)
    if first is not None:
        end = tokens[1] if len(tokens) == 2 and is_range(s, first, tokens[1]) else None
        # A start, not an end: "from Oct 03", and a range that runs into ongoing work
        # ("September 2020 - ongoing", "September 2020 to ongoing").
        if end is None and (FROM_BEFORE.search(s, 0, first.start())
                            or (ongoing and RANGE_GAP.fullmatch(s, first.end(), ongoing.start()))):
            return _ongoing(first, ref, recurs)
        due, corrected = resolve(end or first, ref)
        return ("date", due, recurs, None, corrected) if due is not None else _UNKNOWN
    for span in _SPAN.finditer(s):
        reading = _span(s, span, ref, published, recurs)
        if reading is not None:
            return reading
    if recurs is not None:
        return ("ongoing", None, recurs, None, False)
    return _UNKNOWN


def _ongoing(opening: re.Match[str] | None, ref: date | None, recurs: str | None) -> Reading:
    """Ongoing work, starting on the first day of the `opening` date form when there is one."""
    if opening is None:
        return ("ongoing", None, recurs, None, False)
    end, corrected = resolve(opening, ref)
    return ("ongoing", None, recurs, start_of(opening, end) if end is not None else None, corrected)


def _span(s: str, m: re.Match[str], ref: date | None, published: date | None, recurs: str | None) -> Reading | None:
    """The reading of one span, or None when it is not a deadline ("4 weeks maximum", "of appointment")."""
    unit = m.group("u")
    if m.group("within") is None and m.group("work") is None:
        return None  # "4 weeks maximum": a length, not a deadline
    if m.group("within") is None and m.group("n") in ("a", "an"):
        return None
    start = ref
    anchor = _ANCHOR.match(s, m.end())
    if anchor is not None:
        if _FROM_PUBLICATION.match(s, anchor.end()):
            start = published
        elif not _FROM_PLAN.match(s, anchor.end()):
            return None  # counted from something the plan does not date: never guess
    if start is None:
        return _UNKNOWN
    n = _number(m.group("n"))
    try:
        if m.group("work") is not None:
            from actiontrack.dates import add_working_days

            due = add_working_days(start, n)
        elif unit in ("hour", "hr"):
            due = start + timedelta(days=-(-n // 24))  # hours rounded up to whole days
        else:
            mult, iso = _UNITS[unit]
            due = add_span(start, mult * n, iso)
    except (OverflowError, ValueError):  # past year 9999: no real plan, but never raise
        return _UNKNOWN
    return ("date", due, recurs, None, False)


def parse_timescale(text: str, plan_date: date | None = None, today: date | None = None,
                    published: date | None = None) -> Timescale:
    """Read a wording against the plan's date (or `today`); never raises, any text gives a Timescale.

    `published` is the plan's publication date, which "within 6 months of publication" counts from.
    """
    ref = plan_date if plan_date is not None else today
    if isinstance(ref, datetime):  # a YAML timestamp would otherwise fail to compare with dates
        ref = ref.date()
    s = " ".join(text.split()).lower()
    # Only the references the wording can use key the cache: most never mention publication.
    kind, due, recurs, starts, corrected = _parse_normalised(s, ref, published if "publication" in s else None)
    return Timescale(text, kind, due, recurs, starts, corrected)


def format_timescale_text(ts: Timescale) -> str:
    """`Sept 03 -> date 2003-09-30`: one line, as `actiontrack timescale` prints it."""
    # One line even when the source cell held line breaks.
    out = f"{' '.join(ts.text.split()) or chr(34) * 2} -> {ts.kind}"
    if ts.due is not None:
        out += f" {ts.due.isoformat()}"
    if ts.starts is not None:
        out += f" from {ts.starts.isoformat()}"
    if ts.recurs is not None:
        out += f", recurs {ts.recurs}"
    if ts.corrected:
        out += " (a day past the month's end, read as the month's last day)"
    return out
