"""The export contracts: the whole normalised model as JSON, or one action per JSON line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from actiontrack.model import Action, Plan

if TYPE_CHECKING:
    from actiontrack.cache import Cache


def export_view(paths: list[Path], fmt: str, out: TextIO, cache: Cache | None = None) -> list[str]:
    """`export`: write the model as one JSON document or JSON lines; return files with errors."""
    from actiontrack.render import dump_json, json_value
    from actiontrack.views import read_plans

    plans, skipped = read_plans(paths, cache)
    if fmt == "json":
        out.write(dump_json(export_document(plans)) + "\n")
    else:
        for line in export_lines(plans):
            out.write(json.dumps(json_value(line), ensure_ascii=False) + "\n")
    return skipped


def export_document(plans: list[Plan]) -> dict[str, object]:
    """`export --format json`: {"plans": [...]} with recommendations and actions nested."""
    return {"plans": [_plan(p) for p in plans]}


def export_lines(plans: list[Plan]) -> Iterator[dict[str, object]]:
    """`export --format jsonl`: one action per line, with its plan and recommendation ids."""
    for plan in plans:
        for rec in plan.recommendations:
            for act in rec.actions:
                yield {"plan": plan.id, "recommendation": rec.id, **_action(act), "file": plan.file}


def _plan(plan: Plan) -> dict[str, object]:
    return {
        "id": plan.id,
        "title": plan.title,
        "organisation": plan.organisation,
        "source": {"kind": plan.source_kind, "reference": plan.source_reference, "date": plan.source_date},
        "date": plan.date,
        "file": plan.file,
        "recommendations": [
            {"id": rec.id, "text": rec.text, "group": rec.group, "actions": [_action(a) for a in rec.actions]}
            for rec in plan.recommendations
        ],
    }


def _action(act: Action) -> dict[str, object]:
    return {
        "id": act.id,
        "text": act.text,
        "owners": list(act.owners),
        "timescale": act.timescale,
        "due": act.due,
        "kind": act.kind,
        "recurs": act.recurs,
        "status": act.status,
        "monitoring": act.monitoring,
        "notes": [{"date": n.date, "by": n.by, "text": n.text, "status": n.status} for n in act.notes],
        "evidence": [{"date": e.date, "description": e.description, "reference": e.reference} for e in act.evidence],
        "line": act.line,
    }
