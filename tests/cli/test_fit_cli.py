"""The plan with every field, through the commands: export, show, overdue and summary read every
field, and the edits keep every byte they do not change (x-... keys included)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import DATA, load_file

FIT = DATA / "fit"
AS_OF = "2021-01-15"


@pytest.fixture
def plans(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (in_tmp / "plans").mkdir()
    shutil.copy(FIT / "every-field.yaml", in_tmp / "plans" / "every-field.yaml")
    monkeypatch.setenv("ACTIONTRACK_USER", "AM")
    return in_tmp / "plans" / "every-field.yaml"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    dated = [] if args[0] == "export" else ["--as-of", AS_OF]
    result = runner.invoke(app, [*args, *dated])
    return result.exit_code, result.stdout, result.stderr


def test_export_holds_every_field(plans: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "export")
    assert code == 0
    assert out == (FIT / "every-field.export.json").read_text(encoding="utf-8")
    lines = [json.loads(line) for line in run(runner, "export", "--format", "jsonl")[1].splitlines()]
    assert [(x["version"], x["plan"], x["recommendation"], x["id"], x["status"]) for x in lines] == [
        (4, "every-field", "1", "1.1", "in-progress"), (4, "every-field", "1", "1.2", "completed"),
        (4, "every-field", "1", "1.3", "unknown"), (4, "every-field", "2", "2", "unknown")]


def test_show_gives_the_slip_the_rating_the_lateness_and_the_recommendations(plans: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "every-field", "--format", "markdown")
    assert code == 0
    assert out.split("## People")[0] == (
        "## Example mental health homicide review action plan\n\n"
        "Example NHS Foundation Trust  \n"
        "Source: mental-health-homicide-review, Independent investigation, Example (2020-01-15)  \n"
        "Agreed: 2020-02-01; published 2020-03-31; version v2  \n"
        "Recommendations: 0 of 2 done; actions: 1 of 4 done  \n\n"
        "## Example NHS Foundation Trust\n\n"
        "### Recommendation 1: Risk assessments should be reviewed at every transfer of care.\n\n"
        "overdue, 1 of 3 actions done; owners AM (Alex Morgan); marked in-progress; rated amber  \n\n"
        "| Action | Action text | Owners | Due | State | Latest note |\n"
        "|---|---|---|---|---|---|\n"
        "| 1.1 | Revise the risk assessment policy. | AM (Alex Morgan) | 2020-09-30 (31 September 2020) (was "
        "2020-06-30, +92 days) | overdue (in-progress, rated green) | 2020-07-01 AM: Consultation closed. |\n"
        "| 1.2 | Train ward staff in the revised policy. | AM (Alex Morgan) | 2020-04-30 (within 20 working days "
        "of publication) | completed 2020-05-04 (4 days late, rated green) | 2020-05-04 AM: All wards trained. |\n"
        "| 1.3 | Report compliance to the Board. | DCS | September 2020 - ongoing | unknown |  |\n\n"
        "### Recommendation 2: The police and the trust should share risk information within 24 hours of an "
        "arrest.\n\n"
        "| Action | Action text | Owners | Due | State | Latest note |\n"
        "|---|---|---|---|---|---|\n"
        "| 2 | The police and the trust should share risk information within 24 hours of an arrest. | PC (Pat Cole) "
        "| 2020-02-02 (within 24 hours) | overdue (unknown, rated red) | Dec 2020 PC: Not reported. |\n\n"
    )
    rows = json.loads(run(runner, "show", "every-field", "--format", "json")[1])["rows"]
    assert [(r["action"], r["state"], r["baseline"], r["slip_days"], r["completed_on"], r["late_days"], r["rag"])
            for r in rows] == [
        ("1.1", "overdue", "2020-06-30", 92, None, None, "green"),
        ("1.2", "completed", None, None, "2020-05-04", 4, "green"),
        ("1.3", "unknown", None, None, None, None, None),
        ("2", "overdue", None, None, None, None, "red")]


def test_overdue_by_agency_and_theme(plans: Path, runner: CliRunner) -> None:
    def overdue(*args: str) -> list[tuple[str, str, list[str], str | None]]:
        code, out, _ = run(runner, "overdue", "--format", "json", *args)
        assert code == 0
        return [(r["action"], r["status"], r["agencies"], r["rag"]) for r in json.loads(out)["rows"]]

    assert overdue() == [("2", "unknown", ["Example Police"], "red"),
                         ("1.1", "in-progress", ["Example NHS Foundation Trust"], "green")]
    assert overdue("--agency", "police") == [("2", "unknown", ["Example Police"], "red")]
    assert overdue("--theme", "Risk Assessment") == [("1.1", "in-progress", ["Example NHS Foundation Trust"], "green")]
    assert overdue("--agency", "police", "--theme", "risk assessment") == []


def test_summary_counts_recommendations_lateness_agencies_and_themes(plans: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "summary", "--since", "2020-09-01", "--format", "text")
    assert code == 0
    lines = out.splitlines()
    start = lines.index("Recommendations: 0 of 2 done. Completed late: 1 action.")
    counts = ", due-soon 0, on-track 0, undated 0, unknown {}, completed {}, embedded 0, closed 0, dropped 0"
    assert lines[start:start + 10] == [
        "Recommendations: 0 of 2 done. Completed late: 1 action.",
        "By agency, all plans:",
        "  Example NHS Foundation Trust: overdue 1" + counts.format(0, 1),
        "  Example Police: overdue 1" + counts.format(0, 0),
        "  (no agency): overdue 0" + counts.format(1, 0),
        "By theme, all plans:",
        "  Information sharing: overdue 1" + counts.format(0, 0),
        "  risk assessment: overdue 1" + counts.format(1, 1),
        "  training: overdue 0" + counts.format(0, 1),
        "  transfer of care: overdue 1" + counts.format(1, 1),
    ]
    newly = lines.index("Newly overdue (1)")
    assert lines[newly + 1] == ("  every-field action 1.1, due 2020-09-30, 107 days overdue (rated green): Revise the "
                                "risk assessment policy. (AM)")
    assert "  Dec 2020 every-field action 2, PC: Not reported." in lines


def test_edits_set_completed_on_and_keep_extension_keys(plans: Path, runner: CliRunner) -> None:
    before = plans.read_text(encoding="utf-8")
    code, _, err = run(runner, "status", "every-field:1.1", "completed", "--date", "2021-01-10")
    assert (code, err) == (0, "status every-field:1.1: in-progress -> completed (line 56)\n")
    after = plans.read_text(encoding="utf-8")
    assert after == before.replace(
        "        status: in-progress\n        x-cost-centre: NUR-01\n",
        "        status: completed\n        completed_on: 2021-01-10\n        x-cost-centre: NUR-01\n").replace(
        "            x-source-cell: Progress, row 3\n",
        "            x-source-cell: Progress, row 3\n          - date: 2021-01-10\n            by: AM\n"
        "            text: Status changed from in-progress to completed\n            status: completed\n")
    # Reopened: no longer done, so the completion date goes; the notes keep the history.
    code, _, err = run(runner, "status", "every-field:1.2", "in-progress", "--note", "Two wards retrained.",
                       "--date", "2021-01-10")
    assert (code, err) == (0, "status every-field:1.2: completed -> in-progress (line 74)\n")
    text = plans.read_text(encoding="utf-8")
    assert "completed_on: 2020-05-04" not in text and "        status: in-progress\n        rag: green\n" in text
    plan = load_file(plans).plan
    assert plan is not None
    assert [(a.id, a.status, a.completed_on and a.completed_on.isoformat()) for _, a in plan.actions()] == [
        ("1.1", "completed", "2021-01-10"), ("1.2", "in-progress", None), ("1.3", "unknown", None),
        ("2", "unknown", None)]
    assert plan.actions()[0][1].extra == {"x-cost-centre": "NUR-01"}
    assert plan.actions()[0][1].notes[1].extra == {"x-source-cell": "Progress, row 3"}
    assert run(runner, "validate")[0] == 0


def test_a_recommendation_with_no_actions_is_edited_as_its_action(plans: Path, runner: CliRunner) -> None:
    before = plans.read_text(encoding="utf-8")
    code, _, err = run(runner, "note", "every-field:2", "Protocol agreed with the police.", "--status", "completed",
                       "--date", "2021-01-12")
    assert (code, err) == (0, "noted every-field:2 (line 100)\n")
    assert plans.read_text(encoding="utf-8") == before.replace(
        "    status: unknown\n    rag:", "    status: completed\n    completed_on: 2021-01-12\n    rag:").replace(
        "        text: Not reported.\n",
        "        text: Not reported.\n      - date: 2021-01-12\n        by: AM\n"
        "        text: Protocol agreed with the police.\n        status: completed\n")


def test_reschedule_keeps_an_existing_baseline_and_records_a_first_one(plans: Path, runner: CliRunner) -> None:
    code, _, err = run(runner, "reschedule", "every-field:1.1", "2021-03-31", "--reason", "Committee moved",
                       "--date", "2021-01-12")
    assert (code, err) == (0, "rescheduled every-field:1.1: 2020-09-30 -> 2021-03-31 (line 51)\n")
    code, _, err = run(runner, "reschedule", "every-field:2", "2021-02-28", "--reason", "Protocol in draft",
                       "--date", "2021-01-12")
    assert (code, err) == (0, "rescheduled every-field:2: 2020-02-02 -> 2021-02-28 (line 95); "
                              "baseline 2020-02-02 recorded\n")
    text = plans.read_text(encoding="utf-8")
    assert '        baseline: "June 2020"\n        due: 2021-03-31\n' in text  # the source's wording is kept
    assert "    timescale: within 24 hours\n    due: 2021-02-28\n    baseline: 2020-02-02\n" in text
    plan = load_file(plans).plan
    assert plan is not None
    acts = dict((a.id, a) for _, a in plan.actions())
    assert (acts["1.1"].baseline.isoformat(), acts["2"].baseline.isoformat()) == ("2020-06-30", "2020-02-02")  # type: ignore[union-attr]
    out = runner.invoke(app, ["overdue", "--format", "json", "--as-of", "2021-04-30"]).stdout
    rows = {r["action"]: (r["due"], r["baseline"], r["slip_days"]) for r in json.loads(out)["rows"]}
    assert rows == {"1.1": ("2021-03-31", "2020-06-30", 274), "2": ("2021-02-28", "2020-02-02", 392)}


def test_textconv_gives_each_new_fact_its_own_line(plans: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["textconv", str(plans)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for line in [
        "plan every-field rag scale 2 Substantially achieved: green",
        'plan every-field x-portfolio-holder: "Cabinet Member for Health"',
        "plan every-field person PC: Pat Cole, Detective Inspector, agency Example Police",
        "recommendation 1 owner: AM",
        "recommendation 1 x-date-reported-to-board: \"2020-06-10\"",
        "action 1.1 owner: AM (the recommendation's)",
        "action 1.1 baseline: 2020-06-30 (June 2020)",
        "action 1.1 rag: green (2 Substantially achieved)",
        "action 1.1 note May 2020: Draft circulated.",
        'action 1.1 note 2020-07-01 x-source-cell: "Progress, row 3"',
        "action 1.2 completed on: 2020-05-04",
        "action 1.2 evidence 2020-06-01 x-pages: 4",
        "action 1.3 starts: 2020-09-01",
        "action 2 recommendation: 2 (tracked as one action)",
        "action 2 note Dec 2020 PC: Not reported.",
    ]:
        assert line in lines, line
