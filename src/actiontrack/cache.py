"""The parse cache for read-only commands: one pickled LoadResult per plan file, checked against its content."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from actiontrack.load import LoadResult, display_path, load_bytes
from actiontrack.errors import ERROR, Finding

# Bump when the pickled shape changes; the code's own bytes are hashed in as well (below).
FORMAT = 1
PARALLEL_MIN_FILES = 64  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True, slots=True)
class Cache:
    """Where entries live; made by `open_cache`, which checks the folder is private."""

    folder: Path
    salt: str


def default_folder() -> Path:
    """$XDG_CACHE_HOME/actiontrack, or ~/.cache/actiontrack."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "actiontrack"


def open_cache(folder: Path | None) -> Cache | None:
    """The cache in `folder` (default: the user cache folder), or None when it cannot be used safely.

    Entries are pickles, so the folder must belong to this user and be writable by nobody else.
    """
    folder = (folder or default_folder()) / f"v{FORMAT}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return Cache(folder, _code_salt())


def _code_salt() -> str:
    """Entries from another version of the loader are never used: hash the code that made them."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{FORMAT}:{sys.version_info[:2]}".encode())
    for name in ("model.py", "load.py", "yamlread.py", "dates.py"):
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def load_files(files: list[Path], cache: Cache | None) -> Iterator[LoadResult]:
    """Load plans without positions (for listings), through the cache when there is one."""
    if cache is None:
        for path in files:
            yield _parse(path)
        return
    found = [_lookup(cache, p) for p in files]
    misses = [p for p, r in zip(files, found) if r is None]
    if len(misses) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1:
        _fill_in_parallel(cache, misses)
        found = [r if r is not None else _lookup(cache, p) for p, r in zip(files, found)]
    for path, result in zip(files, found):
        if result is None:
            result = _parse(path)
            _store(cache, path, result)
        yield result


def _parse(path: Path) -> LoadResult:
    file = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LoadResult(file, None, [Finding(file, 1, 1, ERROR, "AT003", f"cannot read file: {exc.strerror}")])
    return load_bytes(data, file, positions=False)


def _entry_path(cache: Cache, path: Path) -> Path:
    # abspath, not resolve(): no system call per path component, and a link gets its own entry.
    name = hashlib.blake2b(os.path.abspath(path).encode(), digest_size=16).hexdigest()
    return cache.folder / f"{name}.pickle"


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _content_hash(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None


def _lookup(cache: Cache, path: Path) -> LoadResult | None:
    """The cached result for `path`, or None: missing, stale, corrupt or foreign entries are ignored."""
    key = _stat_key(path)
    if key is None:
        return None
    try:
        with open(_entry_path(cache, path), "rb") as handle:
            entry = pickle.load(handle)
        salt, entry_key, digest, result = entry
        if salt != cache.salt or tuple(entry_key) != key or not isinstance(result, LoadResult):
            return None
    except Exception:  # a truncated, corrupt or foreign entry is rebuilt, never trusted
        return None
    # The stat key alone can be fooled (an in-place rewrite of the same size with its mtime
    # restored, or a coarse clock): the content decides. Hashing 24 MB costs ~60 ms.
    if _content_hash(path) != digest:
        return None
    file = display_path(path)
    if result.file != file:  # the same file reached by another path: only the name differs
        result = _renamed(result, file)
    return result


def _renamed(result: LoadResult, file: str) -> LoadResult:
    plan = dataclasses.replace(result.plan, file=file) if result.plan is not None else None
    findings = [dataclasses.replace(f, file=file) for f in result.findings]
    return LoadResult(file, plan, findings)


def _store(cache: Cache, path: Path, result: LoadResult) -> None:
    """Write one entry atomically: concurrent runs may race, and each sees a whole entry or none."""
    key = _stat_key(path)
    digest = _content_hash(path)
    if key is None or digest is None:
        return
    target = _entry_path(cache, path)
    try:
        fd, tmp = tempfile.mkstemp(dir=cache.folder, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((cache.salt, key, digest, result), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return  # a cache that cannot be written only costs speed


def _fill_one(args: tuple[Cache, Path]) -> None:
    cache, path = args
    _store(cache, path, _parse(path))


def _fill_in_parallel(cache: Cache, paths: list[Path]) -> None:
    """Parse cold files on every core; the workers write entries, the caller reads them back."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 1, 8)
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            list(pool.map(_fill_one, [(cache, p) for p in paths], chunksize=16))
    except Exception:
        return  # no worker processes here: the caller parses what is still missing
