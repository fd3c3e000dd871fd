"""The parse cache: identical results, corrupt and stale entries rebuilt, concurrent runs safe."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from actiontrack.load.cache import Cache, CachedLoader, open_cache
from actiontrack.load.discover import find_plan_files, read_sources
from actiontrack.load.loader import Loader, LoadResult
from actiontrack.query.export import export_document
from actiontrack.render.jsonout import dump_json

from support import REPO


def load_files(files: list[Path], cache: Cache | None) -> list[LoadResult]:
    """The listings' load: positionless, through the cache when there is one."""
    loader = CachedLoader(cache) if cache is not None else Loader()
    return loader.load(read_sources(files), positions=False)


def exported(files: list[Path], cache: Cache | None) -> str:
    results = load_files(files, cache)
    plans = [r.plan for r in results if r.plan is not None]
    findings = [f.format() for r in results for f in r.findings]
    return dump_json(export_document(plans)) + "\n".join(findings)


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_repo.py"), "80", "10", str(tmp_path / "gen")],
                   check=True, capture_output=True)
    return tmp_path / "gen" / "plans"


def test_same_results_with_and_without_cache_on_the_seed_plans(seed_copy: Path, tmp_path: Path) -> None:
    files = find_plan_files([seed_copy])
    cache = open_cache(tmp_path / "cache")
    plain = exported(files, None)
    assert exported(files, cache) == plain  # cold: parsed, stored
    assert len(list((tmp_path / "cache" / "v2").glob("*.parse.pickle"))) == len(files)
    assert exported(files, cache) == plain  # warm: read back


def test_same_results_on_a_generated_repo_filled_in_parallel(generated: Path, tmp_path: Path) -> None:
    files = find_plan_files([generated])
    assert len(files) >= 64  # enough to take the parallel path
    cache = open_cache(tmp_path / "cache")
    plain = exported(files, None)
    assert exported(files, cache) == plain
    assert exported(files, cache) == plain


def test_corrupt_and_foreign_entries_are_rebuilt(seed_copy: Path, tmp_path: Path) -> None:
    files = find_plan_files([seed_copy])
    cache = open_cache(tmp_path / "cache")
    plain = exported(files, cache)
    entries = sorted((tmp_path / "cache" / "v2").glob("*.parse.pickle"))
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # truncated
    entries[1].write_bytes(b"not a pickle at all")
    entries[2].write_bytes(pickle.dumps(("other-salt", (1, 2, 3), "x", "not a result")))
    assert exported(files, cache) == plain
    assert exported(files, None) == plain


def test_stale_entry_is_never_trusted(seed_copy: Path, tmp_path: Path) -> None:
    """Same size, same mtime, same inode, different content: the content hash decides."""
    files = find_plan_files([seed_copy])
    cache = open_cache(tmp_path / "cache")
    exported(files, cache)
    target = seed_copy / "thurrock-ofsted-2012.yaml"
    info = target.stat()
    text = target.read_text(encoding="utf-8")
    changed = text.replace("status: in-progress", "status: completed  ", 1)
    assert len(changed) == len(text)
    with open(target, "r+", encoding="utf-8") as handle:  # in place: the inode stays
        handle.write(changed)
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert target.stat().st_ino == info.st_ino and target.stat().st_mtime_ns == info.st_mtime_ns
    assert exported(files, cache) == exported(files, None)
    assert '"status": "completed"' in exported(files, cache)


def test_another_path_to_the_same_file_reports_its_own_name(seed_copy: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache = open_cache(tmp_path / "cache")
    monkeypatch.chdir(seed_copy.parent)
    first = load_files([Path("plans/banes-climbie-2003.yaml")], cache)[0]
    monkeypatch.chdir(seed_copy)
    again = load_files([Path("banes-climbie-2003.yaml")], cache)[0]
    assert first.plan is not None and again.plan is not None
    assert (first.plan.file, again.plan.file) == ("plans/banes-climbie-2003.yaml", "banes-climbie-2003.yaml")


def test_unsafe_cache_folder_is_not_used(tmp_path: Path) -> None:
    folder = tmp_path / "shared-cache"
    (folder / "v2").mkdir(parents=True)
    os.chmod(folder / "v2", 0o777)
    assert open_cache(folder) is None


def test_concurrent_runs_share_one_cache_safely(generated: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    env = {**os.environ, "ACTIONTRACK_CACHE_DIR": str(cache_dir)}
    cmd = [sys.executable, "-m", "actiontrack", "overdue", "--format", "json", "--as-of", "2026-11-22", str(generated)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(6)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6
    assert len({out for out, _ in outputs}) == 1
    assert not list((cache_dir / "v2").glob(".entry-*"))  # no half-written entries left
    uncached = subprocess.run([*cmd, "--no-cache"], capture_output=True, env=env, check=True)
    assert uncached.stdout == outputs[0][0]


def test_no_cache_writes_nothing(seed_copy: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "actiontrack", "list", "--no-cache", str(seed_copy)], env=env, check=True,
                   capture_output=True)
    assert not (tmp_path / "cache").exists()
    subprocess.run([sys.executable, "-m", "actiontrack", "list", str(seed_copy)], env=env, check=True,
                   capture_output=True)
    assert len(list((tmp_path / "cache" / "v2").glob("*.parse.pickle"))) == 5
    shutil.rmtree(tmp_path / "cache")


@pytest.mark.parametrize("sort", ["days", "due", "plan", "owner"])
def test_cached_overdue_rows_match_the_general_path(seed_copy: Path, tmp_path: Path, sort: str) -> None:
    """overdue --format json through the cached rows is byte-identical to the general path."""
    import io
    from datetime import date

    from actiontrack.api.reading import overdue
    from actiontrack.query.states import Filters
    from actiontrack.render.output import emit

    shutil.copytree(REPO / "tests" / "data" / "reading", seed_copy, dirs_exist_ok=True)
    shutil.copy(REPO / "tests" / "data" / "fit" / "every-field.yaml", seed_copy)  # ratings, slip, month notes
    cache = open_cache(tmp_path / "cache")
    assert cache is not None
    # 2003-07-31 and 2012-10-01 are before records in the plans (Thurrock's plan date, its notes):
    # those plans' rows are rebuilt as their record stood; the others come from the cache.
    (seed_copy / "zz-broken.yaml").write_text("id: [\n", encoding="utf-8")
    for as_of in (date(2003, 7, 31), date(2012, 10, 1), date(2012, 11, 3), date(2021, 1, 15), date(2024, 7, 20), date(2025, 4, 25),
                  date(2026, 11, 22)):
        plain = overdue([seed_copy], as_of, Filters(), sort, "json", Loader())
        general = io.StringIO()
        emit(plain.value, "json", general, terminal=False, color=False)
        for _ in range(2):  # cold (rows built), then warm (rows read back)
            cached = overdue([seed_copy], as_of, Filters(), sort, "json", CachedLoader(cache))
            assert type(cached.value).__name__ == "JsonRows"  # the fast path, not the general one
            fast = io.StringIO()
            emit(cached.value, "json", fast, terminal=False, color=False)
            assert (cached.unreadable, cached.found) == (plain.unreadable, plain.found)
            assert [u.file for u in cached.unreadable] == [str(seed_copy / "zz-broken.yaml")]
            assert fast.getvalue() == general.getvalue()


def test_cached_overdue_rows_on_a_generated_repo_and_after_corruption(generated: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "actiontrack", "overdue", "--format", "json", "--as-of", "2026-11-22", str(generated)]
    general = subprocess.run([*cmd, "--no-cache"], capture_output=True, env=env, check=True).stdout
    assert subprocess.run(cmd, capture_output=True, env=env, check=True).stdout == general
    rows = sorted((tmp_path / "cache" / "v2").glob("*.overdue-rows.pickle"))
    assert len(rows) == 80
    rows[0].write_bytes(b"garbage")
    rows[1].write_bytes(rows[1].read_bytes()[:50])
    assert subprocess.run(cmd, capture_output=True, env=env, check=True).stdout == general


def test_cached_overdue_rows_report_broken_files(seed_copy: Path, tmp_path: Path) -> None:
    (seed_copy / "zz-broken.yaml").write_text("id: [\n", encoding="utf-8")
    env = {**os.environ, "ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "actiontrack", "overdue", "--format", "json", "--as-of", "2026-11-22", str(seed_copy)]
    for _ in range(2):
        proc = subprocess.run(cmd, capture_output=True, env=env, text=True)
        assert proc.returncode == 1
        assert [u["file"] for u in json.loads(proc.stdout)["unreadable"]] == [str(seed_copy / "zz-broken.yaml")]
        assert f"\n{seed_copy / 'zz-broken.yaml'}: not read, 1 error; the first, line 1: AT001" in proc.stderr
