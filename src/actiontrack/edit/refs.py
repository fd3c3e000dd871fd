"""ACTION_REF resolution: `PLAN_ID:ACTION_ID`, or an action id alone when it is unique across plans."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from actiontrack.errors import NotFoundError, RefusedError, UnknownPlanError, UsageError
from actiontrack.load.discover import display_path, find_plan_files, named, read_file
from actiontrack.load.loader import Loader, LoadResult, plans_of
from actiontrack.model import PLAN_ID, PLAN_SUFFIXES, Action, Plan
from actiontrack.wording import closest, count

_SPACE = re.compile(r"\s")
MAX_SUGGESTIONS = 10


@dataclass(frozen=True, slots=True)
class Target:
    """The file an edit goes to, and the action in it (as loaded before the edit)."""

    path: Path
    plan_id: str
    action_id: str

    @property
    def ref(self) -> str:
        """`PLAN_ID:ACTION_ID`, as messages name the action."""
        return f"{self.plan_id}:{self.action_id}"


def parse_ref(ref: str) -> tuple[str | None, str]:
    """Split ACTION_REF into (plan id or None, action id); malformed refs are usage errors."""
    parts = ref.split(":")
    # Only the shape is checked here; an id that cannot exist is reported as unknown, with the known ones.
    if len(parts) > 2 or any(not part or _SPACE.search(part) for part in parts):
        raise UsageError(
            f"malformed action reference '{ref}': write PLAN_ID:ACTION_ID "
            "(e.g. example-scr-2024:1.2) or an action id alone"
        )
    return (parts[0] if len(parts) == 2 else None), parts[-1]


def resolve(ref: str, folder: Path, loader: Loader | None = None) -> Target:
    """The plan file and action id ACTION_REF names among the plans in `folder`.

    A PLAN_ID:ACTION_ID whose file is plans/PLAN_ID.yaml is not read here: edit reads it once, under its
    lock, and require_action() then checks the action. Every other ref needs every plan read.
    """
    plan_id, action_id = parse_ref(ref)
    # Only a slug names a file: an id such as '../x' must never reach a path outside the plans folder.
    if plan_id is not None and PLAN_ID.match(plan_id):
        for suffix in PLAN_SUFFIXES:
            path = folder / f"{plan_id}{suffix}"
            if os.path.lexists(path):  # whatever it is: the edit's read says if it is not a plan file
                return Target(Path(display_path(path)), plan_id, action_id)
    # The file each plan was read from, by the name findings give it (which may not be its path:
    # a name's undecodable bytes are written \xNN).
    paths = {name: _relative(path) for name, path in named(find_plan_files([folder]))}
    results = (loader or Loader()).load(((name, read_file(path)) for name, path in paths.items()), positions=False)
    plans = plans_of(results)
    if plan_id is None:
        return _bare(action_id, plans, results, paths)
    matches = [p for p in plans if p.id == plan_id]
    if len(matches) > 1:
        raise RefusedError(f"plan id '{plan_id}' is used by {len(matches)} files "
                           f"({', '.join(p.file for p in matches)}): fix that first (validate reports AT202)")
    if not matches:
        raise UnknownPlanError(plan_id, [p.id for p in plans])
    require_action(matches[0], action_id)
    return Target(paths[matches[0].file], plan_id, action_id)


def _relative(path: Path) -> Path:
    """The path relative to the working folder when it lies below it, as a Target names files."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else Path(rel)


def require_action(plan: Plan, action_id: str) -> Action:
    """The action with this id, or NotFoundError listing the closest ids in the plan."""
    for _, act in plan.actions():
        if act.id == action_id:
            return act
    ids = [act.id for _, act in plan.actions()]
    close = closest(action_id, ids)
    if close:
        hint = f"closest: {', '.join(close)}"
    elif ids:
        hint = f"its actions include: {', '.join(ids[:MAX_SUGGESTIONS])}"
    else:
        hint = "it has no actions yet"
    raise NotFoundError(f"no action '{action_id}' in plan {plan.id} ({hint})")


def _bare(action_id: str, plans: list[Plan], results: list[LoadResult], paths: dict[str, Path]) -> Target:
    found = [p for p in plans if any(act.id == action_id for _, act in p.actions())]
    if len(found) == 1:
        return Target(paths[found[0].file], found[0].id, action_id)
    if found:
        refs = ", ".join(f"{p.id}:{action_id}" for p in sorted(found, key=lambda p: p.id))
        raise UsageError(f"action id '{action_id}' is in {len(found)} plans: write one of {refs}")
    every = [(p.id, act.id) for p in plans for _, act in p.actions()]
    close = closest(action_id, [a for _, a in every])
    nearest = [f"{p}:{a}" for c in close for p, a in every if a == c][:MAX_SUGGESTIONS]
    hint = f" (closest: {', '.join(nearest)})" if nearest else ""
    unread = sum(1 for r in results if r.plan is None)
    if unread:
        hint += f"; {count(unread, 'plan file')} could not be read (run actiontrack validate)"
    raise NotFoundError(f"no action '{action_id}' in any plan{hint}")
