"""The warm path of `overdue --format json`: each plan's rows rendered once per content, a cached derived value.

`build_rows` is a pure function of one plan file's load result, stored by the loader's cache
(`Loader.derive`) beside the parse; `pick_rows` classifies the cached rows on the as-of date and
orders them. The output is byte-identical to rendering `query.listings.overdue_table` as JSON.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TextIO

from actiontrack.errors import ERROR, Finding
from actiontrack.load.loader import Unreadable
from actiontrack.query.states import JUDGED_VERSION, classify, sort_key
from actiontrack.render.jsonout import dump_json, dump_row, write_rows_document

if TYPE_CHECKING:
    from pathlib import Path

    from actiontrack.load.loader import Loader, LoadResult

KIND = "overdue-rows"  # the cache kind these entries are stored under

# Stand-ins for the three values a cached row cannot know: they depend on the as-of date and on
# the name the file is reached by. Each is cut out of the rendered row as a whole JSON token: a
# raw NUL (the due date's) never occurs in JSON text, and a quoted string token can only be that
# exact string, since quotes inside plan text are always escaped.
_DUE, _DAYS, _FILE = "\x00due\x00", "\x00days\x00", "\x00file\x00"


class _Due(date):
    """A date that renders as the due-date stand-in."""

    def isoformat(self) -> str:
        return _DUE


@dataclass(frozen=True, slots=True)
class JsonRows:
    """`overdue --format json` already rendered: the rows in order, and what the answer could not see."""

    # Each row in two pieces, joined only as it is written: the first is the cached text itself,
    # so 28,000 rows of 20 MB of JSON are not all copied at once.
    rows: list[tuple[str, str]]
    as_of: date
    unreadable: tuple[Unreadable, ...]  # files with errors, whose actions may be missing
    not_judged: tuple[int, int] = (0, 0)  # open actions with no readable due date: (undated, unknown)

    def write(self, out: TextIO) -> None:
        """The JSON document, as render_table would write the same rows."""
        undated, unknown = self.not_judged
        write_rows_document({"version": JUDGED_VERSION, "as_of": self.as_of},
                            (head + rest for head, rest in self.rows),
                            {"not_judged": {"undated": undated, "unknown": unknown},
                             "unreadable": [u.to_json() for u in self.unreadable]}, out)


# One action of one plan, ready to classify and print: a plain tuple, because 50,000 of them
# unpickle in C where NamedTuples would each call back into Python.
# (status, recurs, next_due, line, col, first owner for --sort owner, head, middle, before_file, tail)
Row = tuple[str, "str | None", "date | None", int, int, str, str, str, str, str]

# (plan id or "", how many errors the file has, the first of them, the last date its record holds
# (None when the rows were built for one as-of date), its rows, and its open actions with no readable
# due date (undated, unknown): query.states.not_judged counts the same ones, whatever the as-of date)
PlanRows = tuple[str, int, "Finding | None", "date | None", list["Row"], tuple[int, int]]


def cached_overdue(files: Sequence[Path], as_of: date, sort: str, loader: Loader) -> JsonRows:
    """The overdue rows of every plan file on `as_of`: cached per content, rebuilt only for a plan whose
    record goes past `as_of` (the as-of rule then changes its notes, statuses or dates).

    Files are read one at a time (a file the cache holds is let go once hashed); the few whose
    record goes past `as_of` are read again to be rebuilt.
    """
    from actiontrack.load.discover import named, read_file  # the api's reader: loaded already

    named_files = list(named(files))
    entries = loader.derive(((name, read_file(path)) for name, path in named_files), KIND, build_rows)
    stale = [i for i, (_, _, _, end, _, _) in enumerate(entries) if end is not None and end > as_of]
    again = [(named_files[i][0], read_file(named_files[i][1])) for i in stale]
    for i, result in zip(stale, loader.load(again, positions=False)):
        entries[i] = build_rows(result, as_of)
    return pick_rows([name for name, _ in named_files], entries, as_of, sort)


def build_rows(result: LoadResult, as_of: date | None = None) -> PlanRows:
    """One file's rows, rendered with stand-ins for what depends on the date and the file's name.

    Without `as_of` (what the cache stores) the plan is taken as written, and the entry says up
    to which date that holds; with it, the plan as its record stood that day (query/asof.py).
    """
    # Only a cold entry (or a stale one) is built: a warm run never imports the listings and the model.
    from actiontrack.query.asof import plan_as_of, record_end
    from actiontrack.query.listings import OVERDUE_KEYS, overdue_rows
    from actiontrack.query.states import CLOSED_STATUSES, ActionState, can_be_overdue, next_due, owner_label

    errors = sorted(f for f in result.findings if f.severity == ERROR)
    first = errors[0] if errors else None
    if result.plan is None:
        return ("", len(errors), first, None, [], (0, 0))
    plan = plan_as_of(result.plan, as_of) if as_of is not None else result.plan
    end = record_end(result.plan) if as_of is None else None
    if plan is None:  # agreed after `as_of`
        return (result.plan.id, len(errors), first, None, [], (0, 0))
    stand_in = dataclasses.replace(plan, file=_FILE)
    # Only the actions that some as-of date can find overdue: done, dropped and undated ones never
    # reach the answer, so a cold run renders (and a warm one reads back) about half the rows.
    pairs = []
    undated = unknown = 0
    for rec, act in stand_in.actions():
        due = next_due(stand_in, act)
        if can_be_overdue(act.status, act.recurs, due):
            pairs.append((rec, act, due))
        elif due is None and act.status not in CLOSED_STATUSES:  # open, as classify() counts it
            unknown += act.status == "unknown"
            undated += act.status != "unknown"
    states = [ActionState(stand_in, rec, act, "overdue", _Due(2000, 1, 1), _DAYS)  # type: ignore[arg-type]
              for rec, act, _ in pairs]
    rows = []
    for (_, act, due), row in zip(pairs, overdue_rows(states)):  # the same rows render_table writes
        text = dump_row({k: row.get(k) for k in OVERDUE_KEYS})
        # Cut at the three stand-ins (whole JSON tokens, see above).
        head, rest = text.split(f'"{_DUE}"')
        middle, rest = rest.split(dump_json(_DAYS))
        before_file, tail = rest.split(dump_json(_FILE))
        rows.append((act.status, act.recurs, due, act.line, act.col,
                     owner_label(plan, act.owners[0]).casefold() if act.owners else "",
                     head, middle, before_file, tail))
    return (plan.id, len(errors), first, end, rows, (undated, unknown))


def pick_rows(files: Sequence[str], entries: Sequence[PlanRows], as_of: date, sort: str) -> JsonRows:
    """The overdue rows of every file on `as_of`, ordered as `--sort` asks."""
    picked = []
    unreadable = []
    undated = unknown = 0
    for file, (plan_id, errors, first, _, rows, (plan_undated, plan_unknown)) in zip(files, entries):
        undated += plan_undated
        unknown += plan_unknown
        if first is not None:
            # The cached finding carries the name the file had when it was built.
            unreadable.append(Unreadable(file, plan_id or None, errors, first._replace(file=file)))
        file_json = dump_json(file)
        for status, recurs, next_due_, line, col, owner, head, middle, before_file, tail in rows:
            state, due, days = classify(status, recurs, next_due_, as_of)
            if state == "overdue" and due is not None:
                key = sort_key(sort, days, due, plan_id, line, col, owner)
                picked.append((key, head, f'"{due.isoformat()}"{middle}{days}{before_file}{file_json}{tail}'))
    picked.sort(key=lambda item: item[0])
    return JsonRows([(head, rest) for _, head, rest in picked], as_of,
                    tuple(sorted(unreadable, key=lambda u: u.file)), (undated, unknown))
