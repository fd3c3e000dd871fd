"""The cache's loader within one run: each content unpickled once and shared, sources taken lazily."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

from actiontrack.load.cache import CachedLoader, open_cache
from actiontrack.load.discover import Source, find_plan_files, read_sources


def test_the_same_content_is_read_once_and_shared(seed_copy: Path, tmp_path: Path) -> None:
    cache = open_cache(tmp_path / "cache")
    assert cache is not None
    sources = read_sources(find_plan_files([seed_copy]))
    CachedLoader(cache).load(sources, positions=False)  # fills the cache
    loader = CachedLoader(cache)
    reads: list[str] = []
    real = pickle.load

    def counting(handle: object) -> object:
        reads.append(str(getattr(handle, "name", "")))
        return real(handle)  # type: ignore[arg-type]

    pickle.load = counting  # type: ignore[assignment]
    try:
        first = loader.load(sources, positions=False)
        again = loader.load(sources, positions=False)  # another revision with the same files
    finally:
        pickle.load = real
    assert len(reads) == len(sources) == 5
    assert all(a.plan is b.plan for a, b in zip(first, again))
    # A worker gets the loader with each job: never what this process holds.
    assert pickle.loads(pickle.dumps(loader))._seen == {} and loader._seen


def test_sources_are_taken_one_at_a_time(seed_copy: Path, tmp_path: Path) -> None:
    """Each file is looked up as it is read, so a file the cache holds is let go before the next is read."""
    cache = open_cache(tmp_path / "cache")
    assert cache is not None
    files = find_plan_files([seed_copy])
    CachedLoader(cache).load(read_sources(files), positions=False)
    looked_up: list[str] = []
    when_taken: list[int] = []

    class Watching(CachedLoader):
        def _lookup(self, kind: str, digest: str) -> object:
            looked_up.append(digest)
            return super()._lookup(kind, digest)

    def lazily() -> Iterator[Source]:
        for source in read_sources(files):
            when_taken.append(len(looked_up))
            yield source

    results = Watching(cache).load(lazily(), positions=False)
    assert [r.file for r in results] == [name for name, _ in read_sources(files)]
    assert when_taken == [0, 1, 2, 3, 4]  # the nth file read after n lookups: never all held at once
