"""`actiontrack validate`, `timescale` and `export` end to end: exact output and exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import DATA, REPO

BROKEN = DATA / "broken"

# One located finding (at least) per broken file; each file alone gives exit 1 and no traceback.
BROKEN_EXPECTED = {
    "alias-bomb.yaml": "alias-bomb.yaml:1:4: error AT006 anchor &a refused: anchors and aliases are not part of the plan format",
    "binary.yaml": "binary.yaml:1:1: error AT003 binary data (NUL byte): not a text file",
    "custom-tag.yaml": "custom-tag.yaml:1:5: error AT007 tag !python/object:os.system refused: plain YAML only (write the value as text)",
    "duplicate-ids.yaml": "duplicate-ids.yaml:16:9: error AT201 duplicate action id '1.1' (first at line 11)",
    "empty.yaml": "empty.yaml:1:1: error AT004 empty file: a plan needs at least an id",
    "latin1.yaml": "latin1.yaml:1:8: error AT003 not UTF-8 text: save the file as UTF-8",
    "not-a-mapping.yaml": "not-a-mapping.yaml:1:1: error AT103 the plan must be a mapping of fields, not a list",
    "tabs.yaml": "tabs.yaml:3:1: error AT002 tab character in indentation: indent with spaces",
    "truncated.yaml": "truncated.yaml:32:19: error AT001 YAML syntax error: did not find expected ',' or ']' "
                      "(while parsing a flow sequence)",
    "two-documents.yaml": "two-documents.yaml:2:1: error AT001 YAML syntax error: more than one document in the file "
                          "(one plan per file)",
    "unknown-keys.yaml": "unknown-keys.yaml:4:1: error AT101 unknown key 'sorce' in the plan: did you mean 'source'?",
    "wrong-types.yaml": "wrong-types.yaml:2:8: error AT103 'title' must be text, not a list",
}


@pytest.fixture
def broken_dir(in_tmp: Path) -> Path:
    dest = in_tmp / "broken"
    shutil.copytree(BROKEN, dest)
    return dest


@pytest.mark.parametrize("name", sorted(BROKEN_EXPECTED))
def test_each_broken_file_gives_a_located_finding(broken_dir: Path, runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, ["validate", f"broken/{name}"])
    assert result.exit_code == 1, result.output
    assert f"broken/{BROKEN_EXPECTED[name]}" in result.stdout.splitlines()
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_keys_and_wrong_types_report_every_problem(broken_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "broken/unknown-keys.yaml", "broken/wrong-types.yaml"])
    assert result.stdout.splitlines() == [
        "broken/unknown-keys.yaml:1:1: error AT102 missing required field 'source' in the plan",
        "broken/unknown-keys.yaml:4:1: error AT101 unknown key 'sorce' in the plan: did you mean 'source'?",
        "broken/unknown-keys.yaml:8:5: error AT102 missing required field 'actions' in a recommendation (or its 'status', to track a recommendation with no actions as one action)",
        "broken/unknown-keys.yaml:10:5: error AT101 unknown key 'actons' in a recommendation: did you mean 'actions'?",
        "broken/wrong-types.yaml:2:8: error AT103 'title' must be text, not a list",
        "broken/wrong-types.yaml:4:9: error AT103 'source' must be a mapping of fields, not text ('serious-case-review')",
        "broken/wrong-types.yaml:5:7: error AT103 'date' must be a date (YYYY-MM-DD), not text ('12/03/2024')",
        "broken/wrong-types.yaml:7:9: error AT103 'id' must be text, not a number (6.10): quote it (\"6.10\")",
        "broken/wrong-types.yaml:9:14: error AT103 'actions' must be a list, not text ('none')",
    ]
    assert result.exit_code == 1


def test_ten_megabyte_file_is_refused_without_parsing(in_tmp: Path, runner: CliRunner) -> None:
    big = in_tmp / "huge.yaml"
    big.write_bytes(b"id: huge\n" + b"# padding padding padding padding padding\n" * 250_000)
    result = runner.invoke(app, ["validate", "huge.yaml"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"huge.yaml:1:1: error AT005 file is {big.stat().st_size:,} bytes, over the 2,097,152-byte "
        "limit for a plan: split it\n"
    )


def test_whole_corpus_in_one_run_sorted_by_file(broken_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "broken"])
    assert result.exit_code == 1
    files = [line.split(":", 1)[0] for line in result.stdout.splitlines()]
    assert files == sorted(files)
    assert set(files) == {f"broken/{name}" for name in BROKEN_EXPECTED}
    assert result.stderr.endswith(" errors, 0 warnings\n")
    assert result.stderr.startswith("12 files checked: ")


def test_valid_plan_exit_zero_and_summary(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", in_tmp / "plans" / "valid-plan.yaml")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "1 file checked: 0 errors, 0 warnings\n"


def test_plans_found_by_walking_up(in_tmp: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_tmp / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", in_tmp / "plans" / "valid-plan.yaml")
    deep = in_tmp / "a" / "b"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"files": 1, "errors": 0, "warnings": 0, "findings": []}


def test_plans_env_var_and_missing_folder(in_tmp: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate"], env={"ACTIONTRACK_PLANS": str(in_tmp / "nowhere")})
    assert result.exit_code == 3
    assert result.stderr == f"actiontrack: plans folder not found: {in_tmp / 'nowhere'}\n"
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 3
    assert result.stderr == (
        f"actiontrack: no plans/ folder in {in_tmp} or above it: run inside a plans repository, "
        "or pass --plans DIR (or set ACTIONTRACK_PLANS)\n"
    )


def test_json_format_contract(broken_dir: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "json", "broken/tabs.yaml"])
    assert result.exit_code == 1
    assert result.stdout == (
        '{\n  "files": 1,\n  "errors": 1,\n  "warnings": 0,\n  "findings": [\n    {\n'
        '      "file": "broken/tabs.yaml",\n      "line": 3,\n      "col": 1,\n      "severity": "error",\n'
        '      "code": "AT002",\n      "message": "tab character in indentation: indent with spaces"\n    }\n  ]\n}\n'
    )


def test_github_format_escapes_properties_and_data(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "a,b:c.yaml").write_text("id: x\n---\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "--format", "github", "a,b:c.yaml"])
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=a%2Cb%3Ac.yaml,line=2,col=1,title=AT001::YAML syntax error: more than one document "
        "in the file (one plan per file)\n"
    )


def test_bad_as_of_is_a_usage_error(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "plans").mkdir()
    result = runner.invoke(app, ["validate", "--as-of", "19.10.12"])
    assert result.exit_code == 2
    assert result.stderr == "actiontrack: --as-of: not a date (expected YYYY-MM-DD): '19.10.12'\n"


def test_missing_path_is_not_found(in_tmp: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "nope.yaml"])
    assert result.exit_code == 3
    assert result.stderr == "actiontrack: no such file or folder: nope.yaml\n"


def test_timescale_command_json_and_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["timescale", "Sept 03", "--plan-date", "2003-06-04", "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout == (
        '{\n  "version": 2,\n  "text": "Sept 03",\n  "kind": "date",\n  "due": "2003-09-30",\n  "recurs": null,\n'
        '  "starts": null,\n  "corrected": false\n}\n'
    )
    result = runner.invoke(app, ["timescale", "April 2003 (and yearly thereafter)", "--plan-date", "2002-10-01"])
    assert result.stdout == "April 2003 (and yearly thereafter) -> date 2003-04-30, recurs P1Y\n"
    result = runner.invoke(app, ["timescale", "TBC", "--plan-date", "2002-10-01", "--format", "json"])
    assert json.loads(result.stdout) == {"version": 2, "text": "TBC", "kind": "unknown", "due": None,
                                         "recurs": None, "starts": None, "corrected": False}
    result = runner.invoke(app, ["timescale", "Sept 03", "--plan-date", "junk"])
    assert result.exit_code == 2
    assert result.stderr == "actiontrack: --plan-date: not a date (expected YYYY-MM-DD): 'junk'\n"


def test_timescale_command_reads_the_new_rules(runner: CliRunner) -> None:
    def read(*args: str) -> str:
        result = runner.invoke(app, ["timescale", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert read("within 5 working days", "--plan-date", "2012-12-20") == "within 5 working days -> date 2012-12-31\n"
    assert read("within 72 hours", "--plan-date", "2012-12-20") == "within 72 hours -> date 2012-12-23\n"
    assert read("September 2020 \u2013 ongoing", "--plan-date", "2020-01-01") == (
        "September 2020 \u2013 ongoing -> ongoing from 2020-09-01\n")
    assert read("31 September 2020", "--plan-date", "2020-01-01") == (
        "31 September 2020 -> date 2020-09-30 (a day past the month's end, read as the month's last day)\n")
    phrase = "within six months of the publication of this report"
    assert read(phrase, "--plan-date", "2012-07-27") == f"{phrase} -> unknown\n"
    assert read(phrase, "--plan-date", "2012-07-27", "--published", "2012-09-30") == f"{phrase} -> date 2013-03-30\n"
    result = runner.invoke(app, ["timescale", phrase, "--published", "2012-02-30"])
    assert (result.exit_code, result.stderr) == (2, "actiontrack: --published: not a date (expected YYYY-MM-DD): "
                                                    "'2012-02-30'\n")


def test_export_json_contract(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", in_tmp / "plans" / "valid-plan.yaml")
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "plans", "unreadable"]
    assert (doc["version"], doc["unreadable"]) == (4, [])
    plan = doc["plans"][0]
    assert list(plan) == ["id", "title", "organisation", "source", "date", "published", "version", "completed_by",
                          "rag_scale", "reaudit", "people", "groups", "extra", "file", "recommendations"]
    assert plan["source"] == {"kind": "serious-case-review", "reference": "SCR Test", "date": "2024-01-15",
                              "extra": {}}
    assert plan["people"][0] == {"key": "AM", "name": "Alex Morgan", "role": "Business Manager", "agency": None,
                                 "extra": {}}
    assert plan["file"] == "plans/valid-plan.yaml"
    rec = plan["recommendations"][0]
    assert list(rec) == ["id", "text", "group", "outcome", "references", "amendments", "owners", "status", "rag",
                         "rag_label", "themes", "standalone", "extra", "actions"]
    assert rec["actions"][0] == {
        "id": "1.1", "text": "Issue interim guidance.", "owners": ["AM", "Team Managers"], "owners_inherited": False,
        "agency": None, "agencies": [], "timescale": "With immediate effect", "due": "2024-02-01",
        "kind": "immediate", "recurs": None, "starts": None, "baseline": None, "baseline_text": None,
        "slip_days": None, "status": "completed", "completed_on": None, "late_days": None, "rag": None,
        "rag_label": None, "priority": None, "themes": [], "all_themes": [], "monitoring": "Audit of implementation",
        "measure": None, "expected_evidence": None,
        "notes": [{"date": "2024-03-10", "by": "AM", "text": "Guidance issued.", "status": "completed", "extra": {}}],
        "evidence": [], "extra": {}, "line": 37,
    }
    assert rec["actions"][1]["due"] == "2024-09-30"  # filled from the wording "Sept 24"
    yearly = plan["recommendations"][1]["actions"][0]
    assert (yearly["due"], yearly["kind"], yearly["recurs"]) == ("2024-04-30", "date", "P1Y")


def test_export_jsonl_one_action_per_line(in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", in_tmp / "plans" / "valid-plan.yaml")
    result = runner.invoke(app, ["export", "--format", "jsonl"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["plan"], x["recommendation"], x["id"]) for x in lines] == [
        ("valid-plan", "1", "1.1"), ("valid-plan", "1", "1.2"), ("valid-plan", "2", "2.1"), ("valid-plan", "2", "2.2"),
    ]
    assert list(lines[0])[:4] == ["version", "plan", "recommendation", "id"]
    assert lines[3]["due"] == "2024-12-31" and lines[3]["file"] == "plans/valid-plan.yaml"


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "actiontrack", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0
    assert "validate" in proc.stdout


def test_help_does_not_import_heavy_modules(tmp_path: Path) -> None:
    code = (
        "import sys\nsys.argv=['actiontrack','--help']\nfrom actiontrack.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy=[m for m in ('ruamel.yaml','dateutil','rich.table','rich.console','actiontrack.load') if m in sys.modules]\n"
        "sys.stderr.write(repr(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.stderr == "[]"


def test_every_command_has_help(runner: CliRunner) -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help"


def test_seed_plans_validate_clean(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["validate", "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.stdout
    assert "error" not in result.stdout


def test_version(runner: CliRunner) -> None:
    from actiontrack import __version__

    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"actiontrack {__version__}\n")
