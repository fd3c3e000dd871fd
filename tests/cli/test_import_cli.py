"""`import` end to end: the exact plan written, the report, never overwriting, dry runs, JSON, and
hostile files (each one error line and its exit code, nothing written)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

import import_hostile as hostile

AS_OF = ["--as-of", "2013-02-01"]
# A plan whose every action reports progress, so that it validates with today's format alone.
CSV = ('Recommendation;Action;Timescale;Lead;Progress\n'
       '1. Records should show a chronology.;"Commission training\nAudit files";March 2013;Workforce Lead;'
       '"Training agreed in principle\n14.1.13 audit started"\n'
       '2. Managers should check plans.;Supervision to cover plans;TBC;SM/QA Lead;Not started\n')
OPTIONS = ["--organisation", "Example Council", "--date", "2012-11-01", "--progress-date", "2013-01-31"]
PLAN = """\
# Imported by `actiontrack import` from small.csv (header at row 1) on 2013-02-01.
# Each '# import:' comment marks a judgement the importer made: check it against the source, then delete it.
# Columns read:
#   A 'Recommendation' -> recommendation
#   B 'Action' -> action
#   C 'Timescale' -> timescale
#   D 'Lead' -> owner
#   E 'Progress' -> progress
# Read as UTF-8, fields separated by semicolons (the most consistent split).
id: small
# import: the file's name (--title gives the plan's own title)
title: small
organisation: Example Council
source:
  kind: other
date: 2012-11-01
recommendations:
  - id: "1"
    text: Records should show a chronology.
    actions:
      # import: one line each in Timescale (C2) and Lead (D2) for 2 actions: each action takes them
      # import: Progress (E2) 'Training agreed in principle' gives no date: the note is dated 2013-01-31, the date --progress-date gives
      # import: status in-progress: the words 'in principle' in Progress (E2)
      - id: "1.1"
        text: Commission training
        owners: [Workforce Lead]
        timescale: March 2013
        status: in-progress
        notes:
          - date: 2013-01-31
            by: Example Council
            text: Training agreed in principle
            status: in-progress
      # import: status in-progress: the words 'started' in Progress (E2)
      - id: "1.2"
        text: Audit files
        owners: [Workforce Lead]
        timescale: March 2013
        status: in-progress
        notes:
          - date: 2013-01-14
            by: Example Council
            text: 14.1.13 audit started
            status: in-progress
  - id: "2"
    text: Managers should check plans.
    actions:
      # import: Progress (E3) 'Not started' gives no date: the note is dated 2013-01-31, the date --progress-date gives
      # import: status not-started: the words 'Not started' in Progress (E3)
      - id: "2.1"
        text: Supervision to cover plans
        owners: [SM/QA Lead]
        timescale: TBC
        status: not-started
        notes:
          - date: 2013-01-31
            by: Example Council
            text: Not started
            status: not-started
"""
REPORT = """\
read small.csv: header at row 1, 2 rows below it
columns: A 'Recommendation' -> recommendation, B 'Action' -> action, C 'Timescale' -> timescale, D 'Lead' -> owner, E 'Progress' -> progress
made 0 groups, 2 recommendations, 3 actions, 3 notes
  read as UTF-8, fields separated by semicolons (the most consistent split)
timescales read as unknown (1):
  C3 (action 2.1): 'TBC'
plans/small.yaml:53:9: warning AT205 timescale 'TBC' is not a date actiontrack can read: add 'due: YYYY-MM-DD' (check with: actiontrack timescale "TBC")
"""


@pytest.fixture
def folder(in_tmp: Path) -> Path:
    (in_tmp / "plans").mkdir()
    (in_tmp / "small.csv").write_text(CSV, encoding="utf-8")
    return in_tmp


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["import", *args, *AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_import_writes_the_plan_and_reports_on_stderr(folder: Path, runner: CliRunner) -> None:
    assert run(runner, "small.csv", *OPTIONS) == (0, "", REPORT + "created plans/small.yaml\n")
    assert (folder / "plans" / "small.yaml").read_text(encoding="utf-8") == PLAN
    validated = runner.invoke(app, ["validate", *AS_OF])
    assert (validated.exit_code, validated.stderr) == (0, "1 file checked: 0 errors, 1 warning\n")


def test_import_never_overwrites_a_file_or_a_plan_id(folder: Path, runner: CliRunner) -> None:
    target = folder / "plans" / "small.yaml"
    target.write_text("# someone's own plan\n", encoding="utf-8")
    assert run(runner, "small.csv", *OPTIONS) == (4, "", "actiontrack: plans/small.yaml already exists: "
                                                         "nothing was written\n")
    assert target.read_text(encoding="utf-8") == "# someone's own plan\n"
    target.write_text(PLAN, encoding="utf-8")
    target.rename(folder / "plans" / "elsewhere.yaml")  # the id 'small' now lives in another file
    assert run(runner, "small.csv", *OPTIONS) == (4, "", "actiontrack: plan id 'small' is already used by "
                                                         "plans/elsewhere.yaml: nothing was written\n")
    assert sorted(p.name for p in (folder / "plans").iterdir() if p.suffix == ".yaml") == ["elsewhere.yaml"]


def test_dry_run_prints_the_plan_and_writes_nothing(folder: Path, runner: CliRunner) -> None:
    assert run(runner, "small.csv", *OPTIONS, "--dry-run") == (
        0, PLAN, REPORT + "dry run: nothing written to plans/small.yaml\n")
    assert not (folder / "plans" / "small.yaml").exists()


def test_json_report(folder: Path, runner: CliRunner) -> None:
    code, out, err = run(runner, "small.csv", *OPTIONS, "--format", "json", "--dry-run")
    assert (code, err) == (0, "")
    doc = json.loads(out)
    assert list(doc) == ["version", "file", "table", "header", "rows", "columns", "groups", "recommendations",
                         "actions", "notes", "not_understood", "unknown_timescales", "facts", "plan_file", "written",
                         "findings", "yaml"]
    assert doc["version"] == 1 and doc["yaml"] == PLAN and doc["written"] is False
    assert doc["columns"][0] == {"column": "A", "header": "Recommendation", "key": "recommendation", "how": "header",
                                 "hidden": False}
    assert doc["unknown_timescales"] == [{"where": "C3", "action": "2.1", "timescale": "TBC"}]
    assert [f["code"] for f in doc["findings"]] == ["AT205"]
    assert (doc["groups"], doc["recommendations"], doc["actions"], doc["notes"]) == (0, 2, 3, 3)


@pytest.mark.parametrize(("args", "message"), [
    (["--map", "Lead=owners"], "--map Lead=owners: unknown field 'owners': did you mean 'owner'? (fields: number, "
     "recommendation, outcome, action, timescale, owner, agency, progress, rag, measure, monitoring, revised, "
     "completed, priority, group, status, id, due, baseline, note, or x-NAME)"),
    (["--map", "Leed=owner"], "--map Leed=owner: no column 'Leed': did you mean 'Lead'? (columns: A 'Recommendation', "
     "B 'Action', C 'Timescale', D 'Lead', E 'Progress')"),
    (["--map", "Recommendation=x-text"], "no column holds the recommendations: name it with --map "
     "COLUMN=recommendation (columns: A 'Recommendation', B 'Action', C 'Timescale', D 'Lead', E 'Progress')"),
    (["--rag-scale", "Done=purple"], "--rag-scale Done=purple: the colour must be one of red, amber, green, blue"),
    (["--sheet", "Plan"], "--sheet chooses a sheet of a workbook (.xlsx); this file has none"),
    (["--id", "Small Plan"], "--id 'Small Plan' is not a plan id: use lower-case letters, digits and '-' "
     "(e.g. example-scr-2024)"),
    (["--source-kind", "review"], "unknown source kind 'review' (one of: serious-case-review, "
     "child-safeguarding-practice-review, rapid-review, practice-review, safeguarding-adults-review, adults-review, "
     "domestic-homicide-review, mental-health-homicide-review, joint-targeted-area-inspection, inspection, "
     "scrutiny-review, audit, inquiry, other)"),
    (["--date", "1.11.12"], "--date: not a date (expected YYYY-MM-DD): '1.11.12'"),
])
def test_bad_options_are_usage_errors(folder: Path, runner: CliRunner, args: list[str], message: str) -> None:
    assert run(runner, "small.csv", *OPTIONS, *args) == (2, "", f"actiontrack: {message}\n")
    assert list((folder / "plans").iterdir()) == []


def test_a_missing_file_is_not_found(folder: Path, runner: CliRunner) -> None:
    assert run(runner, "nowhere.csv", *OPTIONS) == (3, "", "actiontrack: no such file: nowhere.csv\n")


def test_a_csv_without_a_date_asks_for_one(folder: Path, runner: CliRunner) -> None:
    assert run(runner, "small.csv", "--organisation", "Example Council") == (
        2, "", "actiontrack: give --date YYYY-MM-DD, the day the plan was agreed: small.csv does not record one, "
               "and relative timescales ('Within 3 months', 'Immediate') count from it\n")


HOSTILE = [
    ("big.xlsx", lambda p: hostile.big_xlsx(p, 100_000),
     "cannot import big.xlsx, sheet 'Plan': the table has more than 10,000 rows holding a value: an action plan is "
     "far smaller; import the plan's own rows (save them as their own file)"),
    ("bomb.xlsx", hostile.zip_bomb_xlsx,
     "cannot import bomb.xlsx: it would unpack to 2,147,485,026 bytes, over the 134,217,728-byte limit (a zip bomb, "
     "or a document full of pictures)"),
    ("locked.xlsx", hostile.encrypted_xlsx,
     "cannot import locked.xlsx: it is encrypted (password-protected): open it, remove the password, save it, and "
     "import the saved copy"),
    ("cut.xlsx", lambda p: hostile.truncated(hostile.big_xlsx(p.with_name("whole.xlsx"), 50), p),
     "cannot import cut.xlsx: the .xlsx file is damaged (File is not a zip file)"),
    ("prose.docx", hostile.docx_without_table,
     "cannot import prose.docx: the document has no table: import reads a plan from a table (in Word, "
     "Insert > Table), a sheet or a CSV file"),
    ("big.csv", lambda p: p.write_text("Recommendation,Action\n" + "R,Do it\n" * 100_000, encoding="utf-8"),
     "cannot import big.csv: the table has more than 10,000 rows holding a value: an action plan is far smaller; "
     "import the plan's own rows (save them as their own file)"),
    ("plan.xls", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
     "cannot import plan.xls: it is an old Excel file: save it as .xlsx"),
    ("old.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
     "cannot import old.docx: it is an old .doc file, not .docx: open it and save it as .docx first"),
    ("binary.csv", lambda p: p.write_bytes(b"Recommendation,Action\n\x00\x01\x02"),
     "cannot import binary.csv: it is not a text file (it holds NUL bytes): save the sheet as CSV"),
]


@pytest.mark.parametrize(("name", "make", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_give_one_error_line_and_write_nothing(folder: Path, runner: CliRunner, name: str,
                                                            make: object, message: str) -> None:
    make(folder / name)  # type: ignore[operator]
    assert run(runner, name, *OPTIONS) == (2, "", f"actiontrack: {message}\n")
    assert list((folder / "plans").iterdir()) == []


def test_formulas_are_never_run_and_unsaved_ones_are_reported(folder: Path, runner: CliRunner) -> None:
    hostile.formulas_xlsx(folder / "formulas.xlsx")
    code, out, err = run(runner, "formulas.xlsx", *OPTIONS, "--format", "json", "--dry-run")
    doc = json.loads(out)
    assert (code, err) == (0, "")
    assert doc["not_understood"] == [
        {"where": w, "message": "a formula with no saved value (the file was never recalculated by a spreadsheet): "
                                "left empty"} for w in ("C2", "C3")]
    assert "HYPERLINK" not in doc["yaml"] and "cmd" not in doc["yaml"] and "timescale:" not in doc["yaml"]


def test_the_worked_example_in_docs_is_what_import_does() -> None:
    from test_docs import fenced

    (csv,) = fenced("import.md", "csv")
    (plan,) = fenced("import.md", "yaml")
    console = next(b for b in fenced("import.md", "console") if "actiontrack import small.csv" in b)
    command, *report = console.splitlines(keepends=True)
    assert (csv, plan) == (CSV, PLAN)
    assert command == "$ actiontrack import small.csv " + " ".join(
        f'"{a}"' if " " in a else a for a in OPTIONS) + " " + " ".join(AS_OF) + "\n"
    assert "".join(report) == REPORT + "created plans/small.yaml\n"


def test_personal_data_in_the_source_is_refused_masked(folder: Path, runner: CliRunner) -> None:
    (folder / "private.csv").write_text("Recommendation,Action,Lead,Progress\n"
                                        "Records show a chronology.,Check the file (NHS 943 476 5919),Lead,Done\n",
                                        encoding="utf-8")
    assert run(runner, "private.csv", *OPTIONS) == (4, "", (
        "plans/private.yaml:23:35: error AT601 possible NHS number '*** *** **19' (valid check digit): remove it, "
        "or mark it '# privacy-ok: REASON' if it is not private\n"
        "actiontrack: the source holds what looks like personal data (above, masked): take it out of the source, "
        "or write it as a pseudonym, and import again; nothing was written\n"))
    # Only the lock's sidecar, as every writing command leaves it (issue 12 moves lock files out of plans/).
    assert [p.name for p in (folder / "plans").iterdir()] == [".private.yaml.lock"]


PRIORITY_CSV = ('Recommendation;Action;Timescale;Lead;Progress;Priority\n'
                '1. Records should show a chronology.;"Commission training\nAudit files";March 2013;Workforce Lead;'
                'Not started;"High\nM"\n'
                '2. Managers should check plans.;Supervision to cover plans;March 2013;Workforce Lead;Not started;'
                'Urgent\n')


def test_a_priority_column_fills_priority_and_keeps_what_it_cannot_map(folder: Path, runner: CliRunner) -> None:
    (folder / "ranked.csv").write_text(PRIORITY_CSV, encoding="utf-8")
    code, out, err = run(runner, "ranked.csv", *OPTIONS, "--dry-run")
    assert code == 0
    assert "#   F 'Priority' -> priority\n" in out
    priorities = [line.strip() for line in out.splitlines() if "priority" in line and not line.startswith("#")]
    assert priorities == ["priority: high", "# import: Priority (F2) says 'M': priority medium",
                          "priority: medium", "x-priority: Urgent"]
    assert "not understood (1):\n  F3: 'Urgent' is not a priority (high, medium, low): kept as x-priority\n" in err
    (folder / "plans" / "ranked.yaml").write_text(out, encoding="utf-8")
    shown = json.loads(runner.invoke(app, ["export", "--format", "json", *AS_OF]).stdout)
    acts = [a for r in shown["plans"][0]["recommendations"] for a in r["actions"]]
    assert [(a["priority"], a["extra"]) for a in acts] == [("high", {}), ("medium", {}),
                                                          (None, {"x-priority": "Urgent"})]
    validated = runner.invoke(app, ["validate", *AS_OF])
    assert (validated.exit_code, validated.stderr) == (0, "1 file checked: 0 errors, 0 warnings\n")
