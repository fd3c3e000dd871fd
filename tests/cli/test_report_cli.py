"""`actiontrack report`: the Board pack to a file or standard output, its exit codes and errors."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from support import DATA

ARGS = ["--as-of", "2026-11-20", "--since", "2026-10-31"]


@pytest.fixture
def boards(in_tmp: Path) -> Path:
    shutil.copytree(DATA / "boards", in_tmp / "plans")
    return in_tmp / "plans"


def headline(html: str) -> dict[str, int]:
    return {m[0]: int(m[1]) for m in re.findall(r'data-headline="actions-([a-z-]+)">(\d+)<', html)}


def test_report_writes_the_page_to_standard_output(runner: CliRunner, boards: Path) -> None:
    result = runner.invoke(app, ["report", *ARGS])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">\n")
    assert headline(result.stdout) == {"overdue": 3, "due-soon": 1, "on-track": 2, "undated": 0, "unknown": 0,
                                       "completed": 1, "embedded": 1, "closed": 0, "dropped": 1}
    assert "<title>Action plans: Board pack, 20 November 2026</title>" in result.stdout
    assert "Where 2 plans stood on <strong>20 November 2026</strong>, and what changed from 1 to 20 November 2026." \
        in result.stdout


def test_report_to_a_file_and_narrowed_to_one_plan(runner: CliRunner, boards: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = runner.invoke(app, ["report", *ARGS, "--plan", "second-plan", "-o", str(out)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "wrote pack.html\n")
    html = out.read_text(encoding="utf-8")
    assert headline(html)["overdue"] == 1 and "Where 1 plan stood on" in html and "board-plan" not in html


def test_unknown_plan_and_a_window_backwards_are_errors(runner: CliRunner, boards: Path) -> None:
    result = runner.invoke(app, ["report", *ARGS, "--plan", "board"])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == "actiontrack: unknown plan 'board'; did you mean board-plan?\n"
    result = runner.invoke(app, ["report", "--as-of", "2026-11-20", "--since", "2026-12-01"])
    assert (result.exit_code, result.stderr) == (2, "actiontrack: --since 2026-12-01 is after --as-of 2026-11-20\n")


def test_an_unreadable_plan_is_named_at_the_top_and_fails_the_run(runner: CliRunner, boards: Path) -> None:
    (boards / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["report", *ARGS])
    assert result.exit_code == 1
    assert result.stderr == (
        "actiontrack: Incomplete answer: 1 plan file could not be read in full.\n"
        "plans/broken.yaml: not read, 1 error; the first, line 2: AT001 YAML syntax error: did not find expected ',' "
        "or ']' (while parsing a flow sequence)\n"
        "Run actiontrack validate plans/broken.yaml to see every problem.\n")
    html = result.stdout
    banner = html[html.index('<section class="alert" id="unreadable">'):html.index('<section id="headline">')]
    assert "<h2>1 plan file could not be read</h2>" in banner
    assert "<li><strong>plans/broken.yaml</strong>: 1 error; the first, line 2: AT001 " in banner


def test_pdf_without_chromium_says_what_to_install(runner: CliRunner, boards: Path,
                                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("ACTIONTRACK_CHROMIUM", raising=False)
    result = runner.invoke(app, ["report", *ARGS, "--format", "pdf", "-o", str(tmp_path / "pack.pdf")])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == ("actiontrack: --format pdf needs Chromium, and none was found (chromium or google-chrome "
                             "on PATH, or ACTIONTRACK_CHROMIUM): install it (Debian and Ubuntu: apt-get install "
                             "chromium), or write --format html and print it from a browser\n")
    assert not (tmp_path / "pack.pdf").exists()
    monkeypatch.setenv("ACTIONTRACK_CHROMIUM", "no-such-browser")
    result = runner.invoke(app, ["report", *ARGS, "--format", "pdf", "-o", str(tmp_path / "pack.pdf")])
    assert (result.exit_code, result.stderr) == (3, "actiontrack: ACTIONTRACK_CHROMIUM=no-such-browser is not an "
                                                    "executable\n")


def test_in_git_the_footer_names_the_commits_read(runner: CliRunner, make_repo: Callable[..., Repo]) -> None:
    repo = make_repo()
    shutil.copytree(DATA / "boards", repo.path / "plans")
    then = repo.commit("Plans agreed", when="2026-10-30T10:00:00+0000")
    repo.replace("plans/second-plan.yaml", "status: in-progress", "status: completed")
    now = repo.commit("Audit done", when="2026-11-19T10:00:00+0000")
    result = runner.invoke(app, ["report", *ARGS])
    assert result.exit_code == 0, result.stderr
    assert (f"Read from commit {now[:12]} of 19 November 2026, the last on or before 20 November 2026; compared with "
            f"commit {then[:12]} of 30 October 2026.") in result.stdout
    # second-plan 1.1 was completed between the two commits.
    assert headline(result.stdout)["completed"] == 2
    assert "<td>second-plan</td><td>1.1</td><td>Safeguarding Lead</td><td>completed</td><td></td>" in result.stdout


def fake_chromium(tmp_path: Path, body: str) -> Path:
    exe = tmp_path / "fake-chromium"
    exe.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    exe.chmod(0o755)
    return exe


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its parent has yet to reap it


def test_a_chromium_that_fails_or_hangs_is_stopped_with_its_helpers(runner: CliRunner, boards: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    failing = fake_chromium(tmp_path, 'echo "[1:1:ERROR:printing.cc] Printing failed: no printer" >&2\nexit 1\n')
    monkeypatch.setenv("ACTIONTRACK_CHROMIUM", str(failing))
    result = runner.invoke(app, ["report", *ARGS, "--format", "pdf", "-o", str(tmp_path / "pack.pdf")])
    assert (result.exit_code, result.stderr) == (5, "actiontrack: Chromium did not print the page (exit 1): "
                                                    "[1:1:ERROR:printing.cc] Printing failed: no printer\n")
    helper = tmp_path / "helper.pid"
    hanging = fake_chromium(tmp_path, f"sleep 60 &\necho $! > {helper}\nwait\n")
    monkeypatch.setenv("ACTIONTRACK_CHROMIUM", str(hanging))
    monkeypatch.setattr("actiontrack.render.pdf.TIMEOUT_BASE", 1.0)
    monkeypatch.setattr("actiontrack.render.pdf.TIMEOUT_PER_MB", 0.0)
    result = runner.invoke(app, ["report", *ARGS, "--format", "pdf", "-o", str(tmp_path / "pack.pdf")])
    assert (result.exit_code, result.stderr) == (5, "actiontrack: Chromium did not print the page within 1 s\n")
    pid = int(helper.read_text(encoding="utf-8"))
    deadline = time.monotonic() + 10  # SIGKILL is delivered at once; /proc may take a moment to show it
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid) and not (tmp_path / "pack.pdf").exists()


def test_escalations_follow_the_repositorys_rules(runner: CliRunner, boards: Path) -> None:
    (boards.parent / ".actiontrack.toml").write_text('''\
[[escalations]]
name = "Overdue more than 30 days"
kind = "overdue"
more_than = 30
to = "the <b>Executive</b>"

[[escalations]]
name = "Red twice running"
kind = "red"
''', encoding="utf-8")
    result = runner.invoke(app, ["report", *ARGS])
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    section = html[html.index('<section id="escalations">'):html.index("<footer>")]
    assert "<h2>Escalations (2)</h2>" in section
    assert "<p>2 escalations under 1 of 2 rules; 1 rule not checked. Rules from .actiontrack.toml.</p>" in section
    assert "<h3>Overdue more than 30 days, to the &lt;b&gt;Executive&lt;/b&gt; (2)</h3>" in section
    rows = re.findall(r"<tr><td>([a-z-]+)</td><td>([0-9.]+)</td><td>([^<]*)</td><td>([^<]*)</td>", section)
    assert [r[:3] for r in rows] == [("second-plan", "1.1", "Safeguarding Lead"), ("board-plan", "1.1", "AM")]
    assert rows[0][3].startswith("overdue 51 days")
    assert ('<h3>Red twice running</h3>\n<p class="problem">Not checked: needs the ratings at earlier summaries from '
            "git history: the plans are not in a git repository.</p>") in section


def test_a_chromium_that_ends_without_a_pdf_says_the_page_may_be_too_large(
        runner: CliRunner, boards: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = fake_chromium(tmp_path, 'echo "[1:1:ERROR:file_io_posix.cc] open .../cpufreq/scaling_max_freq" >&2\n')
    monkeypatch.setenv("ACTIONTRACK_CHROMIUM", str(quiet))
    result = runner.invoke(app, ["report", *ARGS, "--format", "pdf", "-o", str(tmp_path / "pack.pdf")])
    assert result.exit_code == 5
    assert re.fullmatch(r"actiontrack: Chromium ended without writing the PDF: a page of 0\.\d MB may be more than "
                        r"it can print; narrow the pack with --plan, or keep the HTML\n", result.stderr)


def test_an_unreadable_files_message_is_masked(runner: CliRunner, boards: Path) -> None:
    """The first error quotes the file (a number where text belongs): the report masks what the guard matches."""
    text = (boards / "board-plan.yaml").read_text(encoding="utf-8")
    text = text.replace("id: board-plan\ntitle: Board test plan\n", "id: broken\ntitle: 9990000018\n")
    (boards / "broken.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["report", *ARGS])
    assert result.exit_code == 1
    assert "9990000018" not in result.stdout + result.stderr
    assert ("plans/broken.yaml: not read, 1 error; the first, line 3: AT103 'title' must be text, not a number "
            "(********18): quote it (\"********18\")\n") in result.stderr
    assert "line 3: AT103 &#39;title&#39; must be text, not a number (********18)" in result.stdout
