"""The four source shapes (tests/import_sources.py) import to exactly the committed plan and JSON.

tests/data/import/NAME.yaml is the plan text `import` writes; NAME.json is `export --format json`
of it. After a deliberate change, rewrite both with
`PYTHONPATH=tests python tests/importing/test_fixtures.py` and read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app
from actiontrack.edit.plantext import plan_text
from actiontrack.importing import ImportOptions, read_table
from actiontrack.importing.plan import draft_plan

import import_sources

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "import"
TODAY = dt.date(2026, 11, 22)

# name -> (source file, how to build it, the options import gets)
CASES: dict[str, tuple[str, Callable[[Path], Path], list[str]]] = {
    "nottingham-like": ("nottingham.docx", import_sources.nottingham_docx,
                        ["--organisation", "Example Social Services", "--source-kind", "serious-case-review"]),
    "herefordshire-like": ("herefordshire.docx", import_sources.herefordshire_docx,
                           ["--organisation", "Example Area Child Protection Committee", "--date", "2002-10-01",
                            "--source-kind", "serious-case-review"]),
    "thurrock-like": ("thurrock.xlsx", import_sources.thurrock_xlsx,
                      ["--organisation", "Example Council", "--source-kind", "inspection"]),
    "excel-csv": ("excel.csv", import_sources.excel_csv,
                  ["--organisation", "Example Partnership", "--date", "2013-06-01", "--progress-date", "2013-10-01"]),
}


def options(name: str) -> ImportOptions:
    """The CASES options as the library takes them."""
    args = dict(zip(CASES[name][2][::2], CASES[name][2][1::2]))
    return ImportOptions(
        organisation=args["--organisation"], plan_id=name, source_kind=args.get("--source-kind", "other"),
        plan_date=dt.date.fromisoformat(args["--date"]) if "--date" in args else None,
        progress_date=dt.date.fromisoformat(args["--progress-date"]) if "--progress-date" in args else None,
    )


def imported_text(name: str, folder: Path) -> str:
    """The plan text import makes of the case's source (what a dry run prints)."""
    file, make, _ = CASES[name]
    source = make(folder / file)
    draft, _ = draft_plan(read_table(source, file, options(name)), options(name), TODAY)
    return plan_text(draft)


def exported(runner: CliRunner, plan: str) -> dict[str, object]:
    """`export --format json` of one plan file (a path relative to the working folder)."""
    result = runner.invoke(app, ["export", plan])
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", list(CASES))
def test_each_source_imports_to_the_committed_plan_and_json(name: str, in_tmp: Path, runner: CliRunner) -> None:
    text = imported_text(name, in_tmp)
    assert text == (EXPECTED / f"{name}.yaml").read_text(encoding="utf-8")
    (in_tmp / "plans").mkdir()
    (in_tmp / "plans" / f"{name}.yaml").write_text(text, encoding="utf-8")
    assert exported(runner, f"plans/{name}.yaml") == json.loads((EXPECTED / f"{name}.json").read_text("utf-8"))


@pytest.mark.parametrize("name", list(CASES))
def test_each_source_imports_through_the_command_and_validates(name: str, in_tmp: Path, runner: CliRunner) -> None:
    file, make, args = CASES[name]
    make(in_tmp / file)
    (in_tmp / "plans").mkdir()
    result = runner.invoke(app, ["import", file, "--id", name, *args, "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.stderr
    written = in_tmp / "plans" / f"{name}.yaml"
    assert written.read_text(encoding="utf-8") == (EXPECTED / f"{name}.yaml").read_text(encoding="utf-8")
    validated = runner.invoke(app, ["validate", f"plans/{name}.yaml", "--as-of", TODAY.isoformat()])
    assert validated.exit_code == 0 and " 0 errors" in validated.stderr, validated.stdout
    assert exported(runner, f"plans/{name}.yaml") == json.loads((EXPECTED / f"{name}.json").read_text("utf-8"))


def _rewrite() -> None:
    """Write the expected files anew from what import makes now."""
    import tempfile

    os.environ.setdefault("NO_COLOR", "1")
    runner = CliRunner()
    for name in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            text = imported_text(name, folder)
            (EXPECTED / f"{name}.yaml").write_text(text, encoding="utf-8")
            (folder / "plans").mkdir()
            (folder / "plans" / f"{name}.yaml").write_text(text, encoding="utf-8")
            cwd = os.getcwd()
            os.chdir(folder)
            try:
                document = exported(runner, f"plans/{name}.yaml")
            finally:
                os.chdir(cwd)
            (EXPECTED / f"{name}.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                                                   encoding="utf-8")
            print(f"wrote {EXPECTED / name}.yaml and .json")


if __name__ == "__main__":
    _rewrite()
