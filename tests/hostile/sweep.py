"""The sweep: every command, as a table (one line per command), run on corpus entries with the checks every run must pass.

A new command joins the sweep with one line in READ or EDITS (COORDINATION.md says so). `{plan}`
is the entry's plan id, `{path}` its path, `{ref}` PLAN_ID:ACTION_ID of its first action.
"""

from __future__ import annotations

import json
import re
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from actiontrack.cli import app
from actiontrack.load.lines import split_lines
from actiontrack.wording import name_text, printable

AS_OF = "2026-11-22"


@dataclass(frozen=True)
class Command:
    """One command line of the sweep; `fmt` says how its standard output is checked."""

    args: tuple[str, ...]
    fmt: str = "text"  # text, json, jsonl or ics (whose lines end CRLF, as RFC 5545 says)
    edit: bool = False

    @property
    def label(self) -> str:
        return " ".join(a for a in self.args if not a.startswith("{"))


READ = [
    Command(("validate",)),
    Command(("validate", "--format", "json"), "json"),
    Command(("validate", "--format", "github")),
    Command(("overdue", "--as-of", AS_OF)),
    Command(("overdue", "--as-of", AS_OF, "--format", "tsv")),
    Command(("overdue", "--as-of", AS_OF, "--format", "csv")),
    Command(("overdue", "--as-of", AS_OF, "--format", "json"), "json"),
    Command(("overdue", "--as-of", AS_OF, "--format", "markdown")),
    Command(("overdue", "--as-of", AS_OF, "--format", "json", "--no-cache", "--sort", "owner"), "json"),
    Command(("due", "--as-of", "2003-01-01", "--within", "12m")),
    Command(("list", "--as-of", AS_OF)),
    Command(("list", "--as-of", AS_OF, "--format", "json"), "json"),
    Command(("show", "{plan}", "--as-of", AS_OF)),
    Command(("show", "{plan}", "--as-of", AS_OF, "--format", "markdown")),
    Command(("show", "{plan}", "--as-of", AS_OF, "--format", "csv")),
    Command(("export",), "json"),
    Command(("export", "--format", "jsonl"), "jsonl"),
    Command(("textconv", "{path}")),
    Command(("summary", "--since", "2026-11-01")),
    Command(("summary", "--since", "2026-11-01", "--format", "json"), "json"),
    Command(("summary", "--since", "2026-11-01", "--format", "text")),
    Command(("diff",)),
    Command(("diff", "--format", "json"), "json"),
    Command(("diff", "--format", "markdown", "--check")),
    Command(("timescale", "{plan}")),
    Command(("validate", "--smart", "--format", "json"), "json"),
    Command(("escalations", "--as-of", AS_OF)),
    Command(("escalations", "--as-of", AS_OF, "--format", "json"), "json"),
    Command(("history", "{plan}")),
    Command(("history", "{ref}", "--format", "json"), "json"),
    Command(("import", "{path}", "--organisation", "Corpus", "--dry-run")),
    Command(("report", "--as-of", AS_OF, "--since", "2026-11-01")),
    Command(("export", "--format", "ics", "--as-of", AS_OF), "ics"),
]
EDITS = [
    Command(("note", "{ref}", "Corpus note: checked", "--by", "Corpus Tester", "--as-of", AS_OF), edit=True),
    Command(("status", "{ref}", "completed", "--note", "Done", "--by", "Corpus Tester", "--as-of", AS_OF), edit=True),
    Command(("reschedule", "{ref}", "2027-06-30", "--reason", "Corpus", "--by", "Corpus Tester", "--as-of", AS_OF),
            edit=True),
]
EXIT_CODES = {0, 1, 2, 3, 4, 5}  # the README's codes; 70 (internal error) never
EDIT_REFUSALS = {2, 3, 4}
# Per run, in-process, in CPU seconds (time.process_time): a bound on work done, which a loaded machine
# does not stretch as it stretches the wall clock (the real figures are in the docs, not in tests).
MAX_SECONDS = 20.0
MAX_GROWTH_MB = 600  # the process's peak memory may grow by at most this over the whole sweep
# A character no output may hold raw: C0 but tab and LF, DEL, C1, LS, PS, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u202a-\u202e\u2066-\u2069]")
FINDING = re.compile(r"^(.*?):(\d+):(\d+): (error|warning) (AT\d{3}) (.*)$")  # the first one: a message may quote a forged one


@dataclass
class Run:
    """What one command run gave."""

    command: Command
    args: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float


def peak_mb() -> float:
    """This process's peak resident memory so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """This process's resident memory now (Linux's /proc; elsewhere its peak so far, which is no less)."""
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    except (OSError, ValueError, IndexError):
        return peak_mb()
    return pages * resource.getpagesize() / 2**20


def run(runner: CliRunner, command: Command, **values: str) -> Run:
    """One command, in-process, with every check that holds for any input."""
    args = [a.format(**values) if a.startswith("{") else a for a in command.args]
    started = time.process_time()
    result = runner.invoke(app, args)
    seconds = time.process_time() - started
    where = f"actiontrack {' '.join(args)!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{where}: {result.exception!r}"
    out, err = result.stdout_bytes.decode("utf-8"), result.stderr_bytes.decode("utf-8")  # valid UTF-8 always
    assert result.exit_code in EXIT_CODES, f"{where}: exit {result.exit_code}: {err[:300]}"
    for name, text in (("stdout", out.replace("\r\n", "\n") if command.fmt == "ics" else out), ("stderr", err)):
        assert "Traceback" not in text, f"{where}: traceback on {name}"
        raw = RAW.search(text)
        assert raw is None, f"{where}: raw {raw.group()!r} on {name}: {text[max(raw.start() - 60, 0):raw.end() + 20]!r}"
    if command.fmt == "json" and out:
        json.loads(out)
    elif command.fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
    assert seconds < MAX_SECONDS, f"{where}: {seconds:.1f} s of CPU"
    return Run(command, args, result.exit_code, out, err, seconds)


def shown_name(name: str) -> str:
    """How findings name a file in plans/: as discover makes it text, and printable."""
    return printable("plans/" + name_text(name))


def check_findings(lines: list[str], files: dict[str, bytes | None]) -> dict[str, list[tuple[str, int, int]]]:
    """Every finding line is `path:line:col: severity code message` at a place inside its file.

    `files` maps each shown name to its bytes (None: not a regular file, so 1:1). Returns each
    file's (severity, line, col) findings.
    """
    found: dict[str, list[tuple[str, int, int]]] = {}
    for line in lines:
        m = FINDING.match(line)
        assert m, f"not a finding line: {line!r}"
        file, row, col = m.group(1), int(m.group(2)), int(m.group(3))
        assert file in files, f"{line!r}: no such file among {sorted(files)[:5]}..."
        data = files[file]
        if data is None:
            assert (row, col) == (1, 1), line
        else:
            text_lines = split_lines(data.decode("utf-8", "replace").removeprefix("\ufeff")) or [""]
            assert 1 <= row <= len(text_lines), f"{line[:200]!r}: past line {len(text_lines)}"
            assert 1 <= col <= len(text_lines[row - 1]) + 1, f"{line[:200]!r}: past the end of its line"
        found.setdefault(file, []).append((m.group(4), row, col))
    return found


def contents(path: Path) -> bytes | None:
    """An entry's bytes as the reader would see them, or None when it is not a regular file."""
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def first_action(path: Path, fallback: str) -> str:
    """PLAN_ID:ACTION_ID of the entry's first action, or a ref an edit must refuse."""
    from actiontrack.load.discover import read_sources
    from actiontrack.load.loader import Loader

    result = Loader().load(read_sources([path]), positions=False)[0]
    if result.plan is None or not result.plan.recommendations or not result.plan.recommendations[0].actions:
        return f"{fallback}:1.1"
    return f"{result.plan.id}:{result.plan.recommendations[0].actions[0].id}"
