"""Findings (located problems in plan files), exit codes and the exceptions that stop a command."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from actiontrack.wording import printable, unknown_plan

ERROR = "error"
WARNING = "warning"

class ExitCode(IntEnum):
    """Process exit codes: a contract for scripts and CI (listed in the README)."""

    OK = 0
    FINDINGS = 1  # errors in plans, overdue items with --fail-if-any, integrity problems with --check
    USAGE = 2  # bad options or arguments (Click uses 2 as well)
    NOT_FOUND = 3  # unknown plan, action or path
    REFUSED = 4  # an edit refused to protect the record
    GIT = 5  # git failed: not a repository, unknown revision
    INTERNAL = 70  # a bug: reported in one line, never a traceback
    CLOSED_PIPE = 141  # the reader closed stdout early (`| head`): 128 + SIGPIPE, as git exits


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

    def format(self) -> str:
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
    """A plan file refused without reading it: a folder, a FIFO, a device, a link loop or a dangling
    link on disk, or a symbolic link in git. str() is the AT003 message."""


class TooLarge(OSError):
    """A plan file over the size limit, refused before its bytes are read (AT005)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file is {size:,} bytes, over the {limit:,}-byte limit for a plan: split it")
        self.size = size


class ActiontrackError(Exception):
    """A condition that stops a command; the CLI prints its message in one line and exits."""

    exit_code: int = ExitCode.USAGE


class UsageError(ActiontrackError):
    """A bad option value, such as a malformed date."""

    exit_code = ExitCode.USAGE


class BeyondCalendar(UsageError):
    """A window a command reads around --as-of or --since (the days ahead it looks at, the weeks
    back a rule reads) would pass the calendar's ends (year 1, year 9999): said as `due --within`
    says it, exit 2, never an internal error."""

    def __init__(self, option: str, why: str) -> None:
        super().__init__(f"{option}: {why}")


class NotFoundError(ActiontrackError):
    """An unknown plan, action or path."""

    exit_code = ExitCode.NOT_FOUND


class UnknownPlanError(NotFoundError):
    """A plan id that no plan file holds; the message names the closest ids (or all of them)."""

    def __init__(self, plan_id: str, known: list[str]) -> None:
        super().__init__(unknown_plan(plan_id, known))
        self.plan_id = plan_id


class UnreadablePlanError(ActiontrackError):
    """A plan asked for by id whose file could not be read: the CLI prints its findings, then the message."""

    exit_code = ExitCode.FINDINGS

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


class RefusedError(ActiontrackError):
    """An edit that would damage the record, so nothing was written."""

    exit_code = ExitCode.REFUSED

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class GitError(ActiontrackError):
    """git is missing, the folder is not a repository, or a revision is unknown."""

    exit_code = ExitCode.GIT
