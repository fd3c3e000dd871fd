"""Calendar arithmetic and the strict date text commands accept: ISO dates, spans (14d, 4w), ISO durations.

Working days are weekdays that are not bank holidays in England and Wales: statutory social-care
timescales count in them ("assessments within 45 working days"). The bank holidays come from the
maintained `holidays` package, imported only when a working day is counted.

The timescale grammar ("Sept 03", "By 27.10.12") is in `timescale`; it builds on these."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

# --- calendar arithmetic -------------------------------------------------------------------------


def end_of_month(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> date:
    # Clamp to the month's last day: 31 Jan + 1 month is the end of February, not 2 or 3 March.
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def add_span(d: date, n: int, unit: str) -> date:
    """d plus n days, weeks, months or years; ValueError past the calendar's end (year 9999)."""
    if unit.upper() not in ("D", "W", "M", "Y"):
        raise ValueError(f"not a span unit (expected D, W, M or Y): '{unit}'")
    try:
        return _add_span(d, n, unit)
    except (OverflowError, ValueError):  # past year 9999 (or before year 1)
        raise ValueError(f"{n}{unit.lower()} from {d.isoformat()} is beyond the calendar") from None


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays  # ~50 ms: paid only by a plan that counts working days, never at start-up

    # England and Wales share one list of bank holidays (Scotland and Northern Ireland differ).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The day `n` working days after `start` (which does not count): 2012-12-20 + 5 is 2012-12-31.

    ValueError past the calendar's end, as for any date arithmetic.
    """
    day = start
    left = n
    while left > 0:
        try:
            day += timedelta(days=1)
        except OverflowError:
            raise ValueError(f"{n} working days from {start.isoformat()} is beyond the calendar") from None
        if is_working_day(day):
            left -= 1
    return day


def _add_span(d: date, n: int, unit: str) -> date:
    u = unit.upper()
    if u == "D":
        return d + timedelta(days=n)
    if u == "W":
        return d + timedelta(weeks=n)
    if u == "M":
        return _add_months(d, n)
    return _add_months(d, 12 * n)  # "Y": add_span checked the unit


def subtract_span(d: date, n: int, unit: str) -> date:
    """d minus n days, weeks, months or years."""
    return add_span(d, -n, unit)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
INTERVAL_WORDS = "a number of days, weeks, months or years ('12 months', '1 year', '6m')"
_INTERVAL = re.compile(r"([0-9]+)\s*(d|days?|w|weeks?|m|months?|y|years?)", re.IGNORECASE)
_SPAN = re.compile(r"([0-9]+)([dwmy]?)", re.IGNORECASE)
_DURATION = re.compile(r"P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")


def parse_iso_date(text: str) -> date:
    # Strict on purpose: date.fromisoformat() also takes "20121027" and week dates.
    """A strict YYYY-MM-DD date; ValueError with the expected form otherwise."""
    if _ISO_DATE.fullmatch(text):
        try:
            return date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            pass
    raise ValueError(f"not a date (expected YYYY-MM-DD): '{text}'")


def parse_span(text: str) -> tuple[int, str]:
    """`14d`, `4w`, `2m`, `1y` (a bare number is days) as (n, unit)."""
    m = _SPAN.fullmatch(text.strip())
    if m is None:
        raise ValueError(
            f"not a span (expected a number with d, w, m or y, e.g. 14d, 4w, 2m, 1y): '{text}'"
        )
    return int(m.group(1)), (m.group(2) or "d").upper()


def read_interval(text: str) -> tuple[int, str]:
    """A plan's interval as people write it, `12 months`, `1 year`, `6 weeks`, `90 days` (or `12m`,
    `1y`), as (n, unit) for add_span; ValueError naming the forms otherwise (a unit is required)."""
    m = _INTERVAL.fullmatch(text.strip())
    if m is None or int(m.group(1)) == 0:
        raise ValueError(f"not an interval: '{text}' (expected {INTERVAL_WORDS})")
    return int(m.group(1)), m.group(2)[0].upper()


def add_duration(d: date, duration: str, times: int = 1) -> date:
    """d plus an ISO 8601 duration (P3M, P1Y, P2W) taken `times` times, in one step."""
    m = _DURATION.fullmatch(duration)
    if m is None or duration == "P":
        raise ValueError(f"not a duration (expected ISO 8601, e.g. P3M, P1Y, P2W): '{duration}'")
    years, months, weeks, days = (int(g) if g else 0 for g in m.groups())
    # One step of n*times from d: stepping 31 Jan by P1M three times would drift to the 28th.
    total_months = (years * 12 + months) * times
    try:
        out = _add_months(d, total_months) if total_months else d
        return out + timedelta(days=(weeks * 7 + days) * times)
    except (OverflowError, ValueError):  # past year 9999
        raise ValueError(f"{duration} from {d.isoformat()} is beyond the calendar") from None
