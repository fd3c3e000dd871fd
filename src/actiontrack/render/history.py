"""Output of `history`: one plan's or action's timeline as text, or as JSON (docs/review.md)."""

from __future__ import annotations

from typing import TextIO

from actiontrack.model import WORKTREE
from actiontrack.query.history import History
from actiontrack.render.cells import plain
from actiontrack.render.changes import day
from actiontrack.render.jsonout import write_json
from actiontrack.render.page import write_lines
from actiontrack.render.review import change_lines
from actiontrack.wording import count, format_days, plural


def render_history(history: History, fmt: str, out: TextIO, *, color: bool = False, terminal: bool = False,
                   width: int | None = None) -> None:
    """Write a timeline as `text` or `json`; text as diff's (wrapped to a terminal's width)."""
    if fmt == "json":
        write_json(history.to_json(), out)
    else:
        write_lines(history_text(history), out, terminal=terminal, color=color, width=width)


def history_text(h: History) -> list[tuple[str, str | None]]:
    """(line, tone) pairs: what the timeline covers, the targets and moves, then each commit."""
    what = f"{plain(h.plan)}:{plain(h.action)}" if h.action else f"plan {plain(h.plan)}"
    commits = sum(1 for s in h.steps if s.commit != WORKTREE)
    pending = " and uncommitted changes" if any(s.commit == WORKTREE for s in h.steps) else ""
    lines: list[tuple[str, str | None]] = [
        (f"history of {what} in {plain(h.file)}: {count(commits, 'commit')}{pending}", "heading")]
    if h.action is not None:
        lines += [(line, None) for line in _targets(h)]
    else:
        silent = sum(1 for m in h.moves if m["explained"] is False)
        unexplained = f", {silent} without a ledger note" if silent else ""
        lines.append((f"{count(len(h.moves), 'due date')} moved{unexplained}", None))
    for step in h.steps:
        lines.append(("", None))
        when = "working tree (not committed)" if step.commit == WORKTREE else \
            f"{step.date} {step.commit[:12]} {plain(step.author or '')}"
        lines.append((when, "heading"))
        lines += change_lines(step.problems, step.changes, plain, "->", "  ", "      ")
    return lines


def _targets(h: History) -> list[str]:
    """The original target, the current one, and the moves between them, in words."""
    def target(t: dict[str, object] | None) -> str:
        if t is None:
            return "unknown"
        wording = f" ({plain(t['timescale'])})" if t.get("timescale") else ""
        return f"{day(t['due'])}{wording}"

    original = target(h.original)
    if h.original is not None and h.original.get("commit") not in (None, WORKTREE):
        original += f", set in commit {str(h.original['commit'])[:12]} of {h.original['date']}"
    lines = [f"original target: {original}"]
    current = f"current target: {target(h.current)}"
    first = h.original.get("due") if h.original else None
    now = h.current.get("due") if h.current else None
    if first is not None and now is not None and first != now:
        current += f", {format_days((now - first).days)} from the original"  # type: ignore[operator]
    lines.append(current)
    if h.moves:
        silent = sum(1 for m in h.moves if m["explained"] is False)
        who = sorted({plain(m["author"]) for m in h.moves if m["author"]}) or ["uncommitted changes"]
        lines.append(f"moved {len(h.moves)} {plural(len(h.moves), 'time')} by {', '.join(who)}"
                     + (f"; {silent} without a ledger note" if silent else ""))
    else:
        lines.append("never moved")
    return lines
