"""The five transcribed source plans: they load, validate, and hold what the sources hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from actiontrack.errors import ERROR
from actiontrack.model import Plan
from actiontrack.validate import validate

from support import SEED_PLANS, load_plans

PLANS = SEED_PLANS


@pytest.fixture(scope="module")
def seeds() -> dict[str, Plan]:
    plans, findings = load_plans([PLANS])
    assert findings == []
    return {p.id: p for p in plans}


def test_five_plans_with_no_validation_errors(seeds: dict[str, Plan]) -> None:
    assert sorted(seeds) == ["banes-climbie-2003", "herefordshire-scr-me-2002", "nottingham-ss-scr-2003",
                             "nottinghamshire-scr-an09", "thurrock-ofsted-2012"]
    findings = validate(list(seeds.values()), date(2026, 11, 22))
    assert [f.format() for f in findings if f.severity == ERROR] == []
    # Warnings only where the source itself is at fault (a status or a dash in the timescale
    # column, or no timescale at all): each of those lines carries a comment saying so.
    for f in findings:
        lines = (PLANS / Path(f.file).name).read_text(encoding="utf-8").splitlines()
        nearby = lines[max(0, f.line - 7): f.line + 8]
        assert any("#" in line and "source" in line.split("#", 1)[1] for line in nearby), f.format()


def test_seed_000_has_seven_recommendations(seeds: dict[str, Plan]) -> None:
    plan = seeds["nottingham-ss-scr-2003"]
    assert [r.id for r in plan.recommendations] == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7"]
    assert plan.completed_by is not None and plan.completed_by.date == date(2003, 6, 4)


def test_seed_002_has_thirteen_recommendations_and_the_key(seeds: dict[str, Plan]) -> None:
    plan = seeds["herefordshire-scr-me-2002"]
    assert [r.id for r in plan.recommendations] == [
        "6", "7", "8", "10", "20 (1)", "20 (2)", "21", "22", "23", "24", "25", "26", "27"]
    assert {"SM", "JD", "LM", "GS", "HL", "AS", "CC", "SH"} <= set(plan.people)
    assert plan.people["SM"].name == "Steve Merrell"
    assert [g.title for g in plan.groups] == ["ALL AGENCIES", "CHILD PROTECTION CONFERENCES", "SOCIAL SERVICES"]
    rec10 = next(r for r in plan.recommendations if r.id == "10")
    assert rec10.amendments and "amended by ACPC January 2003" in rec10.amendments[0].text
    yearly = [a for _, a in plan.actions() if a.timescale == "April 2003 (and yearly thereafter)"]
    assert [(a.due, a.recurs) for a in yearly] == [(date(2003, 4, 30), "P1Y")]


def test_seed_003_has_28_items_across_seven_standards(seeds: dict[str, Plan]) -> None:
    plan = seeds["banes-climbie-2003"]
    assert len(plan.recommendations) == 28
    assert [g.title for g in plan.groups] == [
        "Standard 1 - Referrals", "Standard 2 - Assessment", "Standard 3 - Allocation, Service Provision and Closure",
        "Standard 4 - Guidance", "Standard 5 - Training and Development", "Standard 6 - Organisation Management",
        "Standard 7 - Governance"]
    per_group = [sum(1 for r in plan.recommendations if r.group == g.id) for g in plan.groups]
    assert per_group == [5, 9, 4, 2, 2, 1, 5]
    assert "Climbie Audit No. 1.3" in plan.recommendations[0].references


def test_seed_004_has_nineteen_recommendations(seeds: dict[str, Plan]) -> None:
    plan = seeds["thurrock-ofsted-2012"]
    assert [r.id for r in plan.recommendations] == [str(n) for n in range(1, 20)]
    assert plan.version == "v1.4"
    partly = [a.id for _, a in plan.actions() if any("Partly completed as at 18.10.12" in n.text for n in a.notes)]
    assert partly == ["15.2", "16.2", "17.2"]


def test_seed_001_groups_by_twelve_agencies(seeds: dict[str, Plan]) -> None:
    plan = seeds["nottinghamshire-scr-an09"]
    titles = [g.title for g in plan.groups]
    assert len(titles) == 12
    assert titles[0] == "Broxtowe Borough Council" and titles[-1] == "Overview Report"
    assert all(any(r.group == g.id for r in plan.recommendations) for g in plan.groups)
    added = [r.id for r in plan.recommendations
             if any("added following Ofsted evaluation letter June 2010" in a.text for a in r.amendments)]
    assert len(added) >= 2


def test_no_case_details_beyond_the_sources(seeds: dict[str, Plan]) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in PLANS.glob("*.yaml"))
    assert "White British" not in text  # the cover page's ethnicity line is deliberately left out
