"""Every validation check: its exact path:line:col, severity, code and message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from actiontrack.validate import validate

from support import DATA, load_plans

VALID = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")
AS_OF = date(2026, 11, 22)
F = "plans/valid-plan.yaml"


def findings_for(tmp_path: Path, text: str, name: str = "valid-plan.yaml", as_of: date = AS_OF) -> list[str]:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    plans, found = load_plans([folder])
    return [f.format() for f in sorted(found + validate(plans, as_of))]


def mutate(old: str, new: str) -> str:
    assert VALID.count(old) == 1, f"mutation anchor not unique: {old!r}"
    return VALID.replace(old, new)


def test_valid_plan_has_no_findings(in_tmp: Path) -> None:
    assert findings_for(in_tmp, VALID) == []


CASES = [
    pytest.param("        status: in-progress\n", "        staus: in-progress\n",
                 [f"{F}:48:9: error AT102 missing required field 'status' in an action",
                  f"{F}:52:9: error AT101 unknown key 'staus' in an action: did you mean 'status'?"],
                 id="unknown-key-did-you-mean"),
    pytest.param("title: Test review action plan\n", "",
                 [f"{F}:2:1: error AT102 missing required field 'title' in the plan"],
                 id="missing-title"),
    pytest.param('        timescale: "Sept 24"\n', "        timescale: 2024\n",
                 [f"{F}:51:20: error AT103 'timescale' must be text, not a number (2024): quote it (\"2024\")"],
                 id="wrong-type-number"),
    pytest.param("        owners: [JB]\n", "        owners: JB\n",
                 [f"{F}:50:17: error AT103 'owners' must be a list of owners, not text ('JB')"],
                 id="owners-not-a-list"),
    pytest.param("        due: 2024-12-31\n", "        due: 2024-02-30\n",
                 [f"{F}:69:14: error AT105 'due' is not a real date: 2024-02-30"],
                 id="due-not-a-real-date"),
    pytest.param("      - id: \"1.2\"\n", "      - id: \"1.1\"\n",
                 [f"{F}:48:9: error AT201 duplicate action id '1.1' (first at line 37)"],
                 id="duplicate-action-id"),
    pytest.param("  - id: \"2\"\n", "  - id: \"1\"\n",
                 [f"{F}:53:5: error AT207 duplicate recommendation id '1' (first at line 28)"],
                 id="duplicate-recommendation-id"),
    pytest.param("    group: health\n", "    group: police\n",
                 [f"{F}:54:5: error AT208 recommendation '2' names unknown group 'police' (groups: all, health)"],
                 id="unknown-group"),
    pytest.param("        status: in-progress\n", "        status: done\n",
                 [f"{F}:52:9: error AT302 unknown status 'done': did you mean 'completed'? "
                  "(one of: not-started, in-progress, completed, embedded, closed, dropped, unknown)"],
                 id="unknown-status"),
    pytest.param("        status: in-progress\n", "        status: embedded\n",
                 [f"{F}:52:9: error AT303 action '1.2' is embedded but has no evidence: add an evidence entry"],
                 id="embedded-without-evidence"),
    pytest.param("        status: in-progress\n", "        status: dropped\n",
                 [f"{F}:52:9: error AT304 action '1.2' is dropped without a note saying why"],
                 id="dropped-without-reason"),
    pytest.param("        status: in-progress\n", "        status: closed\n",
                 [f"{F}:52:9: error AT305 action '1.2' is closed without a note recording the sign-off"],
                 id="closed-without-sign-off"),
    pytest.param("        owners: [JB]\n", "        owners: [JB, XY]\n",
                 [f"{F}:50:22: error AT301 owner 'XY' looks like initials but is not in the people key (known: AM, JB)"],
                 id="unknown-initials-owner"),
    pytest.param("            by: AM\n", "            by: ZZ\n",
                 [f"{F}:44:13: error AT301 note author 'ZZ' looks like initials but is not in the people key (known: AM, JB)"],
                 id="unknown-initials-author"),
    pytest.param('        timescale: "Sept 24"\n', '        timescale: "TBC"\n',
                 [f"{F}:51:9: warning AT205 timescale 'TBC' is not a date actiontrack can read: add 'due: YYYY-MM-DD' "
                  "(check with: actiontrack timescale \"TBC\")"],
                 id="timescale-unknown"),
    pytest.param('        timescale: "Sept 24"\n', '        timescale: "Sept 24"\n        due: 2024-10-15\n',
                 [f"{F}:52:9: warning AT206 due 2024-10-15 disagrees with timescale 'Sept 24' (read as 2024-09-30)"],
                 id="due-disagrees-with-timescale"),
    pytest.param("          - date: 2024-03-10\n", "          - date: 2027-03-10\n",
                 [f"{F}:44:13: warning AT402 note dated 2027-03-10 is after 2026-11-22"],
                 id="note-in-the-future"),
    pytest.param("id: valid-plan\n", "id: other-plan\n",
                 [f"{F}:2:1: error AT203 file name 'valid-plan.yaml' does not match plan id 'other-plan': "
                  "rename it to other-plan.yaml"],
                 id="file-name-not-plan-id"),
    pytest.param("  kind: serious-case-review\n", "  kind: scr\n",
                 [f"{F}:6:9: warning AT210 source kind 'scr' is not one actiontrack knows (known: serious-case-review, "
                  "child-safeguarding-practice-review, rapid-review, practice-review, safeguarding-adults-review, "
                  "adults-review, domestic-homicide-review, mental-health-homicide-review, "
                  "joint-targeted-area-inspection, inspection, scrutiny-review, audit, inquiry, other): kept as written"],
                 id="unknown-source-kind"),
    pytest.param("id: valid-plan\n", "id: Valid Plan\n",
                 [f"{F}:2:5: error AT104 'id' must be a slug (lower-case letters, digits, -): 'Valid Plan'"],
                 id="plan-id-not-a-slug"),
    pytest.param("      - id: \"1.2\"\n", "      - id: \"1 2\"\n",
                 [f"{F}:48:13: error AT104 'id' must use only letters, digits, '.', '_' and '-': '1 2'"],
                 id="action-id-malformed"),
    pytest.param("title: Test review action plan\n", "title: Test review action plan\ntitle: Again\n",
                 [f"{F}:4:1: error AT008 duplicate key 'title' (first at line 3)"],
                 id="duplicate-key"),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_check(in_tmp: Path, old: str, new: str, expected: list[str]) -> None:
    assert findings_for(in_tmp, mutate(old, new)) == sorted(expected)


def test_notes_out_of_order(in_tmp: Path) -> None:
    text = mutate(
        "            status: completed\n      - id: \"1.2\"\n",
        "            status: completed\n          - date: 2024-03-01\n            by: AM\n"
        "            text: Earlier.\n      - id: \"1.2\"\n",
    )
    assert findings_for(in_tmp, text) == [
        f"{F}:48:13: warning AT401 note dated 2024-03-01 comes after a note dated 2024-03-10: notes go oldest first"
    ]


def test_duplicate_plan_id_across_files(in_tmp: Path) -> None:
    folder = in_tmp / "plans"
    folder.mkdir()
    (folder / "valid-plan.yaml").write_text(VALID, encoding="utf-8")
    (folder / "valid-plan.yml").write_text(VALID, encoding="utf-8")
    plans, found = load_plans([folder])
    lines = [f.format() for f in sorted(found + validate(plans, AS_OF))]
    assert lines == ["plans/valid-plan.yml:2:1: error AT202 duplicate plan id 'valid-plan' (also in plans/valid-plan.yaml)"]


def test_groups_required_when_plan_has_groups(in_tmp: Path) -> None:
    assert findings_for(in_tmp, mutate("    group: health\n", "")) == [
        f"{F}:53:5: error AT102 missing required field 'group' in recommendation '2' (the plan has groups)"
    ]


def test_a_broken_file_never_stops_the_others(in_tmp: Path) -> None:
    folder = in_tmp / "plans"
    folder.mkdir()
    (folder / "a-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (folder / "valid-plan.yaml").write_text(VALID, encoding="utf-8")
    plans, found = load_plans([folder])
    assert [p.id for p in plans] == ["valid-plan"]
    assert [f.format() for f in found] == [
        "plans/a-broken.yaml:1:14: error AT001 YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence)"
    ]


def test_a_reschedule_note_explains_a_due_date_that_left_its_wording(in_tmp: Path) -> None:
    moved = mutate('        timescale: "Sept 24"\n        status: in-progress\n',
                   '        timescale: "Sept 24"\n        due: 2024-12-31\n        status: in-progress\n'
                   '        notes:\n          - date: 2024-09-20\n            by: JB\n'
                   '            text: "Due date moved from 2024-09-30 to 2024-12-31 (+92 days): audit team on leave"\n')
    assert findings_for(in_tmp, moved) == []
    unexplained = moved.replace("to 2024-12-31 (+92 days)", "to 2024-12-15 (+76 days)")
    assert findings_for(in_tmp, unexplained) == [
        f"{F}:52:9: warning AT206 due 2024-12-31 disagrees with timescale 'Sept 24' (read as 2024-09-30)"
    ]
