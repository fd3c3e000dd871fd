"""Shared wording: each sentence more than one stage writes, and the ledger read back as it is written."""

from __future__ import annotations

from datetime import date

import pytest

from actiontrack.errors import UnknownPlanError
from actiontrack.wording import (
    closest,
    count,
    did_you_mean,
    format_days,
    ledger_note,
    name_text,
    one_line,
    plural,
    printable,
    read_ledger,
    unknown_plan,
)


def test_counts_and_days() -> None:
    assert [plural(n, "plan") for n in (0, 1, 2)] == ["plans", "plan", "plans"]
    assert count(1, "day") == "1 day" and count(3, "problem") == "3 problems"
    assert [format_days(d) for d in (65, -3, 1, -1, 0)] == ["+65 days", "-3 days", "+1 day", "-1 day", "+0 days"]


def test_suggestions() -> None:
    assert did_you_mean("sorce", ["source", "title"]) == ": did you mean 'source'?"
    assert did_you_mean("zzz", ["source"]) == ""
    assert closest("1.21", ["1.2", "1.12", "9.9", "1.2"]) == ["1.2", "1.12"]


def test_the_unknown_plan_error_owns_its_message() -> None:
    assert unknown_plan("thurrock", ["thurrock-ofsted-2012", "banes"]) == \
        "unknown plan 'thurrock'; did you mean thurrock-ofsted-2012?"
    assert unknown_plan("zz", ["b", "a"]) == "unknown plan 'zz' (plans: a, b)"
    assert unknown_plan("zz", []) == "unknown plan 'zz' (plans: none)"
    error = UnknownPlanError("zz", ["a"])
    assert (str(error), error.exit_code, error.plan_id) == ("unknown plan 'zz' (plans: a)", 3, "zz")


def test_the_ledger_reads_back_what_it_writes() -> None:
    moved = ledger_note(date(2013, 3, 31), date(2013, 6, 30), "Data late")
    assert moved == "Due date moved from 2013-03-31 to 2013-06-30 (+91 days): Data late"
    assert read_ledger(moved) == (date(2013, 3, 31), date(2013, 6, 30))
    first = ledger_note(None, date(2013, 6, 30), "Agreed")
    assert first == "Due date set to 2013-06-30: Agreed" and read_ledger(first) == (None, date(2013, 6, 30))
    assert read_ledger("Meeting held.") is None
    assert read_ledger("Due date moved from 2013-02-30 to 2013-06-30: x") is None  # an impossible date


def test_text_on_one_printable_line() -> None:
    assert one_line("a\n  b\tc") == "a b c"
    assert one_line("a\x85b\u2028c\u2029d\r\ne") == "a b c d e"
    assert printable("a\x1b]8;;x\x07b\tc\n") == "a\ufffd]8;;x\ufffdb\tc\ufffd"


@pytest.mark.parametrize(("text", "shown"), [
    ("k\rplans/p.yaml:1:1: error AT000 forged", "k\ufffdplans/p.yaml:1:1: error AT000 forged"),  # no CR
    ("key\n", "key\ufffd"),  # a block-scalar key: the finding stays on one line
    ("\x00\x08\x0b\x0c\x1b\x7f", "\ufffd" * 6),  # C0 controls and DEL
    ("\x85\x9b31m", "\ufffd\ufffd31m"),  # C1 controls: NEL and the 8-bit CSI
    ("a\u2028b\u2029c", "a\ufffdb\ufffdc"),  # line and paragraph separators
    ("\u202eevil\u202c \u2066x\u2069 \u061c", "\ufffdevil\ufffd \ufffdx\ufffd \ufffd"),  # bidi controls
    ("caf\udce9.yaml", "caf\\xe9.yaml"),  # a file name byte that is not UTF-8 (surrogateescape)
    ("\ud800", "\ufffd"),  # any other lone surrogate
    ("tab\tstays, as do é, 漢字, emoji 🙂 and U+200B\u200b", "tab\tstays, as do é, 漢字, emoji 🙂 and U+200B\u200b"),
])
def test_printable_replaces_everything_that_could_drive_a_terminal(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert printable(shown) == shown  # nothing left to replace
    shown.encode("utf-8")  # always encodable


def test_a_file_name_is_made_text_once_keeping_its_controls_for_json() -> None:
    assert name_text("plans/caf\udce9.yaml") == "plans/caf\\xe9.yaml"
    assert name_text("plans/\x1b[31mred.yaml") == "plans/\x1b[31mred.yaml"  # printable() is for output


def test_ledger_reason_reads_back_what_ledger_note_writes() -> None:
    from actiontrack.wording import ledger_reason

    assert ledger_reason(ledger_note(date(2013, 3, 31), date(2013, 6, 30), "Data late: see (May) report")) == \
        "Data late: see (May) report"
    assert ledger_reason(ledger_note(None, date(2013, 6, 30), "First date agreed")) == "First date agreed"
    assert ledger_reason("Due date moved from 2013-03-31 to 2013-06-30 (+91 days)") is None
    assert ledger_reason("Progress made.") is None


def test_dates_in_words() -> None:
    from actiontrack.wording import date_range, long_date

    assert long_date(date(2012, 12, 1)) == "1 December 2012"
    assert date_range(date(2012, 11, 2), date(2012, 11, 30)) == "2 to 30 November 2012"
    assert date_range(date(2012, 5, 5), date(2012, 6, 1)) == "5 May to 1 June 2012"
    assert date_range(date(2011, 12, 5), date(2012, 6, 1)) == "5 December 2011 to 1 June 2012"
    assert date_range(date(2012, 6, 1), date(2012, 6, 1)) == "1 June 2012"
