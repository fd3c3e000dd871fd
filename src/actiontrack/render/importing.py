"""The import report: lines for people (on stderr) and the versioned JSON contract (docs/import.md)."""

from __future__ import annotations

from actiontrack.errors import Finding
from actiontrack.importing.report import ImportReport
from actiontrack.wording import count, one_line

REPORT_VERSION = 1


def report_lines(r: ImportReport, findings: list[Finding], plan_file: str, written: bool) -> list[str]:
    """The report as text: what was read, what was made, what was not understood, the warnings,
    and the file written (or, in a dry run, the file that was not)."""
    out = [f"read {one_line(r.file)}: header at {one_line(r.header)}, {count(r.rows, 'row')} below it",
           "columns: " + ", ".join(f"{c.label} {_quoted(c.header)}-> {c.key}" for c in r.columns),
           f"made {count(r.groups, 'group')}, {count(r.recommendations, 'recommendation')}, "
           f"{count(r.actions, 'action')}, {count(r.notes, 'note')}"]
    out += [f"  {one_line(fact)}" for fact in r.facts]
    if r.not_understood:
        out.append(f"not understood ({len(r.not_understood)}):")
        out += [f"  {one_line(x.where)}: {one_line(x.text)}" for x in r.not_understood]
    if r.unknown_timescales:
        out.append(f"timescales read as unknown ({len(r.unknown_timescales)}):")
        out += [f"  {one_line(t.where)} (action {one_line(t.action)}): '{one_line(t.timescale)}'"
                for t in r.unknown_timescales]
    out += [f.format() for f in findings]
    out.append(f"created {one_line(plan_file)}" if written else f"dry run: nothing written to {one_line(plan_file)}")
    return out


def _quoted(header: str) -> str:
    return f"'{one_line(header)}' " if header else ""


def report_json(r: ImportReport, findings: list[Finding], plan_file: str, written: bool,
                text: str | None) -> dict[str, object]:
    """The `import --format json` document (version 1); `text` is the plan's text in a dry run, else None."""
    return {
        "version": REPORT_VERSION,
        "file": r.file,
        "table": r.table or None,
        "header": r.header,
        "rows": r.rows,
        "columns": [{"column": c.label, "header": c.header, "key": c.key, "how": c.how, "hidden": c.hidden}
                    for c in r.columns],
        "groups": r.groups,
        "recommendations": r.recommendations,
        "actions": r.actions,
        "notes": r.notes,
        "not_understood": [{"where": x.where, "message": x.text} for x in r.not_understood],
        "unknown_timescales": [{"where": t.where, "action": t.action, "timescale": t.timescale}
                               for t in r.unknown_timescales],
        "facts": list(r.facts),
        "plan_file": plan_file,
        "written": written,
        "findings": [f.to_json() for f in findings],
        "yaml": text,
    }
