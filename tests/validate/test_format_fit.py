"""Real plans fit: a plan with every field of the format validates with no errors, and each new
warning and error is reported at its exact path:line:col."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from actiontrack.validate import validate

from support import DATA, load_plans

FIT = (DATA / "fit" / "every-field.yaml").read_text(encoding="utf-8")
AS_OF = date(2021, 1, 15)
F = "plans/every-field.yaml"
# What the plan with every field gives: warnings only, each where the synthetic source is at fault.
BASE = [
    f"{F}:49:9: warning AT211 timescale '31 September 2020' names a day past the end of its month: read as "
    "2020-09-30, the month's last day (add 'due:' if another day was meant)",
    f"{F}:55:9: warning AT308 action '1.1' is rated green ('2 Substantially achieved') but is in-progress and was "
    "due 2020-09-30 (107 days before 2021-01-15)",
    f"{F}:59:13: warning AT403 note has no 'by': the source does not say who recorded it",
    f"{F}:59:13: warning AT404 note dated by month (May 2020): it counts from 2020-05-31, the month's last day",
    f"{F}:85:18: warning AT307 owner 'DCS' is a role, not in the people key: add it to people to say who holds it",
    f"{F}:96:9: warning AT404 note dated by month (Dec 2020): it counts from 2020-12-31, the month's last day",
]


def findings(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    (folder / "every-field.yaml").write_text(text, encoding="utf-8")
    plans, found = load_plans([folder])
    return [f.format() for f in sorted(found + validate(plans, AS_OF))]


def test_every_field_validates_with_no_errors(in_tmp: Path) -> None:
    assert findings(in_tmp, FIT) == BASE


def _shifted(line: str, at: int, by: int) -> str:
    """A BASE finding as it reads once `by` lines were added (or removed) at line `at`."""
    head, rest = line.split(":", 1)
    number, tail = rest.split(":", 1)
    return f"{head}:{int(number) + by if int(number) >= at else int(number)}:{tail}"


CASES = [
    pytest.param("date: 2020-02-01\npublished", "published", 3, -1,
                 # One finding says why, not one AT205 per timescale the missing date leaves unplaced.
                 [f"{F}:2:1: warning AT209 the plan has no 'date': timescales counted from it (\"Immediate\", "
                  "\"Within 3 months\", \"Sept\" without a year) read as unknown; 1 timescale of this plan needs it, "
                  "the first 'within 24 hours' (action 2, line 90)"], id="AT209-no-plan-date"),
    pytest.param("published: 2020-03-31\n", "", 11, -1,
                 [f"{F}:67:9: warning AT205 timescale 'within 20 working days of publication' is not a date "
                  "actiontrack can read: add 'due: YYYY-MM-DD', or the plan's 'published' date it counts from "
                  "(check with: actiontrack timescale \"within 20 working days of publication\")"],
                 id="AT205-no-published-date"),
    pytest.param("  kind: mental-health-homicide-review\n", "  kind: scrutiny panel\n", 0, 0,
                 [f"{F}:6:9: warning AT210 source kind 'scrutiny panel' is not one actiontrack knows (known: "
                  "serious-case-review, child-safeguarding-practice-review, rapid-review, practice-review, "
                  "safeguarding-adults-review, adults-review, domestic-homicide-review, mental-health-homicide-review, "
                  "joint-targeted-area-inspection, inspection, scrutiny-review, audit, inquiry, other): kept as written"],
                 id="AT210-unknown-source-kind"),
    pytest.param('        baseline: "June 2020"\n', '        baseline: "TBC"\n', 0, 0,
                 [f"{F}:50:9: warning AT212 baseline 'TBC' is not a date actiontrack can read: write YYYY-MM-DD "
                  "(check with: actiontrack timescale \"TBC\")"], id="AT212-unreadable-baseline"),
    pytest.param("    owners: [AM]\n    status: in-progress\n", "    status: in-progress\n", 42, -1,
                 [f"{F}:46:9: warning AT306 action '1.1' has no owner: name one on the action or its recommendation",
                  f"{F}:64:9: warning AT306 action '1.2' has no owner: name one on the action or its recommendation"],
                 id="AT306-no-owner"),
    pytest.param("        rag: green\n", "        rag: red\n", 0, 0,
                 [f"{F}:71:9: warning AT308 action '1.2' is rated red but is completed"], id="AT308-red-but-done"),
    pytest.param("    status: in-progress\n    rag: amber\n", "    status: completed\n    rag: amber\n", 0, 0,
                 [f"{F}:42:5: warning AT309 recommendation '1' is marked completed but 2 actions are not done: "
                  "1.1, 1.3"], id="AT309-recommendation-done-with-open-actions"),
    pytest.param("        status: in-progress\n        x-cost-centre",
                 "        status: in-progress\n        completed_on: 2020-08\n        x-cost-centre", 57, 1,
                 [f"{F}:57:9: warning AT310 action '1.1' has completed_on Aug 2020 but its status is in-progress"],
                 id="AT310-completed-on-but-open"),
    pytest.param("        completed_on: 2020-05-04\n", "        completed_on: 2021-02-01\n", 0, 0,
                 [f"{F}:70:9: warning AT402 completed_on 2021-02-01 is after 2021-01-15"], id="AT402-completed-later"),
    pytest.param("        rag: green\n", "        rag: purple\n", 0, 0,
                 [f"{F}:71:14: error AT104 unknown rating 'purple' (one of: red, amber, green, blue; or the plan's "
                  "rag_scale: 1 Fully achieved, 2 Substantially achieved, 3 Partially achieved, 4 Not achieved)"],
                 id="AT104-unknown-rating"),
    pytest.param("        priority: high\n", "        priority: urgent\n", 0, 0,
                 [f"{F}:54:19: error AT104 unknown priority 'urgent' (one of: high, medium, low)"],
                 id="AT104-unknown-priority"),
    pytest.param('  "3 Partially achieved": amber\n', '  "3 Partially achieved": yellow\n', 0, 0,
                 [f"{F}:20:27: error AT104 rag_scale '3 Partially achieved' must map to one of red, amber, green, "
                  "blue, not 'yellow'"], id="AT104-rag-scale-colour"),
    pytest.param('          - date: "2020-05"\n', '          - date: "2020-13"\n', 0, 0,
                 [f"{F}:59:19: error AT105 'date' is not a real month: 2020-13"], id="AT105-not-a-month"),
    pytest.param('          - date: "2020-05"\n', '          - date: May 2020\n', 0, 0,
                 [f"{F}:59:19: error AT103 'date' must be a date (YYYY-MM-DD) or a month (YYYY-MM), not text "
                  "('May 2020')"], id="AT103-month-in-words"),
    pytest.param('  - id: "2"\n', '  - id: "2 (a)"\n', 0, 0,
                 [f"{F}:87:9: error AT104 recommendation id '2 (a)' must use only letters, digits, '.', '_' and '-': "
                  "with no actions it is tracked as one action, named by its id"], id="AT104-standalone-id"),
    pytest.param('    status: unknown\n    rag: "4 Not achieved"\n', '    rag: "4 Not achieved"\n', 88, -1,
                 [f"{F}:87:5: error AT102 missing required field 'actions' in a recommendation (or its 'status', to "
                  "track a recommendation with no actions as one action)"], id="AT102-standalone-without-status"),
    pytest.param("    rag: amber\n", "    rag: amber\n    timescale: Sept 20\n", 44, 1,
                 [f"{F}:44:5: error AT101 unknown key 'timescale' in a recommendation: only a recommendation with no "
                  "actions has 'timescale' (put it on its actions)"], id="AT101-action-field-on-recommendation"),
    pytest.param("        owners: [DCS]\n", "        owners: []\n", 0, 0,
                 [f"{F}:85:17: error AT102 'owners' is empty: name at least one owner (leave 'owners' out when the "
                  "source names none)"], id="AT102-empty-owners"),
    pytest.param("    x-portfolio: Adult services\n", "    x-: Adult services\n", 0, 0,
                 [f"{F}:35:5: error AT101 unknown key 'x-' in a group (known: id, title; extension keys start with "
                  "x-)"], id="AT101-bare-extension-prefix"),
]


@pytest.mark.parametrize(("old", "new", "at", "by", "added"), CASES)
def test_new_findings(in_tmp: Path, old: str, new: str, at: int, by: int, added: list[str],
                      request: pytest.FixtureRequest) -> None:
    assert FIT.count(old) == 1, f"mutation anchor not unique: {old!r}"
    got = findings(in_tmp, FIT.replace(old, new))
    base = [_shifted(line, at, by) for line in BASE]
    assert sorted(set(got) - set(base)) == sorted(added)
    # A base finding goes only with the entry the mutation made unreadable (an entry in error is not built).
    gone = {line.split(":")[1] for line in set(base) - set(got)}
    assert gone == GONE.get(request.node.callspec.id, set())


GONE = {
    "AT105-not-a-month": {"59"}, "AT103-month-in-words": {"59"},  # the note is not read: no AT403/AT404
    "AT104-standalone-id": {"96"}, "AT102-standalone-without-status": {"95"},  # nor the recommendation's note
    "AT102-empty-owners": {"85"},  # no owner left to be a role
}
