"""Findings as `path:line:col: severity code message` lines, the validate JSON contract, GitHub annotations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from actiontrack.errors import ERROR, WARNING, Finding
from actiontrack.render.jsonout import write_json
from actiontrack.wording import count, printable


def render_findings(findings: list[Finding], fmt: str, out: TextIO, files_checked: int) -> None:
    """Findings as `path:line:col: severity code message` lines, JSON, or GitHub annotations."""
    if fmt == "json":
        write_json(findings_json(findings, files_checked), out)
    elif fmt == "github":
        for f in findings:
            kind = "error" if f.severity == ERROR else "warning"
            props = ",".join([f"file={_gh_prop(f.file)}", f"line={f.line}", f"col={f.col}",
                              f"title={_gh_prop(f.code)}"])
            out.write(f"::{kind} {props}::{_gh_data(f.message)}\n")
    else:
        for f in findings:
            out.write(f.format() + "\n")


def findings_json(findings: Iterable[Finding], files_checked: int) -> dict[str, object]:
    """The `validate --format json` contract."""
    items = list(findings)
    return {
        "files": files_checked,
        "errors": sum(1 for f in items if f.severity == ERROR),
        "warnings": sum(1 for f in items if f.severity == WARNING),
        "findings": [f.to_json() for f in items],
    }


def summary_line(findings: list[Finding], files_checked: int) -> str:
    """One closing line for people: how many files, errors and warnings."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    return f"{count(files_checked, 'file')} checked: {count(errors, 'error')}, {count(warnings, 'warning')}"


def _gh_data(text: str) -> str:
    # Printable first: a workflow command line is shown by the CI log, which renders escape
    # sequences. Then as @actions/core escapeData: %, CR and LF (none are left after printable).
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    # As @actions/core escapeProperty: also ':' and ','.
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")
