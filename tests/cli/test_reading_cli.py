"""`overdue`, `due`, `show` and `list`: rows, recurring rules, filters, formats and exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

import support
from support import DATA as TEST_DATA
from support import REPO

DATA = TEST_DATA / "reading"


@pytest.fixture
def reading(in_tmp: Path) -> Path:
    shutil.copytree(DATA, in_tmp / "plans")
    return in_tmp / "plans"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def ids(stdout: str) -> list[str]:
    return [f"{r['plan']}:{r['action']}" for r in json.loads(stdout)["rows"]]


# ---------------------------------------------------------------- the seed plans, at their own dates


def test_seed_004_as_at_its_own_version_date_nothing_is_overdue(runner: CliRunner,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Version v1.4 of the Thurrock plan is dated 19.10.12: a reader sees nothing late yet."""
    monkeypatch.chdir(REPO)
    code, out, _ = run(runner, "overdue", "--plan", "thurrock-ofsted-2012", "--as-of", "2012-10-19")
    assert (code, out) == (0, "Nothing overdue on 2012-10-19 among the actions with a due date. 4 open actions have "
                              "no readable due date, so whether they are overdue cannot be judged (undated): see them "
                              "with actiontrack show thurrock-ofsted-2012.\n")
    # "Partly completed as at 18.10.12", due "By 27.10.12": due in 8 days, not overdue.
    code, out, _ = run(runner, "due", "--plan", "thurrock-ofsted-2012", "--as-of", "2012-10-19", "--format", "json")
    rows = {r["action"]: r for r in json.loads(out)["rows"]}
    assert rows["15.2"]["days_left"] == 8
    assert rows["15.2"]["latest_note"] == {"date": "2012-10-19", "by": "Thurrock Council",
                                           "text": "Partly completed as at 18.10.12"}
    # Soonest first: the nine open actions due 27.10.12, then the quarterly report due 1.11.12.
    assert [(a, r["due"], r["days_left"]) for a, r in rows.items()] == [
        ("1.2", "2012-10-27", 8), ("1.3", "2012-10-27", 8), ("2.2", "2012-10-27", 8), ("3.2", "2012-10-27", 8),
        ("10.3", "2012-10-27", 8), ("15.2", "2012-10-27", 8), ("16.2", "2012-10-27", 8),
        ("17.2", "2012-10-27", 8), ("19.2", "2012-10-27", 8), ("8.5", "2012-11-01", 13)]


def test_seed_004_a_week_after_the_deadline(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run(runner, "overdue", "--plan", "thurrock-ofsted-2012", "--as-of", "2012-11-03",
                       "--format", "tsv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("plan\trecommendation\taction\ttext\towners\tgroup\tagencies\tthemes\tdue\tdays_overdue\t"
                        "status\trag\trag_label\tbaseline\tslip_days\ttimescale\tlatest_note\tfile\tline")
    # Everything still open that was due by 27.10.12 or 1.11.12 is now late, most overdue first.
    assert [line.split("\t")[2] + "/" + line.split("\t")[9] for line in lines[1:]] == [
        "1.2/7", "1.3/7", "2.2/7", "3.2/7", "10.3/7", "15.2/7", "16.2/7", "17.2/7", "19.2/7", "8.5/2",
    ]


def test_seed_002_as_the_document_stood(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Herefordshire's outcome column was last updated in July 2003: what was still outstanding?"""
    monkeypatch.chdir(REPO)
    code, out, _ = run(runner, "overdue", "--plan", "herefordshire-scr-me-2002", "--as-of", "2003-07-31",
                       "--format", "json", "--sort", "due")
    assert code == 0
    # Only actions whose outcome cell records nothing; 10.2 (ACPC to amend the protocol) among them.
    assert [(r["action"], r["due"], r["days_overdue"]) for r in json.loads(out)["rows"]] == [
        ("20-1.2", "2003-03-31", 122), ("20-2.2", "2003-03-31", 122), ("20-2.3", "2003-04-30", 92),
        ("10.2", "2003-06-30", 31),
    ]


# ---------------------------------------------------------------- rules


def test_overdue_json_contract_verbatim(reading: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "overdue", "--as-of", "2024-07-20", "--format", "json", "--plan", "alpha-scr",
                       "--owner", "CD")
    assert code == 0
    assert out == """{
  "version": 3,
  "as_of": "2024-07-20",
  "rows": [
    {
      "plan": "alpha-scr",
      "recommendation": "1",
      "action": "1.2",
      "text": "=HYPERLINK(\\"http://example.invalid\\",\\"click\\")",
      "owners": [
        "CD",
        "Named Nurse"
      ],
      "group": "Alpha NHS Trust",
      "agencies": [],
      "themes": [],
      "due": "2024-06-30",
      "days_overdue": 20,
      "status": "in-progress",
      "rag": null,
      "rag_label": null,
      "baseline": null,
      "slip_days": null,
      "timescale": null,
      "latest_note": {
        "date": "2024-05-01",
        "by": "CD",
        "text": "[red]alert[/] [link=http://example.invalid]y[/link] half done"
      },
      "file": "plans/alpha-scr.yaml",
      "line": 30
    }
  ],
  "not_judged": {
    "undated": 0,
    "unknown": 0
  },
  "unreadable": []
}
"""


def test_most_overdue_first_by_default(reading: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "overdue", "--as-of", "2024-07-20", "--format", "json")
    rows = json.loads(out)["rows"]
    assert [(r["plan"], r["action"], r["days_overdue"]) for r in rows] == [
        ("alpha-scr", "1.1", 111), ("beta-inspection", "1.1", 96), ("alpha-scr", "1.2", 20),
        ("beta-inspection", "1.2", 10), ("alpha-scr", "1.3", 5),
    ]


@pytest.mark.parametrize(("sort", "expected"), [
    ("due", ["alpha-scr:1.1", "beta-inspection:1.1", "alpha-scr:1.2", "beta-inspection:1.2", "alpha-scr:1.3"]),
    ("plan", ["alpha-scr:1.1", "alpha-scr:1.2", "alpha-scr:1.3", "beta-inspection:1.1", "beta-inspection:1.2"]),
    ("owner", ["alpha-scr:1.1", "alpha-scr:1.3", "alpha-scr:1.2", "beta-inspection:1.2", "beta-inspection:1.1"]),
])
def test_sort_orders(reading: Path, runner: CliRunner, sort: str, expected: list[str]) -> None:
    _, out, _ = run(runner, "overdue", "--as-of", "2024-07-20", "--format", "json", "--sort", sort)
    assert ids(out) == expected


def test_ongoing_with_cadence_is_overdue_without_a_recent_note(reading: Path, runner: CliRunner) -> None:
    # 1.3 "Quarterly": last note 2024-04-15, so the next report is due 2024-07-15.
    _, out, _ = run(runner, "overdue", "--as-of", "2024-07-15", "--format", "json", "--plan", "alpha-scr")
    assert ids(out) == ["alpha-scr:1.1", "alpha-scr:1.2"]
    _, out, _ = run(runner, "overdue", "--as-of", "2024-07-16", "--format", "json", "--plan", "alpha-scr")
    assert "alpha-scr:1.3" in ids(out)


def test_ongoing_with_cadence_counts_from_the_plan_date_without_notes(reading: Path, runner: CliRunner) -> None:
    plan = reading / "alpha-scr.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("        notes:\n          - date: 2024-04-15\n            by: AB\n"
                                 "            text: First quarterly report given.\n", ""), encoding="utf-8")
    _, out, _ = run(runner, "overdue", "--as-of", "2024-04-11", "--format", "json", "--plan", "alpha-scr",
                    "--owner", "AB")
    rows = json.loads(out)["rows"]
    assert [(r["action"], r["due"], r["days_overdue"]) for r in rows] == [("1.1", "2024-03-31", 11),
                                                                         ("1.3", "2024-04-10", 1)]


def test_completed_recurring_action_comes_due_again(reading: Path, runner: CliRunner) -> None:
    # 2.1 "April 2024 (and yearly thereafter)", completed on 2024-04-20: due again 2025-04-20.
    _, out, _ = run(runner, "overdue", "--as-of", "2025-04-20", "--format", "json", "--group", "police")
    assert ids(out) == []
    _, out, _ = run(runner, "overdue", "--as-of", "2025-04-25", "--format", "json", "--group", "police")
    rows = json.loads(out)["rows"]
    assert [(r["action"], r["status"], r["due"], r["days_overdue"]) for r in rows] == [
        ("2.1", "completed", "2025-04-20", 5)]
    _, out, _ = run(runner, "due", "--as-of", "2025-04-10", "--format", "json", "--group", "police")
    assert [(r["action"], r["days_left"]) for r in json.loads(out)["rows"]] == [("2.1", 10)]


def test_done_dropped_and_plain_ongoing_are_never_overdue(reading: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "overdue", "--as-of", "2030-01-01", "--format", "json")
    got = ids(out)
    for never in ("alpha-scr:2.2", "alpha-scr:2.3", "alpha-scr:2.4", "beta-inspection:1.3"):
        assert never not in got


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(("args", "expected"), [
    (["--owner", "AB"], ["alpha-scr:1.1", "alpha-scr:1.3"]),
    (["--owner", "ab"], ["alpha-scr:1.1", "alpha-scr:1.3"]),  # initials, case-insensitive
    (["--owner", "brown"], ["alpha-scr:1.1", "alpha-scr:1.3"]),  # part of the name the key gives
    (["--owner", "named nurse"], ["alpha-scr:1.2"]),
    (["--owner", "service manager qa"], ["beta-inspection:1.2"]),
    (["--owner", "AB", "--owner", "CD"], ["alpha-scr:1.1", "alpha-scr:1.2", "alpha-scr:1.3"]),
    (["--group", "health"], ["alpha-scr:1.1", "alpha-scr:1.2", "alpha-scr:1.3"]),
    (["--group", "nhs trust"], ["alpha-scr:1.1", "alpha-scr:1.2", "alpha-scr:1.3"]),
    (["--plan", "beta-inspection"], ["beta-inspection:1.1", "beta-inspection:1.2"]),
    (["--status", "not-started"], ["alpha-scr:1.1", "beta-inspection:1.2"]),
])
def test_filters(reading: Path, runner: CliRunner, args: list[str], expected: list[str]) -> None:
    _, out, _ = run(runner, "overdue", "--as-of", "2024-07-20", "--format", "json", "--sort", "plan", *args)
    assert ids(out) == expected


# ---------------------------------------------------------------- formats and exit codes


def test_piped_table_is_plain_aligned_text(reading: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "overdue", "--as-of", "2024-07-20", "--plan", "beta-inspection")
    assert code == 0
    assert out == (
        "Plan             Action  Owners                         Due                      Days overdue  Status       "
        "Action text                             Latest note\n"
        "beta-inspection  1.1     Workforce Development Manager  2024-04-15 (By 15.4.24)            96  in-progress  "
        "Train team managers on SMART planning.\n"
        "beta-inspection  1.2     Service Manager QA             2024-07-10 (By 10.7.24)            10  not-started  "
        "Audit plan quality.\n"
        "\n"
        "2 overdue actions in 1 plan; oldest 96 days\n"
    )
    assert not set(out) & set("─│┃━┏┓╇")


def test_csv_neutralises_formulas(reading: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "overdue", "--as-of", "2024-07-20", "--format", "csv", "--owner", "CD")
    assert out.splitlines()[1] == (
        "alpha-scr,1,1.2,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"click\"\")\",CD; Named Nurse,"
        "Alpha NHS Trust,,,2024-06-30,20,in-progress,,,,,,"
        "2024-05-01 CD: [red]alert[/] [link=http://example.invalid]y[/link] half done,plans/alpha-scr.yaml,30"
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    from actiontrack.render.cells import safe_cell

    assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell("plain") == "plain"


def test_markdown_escapes_plan_text(reading: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "overdue", "--as-of", "2024-07-20", "--format", "markdown", "--owner", "CD")
    assert out == (
        "| Plan | Action | Owners | Due | Days overdue | Status | Action text | Latest note |\n"
        "|---|---|---|---|---:|---|---|---|\n"
        "| alpha-scr | 1.2 | CD (Carl Dee); Named Nurse | 2024-06-30 | 20 | in-progress | "
        "=HYPERLINK(\"http://example.invalid\",\"click\") | 2024-05-01 CD: \\[red\\]alert\\[/\\] "
        "\\[link=http://example.invalid\\]y\\[/link\\] half done |\n"
        "\n"
        "1 overdue action in 1 plan; oldest 20 days\n"
    )


def test_fail_if_any(reading: Path, runner: CliRunner) -> None:
    assert run(runner, "overdue", "--as-of", "2024-07-20", "--fail-if-any", "--format", "json")[0] == 1
    # Undated actions are not overdue: the gate passes, but the answer never reads as an all-clear.
    code, out, _ = run(runner, "overdue", "--as-of", "2024-03-01", "--fail-if-any")
    assert (code, out) == (0, "Nothing overdue on 2024-03-01 among the actions with a due date. 1 open action has no "
                              "readable due date, so whether it is overdue cannot be judged (undated): see it with "
                              "actiontrack show alpha-scr.\n")


def test_broken_plan_is_reported_and_fails(reading: Path, runner: CliRunner) -> None:
    (reading / "zz-broken.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, err = run(runner, "overdue", "--as-of", "2024-07-20", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert len(doc["rows"]) == 5
    assert doc["unreadable"] == [{
        "file": "plans/zz-broken.yaml", "plan": None, "errors": 1,
        "first_error": {"file": "plans/zz-broken.yaml", "line": 1, "col": 6, "severity": "error", "code": "AT001",
                        "message": "YAML syntax error: did not find expected node content (while parsing a flow node)"},
    }]
    assert err == ("actiontrack: Incomplete answer: 1 plan file could not be read in full.\n"
                   "plans/zz-broken.yaml: not read, 1 error; the first, line 1: AT001 YAML syntax error: did not "
                   "find expected node content (while parsing a flow node)\n"
                   "Run actiontrack validate plans/zz-broken.yaml to see every problem.\n")


def test_bad_options_are_usage_errors(reading: Path, runner: CliRunner) -> None:
    assert run(runner, "due", "--within", "soon")[0] == 2
    assert run(runner, "overdue", "--sort", "colour")[0] == 2
    assert run(runner, "overdue", "--format", "xml")[0] == 2
    code, _, err = run(runner, "show", "alpha")
    assert (code, err) == (3, "actiontrack: unknown plan 'alpha'; did you mean alpha-scr?\n")


def test_due_window(reading: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "due", "--as-of", "2024-06-20", "--within", "4w", "--format", "tsv")
    assert [line.split("\t")[2] + "/" + line.split("\t")[9] for line in out.splitlines()[1:]] == [
        "1.2/10", "1.2/20", "1.3/25"]
    _, out, _ = run(runner, "due", "--as-of", "2024-06-20")
    assert out.startswith("Plan ")
    # The default window is 14 days: one row, then the count line.
    assert out.splitlines()[1:] == [out.splitlines()[1], "", "1 action due in 1 plan; the first in 10 days. 1 open "
                                    "action has no readable due date, so whether it is due by 2024-07-04 cannot be "
                                    "judged (undated): see it with actiontrack show alpha-scr."]


def test_list_counts_by_state(reading: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "list", "--as-of", "2024-06-20", "--format", "json")
    # 2.3 "Ongoing" has no date and no cadence: undated, never on track.
    assert json.loads(out) == {"version": 2, "as_of": "2024-06-20", "rows": [
        {"id": "alpha-scr", "title": "Alpha review action plan", "organisation": "Alpha Safeguarding Partnership",
         "source_kind": "serious-case-review", "date": "2024-01-10", "actions": 7, "overdue": 1, "due_soon": 1,
         "on_track": 1, "undated": 1, "unknown": 0, "completed": 2, "embedded": 0, "closed": 0,
         "dropped": 1, "completed_late": 0, "recommendations": 2, "recommendations_done": 0, "next_due": "2024-06-30", "file": "plans/alpha-scr.yaml"},
        {"id": "beta-inspection", "title": "Beta inspection action plan", "organisation": "Beta Council",
         "source_kind": "inspection", "date": "2024-03-01", "actions": 3, "overdue": 1, "due_soon": 0,
         "on_track": 1, "undated": 0, "unknown": 0, "completed": 0, "embedded": 1, "closed": 0,
         "dropped": 0, "completed_late": 0, "recommendations": 1, "recommendations_done": 0, "next_due": "2024-07-10", "file": "plans/beta-inspection.yaml"},
    ], "unreadable": []}


def test_show_plain_text_groups_by_heading(reading: Path, runner: CliRunner) -> None:
    code, out, _ = run(runner, "show", "alpha-scr", "--as-of", "2024-06-20", "--group", "police")
    assert code == 0
    assert out == (
        "== Alpha review action plan ==\n"
        "Alpha Safeguarding Partnership\n"
        "Source: serious-case-review, SCR Alpha\n"
        "Agreed: 2024-01-10\n"
        "Recommendations: 0 of 1 done; actions: 2 of 4 done\n"
        "\n"
        "== Alpha Police ==\n"
        "\n"
        "Recommendation 2: Briefings on cross-border cases.\n"
        "undated, 2 of 4 actions done\n"
        "Action  Action text                      Owners                               "
        "Due                                              State                  Latest note\n"
        "2.1     Annual audit of briefings.       Detective Inspector                  "
        "2025-04-20 (April 2024 (and yearly thereafter))  completed              "
        "2024-04-20 Detective Inspector: First audit done.\n"
        "2.2     Brief all detective sergeants.   Detective Inspector                  "
        "2024-02-21 (Within 6 weeks)                      completed\n"
        "2.3     Keep the protocol under review.  AB (Ann Brown); Detective Inspector  "
        "Ongoing                                          undated (in-progress)\n"
        "2.4     Superseded pilot.                CD (Carl Dee)                        "
        "2024-02-01                                       dropped                "
        "2024-02-02 CD: Superseded by the regional protocol.\n"
        "\n"
        "== People ==\n"
        "Key  Name       Role\n"
        "AB   Ann Brown  Service Manager\n"
        "CD   Carl Dee\n"
        "\n"
        "4 actions: 1 undated, 2 completed, 1 dropped\n"
    )


def test_show_status_filter_and_json_rows(reading: Path, runner: CliRunner) -> None:
    _, out, _ = run(runner, "show", "alpha-scr", "--as-of", "2024-06-20", "--status", "dropped", "--format", "json")
    assert json.loads(out) == {"version": 2, "as_of": "2024-06-20", "plan": "alpha-scr", "rows": [{
        "group": "Alpha Police", "recommendation": "2", "recommendation_text": "Briefings on cross-border cases.",
        "action": "2.4", "text": "Superseded pilot.", "owners": ["CD"], "agencies": [], "themes": [],
        "due": "2024-02-01", "timescale": None, "baseline": None, "slip_days": None,
        "status": "dropped", "state": "dropped", "rag": None, "rag_label": None, "completed_on": None,
        "late_days": None, "priority": None, "monitoring": None, "measure": None, "expected_evidence": None,
        "latest_note": {"date": "2024-02-02", "by": "CD", "text": "Superseded by the regional protocol."},
        "line": 72,
    }], "unreadable": []}


# ---------------------------------------------------------------- a real terminal


def run_in_pty(args: list[str], cwd: Path, env_extra: dict[str, str]) -> str:
    """Run the CLI with its stdout on a pseudo-terminal, as a person would see it."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "_TYPER_FORCE_DISABLE_TERMINAL")}
    return support.run_in_pty(args, cwd, {**env, "COLUMNS": "200", "TERM": "xterm-256color", **env_extra})


def test_terminal_gets_a_fitted_coloured_table(reading: Path) -> None:
    out = run_in_pty(["overdue", "--as-of", "2024-07-20"], reading.parent, {})
    assert "─" * 20 in out and "\x1b[38;5;160m" in out  # the header's rule, red rows (256 colours)
    assert "[red]alert[/]" in out and "[/link]" in out  # markup in plan text printed literally
    assert "\x1b]8;" not in out  # no terminal hyperlink from plan text


@pytest.mark.parametrize("how", [["--no-color"], "NO_COLOR"])
def test_no_color_is_honoured(reading: Path, how: list[str] | str) -> None:
    args = ["overdue", "--as-of", "2024-07-20"] + (how if isinstance(how, list) else [])
    env = {"NO_COLOR": "1"} if how == "NO_COLOR" else {}
    out = run_in_pty(args, reading.parent, env)
    assert "─" * 20 in out and "overdue" in out
    assert "\x1b[3" not in out and "\x1b[9" not in out  # bold headings, but no colour at all


def sgr_of_rows(out: str, word: str) -> set[str]:
    """The colour codes that start the table rows whose state cell is `word` (its status may follow in brackets)."""
    cell = re.compile(rf"  {re.escape(word)}( \(|  |\x1b\[0m)")
    return {line.split("m", 1)[0] + "m" for line in out.splitlines() if line.startswith("\x1b[") and cell.search(line)}


def test_sixteen_colours_keep_due_soon_and_overdue_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """TERM=xterm has 16 colours: amber must not round to the bright red of overdue (it used to: ESC[91m)."""
    out = run_in_pty(["show", "thurrock-ofsted-2012", "--as-of", "2012-10-28"], REPO, {"TERM": "xterm"})
    assert sgr_of_rows(out, "overdue") == {"\x1b[31m"}
    assert sgr_of_rows(out, "due-soon") == {"\x1b[33m"}
    assert sgr_of_rows(out, "completed") == {"\x1b[94m"}


def test_fast_json_writer_matches_the_standard_library() -> None:
    import io
    import random
    from datetime import date

    from actiontrack.render.jsonout import dump_json, dump_row, inert, json_value, write_rows_document

    rng = random.Random(7)
    alphabet = 'ab "\\\n\t\u00e9\u2028<>[]/\x01'

    def value(depth: int) -> object:
        pick = rng.randrange(9 if depth < 3 else 6)
        if pick == 0:
            return "".join(rng.choice(alphabet) for _ in range(rng.randrange(8)))
        if pick == 1:
            return rng.randrange(-10**6, 10**6)
        if pick == 2:
            return rng.choice([None, True, False])
        if pick == 3:
            return date(2000 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28))
        if pick == 4:
            return rng.random() * 100
        if pick == 5:
            return ""
        if pick == 6:
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        if pick == 7:
            return tuple(value(depth + 1) for _ in range(rng.randrange(3)))
        return {f"k{i}\u00e9": value(depth + 1) for i in range(rng.randrange(4))}

    for _ in range(300):
        data = value(0)
        # The same text, but for the characters a terminal would obey, escaped (docs/json.md).
        assert dump_json(data) == inert(json.dumps(json_value(data), ensure_ascii=False, indent=2))
        assert json.loads(dump_json(data)) == json.loads(json.dumps(json_value(data)))
    rows = [{"a": value(1), "b": [1, "x"]} for _ in range(5)]
    for chunk in (rows, []):
        head = {"version": 2, "as_of": date(2024, 7, 20), "nested": {"x": [value(1)]}}
        tail = {"unreadable": [value(1), {"k": value(1)}]}
        buf = io.StringIO()
        write_rows_document(head, (dump_row(r) for r in chunk), tail, buf)
        whole = {**head, "rows": chunk, **tail}
        assert buf.getvalue() == inert(json.dumps(json_value(whole), ensure_ascii=False, indent=2)) + "\n"
