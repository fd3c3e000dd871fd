"""What `diff` compares: one table of fields per level, and the JSON view of every model value.

The tables are the whole list of compared fields. A new field of the model joins the comparison
as one line in its level's table: `Field("rag", lambda a: a.rag)` makes the change kind
`action-rag`, compared by value, shown as `action 1.2 (…) rag: amber -> green` and in JSON with
its before and after. Only a field with a rule of its own (a status step that needs a note, a
due date that needs the ledger) has code beyond its line, in query/diff_rules.py.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from actiontrack.model import (
    Action,
    Amendment,
    Evidence,
    Group,
    Note,
    Person,
    Plan,
    Recommendation,
    SignOff,
    when_json,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """One compared field: its name (the kind is `LEVEL-NAME`) and how to read its value.

    The value must be a JSON value (text, a date, a list, a mapping, or None): it is what the
    change carries as `before` and `after`, and what is compared.
    """

    name: str
    get: Callable[[T], object]
    label: str | None = None  # the words text output uses; default: the name, hyphens as spaces

    @property
    def words(self) -> str:
        """The field as text output names it: `source reference`, `sign-off`."""
        return self.label or self.name.replace("-", " ")


@dataclass(frozen=True, slots=True)
class Record(Generic[T]):
    """An append-only list (notes, evidence, amendments): entries added are changes, entries
    edited or removed are problems. `key` is what makes two entries the same."""

    name: str  # note, evidence, amendment: the kinds are NAME-added, NAME-edited, NAME-removed
    items: Callable[[Any], Sequence[T]]  # the owner (an action, a recommendation) to its entries
    key: Callable[[T], tuple[Hashable, ...]]  # the entry's own facts; ident() adds its x- keys
    fields: tuple[str, ...]  # the names of the key's parts, in order, for "was edited (text)"
    view: Callable[[T], dict[str, object]]  # the entry's own facts as JSON; json() adds its x- keys

    @property
    def names(self) -> tuple[str, ...]:
        """The names of ident()'s parts, in order: the key's, then `extra`."""
        return (*self.fields, "extra")

    def ident(self, item: T) -> tuple[Hashable, ...]:
        """What makes two entries the same: every fact of the entry, its `x-...` keys too."""
        return (*self.key(item), frozen(getattr(item, "extra", {})))

    def json(self, item: T) -> dict[str, object]:
        """The entry as the diff JSON contract gives it: its facts, then `extra` (its x- keys)."""
        return {**self.view(item), "extra": getattr(item, "extra", {})}


def frozen(value: object) -> Hashable:
    """A plain value (x- keys hold mappings, lists and scalars) as a hashable one, equal when the value is."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return ("list", *(frozen(v) for v in value))
    return value  # a YAML scalar: text, number, bool, date or None


def sign_off_json(so: SignOff | None) -> dict[str, object] | None:
    """The plan's sign-off (`completed_by`) as JSON."""
    return None if so is None else {"name": so.name, "role": so.role, "date": so.date, "extra": so.extra}


def note_json(n: Note) -> dict[str, object]:
    """A note as the diff JSON contract gives it (a note dated by month: `"date": "YYYY-MM"`)."""
    return {"date": when_json(n.date, n.month) if n.month else n.date, "by": n.by, "text": n.text,
            "status": n.status}


def _rating(item: Action | Recommendation) -> str | None:
    """A rating as the plan writes it: the source's word when its rag_scale has one, else the colour."""
    return item.rag_label or item.rag


def evidence_json(e: Evidence) -> dict[str, object]:
    """An evidence entry as the diff JSON contract gives it."""
    return {"date": e.date, "description": e.description, "reference": e.reference, "expires": e.expires}


def amendment_json(a: Amendment) -> dict[str, object]:
    """An amendment as the diff JSON contract gives it."""
    return {"date": a.date, "text": a.text}


# ---------------------------------------------------------------- the tables, one per level

PLAN_FIELDS: tuple[Field[Plan], ...] = (
    Field("title", lambda p: p.title),
    Field("organisation", lambda p: p.organisation),
    Field("source-kind", lambda p: p.source_kind),
    Field("source-reference", lambda p: p.source_reference),
    Field("source-date", lambda p: p.source_date),
    Field("date", lambda p: p.date),  # rule: the due dates it moves are listed under it
    Field("published", lambda p: p.published),
    Field("version", lambda p: p.version),
    Field("sign-off", lambda p: sign_off_json(p.completed_by), "sign-off"),
    Field("rag-scale", lambda p: dict(p.rag_scale), "rag scale"),
    Field("reaudit", lambda p: p.reaudit),
    Field("source-extra", lambda p: p.source_extra, "source x- keys"),
    Field("extra", lambda p: p.extra, "x- keys"),
)
# The people key and the groups are keyed collections: an entry added, removed or changed.
PERSON_FIELDS: tuple[Field[Person], ...] = (
    Field("name", lambda p: p.name),
    Field("role", lambda p: p.role),
    Field("agency", lambda p: p.agency),
    Field("extra", lambda p: p.extra, "x- keys"),
)
GROUP_FIELDS: tuple[Field[Group], ...] = (
    Field("title", lambda g: g.title),
    Field("extra", lambda g: g.extra, "x- keys"),
)
RECOMMENDATION_FIELDS: tuple[Field[Recommendation], ...] = (
    Field("text", lambda r: r.text),
    Field("outcome", lambda r: r.outcome),
    Field("group", lambda r: r.group),
    Field("references", lambda r: list(r.references)),
    Field("owners", lambda r: list(r.owners)),
    Field("status", lambda r: r.status),  # the source's own label for it; its actions' statuses decide
    Field("rag", _rating),
    Field("themes", lambda r: list(r.themes)),
    Field("extra", lambda r: r.extra, "x- keys"),
)
ACTION_FIELDS: tuple[Field[Action], ...] = (
    Field("text", lambda a: a.text),
    Field("status", lambda a: a.status),  # rule: a step back, a drop or a close needs its note
    Field("due", lambda a: a.due),  # the effective date; rule: a move needs its ledger note
    Field("timescale", lambda a: a.timescale),  # the source's wording, even when `due` decides
    Field("recurs", lambda a: a.recurs),
    Field("owners", lambda a: list(a.owners)),
    Field("monitoring", lambda a: a.monitoring),
    Field("baseline", lambda a: a.baseline_text or a.baseline),  # the original target, as written
    Field("completed-on", lambda a: when_json(a.completed_on, a.completed_month) if a.completed_on else None,
          "completed on"),
    Field("rag", _rating),
    Field("agency", lambda a: a.agency),
    Field("measure", lambda a: a.measure),
    Field("expected-evidence", lambda a: a.expected_evidence),
    Field("themes", lambda a: list(a.themes)),
    Field("priority", lambda a: a.priority),
    Field("extra", lambda a: a.extra, "x- keys"),
)

@dataclass(frozen=True, slots=True)
class _Month:
    """A note dated by month, in its record key: "2017-12" is not the day 2017-12-31 it counts as,
    so re-dating one to the other is an edit; said as the date is ("its date 2017-12 is now ...")."""

    text: str

    def isoformat(self) -> str:
        return self.text


def _note_date(n: Note) -> Hashable:
    return _Month(when_json(n.date, True)) if n.month else n.date


NOTES: Record[Note] = Record("note", lambda a: a.notes, lambda n: (_note_date(n), n.by, n.text, n.status),
                             ("date", "by", "text", "status"), note_json)
EVIDENCE: Record[Evidence] = Record("evidence", lambda a: a.evidence,
                                    lambda e: (e.date, e.description, e.reference, e.expires),
                                    ("date", "description", "reference", "expires"), evidence_json)
AMENDMENTS: Record[Amendment] = Record("amendment", lambda r: r.amendments,
                                       lambda a: (a.date, a.text), ("date", "text"), amendment_json)
ACTION_RECORDS = (NOTES, EVIDENCE)
RECOMMENDATION_RECORDS = (AMENDMENTS,)


def kinds(level: str, fields: Sequence[Field[T]]) -> tuple[str, ...]:
    """The change kinds of a table: `LEVEL-NAME` for each field."""
    return tuple(f"{level}-{f.name}" for f in fields)


def labels() -> dict[str, str]:
    """Every field's change kind -> the words text output names it by."""
    tables: tuple[tuple[str, Sequence[Field[Any]]], ...] = (
        ("plan", PLAN_FIELDS), ("recommendation", RECOMMENDATION_FIELDS), ("action", ACTION_FIELDS))
    return {f"{level}-{f.name}": f.words for level, fields in tables for f in fields}


def values(fields: Sequence[Field[T]], item: T) -> dict[str, object]:
    """Every field of an item, by name: the JSON of a person, a group or the compared part of an action."""
    return {f.name: f.get(item) for f in fields}


# ---------------------------------------------------------------- whole items, for "shown in full"


def action_json(act: Action) -> dict[str, object]:
    """An action in full, as `action-added` and `action-removed` carry it."""
    return {"id": act.id, **values(ACTION_FIELDS, act), "notes": [NOTES.json(n) for n in act.notes],
            "evidence": [EVIDENCE.json(e) for e in act.evidence]}


def recommendation_json(rec: Recommendation) -> dict[str, object]:
    """A recommendation's own fields (its actions are changes of their own)."""
    return {"id": rec.id, **values(RECOMMENDATION_FIELDS, rec),
            "amendments": [AMENDMENTS.json(a) for a in rec.amendments]}


def plan_json(plan: Plan) -> dict[str, object]:
    """A plan's own fields, people key and groups (its recommendations are changes of their own)."""
    return {"id": plan.id, **values(PLAN_FIELDS, plan),
            "people": {key: values(PERSON_FIELDS, p) for key, p in plan.people.items()},
            "groups": {g.id: values(GROUP_FIELDS, g) for g in plan.groups}}
