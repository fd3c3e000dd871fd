"""Where edits lock: in the git directory of the repository that holds the plan, never in plans/."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from actiontrack.edit import atomic
from actiontrack.edit.atomic import find_git_dir, lock_path
from actiontrack.edit.commands import add_note
from actiontrack.edit.pipeline import EditContext
from actiontrack.errors import RefusedError

from gitfixture import Repo
from support import DATA

MakeRepo = Callable[..., Repo]
TODAY = date(2026, 11, 22)


def plan_repo(make_repo: MakeRepo) -> tuple[Repo, Path]:
    repo = make_repo()
    (repo.path / "plans").mkdir()
    plan = Path(shutil.copy(DATA / "valid-plan.yaml", repo.path / "plans" / "valid-plan.yaml"))
    repo.commit("plan")
    return repo, plan


def expected_lock(git_dir: Path, plan: Path) -> Path:
    digest = hashlib.sha256(os.fsencode(plan.resolve())).hexdigest()[:16]
    return git_dir / "actiontrack" / "locks" / f"valid-plan.yaml-{digest}.lock"


def test_a_note_in_a_repository_leaves_nothing_for_git_add(make_repo: MakeRepo) -> None:
    repo, plan = plan_repo(make_repo)
    add_note(EditContext(Path("plans"), "AM", None, TODAY, False), "valid-plan:1.1", "Audit booked.")
    assert sorted(p.name for p in plan.parent.iterdir()) == ["valid-plan.yaml"]
    assert lock_path(plan) == expected_lock(repo.path / ".git", plan)
    assert lock_path(plan).is_file()
    repo.git("add", "-A")
    assert repo.git("status", "--porcelain") == "M  plans/valid-plan.yaml\n"


def test_every_route_to_the_file_takes_the_one_lock(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, plan = plan_repo(make_repo)
    (repo.path / "elsewhere").mkdir()
    (repo.path / "elsewhere" / "plans").symlink_to(repo.path / "plans")
    assert lock_path(repo.path / "elsewhere" / "plans" / "valid-plan.yaml") == lock_path(plan)
    monkeypatch.setattr(atomic, "LOCK_TIMEOUT", 0.2)
    held_at = lock_path(plan)
    held_at.parent.mkdir(parents=True, exist_ok=True)
    with open(held_at, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(RefusedError, match="another actiontrack has been writing"):
            add_note(EditContext(Path("elsewhere/plans"), "AM", None, TODAY, False), "valid-plan:1.1", "x")


def test_a_linked_worktree_locks_in_its_own_git_directory(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo, _ = plan_repo(make_repo)
    other = tmp_path / "second"
    repo.git("worktree", "add", "-q", str(other))
    git_dir = Path(repo.git("-C", str(other), "rev-parse", "--absolute-git-dir").strip())
    assert (other / ".git").is_file() and find_git_dir(other / "plans") == git_dir.resolve()
    assert lock_path(other / "plans" / "valid-plan.yaml") == expected_lock(git_dir.resolve(), other / "plans" / "valid-plan.yaml")


def test_outside_a_repository_the_lock_stays_beside_the_file(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "valid-plan.yaml"
    assert find_git_dir(tmp_path) is None
    assert lock_path(plan) == plan.parent / ".valid-plan.yaml.lock"
