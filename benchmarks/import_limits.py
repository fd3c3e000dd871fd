"""Time and peak memory of `actiontrack import` on hostile files (docs/import.md quotes the figures).

    python3 benchmarks/import_limits.py [--runs N]

Builds each file with the tests' generators (tests/import_hostile.py) in a temporary folder, runs
`python -m actiontrack import FILE --dry-run` on it N times, and prints the median wall time, the
peak resident memory of the child process and its exit code. Not a test: CI does not run it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import import_hostile as hostile  # the tests' generators, found through the path above

CASES = {
    "100,000-row sheet": ("big.xlsx", lambda p: hostile.big_xlsx(p, 100_000)),
    "100,000-row sheet, no stated size": ("nodim.xlsx", lambda p: hostile.big_xlsx(p, 100_000, dimension=False)),
    "zip bomb (2 GiB unpacked)": ("bomb.xlsx", hostile.zip_bomb_xlsx),
    "encrypted workbook": ("locked.xlsx", hostile.encrypted_xlsx),
    "truncated workbook": ("cut.xlsx", lambda p: hostile.truncated(hostile.big_xlsx(p.with_name("w.xlsx"), 50), p)),
    "Word document without a table": ("prose.docx", hostile.docx_without_table),
    "formulas without saved values": ("formulas.xlsx", hostile.formulas_xlsx),
}


# The command runs under a small Python that reports its child's peak memory: measured from this
# process, a child would count the pages it shares with this one (which built the files) until exec.
_MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:], capture_output=True).returncode; "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")


def run(folder: Path, name: str) -> tuple[float, int, int]:
    """One run: wall seconds, the command's peak memory in KiB, its exit code."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "actiontrack", "import", name,
                           "--organisation", "Example", "--date", "2013-01-01", "--plans", str(folder / "plans"),
                           "--dry-run"], cwd=folder, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    peak, code = proc.stdout.split()
    return wall, int(peak), int(code)


def main() -> None:
    """Build, run and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "plans").mkdir()
        print(f"{'file':<36} {'size':>10} {'median s':>9} {'peak MiB':>9} {'exit':>5}")
        for label, (name, make) in CASES.items():
            make(folder / name)
            results = [run(folder, name) for _ in range(args.runs)]
            size = (folder / name).stat().st_size
            print(f"{label:<36} {size:>10,} {statistics.median(r[0] for r in results):>9.2f} "
                  f"{max(r[1] for r in results) / 1024:>9.1f} {results[-1][2]:>5}")


if __name__ == "__main__":
    main()
