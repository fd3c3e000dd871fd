"""Measuring whole processes for benchmarks/run.py: CPU and wall time, peak memory, Taskwarrior, profiles."""

from __future__ import annotations

import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def say(text: str) -> None:
    """Progress, on stderr: the run takes minutes and must never look stuck."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


@dataclass
class Sample:
    """The runs of one command: wall and CPU (user + system, its reaped workers included) seconds, peak RSS."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: int = 0

    def add(self, wall: float, cpu: float, peak_kib: int) -> None:
        """One more run."""
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.peak_kib = max(self.peak_kib, peak_kib)

    def to_json(self) -> dict[str, object]:
        """The runs and their medians."""
        return {"wall": self.wall, "cpu": self.cpu, "wall_median": median(self.wall), "cpu_median": median(self.cpu),
                "peak_mib": round(self.peak_kib / 1024, 1)}


def median(values: Sequence[float]) -> float:
    """The median, 0 for no values."""
    return statistics.median(values) if values else 0.0


def run_once(cmd: Sequence[str], cwd: Path, env: dict[str, str],
             ok: tuple[int, ...] = (0,)) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one process, from wait4; output is thrown away."""
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code not in ok:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise SystemExit(f"benchmark failed: {' '.join(cmd)} exited {code} in {cwd}: {' / '.join(tail)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def paired(commands: Sequence[tuple[Sequence[str], Path, dict[str, str], Callable[[], None] | None]], runs: int,
           ok: tuple[int, ...], label: str) -> list[Sample]:
    """Each command `runs` times, alternating (A B A B ...), so that a loaded machine slows each alike."""
    samples = [Sample() for _ in commands]
    for i in range(runs):
        say(f"  {label}: run {i + 1}/{runs}")
        for sample, (cmd, cwd, env, before) in zip(samples, commands):
            if before is not None:
                before()
            sample.add(*run_once(cmd, cwd, env, ok))
    return samples


def taskwarrior_setup(lines: Path, env: dict[str, str], work: Path) -> dict[str, str] | None:
    """A private Taskwarrior database holding the same actions (`export --format jsonl` lines); None without `task`."""
    task = shutil.which("task")
    if task is None:
        return None
    data = work / "taskdata"
    data.mkdir()
    rc = work / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n", encoding="utf-8")
    tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    tasks = work / "tasks.json"
    with tasks.open("w", encoding="utf-8") as out, lines.open(encoding="utf-8") as actions:
        for line in actions:
            action = json.loads(line)
            done = action["status"] in ("completed", "embedded", "closed", "dropped")
            item = {"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{action['plan']}:{action['id']}")),
                    "description": action["text"], "project": action["plan"], "entry": "20200101T000000Z",
                    "status": "completed" if done else "pending"}
            if done:
                item["end"] = "20200201T000000Z"
            if action["due"]:
                item["due"] = action["due"].replace("-", "") + "T000000Z"
            out.write(json.dumps(item) + "\n")
    subprocess.run([task, "import", str(tasks)], env=tw_env, capture_output=True, check=True)
    return tw_env


def taskwarrior_version() -> str | None:
    """`task --version`, or None when it is not installed."""
    task = shutil.which("task")
    if task is None:
        return None
    return subprocess.run([task, "--version"], capture_output=True, text=True, check=False).stdout.strip() or None


def profile(cmd_args: Sequence[str], cwd: Path, env: dict[str, str], out: Path, prefix: Sequence[str] = (),
            top: int = 14) -> dict[str, object]:
    """One run of `python -m actiontrack ARGS` under cProfile: where its time goes, by own and cumulative time."""
    subprocess.run([*prefix, sys.executable, "-m", "cProfile", "-o", str(out), "-m", "actiontrack", *cmd_args], cwd=cwd,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    stats = pstats.Stats(str(out))
    entries = stats.stats  # type: ignore[attr-defined]  # {(file, line, name): (cc, nc, tt, ct, callers)}
    total = max((v[3] for v in entries.values()), default=0.0)

    def name(key: tuple[str, int, str]) -> str:
        file, line, func = key
        if file == "~":
            return func
        short = file.split("site-packages/")[-1].split("src/")[-1].split("lib/python3")[-1]
        return f"{short}:{line}({func})"

    own = sorted(entries.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    # The stages' functions (not the CLI's and api's wrappers around them, which hold everything).
    mine = [kv for kv in entries.items() if "actiontrack" in kv[0][0] and kv[0][2] != "<module>"
            and not any(f"actiontrack/{part}/" in kv[0][0] for part in ("cli", "api"))]
    cumulative = sorted(mine, key=lambda kv: kv[1][3], reverse=True)[:top]
    return {
        "total_s": round(total, 3),
        "own": [{"function": name(k), "calls": v[1], "own_s": round(v[2], 3), "cumulative_s": round(v[3], 3)}
                for k, v in own],
        "cumulative": [{"function": name(k), "calls": v[1], "own_s": round(v[2], 3), "cumulative_s": round(v[3], 3)}
                       for k, v in cumulative],
    }


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kib = int(Path("/proc/meminfo").read_text(encoding="utf-8").split()[1])
    except (OSError, IndexError, ValueError):
        mem_kib = 0
    return {"cpu": model or platform.processor(), "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
            "memory_gib": round(mem_kib / 1024 / 1024, 1), "system": platform.platform(),
            "python": sys.version.split()[0], "taskwarrior": taskwarrior_version(),
            "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None}
