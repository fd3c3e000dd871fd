"""What a command loads at start-up: a plain command pays for neither pydantic, nor rich, nor the YAML parser
when it does not use them (docs/performance.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import SEED_PLANS

PROBE = (
    "import sys\nsys.argv = ['actiontrack', *{args!r}]\nfrom actiontrack.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "loaded = sorted({{m.split('.')[0] for m in sys.modules}} & {{'pydantic', 'rich', 'ruamel', 'dateutil', 'openpyxl', "
    "'docx', 'lxml', 'jinja2', 'icalendar', 'holidays'}})\n"
    "sys.stderr.write('LOADED ' + repr(loaded))\n"
)


def loaded_by(args: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """The heavy libraries one run of `actiontrack ARGS` imported."""
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, cwd=cwd,
                          env=env)
    marker = proc.stderr.rindex("LOADED ")
    return json.loads(proc.stderr[marker + 7:].replace("'", '"'))


def test_warm_overdue_json_imports_no_heavy_library(tmp_path: Path) -> None:
    env = {**os.environ, "ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")}
    args = ["overdue", "--format", "json", "--as-of", "2012-12-01", str(SEED_PLANS)]
    assert loaded_by(args, tmp_path, env) == ["ruamel"]  # cold: the plans are parsed once
    assert loaded_by(args, tmp_path, env) == []  # warm: the cached rows are all it reads


def test_note_dry_run_needs_only_the_yaml_parser(seed_copy: Path) -> None:
    env = {**os.environ, "ACTIONTRACK_USER": "Test Officer"}
    args = ["note", "thurrock-ofsted-2012:15.2", "Checked.", "--dry-run", "--as-of", "2012-12-01"]
    assert loaded_by(args, seed_copy.parent, env) == ["ruamel"]


def test_help_imports_none(tmp_path: Path) -> None:
    assert loaded_by(["--help"], tmp_path, dict(os.environ)) == []
    assert loaded_by(["overdue", "--help"], tmp_path, dict(os.environ)) == []
    assert loaded_by(["import", "--help"], tmp_path, dict(os.environ)) == []


def test_import_loads_the_reader_of_its_file_only(tmp_path: Path) -> None:
    """A CSV import needs neither openpyxl nor python-docx (nor rich: its report is plain lines)."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plan.csv").write_text("Recommendation,Action,Lead,Progress\nR1,Do it,Lead,Done\n", encoding="utf-8")
    args = ["import", "plan.csv", "--organisation", "Example", "--date", "2013-01-01", "--dry-run"]
    assert loaded_by(args, tmp_path, dict(os.environ)) == ["ruamel"]


def test_board_outputs_load_their_writer_only_when_they_run(tmp_path: Path) -> None:
    env = {**os.environ, "ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")}
    assert loaded_by(["report", "--help"], tmp_path, env) == []
    assert loaded_by(["export", "--help"], tmp_path, env) == []
    shutil.copytree(SEED_PLANS, tmp_path / "plans")  # outside git: report reads the files as they are
    plans = [str(tmp_path / "plans")]
    assert loaded_by(["export", "--format", "json", *plans], tmp_path, env) == ["ruamel"]
    pinned = ["--as-of", "2012-12-01", "-o", str(tmp_path / "out")]
    assert loaded_by(["report", *pinned, *plans], tmp_path, env) == ["jinja2"]  # warm: parsed once, above
    # openpyxl writes its XML with lxml, which python-docx (the Word importer) brings in.
    assert loaded_by(["export", "--format", "xlsx", *pinned, *plans], tmp_path, env) == ["lxml", "openpyxl"]
    assert loaded_by(["export", "--format", "ics", *pinned, *plans], tmp_path, env) == ["dateutil", "icalendar"]
