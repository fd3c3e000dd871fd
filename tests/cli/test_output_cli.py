"""`-o FILE` of `report` and `export`: never over a plan; a device, a FIFO or /dev/stdout is written,
not replaced; a regular file is replaced whole (docs/report.md)."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import DATA, REPO

AS_OF = ["--as-of", "2026-11-20"]
REFUSED = ("-o never writes a plan file (.yaml, .yml, or anything in a plans folder); give another file name: "
           "nothing was written\n")


@pytest.fixture
def boards(in_tmp: Path) -> Path:
    shutil.copytree(DATA / "boards", in_tmp / "plans")
    return in_tmp / "plans"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("command", [["report"], ["export"], ["export", "--format", "ics"]])
def test_a_plan_is_never_overwritten(runner: CliRunner, boards: Path, command: list[str]) -> None:
    before = snapshot(boards)
    result = runner.invoke(app, [*command, *AS_OF, "-o", "plans/board-plan.yaml"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        4, "", "actiontrack: will not write plans/board-plan.yaml: " + REFUSED)
    assert snapshot(boards) == before


@pytest.mark.parametrize("target", ["pack.yaml", "pack.YML", "plans/pack.html", "archive/plans/pack.html"])
def test_nor_is_a_new_plan_file_made(runner: CliRunner, boards: Path, target: str) -> None:
    """A .yaml/.yml name anywhere, or any name inside a plans folder, would be read as a plan next time."""
    (boards.parent / "archive" / "plans").mkdir(parents=True)
    before = snapshot(boards)
    result = runner.invoke(app, ["report", *AS_OF, "-o", target])
    assert (result.exit_code, result.stdout, result.stderr) == (4, "", f"actiontrack: will not write {target}: " + REFUSED)
    assert not (boards.parent / target).exists() and snapshot(boards) == before


def test_nor_through_a_link(runner: CliRunner, boards: Path) -> None:
    (boards.parent / "pack.html").symlink_to("plans/second-plan.yaml")
    before = snapshot(boards)
    result = runner.invoke(app, ["export", *AS_OF, "-o", "pack.html"])
    assert (result.exit_code, result.stderr) == (
        4, "actiontrack: will not write pack.html (a link to plans/second-plan.yaml): " + REFUSED)
    assert snapshot(boards) == before and (boards.parent / "pack.html").is_symlink()


def test_a_regular_file_is_replaced_whole(runner: CliRunner, boards: Path) -> None:
    out = boards.parent / "pack.html"
    out.write_bytes(b"an older pack, much longer than nothing" * 10_000)
    inode = out.stat().st_ino
    os.chmod(out, 0o640)
    result = runner.invoke(app, ["report", *AS_OF, "-o", "pack.html"])
    assert (result.exit_code, result.stderr) == (0, "wrote pack.html\n")
    expected = runner.invoke(app, ["report", *AS_OF]).stdout_bytes
    assert out.read_bytes() == expected and expected.startswith(b"<!DOCTYPE html>")
    assert out.stat().st_ino != inode and out.stat().st_mode & 0o777 == 0o640  # renamed over, mode kept


def test_a_folder_is_refused(runner: CliRunner, boards: Path) -> None:
    (boards.parent / "out").mkdir()
    result = runner.invoke(app, ["export", *AS_OF, "-o", "out"])
    assert result.exit_code == 2 and "'out' is a directory" in result.stderr
    assert list((boards.parent / "out").iterdir()) == []


def run(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """actiontrack in its own process, so that its descriptors are real ones (a shell's redirections)."""
    env = {k: v for k, v in os.environ.items() if k != "_TYPER_FORCE_DISABLE_TERMINAL"}
    return subprocess.run([sys.executable, "-m", "actiontrack", *args], cwd=cwd, env=env, timeout=120,
                          check=False, **kwargs)  # type: ignore[call-overload,no-any-return]


def test_dev_stdout_appended_to_a_file_keeps_what_was_there(boards: Path) -> None:
    """`actiontrack export -o /dev/stdout >> log`: the shell opened log to append; so does the write."""
    log = boards.parent / "log"
    log.write_bytes(b"earlier line\n")
    with open(log, "ab") as handle:
        proc = run(["export", *AS_OF, "-o", "/dev/stdout"], boards.parent, stdout=handle, stderr=subprocess.PIPE)
    expected = run(["export", *AS_OF], boards.parent, capture_output=True).stdout
    assert (proc.returncode, proc.stderr) == (0, b"wrote /dev/stdout\n")
    assert log.read_bytes() == b"earlier line\n" + expected and json.loads(expected)["plans"]


def test_dev_stdout_into_a_pipe(boards: Path) -> None:
    """`actiontrack export -o /dev/stdout | cat`: into the pipe (there is no file to replace)."""
    proc = run(["export", "--format", "ics", *AS_OF, "-o", "/dev/stdout"], boards.parent, capture_output=True)
    expected = run(["export", "--format", "ics", *AS_OF], boards.parent, capture_output=True).stdout
    assert (proc.returncode, proc.stdout) == (0, expected)
    assert proc.stderr.endswith(b"wrote /dev/stdout\n") and expected.startswith(b"BEGIN:VCALENDAR")


def test_dev_fd_and_proc_self_fd_are_the_same_descriptor(boards: Path) -> None:
    for name in ("/dev/fd/1", "/proc/self/fd/1"):
        proc = run(["export", *AS_OF, "-o", name], boards.parent, capture_output=True)
        assert proc.returncode == 0 and json.loads(proc.stdout)["plans"], name


def test_a_fifo_is_written_not_replaced(boards: Path) -> None:
    fifo = boards.parent / "feed"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    proc = run(["export", "--format", "ics", *AS_OF, "-o", "feed"], boards.parent, capture_output=True)
    reader.join(timeout=60)
    expected = run(["export", "--format", "ics", *AS_OF], boards.parent, capture_output=True).stdout
    assert (proc.returncode, proc.stderr) == (0, b"wrote feed\n")
    assert got == [expected] and fifo.is_fifo()


def test_a_character_device_is_written_not_replaced(runner: CliRunner, boards: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "xlsx", *AS_OF, "-o", "/dev/null"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "wrote /dev/null\n")
    assert Path("/dev/null").is_char_device()


def test_a_binary_file_is_not_written_to_a_terminal_named_by_o(boards: Path) -> None:
    main_fd, child_fd = pty.openpty()
    try:
        proc = run(["export", "--format", "xlsx", *AS_OF, "-o", "/dev/stdout"], boards.parent, stdout=child_fd,
                   stderr=subprocess.PIPE)
        tty = os.ttyname(child_fd)
        named = run(["export", "--format", "xlsx", *AS_OF, "-o", tty], boards.parent, capture_output=True)
    finally:
        os.close(child_fd)
        os.close(main_fd)
    message = b"actiontrack: this format is a binary file: give -o FILE, or redirect standard output to a file\n"
    assert (proc.returncode, proc.stderr) == (2, message)
    assert (named.returncode, named.stdout, named.stderr) == (2, b"", message)


def test_the_documented_refusal(runner: CliRunner, in_tmp: Path) -> None:
    """docs/report.md's example, run as written on the bundled plans: the words shown, and the plan untouched."""
    page = (REPO / "docs" / "report.md").read_text(encoding="utf-8").splitlines()
    at = page.index("$ actiontrack report -o plans/thurrock-ofsted-2012.yaml")
    shutil.copytree(REPO / "plans", in_tmp / "plans")
    before = snapshot(in_tmp / "plans")
    result = runner.invoke(app, page[at].split()[2:])
    assert (result.exit_code, result.stdout, result.stderr) == (4, "", page[at + 1] + "\n")
    assert snapshot(in_tmp / "plans") == before
