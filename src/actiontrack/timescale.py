"""The timescale grammar: how a plan's own wording ("Sept 03", "By 27.10.12", "Ongoing") is read.

Pure and never raising: any text gives a Timescale of one of KINDS. The rules are documented in
docs/plan-format.md; `actiontrack timescale PHRASE` shows a reading.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from actiontrack.dates import add_span, end_of_month

KINDS = ("date", "immediate", "ongoing", "unknown")


@dataclass(frozen=True, slots=True)
class Timescale:
    """How one timescale wording reads: its kind, due date and cadence."""
    text: str
    kind: str
    due: date | None
    recurs: str | None

    def to_json(self) -> dict[str, object]:
        """The `timescale --format json` contract."""
        due = self.due.isoformat() if self.due is not None else None
        return {"text": self.text, "kind": self.kind, "due": due, "recurs": self.recurs}


# --- the timescale grammar -----------------------------------------------------------------------

_MONTHS_RE = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH_NO = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_FULL_MONTHS = frozenset(name.lower() for name in calendar.month_name if name) - {"may"}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUM_RE = r"\d{1,2}|" + "|".join(_NUMBER_WORDS)


def _mon(group: str) -> str:
    return rf"(?P<{group}>{_MONTHS_RE})\b\.?"


# One separator between month and year: a single mark or ", ". Anything looser lets "1 Sept - 30
# Sept 2012" read its second day as a two-digit year.
_SEP = r"(?:,\s?|\s?'|\s|[./-])"

# Alternatives are tried in this order at each position and the leftmost match wins, so the more
# specific grammar comes first (ISO before a financial year, month-year before a month alone).
_TOKEN = re.compile(
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

_ORDINAL = re.compile(r"\b(\d{1,2})\s?(?:st|nd|rd|th)\b", re.ASCII)
_IMMEDIATE = re.compile(r"\bimmediate(?:ly)?\b", re.ASCII)
_ONGOING = re.compile(
    r"\b(?:on[\s-]?going|continu(?:ing|ous(?:ly)?|al(?:ly)?)"
    r"|rolling\s+(?:programme|program|basis)|(?P<onwards>onwards?))\b",
    re.ASCII,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:(?:the|end|start|beginning|of)\s+)*$", re.ASCII)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:(?:the|end|start|beginning|of)\s+)*$", re.ASCII)
_RANGE_GAP = re.compile(r"\s*(?:-+|\u2013|\u2014|/|to|until|till|through)\s*", re.ASCII)
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
_REFERENCE_WORDS = r"(?:the\s+|this\s+)?(?:action\s+)?plan\b"
_WITHIN = re.compile(
    r"\bwithin\s+(?:the\s+(?:next\s+|first\s+)?)?"
    r"(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r"|an?)"
    r"\s+(?P<u>day|week|fortnight|month|year)s?\b"
    # "within 6 months of appointment" counts from something the plan does not date: never guess.
    r"(?!\s+(?:of|after|from|following)\b(?!\s+" + _REFERENCE_WORDS + r"))",
    re.ASCII,
)
_CADENCE = re.compile(
    r"(?<![a-z0-9])(?=[0-9abdefhmpqstwy])(?:"
    # Bi-monthly is twice a month to some writers and every two months to others: no cadence.
    r"(?P<bi>\bbi-?(?:monthly|weekly)\b)"
    r"|(?P<half>\bhalf[\s-]?yearly\b|\b(?:bi|semi)-?annual(?:ly)?\b"
    r"|\btwice[\s-](?:a[\s-])?year(?:ly)?\b|\btwice\s+annually\b)"
    r"|(?P<nly>(?<![\d./-])\b(?P<nly_n>" + _NUM_RE + r")[\s-]?"
    r"(?P<nly_u>daily|weekly|monthly|yearly)\b)"
    r"|(?P<every>\b(?:every|each)\s+(?:(?P<ev_n>" + _NUM_RE + r")\s+)?"
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
_SEASON_END_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "winter": 2}
_TERM_END_MONTH = {"autumn": 12, "spring": 3, "summer": 7}
_UNKNOWN: tuple[str, date | None, str | None] = ("unknown", None, None)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)  # "a" or "an"


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
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


def _resolve(m: re.Match[str], ref: date | None) -> date | None:
    kind, g = m.lastgroup, m.group
    if kind == "ISO":
        return _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    if kind in ("NUM", "DMY"):
        day = int(g("n_d") or g("dm_d"))
        month = int(g("n_m")) if kind == "NUM" else _MONTH_NO[g("dm_m")[:3]]
        year = g("n_y") or g("dm_y")
        if year is None:  # "30 November": the next one, as for a month alone
            return _next_on_or_after(ref, lambda y: _safe_date(y, month, day))
        return _with_year(year, ref, lambda y: _safe_date(y, month, day))
    if kind == "MDY":
        return _safe_date(int(g("md_y")), _MONTH_NO[g("md_m")[:3]], int(g("md_d")))
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


def _accept(s: str, m: re.Match[str]) -> bool:
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


def _is_range(s: str, first: re.Match[str], second: re.Match[str]) -> bool:
    if _RANGE_GAP.fullmatch(s, first.end(), second.start()):
        return True
    between = _BETWEEN_BEFORE.search(s, 0, first.start())
    return bool(between and _AND_GAP.fullmatch(s, first.end(), second.start()))


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


@lru_cache(maxsize=4096)
def _parse_normalised(s: str, ref: date | None) -> tuple[str, date | None, str | None]:
    if _BAD_QUARTER.search(s):
        return ("unknown", None, None)
    s = _ORDINAL.sub(r"\1", s)
    recurs = _cadence(s)
    if _IMMEDIATE.search(s):
        return ("immediate", ref, recurs)
    tokens: list[re.Match[str]] = []
    for m in _TOKEN.finditer(s):
        if _accept(s, m):
            tokens.append(m)
            if len(tokens) == 2:
                break
    first = tokens[0] if tokens else None
    ongoing = _ONGOING.search(s)
    # An ongoing word governs when it comes before any date; "onwards" governs wherever it stands.
    # A date first ("April 2003 (and yearly thereafter)", "Oct 2009 and ongoing") keeps its date.
    if ongoing and (first is None or ongoing.start() < first.start() or ongoing.group("onwards")):
        return ("ongoing", None, recurs)
    if first is not None:
        end = tokens[1] if len(tokens) == 2 and _is_range(s, first, tokens[1]) else None
        if end is None and _FROM_BEFORE.search(s, 0, first.start()):
            return ("ongoing", None, recurs)
        due = _resolve(end or first, ref)
        return ("date", due, recurs) if due is not None else _UNKNOWN
    within = _WITHIN.search(s)
    if within is not None:
        if ref is None:
            return _UNKNOWN
        mult, unit = _UNITS[within.group("u")]
        try:
            return ("date", add_span(ref, mult * _number(within.group("n")), unit), recurs)
        except (OverflowError, ValueError):  # past year 9999: no real plan, but never raise
            return _UNKNOWN
    if recurs is not None:
        return ("ongoing", None, recurs)
    return _UNKNOWN


def parse_timescale(
    text: str, plan_date: date | None = None, today: date | None = None
) -> Timescale:
    """Read a wording against the plan's date (or `today`); never raises, any text gives a Timescale."""
    ref = plan_date if plan_date is not None else today
    if isinstance(ref, datetime):  # a YAML timestamp would otherwise fail to compare with dates
        ref = ref.date()
    # Only the reference matters to the result, so the cache keys on it rather than on both dates.
    kind, due, recurs = _parse_normalised(" ".join(text.split()).lower(), ref)
    return Timescale(text, kind, due, recurs)


def format_timescale_text(ts: Timescale) -> str:
    # One line even when the source cell held line breaks.
    """`Sept 03 -> date 2003-09-30`: one line, as `actiontrack timescale` prints it."""
    out = f"{' '.join(ts.text.split()) or chr(34) * 2} -> {ts.kind}"
    if ts.due is not None:
        out += f" {ts.due.isoformat()}"
    if ts.recurs is not None:
        out += f", recurs {ts.recurs}"
    return out
