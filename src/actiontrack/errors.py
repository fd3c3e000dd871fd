"""Findings (located problems in plan files), exit codes and the exceptions that stop a command."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

ERROR = "error"
WARNING = "warning"

# C0 and C1 control characters (tab, LF and CR aside): in plan text they could drive the
# terminal (an ESC sequence can make a live hyperlink or rewrite the screen). Shown as U+FFFD.
_CONTROLS = {c: "\ufffd" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\t\n\r"}


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters replaced."""
    return text.translate(_CONTROLS)


class ExitCode(IntEnum):
    """Process exit codes: a contract for scripts and CI (listed in the README)."""

    OK = 0
    FINDINGS = 1  # errors in plans, overdue items with --fail-if-any, integrity problems with --check
    USAGE = 2  # bad options or arguments (Click uses 2 as well)
    NOT_FOUND = 3  # unknown plan, action or path
    REFUSED = 4  # an edit refused to protect the record
    GIT = 5  # git failed: not a repository, unknown revision
    INTERNAL = 70  # a bug: reported in one line, never a traceback


class Finding(NamedTuple):
    """One problem in one plan file, at a 1-based line and column.

    A NamedTuple, not a dataclass: it orders by (file, line, col, ...) as findings are sorted,
    and costs nothing to define at start-up, where every command imports this module.
    """

    file: str
    line: int
    col: int
    severity: str
    code: str
    message: str

    def format(self) -> str:  # type: ignore[override]
        """`path:line:col: severity code message`, the form editors jump to."""
        return printable(f"{self.file}:{self.line}:{self.col}: {self.severity} {self.code} {self.message}")

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of one finding."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding is an error (warnings alone never fail a run)."""
    return any(f.severity == ERROR for f in findings)


class NotRegularFile(OSError):
    """A plan file refused without reading it: a symbolic link. str() is the AT003 message."""


class ActiontrackError(Exception):
    """A condition that stops a command; the CLI prints its message in one line and exits."""

    exit_code: int = ExitCode.USAGE


class UsageError(ActiontrackError):
    """A bad option value, such as a malformed date."""

    exit_code = ExitCode.USAGE


class NotFoundError(ActiontrackError):
    """An unknown plan, action or path."""

    exit_code = ExitCode.NOT_FOUND


class RefusedError(ActiontrackError):
    """An edit that would damage the record, so nothing was written."""

    exit_code = ExitCode.REFUSED

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class GitError(ActiontrackError):
    """git is missing, the folder is not a repository, or a revision is unknown."""

    exit_code = ExitCode.GIT
