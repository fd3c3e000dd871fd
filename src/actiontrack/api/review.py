"""The review commands as library calls: `diff` between two revisions, `summary` across a window,
and `history` of one plan or action.

They wire git reads (gitrepo, the only git caller) to the loader and the pure cores in query.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from actiontrack import gitrepo, validate
from actiontrack.errors import Finding, NotFoundError, UsageError
from actiontrack.load.config import Settings
from actiontrack.load.discover import Contents, Source, display_path, locate_plans, nearest_plans_folder, plan_sources
from actiontrack.load.loader import Loader, LoadResult, Unreadable, findings_of, plans_of, unreadable_of
from actiontrack.model import WORKTREE, Plan
from actiontrack.query.asof import plan_as_of, plans_as_of
from actiontrack.query.diff import DiffResult, PlanEnd, ReadFrom, Side, compare, side_of, split_unchanged
from actiontrack.query.diff_privacy import markers_in, masked_result, with_markers
from actiontrack.query.escalations import RuleResult
from actiontrack.query.filters import check_filters
from actiontrack.query.states import Filters
from actiontrack.query.summary import Basis, Summary, build_summary
from actiontrack.validate.privacy import Guard, guard_of

if TYPE_CHECKING:
    from actiontrack.query.history import History

# How far back `diff` looks for the last valid version of a plan broken at the base end.
LOOKBACK = 50


def diff(cwd: Path, base: str | None, head: str | None, paths: list[Path], plans_dir: Path | None,
         loader: Loader) -> DiffResult:
    """Compare the plans at two revisions (see docs/review.md for BASE, HEAD and ranges)."""
    root = gitrepo.repo_root(cwd)
    base_sha, head_sha = resolve_range(root, base, head)
    selection = plan_selection(root, cwd, paths, plans_dir)
    before, after, untouched = split_unchanged(gitrepo.read_plans(root, base_sha, selection),
                                               gitrepo.read_plans(root, head_sha, selection))
    base_side, head_side = (with_markers(side_of(loader.load(sorted(files.items()), trees=True), untouched), files)
                            for files in (before, after))
    changes, problems = compare(see_through(root, base_sha, base_side, loader), head_side)
    return masked_result(DiffResult(base_sha, head_sha, tuple(changes), tuple(problems)), repository_guard(root))


def repository_guard(root: Path) -> Guard:
    """The privacy guard of the repository at `root` (its private names too), for masking what review quotes."""
    from actiontrack.load.config import read_settings

    return guard_of(read_settings([root]))


def see_through(root: Path, rev: str, side: Side, loader: Loader) -> Side:
    """A base end whose broken files (no plan could be read) are read from their last valid version
    in `rev`'s history instead, within LOOKBACK commits: one `git log` and one `cat-file` per file."""
    ends = list(side.ends)
    for index, end in enumerate(ends):
        if end.plan is not None or any(f.code == "AT202" for f in end.errors):
            continue  # read, or a duplicate of a plan another file holds: nothing to see through
        changes = [c for c in gitrepo.file_log(root, rev, end.file, limit=LOOKBACK) if c.new_blob]
        blobs = gitrepo.read_blobs(root, [c.new_blob for c in changes if c.new_blob])
        for change in changes:
            data = gitrepo.blob_contents(blobs[change.new_blob], change.new_mode)  # type: ignore[index]
            result = loader.load([(end.file, data)])[0]
            if result.plan is not None and not any(f.severity == "error" for f in validate.check([result], date.max)):
                ends[index] = replace(end, plan=result.plan, read_from=ReadFrom(change.commit, change.date))
                break
    return Side(tuple(ends))


def plan_selection(root: Path, cwd: Path, paths: list[Path], plans_dir: Path | None) -> gitrepo.Selection:
    """The plan files to read at every revision: PATHs, --plans, or the nearest plans/ in the repository."""
    if not paths and plans_dir is None:
        plans_dir = nearest_plans_folder(Path(os.path.realpath(cwd)), Path(os.path.realpath(root)))
    return gitrepo.selection_for(root, cwd, paths, plans_dir)


def resolve_range(root: Path, base: str | None, head: str | None) -> tuple[str, str]:
    """(base, head) as full commit ids or WORKTREE, git's way.

    No revision: HEAD against the working tree. One: that revision against the working tree.
    Two: one against the other. `A..B`: A against B. `A...B`: the merge base of A and B against
    B. An empty side of a range means HEAD, as in git.
    """
    if base is None:
        return gitrepo.resolve_rev(root, "HEAD"), WORKTREE
    for dots in ("...", ".."):
        if dots in base:
            if head is not None:
                raise UsageError(f"give a range ({base}) or two revisions, not both")
            left, right = (side or "HEAD" for side in base.split(dots, 1))
            start, end = gitrepo.resolve_rev(root, left), gitrepo.resolve_rev(root, right)
            return (gitrepo.merge_base(root, start, end) if dots == "..." else start), end
    return gitrepo.resolve_rev(root, base), (gitrepo.resolve_rev(root, head) if head is not None else WORKTREE)


def _settings_at(root: Path, cwd: Path, rev: str, settings: Settings) -> Settings:
    """The settings with the escalation rules as committed at `rev`: a pinned report reads its rules from
    history as it reads its plans (the private names are never committed: they stay the working tree's)."""
    from actiontrack.api.governance import ConfigError
    from actiontrack.load.config import CONFIG_FILE, settings_with_config

    if settings.root is None:
        return settings
    path = gitrepo.to_repo_path(root, cwd, settings.root / CONFIG_FILE)
    data = gitrepo.read_file(root, rev, path)
    out = settings_with_config(settings, data, f"{path} at {rev[:12]}")
    if out.findings:
        raise ConfigError(out)
    return out


@dataclass(frozen=True, slots=True)
class Window:
    """What a report over a window reads (`summary`, `report`): the plans as their record stood on
    `as_of` and on `since` (by id), which version was read, what could not be, and the escalations."""

    now: list[Plan]
    then: dict[str, Plan]
    basis: Basis
    unreadable: tuple[Unreadable, ...]
    escalations: list[RuleResult]
    findings: list[Finding]
    settings: Settings  # the repository's settings: the rules (committed on --as-of when pinned), the names


def summary(cwd: Path, paths: list[Path], plans_dir: Path | None, as_of: date, since: date,
            pinned: bool, loader: Loader, plans: tuple[str, ...] = ()) -> tuple[Summary, list[Finding]]:
    """The weekly summary and the load findings of the plans it read (only `plans`, when given)."""
    w = read_window(cwd, paths, plans_dir, as_of, since, pinned, loader, plans)
    return build_summary(w.now, w.then, as_of, since, w.basis, w.unreadable, w.escalations), w.findings


def read_window(cwd: Path, paths: list[Path], plans_dir: Path | None, as_of: date, since: date,
                pinned: bool, loader: Loader, plans: tuple[str, ...] = ()) -> Window:
    """The plans a report over the window after `since` reads (only `plans`, when given).

    Every plan is read as its record stood (query/asof.py): on `as_of` for now, on `since` for
    then. In a git repository the plans then are the last commit on or before `since`; the plans
    now are the working tree or, when `as_of` was given (`pinned`), the last commit on or before
    that day, so that the report depends on nothing but the repository and the dates. Where
    history has no commit (outside git, before the first commit, a plan added to git since), the
    plans as they are stand in, through the as-of rule.
    """
    from actiontrack.api.governance import rule_results, settings_for

    if since > as_of:
        raise UsageError(f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}")
    targets = locate_plans(paths, plans_dir, cwd)
    settings = settings_for(targets)

    def escalate(now: list[Plan]) -> list[RuleResult]:
        # `settings` as it ends up: a pinned report reads the rules committed on --as-of.
        return rule_results(now, as_of, settings, cwd, targets, loader)

    first = targets[0] if targets[0].is_dir() else targets[0].parent
    try:
        root = gitrepo.repo_root(first)
    except (gitrepo.NotARepository, gitrepo.GitMissing) as exc:
        # No history to read: the record decides. Any other git failure (a repository git
        # refuses to read) stops here, rather than giving a report that silently lacks history.
        reason = "git is not installed" if isinstance(exc, gitrepo.GitMissing) else \
            "the plans are not in a git repository"
        results = loader.load(plan_sources(targets, require=True), positions=False)
        return _window(results, [], as_of, since, Basis(git=False, reason=reason), plans, escalate, settings)
    # The located files and folders, as repository paths: the same plans at every revision.
    selection = gitrepo.selection_for(root, cwd, targets, None)
    commit = gitrepo.rev_at(root, as_of) if pinned else None
    now_rev = commit.sha if commit is not None else WORKTREE
    if commit is not None:
        settings = _settings_at(root, cwd, now_rev, settings)
    now_files = gitrepo.read_plans(root, now_rev, selection)
    if not now_files:
        where = ", ".join(selection.folders + selection.files) or "the repository"
        at = "" if commit is None else f" at commit {commit.sha[:12]} of {commit.date}"
        raise NotFoundError(f"no plan files (*.yaml, *.yml) in {where}{at}")
    loaded = dict(zip(now_files, loader.load(list(now_files.items()), positions=False)))
    earlier = gitrepo.rev_at(root, since)
    then_files = gitrepo.read_plans(root, earlier.sha, selection) if earlier else {}
    # Loading is what costs: a file unchanged since then is the plan already loaded.
    changed: list[Source] = [(path, data) for path, data in then_files.items() if now_files.get(path) != data]
    reloaded = dict(zip((p for p, _ in changed), loader.load(changed, positions=False)))
    then = plans_of([reloaded.get(path) or loaded[path] for path in then_files])
    basis = Basis(True, commit.sha if commit else None, commit.date if commit else None,
                  earlier.sha if earlier else None, earlier.date if earlier else None,
                  no_commit_by_as_of=pinned and commit is None)
    results = list(loaded.values())
    # The files' bytes (twice 24 MB at 50,000 actions) are not needed past here: not kept while the
    # escalation rules read history and the report is built.
    del now_files, then_files, changed
    return _window(results, then, as_of, since, basis, plans, escalate, settings)


def _window(results: list[LoadResult], then: list[Plan], as_of: date, since: date, basis: Basis,
            chosen: tuple[str, ...], escalate: Callable[[list[Plan]], list[RuleResult]],
            settings: Settings) -> Window:
    """The window from the plans now (as loaded) and the plans then (from history; may be empty);
    `escalate` gives the escalation rules' results over the plans now."""
    loaded = plans_of(results)
    known = [p.id for p in loaded] + [PurePosixPath(r.file).stem for r in results if r.plan is None]
    unreadable = unreadable_of(results)
    check_filters(loaded, Filters(plans=chosen), known, unreadable)
    if chosen:
        unreadable = tuple(u for u in unreadable if u.plan in chosen or PurePosixPath(u.file).stem in chosen)
    now = [p for p in plans_as_of(loaded, as_of) if not chosen or p.id in chosen]
    past: dict[str, Plan] = {}
    for plan in plans_as_of(then, since):
        past.setdefault(plan.id, plan)
    # The same plans at both ends: a plan history does not hold then is the plan now, as it stood.
    earlier = {}
    for plan in now:
        old = past.get(plan.id) or plan_as_of(plan, since)
        if old is not None:
            earlier[plan.id] = old
    return Window(now, earlier, basis, unreadable, escalate(now), findings_of(results), settings)


def history(cwd: Path, ref: str, folder: Path, loader: Loader) -> History:
    """The timeline of a plan (`PLAN`) or of one action (`PLAN_ID:ACTION_ID`, or an action id alone)
    from git, oldest first, with uncommitted changes last (docs/review.md).

    The cost is bounded by the history's length: one `git log` and one `cat-file` for every
    version, each distinct version loaded once (through the cache when the loader has one).
    """
    from actiontrack.query.history import Revision, build_history

    plan_id, action_id, path = history_target(ref, folder, loader)
    root = gitrepo.repo_root(cwd)
    gitrepo.resolve_rev(root, "HEAD")  # an unborn HEAD: "unknown revision: HEAD", as diff says
    rel = gitrepo.to_repo_path(root, cwd, path)
    changes = gitrepo.file_log(root, "HEAD", rel, follow=True)
    blobs = gitrepo.read_blobs(root, [b for c in changes for b in (c.old_blob, c.new_blob) if b])
    # Every distinct version loaded in one call: a cold cache then fills on every core.
    versions = list(dict.fromkeys((blob, mode, name) for c in changes for blob, mode, name in
                                  ((c.old_blob, c.old_mode, c.old_path), (c.new_blob, c.new_mode, c.new_path))
                                  if blob is not None and name is not None))
    contents = [gitrepo.blob_contents(blobs[blob], mode) for blob, mode, _ in versions]
    results = loader.load([(name, data) for (_, _, name), data in zip(versions, contents)], positions=False)
    loaded = {key: replace(side_of([result]).ends[0], markers=markers_in(data))
              for key, result, data in zip(versions, results, contents)}

    def version(blob: str | None, mode: str | None, name: str | None) -> PlanEnd | None:
        return loaded[blob, mode, name] if blob is not None and name is not None else None

    revisions = [Revision(c.commit, c.date, c.author, version(c.old_blob, c.old_mode, c.old_path),
                          version(c.new_blob, c.new_mode, c.new_path)) for c in reversed(changes)]
    now = gitrepo.read_plans(root, WORKTREE, gitrepo.Selection((), (rel,))).get(rel)
    newest = changes[0] if changes and changes[0].new_path == rel else None
    if newest is None or now != blobs.get(newest.new_blob or ""):  # uncommitted changes, or a new file
        before = version(newest.new_blob, newest.new_mode, rel) if newest else None
        after = read_end(rel, now, loader) if now is not None else None
        revisions.append(Revision(WORKTREE, None, None, before, after))
    return build_history(plan_id, action_id, rel, revisions, repository_guard(root))


def read_end(name: str, data: Contents, loader: Loader) -> PlanEnd:
    """One version of a plan file as one end of a comparison (its plan, its errors)."""
    return replace(side_of(loader.load([(name, data)], positions=False)).ends[0], markers=markers_in(data))


def history_target(ref: str, folder: Path, loader: Loader) -> tuple[str, str | None, Path]:
    """(plan id, action id or None, plan file) that `history REF` names among the plans in `folder`.

    `PLAN_ID:ACTION_ID` is an action; a word that is a plan's id is that plan; any other word is
    an action id, which must be unique across the plans (as the edit commands read ACTION_REF).
    """
    from actiontrack.edit.refs import parse_ref, require_action, resolve
    from actiontrack.errors import NotFoundError
    from actiontrack.wording import did_you_mean

    if parse_ref(ref)[0] is not None:
        target = resolve(ref, folder, loader)
        plan = next(iter(plans_of(loader.load(plan_sources([target.path]), positions=False))), None)
        if plan is not None:
            require_action(plan, target.action_id)  # the action must be there now: its history ends here
        return target.plan_id, target.action_id, target.path
    results = loader.load(plan_sources([folder]), positions=False)
    plans = plans_of(results)
    for plan in plans:
        if plan.id == ref:
            return plan.id, None, Path(plan.file)
    if not any(act.id == ref for plan in plans for _, act in plan.actions()):
        hint = did_you_mean(ref, [p.id for p in plans], 0.5)
        raise NotFoundError(f"no plan or action '{ref}' in {display_path(folder)}{hint} (write PLAN, "
                            "PLAN_ID:ACTION_ID or an action id)")
    target = resolve(ref, folder, loader)
    return target.plan_id, target.action_id, target.path
