"""`actiontrack textconv`: one fact per line, and plain `git diff` run through it in a real repository."""

from __future__ import annotations

import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from actiontrack.cli import app
from actiontrack.load.loader import Loader
from actiontrack.query.textconv import textconv as convert

from gitfixture import Repo
from support import DATA, SEED_PLANS

MakeRepo = Callable[..., Repo]


def textconv(data: bytes, file: str) -> str:
    """textconv as the command runs it: the file's bytes and what loading them gave (tree kept)."""
    return convert(data, Loader().load([(file, data)], trees=True)[0])

VALID_LINES = """\
plan valid-plan title: Test review action plan
plan valid-plan organisation: Example Safeguarding Children Partnership
plan valid-plan source: serious-case-review
plan valid-plan source reference: SCR Test
plan valid-plan source date: 2024-01-15
plan valid-plan date: 2024-02-01
plan valid-plan published: 2024-03-01
plan valid-plan version: v1.0
plan valid-plan completed by: Alex Morgan, Business Manager, 2024-02-01
plan valid-plan person AM: Alex Morgan, Business Manager
plan valid-plan person JB: Jo Bloggs
plan valid-plan group all: ALL AGENCIES
plan valid-plan group health: Example NHS Trust
recommendation 1 group: all
recommendation 1 text: Full family histories should be taken.
recommendation 1 outcome: Practitioners know who lives in the household.
recommendation 1 reference: As recommendation 2
recommendation 1 amendment 2024-06-30: Amended by the Board in June 2024.
action 1.1 recommendation: 1
action 1.1 text: Issue interim guidance.
action 1.1 owner: AM
action 1.1 owner: Team Managers
action 1.1 due: 2024-02-01 (With immediate effect)
action 1.1 monitoring: Audit of implementation
action 1.1 status: completed
action 1.1 note 2024-03-10 AM (completed): Guidance issued.
action 1.2 recommendation: 1
action 1.2 text: Audit case files.
action 1.2 owner: JB
action 1.2 due: 2024-09-30 (Sept 24)
action 1.2 status: in-progress
recommendation 2 group: health
recommendation 2 text: Health visitors follow the guidance.
action 2.1 recommendation: 2
action 2.1 text: Report to the Board yearly.
action 2.1 owner: Named Nurse
action 2.1 due: 2024-04-30 (April 2024 (and yearly thereafter))
action 2.1 recurs: P1Y
action 2.1 status: embedded
action 2.1 evidence 2024-05-01: Audit of 20 records (QA/7)
action 2.2 recommendation: 2
action 2.2 text: Superseded by the new pathway.
action 2.2 owner: Named Nurse
action 2.2 due: 2024-12-31
action 2.2 status: dropped
action 2.2 note 2024-04-01 Jo Bloggs (dropped): Superseded by the regional pathway.
"""


def test_every_fact_on_its_own_line(in_tmp: Path, runner: CliRunner) -> None:
    shutil.copy(DATA / "valid-plan.yaml", in_tmp / "valid-plan.yaml")
    result = runner.invoke(app, ["textconv", "valid-plan.yaml"])
    assert result.exit_code == 0
    assert result.stdout == VALID_LINES


def test_output_does_not_depend_on_the_file_name_or_layout() -> None:
    data = (DATA / "valid-plan.yaml").read_bytes()
    # git hands textconv a temporary copy whose name changes on every run.
    assert textconv(data, "/tmp/XyZ123_valid-plan.yaml") == textconv(data, "plans/valid-plan.yaml")
    # Comments, quoting and line breaks inside a value are not facts.
    relaid = data.replace(b"text: Audit case files.", b"text: >-\n          Audit case\n          files.")
    relaid = relaid.replace(b'timescale: "Sept 24"', b"timescale: 'Sept 24'  # from the source")
    assert textconv(relaid, "x.yaml") == VALID_LINES


def test_broken_file_shows_findings_then_the_raw_file(in_tmp: Path, runner: CliRunner) -> None:
    shutil.copy(DATA / "broken" / "tabs.yaml", in_tmp / "tabs.yaml")
    result = runner.invoke(app, ["textconv", "tabs.yaml"])
    assert result.exit_code == 0
    raw = (DATA / "broken" / "tabs.yaml").read_text(encoding="utf-8")
    assert result.stdout == "! 3:1: error AT002 tab character in indentation: indent with spaces\n" + raw
    assert textconv(b"", "empty.yaml") == "! 1:1: error AT004 empty file: a plan needs at least an id\n"
    assert textconv(b"id: x\n\xff\n", "bin.yaml") == (
        "! 2:1: error AT003 not UTF-8 text: save the file as UTF-8\n"
        "! content not shown (binary or too large): 8 bytes, sha1 dea2f37d7a70ab584d0261e22b3e123e3fcb0198\n")


def test_binary_and_oversized_files_are_named_not_shown(make_repo: MakeRepo) -> None:
    repo = make_repo()
    (repo.path / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", repo.path / "plans" / "valid-plan.yaml")
    repo.write(".gitattributes", "plans/*.yaml diff=actiontrack\n")
    repo.git("config", "diff.actiontrack.textconv", f"{shlex.quote(sys.executable)} -m actiontrack textconv")
    repo.commit("Plan agreed", when="2026-11-02T10:00:00+0000")
    plan = repo.path / "plans" / "valid-plan.yaml"
    plan.write_bytes(b"id: valid-plan\n\x00\x01\x02 binary\n")
    diff = repo.git("-c", "core.pager=cat", "diff", "--no-color", "-U0")
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+! 1:1: error AT003 binary data (NUL byte): not a text file",
                     "+! content not shown (binary or too large): 26 bytes, sha1 "
                     "d9f0a051bed7291cc98f4e0824e4b2c2c7babfe7"]
    plan.write_bytes(b"# padding\n" * 300_000)  # 3,000,000 bytes of text, over the 2 MiB limit
    diff = repo.git("-c", "core.pager=cat", "diff", "--no-color", "-U0")
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+! 1:1: error AT005 file is 3,000,000 bytes, over the 2,097,152-byte limit for a plan: split it",
                     "+! content not shown (binary or too large): 3,000,000 bytes, sha1 "
                     "0fc1bca130336c3a701b1557a7f62c91ada22228"]
    assert len(diff) < 10_000 and "\x00" not in diff


def test_findings_of_a_plan_that_loads_are_counted_first_and_shown_beside_their_entry() -> None:
    data = (DATA / "valid-plan.yaml").read_bytes().replace(b"    monitoring: Audit", b"    monitorin: Audit")
    lines = textconv(data, "x.yaml").splitlines()
    assert lines[0] == "! 1 error, 0 warnings, each shown below beside the entry it concerns"
    assert lines[1] == "plan valid-plan title: Test review action plan"
    assert "action 1.1 monitoring: Audit of implementation" not in lines
    at = lines.index("! action 1.1: error AT101 unknown key 'monitorin' in an action: did you mean 'monitoring'?")
    assert lines[at - 1].startswith("action 1.1 note ") and lines[at + 1].startswith("action 1.2 recommendation: ")
    assert [line for line in lines if line.startswith("!")] == [lines[0], lines[at]]


def test_every_error_is_shown_and_what_cannot_be_read_is_shown_in_place() -> None:
    data = (DATA / "valid-plan.yaml").read_bytes()
    data = data.replace(b"        text: Audit case files.\n", b"        text: 5\n")  # action 1.2 can no longer be read
    data = data.replace(b"          - date: 2024-03-10\n", b"          - date: 2024-02-30\n")  # nor note 1 of 1.1
    data = data.replace(b'id: "2.2"', b'id: "2.1"')  # a duplicate id: validate's check, not the loader's
    lines = textconv(data, "x.yaml").splitlines()
    assert lines[:2] == ["! 3 errors, 0 warnings, each shown below beside the entry it concerns",
                         "plan valid-plan title: Test review action plan"]
    at = lines.index("action 1.1 status: completed")
    assert lines[at + 1:at + 4] == [
        "! note 1 of action 1.1 not shown: error AT105 'date' is not a real date: 2024-02-30",
        "! action 1.2 not shown: error AT103 'text' must be text, not a number (5): quote it (\"5\")",
        "recommendation 2 group: health",
    ]
    # The second action 2.1 (the duplicate) carries the finding, after its facts; each error is shown once.
    at = lines.index("! action 2.1: error AT201 duplicate action id '2.1' (first at line 57)")
    assert lines[at - 1] == "action 2.1 note 2024-04-01 Jo Bloggs (dropped): Superseded by the regional pathway."
    assert len([line for line in lines if line.startswith("!")]) == 4


def test_missing_file_is_not_found(in_tmp: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["textconv", "nope.yaml"])
    assert (result.exit_code, result.stderr) == (3, "actiontrack: no such file: nope.yaml\n")


def test_git_diff_through_textconv(make_repo: MakeRepo) -> None:
    repo = make_repo()
    (repo.path / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", repo.path / "plans" / "valid-plan.yaml")
    repo.write(".gitattributes", "plans/*.yaml diff=actiontrack\n")
    repo.git("config", "diff.actiontrack.textconv", f"{shlex.quote(sys.executable)} -m actiontrack textconv")
    repo.commit("Plan agreed", when="2026-11-02T10:00:00+0000")
    repo.replace("plans/valid-plan.yaml", "        status: in-progress\n",
                 "        status: completed\n        notes:\n          - date: 2024-09-20\n            by: JB\n"
                 "            text: All 40 files audited.\n            status: completed\n")
    repo.replace("plans/valid-plan.yaml", "owners: [JB]", "owners: [JB, AM]")
    diff = repo.git("-c", "core.pager=cat", "diff", "--no-color", "-U0")
    assert diff.split("\n", 2)[2] == (
        "--- a/plans/valid-plan.yaml\n"
        "+++ b/plans/valid-plan.yaml\n"
        "@@ -29,0 +30 @@ action 1.2 owner: JB\n"
        "+action 1.2 owner: AM\n"
        "@@ -31 +32,2 @@ action 1.2 due: 2024-09-30 (Sept 24)\n"
        "-action 1.2 status: in-progress\n"
        "+action 1.2 status: completed\n"
        "+action 1.2 note 2024-09-20 JB (completed): All 40 files audited.\n"
    )
    assert diff.startswith("diff --git a/plans/valid-plan.yaml b/plans/valid-plan.yaml\n")
    repo.commit("Audit done", when="2026-11-03T10:00:00+0000")
    log = repo.git("-c", "core.pager=cat", "log", "-p", "--no-color", "-U0", "-1", "--format=%s")
    assert [line for line in log.splitlines() if line[:1] in ("+", "-") and line[:3] not in ("+++", "---")] == [
        "+action 1.2 owner: AM",
        "-action 1.2 status: in-progress",
        "+action 1.2 status: completed",
        "+action 1.2 note 2024-09-20 JB (completed): All 40 files audited.",
    ]
    raw = repo.git("-c", "core.pager=cat", "log", "-p", "--no-color", "--no-textconv", "-1", "--format=%s")
    assert "+        status: completed\n" in raw


def test_an_edit_elsewhere_leaves_the_findings_lines_alone(make_repo: MakeRepo, runner: CliRunner) -> None:
    """The reviewer's case: the bundled Thurrock plan (7 warnings below action 1.2), one `status` edit
    near its top: a real `git diff` through textconv shows that edit's lines and nothing else."""
    repo = make_repo()
    (repo.path / "plans").mkdir()
    shutil.copy(SEED_PLANS / "thurrock-ofsted-2012.yaml", repo.path / "plans")
    repo.write(".gitattributes", "plans/*.yaml diff=actiontrack\nplans/*.yml diff=actiontrack\n")
    repo.git("config", "diff.actiontrack.textconv", f"{shlex.quote(sys.executable)} -m actiontrack textconv")
    repo.commit("Plan agreed", when="2012-11-01T10:00:00+0000")
    result = runner.invoke(app, ["status", "thurrock-ofsted-2012:1.2", "completed", "--note", "done",
                                 "--by", "Alex Morgan", "--date", "2012-11-05"])
    assert result.exit_code == 0, result.stderr
    diff = repo.git("-c", "core.pager=cat", "diff", "--no-color", "-U0")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-action 1.2 status: in-progress",
        "+action 1.2 status: completed",
        "+action 1.2 completed on: 2012-11-05",
        "+action 1.2 note 2012-11-05 Alex Morgan (completed): done",
    ]
    text = runner.invoke(app, ["textconv", "plans/thurrock-ofsted-2012.yaml"]).stdout.splitlines()
    assert text[0] == "! 0 errors, 7 warnings, each shown below beside the entry it concerns"
    at = text.index("! action 8.1: warning AT204 action '8.1' has no timescale or due date")
    assert text[at - 1].startswith("action 8.1 ") and text[at + 1].startswith("action 8.2 recommendation: ")
