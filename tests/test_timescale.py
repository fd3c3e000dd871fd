"""Timescale parsing and date arithmetic: every rule of docs/plan-format.md "Timescales"."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from actiontrack import dates, timescale
from actiontrack.dates import add_duration, add_span, end_of_month, parse_iso_date, parse_span, subtract_span
from actiontrack.timescale import KINDS, Timescale, format_timescale_text, parse_timescale

P2012 = date(2012, 7, 27)  # a plan agreed in the summer of 2012
P2003 = date(2003, 6, 4)
P2009 = date(2009, 6, 15)


def d(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def check(
    text: str, plan: date | None, kind: str, due: str | None, recurs: str | None = None
) -> None:
    ts = parse_timescale(text, plan_date=plan)
    assert (ts.kind, ts.due, ts.recurs) == (kind, d(due), recurs), text
    assert ts.text == text


# --- rule 1: numeric dates are day-first ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("27.10.12", P2012, "2012-10-27"),
        ("4/1/10", P2009, "2010-01-04"),
        ("31/03/2014", P2012, "2014-03-31"),
        ("01-Sept-09", P2009, "2009-09-01"),
        ("30th November 2009", P2009, "2009-11-30"),
        ("30 th November 2009", P2009, "2009-11-30"),
        ("31 st December 2009", P2009, "2009-12-31"),
        ("1st Sept 09", P2009, "2009-09-01"),
        ("2nd March 2010", P2009, "2010-03-02"),
        ("3rd May 2010", P2009, "2010-05-03"),
        ("22 nd June 2010", P2009, "2010-06-22"),
        ("the 2nd of March 2013", P2012, "2013-03-02"),
        ("2012-10-27", P2012, "2012-10-27"),
        ("2012/10/27", P2012, "2012-10-27"),
        ("2012-10-27", None, "2012-10-27"),
        ("27.10.2012", None, "2012-10-27"),
        ("27-10-2012", None, "2012-10-27"),
        ("1.2.13", P2012, "2013-02-01"),
        ("01/02/13", P2012, "2013-02-01"),
        ("30 November, 2009", None, "2009-11-30"),
        ("1 Sept. 2009", None, "2009-09-01"),
        ("15-mar-2013", None, "2013-03-15"),
        ("November 30th 2009", None, "2009-11-30"),
        ("November 30, 2009", None, "2009-11-30"),
        ("29.02.12", P2012, "2012-02-29"),  # leap year
        ("29th February 2000", None, "2000-02-29"),  # divisible by 400: leap
        ("By 27.10.12.", P2012, "2012-10-27"),  # full stop ends the sentence, not the date
    ],
)
def test_numeric_and_day_month_year(text: str, plan: date | None, due: str) -> None:
    check(text, plan, "date", due)


@pytest.mark.parametrize(
    "text",
    [
        "10/27/2012",  # month-first: month 27 does not exist, and we never swap
        "00.10.12",
        "2012-13-01",
        "32 January 2013",
        "0 June 2013",
    ],
)
def test_impossible_dates_are_unknown(text: str) -> None:
    check(text, P2012, "unknown", None)


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("31 September 2020", P2012, "2020-09-30"),
        ("29 February 2013", P2012, "2013-02-28"),  # not a leap year
        ("31.02.12", P2012, "2012-02-29"),  # a leap year
        ("30th February 2010", P2012, "2010-02-28"),
        ("29.02.13", P2012, "2013-02-28"),
        ("29 February 1900", P2012, "1900-02-28"),  # century, not a leap year
        ("31/04/2013", P2012, "2013-04-30"),
        ("31 June 2013", P2012, "2013-06-30"),
        ("2012-02-30", P2012, "2012-02-29"),
        ("31 April", P2003, "2004-04-30"),  # the next April after the plan date
        ("By 31.9.12", P2012, "2012-09-30"),
    ],
)
def test_a_day_past_the_month_end_reads_as_its_last_day(text: str, plan: date, due: str) -> None:
    ts = parse_timescale(text, plan_date=plan)
    assert (ts.kind, ts.due, ts.corrected) == ("date", d(due), True)


def test_a_real_reading_wins_over_a_corrected_one() -> None:
    # Two-digit year: 2000 has a 29 February, so no century needs correcting.
    ts = parse_timescale("29.02.00", plan_date=date(2003, 6, 4))
    assert (ts.due, ts.corrected) == (date(2000, 2, 29), False)
    assert parse_timescale("28.02.13", plan_date=P2012).corrected is False


# --- rule 2: month and year -> last day of the month ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("Sept 03", P2003, "2003-09-30"),
        ("Mar-13", P2012, "2013-03-31"),
        ("September 2003", None, "2003-09-30"),
        ("End Oct 03", P2003, "2003-10-31"),
        ("End of June 03", P2003, "2003-06-30"),
        ("By the end of March 2014", None, "2014-03-31"),
        ("Nov 12", P2012, "2012-11-30"),
        ("Sep 03", P2003, "2003-09-30"),
        ("Sept. 03", P2003, "2003-09-30"),
        ("Sep. 2003", None, "2003-09-30"),
        ("SEPT 03", P2003, "2003-09-30"),
        ("sept 03", P2003, "2003-09-30"),
        ("Sept '03", P2003, "2003-09-30"),
        ("Sept-03", P2003, "2003-09-30"),
        ("Sept/03", P2003, "2003-09-30"),
        ("March, 2013", None, "2013-03-31"),
        ("Jan 2013", None, "2013-01-31"),
        ("Feb 2012", None, "2012-02-29"),  # leap year
        ("Feb 2013", None, "2013-02-28"),
        ("February 2000", None, "2000-02-29"),
        ("February 2100", None, "2100-02-28"),
        ("Apr 2013", None, "2013-04-30"),
        ("Jun 2013", None, "2013-06-30"),
        ("June 2013", None, "2013-06-30"),
        ("Jul 2013", None, "2013-07-31"),
        ("July 2013", None, "2013-07-31"),
        ("Aug 2013", None, "2013-08-31"),
        ("Dec 2013", None, "2013-12-31"),
        ("May 2013", None, "2013-05-31"),
        ("December 09 Review", P2009, "2009-12-31"),
    ],
)
def test_month_and_year(text: str, plan: date | None, due: str) -> None:
    check(text, plan, "date", due)


@pytest.mark.parametrize("text", ["Sept 03", "Sep 03", "September 03", "sEpTeMbEr 03", "SEP. 03"])
def test_september_spellings(text: str) -> None:
    check(text, P2003, "date", "2003-09-30")


# --- rule 3: month alone -> first such month on or after the plan date ---------------------------


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("September", P2003, "2003-09-30"),
        ("May", P2003, "2004-05-31"),
        ("June", P2003, "2003-06-30"),  # the plan date is inside June: that same June
        ("By June", date(2003, 6, 30), "2003-06-30"),
        ("End of December", P2003, "2003-12-31"),
        ("January", P2003, "2004-01-31"),
        ("By Sept", P2003, "2003-09-30"),
        ("Sept", P2003, "2003-09-30"),
        ("By May", P2003, "2004-05-31"),
        ("End of February", date(2011, 3, 1), "2012-02-29"),  # next February is a leap one
        ("February", date(2013, 2, 1), "2013-02-28"),
    ],
)
def test_month_alone(text: str, plan: date, due: str) -> None:
    check(text, plan, "date", due)


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("30 November", P2003, "2003-11-30"),
        ("1 June", P2003, "2004-06-01"),
        ("4 June", P2003, "2003-06-04"),  # on the plan date itself
        ("29 February", P2012, "2016-02-29"),
        ("By 3 May", P2003, "2004-05-03"),
    ],
)
def test_day_and_month_without_year_is_the_next_one(text: str, plan: date, due: str) -> None:
    check(text, plan, "date", due)


@pytest.mark.parametrize(
    "text",
    [
        "Staff may be asked to attend",  # the verb
        "May be extended",
        "Jan Smith to review",  # the name
        "Standards 1 - 3 may be merged",
    ],
)
def test_month_words_that_are_not_months(text: str) -> None:
    check(text, P2003, "unknown", None)


# --- rule 4: seasons and school terms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("Summer 2002", None, "2002-08-31"),
        ("Winter 2012", None, "2013-02-28"),
        ("Winter 2011", None, "2012-02-29"),  # ends in a leap February
        ("Autumn 2003", None, "2003-11-30"),
        ("Spring 2013", None, "2013-05-31"),
        ("By Summer 2013", None, "2013-08-31"),
        ("autumn term 2012", None, "2012-12-31"),
        ("spring term 2013", None, "2013-03-31"),
        ("summer term 2013", None, "2013-07-31"),
        ("Autumn Term 2012", None, "2012-12-31"),
        ("autumn term 2012/13", None, "2012-12-31"),  # academic year
        ("spring term 2012/13", None, "2013-03-31"),
        ("summer term 2012/13", None, "2013-07-31"),
        ("winter 2012/13", None, "2013-02-28"),
        ("Summer 03", P2003, "2003-08-31"),
        # without a year: the first such end on or after the plan date (2003-06-04)
        ("Summer", P2003, "2003-08-31"),
        ("Spring", P2003, "2004-05-31"),
        ("Autumn", P2003, "2003-11-30"),
        ("Winter", P2003, "2004-02-29"),
        ("Winter", date(2004, 1, 10), "2004-02-29"),
        ("Winter", date(2004, 3, 1), "2005-02-28"),
        ("summer term", P2003, "2003-07-31"),
        ("spring term", P2003, "2004-03-31"),
        ("autumn term", P2003, "2003-12-31"),
        ("By the end of the summer", date(2003, 8, 31), "2003-08-31"),
    ],
)
def test_seasons_and_terms(text: str, plan: date | None, due: str) -> None:
    check(text, plan, "date", due)


@pytest.mark.parametrize("text", ["summer 2012/14", "summer 2012/13", "winter term 2012"])
def test_unclear_seasons_are_unknown(text: str) -> None:
    check(text, P2012, "unknown", None)


# --- rule 5: financial years and quarters --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2012/13", "2013-03-31"),
        ("2012-13", "2013-03-31"),
        ("2012/2013", "2013-03-31"),
        ("2012-2013", "2013-03-31"),
        ("financial year 2012/13", "2013-03-31"),
        ("across financial year 2012/13", "2013-03-31"),
        ("FY 2012/13", "2013-03-31"),
        ("FY2012/13", "2013-03-31"),
        ("By end of 2012/13", "2013-03-31"),
        ("1999/00", "2000-03-31"),
        ("Q1 2013/14", "2013-06-30"),
        ("Q2 2013/14", "2013-09-30"),
        ("Q3 2013/14", "2013-12-31"),
        ("Q4 2013/14", "2014-03-31"),
        ("q4 2013-14", "2014-03-31"),
        ("Q1 FY 2013/14", "2013-06-30"),
        ("Quarter 2 2013/14", "2013-09-30"),
        ("Q1 2013", "2013-03-31"),
        ("Q2 2013", "2013-06-30"),
        ("Q3 2013", "2013-09-30"),
        ("Q4 2013", "2013-12-31"),
        ("3rd quarter 2013", "2013-09-30"),
        ("By end of Q3 2013", "2013-09-30"),
    ],
)
def test_financial_years_and_quarters(text: str, due: str) -> None:
    check(text, None, "date", due)


def test_financial_year_with_two_digit_years_takes_the_nearest_century() -> None:
    check("FY 12/13", P2012, "date", "2013-03-31")
    check("FY 12/13", None, "unknown", None)


@pytest.mark.parametrize("text", ["2012/14", "2012-2014", "Q1 2013/15", "12/13"])
def test_inconsistent_financial_years_are_unknown(text: str) -> None:
    check(text, P2012, "unknown", None)


# --- rule 6: a year alone ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [("2013", "2013-12-31"), ("End of 2013", "2013-12-31"), ("By 2015", "2015-12-31"),
     ("1999", "1999-12-31")],
)  # fmt: skip
def test_year_alone(text: str, due: str) -> None:
    check(text, None, "date", due)


@pytest.mark.parametrize("text", ["03", "13", "End of 13", "3013", "1850"])
def test_not_a_year_alone(text: str) -> None:
    check(text, P2012, "unknown", None)


# --- rule 7: within a span of the plan date ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Within 3 months", "2012-10-27"),
        ("Within 6 weeks", "2012-09-07"),
        ("within 10 days", "2012-08-06"),
        ("within one month", "2012-08-27"),
        ("within a year", "2013-07-27"),
        ("Within a month", "2012-08-27"),
        ("Within an year", "2013-07-27"),
        ("within two weeks", "2012-08-10"),
        ("within twelve months", "2013-07-27"),
        ("Within the next 6 months", "2013-01-27"),
        ("within a fortnight", "2012-08-10"),
        ("Within 3 months of the plan", "2012-10-27"),
        ("WITHIN 3 MONTHS", "2012-10-27"),
    ],
)
def test_within(text: str, due: str) -> None:
    check(text, P2012, "date", due)


def test_within_clamps_to_month_end() -> None:
    check("Within 1 month", date(2012, 1, 31), "date", "2012-02-29")
    check("Within 1 month", date(2013, 1, 31), "date", "2013-02-28")
    check("Within a year", date(2012, 2, 29), "date", "2013-02-28")


@pytest.mark.parametrize(
    "text",
    ["Within 6 months of appointment", "within 3 months after publication", "within 3-6 months"],
)
def test_within_something_undated_is_unknown(text: str) -> None:
    check(text, P2012, "unknown", None)


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        # 21, 24, 27, 28 and 31 December: the 25th and 26th are bank holidays, 22-23 a weekend.
        ("within 5 working days", date(2012, 12, 20), "2012-12-31"),
        ("within five working days", date(2012, 12, 20), "2012-12-31"),
        ("15 working days", date(2012, 12, 20), "2013-01-15"),  # 1 January too
        ("Within 20 working days", P2012, "2012-08-24"),  # Friday to Friday, four weeks
        ("within 2 business days", date(2012, 8, 24), "2012-08-29"),  # Monday 27 August: bank holiday
        ("Within 1 working day", date(2012, 4, 5), "2012-04-10"),  # Good Friday and Easter Monday
        ("Assessment within 45 working days of referral", P2012, None),  # counted from something undated
        ("within 5 working days of the plan", date(2012, 12, 20), "2012-12-31"),
    ],
)
def test_working_days_skip_weekends_and_bank_holidays(text: str, plan: date, due: str | None) -> None:
    check(text, plan, "date" if due else "unknown", due)


def test_working_days_need_a_reference() -> None:
    check("within 20 working days", None, "unknown", None)


@pytest.mark.parametrize(
    ("text", "due"),
    [("within 24 hours", "2012-07-28"), ("within 72 hours", "2012-07-30"), ("Within 36 hrs", "2012-07-29"),
     ("within 1 hour", "2012-07-28")],
)  # fmt: skip
def test_hours_round_up_to_whole_days(text: str, due: str) -> None:
    check(text, P2012, "date", due)


def test_a_length_in_hours_or_weeks_is_not_a_deadline() -> None:
    check("24 hours", P2012, "unknown", None)
    check("4 weeks maximum", P2012, "unknown", None)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("within six months of the publication of this report", "2013-07-31"),
        ("Within 6 months of publication", "2013-07-31"),
        ("within 3 months after publication", "2013-04-30"),
        ("within 10 working days following publication", "2013-02-14"),
        ("within 4 weeks of the publication of the review", "2013-02-28"),
    ],
)
def test_spans_from_publication_count_from_the_published_date(text: str, due: str) -> None:
    ts = parse_timescale(text, plan_date=P2012, published=date(2013, 1, 31))
    assert (ts.kind, ts.due) == ("date", d(due))
    assert parse_timescale(text, plan_date=P2012).kind == "unknown"  # no published date: never a guess


# --- rule 8: immediate ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Immediate", "Immediately", "With immediate effect", "IMMEDIATE"])
def test_immediate(text: str) -> None:
    check(text, P2012, "immediate", "2012-07-27")
    check(text, None, "immediate", None)


def test_immediate_with_cadence() -> None:
    check("Immediate and monthly thereafter", P2012, "immediate", "2012-07-27", "P1M")


# --- rule 9: ongoing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ongoing",
        "On-going",
        "On going",
        "ONGOING",
        "Continuing",
        "Continuous",
        "Ongoing programme",
        "Rolling programme",
        "Ongoing through supervision and regular visits",
        "January 2010 onwards",
        "From Oct 03",
        "To be implemented from September 2009",
        "With effect from 1.4.13",
        "From the end of March 2013",
        "Sept 2009 and onwards",
        "Ongoing - review by March 2013",  # the ongoing word comes first and governs
        "Training is ongoing",
        "From September",  # no reference needed: ongoing has no due date
    ],
)
def test_ongoing(text: str) -> None:
    check(text, P2009, "ongoing", None)
    check(text, None, "ongoing", None)


def test_a_leading_date_keeps_its_due_date_before_an_ongoing_word() -> None:
    check("Oct 2009 and ongoing", P2009, "date", "2009-10-31")
    check("Oct 2009 and ongoing thereafter", P2009, "date", "2009-10-31")


@pytest.mark.parametrize(
    ("text", "plan", "starts", "recurs"),
    [
        ("September 2020 - ongoing", P2012, "2020-09-01", None),
        ("September 2020 \u2013 ongoing", P2012, "2020-09-01", None),  # en dash
        ("September 2020 to ongoing", P2012, "2020-09-01", None),
        ("Completed Oct 2009 - ongoing", P2009, "2009-10-01", None),
        ("from April 2013 onwards", P2012, "2013-04-01", None),
        ("January 2010 onwards", P2009, "2010-01-01", None),
        ("From Oct 03", P2003, "2003-10-01", None),
        ("Ongoing from May 2020", P2012, "2020-05-01", None),
        ("From 14.9.12 - ongoing", P2012, "2012-09-14", None),
        ("From Q3 2013 onwards", P2012, "2013-07-01", None),
        ("From 2013/14 onwards", P2012, "2013-04-01", None),
        ("From 2014 onwards", P2012, "2014-01-01", None),
        ("From Summer 2013", P2012, "2013-06-01", None),
        ("From autumn term 2012", P2012, "2012-09-01", None),
        ("From spring term 2013", P2012, "2013-01-01", None),
        ("From Winter 2012", P2012, "2012-12-01", None),
        ("April 2013 - ongoing, reviewed quarterly", P2012, "2013-04-01", "P3M"),
    ],
)
def test_ongoing_from_a_start_gives_the_start(text: str, plan: date, starts: str, recurs: str | None) -> None:
    ts = parse_timescale(text, plan_date=plan)
    assert (ts.kind, ts.due, ts.starts, ts.recurs) == ("ongoing", None, d(starts), recurs), text


@pytest.mark.parametrize("text", ["Ongoing", "Ongoing - review by March 2013", "Quarterly", "Continuing"])
def test_ongoing_without_a_start_has_none(text: str) -> None:
    ts = parse_timescale(text, plan_date=P2012)
    assert (ts.kind, ts.starts) == ("ongoing", None)


# --- rule 10: recurrence -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plan", "due", "recurs"),
    [
        ("April 2003 (and yearly thereafter)", P2003, "2003-04-30", "P1Y"),
        ("March 2013 and quarterly thereafter", P2012, "2013-03-31", "P3M"),
        ("April 2004 (and annually thereafter)", P2003, "2004-04-30", "P1Y"),
        ("31.3.13 and six monthly thereafter", P2012, "2013-03-31", "P6M"),
        ("By March 2013 then reviewed monthly", P2012, "2013-03-31", "P1M"),
        ("Within 3 months, then every 6 months", P2012, "2012-10-27", "P6M"),
        ("Annual report to the Board 27.10.12", P2012, "2012-10-27", "P1Y"),
    ],
)
def test_date_with_recurrence(text: str, plan: date, due: str, recurs: str) -> None:
    check(text, plan, "date", due, recurs)


@pytest.mark.parametrize(
    ("text", "recurs"),
    [
        ("Quarterly", "P3M"),
        ("Annually", "P1Y"),
        ("Yearly", "P1Y"),
        ("Six monthly", "P6M"),
        ("Six-monthly", "P6M"),
        ("6 monthly", "P6M"),
        ("Bi-annually", "P6M"),
        ("Biannually", "P6M"),
        ("twice yearly", "P6M"),
        ("Twice a year", "P6M"),
        ("Half-yearly", "P6M"),
        ("Monthly", "P1M"),
        ("3 monthly", "P3M"),
        ("Three-monthly", "P3M"),
        ("Weekly", "P1W"),
        ("Fortnightly", "P2W"),
        ("Two weekly", "P2W"),
        ("Daily", "P1D"),
        ("Every 6 months", "P6M"),
        ("Every quarter", "P3M"),
        ("Each year", "P1Y"),
        ("Every two weeks", "P2W"),
        ("Quarterly reviews", "P3M"),
        ("Monthly report", "P1M"),
        ("Annual audit", "P1Y"),
        ("Ongoing - reviewed quarterly", "P3M"),
        ("Quarterly from April 2013", "P3M"),
        ("QUARTERLY", "P3M"),
    ],
)
def test_cadence_alone_is_ongoing(text: str, recurs: str) -> None:
    check(text, P2012, "ongoing", None, recurs)


def test_bi_monthly_is_ambiguous() -> None:
    check("Bi-monthly", P2012, "unknown", None)
    check("bimonthly meetings", P2012, "unknown", None)


# --- rule 11: words around a date; the first date wins; ranges take their end --------------------


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("By 27.10.12", P2012, "2012-10-27"),
        ("Target: 27.10.12", P2012, "2012-10-27"),
        ("No later than 27.10.12", P2012, "2012-10-27"),
        ("Report to SMT 27.10.12", P2012, "2012-10-27"),
        ("Report to DMT & LSCB 27.2.13", P2012, "2013-02-27"),
        ("Report to SCCN & LSCB by 27.10.12", P2012, "2012-10-27"),
        ("Evaluate impact April 2010", P2009, "2010-04-30"),
        ("December 09 Review", P2009, "2009-12-31"),
        ("Action plan agreed November 2009", P2009, "2009-11-30"),
        ("Commence delivery of training February 2010", P2009, "2010-02-28"),
        ("Completed Oct 2009", P2009, "2009-10-31"),
        ("Completed June 2009", P2009, "2009-06-30"),
        ("To be completed by January 2010", P2009, "2010-01-31"),
        ("By 14.9.12 (suggested date 09.10.12)", P2012, "2012-09-14"),
        ("September 2009 NB: August 2009 - Form reviewed and in use", P2009, "2009-09-30"),
        ("To commence October 2009", P2009, "2009-10-31"),
        ("Until March 2013", P2012, "2013-03-31"),
        ("Recommendation 21 March 2013", P2012, "2013-03-21"),
        # ranges: the end
        ("Nov 2012 - Mar 2013", P2012, "2013-03-31"),
        ("Nov 2012 to Mar 2013", P2012, "2013-03-31"),
        ("between Nov 2012 and Mar 2013", P2012, "2013-03-31"),
        ("Between the end of Nov 2012 and Mar 2013", P2012, "2013-03-31"),
        ("27.7.12 - 30.9.12", P2012, "2012-09-30"),
        ("27.7.12-30.9.12", P2012, "2012-09-30"),
        ("27.7.12 \u2013 30.9.12", P2012, "2012-09-30"),  # en dash, as Word writes it
        ("Sept - Dec 2012", P2012, "2012-12-31"),
        ("Sept/Oct 2012", P2012, "2012-10-31"),
        ("1 Sept - 30 Sept 2012", P2012, "2012-09-30"),
        ("2012 - 2014", P2012, "2014-12-31"),
        ("Spring 2013 to Summer 2013", P2012, "2013-08-31"),
        ("From Oct 03 to Mar 04", P2003, "2004-03-31"),  # a bounded range, not open-ended
        ("Mar-13", P2012, "2013-03-31"),  # month-year, not a range
        ("Nov 2012 and Mar 2013", P2012, "2012-11-30"),  # "and" without "between": first wins
    ],
)
def test_words_around_dates_first_date_and_ranges(text: str, plan: date, due: str) -> None:
    check(text, plan, "date", due)


def test_range_with_an_impossible_end_is_unknown() -> None:
    check("27.7.12 - 32.9.12", P2012, "unknown", None)
    check("27.7.12 - 31.9.12", P2012, "date", "2012-09-30")  # a day past the month's end: corrected


def test_first_date_impossible_is_unknown_even_with_a_later_good_one() -> None:
    check("32.01.12 (or 28.02.12)", P2012, "unknown", None)


# --- rule 12: two-digit years take the century nearest the reference -----------------------------


@pytest.mark.parametrize(
    ("text", "plan", "due"),
    [
        ("Jan 99", date(1998, 5, 1), "1999-01-31"),
        ("Sept 03", date(2003, 1, 1), "2003-09-30"),
        ("Dec 09", date(2009, 3, 1), "2009-12-31"),
        ("27.10.12", date(2012, 1, 1), "2012-10-27"),
        ("Jan 99", date(2003, 6, 4), "1999-01-31"),  # nearer than 2099
        ("Jan 01", date(1999, 6, 1), "2001-01-31"),  # forwards across the century
        ("Dec 99", date(2001, 1, 1), "1999-12-31"),  # backwards across the century
        ("1.1.00", date(1999, 12, 1), "2000-01-01"),
        ("31.12.99", date(2000, 1, 5), "1999-12-31"),
        ("29.02.00", date(1950, 1, 1), "2000-02-29"),  # 1900 has no 29 February
        ("Mar 61", date(2012, 1, 1), "2061-03-31"),  # 49.2 years ahead beats 50.8 behind
        ("Mar 62", date(2012, 1, 1), "1962-03-31"),  # 49.8 years behind beats 50.2 ahead
        ("Summer 99", date(2001, 1, 1), "1999-08-31"),
        ("Winter 99", date(2001, 1, 1), "2000-02-29"),
    ],
)
def test_two_digit_years(text: str, plan: date, due: str) -> None:
    check(text, plan, "date", due)


# --- rule 13: anything else is unknown -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "TBC",
        "Completed",
        "Achieved",
        "COMPLETED",
        "-",
        "",
        "   ",
        "\n\t",
        "N/A",
        "Audit to be carried out one year after completion of actions",
        "Task and Finish Group already in place",
        "Recommendation 21",
        "Standard 3",
        "4 weeks maximum",
        "Recommendation 6.1.12",
        "As per action 3.2.10",
        "Q1",
        "12",
        "Decision by Board",  # "dec" inside a word
        "Marching orders",
        "Monday",
        "Augment staffing",
    ],
)
def test_unknown(text: str) -> None:
    check(text, P2012, "unknown", None)


# --- references: plan date, today, neither -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Sept 03", "27.10.12", "September", "Summer", "Within 3 months", "30 November", "FY 12/13"],
)
def test_rules_needing_a_reference_are_unknown_without_one(text: str) -> None:
    check(text, None, "unknown", None)


def test_today_is_the_reference_without_a_plan_date() -> None:
    ts = parse_timescale("Within 3 months", today=date(2026, 11, 22))
    assert (ts.kind, ts.due) == ("date", date(2027, 2, 22))
    assert parse_timescale("Immediate", today=date(2026, 11, 22)).due == date(2026, 11, 22)
    assert parse_timescale("Sept 03", today=date(2026, 11, 22)).due == date(2003, 9, 30)


def test_plan_date_wins_over_today() -> None:
    ts = parse_timescale("Within 1 month", plan_date=date(2012, 1, 31), today=date(2026, 11, 22))
    assert ts.due == date(2012, 2, 29)
    ts = parse_timescale("Sept 90", plan_date=date(1991, 1, 1), today=date(2080, 1, 1))
    assert ts.due == date(1990, 9, 30)


def test_a_datetime_reference_is_taken_as_its_date() -> None:
    ts = parse_timescale("Immediate", plan_date=datetime(2012, 7, 27, 15, 30))
    assert ts.due == date(2012, 7, 27) and type(ts.due) is date


# --- normalisation and the cache -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Sept 03", "  Sept 03  ", "Sept\u00a003", "SEPT   03", "sept\n03", "\tsept 03\r\n"],
)
def test_whitespace_and_case_do_not_matter_but_text_is_kept_verbatim(text: str) -> None:
    ts = parse_timescale(text, plan_date=P2003)
    assert (ts.kind, ts.due, ts.text) == ("date", date(2003, 9, 30), text)


def test_cached_results_do_not_leak_between_references() -> None:
    assert parse_timescale("September", plan_date=P2003).due == date(2003, 9, 30)
    assert parse_timescale("September", plan_date=date(2003, 10, 1)).due == date(2004, 9, 30)
    assert parse_timescale("September").kind == "unknown"


def test_no_fuzzy_parser() -> None:
    source = Path(dates.__file__).read_text(encoding="utf-8") + Path(timescale.__file__).read_text(encoding="utf-8")
    assert "dateutil.parser" not in source and "date.today(" not in source


# --- the Timescale value -------------------------------------------------------------------------


def test_kinds() -> None:
    assert KINDS == ("date", "immediate", "ongoing", "unknown")


def test_timescale_is_frozen() -> None:
    ts = parse_timescale("Sept 03", plan_date=P2003)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ts.kind = "unknown"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "plan", "expected"),
    [
        ("Sept 03", P2003, {"version": 2, "text": "Sept 03", "kind": "date", "due": "2003-09-30", "recurs": None,
                            "starts": None, "corrected": False}),
        ("Quarterly", P2003, {"version": 2, "text": "Quarterly", "kind": "ongoing", "due": None, "recurs": "P3M",
                              "starts": None, "corrected": False}),
        ("TBC", None, {"version": 2, "text": "TBC", "kind": "unknown", "due": None, "recurs": None,
                       "starts": None, "corrected": False}),
        ("Immediate", None, {"version": 2, "text": "Immediate", "kind": "immediate", "due": None, "recurs": None,
                             "starts": None, "corrected": False}),
        (
            "April 2003 (and yearly thereafter)",
            P2003,
            {"version": 2, "text": "April 2003 (and yearly thereafter)", "kind": "date", "due": "2003-04-30",
             "recurs": "P1Y", "starts": None, "corrected": False},
        ),
        ("September 2020 - ongoing", P2012, {"version": 2, "text": "September 2020 - ongoing", "kind": "ongoing",
                                             "due": None, "recurs": None, "starts": "2020-09-01", "corrected": False}),
        ("31 September 2020", P2012, {"version": 2, "text": "31 September 2020", "kind": "date", "due": "2020-09-30",
                                      "recurs": None, "starts": None, "corrected": True}),
    ],
)  # fmt: skip
def test_to_json(text: str, plan: date | None, expected: dict[str, object]) -> None:
    got = parse_timescale(text, plan_date=plan).to_json()
    assert got == expected
    assert list(got) == ["version", "text", "kind", "due", "recurs", "starts", "corrected"]
    assert json.loads(json.dumps(got)) == expected


@pytest.mark.parametrize(
    ("text", "plan", "line"),
    [
        ("Sept 03", P2003, "Sept 03 -> date 2003-09-30"),
        ("Ongoing", P2003, "Ongoing -> ongoing"),
        ("Quarterly", P2003, "Quarterly -> ongoing, recurs P3M"),
        (
            "April 2003 (and yearly thereafter)",
            P2003,
            "April 2003 (and yearly thereafter) -> date 2003-04-30, recurs P1Y",
        ),
        ("TBC", P2003, "TBC -> unknown"),
        ("Immediate", P2012, "Immediate -> immediate 2012-07-27"),
        ("Immediate", None, "Immediate -> immediate"),
        ("By\n27.10.12", P2012, "By 27.10.12 -> date 2012-10-27"),  # one line
        ("September 2020 - ongoing", P2012, "September 2020 - ongoing -> ongoing from 2020-09-01"),
        ("31 September 2020", P2012,
         "31 September 2020 -> date 2020-09-30 (a day past the month's end, read as the month's last day)"),
        ("", P2012, '"" -> unknown'),
    ],
)
def test_format_timescale_text(text: str, plan: date | None, line: str) -> None:
    assert format_timescale_text(parse_timescale(text, plan_date=plan)) == line


def test_format_uses_the_fields_given() -> None:
    ts = Timescale("x", "date", date(2013, 1, 31), "P1M")
    assert format_timescale_text(ts) == "x -> date 2013-01-31, recurs P1M"


# --- parse_iso_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2012-10-27", date(2012, 10, 27)), ("2012-02-29", date(2012, 2, 29)),
     ("0001-01-01", date(1, 1, 1)), ("9999-12-31", date(9999, 12, 31))],
)  # fmt: skip
def test_parse_iso_date(text: str, expected: date) -> None:
    assert parse_iso_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2013-02-29",
        "2012-13-01",
        "2012-00-10",
        "2012-10-00",
        "2012-04-31",
        "0000-01-01",
        "27.10.12",
        "20121027",
        "2012-1-27",
        "12-10-27",
        " 2012-10-27",
        "2012-10-27 ",
        "2012-10-27T00:00",
        "2012-W43-6",
        "",
        "today",
        "\u0662\u0660\u0661\u0662-10-27",  # non-ASCII digits
    ],
)
def test_parse_iso_date_rejects(text: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_iso_date(text)
    assert str(err.value) == f"not a date (expected YYYY-MM-DD): '{text}'"


# --- spans and durations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14d", (14, "D")), ("4w", (4, "W")), ("2m", (2, "M")), ("1y", (1, "Y")), ("14", (14, "D")),
     ("14D", (14, "D")), ("0d", (0, "D")), (" 3m ", (3, "M")), ("120", (120, "D"))],
)  # fmt: skip
def test_parse_span(text: str, expected: tuple[int, str]) -> None:
    assert parse_span(text) == expected


@pytest.mark.parametrize("text", ["", "d", "-3d", "3x", "3 d", "3.5d", "14dd", "two weeks", "P3M"])
def test_parse_span_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a span") as err:
        parse_span(text)
    assert str(err.value).endswith(f": '{text}'")


@pytest.mark.parametrize(
    ("start", "n", "unit", "expected"),
    [
        ("2012-01-31", 1, "M", "2012-02-29"),
        ("2013-01-31", 1, "M", "2013-02-28"),
        ("2012-03-31", 1, "M", "2012-04-30"),
        ("2012-10-31", 4, "M", "2013-02-28"),
        ("2012-02-29", 1, "Y", "2013-02-28"),
        ("2012-02-29", 4, "Y", "2016-02-29"),
        ("2012-12-15", 1, "M", "2013-01-15"),
        ("2012-07-27", 14, "D", "2012-08-10"),
        ("2012-07-27", 4, "W", "2012-08-24"),
        ("2012-12-31", 1, "D", "2013-01-01"),
        ("2012-07-27", 0, "M", "2012-07-27"),
        ("2012-07-27", 14, "d", "2012-08-10"),  # lower case units too
    ],
)
def test_add_span(start: str, n: int, unit: str, expected: str) -> None:
    assert add_span(d(start), n, unit) == d(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "n", "unit", "expected"),
    [
        ("2012-03-31", 1, "M", "2012-02-29"),
        ("2013-03-31", 1, "M", "2013-02-28"),
        ("2013-01-15", 1, "M", "2012-12-15"),
        ("2016-02-29", 1, "Y", "2015-02-28"),
        ("2012-08-10", 14, "D", "2012-07-27"),
        ("2012-08-24", 4, "W", "2012-07-27"),
        ("2013-01-01", 1, "D", "2012-12-31"),
    ],
)
def test_subtract_span(start: str, n: int, unit: str, expected: str) -> None:
    assert subtract_span(d(start), n, unit) == d(expected)  # type: ignore[arg-type]


def test_span_rejects_an_unknown_unit() -> None:
    with pytest.raises(ValueError, match="not a span unit"):
        add_span(date(2012, 1, 1), 1, "Q")


@pytest.mark.parametrize(
    ("start", "duration", "times", "expected"),
    [
        ("2012-01-31", "P1M", 1, "2012-02-29"),
        ("2012-01-31", "P1M", 3, "2012-04-30"),  # not 28 April: one step of 3 months, no drift
        ("2012-01-31", "P1M", 2, "2012-03-31"),
        ("2012-01-31", "P3M", 1, "2012-04-30"),
        ("2012-01-31", "P3M", 4, "2013-01-31"),
        ("2012-02-29", "P1Y", 1, "2013-02-28"),
        ("2012-02-29", "P1Y", 4, "2016-02-29"),
        ("2012-07-27", "P2W", 1, "2012-08-10"),
        ("2012-07-27", "P2W", 3, "2012-09-07"),
        ("2012-07-27", "P10D", 1, "2012-08-06"),
        ("2012-07-27", "P6M", 0, "2012-07-27"),
        ("2012-07-27", "P1Y6M", 1, "2014-01-27"),
        ("2012-08-31", "P6M", -1, "2012-02-29"),
    ],
)
def test_add_duration(start: str, duration: str, times: int, expected: str) -> None:
    assert add_duration(d(start), duration, times) == d(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("duration", ["", "P", "3M", "P3", "PT3H", "P-1M", "p3m x", "1Y"])
def test_add_duration_rejects(duration: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        add_duration(date(2012, 1, 1), duration)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2012, 2, 29), (2013, 2, 28), (1900, 2, 28), (2000, 2, 29), (2013, 4, 30), (2013, 12, 31),
     (2013, 1, 31)],
)  # fmt: skip
def test_end_of_month(year: int, month: int, expected: int) -> None:
    assert end_of_month(year, month) == date(year, month, expected)


def test_end_of_month_rejects_a_bad_month() -> None:
    with pytest.raises(ValueError):
        end_of_month(2013, 13)


def test_a_cadence_of_nothing_is_no_cadence() -> None:
    """Found by the fuzzer: "0YEARLY" read as recurring every 0 years (P0Y), which never moves a review on."""
    for text in ("0YEARLY", "0 monthly", "every 0 weeks"):
        assert parse_timescale(text, plan_date=date(2024, 1, 1)).recurs is None, text
    assert parse_timescale("2 yearly", plan_date=date(2024, 1, 1)).recurs == "P2Y"
