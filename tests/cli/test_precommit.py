"""The repository's .pre-commit-hooks.yaml, run by the real pre-commit (try-repo) in a temporary plans repository:
a plan holding a fake NHS number cannot be committed, and the refusal names the exact place."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

from gitfixture import Repo
from support import DATA, REPO

VALID = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")
FINDING = ("plans/valid-plan.yaml:46:40: error AT601 possible NHS number '*** *** **18' (valid check digit): "
           "remove it, or mark it '# privacy-ok: REASON' if it is not private")

def pre_commit() -> str:
    return shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or "pre-commit"


def environment(tmp_path: Path) -> dict[str, str]:
    """PATH with an `actiontrack` that runs this interpreter's package; pre-commit's cache in tmp_path."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "actiontrack"
    exe.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m actiontrack "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}


def test_the_hooks_file_offers_both_hooks_on_the_plans() -> None:
    hooks = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [(h["id"], h["language"]) for h in hooks] == [("actiontrack-validate", "python"),
                                                         ("actiontrack-validate-system", "system")]
    for hook in hooks:  # the same hook but for how actiontrack gets there
        assert {k: v for k, v in hook.items() if k not in ("id", "language")} == \
            {k: v for k, v in hooks[0].items() if k not in ("id", "language")}
        assert hook["entry"] == "actiontrack validate" and hook["pass_filenames"] is False


def test_a_commit_with_a_fake_nhs_number_is_refused(make_repo: Callable[..., Repo], tmp_path: Path) -> None:
    repo = make_repo()
    env = environment(tmp_path)
    repo.write("plans/valid-plan.yaml", VALID.replace("text: Guidance issued.", "text: Guidance issued (NHS 999 000 0018)."))
    repo.git("add", "plans/valid-plan.yaml")
    # The hook as a partnership would try it: pre-commit clones this repository and runs the hook on the staged plan.
    tried = subprocess.run([pre_commit(), "try-repo", str(REPO), "actiontrack-validate-system"], cwd=repo.path,
                           env=env, capture_output=True, text=True, check=False)
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert FINDING in tried.stdout.splitlines()
    assert "999 000 0018" not in tried.stdout
    # Installed as a partnership installs it (a .pre-commit-config.yaml naming this repository at its
    # current commit, then `pre-commit install`), the hook refuses the commit itself.
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    (repo.path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {rev.strip()}\n    hooks:\n      - id: actiontrack-validate-system\n",
        encoding="utf-8")
    installed = subprocess.run([pre_commit(), "install"], cwd=repo.path, env=env, capture_output=True, text=True,
                               check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    commit = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-m",
                             "Plan with an NHS number"], cwd=repo.path, env=env, capture_output=True, text=True,
                            check=False)
    assert commit.returncode == 1
    assert FINDING in (commit.stdout + commit.stderr).splitlines()
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=repo.path, env=env,
                          capture_output=True, check=False).returncode != 0  # nothing was committed
    # Removed, the plan commits.
    repo.write("plans/valid-plan.yaml", VALID)
    repo.git("add", "plans/valid-plan.yaml")
    commit = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m",
                             "Plan"], cwd=repo.path, env=env, capture_output=True, text=True, check=False)
    assert commit.returncode == 0, commit.stdout + commit.stderr
