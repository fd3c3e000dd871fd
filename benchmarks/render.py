"""Time the table format alone: `overdue` rendered as plain text (a pipe) and fitted to a terminal.

    python3 benchmarks/render.py /tmp/bench/plans [--width 120] [--runs 3]

The plans are loaded once, outside the timing; each figure is the best of the runs, in seconds,
with the number of lines written. docs/performance.md gives the figures.
"""

from __future__ import annotations

import argparse
import io
import time
from datetime import date
from pathlib import Path

from actiontrack.load.discover import find_plan_files, read_sources
from actiontrack.load.loader import Loader, plans_of
from actiontrack.query import listings, states
from actiontrack.render.tables import render_table


def main() -> None:
    """Load the plans, then time each way of drawing the overdue table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plans", type=Path)
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--as-of", default="2026-11-22")
    args = parser.parse_args()
    plans = plans_of(Loader().load(read_sources(find_plan_files([args.plans])), positions=False))
    on = date.fromisoformat(args.as_of)
    table = listings.overdue_table(states.overdue(plans, on), on)
    print(f"{len(table.rows):,} overdue rows in {len(plans):,} plans")
    for label, options in (("plain text (a pipe)", {}),
                           (f"fitted to {args.width} columns, coloured", {"terminal": True, "color": True,
                                                                           "width": args.width})):
        best, lines = float("inf"), 0
        for _ in range(args.runs):
            out = io.StringIO()
            start = time.perf_counter()
            render_table(table, "table", out, **options)  # type: ignore[arg-type]
            best = min(best, time.perf_counter() - start)
            lines = out.getvalue().count("\n")
        print(f"{label}: {best:.2f} s, {lines:,} lines")


if __name__ == "__main__":
    main()
