"""Shared wording: plurals, day counts, did-you-mean, one-line text, and the slippage ledger sentence.

Every message that more than one stage writes is built here, so that a change of words is one
change, and a sentence one module writes (the ledger note) is read back by the same module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

# What must never reach a terminal, a CI log or an editor as it is (docs/validation.md#printable-text):
# C0 controls but tab (LF and CR included: a line break in a key would split a finding in two, and
# a CR lets plan text overwrite the start of the line), DEL, C1 controls (NEL among them), the
# Unicode line and paragraph separators, and the bidirectional overrides and isolates that make a
# terminal show text in another order than it is read ("Trojan Source"). Each becomes U+FFFD.
_UNSAFE = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0x061C, *range(0x202A, 0x202F),
           *range(0x2066, 0x206A)]
# A byte of a file name that is not UTF-8 reaches Python as a lone surrogate (os and argv decode
# with surrogateescape); it cannot be encoded, so it is shown as \xNN. Other lone surrogates
# (never produced by a decoder) become U+FFFD.
_NAME_BYTES = {0xDC00 + b: f"\\x{b:02x}" for b in range(0x80, 0x100)}
_PRINTABLE = {**{c: "\ufffd" for c in _UNSAFE if c != 0x09}, **{c: "\ufffd" for c in range(0xD800, 0xE000)},
              **_NAME_BYTES}


def printable(text: str) -> str:
    """User text as one printable line: file names, keys, values, messages (the one way, on every output path).

    Control characters, line breaks and bidirectional controls become U+FFFD; a file name's
    bytes that are not UTF-8 become `\\xNN`. Tabs stay. Text without any of these is returned as is.
    """
    return text.translate(_PRINTABLE)


def one_line(text: object) -> str:
    """Plan text on one line (runs of white space, line breaks included, become one space), printable."""
    return printable(" ".join(str(text).split()))


def name_text(name: str) -> str:
    """A file name as valid text: its bytes that are not UTF-8 written `\\xNN` (as `printable` shows them).

    Names are made text once, where they are found (discover, gitrepo), so that JSON output is
    always valid UTF-8 and a name reads the same in every format.
    """
    return name.translate(_NAME_BYTES)


def plural(n: object, word: str) -> str:
    """`word` for one, `word + s` for any other count."""
    return word if n == 1 else word + "s"


def count(n: int, word: str) -> str:
    """`1 plan`, `3 plans`."""
    return f"{n} {plural(n, word)}"


def number(n: int) -> str:
    """A count as people read it: `3,517`."""
    return f"{n:,}"


def actions_in_plans(n: int, plans: int, adjective: str = "", after: str = "") -> str:
    """The head of a listing's count line: `179 overdue actions in 5 plans`, `3 actions due in 1 plan`."""
    words = " ".join(w for w in (number(n), adjective, plural(n, "action"), after) if w)
    return f"{words} in {number(plans)} {plural(plans, 'plan')}"


def not_judged(undated: int, unknown: int, plans: Sequence[str], question: str) -> str:
    """What an `overdue` or `due` answer could not judge, and where to see it: `16 open actions have no
    readable due date, so whether they are overdue cannot be judged (undated): see them with
    actiontrack show x`. `question` is what could not be judged (`overdue`, `due by 2026-12-15`)."""
    n = undated + unknown
    them = "it" if n == 1 else "them"
    kinds = ("undated" if not unknown else "not reported" if not undated
             else f"{number(undated)} undated, {number(unknown)} not reported")
    where = (f"see {them} with actiontrack show {plans[0]}" if len(plans) == 1
             else "actiontrack list counts them by plan, actiontrack show PLAN lists them")
    return (f"{count(n, 'open action')} {'has' if n == 1 else 'have'} no readable due date, so whether "
            f"{them if n == 1 else 'they'} {'is' if n == 1 else 'are'} {question} cannot be judged ({kinds}): {where}")


def state_counts(counts: Sequence[tuple[str, int]]) -> str:
    """The non-zero counts by state, in the order given: `10 overdue, 21 on track, 30 completed`."""
    return ", ".join(f"{number(n)} {state.replace('-', ' ')}" for state, n in counts if n)


def days_ahead(days: int) -> str:
    """`today`, `in 1 day`, `in 8 days`."""
    return "today" if days == 0 else f"in {number(days)} {plural(days, 'day')}"


def format_days(days: int) -> str:
    """A signed day count: `+65 days`, `-3 days`, `+1 day`."""
    return f"{days:+d} {plural(abs(days), 'day')}"


def suggest(word: str, candidates: Sequence[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Up to `n` candidates that look like `word`, closest first (difflib's ratio >= cutoff)."""
    import difflib  # not at start-up: only a mistyped word needs it

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=cutoff)


def did_you_mean(word: str, candidates: Sequence[str], cutoff: float = 0.6) -> str:
    """`: did you mean 'x'?` for the closest candidate, or "" when none is close."""
    close = suggest(word, candidates, 1, cutoff)
    return f": did you mean '{close[0]}'?" if close else ""


def did_you_mean_any(word: str, candidates: Sequence[str], n: int = 3, cutoff: float = 0.6) -> str:
    """`: did you mean 'a', 'b' or 'c'?` for up to n close candidates (case-insensitive), or ""."""
    by_key: dict[str, str] = {}
    for cand in candidates:
        by_key.setdefault(cand.casefold(), cand)
    close = [by_key[k] for k in suggest(word.casefold(), list(by_key), n, cutoff)]
    if not close:
        return ""
    quoted = [f"'{printable(c)}'" for c in close]
    return f": did you mean {' or '.join([', '.join(quoted[:-1]), quoted[-1]] if len(quoted) > 1 else quoted)}?"


def closest(word: str, candidates: Sequence[str], n: int = 10) -> list[str]:
    """Up to n candidates like `word`: most similar first, then the longest shared start, then given order."""
    import difflib
    import os

    ranked: dict[str, tuple[float, int, int]] = {}
    for index, cand in enumerate(candidates):
        ratio = difflib.SequenceMatcher(None, word, cand).ratio()
        if ratio >= 0.5 and cand not in ranked:
            prefix = len(os.path.commonprefix([word, cand]))  # noqa: RUF071  # characters, not path parts
            ranked[cand] = (-ratio, -prefix, index)
    return sorted(ranked, key=ranked.__getitem__)[:n]


def unknown_plan(plan_id: str, known: Sequence[str]) -> str:
    """The one wording of an unknown plan id, with the closest ids or the whole list."""
    ids = sorted(known)
    close = suggest(plan_id, ids, 3, 0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else f" (plans: {', '.join(ids) or 'none'})"
    return f"unknown plan '{plan_id}'{hint}"


# ---------------------------------------------------------------- dates in words

# English month names, not strftime's %B: the locale must not change a Board paper's wording.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def long_date(day: date) -> str:
    """`1 December 2012`."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(first: date, last: date) -> str:
    """Two dates as one span, sharing what they share: `2 to 30 November 2012`, `5 May to 1 June 2012`."""
    if first == last:
        return long_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {long_date(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} to {long_date(last)}"
    return f"{long_date(first)} to {long_date(last)}"


# ---------------------------------------------------------------- the slippage ledger

# The note `actiontrack reschedule` writes (docs/editing.md). It is the only note text anything
# reads back: validate (AT206: a due date that no longer matches its wording, explained), summary
# (moves in a window read from the notes) and diff.
_LEDGER = re.compile(r"Due date (?:moved from (\d{4}-\d{2}-\d{2}) to|set to) (\d{4}-\d{2}-\d{2})\b")


def ledger_note(before: date | None, after: date, reason: str) -> str:
    """The ledger sentence for a due date set or moved: `Due date moved from A to B (+N days): reason`."""
    if before is None:
        return f"Due date set to {after.isoformat()}: {reason}"
    days = format_days((after - before).days)
    return f"Due date moved from {before.isoformat()} to {after.isoformat()} ({days}): {reason}"


def ledger_reason(text: str) -> str | None:
    """The reason a ledger note gives after its dates (`...: reason`), or None when it is not one."""
    m = _LEDGER.match(text)
    if m is None:
        return None
    rest = text[m.end():]
    if rest.startswith(" ("):  # the signed day count of a move: " (+65 days)"
        rest = rest[rest.find(")") + 1:]
    if not rest.startswith(": "):
        return None
    return rest[2:].strip() or None


def read_ledger(text: str) -> tuple[date | None, date] | None:
    """(the date moved from, or None for a first date; the new date) of a ledger note, else None."""
    m = _LEDGER.match(text)
    if m is None:
        return None
    try:
        before = date.fromisoformat(m.group(1)) if m.group(1) else None
        return before, date.fromisoformat(m.group(2))
    except ValueError:  # a hand-written ledger line with an impossible date: not a move we can read
        return None
