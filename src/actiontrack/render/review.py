"""Output of `diff` and `summary`: rich text, Markdown cut to a byte budget, and JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from actiontrack.model import WORKTREE
from actiontrack.query.diff import PROBLEM_KINDS, Change, DiffResult, Problem
from actiontrack.render.cells import md, plain
from actiontrack.render.changes import describe, details
from actiontrack.render.jsonout import write_json
from actiontrack.render.page import write_lines
from actiontrack.wording import count, plural

# $GITHUB_STEP_SUMMARY refuses more than 1 MiB per step; stay under it with room for a heading.
DEFAULT_MAX_BYTES = 1_000_000

Esc = Callable[[object], str]


def rev_label(rev: str) -> str:
    """A revision as people read it: a short commit id, or the working tree."""
    return "working tree" if rev == WORKTREE else rev[:12]


# ---------------------------------------------------------------- diff


def render_diff(result: DiffResult, fmt: str, out: TextIO, *, color: bool = False,
                max_bytes: int = DEFAULT_MAX_BYTES, terminal: bool = False, width: int | None = None) -> None:
    """Write a diff as `text`, `markdown` or `json` (docs/review.md).

    Text fits a terminal's width (or `width`): each line wrapped at word boundaries under its indent.
    """
    if fmt == "json":
        write_json(result.to_json(), out)
    elif fmt == "markdown":
        out.write(cut_markdown(diff_markdown(result), max_bytes, "actiontrack diff --format json"))
    else:
        write_lines(diff_text(result), out, terminal=terminal, color=color, width=width)


def count_line(result: DiffResult) -> str:
    """`3 problems and 4 changes in 1 plan`, or that nothing changed."""
    plans = {c.plan for c in result.changes} | {p.plan for p in result.problems}
    if not plans:
        return "no changes to the plans"
    parts = [count(len(result.problems), "problem")] if result.problems else []
    parts.append(count(len(result.changes), "change"))
    return f"{' and '.join(parts)} in {count(len(plans), 'plan')}"


def by_severity(problems: Iterable[Problem]) -> list[Problem]:
    """Most serious first; within a kind, the JSON order (plan, then file order)."""
    return sorted(problems, key=lambda p: PROBLEM_KINDS.index(p.kind))


def diff_text(result: DiffResult) -> list[tuple[str, str | None]]:
    """(line, style) pairs: a count line, then per plan its problems and changes, details indented."""
    lines: list[tuple[str, str | None]] = [
        (f"{rev_label(result.base)} -> {rev_label(result.head)}: {count_line(result)}", "heading")]
    for plan in sorted({c.plan for c in result.changes} | {p.plan for p in result.problems}):
        lines.append(("", None))
        lines.append((plain(plan), "heading"))
        lines += change_lines([p for p in result.problems if p.plan == plan],
                              [c for c in result.changes if c.plan == plan], plain, "->", "  ", "      ")
    return lines


def change_lines(problems: Sequence[Problem], changes: Sequence[Change], esc: Esc, arrow: str, indent: str,
                 detail: str) -> list[tuple[str, str | None]]:
    """Problems (most serious first, marked `!`) then changes, each followed by its detail lines."""
    lines: list[tuple[str, str | None]] = []
    for p in by_severity(problems):
        lines.append((f"{indent}! {p.kind}: {esc(p.message)}", "problem"))
        lines += [(detail + esc(d), "problem") for d in p.details]
    for c in changes:
        lines.append((indent + describe(c, esc, arrow), None))
        lines += [(detail + d, None) for d in details(c, esc, arrow)]
    return lines


def diff_markdown(result: DiffResult) -> list[str]:
    """Markdown lines: heading, count, problems (most serious first), changes by plan; details nested."""
    lines = [f"## Plan changes: `{rev_label(result.base)}` → {_md_rev(result.head)}", "",
             f"{count_line(result)[0].upper()}{count_line(result)[1:]}."]
    if result.problems:
        lines += ["", f"### Problems ({len(result.problems)})", ""]
        for p in by_severity(result.problems):
            lines.append(f"- **{p.kind}** in {md(p.plan)}: {md(p.message)}")
            lines += [f"  - {md(d)}" for d in p.details]
    if result.changes:
        lines += ["", f"### Changes ({len(result.changes)})"]
        for plan in sorted({c.plan for c in result.changes}):
            lines += ["", f"#### {md(plan)}", ""]
            for c in result.changes:
                if c.plan == plan:
                    lines.append("- " + describe(c, md, "→"))
                    lines += [f"  - {d}" for d in details(c, md, "→")]
    return lines


def _md_rev(rev: str) -> str:
    return "working tree" if rev == WORKTREE else f"`{rev[:12]}`"


# ---------------------------------------------------------------- Markdown budget


def cut_markdown(lines: list[str], max_bytes: int, see_all: str, keep: int = 3, foot: Sequence[str] = ()) -> str:
    """Join lines, cutting on a line boundary so the whole stays within `max_bytes` (UTF-8).

    The first `keep` lines (the heading and count; the summary's totals tables) are always kept,
    even when they alone are over the budget: a report without them says nothing; so are the
    `foot` lines after everything (the summary's note of what it read). Only the list items
    between are cut, each whole with the nested lines under it (an item's details are never cut
    in half), and the closing line says how many were left out and how to see them.
    """
    end = "".join(line + "\n" for line in foot)
    text = "\n".join(lines) + "\n"
    if len((text + end).encode("utf-8")) <= max_bytes:
        return text + end
    head, rest = lines[:keep], lines[keep:]
    blocks: list[list[str]] = []
    for line in rest:
        if line.startswith("  ") and blocks and blocks[-1][0].startswith("- "):
            blocks[-1].append(line)  # a nested line belongs to the item above it
        else:
            blocks.append([line])
    items = sum(1 for block in blocks if block[0].startswith("- "))
    # Reserve room for the closing line (its count has at most as many digits as `items`) and the foot.
    tail = len(_cut_line(items, max_bytes, see_all).encode("utf-8")) + 2 + len(end.encode("utf-8"))
    kept = [list(head)]
    size = sum(len(line.encode("utf-8")) + 1 for line in head)
    for block in blocks:
        cost = sum(len(line.encode("utf-8")) + 1 for line in block)
        if size + cost + tail > max_bytes:
            break
        kept.append(block)
        size += cost
    while len(kept) > 1 and not kept[-1][0].startswith("- "):
        kept.pop()  # no heading or blank line left hanging above the cut
    flat = [line for block in kept for line in block]
    while flat and not flat[-1]:
        flat.pop()  # the kept part may end in a blank line; the closing line brings its own
    left = items - sum(1 for block in kept[1:] if block[0].startswith("- "))
    return "\n".join(flat) + "\n\n" + _cut_line(left, max_bytes, see_all) + "\n" + end


def _cut_line(left: int, max_bytes: int, see_all: str) -> str:
    return (f"_{left} more {plural(left, 'item')} left out to keep this report under {max_bytes:,} bytes: "
            f"run `{see_all}` to see them all._")
