"""One plan file's findings as the cache keeps them: everything its bytes decide, the day kept apart.

`check_file` is a pure function of a file's bytes and the options that change findings (the
privacy guard's names; with the SMART checks, the day): the load's findings, the checks' (the
dated ones kept dated, validate/dated.py), the guard's, and what the cross-file check reads.
`findings_on` joins the files' values for one day, with the cross-file check and the checks asked
on the day itself (AT510, over the few actions it can concern). The same files through
`validate.check` and `privacy.scan` give the same findings, byte for byte
(tests/validate/test_cached_findings.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from actiontrack.errors import Finding
from actiontrack.load.bounds import within_limits
from actiontrack.load.discover import Source
from actiontrack.load.loader import LoadResult
from actiontrack.model import Plan
from actiontrack.validate.checks import PLAN_RULES, Ident, check_ids, ident_of
from actiontrack.validate.dated import Dated
from actiontrack.validate.evidence import STALE_STATUSES, check_stale_evidence
from actiontrack.validate.privacy import Guard, scan
from actiontrack.validate.smart import SMART_CHECKS


@dataclass(frozen=True, slots=True)
class FileChecks:
    """One file's findings: those that hold on any day, those that hold on some days, and its plan's id."""

    file: str
    findings: tuple[Finding, ...]
    dated: tuple[Dated, ...]
    ident: Ident | None  # (file, plan id, line, col) for the cross-file check; None when no plan loaded
    day_part: Plan | None = None  # what DAY_CHECKS read of the plan, asked on each day; None when nothing

    def renamed(self, file: str) -> FileChecks:
        """The same findings for the same bytes reached by another name."""
        if file == self.file:
            return self
        ident = (file, *self.ident[1:]) if self.ident is not None else None
        part = replace(self.day_part, file=file) if self.day_part is not None else None
        return FileChecks(file, tuple(f._replace(file=file) for f in self.findings),
                          tuple(d.renamed(file) for d in self.dated), ident, part)


# Checks whose findings are a function of the day in more than one comparison (AT510 counts the
# months since the newest evidence): asked on each day, over `day_part`, the part of the plan they
# read. AT510 concerns only embedded or closed actions with evidence, and is silent for a plan that
# sets neither `reaudit` nor any `expires` (validate/evidence.py).
DAY_CHECKS: list[Callable[[Plan, date], list[Finding]]] = [check_stale_evidence]


def day_part(plan: Plan) -> Plan | None:
    """The plan with only the actions DAY_CHECKS can report on, or None when they can report nothing."""
    actions = [act for _, act in plan.actions() if act.status in STALE_STATUSES and act.evidence]
    if not actions or (plan.reaudit_span is None and not any(e.expires for act in actions for e in act.evidence)):
        return None
    recs = tuple(replace(rec, actions=kept) for rec in plan.recommendations
                 if (kept := tuple(a for a in rec.actions if a.status in STALE_STATUSES and a.evidence)))
    return replace(plan, recommendations=recs)


def kind_of(guard: Guard, smart_on: date | None) -> str:
    """The cache kind of these entries: it names the options that change a file's findings.

    The private names are hashed, never written into the cache. The SMART checks are asked on
    one day (they may compare dates), so with them the day is part of the kind.
    """
    digest = hashlib.blake2b(repr((guard, smart_on)).encode(), digest_size=8).hexdigest()
    return f"findings-{digest}"


def check_file(source: Source, result: LoadResult, guard: Guard, smart_on: date | None = None) -> FileChecks:
    """Every finding of one file: its load, the checks of its plan (the SMART ones too on
    `smart_on`), and the privacy guard over its text."""
    name, data = source
    found = list(result.findings)
    dated: list[Dated] = []
    # A file over the size or line limit is refused unread (AT005, AT009): an error already, and
    # no scan of megabytes or of a million lines (the guard reads line by line: 6 s for those).
    if isinstance(data, bytes) and within_limits(data):
        found.extend(scan(name, data, guard))
    plan = result.plan
    if plan is not None:
        for rule in PLAN_RULES:
            for item in rule(plan):
                if isinstance(item, Dated):
                    dated.append(item)
                else:
                    found.append(item)
        if smart_on is not None:
            for check in SMART_CHECKS:
                found.extend(check(plan, smart_on))
    if plan is None:
        return FileChecks(name, tuple(found), tuple(dated), None)
    return FileChecks(name, tuple(found), tuple(dated), ident_of(plan), day_part(plan))


def findings_on(files: Sequence[FileChecks], as_of: date) -> list[Finding]:
    """The files' findings on `as_of`, with the cross-file check's, sorted."""
    found = [f for fc in files for f in fc.findings]
    found.extend(d.on(as_of) for fc in files for d in fc.dated if d.holds(as_of))
    found.extend(check_ids([fc.ident for fc in files if fc.ident is not None]))
    for fc in files:
        if fc.day_part is not None:
            for check in DAY_CHECKS:
                found.extend(check(fc.day_part, as_of))
    return sorted(found)
