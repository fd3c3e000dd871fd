"""The SMART checks (validate --smart): each warning's exact line, and the plans they leave alone."""

from __future__ import annotations

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


def mutate(old: str, new: str) -> str:
    assert VALID.count(old) == 1, f"mutation anchor not unique: {old!r}"
    return VALID.replace(old, new)


def test_the_valid_plan_is_smart(in_tmp: Path) -> None:
    assert smart_findings(in_tmp, VALID) == []


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
    """The hit rate docs/validation.md reports: 10 owner, 12 time-bound and 1 vague-verb warnings."""
    plans, _ = load_plans([SEED_PLANS])
    found = validate(plans, date(2012, 12, 1), smart=True)
    smart = [(f.file.rsplit("/", 1)[-1], f.line, f.code) for f in found if f.code.startswith("AT5")]
    assert [c for _, _, c in smart].count("AT501") == 10
    assert [c for _, _, c in smart].count("AT502") == 12
    assert [(f, c) for f, _, c in smart if c == "AT504"] == [("banes-climbie-2003.yaml", "AT504")]
