"""Where the plans are and how their bytes are read: explicit paths, --plans, or plans/ found by walking up.

A source is a plan file's display name with its bytes, or the OSError that stopped reading it:
the one shape the loader takes, whether the bytes come from disk or from a git revision.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from actiontrack.errors import NotFoundError, NotRegularFile, TooLarge
from actiontrack.load.bounds import MAX_BYTES
from actiontrack.vocabulary import PLAN_ID, PLAN_SUFFIXES, is_plan_name
from actiontrack.wording import name_text, printable, suggest

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
            raise NotFoundError(f"plans folder not found: {name_text(str(plans_dir))}")
        return [plans_dir]
    found = nearest_plans_folder(cwd)
    if found is None:
        raise NotFoundError(
            f"no plans/ folder in {name_text(str(cwd))} or above it: run inside a plans repository, "
            "or pass --plans DIR (or set ACTIONTRACK_PLANS)"
        )
    return [found]


def _plan_by_id(path: Path, plans_dir: Path | None, cwd: Path) -> Path:
    """The file of the plan a PATH argument names by its id, or NotFoundError with the closest ids."""
    folder = plans_dir if plans_dir is not None and plans_dir.is_dir() else nearest_plans_folder(cwd)
    name = str(path)
    stems = []
    if folder is not None:
        files = plan_names(folder)
        stems = sorted({os.path.basename(f).rsplit(".", 1)[0] for f in files})
        if PLAN_ID.match(name):
            for suffix in PLAN_SUFFIXES:
                if (folder / (name + suffix)).exists():
                    return folder / (name + suffix)
            # In a subfolder, or named .YAML: the same rule as reading the folder.
            for file in files:
                if os.path.basename(file).rsplit(".", 1)[0] == name:
                    return folder / file
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


def plan_names(folder: Path) -> list[str]:
    """Every plan file's name below `folder`, relative to it, sorted: subfolders too, any suffix case.

    A plan file is named *.yaml or *.yml in any case (`model.is_plan_name`), at any depth, so a
    plan filed in `plans/2024/` or named `.YAML` is read, never passed over. Not descended: a
    folder whose name starts with "." (`.git`, edit's `.actiontrack-tmp/`, as git and most tools
    treat them), a link to a folder (git stores a link, not the folder, so a revision could never
    agree), and a folder with a plan file's name (kept as an entry: read_file says what it is).
    An unreadable folder at the top is NotFoundError; below it, OSError names the subfolder.
    """
    out: list[str] = []

    def walk(base: str, prefix: str) -> None:
        with os.scandir(base) as entries:
            for entry in entries:
                if is_plan_name(entry.name):
                    out.append(prefix + entry.name)
                elif not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                    walk(entry.path, prefix + entry.name + os.sep)

    walk(str(folder), "")
    # Sort names as strings: comparing 1,000 Path objects costs more than reading them.
    return sorted(out)


def find_plan_files(paths: Iterable[Path], *, require: bool = False) -> list[Path]:
    """Expand folders to their plan files (plan_names: *.yaml, *.yml, subfolders too); keep files as given.

    Sorted, no duplicates.

    Every entry with a plan file's name is kept, whatever it is: the reader (read_file) turns a
    folder, a FIFO, a device, a link loop or a dangling link into a finding, so that one odd
    entry is named in the answer instead of vanishing from it or stopping it. `require`: a folder
    with no plan file is an error (NotFoundError), not an empty answer. The reading commands ask
    for it; the edits do not (`new` writes the first plan of a folder).
    """
    given = list(paths)
    out: list[Path] = []
    for path in given:
        if _is_dir(path):
            try:
                names = plan_names(path)
            except OSError as exc:
                where = exc.filename if isinstance(exc.filename, str) and exc.filename != str(path) else str(path)
                raise NotFoundError(f"cannot read the folder {name_text(where)}: {exc.strerror}") from None
            if require and not names:
                raise NotFoundError(f"no plan files (*.yaml, *.yml) in {printable(display_path(path))}")
            out.extend(path / name for name in names)
        elif os.path.lexists(path):
            out.append(path)  # a named entry of any kind: read_file says what it is
        else:
            raise NotFoundError(f"no such file or folder: {name_text(str(path))}")
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


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):  # a loop, a dangling link, no permission: read_file says which
        return False


def display_path(path: Path, cwd: str | None = None) -> str:
    """The path as findings show it: relative to the working folder when it lies below it, as text."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        return name_text(str(path))
    return name_text(str(path) if rel.startswith("..") else rel)


def read_file(path: Path, limit: int = MAX_BYTES) -> Contents:
    """A plan file's bytes, or the OSError that says why not: never blocks, never reads past `limit`.

    Only a regular file is opened (a symbolic link to one is followed): a FIFO would block the
    read until killed, a device such as /dev/zero would grow it without bound. The open is
    non-blocking and the kind is checked again on the open file, so an entry swapped for a FIFO
    in between cannot block either. A file over `limit` is refused from its size, unread.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        return _missing(path, exc)
    if not stat.S_ISREG(info.st_mode):
        return NotRegularFile(_kind(info.st_mode))
    if info.st_size > limit:
        return TooLarge(info.st_size, limit)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return _missing(path, exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return NotRegularFile(_kind(info.st_mode))
        chunks: list[bytes] = []
        size, want = 0, min(info.st_size, limit) + 1  # one read for the whole file; the next one sees its end
        while True:
            chunk = os.read(fd, want)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew since it was measured: never hold more than limit + 1 bytes
                return TooLarge(size, limit)
            want = min(limit + 1 - size, 1 << 16)
    except OSError as exc:
        return exc
    finally:
        os.close(fd)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
HASH_LIMIT = 64 * 1024 * 1024  # textconv tells two oversized versions apart by hash, up to this size


def sha1_of(path: Path, limit: int = HASH_LIMIT) -> str | None:
    """The SHA-1 of a regular file read in pieces (never held whole), or None past `limit` or on error."""
    import hashlib

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    digest, size = hashlib.sha1(), 0
    try:
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:
                return None
            digest.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return digest.hexdigest()


def _kind(mode: int) -> str:
    """The AT003 message for an entry that is not a regular file."""
    if stat.S_ISDIR(mode):
        return "is a folder, not a plan file"
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"is {what}: plan files must be regular files; nothing was read from it"


def _missing(path: Path, exc: OSError) -> OSError:
    """Why a listed entry could not be opened: a link loop, a dangling link, or the system's reason."""
    if exc.errno == errno.ELOOP:
        return NotRegularFile("is a symbolic link loop: nothing was read from it")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return NotRegularFile(f"is a symbolic link to '{name_text(target)}', which does not exist")
    return exc


def read_sources(files: list[Path]) -> list[Source]:
    """Each file's display name with its bytes (or the error that stopped reading it)."""
    return list(iter_sources(files))


def named(files: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """Each file with the name findings give it (display_path, worked out once per folder)."""
    cwd = os.getcwd()
    # relpath per file costs ~18 ms at 1,000 files; once per folder, nothing. A file's display
    # name is its folder's joined with its own name, wherever the folder is.
    folders: dict[Path, str] = {}
    for path in files:
        base = folders.get(path.parent)
        if base is None:
            base = folders[path.parent] = display_path(path.parent, cwd)
        own = name_text(path.name)
        yield (own if base == "." else os.path.join(base, own)), path


def iter_sources(files: Iterable[Path]) -> Iterator[Source]:
    """The same, one file at a time: a loader that parses as it goes holds one file's bytes at once."""
    for file, path in named(files):
        yield file, read_file(path)


def plan_sources(paths: Iterable[Path], *, require: bool = False) -> list[Source]:
    """Every plan file under `paths` (files or folders), read: what the loader takes."""
    return read_sources(find_plan_files(paths, require=require))
