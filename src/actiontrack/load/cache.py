"""The content-keyed cache, wrapped around the loader: one pickled value per distinct file content and kind.

Read-only commands hand a `CachedLoader` to the library in place of a plain `Loader`. It keeps
two kinds of entry under one key scheme: the positionless parse ("parse") and values derived
from it (`Loader.derive`, e.g. the overdue rows). Every entry is stamped with a hash of all the
package's code, so no change to any module can let an old entry through.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache as once
from pathlib import Path
from typing import TypeVar

from actiontrack.load.discover import Source
from actiontrack.load.loader import L, Loader, LoadResult, paused_gc

# Bump when the pickled shape changes; the code's own bytes are hashed in as well (code_salt).
FORMAT = 2
PARALLEL_MIN_FILES = 64  # below this, starting worker processes costs more than it saves
PARSE = "parse"

T = TypeVar("T")

try:  # BLAKE2b is built into Python: importing it alone skips hashlib's load of OpenSSL (~3 ms a run)
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b


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
    return Cache(folder, code_salt())


# Data outside the package that parsed values depend on: due dates counted in working days come
# from the `holidays` package's calendar, so a release that adds a bank holiday must miss the cache.
_DATA_FILES = ("holidays/version.py",)


@once
def code_salt() -> str:
    """The salt of this process's entries: the hash of the package's code, computed once."""
    return hash_package(Path(__file__).resolve().parent.parent, _data_files())


def _data_files() -> list[Path]:
    """Where the files of _DATA_FILES are, found on sys.path without importing anything."""
    found = []
    for name in _DATA_FILES:
        for entry in sys.path:
            path = Path(entry or ".") / name
            if path.is_file():
                found.append(path)
                break
    return found


def hash_package(root: Path, data: Sequence[Path] = ()) -> str:
    """A short hash of every module under `root`, and of the `data` files (and the cache format and
    Python version).

    Whatever module a function moves to, its code is covered: a hand-written list of files
    would silently miss the next one.
    """
    digest = blake2b(digest_size=8)
    digest.update(f"{FORMAT}:{sys.version_info[:2]}".encode())
    for path in [*sorted(root.rglob("*.py")), *data]:
        digest.update((path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()


def digest_of(data: bytes) -> str:
    """The content key of one file."""
    return blake2b(data, digest_size=16).hexdigest()


class CachedLoader(Loader):
    """A loader whose positionless results and derived values come from the cache when it has them.

    Results with positions or trees (validate, edits) are not cached: they go to `inner`.
    """

    keeps_derived = True

    def __init__(self, cache: Cache, inner: Loader | None = None) -> None:
        self.cache = cache
        self.inner = inner or Loader()
        # What this process has read or built already: a report over several revisions meets the
        # same contents again (summary's two ends, escalations' earlier summaries), and each is
        # unpickled once and shared (values are never mutated).
        self._seen: dict[tuple[str, str], object] = {}

    def __getstate__(self) -> dict[str, object]:
        # A worker gets the loader with each job: never the values this process holds.
        return {**self.__dict__, "_seen": {}}

    def load(self, sources: Iterable[Source], *, positions: bool = True, trees: bool = False) -> list[LoadResult]:
        """Positionless results through the cache; anything else from `inner`."""
        if positions or trees:
            return self.inner.load(sources, positions=positions, trees=trees)
        names: list[str] = []

        def named() -> Iterator[Source]:
            for source in sources:
                names.append(source[0])
                yield source

        results = self.derive(named(), PARSE, _same)
        # The same content under another name: only the name differs.
        return [r if r.file == name else _renamed(r, name) for r, name in zip(results, names)]

    def derive(self, sources: Iterable[Source], kind: str, build: Callable[[LoadResult], T]) -> list[T]:
        """Each source's derived value from the cache, built (on every core when many) and stored when missing."""
        # Unpickling 50,000 actions is what a warm run does; the collector would rescan them all.
        with paused_gc(self.freeze):
            return self._derive(sources, kind, build)

    def _derive(self, sources: Iterable[Source], kind: str, build: Callable[[LoadResult], T]) -> list[T]:
        # Sources may be read lazily (discover.iter_sources): a file the cache holds is let go once
        # hashed, and only the missing files' bytes are kept until they are built.
        found: list[T | None] = []
        misses: list[tuple[int, Source, str | None]] = []
        for source in sources:
            data = source[1]
            digest = digest_of(data) if isinstance(data, bytes) else None
            value: T | None = self._lookup(kind, digest) if digest is not None else None
            if value is None:
                misses.append((len(found), source, digest))
            found.append(value)
        hashed = [(i, source, digest) for i, source, digest in misses if digest is not None]
        if len(hashed) >= PARALLEL_MIN_FILES and usable_cores() > 1:
            self._fill_in_parallel([source for _, source, _ in hashed], [d for _, _, d in hashed], kind, build)
            for i, _, digest in hashed:
                found[i] = self._lookup(kind, digest)
        todo = [miss for miss in misses if found[miss[0]] is None]
        for (i, _, digest), result in zip(todo, self._load_for(kind, [source for _, source, _ in todo])):
            value = build(result)
            found[i] = value
            if digest is not None:
                self._store(kind, digest, value)
        return found  # type: ignore[return-value]  # every slot is filled above

    def derive_located(self, sources: Iterable[Source], kind: str, build: Callable[[Source, LoadResult], L]) -> list[L]:
        """Each source's located value from the cache; the missing ones built from the positioned
        parse (on every core when many) and stored. Sources are read one at a time: a warm run
        holds one file's bytes at once, and only the values."""
        with paused_gc(self.freeze):
            found: list[L | None] = []
            misses: list[tuple[int, Source, str]] = []
            for name, data in sources:
                if not isinstance(data, bytes):
                    found.append(build((name, data), self.inner.load([(name, data)])[0]))
                    continue
                digest = digest_of(data)
                value: L | None = self._lookup(kind, digest)
                if value is None:
                    misses.append((len(found), (name, data), digest))
                found.append(value.renamed(name) if value is not None else None)
            if len(misses) >= PARALLEL_MIN_FILES and usable_cores() > 1:
                self._fill_in_parallel([s for _, s, _ in misses], [d for _, _, d in misses], kind, build, located=True)
            for index, (name, data), digest in misses:
                value = self._lookup(kind, digest)
                if value is None:  # no workers, or one failed: built here
                    value = build((name, data), self.inner.load([(name, data)])[0])
                    self._store(kind, digest, value)
                found[index] = value.renamed(name)
            return found  # type: ignore[return-value]  # every slot is filled above

    def _entry(self, kind: str, build: Callable[..., object], source: Source, located: bool) -> object:
        """One source's value of `kind`, built from its parse (positioned when `located`)."""
        if located:
            return build(source, self.inner.load([source])[0])
        return build(self._load_for(kind, [source])[0])

    def _load_for(self, kind: str, sources: Sequence[Source]) -> list[LoadResult]:
        # A derived value is built from the parse, itself cached: a new kind costs no new parse.
        return self.inner.load(sources, positions=False) if kind == PARSE else self.load(sources, positions=False)

    def _lookup(self, kind: str, digest: str) -> T | None:
        """The entry for this content, or None: missing, corrupt or foreign entries are ignored."""
        seen = self._seen.get((kind, digest))
        if seen is not None:
            return seen  # type: ignore[return-value]  # stored under this kind, so of its type
        try:
            with open(self.cache.folder / f"{digest}.{kind}.pickle", "rb") as handle:
                key, payload = pickle.load(handle)
        except Exception:  # noqa: BLE001  # a truncated, corrupt or foreign entry is rebuilt, never trusted
            return None
        if key != (self.cache.salt, kind, digest):
            return None
        self._seen[kind, digest] = payload
        return payload  # type: ignore[no-any-return]

    def _store(self, kind: str, digest: str, payload: object) -> None:
        """Write one entry atomically: concurrent runs may race, and each sees a whole entry or none."""
        self._seen[kind, digest] = payload
        import tempfile  # only a run that fills the cache writes

        try:
            fd, tmp = tempfile.mkstemp(dir=self.cache.folder, prefix=".entry-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(((self.cache.salt, kind, digest), payload), handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.cache.folder / f"{digest}.{kind}.pickle")
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            return  # a cache that cannot be written only costs speed

    def _fill_in_parallel(self, sources: list[Source], digests: list[str], kind: str,
                          build: Callable[..., object], located: bool = False) -> None:
        """Build cold entries on every core; the workers write them, the caller reads them back."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = min(usable_cores(), 8)
        context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
        jobs = [(self, kind, build, source, digest, located) for source, digest in zip(sources, digests)]
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                list(pool.map(_fill_one, jobs, chunksize=16))
        except Exception:  # noqa: BLE001  # no worker processes here: the caller builds what is missing
            return


def usable_cores() -> int:
    """The cores this process may run on (`taskset` and cgroups narrow them), not all the machine's."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _fill_one(job: tuple[CachedLoader, str, Callable[..., object], Source, str, bool]) -> None:
    loader, kind, build, source, digest, located = job
    # The collector paused here too, whatever the start method (a forked worker inherits the pause,
    # a spawned one would not): a plan's tree and model are acyclic, and scanning them is ~20% of a parse.
    gc.disable()
    loader.freeze = loader.inner.freeze = False  # this copy lives in the worker: it keeps nothing
    loader._store(kind, digest, loader._entry(kind, build, source, located))


def _same(result: LoadResult) -> LoadResult:
    return result


def _renamed(result: LoadResult, file: str) -> LoadResult:
    plan = dataclasses.replace(result.plan, file=file) if result.plan is not None else None
    return LoadResult(file, plan, [f._replace(file=file) for f in result.findings])
