"""Output of `summary`: Markdown for a Board pack (cut to a byte budget), text for a terminal, and JSON.

Both texts say the same things in the same order (docs/summary.md): the window in words, the plan
files that could not be read, the totals against --since, every overdue action by plan and group,
what changed, what falls due, and, last, which version of the plans was read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import TextIO

from actiontrack.model import month_text
from actiontrack.query.progress import NO_AGENCY, NO_THEME
from actiontrack.query.states import STATES
from actiontrack.query.summary import Summary
from actiontrack.render.cells import cell_text, md, plain
from actiontrack.render.jsonout import write_json
from actiontrack.render.page import write_lines
from actiontrack.render.review import DEFAULT_MAX_BYTES, Esc, cut_markdown
from actiontrack.wording import count, date_range, format_days, long_date

Row = dict[str, object]


def render_summary(report: Summary, fmt: str, out: TextIO, *, color: bool = False,
                   max_bytes: int = DEFAULT_MAX_BYTES, terminal: bool = False, width: int | None = None) -> None:
    """Write the weekly summary as `markdown`, `json` or `text` (docs/summary.md); text as diff's, fitted
    to a terminal's width (or `width`)."""
    if fmt == "json":
        write_json(report.to_json(), out)
    elif fmt == "markdown":
        head = summary_head(report)
        out.write(cut_markdown(head + summary_lists(report), max_bytes, "actiontrack summary --format json",
                               keep=len(head), foot=["", "---", "", basis_line(report)]))
    else:
        write_lines(summary_text(report), out, terminal=terminal, color=color, width=width)


def window_line(r: Summary) -> str:
    """The window the changes come from, in words: `Changes from 14 to 20 November 2026.`"""
    first = r.since + timedelta(days=1)
    if r.since == r.as_of:
        return f"No changes are looked for: --since is --as-of ({long_date(r.as_of)})."
    if first == r.as_of:
        return f"Changes on {long_date(r.as_of)}."
    return f"Changes from {date_range(first, r.as_of)}."


def no_plans_line(r: Summary) -> str:
    """What a report with no plan in it says, rather than a table of noughts."""
    if r.unreadable:
        return "No plan could be read: every count below is nought."
    return f"No plan had been agreed by {long_date(r.as_of)}: every count below is nought."


def basis_line(r: Summary) -> str:
    """Which version of the plans the report read, in plain words (the report's last line)."""
    b = r.basis
    if not b.git:
        now = f"Read from the plan files as they are ({b.reason})"
    elif b.no_commit_by_as_of:
        now = (f"Nothing was committed on or before {long_date(r.as_of)}: read from the plan files as they are now, "
               "as their record stood that day")
    elif b.now is None:
        now = "Read from the plan files as they are now in the working tree, uncommitted changes included"
    else:
        now = f"Read from commit {b.now[:12]} of {_spoken(b.now_date)}, the last on or before {long_date(r.as_of)}"
    if b.then is not None:
        return f"{now}; compared with commit {b.then[:12]} of {_spoken(b.then_date)}."
    if b.git and not b.no_commit_by_as_of:
        return (f"{now}; nothing was committed on or before {long_date(r.since)}, so the plans then are read from "
                "their own record as it stood that day.")
    return f"{now}; the plans on {long_date(r.since)} are read from their own record as it stood that day."


def _spoken(iso: str | None) -> str:
    return long_date(date.fromisoformat(iso)) if iso else "an unknown date"


def unreadable_lines(r: Summary, esc: Esc) -> list[str]:
    """One line per plan file the report could not read in full (none when it read them all)."""
    out = []
    for u in r.unreadable:
        how = "read in part" if u.plan is not None else "not read"
        first = u.first_error
        out.append(f"{esc(u.file)}: {how}, {count(u.errors, 'error')}; the first, line {first.line}: {first.code} "
                   f"{esc(first.message)}. Run actiontrack validate {esc(u.file)} to see every problem.")
    return out


def _cell(now: Mapping[str, int], then: Mapping[str, int] | None, state: str) -> str:
    """A count, with its change since then when there is one: `3 (+2)`."""
    n = now[state]
    return str(n) if then is None or then[state] == n else f"{n} ({n - then[state]:+d})"


def _cells(now: object, then: object) -> list[str]:
    return [_cell(now, then, s) for s in STATES]  # type: ignore[arg-type]


def _new(then: object, since: date) -> str:
    return f" (not agreed by {long_date(since)})" if then is None else ""


def summary_head(r: Summary) -> list[str]:
    """The heading, the window, the unreadable files and the totals tables: never cut, whatever the budget."""
    lines = [f"## Action plans: status on {r.as_of.isoformat()}", "", window_line(r)]
    if not r.plans:
        lines += ["", no_plans_line(r)]
    if r.unreadable:
        lines += ["", f"### Plan files that could not be read ({len(r.unreadable)})", "",
                  "The totals and lists below leave out what these files hold.", ""]
        lines += ["- " + line for line in unreadable_lines(r, md)]
    lines += ["", "### Totals", "",
              f"Each count is the number on {long_date(r.as_of)}; in brackets, its change since "
              f"{long_date(r.since)}.", "",
              "| plan | " + " | ".join(STATES) + " |", "|---|" + "---:|" * len(STATES),
              "| **all plans** | " + " | ".join(_cells(r.totals, r.totals_since)) + " |"]
    lines += [f"| {md(p['id'])}: {md(p['title'])}{_new(p['totals_since'], r.since)} | "
              + " | ".join(_cells(p["totals"], p["totals_since"])) + " |" for p in r.plans]
    lines += ["", progress_line(r)]
    if r.groups:
        lines += ["", "### By group", "", "| plan | group | " + " | ".join(STATES) + " |",
                  "|---|---|" + "---:|" * len(STATES)]
        lines += [f"| {md(g['plan'])} | {md(g['title'])} | " + " | ".join(_cells(g["totals"], g["totals_since"])) + " |"
                  for g in r.groups]
    for heading, key, across in _across(r):
        lines += ["", f"### {heading}", "", f"| {key} | " + " | ".join(STATES) + " |", "|---|" + "---:|" * len(STATES)]
        lines += [f"| {md(row[key])} | " + " | ".join(_cells(row["totals"], None)) + " |" for row in across]
    return lines


def progress_line(r: Summary) -> str:
    """Recommendations done, as Boards count them, and actions completed after their due date."""
    recs = r.recommendations
    return (f"Recommendations: {recs['done']} of {recs['total']} done. "
            f"Completed late: {count(r.completed_late, 'action')}.")


def _across(r: Summary) -> list[tuple[str, str, list[Row]]]:
    """The totals by agency and by theme across plans, each only when some action has one."""
    return [(title, key, rows) for title, key, rows in (("By agency, all plans", "agency", r.agencies),
                                                        ("By theme, all plans", "theme", r.themes))
            if any(row[key] not in (NO_AGENCY, NO_THEME) for row in rows)]


def summary_lists(r: Summary) -> list[str]:
    """The escalations, every overdue action by plan and group, then the change lists; list items are
    what a cut leaves out."""
    from actiontrack.render.governance import summary_escalations

    lines = [*summary_escalations(r.escalations, md), "", f"### Overdue ({len(r.overdue)})"]
    for heading, groups in _overdue_groups(r):
        lines += ["", f"#### {md(heading)}"]
        for title, rows in groups:
            lines += ["", f"**{md(title)}**"] if title is not None else []
            lines += [""] + ["- " + _overdue_item(row, md) for row in rows]
    if not r.overdue:
        lines += ["", "None."]
    for title, rows, line in _sections(r, md, "→"):
        lines += ["", f"### {title} ({len(rows)})", ""]
        lines += ["- " + line(row) for row in rows] or ["None."]
    return lines


def summary_text(r: Summary) -> list[tuple[str, str | None]]:
    """(line, tone) pairs: the summary for a terminal."""
    def counts(now: object, then: object) -> str:
        return ", ".join(f"{s} {n}" for s, n in zip(STATES, _cells(now, then)))

    out: list[tuple[str, str | None]] = [(f"Status on {r.as_of.isoformat()}", "heading"), (window_line(r), None)]
    if not r.plans:
        out.append((no_plans_line(r), "problem"))
    if r.unreadable:
        out += [("", None), (f"Plan files that could not be read ({len(r.unreadable)}): the totals and lists "
                             "leave out what they hold", "problem")]
        out += [("  " + line, "problem") for line in unreadable_lines(r, plain)]
    out += [("", None), (f"Totals on {long_date(r.as_of)} (change since {long_date(r.since)}): "
                         f"{counts(r.totals, r.totals_since)}", "heading")]
    out += [(f"  {plain(p['id'])}{_new(p['totals_since'], r.since)}: {counts(p['totals'], p['totals_since'])}", None)
            for p in r.plans]
    out += [(f"  {plain(g['plan'])} / {plain(g['title'])}: {counts(g['totals'], g['totals_since'])}", None)
            for g in r.groups]
    out += [(progress_line(r), None)]
    for heading, key, across in _across(r):
        out += [(f"{heading}:", "heading")]
        out += [(f"  {plain(row[key])}: {counts(row['totals'], None)}", None) for row in across]
    from actiontrack.render.governance import summary_escalations

    out += [(line, "heading" if line.startswith("Escalations") else None)
            for line in summary_escalations(r.escalations, plain, text=True)]
    out += [("", None), (f"Overdue ({len(r.overdue)})", "heading")]
    for heading, groups in _overdue_groups(r):
        out.append((f"  {plain(heading)}", None))
        for title, rows in groups:
            out += [(f"    {plain(title)}", None)] if title is not None else []
            indent = "      " if title is not None else "    "
            out += [(indent + _overdue_item(row, plain), "overdue") for row in rows]
    if not r.overdue:
        out.append(("  none", None))
    for title, rows, line in _sections(r, plain, "->"):
        out += [("", None), (f"{title} ({len(rows)})", "heading")]
        out += [("  " + line(row), None) for row in rows] or [("  none", None)]
    out += [("", None), (basis_line(r), None)]
    return out


def _overdue_groups(r: Summary) -> list[tuple[str, list[tuple[str | None, list[Row]]]]]:
    """The overdue rows as (plan heading, [(group title, rows)]), in the report's order.

    A plan without groups has one untitled group; in a plan with groups, recommendations outside
    every group come last, under "Other recommendations".
    """
    titles = {p["id"]: p["title"] for p in r.plans}
    group_titles = {(g["plan"], g["group"]): str(g["title"]) for g in r.groups}
    grouped = {g["plan"] for g in r.groups}
    out: list[tuple[object, str, list[tuple[object, str | None, list[Row]]]]] = []
    for row in r.overdue:
        plan = row["plan"]
        if not out or out[-1][0] != plan:
            out.append((plan, f"{plan}: {titles[plan]}", []))
        groups = out[-1][2]
        if not groups or groups[-1][0] != row["group"]:
            title = group_titles.get((plan, row["group"]), "Other recommendations") if plan in grouped else None
            groups.append((row["group"], title, []))
        groups[-1][2].append(row)
    return [(heading, [(title, rows) for _, title, rows in groups]) for _, heading, groups in out]


def _overdue_item(row: Row, esc: Esc) -> str:
    newly = ", newly overdue" if row["newly_overdue"] else ""
    return (f"action {esc(row['action'])}, due {cell_text(row['due'])}, "
            f"{count(row['days_overdue'], 'day')} overdue{_rated(row)}{newly}: {esc(row['text'])}"  # type: ignore[arg-type]
            f"{_who(row, esc)}")


def _rated(row: Row) -> str:
    """The owner's rating beside the computed state: ` (rated green)`."""
    return f" (rated {row['rag']})" if row.get("rag") else ""


def _day(value: object) -> str:
    """A date of the report: `2026-11-20`, or `Mar 2026` for a note dated by month ("2026-03")."""
    if isinstance(value, str) and len(value) == 7 and value[4] == "-":
        return month_text(date(int(value[:4]), int(value[5:]), 1))
    return cell_text(value)


def _who(row: Row, esc: Esc) -> str:
    return f" ({esc('; '.join(row['owners']))})" if row["owners"] else ""  # type: ignore[arg-type]


def _sections(r: Summary, esc: Esc, arrow: str) -> list[tuple[str, list[Row], Callable[[Row], str]]]:
    def act(row: Row) -> str:
        return f"{esc(row['plan'])} action {esc(row['action'])}"

    def overdue(row: Row) -> str:
        return (f"{act(row)}, due {cell_text(row['due'])}, {count(row['days_overdue'], 'day')} overdue"  # type: ignore[arg-type]
                f"{_rated(row)}: {esc(row['text'])}{_who(row, esc)}")

    def completed(row: Row) -> str:
        when = f" on {cell_text(row['date'])}" if row["date"] else ""
        late = f", {count(row['late_days'], 'day')} late" if row.get("late_days") else ""  # type: ignore[arg-type]
        return f"{act(row)} {row['status']}{when}{late}: {esc(row['text'])}{_who(row, esc)}"

    def note(row: Row) -> str:
        status = f" ({esc(row['status'])})" if row["status"] else ""
        by = f", {esc(row['by'])}" if row["by"] else ""  # the source does not always say who
        return f"{_day(row['date'])} {act(row)}{by}{status}: {esc(row['text'])}"

    def soon(row: Row) -> str:
        return (f"{act(row)}, due {cell_text(row['due'])} (in {count(row['days'], 'day')}): "  # type: ignore[arg-type]
                f"{esc(row['text'])}{_who(row, esc)}")

    def moved(row: Row) -> str:
        days = f" ({format_days(row['days'])})" if row["days"] is not None else ""  # type: ignore[arg-type]
        before = cell_text(row["before"]) or "none"
        after = cell_text(row["after"]) or "none"
        return f"{act(row)}: {before} {arrow} {after}{days}: {esc(row['text'])}{_who(row, esc)}"

    return [("Newly overdue", r.newly_overdue, overdue), ("Completed", r.completed, completed),
            ("Notes recorded", r.notes, note), ("Due dates moved", r.rescheduled, moved),
            ("Due in the next 14 days", r.due_soon, soon)]
