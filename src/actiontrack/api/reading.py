"""The reading commands as library calls: validate, timescale, export, overdue, due, show, list, textconv."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from actiontrack import validate as checks
from actiontrack.errors import Finding, NotFoundError, UnknownPlanError
from actiontrack.load.discover import find_plan_files, iter_sources, plan_sources, read_sources
from actiontrack.load.loader import Loader, LoadResult, files_with_errors, plans_of
from actiontrack.query import listings
from actiontrack.query import states as query
from actiontrack.query.states import Filters
from actiontrack.query.table import Section, Table

if TYPE_CHECKING:
    from actiontrack.render.overdue_json import JsonRows
    from actiontrack.timescale import Timescale


@dataclass(frozen=True, slots=True)
class Validated:
    """`validate`: every finding, sorted, and how many files were checked."""

    findings: list[Finding]
    files: int


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


def validate(paths: list[Path], as_of: date, loader: Loader) -> Validated:
    """Load and check every plan file under `paths`."""
    files = find_plan_files(paths)
    return Validated(checks.check(loader.load(iter_sources(files)), as_of), len(files))


def timescale(phrase: str, plan_date: date) -> Timescale:
    """How a timescale wording reads against a plan date."""
    from actiontrack.timescale import parse_timescale

    return parse_timescale(phrase, plan_date=plan_date)


def export(paths: list[Path], fmt: str, loader: Loader) -> Exported:
    """The normalised model of every plan under `paths` (docs/json.md)."""
    from actiontrack.query.export import export_document, export_lines

    results = _read(paths, loader)
    plans = plans_of(results)
    document = export_document(plans) if fmt == "json" else {}
    lines = list(export_lines(plans)) if fmt != "json" else []
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
    return convert(data, loader.load([(str(path), data)])[0])


def _read(paths: list[Path], loader: Loader) -> list[LoadResult]:
    """The listings' load: no positions (they print none), through the cache when the loader has one."""
    return loader.load(read_sources(find_plan_files(paths)), positions=False)

