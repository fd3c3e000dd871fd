"""Time `actiontrack history` on a long history: a plan edited in N commits, as officers edit it.

Makes a repository with one of the bundled plans (default: Thurrock, 630 lines, 66 actions) and N
commits after it (default 200), each one edit made through actiontrack itself: a note, a status, or
a reschedule, on actions in turn. Then times whole processes of `history PLAN:ACTION` and `history
PLAN`, cold (empty parse cache) and warm, with their peak memory, and counts the git processes.
Deterministic (pinned dates and authors); no real case data beyond the published plan.
"""

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
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-c", "user.name=Benchmark", "-c", "user.email=bench@example.org", *args], cwd=repo,
                   env=env, check=True, capture_output=True)


def make(repo: Path, plan: str, commits: int, actiontrack: list[str], env: dict[str, str]) -> list[str]:
    """The repository and the action ids edited, in order."""
    (repo / "plans").mkdir(parents=True)
    shutil.copy(ROOT / "plans" / f"{plan}.yaml", repo / "plans" / f"{plan}.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Plan agreed", when="2026-01-01T10:00:00+0000")
    out = subprocess.run([*actiontrack, "export", "--format", "jsonl", "--no-cache"], cwd=repo, env=env,
                         capture_output=True, text=True, check=False).stdout
    ids = [json.loads(line)["id"] for line in out.splitlines()][:10]  # ten actions, edited in turn
    for i in range(commits):
        act = ids[i % len(ids)]
        ref = f"{plan}:{act}"
        day = f"2026-{1 + i // 28 % 12:02}-{1 + i % 28:02}"
        kind = i % 3
        if kind == 0:
            args = ["note", ref, f"Progress note {i}.", "--by", "Benchmark"]
        elif kind == 1:
            args = ["reschedule", ref, f"2027-{1 + i % 12:02}-15", "--reason", f"Moved in review {i}", "--by",
                    "Benchmark"]
        else:
            args = ["note", ref, f"Checked {i}.", "--by", "Benchmark"]
        result = subprocess.run(actiontrack + args + ["--as-of", "2026-12-31"], cwd=repo, env=env,
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:  # a reschedule to the date it already has: record a note instead
            subprocess.run([*actiontrack, "note", ref, f"Note {i}.", "--by", "Benchmark", "--as-of", "2026-12-31"],
                           cwd=repo, env=env, check=True, capture_output=True)
        git(repo, "commit", "-q", "-am", f"Edit {i}", when=f"{day}T10:00:00+0000")
    return ids


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user and system, the process and its workers) and peak RSS (KiB)."""
    start = time.perf_counter()
    before = os.times()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return time.perf_counter() - start, cpu, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=200)
    parser.add_argument("--plan", default="thurrock-ofsted-2012")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    actiontrack = [sys.executable, "-m", "actiontrack"]
    work = Path(tempfile.mkdtemp(prefix="actiontrack-history-"))
    cache = work / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTIONTRACK_")}
    env.update({"ACTIONTRACK_CACHE_DIR": str(cache), "NO_COLOR": "1"})
    repo = work / "repo"
    started = time.perf_counter()
    ids = make(repo, args.plan, args.commits, actiontrack, env)
    print(f"repository: {args.commits} commits on {args.plan} in {time.perf_counter() - started:.0f} s")
    # CPU seconds are the figure to trust on a shared machine: wall time waits for the other users.
    print("| command | median wall s | min wall s | median CPU s | peak MiB |")
    print("|---|---:|---:|---:|---:|")
    for name, ref in (("history PLAN:ACTION", f"{args.plan}:{ids[0]}"), ("history PLAN", args.plan)):
        for label, before in (("cold", lambda: shutil.rmtree(cache, ignore_errors=True)), ("warm", None)):
            walls, cpus, peak = [], [], 0
            for _ in range(args.runs):
                if before:
                    before()
                wall, cpu, rss = timed([*actiontrack, "history", ref, "--format", "json"], repo, env)
                walls.append(wall)
                cpus.append(cpu)
                peak = max(peak, rss)
            print(f"| {name} ({label}) | {statistics.median(walls):.2f} | {min(walls):.2f} | "
                  f"{statistics.median(cpus):.2f} | {peak / 1024:.0f} |")


if __name__ == "__main__":
    main()
