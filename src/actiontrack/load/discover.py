"""Where the plans are and how their bytes are read: explicit paths, --plans, or plans/ found by walking up.

A source is a plan file's display name with its bytes, or the OSError that stopped reading it:
the one shape the loader takes, whether the bytes come from disk or from a git revision.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from actiontrack.errors import NotFoundError
from actiontrack.model import PLAN_ID, PLAN_SUFFIXES
from actiontrack.wording import printable, suggest

# A plan file's contents, or why it could not be read (the loader reports it as an AT003 finding).
Contents = bytes | OSError
Source = tuple[str, Contents]


def locate_plans(paths: list[Path], plans_dir: Path | None, cwd: Path) -> list[Path]:
    """The paths a command reads: explicit PATHs win, then --plans, then the nearest plans/ folder.

    A PATH that is not on disk but is a plan id (`overdue thurrock-ofsted-2012`) is that plan's
    file in the plans folder; one that is neither is answered with the closest plan ids.
    """
    if paths:
        return [p if p.exists() or p.is_symlink() else _plan_by_id(p, plans_dir, cwd) for p in paths]
    if plans_dir is not None:
        if not plans_dir.is_dir():
            raise NotFoundError(f"plans folder not found: {plans_dir}")
        return [plans_dir]
    found = nearest_plans_folder(cwd)
    if found is None:
        raise NotFoundError(
            f"no plans/ folder in {cwd} or above it: run inside a plans repository, "
            "or pass --plans DIR (or set ACTIONTRACK_PLANS)"
        )
    return [found]


def _plan_by_id(path: Path, plans_dir: Path | None, cwd: Path) -> Path:
    """The file of the plan a PATH argument names by its id, or NotFoundError with the closest ids."""
    folder = plans_dir if plans_dir is not None and plans_dir.is_dir() else nearest_plans_folder(cwd)
    name = str(path)
    stems = []
    if folder is not None:
        stems = sorted(e.name.rsplit(".", 1)[0] for e in os.scandir(folder) if e.name.endswith(PLAN_SUFFIXES))
        if PLAN_ID.match(name):
            for suffix in PLAN_SUFFIXES:
                if (folder / (name + suffix)).exists():
                    return folder / (name + suffix)
    if not PLAN_ID.match(name) or folder is None:
        raise NotFoundError(f"no such file or folder: {printable(name)}")
    close = suggest(name, stems, 3, 0.4)
    hint = f"; did you mean {', '.join(close)}?" if close else \
        f" (plans in {printable(display_path(folder))}: {', '.join(stems) or 'none'})"
    raise NotFoundError(f"no such file, folder or plan: {printable(name)}{hint}")


def nearest_plans_folder(cwd: Path, top: Path | None = None) -> Path | None:
    """The plans/ folder in `cwd` or the nearest folder above it (not above `top`), or None."""
    for folder in [cwd, *cwd.parents]:
        candidate = folder / "plans"
        if candidate.is_dir():
            return candidate
        if top is not None and folder == top:
            break
    return None


def find_plan_files(paths: Iterable[Path], *, require: bool = False) -> list[Path]:
    """Expand folders to their *.yaml / *.yml files; keep files as given. Sorted, no duplicates.

    `require`: a folder with no plan file is an error (NotFoundError), not an empty answer. The
    reading commands ask for it; the edits do not (`new` writes the first plan of a folder).
    """
    given = list(paths)
    out: list[Path] = []
    for path in given:
        if path.is_dir():
            # Sort names as strings: comparing 1,000 Path objects costs more than reading them.
            names = sorted(e.name for e in os.scandir(path) if e.name.endswith(PLAN_SUFFIXES) and e.is_file())
            if require and not names:
                raise NotFoundError(f"no plan files (*.yaml, *.yml) in {printable(display_path(path))}")
            out.extend(path / name for name in names)
        elif path.is_file():
            out.append(path)
        else:
            raise NotFoundError(f"no such file or folder: {path}")
    if len(given) == 1:
        return out  # one folder's entries are distinct already
    seen: set[str] = set()
    unique = []
    for p in out:
        key = os.path.realpath(p)  # the same file named twice, or through a link
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def display_path(path: Path, cwd: str | None = None) -> str:
    """The path as findings show it: relative to the working folder when it lies below it."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def read_sources(files: list[Path]) -> list[Source]:
    """Each file's display name with its bytes (or the error that stopped reading it)."""
    return list(iter_sources(files))


def iter_sources(files: Iterable[Path]) -> Iterator[Source]:
    """The same, one file at a time: a loader that parses as it goes holds one file's bytes at once."""
    cwd = os.getcwd()
    # relpath per file costs ~18 ms at 1,000 files; once per folder, nothing. A file's display
    # name is its folder's joined with its own name, wherever the folder is.
    folders: dict[Path, str] = {}
    for path in files:
        base = folders.get(path.parent)
        if base is None:
            base = folders[path.parent] = display_path(path.parent, cwd)
        file = path.name if base == "." else os.path.join(base, path.name)
        try:
            yield file, path.read_bytes()
        except OSError as exc:
            yield file, exc


def plan_sources(paths: Iterable[Path], *, require: bool = False) -> list[Source]:
    """Every plan file under `paths` (files or folders), read: what the loader takes."""
    return read_sources(find_plan_files(paths, require=require))
