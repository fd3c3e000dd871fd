"""The reading commands as library calls: validate, timescale, export, overdue, due, show, list, textconv."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from actiontrack.errors import ERROR, Finding, GitError, NotFoundError, TooLarge, UnknownPlanError, UnreadablePlanError
from actiontrack.load.discover import (
    find_plan_files,
    iter_sources,
    read_file,
    sha1_of,
)
from actiontrack.load.loader import Loader, LoadResult, Unreadable, plans_of, unreadable_of
from actiontrack.query import states as query
from actiontrack.query.states import Filters
from actiontrack.wording import count, name_text

# The stages below are imported inside the functions that use them: the warm `overdue --format
# json` reads cached rows and needs none of validate, the listings, the as-of rule or the model.
if TYPE_CHECKING:
    from actiontrack.load.config import Settings
    from actiontrack.model import Plan
    from actiontrack.query.table import Section, Table
    from actiontrack.render.overdue_json import JsonRows
    from actiontrack.timescale import Timescale
    from actiontrack.validate.privacy import Guard


@dataclass(frozen=True, slots=True)
class Validated:
    """`validate`: every finding, sorted, how many files were checked, and whether the run fails.

    It fails on any error, and with `strict` on any warning too.
    """

    findings: list[Finding]
    files: int
    strict: bool = False

    @property
    def failed(self) -> bool:
        """Whether the findings fail the run: any error, or with `strict` any finding."""
        return bool(self.findings) if self.strict else any(f.severity == ERROR for f in self.findings)


@dataclass(frozen=True, slots=True)
class Listing:
    """A reading command's answer: the value to render, and what it could not see.

    `unreadable` are the files whose errors may hide actions (the value carries them too, for
    its formats); `found` says whether anything was listed (`overdue --fail-if-any`).
    """

    value: Table | list[Section] | JsonRows
    unreadable: tuple[Unreadable, ...]
    found: bool = False


@dataclass(frozen=True, slots=True)
class Exported:
    """`export`: the whole model as one document (json) or one action per line (jsonl).

    The document's plans and the lines are made as they are written, once (query/export.py).
    """

    fmt: str
    document: dict[str, object]
    lines: Iterator[dict[str, object]]
    unreadable: tuple[Unreadable, ...]


@dataclass(frozen=True, slots=True)
class Read:
    """What a reading command loaded: every plan, the files it could not see in full, the ids they hold."""

    results: list[LoadResult]
    plans: list[Plan]
    unreadable: tuple[Unreadable, ...]
    known: list[str]  # plan ids: of the plans that loaded, and the names of the files that did not

    def as_of(self, day: date) -> list[Plan]:
        """The plans as their record stood on `day` (query/asof.py)."""
        from actiontrack.query.asof import plans_as_of

        return plans_as_of(self.plans, day)

    def unread(self, plans: tuple[str, ...] = ()) -> tuple[Unreadable, ...]:
        """The files the answer could not see in full: all of them, or only those of `plans`
        (by the plan's id, or by the file's name when none of it loaded)."""
        if not plans:
            return self.unreadable
        return tuple(u for u in self.unreadable if u.plan in plans or PurePath(u.file).stem in plans)


def validate(paths: list[Path], as_of: date, loader: Loader, *, smart: bool = False,
             strict: bool = False) -> Validated:
    """Load and check every plan file under `paths`, and run the privacy guard over their text.

    The SMART checks run with `smart`, or when the repository's .actiontrack.toml says so. The
    settings' own problems (the config, the private names) are findings too.
    """
    from functools import partial

    from actiontrack.load.config import read_settings
    from actiontrack.validate.perfile import check_file, findings_on, kind_of

    files = find_plan_files(paths, require=True)
    settings = read_settings(paths)
    guard = guard_for(settings)
    smart_on = as_of if smart or settings.smart else None
    # Each file's findings are a pure function of its bytes and these options: one file read,
    # checked and let go at a time, and through the cache when the loader has one.
    build = partial(check_file, guard=guard, smart_on=smart_on)
    per_file = loader.derive_located(iter_sources(files), kind_of(guard, smart_on), build)
    found = findings_on(per_file, as_of)
    return Validated(sorted(found + list(settings.findings) + _names_tracked(settings)), len(files), strict)


def guard_for(settings: Settings) -> Guard:
    """The privacy guard for a repository: the built-in kinds and the partnership's private names."""
    from actiontrack.validate.privacy import guard_of

    return guard_of(settings)


def _names_tracked(settings: Settings) -> list[Finding]:
    """AT704 when the private names file is in git: it must never be committed (docs/validation.md)."""
    if settings.root is None or not settings.names or not (settings.root / ".git").exists():
        return []
    from actiontrack import gitrepo
    from actiontrack.load.config import NAMES_FILE

    try:
        tracked = gitrepo.is_tracked(settings.root, NAMES_FILE)
    except GitError:
        return []  # no git to ask: the check cannot be made, and the names are still used
    if not tracked:
        return []
    return [Finding(settings.names_file, 1, 1, ERROR, "AT704",
                    f"the private names are in git: run 'git rm --cached {NAMES_FILE}' and add it to .gitignore "
                    "(and, if it was ever pushed, treat the names as published)")]


def timescale(phrase: str, plan_date: date, published: date | None = None) -> Timescale:
    """How a timescale wording reads against a plan date (and publication date)."""
    from actiontrack.timescale import parse_timescale

    return parse_timescale(phrase, plan_date=plan_date, published=published)


def export(paths: list[Path], fmt: str, loader: Loader, redact: bool = False, plans: tuple[str, ...] = (),
           as_of: date | None = None) -> Exported:
    """The normalised model of every plan under `paths` (docs/json.md): with `redact`, for publication;
    with `as_of`, as the record stood then; only `plans`, when given."""
    from actiontrack.load.config import read_settings
    from actiontrack.query.export import export_document, export_lines
    from actiontrack.query.filters import check_filters

    read = read_plans(paths, loader)
    check_filters(read.plans, Filters(plans=plans), read.known, read.unreadable)
    chosen = read.as_of(as_of) if as_of is not None else read.plans
    chosen = [p for p in chosen if not plans or p.id in plans]
    guard = guard_for(read_settings(paths)) if redact else None
    unread = read.unread(plans)
    # Made as they are written: the objects of 50,000 actions are never all in memory at once.
    document = export_document(chosen, guard, unread, lazy=True) if fmt == "json" else {}
    lines = export_lines(chosen, guard) if fmt != "json" else iter(())
    return Exported(fmt, document, lines, unread)


def overdue(paths: list[Path], as_of: date, filters: Filters, sort: str, fmt: str, loader: Loader) -> Listing:
    """Open actions past their due date on `as_of`, ordered by `sort`."""
    if fmt == "json" and filters == Filters() and loader.keeps_derived:
        # The scripts' and CI's call: rows rendered once per plan content, kept by the cache.
        from actiontrack.render.overdue_json import cached_overdue

        rows = cached_overdue(find_plan_files(paths, require=True), as_of, sort, loader)
        return Listing(rows, rows.unreadable, bool(rows.rows))
    from actiontrack.query import listings
    from actiontrack.query.filters import check_filters

    read = read_plans(paths, loader)
    filters = check_filters(read.plans, filters, read.known, read.unread(filters.plans))
    unread = read.unread(filters.plans)
    plans = read.as_of(as_of)
    table = listings.overdue_table(query.overdue(plans, as_of, filters, sort), as_of, unread,
                                   query.not_judged(plans, as_of, filters))
    return Listing(table, unread, bool(table.rows))


def due(paths: list[Path], as_of: date, until: date, filters: Filters, sort: str, loader: Loader) -> Listing:
    """What comes due from `as_of` to `until`."""
    from actiontrack.query import listings
    from actiontrack.query.filters import check_filters

    read = read_plans(paths, loader)
    filters = check_filters(read.plans, filters, read.known, read.unread(filters.plans))
    unread = read.unread(filters.plans)
    plans = read.as_of(as_of)
    table = listings.due_table(query.due_within(plans, as_of, until, filters, sort), as_of, until, unread,
                               query.not_judged(plans, as_of, filters))
    return Listing(table, unread, bool(table.rows))


def show(paths: list[Path], plan_id: str, as_of: date, filters: Filters, fmt: str, loader: Loader) -> Listing:
    """One plan: sections for people (table, markdown) or flat rows for machines.

    Only the plan's own file counts for what the answer could not see; when that file did not
    load at all, its findings are the answer (UnreadablePlanError, exit 1).
    """
    from actiontrack.query import listings
    from actiontrack.query.asof import plan_as_of
    from actiontrack.query.filters import check_filters

    read = read_plans(paths, loader)
    mine = read.unread((plan_id,))
    found = [p for p in read.plans if p.id == plan_id]
    if not found:
        if mine:
            findings = [f for r in read.results if r.file in {u.file for u in mine} for f in r.findings]
            files = ", ".join(u.file for u in mine)
            raise UnreadablePlanError(f"plan {plan_id} could not be read: {files} "
                                      f"{'has' if len(mine) == 1 else 'have'} {count(len(findings), 'problem')} "
                                      f"(above); fix {'it' if len(mine) == 1 else 'them'}, then run actiontrack "
                                      f"validate {' '.join(u.file for u in mine)}", findings)
        raise UnknownPlanError(plan_id, read.known)
    filters = check_filters(found, Filters(groups=filters.groups, plans=(plan_id,), statuses=filters.statuses,
                                           agencies=filters.agencies, themes=filters.themes), read.known, mine)
    plan = plan_as_of(found[0], as_of)
    if plan is None:
        agreed = found[0].date.isoformat() if found[0].date else "an unknown date"
        raise NotFoundError(f"plan {plan_id} was agreed on {agreed}, after {as_of.isoformat()}: "
                            "on that day it did not exist yet")
    rows = query.states([plan], as_of, filters)
    value: Table | list[Section] = (listings.show_sections(plan, rows, as_of, mine) if fmt in ("table", "markdown")
                                    else listings.show_table(plan, rows, as_of, mine))
    return Listing(value, mine, bool(rows))


def list_plans(paths: list[Path], as_of: date, loader: Loader, plans: tuple[str, ...] = ()) -> Listing:
    """One row per plan, with its actions counted by state (only `plans`, when given)."""
    from actiontrack.query import listings
    from actiontrack.query.filters import check_filters

    read = read_plans(paths, loader)
    check_filters(read.plans, Filters(plans=plans), read.known, read.unreadable)
    chosen = [p for p in read.as_of(as_of) if not plans or p.id in plans]
    unread = read.unread(plans)
    table = listings.list_table(chosen, as_of, unread)
    return Listing(table, unread, bool(table.rows))


def textconv(path: Path, loader: Loader) -> str:
    """One plan file as git's textconv shows it: one fact per line (query/textconv.py)."""
    from actiontrack.query.textconv import textconv as convert

    if not os.path.lexists(path):
        raise NotFoundError(f"no such file: {name_text(str(path))}")
    # Any other entry is read as a plan file is: a FIFO, a device or a folder is a finding, never
    # a read that blocks or grows without bound; git only ever passes a regular temporary file.
    data = read_file(path)
    # A file too large to parse is still told from another version of it by its hash.
    sha1 = sha1_of(path) if isinstance(data, TooLarge) else None
    return convert(data, loader.load([(name_text(str(path)), data)], trees=True)[0], sha1)


def read_plans(paths: list[Path], loader: Loader) -> Read:
    """The listings' load: no positions (they print none), through the cache when the loader has one."""
    results = loader.load(iter_sources(find_plan_files(paths, require=True)), positions=False)
    plans = plans_of(results)
    known = [p.id for p in plans] + [PurePath(r.file).stem for r in results if r.plan is None]
    return Read(results, plans, unreadable_of(results), known)

