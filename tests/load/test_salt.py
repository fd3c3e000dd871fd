"""The cache salt covers all the code: change any module and every cached entry is rebuilt, never served stale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import actiontrack
from actiontrack.load.cache import hash_package

PACKAGE = Path(actiontrack.__file__).resolve().parent


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of the package's source, to change as a refactor would."""
    dest = tmp_path / "site" / "actiontrack"
    shutil.copytree(PACKAGE, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.mark.parametrize("module", ["errors.py", "timescale.py", "wording.py", "query/summary.py", "cli/app.py"])
def test_a_change_to_any_module_changes_the_salt(package_copy: Path, module: str) -> None:
    before = hash_package(package_copy)
    path = package_copy / module
    path.write_text(path.read_text(encoding="utf-8") + "\n# a comment moved here by a refactor\n", encoding="utf-8")
    assert hash_package(package_copy) != before


def test_a_new_module_changes_the_salt(package_copy: Path) -> None:
    before = hash_package(package_copy)
    (package_copy / "load" / "moved.py").write_text('"""A function moved out of build.py."""\n', encoding="utf-8")
    assert hash_package(package_copy) != before


def test_cached_entries_are_rebuilt_after_a_change_to_a_module_no_list_named(package_copy: Path,
                                                                            tmp_path: Path) -> None:
    """End to end: a warm cache holds a finding's wording; changing wording.py must change the answer."""
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "p.yaml").write_text(textwrap.dedent("""\
        id: p
        title: T
        organisation: O
        sorce: {kind: inspection}
        date: 2024-01-01
        recommendations: []
        """), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(package_copy.parent), "ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache"),
           "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    cmd = [sys.executable, "-c", "from actiontrack.cli import main; main()", "summary", "--as-of", "2024-02-01",
           "--format", "json", str(plans)]

    def run() -> str:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        return proc.stderr

    assert "unknown key 'sorce' in the plan: did you mean 'source'?" in run()
    assert "did you mean 'source'?" in run()  # warm: the finding came from the cache
    wording = package_copy / "wording.py"
    wording.write_text(wording.read_text(encoding="utf-8").replace(': did you mean', ': perhaps'), encoding="utf-8")
    assert "unknown key 'sorce' in the plan: perhaps 'source'?" in run()
