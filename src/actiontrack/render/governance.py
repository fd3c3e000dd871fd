"""Output of `escalations`, and the summary's Escalations section: text, Markdown and JSON."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from actiontrack.load.loader import unreadable_notice
from actiontrack.query.escalations import Escalation, Escalations, RuleResult
from actiontrack.render.cells import md, plain
from actiontrack.render.jsonout import write_json
from actiontrack.render.page import write_lines
from actiontrack.wording import count

Esc = Callable[[object], str]


def render_escalations(value: Escalations, fmt: str, out: TextIO, *, color: bool = False, terminal: bool = False,
                       width: int | None = None) -> None:
    """Write the escalations as `text`, `markdown` or `json` (docs/escalations.md); text as diff's."""
    if fmt == "json":
        write_json(value.to_json(), out)
    elif fmt == "markdown":
        out.write("\n".join(escalations_markdown(value)) + "\n")
    else:
        write_lines(escalations_text(value), out, terminal=terminal, color=color, width=width)


def count_line(results: Sequence[RuleResult]) -> str:
    """`12 escalations under 3 of 5 rules; 1 rule not checked`."""
    n = sum(len(r.items) for r in results)
    met = sum(1 for r in results if r.items)
    line = f"{count(n, 'escalation')} under {met} of {count(len(results), 'rule')}"
    unchecked = sum(1 for r in results if r.unchecked is not None)
    return line + (f"; {count(unchecked, 'rule')} not checked" if unchecked else "")


def rules_line(value: Escalations) -> str:
    """Where the rules came from."""
    if value.config is None:
        return "Built-in rules: the repository has no .actiontrack.toml (docs/escalations.md)."
    return f"Rules from {value.config}."


def rule_heading(result: RuleResult, esc: Esc) -> str:
    """`Overdue more than 90 days, to the Executive (12)`."""
    to = f", to {esc(result.rule.to)}" if result.rule.to else ""
    return f"{esc(result.rule.name)}{to} ({len(result.items)})"


def item_line(item: Escalation, esc: Esc) -> str:
    """`plan action 1.2: overdue 35 days (due 2012-10-27): text (owners)`."""
    who = f" ({esc(', '.join(item.owners))})" if item.owners else ""
    return f"{esc(item.plan)} action {esc(item.action)}: {item.reason}: {esc(item.text)}{who}"


def escalations_text(value: Escalations) -> list[tuple[str, str | None]]:
    """(line, tone) pairs for a terminal."""
    out: list[tuple[str, str | None]] = [
        (f"Escalations on {value.as_of.isoformat()}: {count_line(value.results)}", "heading"),
        (rules_line(value), None)]
    notice = unreadable_notice(value.unreadable)
    if notice:
        out += [("", None)] + [(line, "problem") for line in notice]
    out += result_lines(value.results, plain, "  ")
    return out


def result_lines(results: Sequence[RuleResult], esc: Esc, indent: str) -> list[tuple[str, str | None]]:
    """Each rule's heading and items (or why it was not checked), for text output."""
    out: list[tuple[str, str | None]] = []
    for result in results:
        out.append(("", None))
        if result.unchecked is not None:
            out.append((f"{esc(result.rule.name)}: not checked: {result.unchecked}", "problem"))
            continue
        out.append((rule_heading(result, esc), "heading"))
        out += [(indent + item_line(item, esc), None) for item in result.items] or [(indent + "none", None)]
    return out


def escalations_markdown(value: Escalations) -> list[str]:
    """Markdown lines: heading, count, where the rules came from, then each rule."""
    lines = [f"## Escalations on {value.as_of.isoformat()}", "",
             f"{count_line(value.results)[0].upper()}{count_line(value.results)[1:]}. {rules_line(value)}"]
    notice = unreadable_notice(value.unreadable)
    if notice:
        lines += [""] + [f"> {md(line.strip())}  " for line in notice]
    return lines + results_markdown(value.results, "###")


def results_markdown(results: Sequence[RuleResult], level: str) -> list[str]:
    """Each rule under its own heading, its items as list items (what a cut may leave out)."""
    lines: list[str] = []
    for result in results:
        if result.unchecked is not None:
            lines += ["", f"{level} {md(result.rule.name)}: not checked", "", f"Not checked: {result.unchecked}."]
            continue
        lines += ["", f"{level} {rule_heading(result, md)}", ""]
        lines += ["- " + item_line(item, md) for item in result.items] or ["None."]
    return lines


def summary_escalations(results: Sequence[RuleResult], esc: Esc, text: bool = False) -> list[str]:
    """The summary's Escalations section: one list item per escalation, each led by its rule.

    Markdown by default (`### Escalations (N)`, `- ` items); `text` gives the terminal form.
    """
    if not results:
        return []
    n = sum(len(r.items) for r in results)
    lines = ["", f"Escalations ({n})" if text else f"### Escalations ({n})", ""]
    if text:
        lines.pop()
    lead = "  " if text else "- "
    for result in results:
        to = f", to {esc(result.rule.to)}" if result.rule.to else ""
        name = esc(result.rule.name) if text else f"**{esc(result.rule.name)}**"
        if result.unchecked is not None:
            lines.append(f"{lead}{name}: not checked: {result.unchecked}")
        lines += [f"{lead}{name}{to}: {item_line(item, esc)}" for item in result.items]
    if not any(r.items or r.unchecked for r in results):
        lines.append("  none" if text else "None.")
    return lines
