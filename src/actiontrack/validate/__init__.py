"""Stage 2, validate: every check over loaded plans, as located findings; never prints, never raises.

`check` is the one "load, validate, keep the errors" step: a loader's results in, every finding
out (structural ones from the load, semantic ones from the checks in `checks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from actiontrack.errors import Finding
from actiontrack.load.loader import LoadResult, findings_of, plans_of
from actiontrack.model import Plan
from actiontrack.validate.checks import PLAN_CHECKS, check_plan_ids


def validate(plans: list[Plan], as_of: date) -> list[Finding]:
    """Run every check over the plans; findings sorted by file, line and column."""
    findings = check_plan_ids(plans)
    for plan in plans:
        for check_plan in PLAN_CHECKS:
            findings.extend(check_plan(plan, as_of))
    return sorted(findings)


def check(results: Sequence[LoadResult], as_of: date) -> list[Finding]:
    """The load findings of `results` and the checks over the plans that loaded, sorted."""
    return sorted(findings_of(results) + validate(plans_of(results), as_of))
