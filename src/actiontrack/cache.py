"""The parse cache for read-only commands: one pickled LoadResult per distinct file content."""

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

from actiontrack.load import LoadResult, display_path, load_bytes, unreadable

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
    return code_salt("model.py", "load.py", "yamlread.py", "dates.py")


def code_salt(*modules: str) -> str:
    """A short hash of these actiontrack modules' source (and the cache format and Python version)."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{FORMAT}:{sys.version_info[:2]}".encode())
    for name in modules:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def load_files(files: list[Path], cache: Cache | None) -> Iterator[LoadResult]:
    """Load plans without positions (for listings), through the cache when there is one."""
    yield from load_blobs(read_named(files), cache)


def read_named(files: list[Path]) -> list[tuple[str, bytes | OSError]]:
    """Each file's display name with its bytes (or the error that stopped reading it)."""
    named: list[tuple[str, bytes | OSError]] = []
    for path in files:
        file = display_path(path)
        try:
            named.append((file, path.read_bytes()))
        except OSError as exc:
            named.append((file, exc))
    return named


def load_blobs(named: list[tuple[str, bytes | OSError]], cache: Cache | None) -> Iterator[LoadResult]:
    """Load (file name, bytes) pairs, from the working tree or a git revision alike.

    Entries are keyed by the bytes' hash, so the same content is parsed once wherever it comes
    from: a plan unchanged since last week's commit costs nothing in `summary`.
    """
    digests = [digest_of(data) if isinstance(data, bytes) else None for _, data in named]
    found = [_lookup(cache, d) if cache is not None and d is not None else None for d in digests]
    misses = [i for i, r in enumerate(found) if r is None and digests[i] is not None]
    if cache is not None and len(misses) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1:
        _fill_in_parallel(cache, [(named[i][1], digests[i]) for i in misses])  # type: ignore[misc]
        for i in misses:
            found[i] = _lookup(cache, digests[i])  # type: ignore[arg-type]
    for (file, data), digest, result in zip(named, digests, found):
        if isinstance(data, OSError):
            yield unreadable(file, data)
            continue
        if result is None:
            result = load_bytes(data, file, positions=False)
            if cache is not None:
                _store(cache, digest, result)  # type: ignore[arg-type]
        elif result.file != file:  # the same content under another name: only the name differs
            result = _renamed(result, file)
        yield result


def digest_of(data: bytes) -> str:
    """The content key of one file."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _lookup(cache: Cache, digest: str) -> LoadResult | None:
    """The cached result for this content, or None: missing, corrupt or foreign entries are ignored."""
    result = read_entry(cache, f"{digest}.pickle", (cache.salt, digest))
    return result if isinstance(result, LoadResult) else None


def read_entry(cache: Cache, name: str, key: tuple[str, ...]) -> object | None:
    """A cache entry's payload when the entry was written under exactly this key, else None."""
    try:
        with open(cache.folder / name, "rb") as handle:
            entry_key, payload = pickle.load(handle)
    except Exception:  # a truncated, corrupt or foreign entry is rebuilt, never trusted
        return None
    return payload if entry_key == key else None


def _renamed(result: LoadResult, file: str) -> LoadResult:
    plan = dataclasses.replace(result.plan, file=file) if result.plan is not None else None
    findings = [f._replace(file=file) for f in result.findings]
    return LoadResult(file, plan, findings)


def _store(cache: Cache, digest: str, result: LoadResult) -> None:
    write_entry(cache, f"{digest}.pickle", (cache.salt, digest), result)


def write_entry(cache: Cache, name: str, key: tuple[str, ...], payload: object) -> None:
    """Write one entry atomically: concurrent runs may race, and each sees a whole entry or none."""
    try:
        fd, tmp = tempfile.mkstemp(dir=cache.folder, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((key, payload), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache.folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return  # a cache that cannot be written only costs speed


def _fill_one(args: tuple[Cache, bytes, str]) -> None:
    cache, data, digest = args
    _store(cache, digest, load_bytes(data, "", positions=False))


def _fill_in_parallel(cache: Cache, blobs: list[tuple[bytes, str]]) -> None:
    """Parse cold files on every core; the workers write entries, the caller reads them back."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 1, 8)
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            list(pool.map(_fill_one, [(cache, data, digest) for data, digest in blobs], chunksize=16))
    except Exception:
        return  # no worker processes here: the caller parses what is still missing
