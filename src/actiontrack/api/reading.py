"""The reading commands as library calls: validate, timescale, export, overdue, due, show, list, textconv."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from actiontrack import validate as checks
from actiontrack.errors import ERROR, Finding, GitError, NotFoundError, UnknownPlanError
from actiontrack.load.discover import Source, find_plan_files, iter_sources, plan_sources, read_sources
from actiontrack.load.loader import Loader, LoadResult, files_with_errors, plans_of
from actiontrack.query import listings
from actiontrack.query import states as query
from actiontrack.query.states import Filters
from actiontrack.query.table import Section, Table

if TYPE_CHECKING:
    from actiontrack.load.config import Settings
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

    `skipped` are the files whose errors may hide actions; `found` says whether anything was
    listed (`overdue --fail-if-any`).
    """

    value: Table | list[Section] | JsonRows
    skipped: list[str]
    found: bool = False


@dataclass(frozen=True, slots=True)
class Exported:
    """`export`: the whole model as one document (json) or one action per line (jsonl)."""

    fmt: str
    document: dict[str, object]
    lines: list[dict[str, object]]
    skipped: list[str]


def validate(paths: list[Path], as_of: date, loader: Loader, *, smart: bool = False,
             strict: bool = False) -> Validated:
    """Load and check every plan file under `paths`, and run the privacy guard over their text.

    The SMART checks run with `smart`, or when the repository's .actiontrack.toml says so. The
    settings' own problems (the config, the private names) are findings too.
    """
    from actiontrack.load.config import read_settings
    from actiontrack.load.yamlread import MAX_BYTES
    from actiontrack.validate.privacy import scan

    files = find_plan_files(paths)
    settings = read_settings(paths)
    guard = guard_for(settings)
    guarded: list[Finding] = []

    def scanned() -> Iterator[Source]:
        # The guard reads each file's bytes as the loader takes them: one file in memory at a time.
        for name, data in iter_sources(files):
            # A file over the size limit is refused unread (AT005): an error already, and no scan of megabytes.
            if isinstance(data, bytes) and len(data) <= MAX_BYTES:
                guarded.extend(scan(name, data, guard))
            yield name, data

    found = checks.check(loader.load(scanned()), as_of, smart or settings.smart)
    return Validated(sorted(found + guarded + list(settings.findings) + _names_tracked(settings)), len(files), strict)


def guard_for(settings: Settings) -> Guard:
    """The privacy guard for a repository: the built-in kinds and the partnership's private names."""
    from actiontrack.validate.privacy import Guard

    return Guard(settings.names, settings.names_file)


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


def timescale(phrase: str, plan_date: date) -> Timescale:
    """How a timescale wording reads against a plan date."""
    from actiontrack.timescale import parse_timescale

    return parse_timescale(phrase, plan_date=plan_date)


def export(paths: list[Path], fmt: str, loader: Loader, redact: bool = False) -> Exported:
    """The normalised model of every plan under `paths` (docs/json.md); with `redact`, for publication."""
    from actiontrack.load.config import read_settings
    from actiontrack.query.export import export_document, export_lines

    results = _read(paths, loader)
    plans = plans_of(results)
    guard = guard_for(read_settings(paths)) if redact else None
    document = export_document(plans, guard) if fmt == "json" else {}
    lines = list(export_lines(plans, guard)) if fmt != "json" else []
    return Exported(fmt, document, lines, files_with_errors(results))


def overdue(paths: list[Path], as_of: date, filters: Filters, sort: str, fmt: str, loader: Loader) -> Listing:
    """Open actions past their due date on `as_of`, ordered by `sort`."""
    if fmt == "json" and filters == Filters() and loader.keeps_derived:
        # The scripts' and CI's call: rows rendered once per plan content, kept by the cache.
        from actiontrack.render.overdue_json import KIND, build_rows, pick_rows

        sources = plan_sources(paths)
        rows = pick_rows([name for name, _ in sources], loader.derive(sources, KIND, build_rows), as_of, sort)
        return Listing(rows, rows.skipped, bool(rows.rows))
    results = _read(paths, loader)
    table = listings.overdue_table(query.overdue(plans_of(results), as_of, filters, sort), as_of)
    return Listing(table, files_with_errors(results), bool(table.rows))


def due(paths: list[Path], as_of: date, until: date, filters: Filters, sort: str, loader: Loader) -> Listing:
    """What comes due from `as_of` to `until`."""
    results = _read(paths, loader)
    table = listings.due_table(query.due_within(plans_of(results), as_of, until, filters, sort), as_of, until)
    return Listing(table, files_with_errors(results), bool(table.rows))


def show(paths: list[Path], plan_id: str, as_of: date, filters: Filters, fmt: str, loader: Loader) -> Listing:
    """One plan: sections for people (table, markdown) or flat rows for machines."""
    results = _read(paths, loader)
    plans = plans_of(results)
    found = [p for p in plans if p.id == plan_id]
    if not found:
        raise UnknownPlanError(plan_id, [p.id for p in plans])
    rows = query.states([found[0]], as_of, filters)
    value = listings.show_sections(found[0], rows) if fmt in ("table", "markdown") \
        else listings.show_table(found[0], rows)
    return Listing(value, files_with_errors(results), bool(rows))


def list_plans(paths: list[Path], as_of: date, loader: Loader) -> Listing:
    """One row per plan, with its actions counted by state."""
    results = _read(paths, loader)
    table = listings.list_table(plans_of(results), as_of)
    return Listing(table, files_with_errors(results), bool(table.rows))


def textconv(path: Path, loader: Loader) -> str:
    """One plan file as git's textconv shows it: one fact per line (query/textconv.py)."""
    from actiontrack.query.textconv import textconv as convert

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFoundError(f"cannot read {path}: {exc.strerror}") from None
    return convert(data, loader.load([(str(path), data)], trees=True)[0])


def _read(paths: list[Path], loader: Loader) -> list[LoadResult]:
    """The listings' load: no positions (they print none), through the cache when the loader has one."""
    return loader.load(read_sources(find_plan_files(paths)), positions=False)

