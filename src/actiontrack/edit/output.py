"""Where `-o FILE` puts a file a command made (`report`, `export`): never over a plan, never by
replacing what is not a regular file.

- A plan is refused whatever the route to it (a link included): a `.yaml` or `.yml` file, or any
  file inside a folder named `plans`. Plans change only through the edits, which lock, validate
  and splice; a report written over one would bypass all of that.
- A file descriptor named by its path (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`,
  `/proc/self/fd/N`) is written through the descriptor this process already holds, so that
  `-o /dev/stdout >> log` appends as the shell's redirection says and `-o /dev/stdout | cat`
  writes into the pipe.
- Another file that is not a regular file (a character device such as /dev/null or a terminal, a
  FIFO, a socket) is opened and written, as a shell's `>` would: renaming over it would replace
  the device or the pipe with a file.
- A regular file, new or old, is written whole or not at all (atomic.write_atomic).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from actiontrack.edit.atomic import write_atomic
from actiontrack.errors import RefusedError
from actiontrack.load.discover import display_path
from actiontrack.vocabulary import is_plan_name

PLANS_FOLDER = "plans"
# The names Linux (and the BSDs, /dev/fd) give the descriptors a process already holds.
_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/self/fd|proc/(?P<pid>\d+)/fd)/(?P<fd>\d+)")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def write_output_file(path: Path, data: bytes) -> None:
    """Write `data` to the file -o names, by the rules above; RefusedError (exit 4) when it cannot."""
    name = display_path(path)
    fd = descriptor_of(path)
    if fd is not None:
        _write_all(fd, data, name)
        return
    refuse_plan(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise RefusedError(f"cannot write {name} ({exc.strerror}): nothing was written") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise RefusedError(f"cannot write {name}: it is a folder; give a file name: nothing was written")
    if mode is not None and not stat.S_ISREG(mode):
        _write_device(path, data, name)
        return
    write_atomic(path, data, create=mode is None)


def refuse_plan(path: Path) -> None:
    """RefusedError when `path`, or the file it leads to, is (or would be) a plan file."""
    given = Path(os.path.abspath(path))
    for route in (given, Path(os.path.realpath(path))):
        folders = [part.casefold() for part in route.parent.parts]
        if is_plan_name(route.name) or PLANS_FOLDER in folders:
            shown = display_path(path) if route == given else f"{display_path(path)} (a link to {display_path(route)})"
            raise RefusedError(f"will not write {shown}: -o never writes a plan file (.yaml, .yml, or anything "
                               "in a plans folder); give another file name: nothing was written")


def descriptor_of(path: Path) -> int | None:
    """The open descriptor of this process that `path` names (/dev/stdout, /dev/fd/1, ...), or None."""
    text = os.path.abspath(path)
    if text in _STANDARD:
        return _STANDARD[text]
    match = _DESCRIPTOR.fullmatch(text)
    if match is None or (match["pid"] is not None and int(match["pid"]) != os.getpid()):
        return None
    return int(match["fd"])


def is_terminal(path: Path) -> bool:
    """Whether -o names a terminal (a descriptor or a device): no place for a binary file."""
    fd = descriptor_of(path)
    if fd is not None:
        return os.isatty(fd)
    try:
        return stat.S_ISCHR(os.stat(path).st_mode) and _opens_as_tty(path)
    except OSError:
        return False


def _opens_as_tty(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def _write_device(path: Path, data: bytes, name: str) -> None:
    # No O_CREAT: the file exists and is not a regular one; no O_TRUNC: a device or a pipe has no
    # length to cut (the shell's `>` truncates, which means nothing for them either).
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise RefusedError(f"cannot write {name} ({exc.strerror}): nothing was written") from None
    try:
        _write_all(fd, data, name)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes, name: str) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view):]
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise RefusedError(f"cannot write {name} ({exc.strerror})") from None
