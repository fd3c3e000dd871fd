"""The one loader: plan sources (name and bytes) in, one LoadResult per source out; never raises on bad input.

Every command reads plans through a `Loader`: listings, validate, edits, diff, summary and refs.
The parse cache is a `CachedLoader` wrapped around it (load/cache.py), handed to the commands as
an argument; a test counts loads by wrapping the same way.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, Self, TypeVar

from actiontrack.errors import ERROR, Finding, NotRegularFile, TooLarge
from actiontrack.wording import count, one_line, printable

if TYPE_CHECKING:
    from actiontrack.load.discover import Source
    from actiontrack.model import Plan

T = TypeVar("T")


class Located(Protocol):
    """A value derived from a positioned parse: it names its file, so it can be moved to another name."""

    def renamed(self, file: str) -> Self:
        """The same value for the same bytes reached by another name."""
        ...


L = TypeVar("L", bound=Located)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What loading one file gave: a plan when its structure was sound, and the findings.

    `tree` is the positioned tree the plan was built from, kept only when asked for (edits
    compare the tree before and after a change).
    """

    file: str
    plan: Plan | None
    findings: list[Finding]
    tree: object | None = None


class Loader:
    """Parses plan sources. Subclasses wrap it (the cache; a counting loader in tests)."""

    # Whether derived values are kept, so that asking for one beats building the answer directly.
    keeps_derived = False
    # Whether what was loaded is set aside from the cyclic collector (paused_gc): yes in the
    # process that uses the plans; not in a worker that only fills the cache.
    freeze = True

    def load(self, sources: Iterable[Source], *, positions: bool = True, trees: bool = False) -> list[LoadResult]:
        """One result per source, in order.

        `positions=False` leaves out each key's line and column (listings need none: a third less
        memory on a large repository); `trees=True` keeps each file's positioned tree. `sources`
        may be read lazily (discover.iter_sources): each file's bytes are then freed once parsed.
        """
        with paused_gc(self.freeze):
            return [parse(name, data, positions, trees) for name, data in sources]

    def derive(self, sources: Iterable[Source], kind: str, build: Callable[[LoadResult], T]) -> list[T]:
        """`build` applied to each source's positionless result: a value derived from the plan alone.

        A cache stores these by content under `kind`; `build` must therefore depend on nothing
        but the file's bytes (not its name, not the date).
        """
        return [build(result) for result in self.load(sources, positions=False)]

    def derive_located(self, sources: Iterable[Source], kind: str, build: Callable[[Source, LoadResult], L]) -> list[L]:
        """`build` applied to each source and its positioned result, one file at a time: only the
        values are kept, never the plans (validate's findings over 100,000 actions).

        A cache stores these by content under `kind`; `build` must therefore depend on nothing but
        the file's bytes and what `kind` names (the file's name only in the findings it places).
        """
        with paused_gc(self.freeze):
            return [build((name, data), parse(name, data)) for name, data in sources]


def parse(file: str, data: bytes | OSError, positions: bool = True, trees: bool = False) -> LoadResult:
    """Read and build one plan from its bytes; `file` is the name findings carry."""
    if isinstance(data, OSError):
        return unreadable(file, data)
    # Imported here, not at the top: a warm run reads every answer from the cache and never parses,
    # so it never pays for the reader, the builder, the model and the timescale grammar.
    from actiontrack.load.build import build_plan
    from actiontrack.load.yamlread import read_yaml

    tree, findings = read_yaml(data, file)
    if tree is None:
        return LoadResult(file, None, findings)
    plan, findings = build_plan(tree, findings, file, positions)
    if any(f.code == "AT103" and f.message.endswith(_NULL) for f in findings):
        from actiontrack.load.yamlhints import explain_null  # only an empty value needs it

        text = data.decode("utf-8")
        findings = [explain_null(f, text) if f.code == "AT103" and f.message.endswith(_NULL) else f for f in findings]
    return LoadResult(file, plan, findings, tree if trees else None)


_NULL = "not nothing (null)"  # build's words for an empty value, which a " #" comment may have made


def unreadable(file: str, exc: OSError) -> LoadResult:
    """The result for a file that could not be read, or was refused: one AT003 (AT005 when too large) finding."""
    if isinstance(exc, TooLarge):
        return LoadResult(file, None, [Finding(file, 1, 1, ERROR, "AT005", str(exc))])
    why = str(exc) if isinstance(exc, NotRegularFile) else f"cannot read file: {exc.strerror or exc}"
    return LoadResult(file, None, [Finding(file, 1, 1, ERROR, "AT003", why)])


def plans_of(results: Sequence[LoadResult]) -> list[Plan]:
    """The plans that loaded, in source order."""
    return [r.plan for r in results if r.plan is not None]


def findings_of(results: Sequence[LoadResult]) -> list[Finding]:
    """Every load finding, in source order."""
    return [f for r in results for f in r.findings]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A plan file an answer could not see in full: every answer names it (docs/reading.md).

    `plan` is the plan's id when part of the file loaded (what could be read is in the answer),
    None when none of it did; `errors` counts its error findings, `first_error` is the first.
    """

    file: str
    plan: str | None
    errors: int
    first_error: Finding

    def to_json(self) -> dict[str, object]:
        """The `unreadable` item every JSON contract shares."""
        return {"file": self.file, "plan": self.plan, "errors": self.errors, "first_error": self.first_error.to_json()}


def unreadable_of(results: Iterable[LoadResult]) -> tuple[Unreadable, ...]:
    """The files whose errors may hide something from an answer, sorted by file."""
    out = []
    for r in results:
        errors = sorted(f for f in r.findings if f.severity == ERROR)
        if errors:
            out.append(Unreadable(r.file, r.plan.id if r.plan is not None else None, len(errors), errors[0]))
    return tuple(sorted(out, key=lambda u: u.file))


def unreadable_notice(items: Sequence[Unreadable]) -> list[str]:
    """The notice an answer gives about the files it could not see in full (no lines when none).

    The one wording: listings put it above the table, summary at the top, CSV and TSV on stderr.
    """
    if not items:
        return []
    lines = [f"Incomplete answer: {count(len(items), 'plan file')} could not be read in full."]
    for u in items:
        how = "read in part" if u.plan is not None else "not read"
        first = u.first_error
        lines.append(f"{printable(u.file)}: {how}, {count(u.errors, 'error')}; the first, line {first.line}: "
                     f"{first.code} {one_line(first.message)}")
    import shlex  # only an incomplete answer needs it

    # Quoted as a shell would need it: the line is a command to copy.
    files = " ".join(shlex.quote(printable(u.file)) for u in items)
    lines.append(f"Run actiontrack validate {files} to see every problem.")
    return lines


@contextmanager
def paused_gc(freeze: bool = True) -> Iterator[None]:
    """Pause the cyclic collector while a model is built, then set what was built aside from it.

    The model is acyclic (reference counting frees it), but keeping hundreds of thousands of
    objects alive makes the collector rescan them again and again: ~30% of a large load. After
    the load, gc.freeze() moves them to the permanent generation, so that the queries' own
    allocations do not trigger full scans of the model either (measured: warm `summary` over
    50,000 actions 1.43 s without, 1.10 s with). Frozen objects are still freed by reference
    counting; only cycles among them would wait for gc.unfreeze(), and the model has none.
    A cache-filling worker does not freeze: it keeps nothing, and freezing costs it ~5%.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
