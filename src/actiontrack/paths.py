"""Where the plans are: explicit paths, --plans/ACTIONTRACK_PLANS, or plans/ found by walking up."""

from __future__ import annotations

from pathlib import Path

from actiontrack.errors import NotFoundError


def locate_plans(paths: list[Path], plans_dir: Path | None, cwd: Path) -> list[Path]:
    """The paths a command reads: explicit PATHs win, then --plans, then the nearest plans/ folder."""
    if paths:
        return paths
    if plans_dir is not None:
        if not plans_dir.is_dir():
            raise NotFoundError(f"plans folder not found: {plans_dir}")
        return [plans_dir]
    for folder in [cwd, *cwd.parents]:
        candidate = folder / "plans"
        if candidate.is_dir():
            return [candidate]
    raise NotFoundError(
        f"no plans/ folder in {cwd} or above it: run inside a plans repository, "
        "or pass --plans DIR (or set ACTIONTRACK_PLANS)"
    )
