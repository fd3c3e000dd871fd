"""Stale evidence (AT510): evidence `expires` and the plan's `reaudit`, on the as-of date; exact finding lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from actiontrack.dates import read_interval
from actiontrack.validate import validate

from support import DATA, SEED_PLANS, load_plans

VALID = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")
F = "plans/valid-plan.yaml"
REAUDIT = "version: v1.0\nreaudit: 12 months\n"
EVIDENCE = "            reference: QA/7\n"
FIX = "re-audit it and add the result as a new evidence entry"


def findings(tmp_path: Path, text: str, as_of: date) -> list[str]:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    (folder / "valid-plan.yaml").write_text(text, encoding="utf-8")
    plans, found = load_plans([folder])
    return [f.format() for f in found] + [f.format() for f in validate(plans, as_of)]


def plan(*edits: tuple[str, str]) -> str:
    text = VALID
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("edits", "as_of", "expected"), [
    pytest.param([("version: v1.0\n", REAUDIT)], date(2026, 11, 22),
                 [f"{F}:64:13: warning AT510 action '2.1' is embedded, but its evidence of impact was last checked "
                  f"30 months ago (2024-05-01; re-audit every 12 months, due 2025-05-01): {FIX}"], id="reaudit"),
    # A year to the day still counts; the day after, it does not.
    pytest.param([("version: v1.0\n", REAUDIT)], date(2025, 5, 1), [], id="reaudit-last-day"),
    pytest.param([("version: v1.0\n", "version: v1.0\nreaudit: 1y\n")], date(2025, 5, 2),
                 [f"{F}:64:13: warning AT510 action '2.1' is embedded, but its evidence of impact was last checked "
                  f"12 months ago (2024-05-01; re-audit every 1y, due 2025-05-01): {FIX}"], id="reaudit-short-form"),
    pytest.param([(EVIDENCE, EVIDENCE + "            expires: 2026-11-22\n")], date(2026, 11, 22),
                 [f"{F}:63:13: warning AT510 action '2.1' is embedded, but its evidence of impact was last checked "
                  f"30 months ago (2024-05-01; expired 2026-11-22): {FIX}"], id="expires-that-day"),
    pytest.param([(EVIDENCE, EVIDENCE + "            expires: 2026-11-23\n")], date(2026, 11, 22), [],
                 id="expires-tomorrow"),
    # The entry's own date wins over the plan's interval.
    pytest.param([("version: v1.0\n", REAUDIT), (EVIDENCE, EVIDENCE + "            expires: 2027-05-01\n")],
                 date(2026, 11, 22), [], id="expires-beats-reaudit"),
    # A newer entry that still counts: not stale.
    pytest.param([("version: v1.0\n", REAUDIT), (EVIDENCE, EVIDENCE + "          - date: 2026-01-10\n"
                                                  "            description: Re-audit of 20 records\n")],
                 date(2026, 11, 22), [], id="re-audited"),
    pytest.param([], date(2040, 1, 1), [], id="nothing-says-when"),
    pytest.param([("version: v1.0\n", "version: v1.0\nreaudit: 12\n")], date(2026, 11, 22),
                 [f"{F}:12:10: error AT104 'reaudit' must be a number of days, weeks, months or years ('12 months', "
                  "'1 year', '6m'), not '12'"], id="no-unit"),
])
def test_stale_evidence(in_tmp: Path, edits: list[tuple[str, str]], as_of: date, expected: list[str]) -> None:
    assert findings(in_tmp, plan(*edits), as_of) == expected


@pytest.mark.parametrize(("text", "span"), [
    ("12 months", (12, "M")), ("1 year", (1, "Y")), ("6 Weeks", (6, "W")), ("90 days", (90, "D")),
    ("12m", (12, "M")), ("2y", (2, "Y")),
])
def test_read_interval(text: str, span: tuple[int, str]) -> None:
    assert read_interval(text) == span


@pytest.mark.parametrize("text", ["12", "0 months", "a year", "12 moons", "-1y"])
def test_read_interval_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not an interval"):
        read_interval(text)


def test_no_stale_evidence_in_the_bundled_plans() -> None:
    """The bundled plans set no interval and no expiry: AT510 is silent however late."""
    plans, _ = load_plans([SEED_PLANS])
    assert [f for f in validate(plans, date(2040, 1, 1)) if f.code == "AT510"] == []


def test_export_and_textconv_carry_reaudit_and_expires(tmp_path: Path) -> None:
    from actiontrack.query.export import export_document
    from actiontrack.query.textconv import plan_lines

    text = plan(("version: v1.0\n", REAUDIT), (EVIDENCE, EVIDENCE + "            expires: 2025-03-31\n"))
    (tmp_path / "valid-plan.yaml").write_text(text, encoding="utf-8")
    (p,), _ = load_plans([tmp_path / "valid-plan.yaml"])
    doc = export_document([p])
    assert doc["version"] == 4
    exported = doc["plans"][0]  # type: ignore[index]
    assert exported["reaudit"] == "12 months"
    assert exported["recommendations"][1]["actions"][0]["evidence"] == [
        {"date": date(2024, 5, 1), "description": "Audit of 20 records", "reference": "QA/7",
         "expires": date(2025, 3, 31), "extra": {}}]
    lines = list(plan_lines(p))
    assert "plan valid-plan reaudit: 12 months" in lines
    assert "action 2.1 evidence 2024-05-01: Audit of 20 records (QA/7), expires 2025-03-31" in lines
