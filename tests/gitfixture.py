"""Real git repositories in temporary folders, with pinned commit dates for history across weeks."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# Variables a git hook or a developer's shell may set; any of them would point git elsewhere.
_GIT_VARS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX",
             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE")


class Repo:
    """A work tree with a helper per git verb the tests need."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def git(self, *args: str, when: str | None = None) -> str:
        env = dict(os.environ)
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        proc = subprocess.run(
            ["git", "-c", "user.name=Test Reviewer", "-c", "user.email=reviewer@example.org", *args],
            cwd=self.path, env=env, capture_output=True, text=True, check=False,
        )
        assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
        return proc.stdout

    def write(self, rel: str, text: str) -> Path:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        """Edit a file in place; the old text must occur exactly once."""
        text = self.read(rel)
        assert text.count(old) == 1, f"not unique in {rel}: {old!r}"
        (self.path / rel).write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str, when: str = "2026-11-01T12:00:00+0000") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when)
        return self.sha("HEAD")

    def sha(self, rev: str) -> str:
        return self.git("rev-parse", rev).strip()


def repo_factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Repo]:
    """make(name="repo", chdir=True) -> a fresh repository on branch main (the `make_repo` fixture)."""
    for var in _GIT_VARS:
        monkeypatch.delenv(var, raising=False)
    # Hermetic: no user or system config (signing, hooks paths, pagers), and no repository above.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))

    def make(name: str = "repo", chdir: bool = True) -> Repo:
        path = tmp_path / name
        path.mkdir()
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=path, check=True)
        if chdir:
            monkeypatch.chdir(path)
        return Repo(path)

    return make
