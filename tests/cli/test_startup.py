"""What a command loads at start-up: a plain command pays for neither pydantic, nor rich, nor the YAML parser
when it does not use them (docs/performance.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from support import REPO, SEED_PLANS

PROBE = (
    "import sys\nsys.argv = ['actiontrack', *{args!r}]\nfrom actiontrack.cli import main\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "loaded = sorted({{m.split('.')[0] for m in sys.modules}} & {{'pydantic', 'rich', 'ruamel', 'dateutil', 'openpyxl', "
    "'docx', 'lxml', 'jinja2', 'icalendar', 'holidays'}})\n"
    "own = sorted(m for m in sys.modules if m in {own!r})\n"
    "sys.stderr.write('LOADED ' + repr(loaded) + ' OWN ' + repr(own))\n"
)
# actiontrack's own costly modules (docs/performance.md, start-up): the model's dataclasses, the reader,
# the builder and the timescale grammar, validate, the listings and the table stages.
OWN_HEAVY = ("actiontrack.model", "actiontrack.load.yamlread", "actiontrack.load.build", "actiontrack.load.fields",
             "actiontrack.timescale", "actiontrack.validate", "actiontrack.query.listings",
             "actiontrack.query.table", "actiontrack.query.asof", "actiontrack.render.tables", "actiontrack.render.layout")


def probe(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[list[str], list[str]]:
    """The heavy libraries, and the costly modules of actiontrack's own, one run of `actiontrack ARGS` imported.

    A stand-in `pydantic` package is put on the path first: Typer 0.29 and later import pydantic to
    run any command, and here pydantic is not installed, so without it the check could not fail.
    """
    fake = cwd / ".fake-site" / "pydantic"
    fake.mkdir(parents=True, exist_ok=True)
    (fake / "__init__.py").write_text('"""Stands in for pydantic: importing it is what the test detects."""\n',
                                      encoding="utf-8")
    env = {**env, "PYTHONPATH": os.pathsep.join(filter(None, [str(fake.parent), env.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args, own=set(OWN_HEAVY))], capture_output=True,
                          text=True, cwd=cwd, env=env)
    marker = proc.stderr.rindex("LOADED ")
    loaded, own = proc.stderr[marker + 7:].split(" OWN ")
    return json.loads(loaded.replace("'", '"')), json.loads(own.replace("'", '"'))


def loaded_by(args: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """The heavy libraries one run of `actiontrack ARGS` imported."""
    return probe(args, cwd, env)[0]


def test_the_stand_in_pydantic_is_seen(tmp_path: Path) -> None:
    """The probe's stand-in is found by an import of pydantic: a Typer that imported it would fail the tests."""
    fake = tmp_path / ".fake-site" / "pydantic"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(fake.parent)}
    proc = subprocess.run([sys.executable, "-c", "import pydantic; print(pydantic.__file__)"], capture_output=True,
                          text=True, env=env, cwd=tmp_path)
    assert proc.stdout.strip() == str(fake / "__init__.py")


def test_warm_overdue_json_on_the_bundled_plans_imports_nothing_costly(tmp_path: Path) -> None:
    """The scripts' call in a clone (plans/ found from the working folder): cached rows, classified and
    written, with neither pydantic, rich nor the YAML parser, nor the model, the reader or validate."""
    shutil.copytree(SEED_PLANS, tmp_path / "plans")
    env = {**os.environ, "ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")}
    args = ["overdue", "--format", "json", "--as-of", "2012-12-01"]
    cold_libraries, cold_own = probe(args, tmp_path, env)
    assert cold_libraries == ["ruamel"]
    assert "actiontrack.model" in cold_own and "actiontrack.load.build" in cold_own  # the probe sees them
    assert probe(args, tmp_path, env) == ([], [])
    assert probe([*args, "--sort", "owner"], tmp_path, env) == ([], [])  # every --sort reads the same rows


def test_note_dry_run_on_a_50_action_plan_needs_the_parser_only(tmp_path: Path) -> None:
    """An edit reads, checks and splices with the YAML parser and the model; never rich or pydantic."""
    plans = tmp_path / "plans"
    plans.mkdir()
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_repo.py"), "1", "50", str(tmp_path / "made")],
                   check=True, capture_output=True)
    shutil.copy(tmp_path / "made" / "plans" / "bench-plan-00000.yaml", plans)
    env = {**os.environ, "ACTIONTRACK_USER": "Test Officer"}
    args = ["note", "bench-plan-00000:1.1", "Checked.", "--dry-run", "--as-of", "2026-01-01"]
    libraries, own = probe(args, tmp_path, env)
    assert libraries == ["ruamel"]
    assert "actiontrack.render.tables" not in own and "actiontrack.query.listings" not in own


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
