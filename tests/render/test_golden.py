"""Golden outputs: `overdue` and `show` on the Thurrock plan at 80 and 120 columns, compared exactly.

The files under tests/render/golden/ were reviewed by eye. A failing comparison never rewrites
them: after a deliberate change of layout, run

    ACTIONTRACK_UPDATE_GOLDEN=1 python3 -m pytest tests/render/test_golden.py

and review the files' diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import REPO

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "overdue": ["overdue", "--plan", "thurrock-ofsted-2012", "--as-of", "2012-11-15"],
    "show": ["show", "thurrock-ofsted-2012", "--as-of", "2012-11-15"],
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, name: str, width: int) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, [*CASES[name], "--width", str(width)])
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{name}-thurrock-{width}.txt"
    if os.environ.get("ACTIONTRACK_UPDATE_GOLDEN") == "1":
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
