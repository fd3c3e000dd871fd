"""Time actiontrack as whole processes on a synthetic repository, beside Taskwarrior when installed."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Timing:
    """One benchmark: wall-clock seconds of each run and the peak resident memory."""

    name: str
    seconds: list[float]
    peak_kib: int
    cpu: list[float] | None = None  # user + system seconds of the process and what it waited for

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu or [0.0])

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run_once(cmd: list[str], cwd: Path, env: dict[str, str], stdin: str | None = None) -> tuple[float, int, int]:
    """Wall time, peak RSS (KiB) and exit status of one process, measured with wait4."""
    elapsed, peak, code, _ = run_measured(cmd, cwd, env, stdin)
    return elapsed, peak, code


def run_measured(cmd: list[str], cwd: Path, env: dict[str, str],
                 stdin: str | None = None) -> tuple[float, int, int, float]:
    """Wall time, peak RSS (KiB), exit status and CPU seconds (user + system) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode, usage.ru_utime + usage.ru_stime


def bench(name: str, cmd: list[str], cwd: Path, env: dict[str, str], runs: int, before: object = None,
          ok: tuple[int, ...] = (0,)) -> Timing:
    seconds, cpu, peak = [], [], 0
    for _ in range(runs):
        if callable(before):
            before()
        elapsed, rss, code, used = run_measured(cmd, cwd, env)
        if code not in ok:
            raise SystemExit(f"{name}: {' '.join(cmd)} exited {code}")
        seconds.append(elapsed)
        cpu.append(used)
        peak = max(peak, rss)
    return Timing(name, seconds, peak, cpu)


def taskwarrior_setup(repo: Path, actiontrack: list[str], env: dict[str, str], work: Path) -> dict[str, str] | None:
    """Import the same actions into a private Taskwarrior database; None when `task` is missing."""
    task = shutil.which("task")
    if task is None:
        return None
    data = work / "taskdata"
    data.mkdir()
    rc = work / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n", encoding="utf-8")
    tw_env = {**env, "TASKRC": str(rc), "TASKDATA": str(data)}
    lines = subprocess.run(actiontrack + ["export", "--format", "jsonl", "--no-cache"], cwd=repo, env=env,
                           capture_output=True, text=True, check=False).stdout.splitlines()
    tasks = work / "tasks.json"
    with tasks.open("w", encoding="utf-8") as out:
        for line in lines:
            action = json.loads(line)
            done = action["status"] in ("completed", "embedded", "closed", "dropped")
            task_json = {
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{action['plan']}:{action['id']}")),
                "description": action["text"], "project": action["plan"], "entry": "20200101T000000Z",
                "status": "completed" if done else "pending",
            }
            if done:
                task_json["end"] = "20200201T000000Z"
            if action["due"]:
                task_json["due"] = action["due"].replace("-", "") + "T000000Z"
            out.write(json.dumps(task_json) + "\n")
    subprocess.run([task, "import", str(tasks)], env=tw_env, capture_output=True, check=True)
    return tw_env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", type=Path, help="a repository made by make_repo.py (default: make 1000 x 50)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only the benchmarks whose names start with one of these (e.g. report export)")
    args = parser.parse_args()

    actiontrack = [sys.executable, "-m", "actiontrack"]
    work = Path(tempfile.mkdtemp(prefix="actiontrack-bench-"))
    repo = args.repo
    if repo is None:
        repo = work / "repo"
        subprocess.run([sys.executable, str(HERE / "make_repo.py"), "1000", "50", str(repo)], check=True)
    repo = repo.resolve()
    cache = work / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTIONTRACK_")}
    env.update({"ACTIONTRACK_CACHE_DIR": str(cache), "ACTIONTRACK_USER": "Benchmark", "NO_COLOR": "1"})

    results: list[Timing] = []

    def wanted(name: str) -> bool:
        return not args.only or name.startswith(tuple(args.only))

    if wanted("python"):
        results.append(bench("python -c 'import typer'", [sys.executable, "-c", "import typer"], repo, env, args.runs))
    if wanted("actiontrack --help"):
        results.append(bench("actiontrack --help", actiontrack + ["--help"], repo, env, args.runs))
    if wanted("validate"):
        results.append(bench("validate", actiontrack + ["validate"], repo, env, args.runs, ok=(0, 1)))

    def clear_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    overdue = actiontrack + ["overdue", "--format", "json"]
    if wanted("overdue"):
        results.append(bench("overdue --format json (cold)", overdue, repo, env, args.runs, before=clear_cache))
    run_once(overdue, repo, env)  # fills the cache: the rest run warm
    if wanted("overdue"):
        results.append(bench("overdue --format json (warm)", overdue, repo, env, args.runs))
        results.append(bench("overdue --format json (--no-cache)", overdue + ["--no-cache"], repo, env,
                             max(1, args.runs // 2)))
    summary = actiontrack + ["summary", "--format", "json"]
    if wanted("summary") and run_once(actiontrack + ["summary", "--help"], repo, env)[2] == 0:
        results.append(bench("summary --format json (warm)", summary, repo, env, args.runs, ok=(0, 1)))

    # The Board outputs (docs/report.md), warm, each written to a file; exit 1 only when a plan has errors.
    out = work / "out"
    out.mkdir()
    boards = [("report (html)", ["report", "-o", str(out / "pack.html")], args.runs),
              ("export --format xlsx", ["export", "--format", "xlsx", "-o", str(out / "tracker.xlsx")], args.runs),
              ("export --format ics", ["export", "--format", "ics", "-o", str(out / "deadlines.ics")], args.runs)]
    if shutil.which("chromium") or shutil.which("google-chrome"):
        # Minutes for 2,000 pages: one run is the figure.
        boards.append(("report --format pdf", ["report", "--format", "pdf", "-o", str(out / "pack.pdf")], 1))
    for name, words, runs in boards:
        if wanted(name) and run_once(actiontrack + [words[0], "--help"], repo, env)[2] == 0:
            results.append(bench(name, actiontrack + words, repo, env, runs, ok=(0, 1)))

    # note on one 50-action plan, in a folder of its own (validation reads only what it must).
    note_dir = work / "note" / "plans"
    note_dir.mkdir(parents=True)
    first = sorted((repo / "plans").glob("*.yaml"))[0]
    shutil.copy(first, note_dir / first.name)
    note = actiontrack + ["note", f"{first.stem}:1.1", "Benchmark progress note.", "--by", "Benchmark"]
    if wanted("note") and run_once(actiontrack + ["note", "--help"], repo, env)[2] == 0:
        results.append(bench("note on a 50-action plan", note, note_dir.parent, env, args.runs))

    tw_env = taskwarrior_setup(repo, actiontrack, env, work) if wanted("task") else None
    tw = None
    if tw_env is not None:
        tw = bench("task +OVERDUE export (Taskwarrior)", ["task", "+OVERDUE", "export"], work, tw_env, args.runs)
        results.append(tw)

    by_name = {r.name: r for r in results}
    print(f"repository: {repo} ({sum(f.stat().st_size for f in (repo / 'plans').glob('*.yaml')):,} bytes)")
    print(f"runs: {args.runs}; machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print()
    print("| benchmark | median s | min s | CPU s | peak MiB |")
    print("|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r.name} | {r.median:.3f} | {min(r.seconds):.3f} | {r.cpu_median:.3f} | {r.peak_kib / 1024:.0f} |")
    print()
    ratios = {}
    if "actiontrack --help" in by_name and "python -c 'import typer'" in by_name:
        typer_alone = by_name["python -c 'import typer'"].median
        ratios["help / import typer"] = by_name["actiontrack --help"].median / typer_alone
    if tw is not None and "overdue --format json (warm)" in by_name:
        ratios["overdue warm / Taskwarrior"] = by_name["overdue --format json (warm)"].median / tw.median
        ratios["overdue cold / Taskwarrior"] = by_name["overdue --format json (cold)"].median / tw.median
    for name, value in ratios.items():
        print(f"{name}: {value:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({
            "results": [{"name": r.name, "median": r.median, "seconds": r.seconds, "cpu": r.cpu, "peak_kib": r.peak_kib}
                        for r in results],
            "ratios": ratios,
        }, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
