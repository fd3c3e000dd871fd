"""The export contracts: the whole normalised model as JSON, or one action per JSON line (docs/json.md);
redacted for publication.

Version 3 holds every field of the format: the people key and groups, each recommendation's own
owners, status, rating and themes, each action's baseline and slip, completion date and lateness,
rating, agency, measure, expected evidence, themes and priority, and `x-...` keys under `extra`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from actiontrack.load.loader import Unreadable
from actiontrack.model import Action, Evidence, Note, Plan, Recommendation, agencies_of, themes_of, when_json
from actiontrack.query.progress import late_days, moved_from, slip_days
from actiontrack.validate.privacy import Guard, redact

Clean = Callable[[str], str]
# docs/json.md: version 2 added "version" and "unreadable" (version 1 was {"plans": [...]});
# version 3 every field of the format for real plans; version 4 the plan's `reaudit` and evidence
# `expires` (stale evidence). A jsonl line carries the version too.
JSON_VERSION = 4


def _same(text: str) -> str:
    return text


def export_document(plans: list[Plan], guard: Guard | None = None,
                    unreadable: Sequence[Unreadable] = (), *, lazy: bool = False) -> dict[str, object]:
    """`export --format json`: {"version": 4, "plans": [...], "unreadable": [...]}, recommendations and
    actions nested in each plan.

    With a `guard` (`--redact`), every person of the people key is replaced by their role, and
    everything the privacy guard finds is replaced by what it was (`[NHS number removed]`), in
    every text field, `x-...` values included. With `lazy`, "plans" is a `PlanObjects`: each plan's
    object made as it is read, for a writer that takes one at a time.
    """
    made: Sequence[dict[str, object]] = PlanObjects(plans, guard)
    return {"version": JSON_VERSION, "plans": made if lazy else list(made),
            "unreadable": [u.to_json() for u in unreadable]}


class PlanObjects(Sequence[dict[str, object]]):
    """The plans' export objects, each made when it is read (a new object every time): the whole
    export of 50,000 actions is 5x the model's memory when made at once (docs/performance.md)."""

    def __init__(self, plans: list[Plan], guard: Guard | None) -> None:
        self._plans = plans
        self._guard = guard

    def __len__(self) -> int:
        return len(self._plans)

    def __getitem__(self, index: int) -> dict[str, object]:  # type: ignore[override]  # no slices
        plan = self._plans[index]
        return _plan(plan, _cleaner(plan, self._guard), self._guard)

    def __iter__(self) -> Iterator[dict[str, object]]:
        for plan in self._plans:
            yield _plan(plan, _cleaner(plan, self._guard), self._guard)


def export_lines(plans: list[Plan], guard: Guard | None = None) -> Iterator[dict[str, object]]:
    """`export --format jsonl`: one action per line, with its plan and recommendation ids."""
    for plan in plans:
        clean = _cleaner(plan, guard)
        for rec in plan.recommendations:
            for act in rec.actions:
                yield {"version": JSON_VERSION, "plan": plan.id, "recommendation": rec.id,
                       **_action(act, plan, rec, clean, guard), "file": plan.file}


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


def _who(plan: Plan, name: str | None, clean: Clean, guard: Guard | None) -> str | None:
    """An owner or note author, redacted: initials or a name from the key become the person's role."""
    if guard is None or name is None:
        return name
    person = plan.people.get(name) or next((p for p in plan.people.values() if p.name == name), None)
    return _stand_in(person.key, person.role) if person is not None and person.name != person.key else clean(name)


def _opt(text: str | None, clean: Clean) -> str | None:
    return None if text is None else clean(text)


def _extra(extra: dict[str, object], clean: Clean) -> dict[str, object]:
    """`x-...` values, their text redacted too: an extra column can hold anything a cell held."""
    def walk(value: object) -> object:
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return extra if clean is _same else {k: walk(v) for k, v in extra.items()}


def _plan(plan: Plan, clean: Clean, guard: Guard | None = None) -> dict[str, object]:
    so = plan.completed_by
    return {
        "id": plan.id,
        "title": clean(plan.title),
        "organisation": clean(plan.organisation),
        "source": {"kind": plan.source_kind, "reference": _opt(plan.source_reference, clean),
                   "date": plan.source_date, "extra": _extra(plan.source_extra, clean)},
        "date": plan.date,
        "published": plan.published,
        "version": plan.version,
        "completed_by": None if so is None else {
            # Published, the one who signed off is their role, as every person of the key is.
            "name": so.role if guard is not None and so.role else _who(plan, so.name, clean, guard), "role": so.role,
            "date": so.date, "extra": _extra(so.extra, clean)},
        "rag_scale": dict(plan.rag_scale),
        "reaudit": plan.reaudit,
        "people": [{"key": p.key, "name": _stand_in(p.key, p.role) if guard is not None else p.name,
                    "role": p.role, "agency": p.agency, "extra": _extra(p.extra, clean)}
                   for p in plan.people.values()],
        "groups": [{"id": g.id, "title": clean(g.title), "extra": _extra(g.extra, clean)} for g in plan.groups],
        "extra": _extra(plan.extra, clean),
        "file": plan.file,
        "recommendations": [_recommendation(plan, rec, clean, guard) for rec in plan.recommendations],
    }


def _recommendation(plan: Plan, rec: Recommendation, clean: Clean, guard: Guard | None) -> dict[str, object]:
    return {
        "id": rec.id,
        "text": clean(rec.text),
        "group": rec.group,
        "outcome": _opt(rec.outcome, clean),
        "references": [clean(r) for r in rec.references],
        "amendments": [{"date": a.date, "text": clean(a.text), "extra": _extra(a.extra, clean)}
                       for a in rec.amendments],
        "owners": [_who(plan, o, clean, guard) for o in rec.owners],
        "status": rec.status,
        "rag": rec.rag,
        "rag_label": rec.rag_label,
        "themes": list(rec.themes),
        "standalone": rec.standalone,
        "extra": _extra(rec.extra, clean),
        "actions": [_action(a, plan, rec, clean, guard) for a in rec.actions],
    }


def _action(act: Action, plan: Plan, rec: Recommendation, clean: Clean = _same,
            guard: Guard | None = None) -> dict[str, object]:
    return {
        "id": act.id,
        "text": clean(act.text),
        "owners": [_who(plan, o, clean, guard) for o in act.owners],
        "owners_inherited": act.owners_inherited,
        "agency": act.agency,
        "agencies": list(agencies_of(plan, act)),
        "timescale": act.timescale,
        "due": act.due,
        "kind": act.kind,
        "recurs": act.recurs,
        "starts": act.starts,
        "baseline": moved_from(act),
        "baseline_text": act.baseline_text,
        "slip_days": slip_days(act),
        "status": act.status,
        "completed_on": when_json(act.completed_on, act.completed_month) if act.completed_on else None,
        "late_days": late_days(act),
        "rag": act.rag,
        "rag_label": act.rag_label,
        "priority": act.priority,
        "themes": list(act.themes),
        "all_themes": list(themes_of(rec, act)),
        "monitoring": _opt(act.monitoring, clean),
        "measure": _opt(act.measure, clean),
        "expected_evidence": _opt(act.expected_evidence, clean),
        "notes": [_note(n, plan, clean, guard) for n in act.notes],
        "evidence": [_evidence(e, clean) for e in act.evidence],
        "extra": _extra(act.extra, clean),
        "line": act.line,
    }


def _note(n: Note, plan: Plan, clean: Clean, guard: Guard | None) -> dict[str, object]:
    return {"date": when_json(n.date, n.month), "by": _who(plan, n.by, clean, guard), "text": clean(n.text),
            "status": n.status, "extra": _extra(n.extra, clean)}


def _evidence(e: Evidence, clean: Clean) -> dict[str, object]:
    return {"date": e.date, "description": clean(e.description), "reference": _opt(e.reference, clean),
            "expires": e.expires, "extra": _extra(e.extra, clean)}


def redact_plan(plan: Plan, guard: Guard) -> Plan:
    """The plan made fit to publish, as `export --redact` makes its JSON (docs/json.md), for the outputs
    that render a plan rather than export it (`report`, `export --format xlsx|ics` with `--redact`).

    Owners and note authors of the people key become their role, and so does each person in the
    key (name and all); every text goes through the same cleaning as the export's, `x-...` values
    included.
    """
    from dataclasses import replace

    clean = _cleaner(plan, guard)

    def owners(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_who(plan, o, clean, guard) or o for o in names)

    def action(act: Action) -> Action:
        return replace(
            act, text=clean(act.text), owners=owners(act.owners), monitoring=_opt(act.monitoring, clean),
            measure=_opt(act.measure, clean), expected_evidence=_opt(act.expected_evidence, clean),
            extra=_extra(act.extra, clean),
            notes=tuple(replace(n, by=_who(plan, n.by, clean, guard), text=clean(n.text), extra=_extra(n.extra, clean))
                        for n in act.notes),
            evidence=tuple(replace(e, description=clean(e.description), reference=_opt(e.reference, clean),
                                   extra=_extra(e.extra, clean)) for e in act.evidence))

    people = {key: replace(p, name=_stand_in(p.key, p.role), extra=_extra(p.extra, clean))
              for key, p in plan.people.items()}
    recs = tuple(
        replace(rec, text=clean(rec.text), outcome=_opt(rec.outcome, clean), owners=owners(rec.owners),
                references=tuple(clean(r) for r in rec.references), extra=_extra(rec.extra, clean),
                amendments=tuple(replace(a, text=clean(a.text), extra=_extra(a.extra, clean)) for a in rec.amendments),
                actions=tuple(action(act) for act in rec.actions))
        for rec in plan.recommendations)
    signed = plan.completed_by
    if signed is not None:
        signed = replace(signed, name=signed.role or _who(plan, signed.name, clean, guard) or signed.name,
                         extra=_extra(signed.extra, clean))
    return replace(plan, title=clean(plan.title), organisation=clean(plan.organisation),
                   source_reference=_opt(plan.source_reference, clean), source_extra=_extra(plan.source_extra, clean),
                   people=people, extra=_extra(plan.extra, clean),
                   groups=tuple(replace(g, title=clean(g.title), extra=_extra(g.extra, clean)) for g in plan.groups),
                   recommendations=recs, completed_by=signed)
