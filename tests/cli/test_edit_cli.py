"""`note`, `status`, `reschedule` and `new` end to end: exact output, exit codes, and untouched files on refusal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import DATA

AS_OF = ["--as-of", "2026-11-22"]
ENV = {"ACTIONTRACK_USER": "AM"}


@pytest.fixture
def plan_path(in_tmp: Path) -> Path:
    (in_tmp / "plans").mkdir()
    return Path(shutil.copy(DATA / "valid-plan.yaml", in_tmp / "plans" / "valid-plan.yaml"))


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, *AS_OF], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_note_prints_one_line_on_stderr_and_nothing_on_stdout(plan_path: Path, runner: CliRunner) -> None:
    assert run(runner, "note", "valid-plan:1.1", "Audit booked.") == (0, "", "noted valid-plan:1.1 (line 48)\n")
    assert plan_path.read_text().endswith("status: dropped\n")


def test_dry_run_prints_the_exact_diff_and_writes_nothing(plan_path: Path, runner: CliRunner) -> None:
    before = plan_path.read_bytes()
    code, out, err = run(runner, "status", "1.2", "completed", "--note", "Audit done: 20 files", "--dry-run")
    assert code == 0
    assert out == (
        "--- a/plans/valid-plan.yaml\n"
        "+++ b/plans/valid-plan.yaml\n"
        "@@ -49,7 +49,13 @@\n"
        "         text: Audit case files.\n"
        "         owners: [JB]\n"
        '         timescale: "Sept 24"\n'
        "-        status: in-progress\n"
        "+        status: completed\n"
        "+        completed_on: 2026-11-22\n"
        "+        notes:\n"
        "+          - date: 2026-11-22\n"
        "+            by: AM\n"
        '+            text: "Audit done: 20 files"\n'
        "+            status: completed\n"
        '   - id: "2"\n'
        "     group: health\n"
        "     text: Health visitors follow the guidance.\n"
    )
    assert err == "dry run: nothing written to plans/valid-plan.yaml\n"
    assert plan_path.read_bytes() == before


def test_a_file_with_a_syntax_error_is_left_byte_identical(plan_path: Path, runner: CliRunner) -> None:
    plan_path.write_text(plan_path.read_text().replace("owners: [JB]", "owners: [JB"))
    before = plan_path.read_bytes()
    code, out, err = run(runner, "note", "valid-plan:1.1", "x")
    assert (code, out) == (4, "")
    assert err == (
        "plans/valid-plan.yaml:51:18: error AT001 YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence)\n"
        "actiontrack: plans/valid-plan.yaml does not load: fix the errors above first; nothing was written\n"
    )
    assert plan_path.read_bytes() == before


@pytest.mark.parametrize(("ref", "code", "message"), [
    ("nope:1.1", 3, "unknown plan 'nope' (plans: other-plan, valid-plan)"),
    ("valid-plan:1.3", 3, "no action '1.3' in plan valid-plan (closest: 1.1, 1.2)"),
    ("2.1", 2, "action id '2.1' is in 2 plans: write one of other-plan:2.1, valid-plan:2.1"),
    ("a:b:c", 2, "malformed action reference 'a:b:c': write PLAN_ID:ACTION_ID (e.g. example-scr-2024:1.2) "
                 "or an action id alone"),
])
def test_bad_refs_get_clear_errors(plan_path: Path, runner: CliRunner, ref: str, code: int, message: str) -> None:
    other = plan_path.read_text().replace("id: valid-plan", "id: other-plan")
    (plan_path.parent / "other-plan.yaml").write_text(other)
    assert run(runner, "note", ref, "x") == (code, "", f"actiontrack: {message}\n")


def test_refusals_exit_4_and_same_status_exits_0(plan_path: Path, runner: CliRunner) -> None:
    before = plan_path.read_bytes()
    assert run(runner, "status", "1.2", "dropped") == (
        4, "", "actiontrack: 'dropped' needs a reason: pass --note TEXT saying why valid-plan:1.2 is dropped\n")
    assert run(runner, "status", "1.2", "in-progress") == (
        0, "", "valid-plan:1.2 is already in-progress: nothing written\n")
    assert plan_path.read_bytes() == before


def test_reschedule_and_its_required_reason(plan_path: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "reschedule", "1.2", "2024-12-31")
    assert code == 2 and "Missing option '--reason'" in err
    assert run(runner, "reschedule", "1.2", "Q4 2024/25", "--reason", "Staffing") == (
        0, "", "rescheduled valid-plan:1.2: 2024-09-30 -> 2025-03-31 (line 52); baseline 2024-09-30 recorded\n"
        "note: 2025-03-31 is before today (2026-11-22): the action is overdue at once\n")


def test_bad_dates_are_usage_errors(plan_path: Path, runner: CliRunner) -> None:
    assert run(runner, "note", "1.1", "x", "--date", "2026-13-01") == (
        2, "", "actiontrack: --date: not a date (expected YYYY-MM-DD): '2026-13-01'\n")
    assert run(runner, "note", "1.1", "x", "--date", "2026-11-23") == (
        2, "", "actiontrack: --date 2026-11-23 is after today (2026-11-22): record what has happened, "
               "dated when it happened\n")


def test_note_text_starting_with_a_dash_after_double_dash(plan_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["note", "--by", "JB", *AS_OF, "1.2", "--", "- first bullet"])
    assert result.exit_code == 0, result.stderr
    assert '            by: JB\n            text: "- first bullet"\n' in plan_path.read_text()


def test_new_then_validate_clean(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "plans").mkdir()
    assert run(runner, "new", "example-scr-2026", "--title", "Test plan", "--organisation", "Example",
               "--source-kind", "practice-review") == (0, "", "created plans/example-scr-2026.yaml\n")
    result = runner.invoke(app, ["validate", *AS_OF])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "1 file checked: 0 errors, 0 warnings\n")
    assert run(runner, "new", "example-scr-2026", "--title", "t", "--organisation", "o") == (
        4, "", "actiontrack: plans/example-scr-2026.yaml already exists: nothing was written\n")


def test_plans_option_and_env_var_choose_the_folder(plan_path: Path, runner: CliRunner, in_tmp: Path) -> None:
    plan_path.parent.rename(in_tmp / "register")  # no plans/ folder to find by walking up any more
    moved = in_tmp / "register" / "valid-plan.yaml"
    assert run(runner, "note", "1.1", "x") == (
        3, "", f"actiontrack: no plans/ folder in {in_tmp} or above it: run inside a plans repository, "
               "or pass --plans DIR (or set ACTIONTRACK_PLANS)\n")
    assert run(runner, "note", "1.1", "x", "--plans", "register") == (0, "", "noted valid-plan:1.1 (line 48)\n")
    result = runner.invoke(app, ["note", "1.1", "y", *AS_OF], env={**ENV, "ACTIONTRACK_PLANS": str(moved.parent)})
    assert result.exit_code == 0, result.stderr
    assert [n.text for n in _notes(moved, "1.1")][-2:] == ["x", "y"]


def _notes(path: Path, action_id: str) -> list:  # type: ignore[type-arg]
    from support import load_file

    plan = load_file(path).plan
    assert plan is not None
    return list(next(a for _, a in plan.actions() if a.id == action_id).notes)


@pytest.mark.parametrize("command", ["note", "status", "reschedule", "new"])
def test_command_help_does_not_import_heavy_modules(tmp_path: Path, command: str) -> None:
    code = (
        f"import sys\nsys.argv=['actiontrack','{command}','--help']\nfrom actiontrack.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('ruamel.yaml','dateutil','rich.table','rich.console','actiontrack.edit') if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.stderr == "[]"
    assert "--dry-run" in proc.stdout


def test_status_words_people_use_are_read_as_the_status_they_mean(plan_path: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "status", "valid-plan:1.2", "done", "--note", "Audit done: 20 files")
    assert (code, err) == (0, "status valid-plan:1.2: in-progress -> completed (line 52)\n")  # the word it means
    assert "            status: completed\n" in plan_path.read_text(encoding="utf-8")
    before = plan_path.read_bytes()
    code, _, err = run(runner, "status", "valid-plan:1.2", "undone", "--note", "Reopened")
    assert (code, err) == (2, "actiontrack: unknown status 'undone' (one of: not-started, in-progress, completed, "
                              "embedded, closed, dropped, unknown)\n")
    assert plan_path.read_bytes() == before


def test_an_edit_that_would_add_personal_data_is_refused(plan_path: Path, runner: CliRunner) -> None:
    """The privacy guard runs on what an edit adds: a typed NHS number never reaches the file (synthetic number)."""
    before = plan_path.read_bytes()
    code, out, err = run(runner, "note", "valid-plan:1.1", "Checked the file of NHS 999 000 0018.")
    assert (code, out) == (4, "")
    assert err == ("plans/valid-plan.yaml:50:43: error AT601 possible NHS number '*** *** **18' (valid check digit): "
                   "remove it, or mark it '# privacy-ok: REASON' if it is not private\n"
                   "actiontrack: the new text for plans/valid-plan.yaml holds what looks like personal data (above): "
                   "nothing was written; write the person's role instead, or, if it is not private, add the line by "
                   "hand with a '# privacy-ok: REASON' marker\n")
    assert plan_path.read_bytes() == before
    code, _, err = run(runner, "reschedule", "1.2", "2027-01-31", "--reason", "Family moved to BS1 4DJ")
    assert (code, err.splitlines()[0]) == (4, "plans/valid-plan.yaml:58:94: error AT604 possible postcode '*** ***': "
                                              "remove it, or mark it '# privacy-ok: REASON' if it is not private")


def test_a_match_already_in_the_plan_does_not_block_other_edits(plan_path: Path, runner: CliRunner) -> None:
    text = plan_path.read_text().replace("        text: Issue interim guidance.\n",
                                         "        text: Issue interim guidance to BS1 4DJ.  # privacy-ok: the office\n")
    plan_path.write_text(text)
    assert run(runner, "note", "valid-plan:1.1", "Audit booked.")[0] == 0
