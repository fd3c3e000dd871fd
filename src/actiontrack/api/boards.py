"""The Board outputs as library calls: the Board pack (`report`), the RAG workbook and the deadlines calendar.

Each returns a value of query/ (what render/ draws as HTML, xlsx or iCalendar); none prints. The
plans are read as every reading command reads them: filters checked against the plans, the
record as it stood on `as_of` (query/asof.py), and every file that could not be read named.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from actiontrack.api.reading import guard_for, read_plans
from actiontrack.api.review import read_window
from actiontrack.load.config import read_settings
from actiontrack.load.loader import Loader, Unreadable
from actiontrack.model import Plan
from actiontrack.query.boardpack import BoardPack, board_pack
from actiontrack.query.calendar import Calendar, calendar
from actiontrack.query.escalations import RuleResult
from actiontrack.query.export import redact_plan
from actiontrack.query.filters import check_filters
from actiontrack.query.rollup import only_matching
from actiontrack.query.states import Filters
from actiontrack.query.workbook import Workbook, workbook
from actiontrack.validate.privacy import masked_finding


def report(cwd: Path, paths: list[Path], plans_dir: Path | None, as_of: date, since: date, pinned: bool,
           plan_ids: tuple[str, ...], loader: Loader, redact: bool = False) -> BoardPack:
    """The Board pack for `as_of`, looking back to `since`, read as `summary` reads (api.review.read_window).

    `plan_ids` narrows it to those plans (all when empty); an id no plan has is an error. With
    `redact`, for publication: people become their roles and what the privacy guard finds is removed.
    """
    w = read_window(cwd, paths, plans_dir, as_of, since, pinned, loader, plan_ids)
    now, then, escalations = w.now, w.then, w.escalations
    guard = guard_for(w.settings)
    # A Board paper travels: a first error that quotes the file (a number where text belongs) is masked.
    unreadable = tuple(replace(u, first_error=masked_finding(u.first_error, guard)) for u in w.unreadable)
    if redact:
        now = [redact_plan(p, guard) for p in now]
        then = {pid: redact_plan(p, guard) for pid, p in then.items()}
        escalations = _redacted(escalations, now)
    return board_pack(now, then, as_of, since, w.basis, unreadable, escalations, w.settings.config)


def tracker(paths: list[Path], as_of: date, filters: Filters, loader: Loader, redact: bool = False) -> Workbook:
    """The RAG tracker workbook of the plans under `paths`, each action's state on `as_of` (filtered;
    redacted for publication with `redact`)."""
    plans, unread, narrowed = _load(paths, as_of, filters, loader, redact)
    return workbook(plans, as_of, unread, narrowed)


def deadlines(paths: list[Path], as_of: date, filters: Filters, loader: Loader, redact: bool = False) -> Calendar:
    """The deadlines calendar of the plans under `paths` (filtered: `--owner` gives one officer's feed)."""
    plans, unread, narrowed = _load(paths, as_of, filters, loader, redact)
    return calendar(plans, as_of, unread, narrowed, feed=filters.owners)


def _load(paths: list[Path], as_of: date, filters: Filters, loader: Loader,
          redact: bool) -> tuple[list[Plan], tuple[Unreadable, ...], Filters]:
    """The plans as of `as_of`, what could not be read, and the filters left to apply (none once redacted)."""
    read = read_plans(paths, loader)
    filters = check_filters(read.plans, filters, read.known, read.unread(filters.plans))
    plans = read.as_of(as_of)
    if redact:
        # Filter first: an owner's initials find their actions before the role replaces them.
        guard = guard_for(read_settings(paths))
        return [redact_plan(p, guard) for p in only_matching(plans, filters)], read.unread(filters.plans), Filters()
    return plans, read.unread(filters.plans), filters


def _redacted(results: list[RuleResult], plans: list[Plan]) -> list[RuleResult]:
    """Escalations with each action's text and owners as the redacted plans give them."""
    acts = {(p.id, a.id): a for p in plans for _, a in p.actions()}
    out = []
    for result in results:
        items = tuple(replace(e, text=acts[e.plan, e.action].text, owners=acts[e.plan, e.action].owners)
                      if (e.plan, e.action) in acts else e for e in result.items)
        out.append(replace(result, items=items))
    return out
