"""Time actiontrack as whole processes, every figure a ratio measured in the same run.

    python3 benchmarks/run.py --quick --json results.json          # a few minutes
    python3 benchmarks/run.py --runs 7 --against main --json results.json
    python3 benchmarks/report.py results.json > docs/performance.md

Start-up rows are measured against `python -c "import typer"`, scale rows (1,000 plans x 50
actions by default) against Taskwarrior's `task +OVERDUE export` on the same actions, each pair
alternating run by run, so that a loaded machine slows both alike; the figures are CPU seconds
(user + system, worker processes included), with wall time beside them. `--against REV` runs the
same commands with the code of a git revision of this repository (e.g. main), alternating too.
Each missed target is profiled once (cProfile) and the profile goes into the JSON.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from measure import machine, median, paired, profile, run_once, say, taskwarrior_setup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TYPER = "python -c 'import typer'"
TASK = "task +OVERDUE export"


@dataclass
class Row:
    """One benchmark: what it runs, what it is measured against, and the target."""

    key: str
    title: str
    group: str  # start-up, scale, cores, memory, boards
    args: list[str]  # actiontrack's arguments
    cwd: str  # "bundled", "repo", "note", "big"
    baseline: str | None  # TYPER, TASK or None
    target: float | None = None  # a ratio against the baseline (or MiB for memory rows)
    cold: bool = False  # the cache is emptied before every run
    taskset: str | None = None  # CPUs to run on (taskset -c)
    ok: tuple[int, ...] = (0, 1)  # exit 1 is "findings" (the synthetic plans have some)


def rows(quick: bool) -> list[Row]:
    """Every benchmark, in the order they are run and reported."""
    json_overdue = ["overdue", "--format", "json"]
    out = [
        Row("help", "`actiontrack --help`", "start-up", ["--help"], "bundled", TYPER, ok=(0,)),
        Row("bundled-overdue", "`overdue --format json` on the bundled plans (warm)", "start-up", json_overdue,
            "bundled", TYPER, 1.5),
        Row("note", "`note` on a 50-action plan", "start-up",
            ["note", "bench-plan-00000:1.1", "Benchmark progress note.", "--by", "Benchmark"], "note", TYPER, 2.0,
            ok=(0,)),
        Row("warm-overdue", "warm `overdue --format json`", "scale", json_overdue, "repo", TASK, 0.4),
        Row("cold-overdue", "cold `overdue --format json` (empty cache)", "scale", json_overdue, "repo", TASK, 3.0,
            cold=True),
        Row("warm-validate", "warm `validate`", "scale", ["validate"], "repo", TASK, 1.0),
        Row("warm-summary", "warm `summary --format json`", "scale", ["summary", "--format", "json"], "repo", TASK,
            1.0),
    ]
    if not quick:
        out.append(Row("no-cache-overdue", "`overdue --format json --no-cache`", "scale", [*json_overdue, "--no-cache"],
                       "repo", TASK))
    if shutil.which("taskset") and len(os.sched_getaffinity(0)) >= 2:
        out += [Row("cold-1-core", "cold `overdue --format json`, 1 core (`taskset -c 0`)", "cores", json_overdue,
                    "repo", TASK, cold=True, taskset="0"),
                Row("cold-2-cores", "cold `overdue --format json`, 2 cores (`taskset -c 0,1`)", "cores", json_overdue,
                    "repo", TASK, cold=True, taskset="0,1")]
    if not quick:
        out += [Row("report", "`report -o pack.html` (warm)", "boards", ["report", "-o", "OUT/pack.html"], "repo",
                    TASK),
                Row("xlsx", "`export --format xlsx` (warm)", "boards",
                    ["export", "--format", "xlsx", "-o", "OUT/tracker.xlsx"], "repo", TASK),
                Row("ics", "`export --format ics` (warm)", "boards", ["export", "--format", "ics", "-o", "OUT/d.ics"],
                    "repo", TASK)]
    return out


# Memory: the peak of every command above at 50,000 actions, and of the same commands at 100,000.
MEMORY_TARGETS = {"memory-50k": 150.0, "memory-100k": 200.0}
BIG_COMMANDS = [["overdue", "--format", "json"], ["validate"], ["summary", "--format", "json"]]


class Variant:
    """One version of actiontrack to run: this checkout, or a git revision unpacked beside it (--against)."""

    def __init__(self, name: str, src: Path, work: Path, env: dict[str, str]) -> None:
        self.name = name
        self.cache = work / f"cache-{name}"
        compileall.compile_dir(str(src), quiet=1)  # as pip install does: no run pays for compiling
        self.env = {**env, "ACTIONTRACK_CACHE_DIR": str(self.cache), "PYTHONPATH": str(src)}

    def command(self, row: Row, out: Path) -> list[str]:
        """The command line of `row` for this version."""
        words = [w.replace("OUT/", f"{out}/{self.name}-") for w in row.args]
        cmd = [sys.executable, "-m", "actiontrack", *words]
        return ["taskset", "-c", row.taskset, *cmd] if row.taskset else cmd

    def clear(self) -> None:
        """Empty this version's cache."""
        shutil.rmtree(self.cache, ignore_errors=True)


def make_repo(n_plans: int, n_actions: int, where: Path) -> Path:
    """`make_repo.py N M DIR`, with progress."""
    say(f"making {n_plans:,} plans x {n_actions} actions in {where} ...")
    start = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "make_repo.py"), str(n_plans), str(n_actions), str(where),
                    "--progress"], check=True, stdout=subprocess.DEVNULL)
    say(f"  made in {time.perf_counter() - start:.1f} s")
    return where


def main() -> None:
    """Make the repositories, run every benchmark with its baseline (and --against), write the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, help="a repository made by make_repo.py (default: make one)")
    parser.add_argument("--plans", type=int, default=1000, help="plans in the repository made (default 1000)")
    parser.add_argument("--actions", type=int, default=50, help="actions per plan (default 50)")
    parser.add_argument("--runs", type=int, help="runs of each command (default 5; 3 with --quick)")
    parser.add_argument("--quick", action="store_true", help="3 runs, one run at 100,000 actions, no Board outputs")
    parser.add_argument("--against", metavar="REV", help="also run the code of this git revision (e.g. main)")
    parser.add_argument("--json", type=Path, help="write the results here (benchmarks/report.py reads it)")
    parser.add_argument("--only", nargs="+", metavar="KEY", help="run only these rows (e.g. cold-overdue note)")
    parser.add_argument("--no-profile", action="store_true", help="do not profile the missed targets")
    args = parser.parse_args()
    runs = args.runs or (3 if args.quick else 5)

    work = Path(tempfile.mkdtemp(prefix="actiontrack-bench-"))
    say(f"work folder: {work}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIONTRACK_", "PYTHON"))}
    env.update({"ACTIONTRACK_USER": "Benchmark", "NO_COLOR": "1"})
    variants = [Variant("this", ROOT / "src", work, env)]
    if args.against:
        say(f"unpacking {args.against} ...")
        dest = work / "against"
        dest.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.against, "src"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        variants.append(Variant(args.against, dest / "src", work, env))

    repo = args.repo.resolve() if args.repo else make_repo(args.plans, args.actions, work / "repo")
    places = {"repo": repo, "bundled": work / "bundled", "note": work / "note"}
    shutil.copytree(ROOT / "plans", places["bundled"] / "plans")
    note_plan = make_repo(1, 50, work / "note-source") / "plans" / "bench-plan-00000.yaml"
    (places["note"] / "plans").mkdir(parents=True)
    out = work / "out"
    out.mkdir()

    def fresh_note() -> None:
        shutil.copy(note_plan, places["note"] / "plans" / note_plan.name)  # every note run edits the same file

    say("importing the actions into Taskwarrior ...")
    # Through a file, read line by line: this process stays small, since a child's peak memory (wait4)
    # counts what it was forked from.
    exported = work / "actions.jsonl"
    with exported.open("wb") as sink:
        subprocess.run([sys.executable, "-m", "actiontrack", "export", "--format", "jsonl", "--no-cache"], cwd=repo,
                       env=variants[0].env, stdout=sink, stderr=subprocess.DEVNULL, check=False)
    tw_env = taskwarrior_setup(exported, env, work)
    if tw_env is None:
        say("  task is not installed: the scale rows have no Taskwarrior ratio")

    baselines: dict[str, tuple[list[str], Path, dict[str, str]] | None] = {
        TYPER: ([sys.executable, "-c", "import typer"], places["bundled"], variants[0].env),
        TASK: (["task", "+OVERDUE", "export"], work, tw_env) if tw_env is not None else None,
    }
    results: list[dict[str, object]] = []
    chosen = [r for r in rows(args.quick) if not args.only or r.key in args.only]
    for number, row in enumerate(chosen, 1):
        say(f"[{number}/{len(chosen)}] {row.title}")
        results.append(measure_row(row, variants, baselines, places, out, runs, fresh_note))

    if not args.only or any(k in args.only for k in MEMORY_TARGETS):
        results += memory_rows(results, variants, args, work, 1 if args.quick else max(1, runs // 2))
    if not args.no_profile:
        for row, result in zip(chosen, results):
            if result.get("met") is False:
                say(f"profiling the missed target: {row.title}")
                result["profile"] = profile_row(row, variants[0], places, out, work, fresh_note)

    document = {
        "version": 1,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "method": {"runs": runs, "quick": args.quick, "plans": args.plans if not args.repo else None,
                   "actions": args.actions, "files": len(list((repo / "plans").glob("*.yaml"))),
                   "repo_bytes": sum(f.stat().st_size for f in (repo / "plans").glob("*.yaml")),
                   "against": args.against, "measure": "CPU seconds, user + system, medians of paired runs"},
        "rows": results,
    }
    print(summary_text(results))
    if args.json:
        args.json.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        say(f"wrote {args.json}")
    shutil.rmtree(work, ignore_errors=True)


def measure_row(row: Row, variants: list[Variant], baselines: dict[str, tuple[list[str], Path, dict[str, str]] | None],
                places: dict[str, Path], out: Path, runs: int, fresh_note: Callable[[], None]) -> dict[str, object]:
    """One row: its baseline, this version and --against's, alternating run by run."""
    cwd = places[row.cwd]
    usable = []
    for v in variants:
        if row.cwd == "note":
            fresh_note()
        v.clear() if row.cold else None
        try:
            run_once(v.command(row, out), cwd, v.env, row.ok)  # warms the cache (or shows the command exists)
            usable.append(v)
        except SystemExit as exc:
            say(f"  {v.name}: {exc}; left out")

    def before(v: Variant) -> Callable[[], None] | None:
        if row.cold:
            return v.clear
        return fresh_note if row.cwd == "note" else None

    commands: list[tuple[list[str], Path, dict[str, str], Callable[[], None] | None]] = []
    base = baselines.get(row.baseline) if row.baseline else None
    if base is not None:
        commands.append((base[0], base[1], base[2], None))
    commands += [(v.command(row, out), cwd, v.env, before(v)) for v in usable]
    samples = paired(commands, runs, row.ok, row.key)
    base_sample = samples.pop(0) if base is not None else None
    mine = samples[0] if usable and usable[0] is variants[0] else None
    result: dict[str, object] = {"key": row.key, "title": row.title, "group": row.group, "baseline": row.baseline,
                                 "target": row.target, "command": " ".join(["actiontrack", *row.args]),
                                 "this": mine.to_json() if mine else None,
                                 "base": base_sample.to_json() if base_sample else None}
    if mine is not None and base_sample is not None:
        ratio = median([a / b for a, b in zip(mine.cpu, base_sample.cpu) if b > 0])
        result["ratio"] = round(ratio, 3)
        result["wall_ratio"] = round(median(mine.wall) / median(base_sample.wall), 3)
        if row.target is not None:
            result["met"] = ratio <= row.target
    others = [(v, s) for v, s in zip(usable, samples) if v is not variants[0]]
    if mine is not None and others:
        v, theirs = others[0]
        result["against"] = {"name": v.name, **theirs.to_json(),
                             "ratio": round(median([a / b for a, b in zip(mine.cpu, theirs.cpu) if b > 0]), 3)}
    if mine is not None:
        say(f"  CPU {median(mine.cpu):.3f} s, {mine.peak_kib / 1024:.0f} MiB"
            + (f", {result['ratio']}x {row.baseline}" if "ratio" in result else ""))
    return result


def memory_rows(results: list[dict[str, object]], variants: list[Variant], args: argparse.Namespace, work: Path,
                runs: int) -> list[dict[str, object]]:
    """Peak memory of any command at 50,000 actions (the rows above) and at 100,000 (make_repo.py 2000 50)."""
    peaks = [r["this"]["peak_mib"] for r in results if r.get("this") and r["group"] in ("scale", "cores")]  # type: ignore[index]
    size = args.plans * args.actions
    out: list[dict[str, object]] = [{"key": "memory-50k", "title": f"peak memory, any command, {size:,} actions",
                                     "group": "memory", "unit": "MiB", "target": MEMORY_TARGETS["memory-50k"],
                                     "value": max(peaks, default=0.0)}]
    out[0]["met"] = bool(peaks) and out[0]["value"] <= MEMORY_TARGETS["memory-50k"]  # type: ignore[operator]
    big = make_repo(args.plans * 2, args.actions, work / "big")
    by_command: dict[str, dict[str, float]] = {}
    for v in variants:
        v.clear()
        peaks_of = by_command.setdefault(v.name, {})
        say(f"  {2 * size:,} actions, {v.name}: overdue --format json (cold)")
        peaks_of["overdue --format json (cold)"] = round(run_once(v.command(Row("", "", "", BIG_COMMANDS[0], "", None),
                                                                            work), big, v.env)[2] / 1024, 1)
        for words in BIG_COMMANDS:
            command = v.command(Row("", "", "", words, "", None), work)
            run_once(command, big, v.env, (0, 1))  # fills what this command caches
            say(f"  {2 * size:,} actions, {v.name}: {' '.join(words)} (warm), {runs} run(s)")
            peaks_of[" ".join(words) + " (warm)"] = round(max(run_once(command, big, v.env, (0, 1))[2]
                                                              for _ in range(runs)) / 1024, 1)
    mine = by_command.get(variants[0].name, {})
    row = {"key": "memory-100k", "title": f"peak memory, any command, {2 * size:,} actions", "group": "memory",
           "unit": "MiB", "target": MEMORY_TARGETS["memory-100k"], "value": max(mine.values(), default=0.0),
           "commands": by_command}
    row["met"] = row["value"] <= MEMORY_TARGETS["memory-100k"]  # type: ignore[operator]
    out.append(row)
    shutil.rmtree(big, ignore_errors=True)
    return out


def profile_row(row: Row, variant: Variant, places: dict[str, Path], out: Path, work: Path,
                fresh_note: Callable[[], None]) -> dict[str, object]:
    """cProfile of one run of a missed row, in the state it was measured in (cold: on one core, in-process)."""
    if row.cold:
        variant.clear()
    if row.cwd == "note":
        fresh_note()
    words = [w.replace("OUT/", f"{out}/profile-") for w in row.args]
    # Cold, on one core: the cache then parses in this process (no workers), so the profile sees the parse.
    prefix = ["taskset", "-c", "0"] if row.cold and shutil.which("taskset") else []
    return profile(words, places[row.cwd], variant.env, work / f"{row.key}.prof", prefix)


def summary_text(results: list[dict[str, object]]) -> str:
    """The results as a plain table on stdout (report.py writes the document)."""
    lines = ["", f"{'benchmark':<58} {'CPU s':>8} {'wall s':>8} {'MiB':>6} {'ratio':>7} {'target':>7}"]
    for r in results:
        mine = r.get("this") or {}
        if r["group"] == "memory":
            lines.append(f"{r['title']:<58} {'':>8} {'':>8} {r['value']:>6} {'':>7} {r['target']:>7}"
                         f"  {'met' if r['met'] else 'MISSED'}")
            continue
        ratio = f"{r['ratio']:.2f}x" if "ratio" in r else ""
        target = f"{r['target']}x" if r.get("target") else ""
        met = "" if "met" not in r else ("  met" if r["met"] else "  MISSED")
        lines.append(f"{r['title'][:58]:<58} {mine.get('cpu_median', 0):>8.3f} {mine.get('wall_median', 0):>8.3f} "  # type: ignore[union-attr]
                     f"{mine.get('peak_mib', 0):>6} {ratio:>7} {target:>7}{met}")  # type: ignore[union-attr]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
