"""The export contracts: the whole normalised model as JSON, or one action per JSON line; redacted for publication."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from actiontrack.load.loader import Unreadable
from actiontrack.model import Action, Plan
from actiontrack.validate.privacy import Guard, redact

Clean = Callable[[str], str]
# docs/json.md: version 2 added "version" and "unreadable"; version 1 was {"plans": [...]}.
JSON_VERSION = 2


def _same(text: str) -> str:
    return text


def export_document(plans: list[Plan], guard: Guard | None = None,
                    unreadable: Sequence[Unreadable] = ()) -> dict[str, object]:
    """`export --format json`: {"version": 2, "plans": [...], "unreadable": [...]}, recommendations and
    actions nested in each plan.

    With a `guard` (`--redact`), every person of the people key is replaced by their role, and
    everything the privacy guard finds is replaced by what it was (`[NHS number removed]`).
    """
    return {"version": JSON_VERSION, "plans": [_plan(p, _cleaner(p, guard), guard) for p in plans],
            "unreadable": [u.to_json() for u in unreadable]}


def export_lines(plans: list[Plan], guard: Guard | None = None) -> Iterator[dict[str, object]]:
    """`export --format jsonl`: one action per line, with its plan and recommendation ids."""
    for plan in plans:
        clean = _cleaner(plan, guard)
        for rec in plan.recommendations:
            for act in rec.actions:
                yield {"plan": plan.id, "recommendation": rec.id, **_action(act, plan, clean, guard), "file": plan.file}


def _cleaner(plan: Plan, guard: Guard | None) -> Clean:
    """The text redaction for one plan: the guard's matches, then people's names written out in full."""
    if guard is None:
        return _same
    names = sorted(((p.name, _stand_in(p.key, p.role)) for p in plan.people.values() if p.name != p.key),
                   key=lambda pair: len(pair[0]), reverse=True)
    patterns = [(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, n.split())) + r"(?!\w)", re.IGNORECASE), role)
                for n, role in names if n.strip()]

    def clean(text: str) -> str:
        out = redact(text, guard)
        for pattern, role in patterns:
            out = pattern.sub(role.replace("\\", r"\\"), out)
        return out

    return clean


def _stand_in(key: str, role: str | None) -> str:
    """Who a person is, for publication: their role, or the key's initials when the key gives none."""
    return role or key


def _who(plan: Plan, name: str, clean: Clean, guard: Guard | None) -> str:
    """An owner or note author, redacted: initials or a name from the key become the person's role."""
    if guard is None:
        return name
    person = plan.people.get(name) or next((p for p in plan.people.values() if p.name == name), None)
    return _stand_in(person.key, person.role) if person is not None and person.name != person.key else clean(name)


def _plan(plan: Plan, clean: Clean, guard: Guard | None = None) -> dict[str, object]:
    return {
        "id": plan.id,
        "title": clean(plan.title),
        "organisation": clean(plan.organisation),
        "source": {"kind": plan.source_kind, "reference": _opt(plan.source_reference, clean), "date": plan.source_date},
        "date": plan.date,
        "file": plan.file,
        "recommendations": [
            {"id": rec.id, "text": clean(rec.text), "group": rec.group,
             "actions": [_action(a, plan, clean, guard) for a in rec.actions]}
            for rec in plan.recommendations
        ],
    }


def _opt(text: str | None, clean: Clean) -> str | None:
    return None if text is None else clean(text)


def _action(act: Action, plan: Plan, clean: Clean = _same, guard: Guard | None = None) -> dict[str, object]:
    return {
        "id": act.id,
        "text": clean(act.text),
        "owners": [_who(plan, o, clean, guard) for o in act.owners],
        "timescale": act.timescale,
        "due": act.due,
        "kind": act.kind,
        "recurs": act.recurs,
        "status": act.status,
        "monitoring": _opt(act.monitoring, clean),
        "notes": [{"date": n.date, "by": _who(plan, n.by, clean, guard), "text": clean(n.text), "status": n.status}
                  for n in act.notes],
        "evidence": [{"date": e.date, "description": clean(e.description), "reference": _opt(e.reference, clean)}
                     for e in act.evidence],
        "line": act.line,
    }


def redact_plan(plan: Plan, guard: Guard) -> Plan:
    """The plan made fit to publish, as `export --redact` makes its JSON (docs/json.md), for the outputs
    that render a plan rather than export it (`report`, `export --format xlsx|ics` with `--redact`).

    Owners and note authors of the people key become their role, and so does each person in the
    key (name and all); every text goes through the same cleaning as the export's.
    """
    from dataclasses import replace

    clean = _cleaner(plan, guard)
    people = {key: replace(p, name=_stand_in(p.key, p.role)) for key, p in plan.people.items()}
    recs = tuple(
        replace(rec, text=clean(rec.text), outcome=_opt(rec.outcome, clean), actions=tuple(
            replace(act, text=clean(act.text), owners=tuple(_who(plan, o, clean, guard) for o in act.owners),
                    monitoring=_opt(act.monitoring, clean),
                    notes=tuple(replace(n, by=_who(plan, n.by, clean, guard), text=clean(n.text)) for n in act.notes),
                    evidence=tuple(replace(e, description=clean(e.description), reference=_opt(e.reference, clean))
                                   for e in act.evidence))
            for act in rec.actions))
        for rec in plan.recommendations)
    signed = plan.completed_by
    if signed is not None:
        signed = replace(signed, name=_who(plan, signed.name, clean, guard))
    return replace(plan, title=clean(plan.title), organisation=clean(plan.organisation),
                   source_reference=_opt(plan.source_reference, clean), people=people,
                   groups=tuple(replace(g, title=clean(g.title)) for g in plan.groups), recommendations=recs,
                   completed_by=signed)
