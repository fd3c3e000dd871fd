"""Shared fixtures: a pinned clock, plain terminals, plan-writing helpers and a CLI runner."""

from __future__ import annotations

import os

# Typer reads these at import time: without them CI (GITHUB_ACTIONS, FORCE_COLOR) forces ANSI codes
# into captured output. Set before anything imports typer.
os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ.pop("FORCE_COLOR", None)
os.environ.pop("GITHUB_ACTIONS", None)
os.environ.pop("PY_COLORS", None)
os.environ["NO_COLOR"] = "1"
# No COLUMNS: in a pipe it asks for a fitted table (cli/options.checked_width), so a test that
# wants a width says so. Help text is laid out at 120 all the same (typer reads TERMINAL_WIDTH).
os.environ.pop("COLUMNS", None)
os.environ["TERMINAL_WIDTH"] = "120"
os.environ.pop("ACTIONTRACK_PLANS", None)
os.environ.pop("ACTIONTRACK_USER", None)
os.environ.pop("ACTIONTRACK_CACHE_DIR", None)
# Never touch the user's real parse cache: one throwaway cache folder for the whole run.
os.environ["XDG_CACHE_HOME"] = __import__("tempfile").mkdtemp(prefix="actiontrack-test-cache-")

import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SEED_PLANS = REPO / "plans"
DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 22)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented YAML text to tmp_path/plans/NAME and return its path."""
    def write(text: str, name: str = "test-plan.yaml") -> Path:
        folder = tmp_path / "plans"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path
    return write


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A copy of the shipped plans/ folder; tests never touch the tracked files."""
    dest = tmp_path / "plans"
    shutil.copytree(SEED_PLANS, dest)
    return dest


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def plans(in_tmp: Path) -> Path:
    """A plans/ folder, the working folder's, holding a copy of tests/data/valid-plan.yaml."""
    folder = in_tmp / "plans"
    folder.mkdir()
    shutil.copy(DATA / "valid-plan.yaml", folder / "valid-plan.yaml")
    return folder


@pytest.fixture
def make_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """Real git repositories in temporary folders, isolated from the user's git config."""
    from gitfixture import repo_factory

    return repo_factory(tmp_path, monkeypatch)


@pytest.fixture
def git_verbs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`git VERB` of every process gitrepo starts (each still run for real): the cost of a command in git."""
    import subprocess

    from actiontrack import gitrepo

    calls: list[str] = []
    real = subprocess.run

    def spy(args: list[str], **kwargs: object) -> object:
        calls.append(" ".join(args[:2]))
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(gitrepo.subprocess, "run", spy)
    return calls
