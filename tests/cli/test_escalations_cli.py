"""`actiontrack escalations` on the bundled plans in a real repository, at a pinned date: every rule kind,
exact text and JSON, and the exit codes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from support import DATA, REPO, SEED_PLANS

MakeRepo = Callable[..., Repo]
T = "thurrock-ofsted-2012"

RULES = """\
# Escalation rules (docs/escalations.md): one [[escalations]] table per rule.
[[escalations]]
name = "Overdue more than 30 days"
kind = "overdue"
more_than = 30
to = "the Executive"

[[escalations]]
name = "No note for 120 days"
kind = "silent"
more_than = 120

[[escalations]]
name = "Moved more than twice"
kind = "moved"
more_than = 2
to = "the Board"

[[escalations]]
name = "Red two weeks running"
kind = "red"
summaries = 2
every = "7d"

[[escalations]]
name = "Evidence older than 3 years"
kind = "stale-evidence"
older_than = "3y"
"""


@pytest.fixture
def bundled(make_repo: MakeRepo, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> Repo:
    """The five bundled plans committed on 2012-11-01, then action 19.2 rescheduled three times (as
    `actiontrack reschedule` writes it), each move committed on its day."""
    repo = make_repo()
    shutil.copytree(SEED_PLANS, repo.path / "plans")
    repo.write(".actiontrack.toml", RULES)
    repo.commit("The plans", when="2012-11-01T10:00:00+0000")
    monkeypatch.setenv("ACTIONTRACK_USER", "Test Officer")
    for day, due, why in (("2012-11-05", "2013-01-31", "CiCC not yet convened"),
                          ("2012-11-12", "2013-02-28", "chair ill"),
                          ("2012-11-19", "2013-03-31", "report deferred to the spring meeting")):
        moved = runner.invoke(app, ["reschedule", f"{T}:19.2", due, "--reason", why, "--date", day, "--as-of", day])
        assert moved.exit_code == 0, moved.output
        repo.commit(f"19.2 moved to {due}", when=f"{day}T10:00:00+0000")
    return repo


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["escalations", "--as-of", "2012-12-01", *args])
    return result.exit_code, result.stdout, result.stderr


SMALL = """\
[[escalations]]
name = "Moved more than twice"
kind = "moved"
more_than = 2
to = "the Board"

[[escalations]]
name = "Evidence older than 3 years"
kind = "stale-evidence"
older_than = "3y"
"""

TEXT = (
    'Escalations on 2012-12-01: 24 escalations under 3 of 5 rules\n'
    'Rules from .actiontrack.toml.\n'
    '\n'
    'Overdue more than 30 days, to the Executive (8)\n'
    '  thurrock-ofsted-2012 action 1.2: overdue 35 days (due 2012-10-27): SM FST to report monthly. (Service Manager FST)\n'
    "  thurrock-ofsted-2012 action 1.3: overdue 35 days (due 2012-10-27): SM's MAGS to monitor action on all IRT recommendations for CAF and report monthly (Service Manager MAGS)\n"
    '  thurrock-ofsted-2012 action 2.2: overdue 35 days (due 2012-10-27): Random telephone survey of sexual health services and other points of referral to check understanding of SARC pathway, reported to LSCB (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 3.2: overdue 35 days (due 2012-10-27): Report on audit to DMT and LSCB (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 10.3: overdue 35 days (due 2012-10-27): Audit of compliance with service standard undertaken and reported to CPC (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 15.2: overdue 35 days (due 2012-10-27): SCCN to implement a QA system to test compliance and quality (Designated Doctor/Nurse for LAC)\n'
    '  thurrock-ofsted-2012 action 16.2: overdue 35 days (due 2012-10-27): SCCN to implement a QA system to test compliance and quality (Designated Doctor/Nurse for LAC)\n'
    '  thurrock-ofsted-2012 action 17.2: overdue 35 days (due 2012-10-27): SCCN to implement a QA system to test compliance and quality (Designated Doctor/Nurse for LAC)\n'
    '\n'
    'No note for 120 days (15)\n'
    '  thurrock-ofsted-2012 action 1.4: no note in 127 days since the plan was agreed on 2012-07-27: SM QA to audit (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 4.2: no note in 127 days since the plan was agreed on 2012-07-27: Audit of compliance (Service Manager Performance)\n'
    '  thurrock-ofsted-2012 action 4.3: no note in 127 days since the plan was agreed on 2012-07-27: Report on audit to DMT and LSCB (Service Manager Performance)\n'
    '  thurrock-ofsted-2012 action 5.4: no note in 127 days since the plan was agreed on 2012-07-27: Audit of chronology quality undertaken and reported to DMT and LSCB (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 6.3: no note in 127 days since the plan was agreed on 2012-07-27: Audit of quality; risk/protective factors analysis undertaken and reported to DMT and LSCB (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 7.4: no note in 127 days since the plan was agreed on 2012-07-27: Audit of plan quality (Care, Pathway, Protection, CIN & CAF plans) undertaken and reported to DMT & LSCB (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 8.3: no note in 127 days since the plan was agreed on 2012-07-27: IROs to consider in the next LAC review of each LAC whether the range of social and leisure activities for each LAC individually is sufficient to enable them to create friendships and social networks to build resilience for the future; if not to make appropriate recommendations. Quarterly report to CPC (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 8.4: no note in 127 days since the plan was agreed on 2012-07-27: After Care Team Manager to consider in next Pathway Plan review of each Care Leaver whether the range of social and leisure activities for each Care Leaver individually is sufficient to enable them to create friendships and social networks to build resilience for the future; if not, to amend the plan to ensure these needs can be met (Service Manager, Through Care)\n'
    '  thurrock-ofsted-2012 action 9.3: no note in 127 days since the plan was agreed on 2012-07-27: Audit of Pathway plans commissioned, undertaken and reported to CPC (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 11.4: no note in 127 days since the plan was agreed on 2012-07-27: Audit of plan quality (Care, Pathway, Protection, CIN & CAF plans) undertaken and reported to DMT & LSCB (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 12.4: no note in 127 days since the plan was agreed on 2012-07-27: Test levels of awareness by comparing Thurrock referral rates with LAs which are judged by Ofsted to have good private fostering arrangements, reporting to LSCB (Service Manager Placements)\n'
    '  thurrock-ofsted-2012 action 13.3: no note in 127 days since the plan was agreed on 2012-07-27: CAF quality audit to be commissioned, undertaken and reported to CYPP Executive and LSCB (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 14.2: no note in 127 days since the plan was agreed on 2012-07-27: Independent audit of compliance undertaken and reported to LSCB (Designated Nurse)\n'
    '  thurrock-ofsted-2012 action 17.4: no note in 127 days since the plan was agreed on 2012-07-27: IRO to report to CPC, comparing health arrangements for LAC in Thurrock with those of LAs who are judged by Ofsted as good or outstanding on health outcomes; making recommendations as necessary to strengthen performance in Thurrock (Service Manager QA)\n'
    '  thurrock-ofsted-2012 action 18.2: no note in 127 days since the plan was agreed on 2012-07-27: IRO to report to CPC, comparing health arrangements for LAC in Thurrock with those of LAs who are judged by Ofsted as good or outstanding on health outcomes; making recommendations as necessary to strengthen performance in Thurrock (Service Manager QA)\n'
    '\n'
    'Moved more than twice, to the Board (1)\n'
    '  thurrock-ofsted-2012 action 19.2: due date moved 3 times (2012-10-27 to 2013-03-31, 155 days in all): CiCC to report to CPC any difficulties in implementing the recommendation (Open Door)\n'
    '\n'
    'Red two weeks running (0)\n'
    '  none\n'
    '\n'
    'Evidence older than 3 years (0)\n'
    '  none\n'
)


def test_text_on_the_bundled_plans_every_rule_kind(bundled: Repo, runner: CliRunner) -> None:
    code, out, err = run(runner, f"plans/{T}.yaml")
    assert (code, out, err) == (0, TEXT, "")


def test_json_on_the_bundled_plans_is_the_golden_file(bundled: Repo, runner: CliRunner) -> None:
    code, out, err = run(runner, f"plans/{T}.yaml", "--format", "json")
    assert (code, err) == (0, "")
    assert out == (DATA / "escalations" / "thurrock-2012-12-01.json").read_text(encoding="utf-8")


def test_the_documented_json_contract_is_what_it_prints(bundled: Repo, runner: CliRunner) -> None:
    (bundled.path / "small.toml").write_text(SMALL, encoding="utf-8")
    code, out, _ = run(runner, "--config", "small.toml", f"plans/{T}.yaml", "plans/nottinghamshire-scr-an09.yaml",
                       "--format", "json")
    (block,) = [b for b in fenced_json(REPO / "docs" / "escalations.md") if '"version": 2' in b]
    assert (code, out) == (0, block)
    doc = json.loads(out)
    assert list(doc) == ["version", "as_of", "config", "rules", "unreadable"]
    assert [list(r) for r in doc["rules"]] == [["rule", "checked", "unchecked", "count", "items"]] * 2


def test_markdown_and_fail_if_any(bundled: Repo, runner: CliRunner) -> None:
    (bundled.path / "small.toml").write_text(SMALL, encoding="utf-8")
    args = ["--config", "small.toml", f"plans/{T}.yaml", "plans/nottinghamshire-scr-an09.yaml"]
    code, out, _ = run(runner, *args, "--format", "markdown", "--fail-if-any")
    assert code == 1
    assert out == (
        "## Escalations on 2012-12-01\n\n"
        "2 escalations under 2 of 2 rules. Rules from small.toml.\n\n"
        "### Moved more than twice, to the Board (1)\n\n"
        "- thurrock-ofsted-2012 action 19.2: due date moved 3 times (2012-10-27 to 2013-03-31, 155 days in all): "
        "CiCC to report to CPC any difficulties in implementing the recommendation (Open Door)\n\n"
        "### Evidence older than 3 years (1)\n\n"
        "- nottinghamshire-scr-an09 action SFH.2.1: evidence of impact last checked 37 months ago (2009-10-31): "
        "Review Neonatal Nursing Transfer Form (Named Professionals, Neonatal Practice Development Nurse)\n")
    code, out, _ = run(runner, "--config", "small.toml", "plans/banes-climbie-2003.yaml", "--fail-if-any")
    assert code == 0 and out.startswith("Escalations on 2012-12-01: 0 escalations under 0 of 2 rules\n")


def test_built_in_rules_outside_git_say_what_they_could_not_check(in_tmp: Path, runner: CliRunner) -> None:
    shutil.copytree(SEED_PLANS, in_tmp / "plans")
    code, out, _ = run(runner, "plans/herefordshire-scr-me-2002.yaml")
    lines = [line for line in out.splitlines() if not line.startswith("  ")]
    assert code == 0
    assert lines == [
        "Escalations on 2012-12-01: 16 escalations under 2 of 5 rules; 1 rule not checked",
        "Built-in rules: the repository has no .actiontrack.toml (docs/escalations.md).",
        "", "Overdue more than 90 days (7)",
        "", "Red in 2 consecutive summaries: not checked: needs the ratings at earlier summaries from git history: "
        "the plans are not in a git repository",
        "", "Due date moved more than twice (0)",
        "", "No note for 60 days (9)",
        "", "Evidence of impact older than 12 months (0)",
    ]


def test_broken_rules_stop_the_command_with_located_findings(bundled: Repo, runner: CliRunner) -> None:
    (bundled.path / ".actiontrack.toml").write_text("[[escalations]]\nname = 'Late'\nkind = 'overdue'\n"
                                                     "more_than = '90 days'\n", encoding="utf-8")
    code, out, err = run(runner)
    assert (code, out) == (2, "")
    assert err == (".actiontrack.toml:4:1: error AT702 'more_than' must be a whole number, 0 or more\n"
                   "actiontrack: .actiontrack.toml has errors (above): fix them first\n")
    code, _, err = run(runner, "--config", "missing.toml")
    assert (code, err) == (2, "missing.toml:1:1: error AT701 cannot read file: no such file\n"
                              "actiontrack: missing.toml has errors (above): fix them first\n")


def test_an_unreadable_plan_is_named_and_fails(bundled: Repo, runner: CliRunner) -> None:
    (bundled.path / "plans" / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    code, _, err = run(runner, "plans/broken.yaml", f"plans/{T}.yaml")
    assert code == 1
    assert err == ("actiontrack: Incomplete answer: 1 plan file could not be read in full.\n"
                   "plans/broken.yaml: not read, 1 error; the first, line 1: AT001 YAML syntax error: did not find "
                   "expected node content (while parsing a flow node)\n"
                   "Run actiontrack validate plans/broken.yaml to see every problem.\n")
    code, out, _ = run(runner, "plans/broken.yaml", f"plans/{T}.yaml", "--format", "json")
    assert (code, [u["file"] for u in json.loads(out)["unreadable"]]) == (1, ["plans/broken.yaml"])
    text = run(runner, "plans/broken.yaml", f"plans/{T}.yaml")[1]
    assert "\nIncomplete answer: 1 plan file could not be read in full.\nplans/broken.yaml: not read" in text


def fenced_json(path: Path) -> list[str]:
    return fenced(path, "json")


def fenced(path: Path, lang: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if current is None and line.rstrip("\n") == "```" + lang:
            current = []
        elif current is not None and line.rstrip("\n") == "```":
            blocks.append("".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_the_documented_rules_file_reads_clean(in_tmp: Path, runner: CliRunner) -> None:
    (block,) = [b for b in fenced(REPO / "docs" / "escalations.md", "toml")]
    (in_tmp / ".actiontrack.toml").write_text(block, encoding="utf-8")
    shutil.copytree(SEED_PLANS, in_tmp / "plans")
    code, out, err = run(runner, "--format", "json")
    assert (code, err) == (0, "")
    assert [r["rule"]["kind"] for r in json.loads(out)["rules"]] == ["overdue", "red", "moved", "silent",
                                                                     "stale-evidence"]
    result = runner.invoke(app, ["validate", "--as-of", "2012-12-01"])
    # [validate] smart = true: the 9 warnings of every validate and the 76 SMART ones.
    assert (result.exit_code, result.stderr) == (0, "5 files checked: 0 errors, 85 warnings\n")


RED_RULE = """\
[[escalations]]
name = "Red two weeks running"
kind = "red"
summaries = 2
every = "7d"
to = "the Board"
"""


def _rate(text: str, ratings: dict[str, str]) -> str:
    """The Thurrock plan with `rag:` after the status of the actions (or recommendations) named."""
    for anchor, rag in ratings.items():
        assert text.count(anchor) == 1, anchor
        indent = " " * (len(anchor) - len(anchor.lstrip()) + 2)  # under the key after "- "
        text = text.replace(anchor, f"{anchor}{indent}rag: {rag}\n")
    return text + "rag_scale:\n  Off track: red\n  At risk: amber\n  On track: green\n"


def test_red_in_consecutive_summaries_reads_the_ratings_from_git(make_repo: MakeRepo, runner: CliRunner) -> None:
    """The `red` rule on real ratings: rated red (a colour, or the source's word through rag_scale,
    or the recommendation's rating) at the last commit on or before each summary and now."""
    repo = make_repo()
    plan = (SEED_PLANS / f"{T}.yaml").read_text(encoding="utf-8")
    a12, a13, a14 = ('      - id: "1.2"\n', '      - id: "1.3"\n', '      - id: "1.4"\n')
    rec2 = '  - id: "2"\n'
    repo.write(f"plans/{T}.yaml", _rate(plan, {a12: '"Off track"', a13: "red", a14: "amber", rec2: "red"}))
    repo.write(".actiontrack.toml", RED_RULE)
    repo.commit("Ratings at the November meeting", when="2012-11-20T10:00:00+0000")
    repo.write(f"plans/{T}.yaml", _rate(plan, {a12: "red", a13: "green", a14: '"Off track"', rec2: "red"}))
    repo.commit("Ratings a week on", when="2012-11-28T10:00:00+0000")
    code, out, err = run(runner)
    assert (code, err) == (0, "")
    assert out == (
        "Escalations on 2012-12-01: 2 escalations under 1 of 1 rule\n"
        "Rules from .actiontrack.toml.\n"
        "\n"
        "Red two weeks running, to the Board (2)\n"
        "  thurrock-ofsted-2012 action 1.2: rated red in 2 consecutive summaries (2012-11-24, 2012-12-01): SM FST "
        "to report monthly. (Service Manager FST)\n"
        "  thurrock-ofsted-2012 action 2.2: rated red in 2 consecutive summaries (2012-11-24, 2012-12-01): Random "
        "telephone survey of sexual health services and other points of referral to check understanding of SARC "
        "pathway, reported to LSCB (Service Manager QA)\n"
    )
    code, out, _ = run(runner, "--format", "json")
    rule = json.loads(out)["rules"][0]
    assert (rule["checked"], rule["count"]) == (True, 2)
    assert rule["items"][0] == {
        "plan": T, "recommendation": "1", "action": "1.2", "text": "SM FST to report monthly.",
        "owners": ["Service Manager FST"],
        "reason": "rated red in 2 consecutive summaries (2012-11-24, 2012-12-01)",
        "facts": {"summaries": ["2012-11-24", "2012-12-01"]},
    }
    # Before the first commit a week earlier, the ratings then are not known: not checked, never "none".
    code, out, _ = run(runner, "--as-of", "2012-11-25")
    assert out == ("Escalations on 2012-11-25: 0 escalations under 0 of 1 rule; 1 rule not checked\n"
                   "Rules from .actiontrack.toml.\n\n"
                   "Red two weeks running: not checked: nothing was committed on or before 2012-11-18, so the ratings "
                   "then are not known\n")


STALE_RULE = """\
[[escalations]]
name = "Evidence older than a year"
kind = "stale-evidence"
older_than = "1y"
to = "the QA sub-group"
"""


def test_stale_evidence_reads_expires_and_the_plans_reaudit(in_tmp: Path, runner: CliRunner) -> None:
    """The rule's `older_than` stands in for a plan that sets no `reaudit`; an entry's `expires` wins."""
    valid = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")
    (in_tmp / "plans").mkdir()
    (in_tmp / "rules.toml").write_text(STALE_RULE, encoding="utf-8")
    path = in_tmp / "plans" / "valid-plan.yaml"
    path.write_text(valid, encoding="utf-8")
    head = ("Escalations on 2026-11-22: 1 escalation under 1 of 1 rule\nRules from rules.toml.\n\n"
            "Evidence older than a year, to the QA sub-group (1)\n")
    item = "  valid-plan action 2.1: evidence of impact last checked 30 months ago (2024-05-01{}): Report to the " \
           "Board yearly. (Named Nurse)\n"
    code, out, _ = run(runner, "--as-of", "2026-11-22", "--config", "rules.toml")
    assert (code, out) == (0, head + item.format(""))
    path.write_text(valid.replace("version: v1.0\n", "version: v1.0\nreaudit: 2 years\n"), encoding="utf-8")
    code, out, _ = run(runner, "--as-of", "2026-11-22", "--config", "rules.toml")
    assert (code, out) == (0, head + item.format("; re-audit every 2 years, due 2026-05-01"))
    path.write_text(valid.replace("            reference: QA/7\n", "            reference: QA/7\n"
                                  "            expires: 2026-06-30\n"), encoding="utf-8")
    code, out, _ = run(runner, "--as-of", "2026-11-22", "--config", "rules.toml", "--format", "json")
    assert json.loads(out)["rules"][0]["items"] == [{
        "plan": "valid-plan", "recommendation": "2", "action": "2.1", "text": "Report to the Board yearly.",
        "owners": ["Named Nurse"], "reason": "evidence of impact last checked 30 months ago (2024-05-01; expired "
                                             "2026-06-30)",
        "facts": {"evidence_date": "2024-05-01", "months": 30}}]
    # An entry that has not expired still counts, however old.
    path.write_text(valid.replace("            reference: QA/7\n", "            reference: QA/7\n"
                                  "            expires: 2027-06-30\n"), encoding="utf-8")
    code, out, _ = run(runner, "--as-of", "2026-11-22", "--config", "rules.toml")
    assert out.splitlines()[0] == "Escalations on 2026-11-22: 0 escalations under 0 of 1 rule"
