"""`actiontrack validate` with the privacy guard, the private names, the SMART switch and --strict: exact output."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from support import DATA

HINT = "remove it, or mark it '# privacy-ok: REASON' if it is not private"
VALID = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")


def plan_with(root: Path, old: str, new: str) -> Path:
    assert VALID.count(old) == 1
    (root / "plans").mkdir(exist_ok=True)
    path = root / "plans" / "valid-plan.yaml"
    path.write_text(VALID.replace(old, new), encoding="utf-8")
    return path


def test_a_fake_nhs_number_fails_validate_with_the_located_masked_finding(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".git").mkdir()  # the repository root, without running git
    plan_with(in_tmp, "text: Guidance issued.", "text: Guidance issued (NHS 999 000 0018).")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert result.stdout == (f"plans/valid-plan.yaml:46:40: error AT601 possible NHS number '*** *** **18' "
                             f"(valid check digit): {HINT}\n")
    assert result.stderr == "1 file checked: 1 error, 0 warnings\n"
    assert "999 000 0018" not in result.output
    assert result.exit_code == 1


def test_an_invalid_check_digit_passes(in_tmp: Path, runner: CliRunner) -> None:
    plan_with(in_tmp, "text: Guidance issued.", "text: Guidance issued (ref 999 000 0017).")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_a_marked_false_positive_passes_and_json_masks_too(in_tmp: Path, runner: CliRunner) -> None:
    plan_with(in_tmp, "text: Guidance issued.",
              "text: Guidance issued; duty desk 01632 960123  # privacy-ok: the council's published duty desk")
    assert runner.invoke(app, ["validate", "--as-of", "2026-11-22"]).exit_code == 0
    plan_with(in_tmp, "text: Guidance issued.", "text: Guidance issued; mum on 07700 900123")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22", "--format", "json"])
    assert result.exit_code == 1
    assert '"message": "possible phone number \'***** ****23\': remove it' in result.stdout
    assert "900123" not in result.stdout


def test_private_names_from_the_repository_root(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".actiontrack").mkdir()
    (in_tmp / ".actiontrack" / "private-names.txt").write_text("# the family\n\nKim Example\n", encoding="utf-8")
    plan_with(in_tmp, "text: Guidance issued.", "text: Guidance issued to kim  example's school.")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert result.stdout == (
        "plans/valid-plan.yaml:46:38: error AT607 a name from .actiontrack/private-names.txt (its line 3, "
        "'*** *******'): remove it or write the person's role instead\n")
    assert result.exit_code == 1


def test_private_names_committed_to_git_are_an_error(make_repo: Callable[..., Repo], runner: CliRunner) -> None:
    repo = make_repo()
    plan_with(repo.path, "id: valid-plan", "id: valid-plan")
    repo.write(".actiontrack/private-names.txt", "Kim Example\n")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert (result.exit_code, result.stdout) == (0, "")
    repo.git("add", ".actiontrack/private-names.txt")  # staged is as bad as committed
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert result.stdout == (
        ".actiontrack/private-names.txt:1:1: error AT704 the private names are in git: run 'git rm --cached "
        ".actiontrack/private-names.txt' and add it to .gitignore (and, if it was ever pushed, treat the names "
        "as published)\n")
    assert result.exit_code == 1


def test_smart_and_strict(in_tmp: Path, runner: CliRunner) -> None:
    # A measure on 1.2 (which has no monitoring), so that AT504 is its one SMART warning.
    plan_with(in_tmp, "text: Audit case files.", "text: Ensure compliance.\n        measure: Every file audited")
    warning = ("plans/valid-plan.yaml:49:9: warning AT504 action '1.2' only says 'Ensure …' with nothing after the "
               "object: say what will change and how you will know (\"Review the form and reissue it to all "
               "midwives\")\n")
    plain = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert (plain.exit_code, plain.stdout) == (0, "")
    smart = runner.invoke(app, ["validate", "--as-of", "2026-11-22", "--smart"])
    assert (smart.exit_code, smart.stdout, smart.stderr) == (0, warning, "1 file checked: 0 errors, 1 warning\n")
    strict = runner.invoke(app, ["validate", "--as-of", "2026-11-22", "--smart", "--strict"])
    assert (strict.exit_code, strict.stdout) == (1, warning)
    # The repository can switch the SMART checks on for everyone.
    (in_tmp / ".actiontrack.toml").write_text("[validate]\nsmart = true\n", encoding="utf-8")
    configured = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert (configured.exit_code, configured.stdout) == (0, warning)


def test_a_broken_config_is_a_located_error(in_tmp: Path, runner: CliRunner) -> None:
    shutil.copy(DATA / "valid-plan.yaml", (in_tmp / "plans").mkdir() or in_tmp / "plans")
    (in_tmp / ".actiontrack.toml").write_text(
        "[validate]\nsmrt = true\n\n[[escalations]]\nname = 'Late'\nkind = 'overdue'\nmore_then = 30\n"
        "\n[[escalations]]\nname = 'Quiet'\nkind = 'quiet'\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert result.stdout.splitlines() == [
        ".actiontrack.toml:2:1: error AT702 unknown key 'smrt' in [validate]: did you mean 'smart'?",
        ".actiontrack.toml:7:1: error AT702 unknown key 'more_then' for a 'overdue' rule: did you mean 'more_than'?",
        ".actiontrack.toml:11:1: error AT702 unknown rule kind 'quiet' (known: overdue, silent, moved, red, "
        "stale-evidence)",
    ]
    assert result.exit_code == 1
    (in_tmp / ".actiontrack.toml").write_text("[validate]\nsmart = yes\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert result.stdout == ".actiontrack.toml:2:9: error AT701 TOML syntax error: Invalid value\n"


def test_export_redact_for_publication(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".actiontrack").mkdir()
    (in_tmp / ".actiontrack" / "private-names.txt").write_text("Kim Example\n", encoding="utf-8")
    plan_with(in_tmp, "text: Guidance issued.",
              "text: Alex Morgan met kim example; NHS 999 000 0018 noted  # privacy-ok: reviewed")
    result = runner.invoke(app, ["export", "--format", "jsonl", "--redact"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0
    assert [(r["id"], r["owners"]) for r in rows] == [
        ("1.1", ["Business Manager", "Team Managers"]), ("1.2", ["JB"]), ("2.1", ["Named Nurse"]),
        ("2.2", ["Named Nurse"])]
    assert rows[0]["notes"][0] == {"date": "2024-03-10", "by": "Business Manager",
                                   "text": "Business Manager met [private name removed]; NHS [NHS number removed] noted",
                                   "status": "completed", "extra": {}}
    assert rows[3]["notes"][0]["by"] == "JB"  # Jo Bloggs has no role in the key: the initials stand in
    plain = runner.invoke(app, ["export", "--format", "jsonl"])
    assert "Alex Morgan met kim example; NHS 999 000 0018 noted" in plain.stdout
