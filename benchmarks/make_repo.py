"""Write a deterministic synthetic plans repository for benchmarks: make_repo.py N_PLANS N_ACTIONS OUT_DIR."""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

# Synthetic words only: no real case details, no real people.
WORDS = (
    "review", "audit", "practice", "guidance", "supervision", "training", "referral", "assessment",
    "protocol", "agency", "staff", "multi-agency", "safeguarding", "children", "family", "records",
    "chronology", "strategy", "meeting", "conference", "plan", "quality", "assurance", "board",
    "partnership", "report", "evidence", "threshold", "health", "police", "school", "housing",
    "information", "sharing", "escalation", "management", "oversight", "monitoring", "compliance",
    "pathway",
)
ROLES = ("Service Manager QA", "Head of Service", "Named Nurse Safeguarding", "Designated Doctor",
         "Team Managers", "Partnership Business Manager", "Detective Inspector", "Workforce Development Lead")
SOURCE_KINDS = ("serious-case-review", "practice-review", "inspection", "domestic-homicide-review", "inquiry")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
STATUSES = ("not-started",) * 3 + ("in-progress",) * 4 + ("completed",) * 4 + ("embedded", "dropped")


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def timescale(rng: random.Random, plan_date: date) -> str:
    """A mix of the wordings real plans use, around the plan date."""
    d = plan_date + timedelta(days=rng.randint(14, 720))
    choice = rng.randrange(10)
    if choice == 0:
        return f"By {d.day}.{d.month}.{d.year % 100:02d}"
    if choice == 1:
        return f"{MONTHS[d.month - 1][:3]} {d.year % 100:02d}"
    if choice == 2:
        return f"{MONTHS[d.month - 1]} {d.year}"
    if choice == 3:
        return f"End of {MONTHS[d.month - 1]} {d.year}"
    if choice == 4:
        return rng.choice(("Ongoing", "Quarterly", "Six monthly", "With immediate effect"))
    if choice == 5:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if choice == 6:
        return f"{MONTHS[d.month - 1]} {d.year} (and yearly thereafter)"
    if choice == 7:
        return f"Q{rng.randint(1, 4)} {d.year}/{(d.year + 1) % 100:02d}"
    if choice == 8:
        return f"Within {rng.choice((3, 6, 9))} months"
    return f"Report to Board {d.day}.{d.month}.{d.year % 100:02d}"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plan_text(rng: random.Random, index: int, n_actions: int) -> str:
    plan_date = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650))
    pid = f"bench-plan-{index:05d}"
    people = {f"P{chr(65 + i)}": f"Person {chr(65 + i)}{index % 97} {rng.choice(('Smith', 'Jones', 'Khan', 'Evans'))}"
              for i in range(6)}
    lines = [
        f"# Synthetic benchmark plan {index}: generated, no real case.",
        f"id: {pid}",
        f"title: {quoted(sentence(rng, 4, 9))}",
        f"organisation: Synthetic Partnership {index % 150}",
        "source:",
        f"  kind: {rng.choice(SOURCE_KINDS)}",
        f"  reference: SCR {index}",
        f"date: {plan_date.isoformat()}",
        "people:",
    ]
    for key, name in people.items():
        lines += [f"  {key}:", f"    name: {name}", f"    role: {rng.choice(ROLES)}"]
    n_groups = rng.randint(2, 5)
    lines.append("groups:")
    for g in range(n_groups):
        lines += [f"  - id: g{g}", f"    title: {quoted('Agency ' + str(g) + ' ' + rng.choice(WORDS).title())}"]
    lines.append("recommendations:")
    per_rec = 5
    action_no = 0
    rec_no = 0
    while action_no < n_actions:
        rec_no += 1
        lines += [
            f'  - id: "{rec_no}"',
            f"    group: g{rng.randrange(n_groups)}",
            f"    text: {quoted(sentence(rng, 8, 18))}",
            f"    outcome: {quoted(sentence(rng, 4, 10))}",
            "    actions:",
        ]
        for k in range(min(per_rec, n_actions - action_no)):
            action_no += 1
            status = rng.choice(STATUSES)
            owners = rng.sample(list(people), rng.randint(1, 2)) + ([rng.choice(ROLES)] if rng.random() < 0.4 else [])
            lines += [
                f'      - id: "{rec_no}.{k + 1}"',
                f"        text: {quoted(sentence(rng, 5, 12))}",
                "        owners: [" + ", ".join(quoted(o) if " " in o else o for o in owners) + "]",
                f"        timescale: {quoted(timescale(rng, plan_date))}",
                f"        monitoring: {quoted(sentence(rng, 3, 6))}",
                f"        status: {status}",
            ]
            n_notes = rng.choice((0, 0, 1, 1, 2, 3)) if status != "not-started" else 0
            if status == "dropped":
                n_notes = max(1, n_notes)
            if n_notes:
                lines.append("        notes:")
                note_day = plan_date
                for _ in range(n_notes):
                    note_day += timedelta(days=rng.randint(10, 120))
                    lines += [f"          - date: {note_day.isoformat()}",
                              f"            by: {rng.choice(list(people))}",
                              f"            text: {quoted(sentence(rng, 4, 9))}"]
            if status == "embedded":
                lines += ["        evidence:",
                          f"          - date: {(plan_date + timedelta(days=400)).isoformat()}",
                          f"            description: {quoted(sentence(rng, 4, 10))}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n_plans", type=int)
    parser.add_argument("n_actions", type=int, help="actions per plan")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--progress", action="store_true", help="say how far it has got, on stderr")
    args = parser.parse_args()
    plans = args.out_dir / "plans"
    plans.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(args.n_plans):
        rng = random.Random(f"{args.seed}-{i}")  # per-plan seed: any plan regenerates alone, identically
        text = plan_text(rng, i, args.n_actions)
        (plans / f"bench-plan-{i:05d}.yaml").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        if args.progress and (i + 1) % max(1, args.n_plans // 10) == 0:
            print(f"  {i + 1:,} of {args.n_plans:,} plans written", file=sys.stderr, flush=True)
    print(f"wrote {args.n_plans} plans, {args.n_plans * args.n_actions} actions, {total:,} bytes to {plans}")


if __name__ == "__main__":
    main()
