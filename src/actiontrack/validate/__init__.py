"""Stage 2, validate: every check over loaded plans, as located findings; never prints, never raises.

`check` is the one "load, validate, keep the errors" step: a loader's results in, every finding
out (structural ones from the load, semantic ones from the checks in `checks` and the stale
evidence of `evidence`, and with `smart` the SMART checks in `smart`). The privacy guard
(`privacy`) reads a file's text rather than its model, so callers that hold the bytes run
`privacy.scan` beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from actiontrack.errors import Finding
from actiontrack.load.loader import LoadResult, findings_of, plans_of
from actiontrack.model import Plan
from actiontrack.validate.checks import PLAN_CHECKS, check_plan_ids
from actiontrack.validate.evidence import check_stale_evidence
from actiontrack.validate.smart import SMART_CHECKS


def validate(plans: list[Plan], as_of: date, smart: bool = False) -> list[Finding]:
    """Run every check over the plans (the SMART ones too with `smart`); findings sorted by file, line and column."""
    findings = check_plan_ids(plans)
    checks = [*PLAN_CHECKS, check_stale_evidence, *(SMART_CHECKS if smart else ())]
    for plan in plans:
        for check_plan in checks:
            findings.extend(check_plan(plan, as_of))
    return sorted(findings)


def check(results: Sequence[LoadResult], as_of: date, smart: bool = False) -> list[Finding]:
    """The load findings of `results` and the checks over the plans that loaded, sorted."""
    return sorted(findings_of(results) + validate(plans_of(results), as_of, smart))
