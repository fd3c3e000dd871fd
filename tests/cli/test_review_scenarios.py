"""Issue 12's scenarios 1-9: realistic pull requests, hand-edited, in real repositories; exact text,
exact JSON and the `--check` exit code of `diff main...feature` for each."""

from __future__ import annotations

from typer.testing import CliRunner

from actiontrack.cli import app

from gitfixture import Repo
from review_scenarios import FILE, MakeRepo, change, ends, heading, problem, pull_request, review

THURROCK = "plans/thurrock-ofsted-2012.yaml"
T_PLAN = "thurrock-ofsted-2012"
S22 = ("Random telephone survey of sexual health services and other points of referral to check understanding of "
       "SARC pathway, reported to LSCB")
A11, A12, A13 = ("Issue interim guidance to social work teams.", "Audit case files for family histories.",
                 "Report audit findings to the Board.")
A21 = "Add a household field to the health visiting record."
R1, R2 = "Full family histories are taken and kept up to date.", "Health visitors record who lives in the household."
TITLE = 'Serious Case Review "Child Q" action plan'
SHORT = {A11: "Issue interim guidance to social work t…", A12: A12, A13: A13,
         A21: "Add a household field to the health vis…", R1: "Full family histories are taken and kep…",
         R2: "Health visitors record who lives in the…"}


def broken_main(make_repo: MakeRepo) -> tuple[Repo, str]:
    """Thurrock's plan on main, then a commit on main that leaves a bracket open (the base is broken)."""
    repo = pull_request(make_repo, seed=T_PLAN)
    valid = repo.sha("HEAD")
    repo.git("checkout", "-q", "main")
    repo.replace(THURROCK, "        owners: [Service Manager QA]\n        timescale: \"Report to SCCN & LSCB by 27.10.12\"",
                 "        owners: [Service Manager QA\n        timescale: \"Report to SCCN & LSCB by 27.10.12\"")
    repo.commit("Survey owner", when="2026-11-02T11:00:00+0000")
    repo.git("checkout", "-q", "-B", "feature")
    return repo, valid


BRACKET = "        owners: [Service Manager QA\n        timescale: \"Report to SCCN & LSCB by 27.10.12\"\n"
FIXED = "        owners: [Service Manager QA]\n        timescale: \"Report to SCCN & LSCB by 27.10.12\"\n"
SYNTAX = "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"


def repaired(valid: str) -> dict[str, object]:
    return change("plan-repaired", {"errors": [{"file": THURROCK, "line": 75, "col": 18, "severity": "error",
                                                "code": "AT001", "message": SYNTAX}],
                                    "read": "history", "commit": valid, "date": "2026-11-02"},
                  {"errors": []}, plan=T_PLAN, subject=THURROCK)


def test_1_a_fix_of_a_broken_base_shows_every_other_edit(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, valid = broken_main(make_repo)
    repo.replace(THURROCK, BRACKET + "        status: in-progress\n",
                 FIXED + "        due: 2013-01-27\n        status: completed\n")
    text, doc, check = review(repo, runner)
    slip = ("action 2.2 due date moved from 2012-10-27 to 2013-01-27 (+92 days) without a note saying why: add the "
            "ledger note \"Due date moved from 2012-10-27 to 2013-01-27 (+92 days): REASON\", as `actiontrack "
            "reschedule` writes it")
    assert text == heading(repo, "1 problem and 3 changes in 1 plan") + (
        "\n"
        f"{T_PLAN}\n"
        f"  ! due-moved-without-note: {slip}\n"
        f"  this change repairs {THURROCK}: 1 error at base, 0 now; the base is read from commit {valid[:12]} of "
        "2026-11-02, its last valid version\n"
        f"      at base: {THURROCK}:75:18: error AT001 {SYNTAX}\n"
        "  action 2.2 (Random telephone survey of sexual healt…) status: in-progress -> completed\n"
        "  action 2.2 (Random telephone survey of sexual healt…) due: 2012-10-27 -> 2013-01-27 (+92 days, no ledger "
        "note)\n")
    assert doc == {**ends(repo), "changes": [
        repaired(valid),
        change("action-status", "in-progress", "completed", plan=T_PLAN, rec="2", act="2.2", subject=S22,
               explained=False),
        change("action-due", "2012-10-27", "2013-01-27", plan=T_PLAN, rec="2", act="2.2", subject=S22, days=92,
               explained=False),
    ], "problems": [problem("due-moved-without-note", slip, "2012-10-27", "2013-01-27", plan=T_PLAN, rec="2",
                            act="2.2")]}
    assert check == 1


def test_1_a_pure_fix_passes_the_check(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo, valid = broken_main(make_repo)
    repo.replace(THURROCK, BRACKET, FIXED)
    text, doc, check = review(repo, runner, "Close the bracket")
    assert text == heading(repo, "1 change in 1 plan") + (
        "\n"
        f"{T_PLAN}\n"
        f"  this change repairs {THURROCK}: 1 error at base, 0 now; the base is read from commit {valid[:12]} of "
        "2026-11-02, its last valid version\n"
        f"      at base: {THURROCK}:75:18: error AT001 {SYNTAX}\n")
    assert doc == {**ends(repo), "changes": [repaired(valid)], "problems": []}
    assert check == 0


def test_2_a_renamed_plan_is_compared_as_one(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo, seed=T_PLAN)
    new = "plans/thurrock-ofsted-2012-v2.yaml"
    repo.git("mv", THURROCK, new)
    repo.replace(new, "id: thurrock-ofsted-2012\n", "id: thurrock-ofsted-2012-v2\n")
    repo.replace(new, "        status: completed\n        notes:\n          - date: 2012-10-19\n            by: Thurrock "
                      "Council\n            text: Completed\n            status: completed\n      - id: \"1.2\"",
                 "        status: completed\n      - id: \"1.2\"")  # 1.1's note deleted
    repo.replace(new, "        owners: [SCCN]\n        timescale: \"27.7.12\"\n        status: completed\n",
                 "        owners: [SCCN]\n        timescale: \"27.7.12\"\n        status: in-progress\n")
    repo.replace(new, "        timescale: \"Report to DMT & LSCB 27.2.13\"\n",
                 "        timescale: \"Report to DMT & LSCB 27.2.13\"\n        due: 2014-02-27\n")  # a year later
    text, doc, check = review(repo, runner)
    v2 = "thurrock-ofsted-2012-v2"
    removed = "note 1 of action 1.1 (2012-10-19, Thurrock Council) was removed: notes are an append-only record"
    slip = ("action 1.4 due date moved from 2013-02-27 to 2014-02-27 (+365 days) without a note saying why: add the "
            "ledger note \"Due date moved from 2013-02-27 to 2014-02-27 (+365 days): REASON\", as `actiontrack "
            "reschedule` writes it")
    back = ("action 2.1 status moved back from completed to in-progress without a note: add a note with status: "
            f"in-progress saying why (`actiontrack status {v2}:2.1 in-progress --note TEXT` writes one)")
    assert text == heading(repo, "3 problems and 3 changes in 1 plan") + (
        "\n"
        f"{v2}\n"
        f"  ! note-removed: {removed}\n"
        f"  ! due-moved-without-note: {slip}\n"
        f"  ! status-backwards-without-note: {back}\n"
        f"  plan renamed from {T_PLAN} ({THURROCK}) to {v2} ({new})\n"
        "  action 1.4 (SM QA to audit) due: 2013-02-27 -> 2014-02-27 (+365 days, no ledger note)\n"
        "  action 2.1 (Communication plan issued) status: completed -> in-progress\n")
    title = "Ofsted Inspection: Safeguarding and Looked After Children - Action Plan to Implement Recommendations"
    assert doc == {**ends(repo), "changes": [
        change("plan-renamed", {"id": T_PLAN, "file": THURROCK}, {"id": v2, "file": new}, plan=v2, subject=title),
        change("action-due", "2013-02-27", "2014-02-27", plan=v2, rec="1", act="1.4", subject="SM QA to audit",
               days=365, explained=False),
        change("action-status", "completed", "in-progress", plan=v2, rec="2", act="2.1",
               subject="Communication plan issued", explained=False),
    ], "problems": [
        problem("note-removed", removed, {"date": "2012-10-19", "by": "Thurrock Council", "text": "Completed",
                                          "status": "completed", "extra": {}}, None, plan=v2, rec="1", act="1.1"),
        problem("due-moved-without-note", slip, "2013-02-27", "2014-02-27", plan=v2, rec="1", act="1.4"),
        problem("status-backwards-without-note", back, "completed", "in-progress", plan=v2, rec="2", act="2.1"),
    ]}
    assert check == 1


def test_3_a_note_explains_only_the_change_it_records(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo)
    meeting = "          - date: 2025-09-20\n            by: {by}\n            text: Meeting held.\n"
    repo.replace(FILE, "        timescale: \"Sept 25\"\n", "        timescale: \"Sept 25\"\n        due: 2026-03-31\n")
    repo.replace(FILE, "            text: Audit tool agreed.\n            status: in-progress\n",
                 "            text: Audit tool agreed.\n            status: in-progress\n" + meeting.format(by="LM"))
    repo.replace(FILE, "        monitoring: Audit of 20 case files\n        status: completed\n",
                 "        monitoring: Audit of 20 case files\n        status: not-started\n")
    repo.replace(FILE, "            text: Guidance issued to all teams.\n            status: completed\n",
                 "            text: Guidance issued to all teams.\n            status: completed\n" + meeting.format(by="SM"))
    ledger = "Due date moved from 2026-03-31 to 2026-06-30 (+91 days): Board meets in June"
    repo.replace(FILE, "        due: 2026-03-31\n        status: not-started\n",  # the ledger says June; the date is December
                 f"        due: 2026-12-31\n        status: not-started\n        notes:\n          - date: 2026-03-20\n"
                 f"            by: LM\n            text: \"{ledger}\"\n")
    text, doc, check = review(repo, runner)
    mismatch = ("the ledger note of 2026-03-20 says the due date moved to 2026-06-30, but action 1.3 due date moved to "
                "2026-12-31: correct the note or the date")
    slip = ("action 1.2 due date moved from 2025-09-30 to 2026-03-31 (+182 days) and no note added records the move: "
            "add the ledger note \"Due date moved from 2025-09-30 to 2026-03-31 (+182 days): REASON\", as "
            "`actiontrack reschedule` writes it")
    back = ("action 1.1 status moved back from completed to not-started; no note added records it: add a note with "
            "status: not-started saying why (`actiontrack status example-scr-2025:1.1 not-started --note TEXT` "
            "writes one)")
    assert text == heading(repo, "3 problems and 6 changes in 1 plan") + (
        "\n"
        "example-scr-2025\n"
        f"  ! ledger-mismatch: {mismatch}\n"
        f"  ! due-moved-without-note: {slip}\n"
        f"  ! status-backwards-without-note: {back}\n"
        f"  action 1.1 ({SHORT[A11]}) status: completed -> not-started\n"
        f"  action 1.1 ({SHORT[A11]}) note added: 2025-09-20 SM: Meeting held.\n"
        f"  action 1.2 ({A12}) due: 2025-09-30 -> 2026-03-31 (+182 days, no ledger note)\n"
        f"  action 1.2 ({A12}) note added: 2025-09-20 LM: Meeting held.\n"
        f"  action 1.3 ({A13}) due: 2026-03-31 -> 2026-12-31 (+275 days, no ledger note)\n"
        f"  action 1.3 ({A13}) note added: 2026-03-20 LM: {ledger}\n")

    def note(by: str, on: str, words: str) -> dict[str, object]:
        return {"date": on, "by": by, "text": words, "status": None, "extra": {}}

    assert doc == {**ends(repo), "changes": [
        change("action-status", "completed", "not-started", rec="1", act="1.1", subject=A11, explained=False),
        change("note-added", None, note("SM", "2025-09-20", "Meeting held."), rec="1", act="1.1", subject=A11),
        change("action-due", "2025-09-30", "2026-03-31", rec="1", act="1.2", subject=A12, days=182, explained=False),
        change("note-added", None, note("LM", "2025-09-20", "Meeting held."), rec="1", act="1.2", subject=A12),
        change("action-due", "2026-03-31", "2026-12-31", rec="1", act="1.3", subject=A13, days=275, explained=False),
        change("note-added", None, note("LM", "2026-03-20", ledger), rec="1", act="1.3", subject=A13),
    ], "problems": [
        problem("status-backwards-without-note", back, "completed", "not-started", rec="1", act="1.1"),
        problem("due-moved-without-note", slip, "2025-09-30", "2026-03-31", rec="1", act="1.2"),
        problem("ledger-mismatch", mismatch, "2026-06-30", "2026-12-31", rec="1", act="1.3"),
    ]}
    assert check == 1


def test_4_dropped_and_closed_by_hand(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo)  # both actions have older notes: those explain nothing now
    repo.replace(FILE, "        timescale: \"Sept 25\"\n        status: in-progress\n",
                 "        timescale: \"Sept 25\"\n        status: dropped\n")
    repo.replace(FILE, "        timescale: \"April 2025 (and yearly thereafter)\"\n        status: in-progress\n",
                 "        timescale: \"April 2025 (and yearly thereafter)\"\n        status: closed\n")
    text, doc, check = review(repo, runner)
    dropped = ("action 1.2 was set to dropped without a note recording why: add a note with status: dropped saying why "
               "(`actiontrack status example-scr-2025:1.2 dropped --note TEXT` writes one)")
    closed = ("action 2.1 was set to closed without a note recording the sign-off: add a note with status: closed, by "
              "whoever signed it off and dated when (`actiontrack status example-scr-2025:2.1 closed --note TEXT --by "
              "WHO --date YYYY-MM-DD`)")
    assert text == heading(repo, "2 problems and 2 changes in 1 plan") + (
        "\n"
        "example-scr-2025\n"
        f"  ! dropped-without-note: {dropped}\n"
        f"  ! closed-without-sign-off: {closed}\n"
        f"  action 1.2 ({A12}) status: in-progress -> dropped\n"
        f"  action 2.1 ({SHORT[A21]}) status: in-progress -> closed\n")
    assert doc == {**ends(repo), "changes": [
        change("action-status", "in-progress", "dropped", rec="1", act="1.2", subject=A12, explained=False),
        change("action-status", "in-progress", "closed", rec="2", act="2.1", subject=A21, explained=False),
    ], "problems": [
        problem("dropped-without-note", dropped, "in-progress", "dropped", rec="1", act="1.2"),
        problem("closed-without-sign-off", closed, "in-progress", "closed", rec="2", act="2.1"),
    ]}
    assert check == 1
    # What actiontrack's own commands write passes: a note recording the status, by and dated; the ledger.
    repo.git("checkout", "-q", "-b", "by-the-tool", "main")
    for args in (["status", "example-scr-2025:1.2", "dropped", "--note", "Superseded by the regional audit"],
                 ["status", "example-scr-2025:2.1", "closed", "--note", "Signed off at the Board, minute 12"],
                 ["status", "example-scr-2025:1.1", "in-progress", "--note", "Reopened: guidance to be revised"],
                 ["reschedule", "example-scr-2025:1.3", "2026-06-30", "--reason", "Board meets in June"]):
        result = runner.invoke(app, [*args, "--by", "LM", "--as-of", "2026-11-03"])
        assert result.exit_code == 0, result.output
    repo.commit("Recorded with actiontrack", when="2026-11-04T10:00:00+0000")
    assert runner.invoke(app, ["diff", "main...by-the-tool", "--check"]).exit_code == 0


def test_5_a_new_name_for_initials_lists_the_actions_it_relabels(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo)
    repo.replace(FILE, "SM: {name: Sam Mills,", "SM: {name: Sue Morton,")
    text, doc, check = review(repo, runner)
    assert text == heading(repo, "1 change in 1 plan") + (
        "\n"
        "example-scr-2025\n"
        "  person SM name: Sam Mills -> Sue Morton; re-labels 2 actions\n"
        f"      action 1.1 ({SHORT[A11]}): owner, author of 1 note\n"
        f"      action 1.2 ({A12}): owner\n")
    role = "Children's Services Manager"
    assert doc == {**ends(repo), "changes": [
        change("person-changed", {"key": "SM", "name": "Sam Mills", "role": role, "agency": None, "extra": {}},
               {"key": "SM", "name": "Sue Morton", "role": role, "agency": None, "extra": {}}, subject=TITLE,
               consequences=[
                   {"recommendation": "1", "action": "1.1", "subject": A11, "owner": True, "notes": 1},
                   {"recommendation": "1", "action": "1.2", "subject": A12, "owner": True, "notes": 0}]),
    ], "problems": []}
    assert check == 0


def test_6_every_field_is_compared(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo)
    for old, new in (
        (f"title: {TITLE}", f"title: {TITLE} (revised)"),
        ("organisation: Example Safeguarding Children Partnership", "organisation: Example Children's Partnership"),
        ("reference: SCR Child Q,", "reference: SCR Child Q (2025),"),
        ("date: 2025-02-01\ncompleted_by: {name: Alex Morgan, role: Partnership Business Manager,",
         "date: 2025-03-01\ncompleted_by: {name: Alex Morgan, role: Independent Chair,"),
        ("    group: health\n", "    group: all-agencies\n"),
        ("    outcome: Practitioners know", "    outcome: Every practitioner knows"),
        ("    references: [Finding 3]\n", "    references: [Finding 3, Finding 5]\n"),
        ("    amendments:\n      - {date: 2025-06-30, text: Extended to adult services by the Board.}\n", ""),
        ("monitoring: Audit of 20 case files", "monitoring: Audit of 10 case files"),
        ("(and yearly thereafter)", "(and quarterly thereafter)"),
        ("        timescale: \"March 2026\"\n", "        timescale: \"End of March 2026\"\n"),  # due: decides
    ):
        repo.replace(FILE, old, new)
    text, doc, check = review(repo, runner)
    amendment = "amendment 1 of recommendation 1 (2025-06-30) was removed: amendments are an append-only record"
    yearly, quarterly = "April 2025 (and yearly thereafter)", "April 2025 (and quarterly thereafter)"
    assert text == heading(repo, "1 problem and 12 changes in 1 plan") + (
        "\n"
        "example-scr-2025\n"
        f"  ! amendment-removed: {amendment}\n"
        f"  plan title: {TITLE} -> {TITLE} (revised)\n"
        "  plan organisation: Example Safeguarding Children Partnership -> Example Children's Partnership\n"
        "  plan source reference: SCR Child Q -> SCR Child Q (2025)\n"
        "  plan date: 2025-02-01 -> 2025-03-01 (+28 days), moving 1 due date\n"
        f"      action 1.1 ({SHORT[A11]}) due: 2025-05-01 -> 2025-06-01 (+31 days)\n"
        "  plan sign-off role: Partnership Business Manager -> Independent Chair\n"
        f"  recommendation 1 ({SHORT[R1]}) outcome: Practitioners know who lives in the household. -> Every "
        "practitioner knows who lives in the household.\n"
        f"  recommendation 1 ({SHORT[R1]}) references: Finding 3 -> Finding 3; Finding 5\n"
        f"  action 1.1 ({SHORT[A11]}) monitoring: Audit of 20 case files -> Audit of 10 case files\n"
        f"  action 1.3 ({A13}) timescale: March 2026 -> End of March 2026\n"
        f"  recommendation 2 ({SHORT[R2]}) group: health -> all-agencies\n"
        f"  action 2.1 ({SHORT[A21]}) timescale: {yearly} -> {quarterly}\n"
        f"  action 2.1 ({SHORT[A21]}) recurs: P1Y -> P3M\n")
    revised = f"{TITLE} (revised)"
    assert doc == {**ends(repo), "changes": [
        change("plan-title", TITLE, revised, subject=revised),
        change("plan-organisation", "Example Safeguarding Children Partnership", "Example Children's Partnership",
               subject=revised),
        change("plan-source-reference", "SCR Child Q", "SCR Child Q (2025)", subject=revised),
        change("plan-date", "2025-02-01", "2025-03-01", subject=revised, days=28, consequences=[
            {"recommendation": "1", "action": "1.1", "subject": A11, "before": "2025-05-01", "after": "2025-06-01",
             "days": 31}]),
        change("plan-sign-off", {"name": "Alex Morgan", "role": "Partnership Business Manager", "date": "2025-02-01", "extra": {}},
               {"name": "Alex Morgan", "role": "Independent Chair", "date": "2025-02-01", "extra": {}}, subject=revised),
        change("recommendation-outcome", "Practitioners know who lives in the household.",
               "Every practitioner knows who lives in the household.", rec="1", subject=R1),
        change("recommendation-references", ["Finding 3"], ["Finding 3", "Finding 5"], rec="1", subject=R1),
        change("action-monitoring", "Audit of 20 case files", "Audit of 10 case files", rec="1", act="1.1",
               subject=A11),
        change("action-timescale", "March 2026", "End of March 2026", rec="1", act="1.3", subject=A13),
        change("recommendation-group", "health", "all-agencies", rec="2", subject=R2),
        change("action-timescale", yearly, quarterly, rec="2", act="2.1", subject=A21),
        change("action-recurs", "P1Y", "P3M", rec="2", act="2.1", subject=A21),
    ], "problems": [
        problem("amendment-removed", amendment, {"date": "2025-06-30", "text": "Extended to adult services by the "
                                                 "Board.", "extra": {}}, None, rec="1"),
    ]}
    assert check == 1


def test_7_a_new_action_is_shown_in_full(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo)
    repo.replace(FILE, "        due: 2026-03-31\n        status: not-started\n",
                 "        due: 2026-03-31\n        status: not-started\n      - id: \"1.4\"\n        text: Train team "
                 "managers in family history work.\n        owners: [LM]\n        timescale: \"Dec 25\"\n        status: "
                 "completed\n        notes:\n          - date: 2025-06-01\n            by: LM\n            text: All team "
                 "managers trained.\n            status: completed\n")
    text, doc, check = review(repo, runner)
    trained = "Train team managers in family history work."
    assert text == heading(repo, "1 change in 1 plan") + (
        "\n"
        "example-scr-2025\n"
        f"  action 1.4 added to recommendation 1: {trained}\n"
        "      owners: LM (Lee Marsh)\n"
        "      due: 2025-12-31 (Dec 25)\n"
        "      status: completed\n"
        "      note 2025-06-01 LM (completed): All team managers trained.\n")
    assert doc == {**ends(repo), "changes": [
        change("action-added", None, {
            "id": "1.4", "text": trained, "status": "completed", "due": "2025-12-31", "timescale": "Dec 25",
            "recurs": None, "owners": ["LM"], "monitoring": None, "baseline": None, "completed-on": None, "rag": None,
            "agency": None, "measure": None, "expected-evidence": None, "themes": [], "priority": None, "extra": {},
            "notes": [
                {"date": "2025-06-01", "by": "LM", "text": "All team managers trained.", "status": "completed", "extra": {}}],
            "evidence": []}, rec="1", act="1.4", subject=trained),
    ], "problems": []}
    assert check == 0


def test_8_the_diagnosis_fits_the_case(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo)
    repo.replace(FILE, "        owners: [LM]\n        timescale: \"March 2026\"", "        owners: []\n        timescale: "
                                                                             "\"March 2026\"")  # owners emptied
    repo.replace(FILE, "      - id: \"2.1\"", "      - id: \"2.2\"")  # renumbered, same content
    repo.replace(FILE, "    group: health\n", "    group: halth\n")  # a second error
    text, doc, check = review(repo, runner)
    # Owners are optional in the format (a warning when none is named): an emptied list is an
    # error of its own, and the action, still read, shows the owners it lost.
    owners = "'owners' is empty: name at least one owner (leave 'owners' out when the source names none)"
    group = "recommendation '2' names unknown group 'halth' (groups: all-agencies, health)"
    invalid = f"plan example-scr-2025 does not validate at head: 2 errors in {FILE}"
    assert text == heading(repo, "1 problem and 3 changes in 1 plan") + (
        "\n"
        "example-scr-2025\n"
        f"  ! invalid-plan: {invalid}\n"
        f"      {FILE}:45:17: error AT102 {owners}\n"
        f"      {FILE}:50:5: error AT208 {group}\n"
        f"  action 1.3 ({SHORT[A13]}) owners: LM (Lee Marsh) -> none\n"
        f"  recommendation 2 ({SHORT[R2]}) group: health -> halth\n"
        f"  action 2.2 ({SHORT[A21]}) renumbered from 2.1\n")
    e_owners = {"file": FILE, "line": 45, "col": 17, "severity": "error", "code": "AT102", "message": owners}
    e_group = {"file": FILE, "line": 50, "col": 5, "severity": "error", "code": "AT208", "message": group}
    assert doc == {**ends(repo), "changes": [
        change("action-owners", ["LM"], [], rec="1", act="1.3", subject=A13),
        change("recommendation-group", "health", "halth", rec="2", subject=R2),
        change("action-renumbered", "2.1", "2.2", rec="2", act="2.2", subject=A21),
    ], "problems": [
        problem("invalid-plan", invalid, {"errors": [], "read": "file", "commit": None, "date": None},
                {"errors": [e_owners, e_group]}),
    ]}
    assert check == 1
    # textconv shows every error, and the action with them.
    lines = runner.invoke(app, ["textconv", FILE]).stdout.splitlines()
    assert lines[0] == "! 2 errors, 0 warnings, each shown below beside the entry it concerns"
    assert [line for line in lines if line.startswith("!")][1:] == [f"! action 1.3: error AT102 {owners}",
                                                                  f"! recommendation 2: error AT208 {group}"]
    assert "action 1.3 status: not-started" in lines


def test_9_every_value_is_given(make_repo: MakeRepo, runner: CliRunner) -> None:
    repo = pull_request(make_repo)
    repo.replace(FILE, "          - date: 2025-07-01\n            by: LM\n            text: Audit tool agreed.",
                 "          - date: 2025-06-01\n            by: LM\n            text: Audit tool agreed.")  # backdated
    repo.replace(FILE, "owners: [\"Named Nurse, Safeguarding\"]", "owners: [\"Named Nurse, Safeguarding\", SM]")
    ledger = "Due date moved from 2025-09-30 to 2025-12-31 (+92 days): audit team short-staffed"
    repo.replace(FILE, "        timescale: \"Sept 25\"\n", "        timescale: \"Sept 25\"\n        due: 2025-12-31\n")
    repo.replace(FILE, "            status: in-progress\n      - id: \"1.3\"",
                 f"            status: in-progress\n          - date: 2025-09-15\n            by: LM\n            text: "
                 f"\"{ledger}\"\n      - id: \"1.3\"")
    text, doc, check = review(repo, runner)
    edited = ("note 1 of action 1.2 (2025-07-01, LM) was edited: its date 2025-07-01 is now 2025-06-01: notes are an "
              "append-only record; add a new note instead")
    assert text == heading(repo, "1 problem and 3 changes in 1 plan") + (
        "\n"
        "example-scr-2025\n"
        f"  ! note-edited: {edited}\n"
        f"  action 1.2 ({A12}) due: 2025-09-30 -> 2025-12-31 (+92 days, ledger note)\n"
        f"  action 1.2 ({A12}) note added: 2025-09-15 LM: {ledger}\n"
        f"  action 2.1 ({SHORT[A21]}) owners: Named Nurse, Safeguarding -> Named Nurse, Safeguarding; SM (Sam Mills)\n")
    old_note = {"date": "2025-07-01", "by": "LM", "text": "Audit tool agreed.", "status": "in-progress", "extra": {}}
    assert doc == {**ends(repo), "changes": [
        change("action-due", "2025-09-30", "2025-12-31", rec="1", act="1.2", subject=A12, days=92, explained=True),
        change("note-added", None, {"date": "2025-09-15", "by": "LM", "text": ledger, "status": None, "extra": {}}, rec="1",
               act="1.2", subject=A12),
        change("action-owners", ["Named Nurse, Safeguarding"], ["Named Nurse, Safeguarding", "SM"], rec="2",
               act="2.1", subject=A21),
    ], "problems": [
        problem("note-edited", edited, old_note, {**old_note, "date": "2025-06-01"}, rec="1", act="1.2"),
    ]}
    assert check == 1
