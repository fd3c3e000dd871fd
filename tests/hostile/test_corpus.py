"""Every command on every corpus entry, alone and all together: no exit 70, no traceback, no raw control
character, valid JSON, findings inside their files, broken files untouched by edits, bounded time and memory.

The default run gives each entry `validate`, one other reading command and one edit in turn (each
command meets entries of every kind across the corpus), and runs every command once on all the
entries together. `ACTIONTRACK_CORPUS=full` runs every command on every entry (README, Development).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import corpus
from sweep import (
    EDIT_REFUSALS,
    EDITS,
    MAX_GROWTH_MB,
    READ,
    Command,
    check_findings,
    contents,
    first_action,
    peak_mb,
    rss_mb,
    run,
    shown_name,
)

ENTRIES = corpus.generate()
FULL = os.environ.get("ACTIONTRACK_CORPUS") == "full"
_START_MB: list[float] = []  # the memory the sweep starts from (set by sweep_start)


@pytest.fixture(autouse=True, scope="module")
def sweep_start() -> None:
    """The memory the sweep grows from: this process's resident memory when the module's first test
    starts. Not at collection: in a whole-suite run every test before the sweep would count against it
    (ru_maxrss is the process's lifetime peak). Against today's resident memory the growth is, if
    anything, overstated: never an all-clear the sweep did not earn."""
    if not _START_MB:
        _START_MB.append(rss_mb())


# On everything at once, the default run gives each command that reads every plan once (its first
# format; validate runs anyway); the full run every command line.
TOGETHER = [c for c in {c.args[0]: c for c in reversed(READ[1:])}.values()
            if c.args[0] not in ("validate", "timescale", "import")]


def test_the_corpus_is_large_and_the_same_every_time() -> None:
    assert len(ENTRIES) >= 300
    assert [(e.name, e.data) for e in corpus.generate()] == [(e.name, e.data) for e in ENTRIES]
    assert len({e.name for e in ENTRIES}) == len(ENTRIES)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository whose last commit has no plans: diff and summary see each entry as added."""
    path = tmp_path_factory.mktemp("corpus") / "repo"
    (path / "plans").mkdir(parents=True)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_DATE": "2026-11-01T12:00:00+0000", "GIT_COMMITTER_DATE": "2026-11-01T12:00:00+0000"}
    (path / "README").write_text("corpus\n", encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "start"]):
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=path, env=env,
                       check=True)
    return path


def snapshot(folder: Path) -> dict[str, object]:
    """What edits must leave alone: each entry's bytes, or where it links to."""
    out: dict[str, object] = {}
    for entry in os.scandir(folder):
        if entry.name == ".actiontrack-tmp" or entry.name.endswith(".lock"):  # edit scratch; locks are issue 12's
            continue
        path = Path(entry.path)
        out[entry.name] = os.readlink(path) if path.is_symlink() else contents(path)
        if path.is_symlink() and path.is_file():
            out[entry.name + " (target)"] = path.read_bytes()
    return out


def sample(i: int) -> list[Command]:
    """The commands entry i gets: all of them in a full run, else validate, one other and one edit in turn."""
    if FULL:
        return READ[1:] + EDITS
    others = READ[1:]
    return [others[i % len(others)], EDITS[i % len(EDITS)]]


@pytest.mark.parametrize("i", range(len(ENTRIES)), ids=[f"{i:03d}-{e.kind}" for i, e in enumerate(ENTRIES)])
def test_each_entry_alone(i: int, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = ENTRIES[i]
    monkeypatch.chdir(repo)
    plans = repo / "plans"
    runner = CliRunner()
    path = corpus.create(entry, plans)
    try:
        before = snapshot(plans)
        shown = shown_name(entry.name)
        checked = run(runner, READ[0])
        assert checked.code in (0, 1), checked.stdout[:500]
        found = check_findings(checked.stdout.splitlines(), {shown: contents(path)})
        errors = [f for f in found.get(shown, []) if f[0] == "error"]
        if entry.expect == "broken":
            assert checked.code == 1 and errors, checked.stdout[:500]
        elif entry.expect == "valid":
            assert checked.code == 0, checked.stdout[:500]
        values = {"plan": entry.stem, "path": f"plans/{entry.name}", "ref": first_action(path, entry.stem)}
        for command in sample(i):
            done = run(runner, command, **values)
            if command.args[0] == "validate":
                assert done.code == checked.code
            if command.edit and checked.code == 1:
                assert done.code in EDIT_REFUSALS, done.stderr
                assert snapshot(plans) == before, "an edit changed a file that does not validate"
            elif command.edit and entry.expect == "valid":
                assert done.code == 0, done.stderr
                assert run(runner, READ[0]).code == 0  # and the edited plan still validates
                corpus.remove(entry, plans)
                corpus.create(entry, plans)
    finally:
        corpus.remove(entry, plans)
        shutil.rmtree(repo / "link-targets", ignore_errors=True)
    assert peak_mb() - _START_MB[0] < MAX_GROWTH_MB


def test_all_entries_together(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    plans = repo / "plans"
    runner = CliRunner()
    for entry in ENTRIES:
        corpus.create(entry, plans)
    try:
        before = snapshot(plans)
        checked = run(runner, READ[0])
        assert checked.code == 1
        files = {shown_name(e.name): contents(plans / e.name) for e in ENTRIES}
        found = check_findings(checked.stdout.splitlines(), files)
        for entry in ENTRIES:
            errors = [f for f in found.get(shown_name(entry.name), []) if f[0] == "error"]
            assert errors or entry.expect != "broken", f"{entry.name!r} is broken but not named"
        valid = next(e for e in ENTRIES if e.expect == "valid" and e.kind == "escape")
        broken = next(e for e in ENTRIES if e.kind == "tag-python")
        heaviest = next(e for e in ENTRIES if e.kind == "many-comments")
        values = {"plan": valid.stem, "path": f"plans/{heaviest.name}", "ref": first_action(plans / valid.name, "x")}
        for command in READ[1:] if FULL else TOGETHER:
            run(runner, command, **values)
        for command in EDITS:
            refused = run(runner, command, **{**values, "ref": f"{broken.stem}:1.1"})
            assert refused.code in EDIT_REFUSALS
            assert snapshot(plans) == before
        done = run(runner, EDITS[0], ref=first_action(plans / valid.name, valid.stem))
        assert done.code == 0, done.stderr
    finally:
        for entry in ENTRIES:
            corpus.remove(entry, plans)
        shutil.rmtree(repo / "link-targets", ignore_errors=True)
    assert peak_mb() - _START_MB[0] < MAX_GROWTH_MB
