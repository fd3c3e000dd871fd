"""Real processes: concurrent writers all land, and a writer killed at any moment never leaves a broken file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from actiontrack.model import Action
from actiontrack.validate import validate

from support import DATA, load_bytes

TODAY = date(2026, 11, 22)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(DATA / "valid-plan.yaml", plans / "valid-plan.yaml")
    return plans


def _note(folder: Path, text: str) -> subprocess.Popen[bytes]:
    """`python -m actiontrack note` in its own process, as an officer would run it."""
    env = {**os.environ, "ACTIONTRACK_USER": "AM"}
    args = [sys.executable, "-m", "actiontrack", "note", "valid-plan:1.2", text, "--plans", str(folder),
            "--as-of", TODAY.isoformat()]
    return subprocess.Popen(args, env=env, cwd=folder.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _action(data: bytes) -> Action:
    result = load_bytes(data, "plans/valid-plan.yaml")
    assert result.plan is not None
    errors = [f for f in result.findings + validate([result.plan], TODAY) if f.severity == "error"]
    assert errors == []
    return next(a for _, a in result.plan.actions() if a.id == "1.2")


def test_twenty_concurrent_notes_all_land(folder: Path) -> None:
    procs = [_note(folder, f"Concurrent note {i}") for i in range(20)]
    outcomes = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]  # type: ignore[union-attr]
    assert [code for code, _ in outcomes] == [0] * 20, outcomes
    notes = _action((folder / "valid-plan.yaml").read_bytes()).notes
    assert sorted(n.text for n in notes) == sorted(f"Concurrent note {i}" for i in range(20))
    assert sorted(p.name for p in folder.iterdir()) == [".actiontrack-tmp", ".valid-plan.yaml.lock", "valid-plan.yaml"]
    assert [p.name for p in (folder / ".actiontrack-tmp").iterdir()] == [".gitignore"]  # no temporary file left


def test_a_writer_killed_at_any_moment_leaves_the_old_file_or_a_complete_new_one(folder: Path) -> None:
    path = folder / "valid-plan.yaml"
    started = time.monotonic()
    assert _note(folder, "timing run").wait(timeout=60) == 0
    full = time.monotonic() - started  # one whole run: start-up, lock, read, check, write
    outcomes = []
    # From at once to after the run would have finished; on a loaded machine a run can take longer
    # than the timing run did, so the delays stretch (up to 4x) until both sides have been seen.
    delays = [full * 1.3 * i / 23 for i in range(24)] + [full * (1.3 + 2.7 * i / 23) for i in range(24)]
    for i, delay in enumerate(delays):
        if i >= 24 and "old" in outcomes and "new" in outcomes:
            break
        before = path.read_bytes()
        proc = _note(folder, f"killed run {i}")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        after = path.read_bytes()
        if after == before:
            outcomes.append("old")
        else:  # never truncated or half-written: it reads, validates and holds exactly the one new note
            old_notes, new_notes = _action(before).notes, _action(after).notes
            assert [n.text for n in new_notes] == [n.text for n in old_notes] + [f"killed run {i}"]
            outcomes.append("new")
        assert sorted(p.name for p in folder.iterdir() if p.suffix in (".yaml", ".yml")) == ["valid-plan.yaml"]
    assert "old" in outcomes and "new" in outcomes, outcomes  # both sides of the rename were reached


def test_a_writer_killed_before_its_rename_leaves_nothing_git_would_commit(tmp_path: Path) -> None:
    """SIGKILL between writing the temporary file and renaming it (here: at its fsync), in a real repository:
    the file waits in the git directory, `git add -A` stages nothing, and the next edit removes it."""
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    shutil.copy(DATA / "valid-plan.yaml", repo / "plans" / "valid-plan.yaml")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "ACTIONTRACK_USER": "AM"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "plan"]):
        subprocess.run([*git, *args], cwd=repo, env=env, check=True)
    before = (repo / "plans/valid-plan.yaml").read_bytes()
    killed = _killed_note(repo, tmp_path, env)
    assert killed.returncode == -signal.SIGKILL
    assert (repo / "plans/valid-plan.yaml").read_bytes() == before
    assert [p.name for p in (repo / "plans").iterdir()] == ["valid-plan.yaml"]
    left = list((repo / ".git/actiontrack/tmp").iterdir())
    assert len(left) == 1 and left[0].name.startswith("tmp-")  # the dead writer's file, out of git's sight
    subprocess.run([*git, "add", "-A"], cwd=repo, env=env, check=True)
    status = subprocess.run([*git, "status", "--porcelain", "--untracked-files=all"], cwd=repo, env=env,
                            capture_output=True, text=True, check=True).stdout
    assert status == ""
    note = [sys.executable, "-m", "actiontrack", "note", "valid-plan:1.2", "Done", "--as-of", TODAY.isoformat()]
    done = subprocess.run(note, cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "noted valid-plan:1.2 (line 54)\n")
    assert list((repo / ".git/actiontrack/tmp").iterdir()) == []
    subprocess.run([*git, "add", "-A"], cwd=repo, env=env, check=True)
    staged = subprocess.run([*git, "status", "--porcelain", "--untracked-files=all"], cwd=repo, env=env,
                            capture_output=True, text=True, check=True).stdout
    assert staged == "M  plans/valid-plan.yaml\n"


def test_outside_a_repository_the_dead_writers_file_waits_in_a_folder_that_ignores_itself(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", tmp_path / "plans" / "valid-plan.yaml")
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path), "ACTIONTRACK_USER": "AM"}
    assert _killed_note(tmp_path, tmp_path, env).returncode == -signal.SIGKILL
    scratch = tmp_path / "plans" / ".actiontrack-tmp"
    assert sorted(p.name for p in scratch.iterdir())[0] == ".gitignore" and len(list(scratch.iterdir())) == 2
    assert (scratch / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"  # git would skip it all
    assert _note(tmp_path / "plans", "After").wait(timeout=60) == 0
    assert [p.name for p in scratch.iterdir()] == [".gitignore"]


def _killed_note(cwd: Path, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """`note` in a process that SIGKILLs itself at its first fsync: after the temporary file is written."""
    shim = tmp_path / "shim"
    shim.mkdir(exist_ok=True)
    (shim / "sitecustomize.py").write_text(
        "import os, signal\nos.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)\n", encoding="utf-8")
    note = [sys.executable, "-m", "actiontrack", "note", "valid-plan:1.2", "Killed", "--as-of", TODAY.isoformat()]
    return subprocess.run(note, cwd=cwd, env={**env, "PYTHONPATH": str(shim)}, capture_output=True, check=False)
