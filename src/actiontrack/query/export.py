"""The export contracts: the whole normalised model as JSON, or one action per JSON line."""

from __future__ import annotations

from collections.abc import Iterator

from actiontrack.model import Action, Plan


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
