"""The date forms of the timescale grammar: "Sept 03", "27.10.12", "Summer 2002", "Q3 2013/14".

`TOKEN` finds them; `resolve` gives the day a form ends on (its due date) and `start_of` the
day it begins (for "from April 2013 onwards"). The rules that combine them are in `timescale`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from actiontrack.dates import end_of_month

MONTHS_RE = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_NO = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_FULL_MONTHS = frozenset(name.lower() for name in calendar.month_name if name) - {"may"}
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
NUM_RE = r"\d{1,2}|" + "|".join(NUMBER_WORDS)


def _mon(group: str) -> str:
    return rf"(?P<{group}>{MONTHS_RE})\b\.?"


# One separator between month and year: a single mark or ", ". Anything looser lets "1 Sept - 30
# Sept 2012" read its second day as a two-digit year.
_SEP = r"(?:,\s?|\s?'|\s|[./-])"

# Alternatives are tried in this order at each position and the leftmost match wins, so the more
# specific grammar comes first (ISO before a financial year, month-year before a month alone).
TOKEN = re.compile(
    # The guard rejects in one step the many positions (mid-word, spaces) where no token starts.
    r"(?<![a-z0-9])(?=[0-9jfmasondqw])(?:"
    r"(?P<ISO>(?<!\d)(?P<iso_y>\d{4})(?P<iso_s>[-/.])(?P<iso_m>\d{1,2})(?P=iso_s)"
    r"(?P<iso_d>\d{1,2})(?!\d))"
    r"|(?P<QTR>\b(?:q\s?(?P<q_a>[1-4])|quarter\s(?P<q_b>[1-4])|(?P<q_c>[1-4])\s?quarter)\s*"
    r"(?:of\s+)?(?:the\s+)?(?:financial\s+year|fy)?\s*"
    r"(?P<q_y>\d{4})(?:[/-](?P<q_y2>\d{4}|\d{2}))?(?!\d))"
    r"|(?P<FY>(?:\b(?:financial\s+year|fy)\s*(?P<fy_a>\d{4}|\d{2})|(?<![\d./-])(?P<fy_b>\d{4}))"
    r"[/-](?P<fy_y2>\d{4}|\d{2})(?!\d)(?![./-]\d))"
    r"|(?P<NUM>(?<!\d)(?<!\d[./])(?P<n_d>\d{1,2})(?P<n_s>[./-])(?P<n_m>\d{1,2})(?P=n_s)"
    r"(?P<n_y>\d{4}|\d{2})(?!\d)(?![./]\d))"
    r"|(?P<DMY>(?<!\d)(?<!\d[./])(?P<dm_d>\d{1,2})(?:[\s./-]|\sof\s)?" + _mon("dm_m")
    + r"(?:" + _SEP + r"(?P<dm_y>\d{4}|\d{2})(?!\d))?)"
    r"|(?P<MDY>\b" + _mon("md_m") + r"\s?(?P<md_d>\d{1,2}),?\s(?P<md_y>\d{4})(?!\d))"
    # A two-digit year followed by another number is "November 30 2009" gone wrong, not Nov 2030.
    r"|(?P<MY>\b" + _mon("my_m") + _SEP + r"(?P<my_y>\d{4}(?!\d)|\d{2}(?!\d)(?!,?\s?\d)))"
    r"|(?P<SEA>\b(?P<se>spring|summer|autumn|winter)(?P<se_t>\s+term)?"
    r"(?:[\s,']+(?:(?P<se_y>\d{4})(?:[/-](?P<se_y2>\d{4}|\d{2}))?|(?P<se_yy>\d{2}))(?!\d))?)"
    r"|(?P<YR>(?<![\d./-])(?P<yr>(?:19|20)\d{2})(?!\d)(?![./-]\d))"
    r"|(?P<MA>\b" + _mon("ma_m") + r"))",
    re.ASCII,
)

ORDINAL = re.compile(r"\b(\d{1,2})\s?(?:st|nd|rd|th)\b", re.ASCII)
FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:the|end|start|beginning|of)\s+)*$", re.ASCII)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:(?:the|end|start|beginning|of)\s+)*$", re.ASCII)
RANGE_GAP = re.compile(r"\s*(?:-+|\u2013|\u2014|/|to|until|till|through)\s*", re.ASCII)
_AND_GAP = re.compile(r"\s+and\s+", re.ASCII)
# Words that make the next number a reference ("Recommendation 6.1.12"), not a date.
_REFERENCE_BEFORE = re.compile(
    r"\b(?:recommendations?|rec|actions?|standards?|section|para(?:graph)?|item|point|no|number"
    r"|ref)\.?\s*$",
    re.ASCII,
)
# "May", "Jan", "Sept" alone are also a verb, a name, a fragment: trust them only in a date's place.
_LEAD_BEFORE = re.compile(
    r"(?:^|[-:(,/&]|\b(?:by|in|end|of|the|before|until|till|during|from|to|due|target|deadline"
    r"|and|or))\s*$",
    re.ASCII,
)
_PUNCT_AFTER = re.compile(
    r"\s*(?:$|[-:;,.)(/&\u2013]|(?:and|or|to|until|till|then)\b)", re.ASCII
)

_SEASON_END_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}
_TERM_END_MONTH = {"autumn": 12, "spring": 3, "summer": 7}



def _safe_date(year: int, month: int, day: int, clamp: bool = False) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        # "31 September": a person reads the end of September. Only a day the month is short
        # of is corrected; a month or day that no calendar has (13, 32, 0) is not a date.
        if clamp and 1 <= month <= 12 and 28 < day <= 31:
            return _safe_eom(year, month)
        return None


def _safe_eom(year: int, month: int) -> date | None:
    try:
        return end_of_month(year, month)
    except (ValueError, calendar.IllegalMonthError):
        return None


def _with_year(digits: str, ref: date | None, build: Callable[[int], date | None]) -> date | None:
    if len(digits) == 4:
        return build(int(digits))
    if ref is None:
        return None
    # Two-digit years: of the candidate centuries, the date nearest the reference ("Jan 99" in a
    # 2003 plan is 1999, not 2099). Built per candidate so 29.02.00 can only be 2000.
    yy, base = int(digits), ref.year // 100 * 100
    best: date | None = None
    for century in (base - 100, base, base + 100):
        d = build(century + yy) if century + yy > 0 else None
        if d is not None and (best is None or abs((d - ref).days) < abs((best - ref).days)):
            best = d
    return best


def _next_on_or_after(ref: date | None, build: Callable[[int], date | None]) -> date | None:
    if ref is None:
        return None
    # Eight years reach the next 29 February whatever the reference.
    for year in range(ref.year, ref.year + 9):
        d = build(year)
        if d is not None and d >= ref:
            return d
    return None


def _next_year_matches(first: int, second: str) -> bool:
    return int(second) == (first + 1 if len(second) == 4 else (first + 1) % 100)


# The forms that name a day, and so can name one past the month's end ("31 September 2020").
_DAY_FORMS = frozenset({"ISO", "NUM", "DMY", "MDY"})


def resolve(m: re.Match[str], ref: date | None) -> tuple[date | None, bool]:
    """The day a date form ends on, read against `ref`, and whether a day past its month's end
    was read as the month's last day (validate names that correction: AT211)."""
    due = _resolve(m, ref)
    if due is None and m.lastgroup in _DAY_FORMS:
        # Only when no reading of the date exists as written: "29.02.00" stays 2000-02-29.
        due = _resolve(m, ref, clamp=True)
        return due, due is not None
    return due, False


def _resolve(m: re.Match[str], ref: date | None, clamp: bool = False) -> date | None:
    kind, g = m.lastgroup, m.group
    if kind == "ISO":
        return _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")), clamp)
    if kind in ("NUM", "DMY"):
        day = int(g("n_d") or g("dm_d"))
        month = int(g("n_m")) if kind == "NUM" else _MONTH_NO[g("dm_m")[:3]]
        year = g("n_y") or g("dm_y")
        if year is None:  # "30 November": the next one, as for a month alone
            return _next_on_or_after(ref, lambda y: _safe_date(y, month, day, clamp))
        return _with_year(year, ref, lambda y: _safe_date(y, month, day, clamp))
    if kind == "MDY":
        return _safe_date(int(g("md_y")), _MONTH_NO[g("md_m")[:3]], int(g("md_d")), clamp)
    if kind == "MY":
        month = _MONTH_NO[g("my_m")[:3]]
        return _with_year(g("my_y"), ref, lambda y: _safe_eom(y, month))
    if kind == "MA":
        month = _MONTH_NO[g("ma_m")[:3]]
        return _next_on_or_after(ref, lambda y: _safe_eom(y, month))
    if kind == "YR":
        return date(int(g("yr")), 12, 31)
    if kind == "QTR":
        q, year, second = int(g("q_a") or g("q_b") or g("q_c")), int(g("q_y")), g("q_y2")
        if second is None:
            return _safe_eom(year, 3 * q)
        if not _next_year_matches(year, second):
            return None
        # Financial-year quarters start in April: Q1 ends June, Q4 ends March of the next year.
        return _safe_eom(year + 1, 3) if q == 4 else _safe_eom(year, 3 * q + 3)
    if kind == "FY":
        second = g("fy_y2")
        return _with_year(
            g("fy_a") or g("fy_b"),
            ref,
            lambda y: _safe_date(y + 1, 3, 31) if _next_year_matches(y, second) else None,
        )
    return _resolve_season(m, ref)


def _resolve_season(m: re.Match[str], ref: date | None) -> date | None:
    season, term, g = m.group("se"), m.group("se_t") is not None, m.group
    if term and season == "winter":
        return None
    month = _TERM_END_MONTH[season] if term else _SEASON_END_MONTH[season]
    if g("se_y2") is not None:
        # "2012/13" is an academic year (terms) or the winter spanning it; nothing else is clear.
        first = int(g("se_y"))
        if not _next_year_matches(first, g("se_y2")) or not (term or season == "winter"):
            return None
        return _safe_eom(first if term and season == "autumn" else first + 1, month)
    # Winter YYYY runs into the next year, so it ends in February of YYYY+1.
    shift = 1 if season == "winter" and not term else 0
    digits = g("se_y") or g("se_yy")
    if digits is None:
        return _next_on_or_after(ref, lambda y: _safe_eom(y, month))
    return _with_year(digits, ref, lambda y: _safe_eom(y + shift, month))


def accept(s: str, m: re.Match[str]) -> bool:
    """Whether a form found in `s` stands where a date stands (not "Recommendation 6.1.12", "May be")."""
    kind = m.lastgroup
    if kind == "NUM":
        return _REFERENCE_BEFORE.search(s, 0, m.start()) is None
    if kind == "MA":
        word = m.group("ma_m")
    elif kind == "DMY" and m.group("dm_y") is None and m.group("dm_m") == "may":
        word = "may"  # "Standards 1 - 3 may be merged"
    else:
        return True
    if word in _FULL_MONTHS:
        return True
    lead = _LEAD_BEFORE.search(s, 0, m.start())
    return lead is not None and _PUNCT_AFTER.match(s, m.end()) is not None


def is_range(s: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Whether two forms make a range ("Nov 2012 - Mar 2013", "between … and …")."""
    if RANGE_GAP.fullmatch(s, first.end(), second.start()):
        return True
    between = _BETWEEN_BEFORE.search(s, 0, first.start())
    return bool(between and _AND_GAP.fullmatch(s, first.end(), second.start()))


# How many months before the month a school term ends in it starts: autumn is September to
# December, spring January to March, summer April to July. Seasons and quarters are three months.
_TERM_MONTHS_BACK = {"autumn": 3, "spring": 2, "summer": 3}


def start_of(m: re.Match[str], end: date) -> date:
    """The first day of the period a date form names, given the day it ends on (`resolve`).

    "September 2020" starts on 1 September, "Q3 2013" on 1 July, "2012/13" on 1 April 2012; a
    form that names a day starts that day.
    """
    kind = m.lastgroup
    if kind in _DAY_FORMS:
        return end
    if kind == "YR":
        return date(end.year, 1, 1)
    if kind == "FY":
        return date(end.year - 1, 4, 1)
    if kind == "QTR":
        return _months_back(end, 2)
    if kind == "SEA":
        return _months_back(end, _TERM_MONTHS_BACK[m.group("se")] if m.group("se_t") else 2)
    return date(end.year, end.month, 1)  # a month


def _months_back(end: date, months: int) -> date:
    year, month0 = divmod(end.year * 12 + end.month - 1 - months, 12)
    return date(year, month0 + 1, 1)
