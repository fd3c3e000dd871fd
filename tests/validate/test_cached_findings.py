"""`validate` through the cache: every output byte for byte as without it, on any day; never stale.

A file's findings are cached by its content (load/cache.py, `derive_located`); the findings that
depend on the day are kept dated (validate/dated.py), so one entry answers every day.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app
from actiontrack.errors import WARNING
from actiontrack.load.cache import CachedLoader, open_cache
from actiontrack.load.discover import read_sources
from actiontrack.load.yamlread import within_limits
from actiontrack.validate.dated import AS_OF, DAYS_SINCE, Dated, on_day
from actiontrack.validate.perfile import FileChecks

from support import DATA, REPO

HOSTILE = REPO / "tests" / "hostile"
# Days around the bundled plans' records: before their notes, on a completion month's first day
# and the day before it, after a due date passes, and long after.
DAYS = ["2002-08-15", "2003-06-30", "2003-07-01", "2012-11-05", "2026-12-01"]
FORMATS = [[], ["--format", "json"], ["--format", "github"]]


def validate(runner: CliRunner, folder: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of one validate run, as a user sees them."""
    result = runner.invoke(app, ["validate", str(folder), *args])
    return result.exit_code, result.stdout, result.stderr


def same_with_and_without_cache(runner: CliRunner, folder: Path, cache: Path, days: list[str],
                                options: list[list[str]]) -> int:
    """Run validate without the cache, cold and warm with it, on each day: the same answer each time.
    Returns how many runs agreed (so that a test cannot pass by running nothing)."""
    runs = 0
    for day in days:
        for extra in options:
            args = ["--as-of", day, *extra]
            plain = validate(runner, folder, *args, "--no-cache")
            assert plain[0] in (0, 1), plain
            for _ in ("cold or warm", "warm"):
                assert validate(runner, folder, *args, "--cache-dir", str(cache)) == plain
                runs += 1
    return runs


def entries(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.findings-*.pickle"))


def test_the_bundled_plans_give_the_same_findings_with_and_without_the_cache_on_every_day(
        seed_copy: Path, tmp_path: Path, runner: CliRunner) -> None:
    cache = tmp_path / "cache"
    # A plan rated green while open: AT308 once its due date (Sept 24: 2024-09-30) has passed.
    rated = (DATA / "valid-plan.yaml").read_text(encoding="utf-8").replace(
        "        status: in-progress\n", "        status: in-progress\n        rag: green\n", 1)
    (seed_copy / "valid-plan.yaml").write_text(rated, encoding="utf-8")
    # Evidence re-audited every 12 months (AT510: asked on the day, its months counted to it), and
    # evidence that expires.
    (seed_copy / "reaudit.yaml").write_text(rated.replace("id: valid-plan", "id: reaudit").replace(
        "version: v1.0\n", "version: v1.0\nreaudit: 12 months\n"), encoding="utf-8")
    (seed_copy / "expires.yaml").write_text(rated.replace("id: valid-plan", "id: expires").replace(
        "            reference: QA/7\n", "            reference: QA/7\n            expires: 2025-01-31\n"),
        encoding="utf-8")
    assert "AT402" in validate(runner, seed_copy, "--as-of", "2002-08-15", "--no-cache")[1]
    late = validate(runner, seed_copy, "--as-of", "2026-12-01", "--no-cache")[1]
    assert "AT308" in late and "reaudit.yaml" in late and "expires.yaml" in late and late.count("AT510") == 2
    days = [*DAYS, "2024-09-30", "2024-10-01", "2025-01-30", "2025-01-31", "2025-05-01", "2025-05-02"]
    assert same_with_and_without_cache(runner, seed_copy, cache, days, [[]]) == 22
    assert same_with_and_without_cache(runner, seed_copy, cache, ["2003-07-01"],
                                       [*FORMATS[1:], ["--smart"], ["--strict"]]) == 8
    # One entry per file and option set, whatever the day: the day's findings are applied after;
    # the SMART checks are asked on one day, so --smart's entries are that day's.
    assert len(entries(cache)) == 8 + 8


def test_a_generated_repository_filled_in_parallel(tmp_path: Path, runner: CliRunner) -> None:
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_repo.py"), "70", "6", str(tmp_path / "gen")],
                   check=True, capture_output=True)
    plans = tmp_path / "gen" / "plans"
    broken = plans / "bench-plan-00003.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("id: bench-plan-00003", "id: bench-plan-00004"),
                      encoding="utf-8")  # two files, one id: the cross-file check still runs on cached entries
    shutil.copy(DATA / "valid-plan.yaml", plans / "copy-of-valid.yaml")  # a file named after another plan
    code, out, _ = validate(runner, plans, "--as-of", "2026-12-01", "--no-cache")
    assert code == 1 and "AT202 duplicate plan id 'bench-plan-00004'" in out and "AT203" in out
    assert same_with_and_without_cache(runner, plans, tmp_path / "cache", ["2026-12-01", "2016-01-01"],
                                       FORMATS[:2]) == 8
    assert len(entries(tmp_path / "cache")) == 71


def test_the_hostile_corpus_gives_the_same_findings_with_and_without_the_cache(tmp_path: Path,
                                                                              runner: CliRunner) -> None:
    sys.path.insert(0, str(HOSTILE))
    try:
        import corpus
    finally:
        sys.path.remove(str(HOSTILE))
    plans = tmp_path / "plans"
    plans.mkdir()
    # One entry of every kind (tags, links, line breaks, each random mutation, files past the
    # limits ...) but the megabyte plans the parser reads to the end (seconds each, three times
    # over; tests/hostile runs them all): the cache holds their findings as it holds any other.
    chosen = [e for e in {e.kind: e for e in reversed(corpus.generate())}.values()
              if e.data is None or len(e.data) < 100_000 or not within_limits(e.data)]
    made = [corpus.create(entry, plans) for entry in chosen]
    assert len(made) >= 75
    cwd = os.getcwd()
    os.chdir(tmp_path)  # link targets the corpus makes are relative to here
    try:
        assert same_with_and_without_cache(runner, plans, tmp_path / "cache", ["2026-12-01"], [[]]) == 2
    finally:
        os.chdir(cwd)


def test_the_same_bytes_under_another_name_report_that_name(seed_copy: Path, tmp_path: Path,
                                                           runner: CliRunner) -> None:
    cache = tmp_path / "cache"
    validate(runner, seed_copy, "--as-of", "2002-08-15", "--cache-dir", str(cache))
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(seed_copy / "herefordshire-scr-me-2002.yaml", other / "renamed.yaml")
    warm = validate(runner, other, "--as-of", "2002-08-15", "--cache-dir", str(cache))
    assert warm == validate(runner, other, "--as-of", "2002-08-15", "--no-cache")
    assert "renamed.yaml:" in warm[1] and "herefordshire-scr-me-2002.yaml:" not in warm[1].replace("rename it to", "")


def test_a_changed_file_or_changed_code_is_checked_again(seed_copy: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A stale entry is never served: new bytes are a new key, and another code salt refuses the entry."""
    from actiontrack.api.reading import validate as check

    folder = tmp_path / "cache"
    cache = open_cache(folder)
    assert cache is not None
    built: list[str] = []

    class Counting(CachedLoader):
        def _store(self, kind: str, digest: str, payload: object) -> None:
            built.append(digest)
            super()._store(kind, digest, payload)

    def run(salt: str) -> list[str]:
        built.clear()
        loader = Counting(type(cache)(cache.folder, salt))
        return [f.format() for f in check([seed_copy], date(2026, 12, 1), loader).findings]

    first = run(cache.salt)
    assert len(built) == 5
    assert run(cache.salt) == first and built == []  # warm: nothing rebuilt
    plan = seed_copy / "thurrock-ofsted-2012.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("id: thurrock-ofsted-2012", "id: thurrock-renamed", 1),
                    encoding="utf-8")
    changed = run(cache.salt)
    assert len(built) == 1 and changed != first
    assert any("AT203 file name 'thurrock-ofsted-2012.yaml' does not match plan id 'thurrock-renamed'" in f
               for f in changed)
    # A validate module's code changed (as code_salt() would see it): every entry is built again.
    assert run("another-salt") == changed and len(built) == 5


def test_the_private_names_are_part_of_the_key_and_never_written_into_the_cache(
        in_tmp: Path, runner: CliRunner) -> None:
    (in_tmp / ".git").mkdir()  # the repository root, without running git
    (in_tmp / "plans").mkdir()
    shutil.copy(DATA / "valid-plan.yaml", in_tmp / "plans" / "valid-plan.yaml")
    cache = in_tmp / "cache"
    args = ["--as-of", "2026-11-22", "--cache-dir", str(cache)]
    assert validate(runner, in_tmp / "plans", *args)[0] == 0
    (in_tmp / ".actiontrack").mkdir()
    names = in_tmp / ".actiontrack" / "private-names.txt"
    names.write_text("Kim Example\n", encoding="utf-8")
    plan = in_tmp / "plans" / "valid-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("Guidance issued.", "Guidance issued to Kim Example."),
                    encoding="utf-8")
    named = validate(runner, in_tmp / "plans", *args)
    assert named[0] == 1 and "AT607" in named[1]
    names.write_text("Someone Else\n", encoding="utf-8")
    assert validate(runner, in_tmp / "plans", *args) == validate(runner, in_tmp / "plans", "--as-of", "2026-11-22",
                                                                 "--no-cache")
    assert validate(runner, in_tmp / "plans", *args)[0] == 0
    for entry in cache.rglob("*.pickle"):
        assert b"Kim Example" not in entry.read_bytes().replace(b"Guidance issued to Kim Example", b"")


def test_a_dated_finding_holds_exactly_on_the_days_the_check_says() -> None:
    due = date(2024, 3, 31)
    late = Dated("p.yaml", 3, 5, WARNING, "AT308", ("due 2024-03-31 (", DAYS_SINCE, " before ", AS_OF, ")"),
                 after=due)
    early = Dated("p.yaml", 4, 7, WARNING, "AT402", ("note dated 2024-04-02 is after ", AS_OF),
                  before=date(2024, 4, 2))
    assert on_day([late, early], due) == [early.on(due)]
    assert on_day([late, early], due + timedelta(days=1))[0].message == "due 2024-03-31 (1 day before 2024-04-01)"
    assert [f.message for f in on_day([late, early], date(2024, 4, 2))] == ["due 2024-03-31 (2 days before 2024-04-02)"]
    assert early.on(date(2024, 4, 1)).message == "note dated 2024-04-02 is after 2024-04-01"


def test_a_located_value_moves_to_another_name_with_every_finding(seed_copy: Path) -> None:
    from actiontrack.validate.perfile import check_file
    from actiontrack.validate.privacy import Guard

    source = read_sources([seed_copy / "herefordshire-scr-me-2002.yaml"])[0]
    from actiontrack.load.loader import parse

    checked = check_file(source, parse(*source), Guard())
    assert checked.dated and checked.ident is not None
    moved = checked.renamed("x.yaml")
    assert {f.file for f in moved.findings} | {d.file for d in moved.dated} | {moved.ident[0]} == {"x.yaml"}
    assert isinstance(moved, FileChecks) and checked.renamed(checked.file) is checked
