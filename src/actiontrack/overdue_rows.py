"""Overdue rows rendered once per plan content and cached: the warm path of `overdue --format json`."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from actiontrack.cache import PARALLEL_MIN_FILES, Cache, code_salt, digest_of, load_blobs, read_entry, read_named, write_entry
from actiontrack.errors import ERROR
from actiontrack.load import LoadResult
from actiontrack.query import ActionState, Filters, classify, next_due, owner_label, sort_key
from actiontrack.render import Table, dump_json, dump_row, write_json_rows
from actiontrack.views import overdue_table, overdue_view

# Stand-ins for the three values a cached row cannot know: they depend on the as-of date and on
# the name the file is reached by. Each is cut out of the rendered row as a whole JSON token: a
# raw NUL (the due date's) never occurs in JSON text, and a quoted string token can only be that
# exact string, since quotes inside plan text are always escaped.
_DUE, _DAYS, _FILE = "\x00due\x00", "\x00days\x00", "\x00file\x00"


class _Due(date):
    """A date that renders as the due-date stand-in."""

    def isoformat(self) -> str:  # type: ignore[override]
        return _DUE


# One action of one plan, ready to classify and print: a plain tuple, because 50,000 of them
# unpickle in C where NamedTuples would each call back into Python.
# (status, recurs, next_due, line, col, first owner for --sort owner, head, middle, before_file, tail)
Row = tuple[str, "str | None", "date | None", int, int, str, str, str, str, str]


def overdue_report(paths: list[Path], as_of: date, filters: Filters, sort: str, fmt: str, cache: Cache | None,
                   out: TextIO) -> tuple[Table | None, list[str], bool]:
    """`overdue`: (the table to render, or None when already written; files with errors; anything overdue).

    `--format json` with no filters, the scripts' and CI's call, is written from the cached rows;
    everything else goes through the general path (views.overdue_view).
    """
    if fmt == "json" and cache is not None and filters == Filters():
        skipped, found = write_overdue_json(paths, as_of, sort, cache, out)
        return None, skipped, found
    table, skipped = overdue_view(paths, as_of, filters, sort, cache)
    return table, skipped, bool(table.rows)


def write_overdue_json(paths: list[Path], as_of: date, sort: str, cache: Cache,
                       out: TextIO) -> tuple[list[str], bool]:
    """`overdue --format json` without filters, byte-identical to the general path.

    Returns the files whose errors may hide actions (as `views.read_plans` does) and whether
    anything was overdue.
    """
    from actiontrack.load import find_plan_files

    named = read_named(find_plan_files(paths))
    entries = _entries(named, cache)
    picked = []
    skipped = []
    for (file, _), entry in zip(named, entries):
        plan_id, has_errors, rows = entry
        if has_errors:
            skipped.append(file)
        file_json = dump_json(file)
        for status, recurs, next_due_, line, col, owner, head, middle, before_file, tail in rows:
            state, due, days = classify(status, recurs, next_due_, as_of)
            if state == "overdue":
                key = sort_key(sort, days, due, plan_id, line, col, owner)
                picked.append((key, head, f'"{due.isoformat()}"{middle}{days}{before_file}{file_json}{tail}'))
    picked.sort(key=lambda item: item[0])
    write_json_rows((head + rest for _, head, rest in picked), out)
    return sorted(skipped), bool(picked)


def _entries(named: Sequence[tuple[str, bytes | OSError]], cache: Cache) -> list[tuple[str, bool, list[Row]]]:
    """Each file's (plan id, has errors, rows), from the row cache or built now."""
    # Rows are rendered by the views and the JSON writer: a change to either invalidates them.
    salt = cache.salt + code_salt("overdue_rows.py", "views.py", "render.py", "query.py")
    digests = [digest_of(data) if isinstance(data, bytes) else None for _, data in named]
    entries = [_lookup(cache, salt, d) if d else None for d in digests]
    missing = [i for i, e in enumerate(entries) if e is None]
    if len(missing) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1:
        _fill_in_parallel(cache, salt, [(named[i], digests[i]) for i in missing if digests[i]])
        entries = [e if e is not None else (_lookup(cache, salt, d) if d else None) for e, d in zip(entries, digests)]
        missing = [i for i, e in enumerate(entries) if e is None]
    for i, result in zip(missing, load_blobs([named[i] for i in missing], cache)):
        entry = _build(result)
        entries[i] = entry
        if digests[i]:
            _store(cache, salt, digests[i], entry)  # type: ignore[arg-type]
    return entries  # type: ignore[return-value]


def _build(result: LoadResult) -> tuple[str, bool, list[Row]]:
    has_errors = any(f.severity == ERROR for f in result.findings)
    plan = result.plan
    if plan is None:
        return ("", has_errors, [])
    stand_in = dataclasses.replace(plan, file=_FILE)
    pairs = stand_in.actions()
    states = [ActionState(stand_in, rec, act, "overdue", _Due(2000, 1, 1), _DAYS)  # type: ignore[arg-type]
              for rec, act in pairs]
    table = overdue_table(states, date.min)  # one table per plan: the same rows render_table writes
    keys = table.data_keys()
    rows = []
    for (_, act), row in zip(pairs, table.rows):
        text = dump_row({k: row.get(k) for k in keys})
        # Cut at the three stand-ins (whole JSON tokens, see above).
        head, rest = text.split(f'"{_DUE}"')
        middle, rest = rest.split(dump_json(_DAYS))
        before_file, tail = rest.split(dump_json(_FILE))
        rows.append((act.status, act.recurs, next_due(stand_in, act), act.line, act.col,
                     owner_label(plan, act.owners[0]).casefold() if act.owners else "",
                     head, middle, before_file, tail))
    return (plan.id, has_errors, rows)


def _lookup(cache: Cache, salt: str, digest: str) -> tuple[str, bool, list[Row]] | None:
    entry = read_entry(cache, f"{digest}.rows.pickle", (salt, digest))
    return entry if isinstance(entry, tuple) else None


def _store(cache: Cache, salt: str, digest: str, entry: tuple[str, bool, list[Row]]) -> None:
    write_entry(cache, f"{digest}.rows.pickle", (salt, digest), entry)


def _fill_one(args: tuple[Cache, str, tuple[str, bytes], str]) -> None:
    cache, salt, named, digest = args
    result = next(load_blobs([named], cache))  # parses, or reads the parse cache, and stores it
    _store(cache, salt, digest, _build(result))


def _fill_in_parallel(cache: Cache, salt: str, work: list[tuple[tuple[str, bytes | OSError], str | None]]) -> None:
    """Parse and render cold plans on every core; the caller reads the entries back."""
    import multiprocessing
    import sys
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    try:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 8), mp_context=context) as pool:
            list(pool.map(_fill_one, [(cache, salt, named, d) for named, d in work], chunksize=16))
    except Exception:
        return  # no worker processes here: the caller builds what is still missing
