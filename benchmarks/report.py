"""Write docs/performance.md from the JSON of benchmarks/run.py: report.py results.json > docs/performance.md

The figures, the machine, the method and the profile of each missed target come from the JSON;
what bounds each figure, and the other benchmarks' notes, from benchmarks/performance-notes.md.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NOTES = HERE / "performance-notes.md"

INTRO = """\
# Performance

actiontrack is measured as whole processes, every figure a ratio taken in the same run: start-up
against `python -c "import typer"` (the least any Typer command costs), scale against
Taskwarrior's `task +OVERDUE export` on the same actions, the reference for a fast command-line
task list. This page is generated: `benchmarks/run.py --json results.json` measures,
`benchmarks/report.py results.json > docs/performance.md` writes it; the analysis after the
profiles is kept in `benchmarks/performance-notes.md`.

## How to reproduce

```sh
python3 -m venv .venv && . .venv/bin/activate
python3 -m pip install -e .
sudo apt-get install taskwarrior                      # the scale rows' reference
python3 benchmarks/run.py --quick --json results.json # a few minutes; --runs 7 for the final figures
python3 benchmarks/run.py --runs 7 --against main --json results.json   # and main's figures, paired
python3 benchmarks/report.py results.json > docs/performance.md
```

`run.py` makes the synthetic repository (`make_repo.py 1000 50`: deterministic, no real case
data) and one of 2,000 plans for the memory row, then runs each command alternately with its
reference (and with `--against`'s code), so that a loaded machine slows each alike. The figure
is CPU time, user + system, of the process and the workers it waited for (from `wait4`), the
median of the runs' ratios; wall time and peak resident memory are beside it. `PYTHON*`
variables are cleared and the bytecode compiled first, as `pip install` does (with
`PYTHONDONTWRITEBYTECODE=1` every run would compile actiontrack's modules: ~40 ms of a start-up).
Each command runs once unmeasured first, which fills the cache ("warm"); "cold" empties it
before every run. A child's peak memory from `wait4` counts the benchmark process it was started
from (Linux keeps the larger of the two at `exec`), so a peak at or below about 35 MiB is that
floor, not the command. Benchmarks are not tests, and CI does not run them.
"""


def fmt(value: float | None, digits: int = 3) -> str:
    """A number for a table cell ("" for none)."""
    return "" if value is None else f"{value:.{digits}f}"


def verdict(row: dict[str, Any]) -> str:
    """met / missed / "" for a row without a target."""
    if "met" not in row:
        return ""
    return "met" if row["met"] else "**missed**"


def results_table(rows: list[dict[str, Any]]) -> list[str]:
    """Every timed row: its figures, its ratio to its reference and the target."""
    out = ["| benchmark | CPU s | wall s | peak MiB | against | ratio (CPU) | target | |",
           "|---|---:|---:|---:|---|---:|---:|---|"]
    for row in rows:
        if row["group"] == "memory" or not row.get("this"):
            continue
        mine = row["this"]
        ref = {"python -c 'import typer'": "`import typer`", "task +OVERDUE export": "Taskwarrior"}.get(
            row.get("baseline") or "", "")
        ratio = f"{row['ratio']:.2f}×" if "ratio" in row else ""
        target = f"≤ {row['target']}×" if row.get("target") else ""
        out.append(f"| {row['title']} | {fmt(mine['cpu_median'])} | {fmt(mine['wall_median'])} | "
                   f"{mine['peak_mib']:.0f} | {ref} | {ratio} | {target} | {verdict(row)} |")
    refs = {}
    for row in rows:
        if row.get("base") and row.get("baseline"):
            refs.setdefault(row["baseline"], []).append(row["base"]["cpu_median"])
    for name, values in refs.items():
        middle = sorted(values)[len(values) // 2]
        out.append(f"| `{name}` (the reference, median of its rows) | {fmt(middle)} | | | | | | |")
    return out


def against_table(rows: list[dict[str, Any]]) -> list[str]:
    """This code against --against's, run by run."""
    paired = [r for r in rows if r.get("against")]
    if not paired:
        return []
    name = paired[0]["against"]["name"]
    out = ["", f"## Against `{name}`, paired in the same run", "",
           f"| benchmark | CPU s, this | CPU s, {name} | this / {name} | peak MiB, this | peak MiB, {name} |",
           "|---|---:|---:|---:|---:|---:|"]
    for row in paired:
        theirs = row["against"]
        out.append(f"| {row['title']} | {fmt(row['this']['cpu_median'])} | {fmt(theirs['cpu_median'])} | "
                   f"{theirs['ratio']:.2f}× | {row['this']['peak_mib']:.0f} | {theirs['peak_mib']:.0f} |")
    return out


def cores_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The cold parse on one core against two."""
    by_key = {r["key"]: r for r in rows}
    one, two = by_key.get("cold-1-core"), by_key.get("cold-2-cores")
    if not one or not two or not one.get("this") or not two.get("this"):
        return []
    speed = one["this"]["wall_median"] / two["this"]["wall_median"] if two["this"]["wall_median"] else 0
    return ["", "## Cores", "",
            f"Cold `overdue --format json` on one core (`taskset -c 0`) took {fmt(one['this']['wall_median'], 2)} s "
            f"wall, {fmt(one['this']['cpu_median'], 2)} s CPU; on two (`taskset -c 0,1`) "
            f"{fmt(two['this']['wall_median'], 2)} s wall, {fmt(two['this']['cpu_median'], 2)} s CPU: "
            f"a speed-up of {speed:.2f}× by the clock. The cache parses the missing files on every core it may use "
            "(`sched_getaffinity`), one worker per core; the second core's gain is bounded by what stays serial "
            "(reading back the entries, classifying, writing the answer) and by the other work on a shared machine."]


def memory_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The peak memory rows, with each command's peak at 100,000 actions."""
    mem = [r for r in rows if r["group"] == "memory"]
    if not mem:
        return []
    out = ["", "## Memory", "", "| measure | peak MiB | target | |", "|---|---:|---:|---|"]
    for row in mem:
        out.append(f"| {row['title']} | {row['value']:.0f} | ≤ {row['target']:.0f} | {verdict(row)} |")
    for row in mem:
        for variant, peaks in (row.get("commands") or {}).items():
            listed = ", ".join(f"`{cmd}` {mib:.0f}" for cmd, mib in peaks.items())
            out.append("")
            out.append(f"At the larger size ({variant}), MiB: {listed}.")
    return out


def profile_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The profile of each missed target: where its time goes."""
    missed = [r for r in rows if r.get("profile")]
    if not missed:
        return []
    out = ["", "## The profile of each missed target", "",
           "One run of the command under cProfile, in the state it was measured in (a cold run on one core, so "
           "that the parse runs in the profiled process). cProfile slows Python calls, so read the shares, not "
           "the seconds."]
    for row in missed:
        prof = row["profile"]
        out += ["", f"### {row['title']}: {row['ratio']:.2f}× against a target of {row['target']}×", "",
                f"Profiled total {prof['total_s']:.2f} s. Own time (the function itself):", "",
                "| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
        out += [f"| `{e['function']}` | {e['calls']:,} | {e['own_s']:.3f} | {e['cumulative_s']:.3f} |"
                for e in prof["own"][:10]]
        out += ["", "actiontrack's functions by cumulative time (what each stage costs):", "",
                "| function | calls | own s | cumulative s |", "|---|---:|---:|---:|"]
        out += [f"| `{e['function']}` | {e['calls']:,} | {e['own_s']:.3f} | {e['cumulative_s']:.3f} |"
                for e in prof["cumulative"][:10]]
    return out


def render(document: dict[str, Any], notes: str) -> str:
    """The whole page."""
    m, method = document["machine"], document["method"]
    plans = method.get("plans") or method.get("files")
    repo = (f"`make_repo.py {plans} {method['actions']}`: {plans:,} plans, "
            f"{plans * method['actions']:,} actions, {method['repo_bytes']:,} bytes"
            if plans else f"{method['repo_bytes']:,} bytes of plans")
    load = m.get("load_average")
    lines = [INTRO, "## The run", "",
             f"Measured {document['date']} on {m['cpu']}, {m['usable_cores']} usable cores of {m['cores']}, "
             f"{m['memory_gib']} GiB, {m['system']}, Python {m['python']}, "
             f"{('Taskwarrior ' + m['taskwarrior']) if m['taskwarrior'] else 'no Taskwarrior'}; "
             f"load average at the end {', '.join(f'{x:.1f}' for x in load) if load else 'unknown'}. "
             f"The repository: {repo}. {method['runs']} run{'s' if method['runs'] != 1 else ''} of each command"
             f"{' (--quick)' if method.get('quick') else ''}; {method['measure']}.", "",
             "## Results", "", *results_table(document["rows"]), *against_table(document["rows"]),
             *cores_lines(document["rows"]), *memory_lines(document["rows"]), *profile_lines(document["rows"]), ""]
    return "\n".join(lines) + "\n" + notes


def main() -> None:
    """Read the results, print the page."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results", type=Path, help="the JSON run.py --json wrote")
    args = parser.parse_args()
    document = json.loads(args.results.read_text(encoding="utf-8"))
    print(render(document, NOTES.read_text(encoding="utf-8")), end="")


if __name__ == "__main__":
    main()
