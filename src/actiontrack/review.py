"""Wires git reads to the pure cores: `diff` between two revisions."""

from __future__ import annotations

from pathlib import Path

from actiontrack import gitrepo
from actiontrack.diffing import DiffResult, compare, load_side
from actiontrack.errors import UsageError
from actiontrack.gitrepo import WORKTREE


def diff_revisions(cwd: Path, base: str | None, head: str | None, paths: list[Path],
                   plans_dir: Path | None) -> DiffResult:
    """Compare the plans at two revisions (see docs/review.md for BASE, HEAD and ranges)."""
    root = gitrepo.repo_root(cwd)
    base_sha, head_sha = resolve_range(root, base, head)
    selection = gitrepo.selection_for(root, cwd, paths, plans_dir)
    before = load_side(gitrepo.read_plans(root, base_sha, selection))
    after = load_side(gitrepo.read_plans(root, head_sha, selection))
    changes, problems = compare(before, after)
    return DiffResult(base_sha, head_sha, tuple(changes), tuple(problems))


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
