"""Every terminal output at 60 to 200 columns, through the real rich console, on the bundled plans.

At every width: no word of plan text is broken; no column is narrower than its heading; every id,
date and count is whole on one line; an essential column that does not fit is on a line under each
row (`Due: ...`), and the other columns left out are named in the footer; no line is wider than
the width. (The rule itself is render/layout.py; docs/reading.md states it.)
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache

import pytest
from rich.cells import cell_len

from actiontrack.load.loader import Loader
from actiontrack.model import Plan
from actiontrack.query import listings
from actiontrack.query import states as query
from actiontrack.query.diff import DiffResult, compare, side_of
from actiontrack.query.summary import Basis, build_summary
from actiontrack.query.table import UNBROKEN, Column, Parts, Section, Table
from actiontrack.render.cells import cell_text
from actiontrack.render.review import diff_text, render_diff
from actiontrack.render.summary import render_summary, summary_text
from actiontrack.render.tables import render_document, render_table

from support import SEED_PLANS, load_plans

WIDTHS = (60, 80, 100, 120, 160, 200)
ON = date(2012, 11, 15)
THURROCK = SEED_PLANS / "thurrock-ofsted-2012.yaml"


@cache
def plans() -> tuple[Plan, ...]:
    return tuple(load_plans([SEED_PLANS], positions=False)[0])


def plan(plan_id: str) -> Plan:
    return next(p for p in plans() if p.id == plan_id)


def listing(name: str) -> Table | list[Section]:
    """The value each reading command renders, on the bundled plans."""
    if name == "overdue":
        return listings.overdue_table(query.overdue(plans(), ON), ON)
    if name == "due":
        start, until = date(2012, 10, 20), date(2012, 11, 17)
        return listings.due_table(query.due_within(plans(), start, until), start, until)
    if name == "list":
        return listings.list_table(list(plans()), ON)
    chosen = plan("thurrock-ofsted-2012" if name == "show" else "herefordshire-scr-me-2002")
    return listings.show_sections(chosen, query.states([chosen], ON), ON)


def fitted(value: Table | list[Section], width: int) -> str:
    out = io.StringIO()
    if isinstance(value, Table):
        render_table(value, "table", out, width=width)
    else:
        render_document(value, "table", out, width=width)
    return out.getvalue()


def tables_of(value: Table | list[Section]) -> list[Table]:
    return [value] if isinstance(value, Table) else [s.table for s in value if s.table is not None]


def parts(value: object) -> tuple[str, ...]:
    return tuple(cell_text(i) for i in value.items) if isinstance(value, Parts) else (cell_text(value),)


def words_of(value: Table | list[Section]) -> set[str]:
    """Every whole word the output may contain: the plan text, headings and counts, and the table's headers."""
    texts: list[str] = []
    for table in tables_of(value):
        texts += [table.title or "", table.count_line or "", table.empty or "", *table.headings.values()]
        texts += [c.title for c in table.columns] + [f"{c.title}:" for c in table.columns]  # a folded column's label
        texts += [p for row in table.rows for v in row.values() for p in (*parts(v), cell_text(v))]
    if not isinstance(value, Table):
        texts += [s.heading or "" for s in value] + [line for s in value for line in s.lines]
    return {w for t in texts for w in t.split()}


def split_footer(out: str, width: int) -> tuple[list[str], str]:
    """The output's lines before the left-out footer, and that footer as one line ("" when none)."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"Not shown, to fit {width} columns: "):
            return lines[:i], " ".join(lines[i:])
    return lines, ""


def header_lines(lines: list[str]) -> Iterator[str]:
    """The column headers: each line drawn right above a rule."""
    for above, line in itertools.pairwise(lines):
        if line and set(line) == {"─"}:
            yield above


def shown(columns: Iterable[Column], header: str) -> list[Column]:
    """The columns a header line names, whole and in order, each at least two spaces from the next."""
    picked, at = [], 0
    for column in columns:
        found = re.compile(rf"(^|  ){re.escape(column.title)}(  |$)").search(header, at)
        if found:
            picked.append(column)
            at = found.end() - 2 if found.group(2) else found.end()
    return picked


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["overdue", "due", "show", "show-groups", "list"])
def test_listings_fit_every_width(name: str, width: int) -> None:
    value = listing(name)
    out = fitted(value, width)
    lines, footer = split_footer(out, width)

    # Nothing wider than the width.
    assert max(cell_len(line) for line in out.splitlines()) <= width

    # No word broken: every word printed is a whole word of the plan text, a heading or a header.
    allowed = words_of(value)
    broken = {w for line in lines if set(line) != {"─"} for w in line.split() if w not in allowed}
    assert broken == set()

    # No column narrower than its header: each header whole, two spaces from the next; what a
    # header leaves out is under each row when essential, else named in the footer, and nothing else is.
    headers = list(header_lines(lines))
    assert headers
    tables = tables_of(value)
    dropped_any = False
    flowing = " ".join(" ".join(lines).split())  # the output's words in order: a wrapped item reads on
    for table in {t.columns: t for t in tables}.values():
        columns = [c for c in table.columns if c.key != table.group]
        heads = [h for h in headers if shown(columns, h) and shown(columns, h)[0] == columns[0]]
        assert heads, [c.title for c in columns]
        visible = shown(columns, heads[0])
        assert {tuple(shown(columns, h)) for h in heads} == {tuple(visible)}  # one layout per set of columns
        left_out = [c.title for c in columns if c not in visible and not c.essential]
        folded = [c for c in columns if c not in visible and c.essential]
        dropped_any = dropped_any or bool(left_out)
        if left_out:
            assert f"columns: {', '.join(left_out)} (--wide or --width " in footer
        assert not any(f" {c.title}," in footer or f" {c.title} (" in footer for c in folded)
        # Every id, date, count and status word of a shown or folded column: whole, on one line;
        # a folded one's value after its label, on a row's own lines.
        for row in table.rows:
            for column in (*visible, *folded):
                if column.kind in UNBROKEN:
                    for part in parts(row.get(column.key)):
                        assert any(part in line for line in lines), (column.title, part)
            for column in folded:
                value = row.get(column.key)
                if any(parts(value)):
                    sep = value.sep if isinstance(value, Parts) else ""
                    item = " ".join(f"{column.title}: {sep.join(parts(value))}".split())
                    assert item in flowing, item
    if not dropped_any:
        assert footer == ""

    # Grouped rows: each plan's heading is printed whole (wrapped at words).
    for table in tables:
        for heading in table.headings.values():
            assert " ".join(heading.split()) in " ".join(" ".join(lines).split())


def test_the_narrowest_tables_keep_their_most_important_columns() -> None:
    """At 80 columns `list` keeps the plan's title, `overdue` what, how late and for whom."""
    lines = fitted(listing("list"), 80).splitlines()
    assert re.split(r" {2,}", next(header_lines(lines)))[:2] == ["Plan", "Title"]
    overdue_header = next(header_lines(fitted(listing("overdue"), 80).splitlines()))
    assert re.split(r" {2,}", overdue_header) == ["Action", "Owners", "Days overdue", "Action text"]


# ---------------------------------------------------------------- diff and summary


def diff_of_thurrock() -> DiffResult:
    """The review's example: a note added, an action completed and one deleted, a due date moved, a note edited."""
    base = THURROCK.read_bytes()
    head = base.replace(b"        timescale: \"Report to SMT 27.10.12\"\n        status: in-progress\n        notes:\n"
                        b"          - date: 2012-10-19\n            by: Thurrock Council\n            text: Plan Established\n"
                        b"            status: in-progress\n",
                        b"        timescale: \"Report to SMT 27.10.12\"\n        status: in-progress\n        notes:\n"
                        b"          - date: 2012-10-19\n            by: Thurrock Council\n            text: Plan Established\n"
                        b"            status: in-progress\n          - date: 2012-11-05\n            by: Thurrock Council\n"
                        b"            text: First monthly report made to SMT, with the audit of information-sharing "
                        b"agreements between the Initial Response Team and multi-agency groups\n", 1)
    head = head.replace(b"text: Report to LSCB ON 5.12.12 & SCCN on 3.12.12", b"text: Report to LSCB on 5.12.12")
    head = head.replace(b"        timescale: \"By 27.10.12\"\n", b"        timescale: \"By 27.10.12\"\n        due: 2012-12-31\n", 1)
    name = "plans/thurrock-ofsted-2012.yaml"
    changes, problems = compare(side_of(Loader().load([(name, base)])), side_of(Loader().load([(name, head)])))
    assert changes and problems
    return DiffResult("d74e59c4a1e3" + "0" * 28, "WORKTREE", tuple(changes), tuple(problems))


def summary_of_plans() -> object:
    now = plans()
    return build_summary(now, {p.id: p for p in now}, ON, date(2012, 10, 1),
                         Basis(git=False, reason="not a git repository"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["diff", "summary"])
def test_report_text_fits_every_width(name: str, width: int) -> None:
    out = io.StringIO()
    if name == "diff":
        result = diff_of_thurrock()
        render_diff(result, "text", out, width=width)
        source = diff_text(result)
    else:
        report = summary_of_plans()
        render_summary(report, "text", out, width=width)  # type: ignore[arg-type]
        source = summary_text(report)  # type: ignore[arg-type]
    text = out.getvalue()
    assert max(cell_len(line) for line in text.splitlines()) <= width
    # Only wrapped: the same words in the same order, none split, so every id and date is whole.
    assert text.split() == [w for line, _ in source for w in line.split()]
    # Each item keeps its indent; its continuation lines hang two spaces deeper (four under an unindented line).
    printed = iter(text.splitlines())
    for line, _ in source:
        indent, want = len(line) - len(line.lstrip(" ")), line.split()
        first = next(printed)
        got = first.split()
        assert len(first) - len(first.lstrip(" ")) == (indent if want else 0)
        while len(got) < len(want):
            more = next(printed)
            assert len(more) - len(more.lstrip(" ")) == indent + (2 if indent else 4)
            got += more.split()
        assert got == want
    assert next(printed, None) is None
