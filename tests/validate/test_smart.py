"""The SMART checks (validate --smart): each warning's exact line, and the plans they leave alone."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from actiontrack.validate import validate
from actiontrack.validate.smart import vague_object

from support import DATA, SEED_PLANS, load_plans

VALID = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")
AS_OF = date(2026, 11, 22)
F = "plans/valid-plan.yaml"


def smart_findings(tmp_path: Path, text: str) -> list[str]:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    (folder / "valid-plan.yaml").write_text(text, encoding="utf-8")
    plans, found = load_plans([folder])
    assert found == []
    return [f.format() for f in validate(plans, AS_OF, smart=True)]


# The valid plan with a measure on its one open action, which has no monitoring (AT503): line 52.
SMART = VALID.replace('        timescale: "Sept 24"\n', '        timescale: "Sept 24"\n        measure: Every file audited\n')


def mutate(old: str, new: str) -> str:
    assert SMART.count(old) == 1, f"mutation anchor not unique: {old!r}"
    return SMART.replace(old, new)


def test_the_valid_plan_is_smart(in_tmp: Path) -> None:
    assert smart_findings(in_tmp, SMART) == []


def test_smart_checks_are_off_by_default(tmp_path: Path) -> None:
    text = mutate("        text: Audit case files.\n", "        text: Ensure compliance.\n")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "valid-plan.yaml").write_text(text, encoding="utf-8")
    plans, _ = load_plans([tmp_path / "plans"])
    assert validate(plans, AS_OF) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    pytest.param("        owners: [JB]\n", "        owners: [Example Safeguarding Children Partnership]\n",
                 [f"{F}:50:9: warning AT501 action '1.2' is owned only by 'Example Safeguarding Children Partnership', "
                  "with no role or person who answers for it: name a role (\"Head of Safeguarding\") or a person "
                  "from the key"], id="organisation"),
    pytest.param("        owners: [JB]\n", "        owners: [Safeguarding Team, health]\n",
                 [f"{F}:50:9: warning AT501 action '1.2' is owned only by 'Safeguarding Team' and 'health', with no "
                  "role or person who answers for it: name a role (\"Head of Safeguarding\") or a person from the "
                  "key"], id="team-and-group"),
    pytest.param("        owners: [JB]\n", "        owners: [Head of Children's Services]\n", [], id="a-role-word-wins"),
    pytest.param("        owners: [JB]\n", "        owners: [Safeguarding Team, JB]\n", [], id="one-person-is-enough"),
    pytest.param('        timescale: "Sept 24"\n', "        timescale: Ongoing\n",
                 [f"{F}:51:9: warning AT502 action '1.2' is ongoing with no due date and no review cadence: add one "
                  "('Ongoing - reviewed quarterly', or 'due: YYYY-MM-DD')"], id="ongoing"),
    pytest.param('        timescale: "Sept 24"\n', "        timescale: Ongoing - reviewed quarterly\n", [],
                 id="ongoing-with-cadence"),
    pytest.param("        text: Audit case files.\n", "        text: Ensure compliance.\n",
                 [f"{F}:49:9: warning AT504 action '1.2' only says 'Ensure …' with nothing after the object: say "
                  "what will change and how you will know (\"Review the form and reissue it to all midwives\")"],
                 id="vague"),
    pytest.param("        text: Audit case files.\n", "        text: Review the Neonatal Nursing Transfer Form\n",
                 [f"{F}:49:9: warning AT504 action '1.2' only says 'Review …' with nothing after the object: say "
                  "what will change and how you will know (\"Review the form and reissue it to all midwives\")"],
                 id="vague-four-words"),
    # The same verbs with something after the object are specific enough for this check.
    pytest.param("        text: Audit case files.\n", "        text: Review the transfer form and reissue it.\n", [],
                 id="and"),
    pytest.param("        text: Audit case files.\n", "        text: Ensure reporting to the Executive Member.\n", [],
                 id="to"),
    pytest.param("        text: Audit case files.\n", "        text: Review 20 case files.\n", [], id="number"),
    pytest.param("        text: Issue interim guidance.\n", "        text: Ensure compliance.\n", [], id="done-action"),
    # AT501's other case: an agency and no owner (AT306 says "no owner" in every validate).
    pytest.param("        owners: [JB]\n", "        agency: Example NHS Trust\n",
                 [f"{F}:48:9: warning AT306 action '1.2' has no owner: name one on the action or its recommendation",
                  f"{F}:50:9: warning AT501 action '1.2' names only its agency 'Example NHS Trust', with no role or "
                  "person who answers for it: add owners with a role (\"Head of Safeguarding\") or a person from "
                  "the key"], id="agency-only"),
    pytest.param("        owners: [JB]\n", "        owners: [JB]\n        agency: Example NHS Trust\n", [],
                 id="agency-and-a-person"),
    pytest.param("        measure: Every file audited\n", "",
                 [f"{F}:48:9: warning AT503 action '1.2' has no monitoring and no measure: add how progress is "
                  "checked ('monitoring: Quarterly audit to the Board') or what shows success ('measure: All "
                  "referrals acknowledged within a day')"], id="not-measurable"),
    pytest.param("        measure: Every file audited\n", "        monitoring: Quarterly audit\n", [],
                 id="monitoring-is-enough"),
    pytest.param("        status: embedded\n", "        status: embedded\n        completed_on: 2024-06-01\n",
                 [f"{F}:63:9: warning AT505 action '2.1' is embedded with no evidence dated after its completion "
                  "(2024-06-01, completed_on): add an evidence entry that shows the change working since (an "
                  "audit, a survey, figures), dated when it was seen"], id="evidence-before-completion"),
    pytest.param("        status: embedded\n", "        status: embedded\n        completed_on: \"2024-05\"\n",
                 [f"{F}:63:9: warning AT505 action '2.1' is embedded with no evidence dated after its completion "
                  "(May 2024, completed_on): add an evidence entry that shows the change working since (an "
                  "audit, a survey, figures), dated when it was seen"], id="evidence-in-the-month-of-completion"),
    pytest.param("        status: embedded\n", "        status: embedded\n        completed_on: 2024-04-30\n", [],
                 id="evidence-after-completion"),
    # No completed_on: the note that recorded it done dates the completion.
    pytest.param("        status: completed\n        notes:\n", "        status: closed\n        notes:\n",
                 [f"{F}:42:9: warning AT505 action '1.1' is closed with no evidence dated after its completion "
                  "(2024-03-10, the note that recorded it done): add an evidence entry that shows the change "
                  "working since (an audit, a survey, figures), dated when it was seen"], id="closed-note-date"),
    # Closed, and neither completed_on nor a note says when: only no evidence at all is flagged.
    pytest.param("        status: completed\n        notes:\n          - date: 2024-03-10\n            by: AM\n"
                 "            text: Guidance issued.\n            status: completed\n",
                 "        status: closed\n        notes:\n          - date: 2024-03-10\n            by: AM\n"
                 "            text: Guidance issued.\n",
                 [f"{F}:42:9: warning AT505 action '1.1' is closed with no evidence of impact at all: add an evidence "
                  "entry that shows the change working since (an audit, a survey, figures), dated when it was seen"],
                 id="closed-no-date-no-evidence"),
    # Evidence dated after --as-of is not on the record yet (and AT402 says it is in the future).
    pytest.param("            reference: QA/7\n", "            reference: QA/7\n          - date: 2027-01-01\n"
                 "            description: Re-audit\n", [f"{F}:67:13: warning AT402 evidence dated 2027-01-01 is after "
                 "2026-11-22"], id="future-evidence"),
])
def test_each_smart_check(in_tmp: Path, old: str, new: str, expected: list[str]) -> None:
    assert smart_findings(in_tmp, mutate(old, new)) == expected


@pytest.mark.parametrize(("text", "verb"), [
    ("Ensure compliance", "Ensure"), ("Consider options.", "Consider"), ("look  at the policy", "Look at"),
    ("Look into staffing levels!", "Look into"), ("Review procedures", "Review"),
    ("Review procedures and clarify what chronology includes.", None), ("Ensure that this is recorded", None),
    ("Review regularly at contract review meetings.", None), ("Review", None),
    ("Review the roles of team managers across all four localities", None), ("Audit files", None),
])
def test_vague_verb_heuristic(text: str, verb: str | None) -> None:
    assert vague_object(text) == verb


def test_smart_figures_on_the_bundled_plans() -> None:
    """The hit rate docs/validation.md reports: 10 owner, 12 time-bound, 53 measurable, 1 vague-verb
    and no completion-evidence warnings."""
    plans, _ = load_plans([SEED_PLANS])
    found = validate(plans, date(2012, 12, 1), smart=True)
    smart = [(f.file.rsplit("/", 1)[-1], f.line, f.code) for f in found if f.code.startswith("AT5")]
    assert [c for _, _, c in smart].count("AT501") == 10
    assert [c for _, _, c in smart].count("AT502") == 12
    measurable = Counter(f for f, _, c in smart if c == "AT503")
    assert measurable == {"thurrock-ofsted-2012.yaml": 31, "nottingham-ss-scr-2003.yaml": 12,
                          "herefordshire-scr-me-2002.yaml": 9, "nottinghamshire-scr-an09.yaml": 1}
    assert [c for _, _, c in smart].count("AT505") == 0
    assert [(f, c) for f, _, c in smart if c == "AT504"] == [("banes-climbie-2003.yaml", "AT504")]


def test_evidence_after_the_as_of_date_does_not_count(in_tmp: Path) -> None:
    """AT505 reads the record as it stood on --as-of: evidence dated later is not there yet."""
    text = mutate("        status: embedded\n", "        status: embedded\n        completed_on: 2024-06-01\n")
    text = text.replace("            reference: QA/7\n", "            reference: QA/7\n          - date: 2027-01-01\n"
                        "            description: Re-audit\n")
    found = smart_findings(in_tmp, text)
    assert [f.split(" ")[2] for f in found] == ["AT505", "AT402"]
    assert found[0].startswith(f"{F}:63:9: warning AT505 action '2.1' is embedded with no evidence dated after")


def test_a_reopened_action_counts_from_its_last_completion() -> None:
    from actiontrack.model import Note
    from actiontrack.validate.smart import completion_of

    plans, _ = load_plans([DATA / "valid-plan.yaml"])
    act = plans[0].recommendations[0].actions[0]
    notes = tuple(Note(date(2024, m, 1), "AM", "x", s, 1, 1) for m, s in
                  ((1, "completed"), (2, None), (3, "in-progress"), (4, "completed"), (5, "embedded")))
    from dataclasses import replace

    assert completion_of(replace(act, notes=notes)) == (date(2024, 4, 1), "note")
    assert completion_of(replace(act, notes=notes, completed_on=date(2024, 4, 20))) == (date(2024, 4, 20),
                                                                                         "completed_on")
    assert completion_of(replace(act, notes=())) is None
