"""Shared test support: where the repository and the test data are, and loading through the one loader."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from actiontrack.errors import Finding
from actiontrack.load.discover import Source, find_plan_files, read_sources
from actiontrack.load.loader import Loader, LoadResult, findings_of, plans_of
from actiontrack.model import Plan

REPO = Path(__file__).resolve().parent.parent
SEED_PLANS = REPO / "plans"
DATA = Path(__file__).resolve().parent / "data"


def load_file(path: Path, positions: bool = True) -> LoadResult:
    """One plan file through the one loader."""
    return Loader().load(read_sources([path]), positions=positions)[0]


def load_bytes(data: bytes, file: str, positions: bool = True) -> LoadResult:
    """One plan's bytes through the one loader."""
    return Loader().load([(file, data)], positions=positions)[0]


def load_plans(paths: Iterable[Path], positions: bool = True) -> tuple[list[Plan], list[Finding]]:
    """Every plan under `paths` and the load findings."""
    results = Loader().load(read_sources(find_plan_files(paths)), positions=positions)
    return plans_of(results), findings_of(results)


class CountingLoader(Loader):
    """A loader that records the name of every source it parses (it wraps nothing; it *is* the loader)."""

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def load(self, sources: Sequence[Source], *, positions: bool = True, trees: bool = False) -> list[LoadResult]:
        self.parsed.extend(name for name, _ in sources)
        return super().load(sources, positions=positions, trees=trees)


def run_in_pty(args: Sequence[str], cwd: Path, env: Mapping[str, str], columns: int | None = None) -> str:
    """Run the CLI with its stdout on a pseudo-terminal, as a person would see it: `env` is the whole
    environment; `columns` sets the terminal's own window width (as a real terminal does)."""
    import fcntl
    import pty
    import struct
    import subprocess
    import sys
    import termios

    main_fd, child_fd = pty.openpty()
    if columns is not None:
        fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "actiontrack", *args], stdout=child_fd, stderr=subprocess.PIPE,
                            cwd=cwd, env=dict(env))
    os.close(child_fd)
    chunks = []
    while True:
        try:
            data = os.read(main_fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8")
