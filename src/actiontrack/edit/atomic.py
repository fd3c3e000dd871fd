"""Locking and the atomic write: the only code that puts bytes into a plan file.

A write happens completely or not at all: a temporary file in a self-ignoring folder beside the
plan (SCRATCH), fsync, chmod, os.replace (or a hard link for a new file), then an fsync of the
folder. An flock on a lock file covers the whole read-modify-write, so concurrent edits queue.
The lock file lives in the git directory of the repository that holds the plan, never in plans/
(where `git add -A` would pick it up): see lock_path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from actiontrack.errors import RefusedError
from actiontrack.load.discover import display_path

LOCK_TIMEOUT = 30.0  # seconds; a note takes well under one, so a longer wait means a stuck writer


def lock_path(path: Path) -> Path:
    """The lock file every process editing `path` agrees on, found from the file alone.

    In a git repository: `<git dir>/actiontrack/locks/NAME-HASH.lock`, keyed by the file's real
    path (HASH: 16 hex digits of its SHA-256), so that two routes to one file (a symbolic link,
    `..`) share one lock and two plans of one name in two folders do not; the git directory is
    never committed. The git directory is found by walking up from the file's folder to `.git`
    (a folder, or a file `gitdir: …` in a linked worktree or a submodule), without running git.
    Outside a repository nothing would commit it: `.NAME.lock` beside the file, as before.
    """
    real = path.resolve()
    git_dir = find_git_dir(real.parent)
    if git_dir is None:
        return real.parent / f".{real.name}.lock"
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:16]
    return git_dir / "actiontrack" / "locks" / f"{real.name}-{digest}.lock"


def find_git_dir(folder: Path) -> Path | None:
    """The git directory of the work tree holding `folder`, or None outside one."""
    for here in (folder, *folder.parents):
        dot_git = here / ".git"
        if dot_git.is_dir():
            return dot_git
        if dot_git.is_file():
            try:
                text = dot_git.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
            if text.startswith("gitdir:"):
                return (here / text[len("gitdir:"):].strip()).resolve()
            return None
    return None


@contextmanager
def locked(path: Path, enabled: bool) -> Iterator[None]:
    """Hold an exclusive lock on a sidecar file across read-modify-write, so concurrent edits queue."""
    if not enabled:
        yield
        return
    lock = lock_path(path)  # never deleted: removing a lock file races its users
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise RefusedError(f"cannot lock {display_path(path)} ({exc.strerror}): nothing was written") from None
    try:
        _acquire(fd, display_path(path))
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, file: str) -> None:
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            if os.name == "nt":  # pragma: no cover - Windows has no flock; lock the first byte instead
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RefusedError(f"another actiontrack has been writing {file} for {LOCK_TIMEOUT:g}s: "
                                   "nothing was written; try again") from None
            time.sleep(0.02)


# Where the temporary file of a write lives, so that a writer killed before its rename (SIGKILL,
# power loss) leaves nothing `git add -A` would commit, and the next write removes what it left:
# in a repository, the git directory (<git dir>/actiontrack/tmp, beside issue 12's locks) when it
# is on the plan's file system; else SCRATCH, a folder beside the plan that ignores itself. Either
# way the rename stays on one file system, so it stays atomic.
SCRATCH = ".actiontrack-tmp"
_IGNORE_ALL = b"# actiontrack's temporary files while it writes a plan (docs/editing.md): never committed.\n*\n"


def write_atomic(path: Path, data: bytes, *, create: bool = False) -> None:
    """Write via a temporary file (temp_folder), fsync, then rename over (or link, for a new file)."""
    # A symlinked plan keeps its link; the file it points to is replaced. (realpath, not resolve():
    # resolve() raises RuntimeError on a link loop.)
    real = Path(os.path.realpath(path))
    try:
        folder = temp_folder(real)
        try:
            _write_via(folder, real, data, create)
        except OSError as exc:
            if exc.errno != errno.EXDEV or folder.name == SCRATCH:
                raise
            _write_via(scratch_folder(real.parent), real, data, create)  # another mount of the same disk
    except OSError as exc:
        raise RefusedError(f"cannot write {display_path(path)} ({exc.strerror}): the file is unchanged") from None
    # The rename is done; a file system that cannot fsync a folder only loses the durability guarantee.
    with suppress(OSError):
        _fsync_dir(real.parent)


def _write_via(folder: Path, real: Path, data: bytes, create: bool) -> None:
    tmp = folder / f"tmp-{os.getpid()}-{secrets.token_hex(4)}"
    mode = None if create else os.stat(real).st_mode & 0o7777
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if create:
            _link_new(tmp, real)
        else:
            os.replace(tmp, real)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


def temp_folder(real: Path) -> Path:
    """Where a write of `real` puts its temporary file: the git directory's actiontrack/tmp when it is
    on the plan's file system, else SCRATCH beside the plan. Stale files of dead writers are removed."""
    git_dir = find_git_dir(real.parent)
    if git_dir is not None:
        folder = git_dir / "actiontrack" / "tmp"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.stat(folder).st_dev == os.stat(real.parent).st_dev:
                _remove_stale(folder)
                return folder
        except OSError:
            pass  # a git directory we cannot write: beside the plan instead
    return scratch_folder(real.parent)


def scratch_folder(folder: Path) -> Path:
    """`folder`/SCRATCH, made on first use with the .gitignore that keeps it out of git; stale files removed."""
    scratch = folder / SCRATCH
    os.makedirs(scratch, exist_ok=True)
    ignore = scratch / ".gitignore"
    try:
        if ignore.read_bytes() == _IGNORE_ALL:
            _remove_stale(scratch)
            return scratch
    except FileNotFoundError:
        pass
    _publish(ignore, _IGNORE_ALL)
    return scratch


def _publish(path: Path, data: bytes) -> None:
    """Make `path` appear with all of `data` at once, or not at all: nothing else would keep the
    .gitignore itself out of git if the writer died halfway through writing it."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    if tmpfile:  # Linux: an unnamed file, written, then given its name (nothing to leave behind)
        try:
            fd = os.open(path.parent, tmpfile | os.O_WRONLY, 0o644)
        except OSError:
            fd = -1  # a file system without O_TMPFILE
        if fd >= 0:
            try:
                os.write(fd, data)
                with suppress(FileNotFoundError):
                    os.unlink(path)  # a wrong or partial one
                os.link(f"/proc/self/fd/{fd}", path)
                return
            except OSError:
                pass  # no /proc: fall back below
            finally:
                os.close(fd)
    # Elsewhere: the only moment a killed writer leaves something git would see is between this
    # open and this write, once per plans folder.
    with open(path, "wb") as handle:
        handle.write(data)


def _remove_stale(scratch: Path) -> None:
    """Temporary files of writers that are gone (killed before their rename)."""
    for entry in os.scandir(scratch):
        parts = entry.name.split("-")
        if len(parts) != 3 or parts[0] != "tmp" or not parts[1].isdigit():
            continue
        pid = int(parts[1])
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:  # no such process: its file is left over
            with suppress(OSError):
                os.unlink(entry.path)
        except OSError:  # alive, and another user's
            continue


def _link_new(tmp: Path, real: Path) -> None:
    # A hard link never replaces a file that appeared meanwhile (an editor, another clone's checkout).
    try:
        os.link(tmp, real)
    except FileExistsError:
        raise RefusedError(f"{display_path(real)} already exists: nothing was written") from None
    except OSError:  # file systems without hard links: we hold the lock and checked, so rename
        os.replace(tmp, real)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; directories cannot be opened this way on Windows.
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
