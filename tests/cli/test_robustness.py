"""Odd and hostile input found by review: each gives a located finding or a clear error, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import DATA, REPO

VALID = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("text", ["---\n", "null\n", "~\n", "# only a comment\n---\n"])
def test_a_null_document_is_an_empty_file(plans: Path, runner: CliRunner, text: str) -> None:
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    assert run(runner, "validate") == (1, "plans/valid-plan.yaml:1:1: error AT004 empty file: a plan needs at "
                                          "least an id\n", "1 file checked: 1 error, 0 warnings\n")
    code, _, err = run(runner, "list")
    assert code == 1 and "\nplans/valid-plan.yaml: not read, 1 error; the first, line 1: AT004 empty file" in err


@pytest.mark.parametrize("owners", ['[""]', "[5]", "[~]"])
def test_owners_with_no_usable_entry(plans: Path, runner: CliRunner, owners: str) -> None:
    (plans / "valid-plan.yaml").write_text(VALID.replace("owners: [JB]", f"owners: {owners}"), encoding="utf-8")
    code, out, _ = run(runner, "validate")
    assert code == 1 and "plans/valid-plan.yaml:50:" in out and "AT103" in out
    for sort in ("days", "owner"):
        code, out, err = run(runner, "overdue", "--format", "json", "--as-of", "2026-11-22", "--sort", sort)
        doc = json.loads(out)
        # 1.2, the one open action, is still listed (a broken entry never hides an overdue action),
        # with no owner, and the file is named as read in part.
        assert (code, [(r["action"], r["owners"]) for r in doc["rows"]], doc["unreadable"][0]["plan"]) == (
            1, [("1.2", [])], "valid-plan")
        assert "\nplans/valid-plan.yaml: read in part, 1 error; the first, line 50: AT103" in err


def test_an_unknown_status_counts_as_open_everywhere(plans: Path, runner: CliRunner) -> None:
    text = VALID.replace("        due: 2024-12-31\n        status: dropped\n", "        due: 2024-12-31\n        status: done\n")
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run(runner, "validate")
    assert code == 1 and out.count("AT302") == 1
    _, out, err = run(runner, "overdue", "--format", "json", "--as-of", "2025-06-01")
    overdue = [r["action"] for r in json.loads(out)["rows"]]
    assert "2.2" in overdue and "\nplans/valid-plan.yaml: read in part, 1 error; the first, line 70: AT302 unknown " \
        "status 'done': did you mean 'completed'?" in err
    _, out, _ = run(runner, "list", "--format", "json", "--as-of", "2025-06-01")
    assert json.loads(out)["rows"][0]["overdue"] == len(overdue)


def test_tabs_inside_a_block_scalar_are_text_not_indentation(plans: Path, runner: CliRunner) -> None:
    text = VALID.replace("            text: Guidance issued.\n", "            text: |\n              Items:\n              \tfirst\n")
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    assert run(runner, "validate")[0] == 0


def test_findings_quote_values_on_one_short_line(plans: Path, runner: CliRunner) -> None:
    long_text = "Child A lives at 1 Example Street with " + "x" * 200
    text = VALID.replace("        owners: [JB]\n", f"        owners: |\n          {long_text}\n          second line\n")
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    _, out, _ = run(runner, "validate")
    assert out == ("plans/valid-plan.yaml:50:17: error AT103 'owners' must be a list of owners, not text "
                   "('Child A lives at 1 Example Street with …')\n")


def test_control_characters_never_reach_the_terminal(plans: Path, runner: CliRunner) -> None:
    hostile = "see \\e]8;;https://evil.example/\\e\\\\click\\e]8;;\\e\\\\"
    text = VALID.replace("            text: Guidance issued.\n", f'            text: "{hostile}"\n')
    text = text.replace("        text: Audit case files.\n", f'        text: "{hostile}"\n')
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    for args in (["overdue", "--as-of", "2026-11-22"], ["show", "valid-plan"], ["overdue", "--format", "csv"],
                 ["overdue", "--format", "markdown"], ["textconv", "plans/valid-plan.yaml"]):
        _, out, _ = run(runner, *args)
        assert "\x1b" not in out, args
    _, out, _ = run(runner, "overdue", "--format", "json", "--as-of", "2026-11-22")
    assert "\\u001b]8;;https://evil.example/" in out  # JSON keeps the data, escaped


def test_note_refuses_control_characters(plans: Path, runner: CliRunner) -> None:
    before = (plans / "valid-plan.yaml").read_bytes()
    code, _, err = run(runner, "note", "valid-plan:1.2", "see \x1b]8;;https://evil.example/\x1b\\x", "--by", "JB")
    assert (code, err) == (2, "actiontrack: note text contains a control character (such as ESC): "
                              "type it as plain text\n")
    assert (plans / "valid-plan.yaml").read_bytes() == before


def test_tsv_cells_are_formula_safe_and_markdown_never_mentions(plans: Path, runner: CliRunner) -> None:
    text = VALID.replace("        text: Audit case files.\n", '        text: "=HYPERLINK(\\"http://x\\",\\"y\\") @everyone"\n')
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    _, out, _ = run(runner, "overdue", "--format", "tsv", "--as-of", "2026-11-22")
    assert "\t'=HYPERLINK(\"http://x\",\"y\") @everyone\t" in out
    _, out, _ = run(runner, "overdue", "--format", "markdown", "--as-of", "2026-11-22")
    assert "@\u200beveryone" in out and "@everyone" not in out


@pytest.mark.parametrize(("args", "message"), [
    (["due", "--within", "9999y"], "actiontrack: --within: 9999y from 2026-11-22 is beyond the calendar\n"),
    (["due", "--as-of", "9999-12-25"], "actiontrack: --within: 14d from 9999-12-25 is beyond the calendar\n"),
])
def test_dates_past_the_calendar_are_usage_errors(plans: Path, runner: CliRunner, args: list[str],
                                                   message: str) -> None:
    extra = [] if "--as-of" in args else ["--as-of", "2026-11-22"]
    assert run(runner, *args, *extra)[::2] == (2, message)


def test_a_plan_dated_at_the_end_of_the_calendar(plans: Path, runner: CliRunner) -> None:
    text = VALID.replace("date: 2024-02-01\n", "date: 9999-12-01\n", 1).replace('"Sept 24"', '"Quarterly"')
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    for command in ("overdue", "list"):
        assert run(runner, command, "--as-of", "2026-11-22")[0] in (0, 1)


def test_an_impossible_quarter_is_unknown(runner: CliRunner) -> None:
    assert run(runner, "timescale", "Q5 2013", "--plan-date", "2012-01-01") == (0, "Q5 2013 -> unknown\n", "")


def test_timescale_takes_as_of(runner: CliRunner) -> None:
    assert run(runner, "timescale", "Within 3 months", "--as-of", "2024-01-31")[1] == (
        "Within 3 months -> date 2024-04-30\n")


def test_owner_matches_the_role_in_the_people_key(plans: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "overdue", "--format", "json", "--as-of", "2026-11-22", "--owner", "business manager")
    assert [r["action"] for r in json.loads(out)["rows"]] == []  # AM owns 1.1, which is completed
    _, out, _ = run(runner, "due", "--format", "json", "--as-of", "2024-01-01", "--within", "1y",
                    "--owner", "business manager")
    assert [r["action"] for r in json.loads(out)["rows"]] == []
    text = VALID.replace("        owners: [JB]\n", "        owners: [AM]\n")
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    _, out, _ = run(runner, "overdue", "--format", "json", "--as-of", "2026-11-22", "--owner", "business manager")
    assert [r["action"] for r in json.loads(out)["rows"]] == ["1.2"]


def test_new_plan_with_a_numeric_id(plans: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "new", "2024", "--title", "T", "--organisation", "O", "--date", "2024-01-01")
    assert code == 0, err
    assert 'id: "2024"' in (plans / "2024.yaml").read_text(encoding="utf-8")
    assert run(runner, "validate", "plans/2024.yaml")[0] == 0


def test_a_folder_with_no_plans_is_an_error_not_an_empty_answer(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "plans").mkdir()
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs" / "notes.md").write_text("# notes\n", encoding="utf-8")
    for args in (["list"], ["overdue"], ["due"], ["validate"], ["export"], ["overdue", "docs"]):
        folder = args[1] if len(args) > 1 else "plans"
        assert run(runner, *args) == (3, "", f"actiontrack: no plan files (*.yaml, *.yml) in {folder}\n"), args


def test_cached_rows_survive_text_that_looks_like_a_stand_in(plans: Path, runner: CliRunner, tmp_path: Path) -> None:
    tricky = '918273645546372819 \\\\u0000days\\\\u0000 \\"\\\\u0000file\\\\u0000\\"'
    text = VALID.replace("        text: Audit case files.\n", f'        text: "{tricky}"\n')
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    cache = ["--cache-dir", str(tmp_path / "cache"), "--format", "json", "--as-of", "2026-11-22"]
    general = run(runner, "overdue", "--no-cache", "--format", "json", "--as-of", "2026-11-22")
    assert run(runner, "overdue", *cache) == general
    assert run(runner, "overdue", *cache) == general


def test_an_internal_error_is_one_line_with_exit_70(tmp_path: Path) -> None:
    """A bug (here: the listings module cannot be imported) gives one line, not a traceback."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import sys\nsys.modules['actiontrack.query.listings'] = None  # importing it now raises ImportError\n",
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(shim)}
    proc = subprocess.run([sys.executable, "-m", "actiontrack", "list"], capture_output=True, text=True, env=env,
                          cwd=REPO)
    assert (proc.returncode, proc.stdout) == (70, "")
    assert proc.stderr == ("actiontrack: internal error (ModuleNotFoundError); set ACTIONTRACK_DEBUG=1 to see the "
                           "traceback\n")
    debug = subprocess.run([sys.executable, "-m", "actiontrack", "list"], capture_output=True, text=True,
                           env={**env, "ACTIONTRACK_DEBUG": "1"}, cwd=REPO)
    assert "Traceback" in debug.stderr


def test_seed_copy_still_clean(seed_copy: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seed_copy.parent)
    assert run(runner, "validate")[0] == 0


def test_reschedule_to_a_past_date_says_it_is_overdue_at_once(plans: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "reschedule", "valid-plan:1.2", "2025-03-31", "--reason", "Board decision",
                       "--by", "JB", "--as-of", "2026-11-22")
    assert code == 0
    assert err == ("rescheduled valid-plan:1.2: 2024-09-30 -> 2025-03-31 (line 52); baseline 2024-09-30 recorded\n"
                   "note: 2025-03-31 is before today (2026-11-22): the action is overdue at once\n")
    code, _, err = run(runner, "reschedule", "valid-plan:1.2", "2027-03-31", "--reason", "Later again",
                       "--by", "JB", "--as-of", "2026-11-22")
    assert (code, err) == (0, "rescheduled valid-plan:1.2: 2025-03-31 -> 2027-03-31 (line 52)\n")
