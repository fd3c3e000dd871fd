"""The model builder: a positioned tree becomes a Plan, with every structural problem a located finding."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from actiontrack.errors import ERROR, Finding
from actiontrack.load.yamlread import MAX_FINDINGS, REFUSED, BadDate, Number, Timestamp, YList, YMap
from actiontrack.model import (
    PLAN_ID,
    SOURCE_KINDS,
    STATUSES,
    Action,
    Amendment,
    Evidence,
    Group,
    Note,
    Person,
    Plan,
    Recommendation,
    SignOff,
)
from actiontrack.model import unknown_status as model_unknown_status
from actiontrack.timescale import parse_timescale
from actiontrack.wording import did_you_mean

_ACTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")

# Field specs: name -> (type, required). Types: text, date, slug, actionid, map, list, textlist, owners.
PLAN_FIELDS = {
    "id": ("slug", True), "title": ("text", True), "organisation": ("text", True),
    "source": ("map", True), "date": ("date", True), "published": ("date", False),
    "version": ("text", False), "completed_by": ("map", False), "people": ("map", False),
    "groups": ("list", False), "recommendations": ("list", True),
}
SOURCE_FIELDS = {"kind": ("text", True), "reference": ("text", False), "date": ("date", False)}
SIGNOFF_FIELDS = {"name": ("text", True), "role": ("text", False), "date": ("date", False)}
PERSON_FIELDS = {"name": ("text", True), "role": ("text", False)}
GROUP_FIELDS = {"id": ("slug", True), "title": ("text", True)}
REC_FIELDS = {
    "id": ("text", True), "text": ("text", True), "outcome": ("text", False),
    "group": ("text", False), "references": ("textlist", False), "amendments": ("list", False),
    "actions": ("list", True),
}
AMENDMENT_FIELDS = {"date": ("date", False), "text": ("text", True)}
ACTION_FIELDS = {
    "id": ("actionid", True), "text": ("text", True), "owners": ("owners", True),
    "timescale": ("text", False), "due": ("date", False), "monitoring": ("text", False),
    "status": ("text", True), "notes": ("list", False), "evidence": ("list", False),
}
NOTE_FIELDS = {"date": ("date", True), "by": ("text", True), "text": ("text", True), "status": ("text", False)}
EVIDENCE_FIELDS = {"date": ("date", True), "description": ("text", True), "reference": ("text", False)}

_TYPE_WORDS = {
    "text": "text", "date": "a date (YYYY-MM-DD)", "slug": "a slug (lower-case letters, digits, -)",
    "actionid": "an action id (letters, digits, . _ -)", "map": "a mapping of fields",
    "list": "a list", "textlist": "a list of text", "owners": "a list of owners",
}


# A mapping's fields after `fields()` checked each value against its spec: the spec, checked at
# run time, is their type (text, a date, a YList of ...), which the checker cannot follow.
Fields = dict[str, Any]

_NO_POSITIONS: dict[str, tuple[int, int]] = {}  # shared and never written: listings keep no positions


def build_plan(tree: object, findings: list[Finding], file: str,
               positions: bool = True) -> tuple[Plan | None, list[Finding]]:
    """The plan in a positioned tree (None when its structure cannot be queried), and every finding, sorted.

    `positions=False` leaves out each key's line and column (validate and edits need them,
    listings do not): a third less memory on a large repository.
    """
    builder = _Builder(file, list(findings), positions)
    try:
        plan = builder.plan(tree)
    except _TooMany:
        return None, sorted(builder.findings)
    return plan, sorted(builder.findings)


class _TooMany(Exception):
    """Raised when a file has given MAX_FINDINGS findings: the rest would only bury them."""


class _Builder:
    """Builds model objects from a positioned tree, reporting every structural problem."""

    def __init__(self, file: str, findings: list[Finding], positions: bool = True) -> None:
        self.file = file
        self.findings = findings
        self.positions = positions
        self.plan_date: date | None = None

    def keys(self, node: YMap) -> dict[str, tuple[int, int]]:
        return dict(node.kpos) if self.positions else _NO_POSITIONS

    def add(self, pos: tuple[int, int], code: str, message: str) -> None:
        self.findings.append(Finding(self.file, pos[0], pos[1], ERROR, code, message))
        if len(self.findings) >= MAX_FINDINGS:
            self.findings.append(Finding(self.file, pos[0], pos[1], ERROR, "AT009",
                                         f"{MAX_FINDINGS:,} problems found by here: fix these first (the rest of "
                                         "the file was not checked)"))
            raise _TooMany

    def fields(self, node: object, spec: dict[str, tuple[str, bool]], where: str,
               pos: tuple[int, int]) -> Fields | None:
        """Check a mapping against its spec; return the well-typed values (bad ones dropped)."""
        if not isinstance(node, YMap):
            if node is not REFUSED:  # a tagged node was reported where it was read (AT007)
                self.add(pos, "AT103", f"{where} must be a mapping of fields, not {_describe(node)}")
            return None
        out: Fields = {}
        for key, value in node.items():
            kind_required = spec.get(key)
            if kind_required is not None and type(value) is str and kind_required[0] == "text" and value.strip():
                out[key] = value  # the common case, checked without the general machinery
                continue
            if value is REFUSED:
                continue  # a tagged value: reported where it was read (AT007)
            if key not in spec:
                hint = did_you_mean(str(key), list(spec)) or f" (known: {', '.join(spec)})"
                self.add(node.kpos[key], "AT101", f"unknown key '{key}' in {where}{hint}")
                continue
            kind = spec[key][0]
            checked = self.typed(value, kind, f"{key}", node.vpos[key])
            if checked is not None:
                out[key] = checked
        for key, (_, required) in spec.items():
            if required and key not in node:
                self.add((node.line, node.col), "AT102", f"missing required field '{key}' in {where}")
        return out

    def typed(self, value: object, kind: str, key: str, pos: tuple[int, int]) -> object | None:
        if kind == "date":
            if isinstance(value, BadDate):
                self.add(pos, "AT105", f"'{key}' is not a real date: {value}")
                return None
            if isinstance(value, date):
                return value
            if isinstance(value, Timestamp):
                self.add(pos, "AT103", f"'{key}' must be a date (YYYY-MM-DD) without a time, not {value}")
                return None
        elif kind in ("text", "slug", "actionid"):
            if isinstance(value, str) and not isinstance(value, (BadDate, Timestamp, Number)) and value.strip():
                if kind == "slug" and not PLAN_ID.match(value):
                    self.add(pos, "AT104", f"'{key}' must be a slug (lower-case letters, digits, -): '{value}'")
                    return None
                if kind == "actionid" and not _ACTION_ID.match(value):
                    self.add(pos, "AT104", f"'{key}' must use only letters, digits, '.', '_' and '-': '{value}'")
                    return None
                return value
            if isinstance(value, str) and not value.strip():
                self.add(pos, "AT103", f"'{key}' is empty")
                return None
            if isinstance(value, (Number, date)):
                self.add(pos, "AT103",
                         f"'{key}' must be text, not {_describe(value)}: quote it (\"{_short(_raw(value))}\")")
                return None
        elif kind in ("map", "list"):
            if isinstance(value, YMap if kind == "map" else YList):
                return value
        elif kind in ("textlist", "owners") and isinstance(value, YList):
            good = []
            for item, ipos in zip(value, value.ipos):
                if isinstance(item, str) and not isinstance(item, (Number, BadDate, Timestamp)) and item.strip():
                    good.append((item, ipos))
                elif item is not REFUSED:
                    self.add(ipos, "AT103", f"each item of '{key}' must be text, not {_describe(item)}")
            if kind == "owners" and not good:
                if not value:
                    self.add(pos, "AT102", "'owners' is empty: name at least one owner")
                return None  # no usable owner: the action cannot be listed
            return good
        self.add(pos, "AT103", f"'{key}' must be {_TYPE_WORDS[kind]}, not {_describe(value)}")
        return None

    def plan(self, tree: object) -> Plan | None:
        f = self.fields(tree, PLAN_FIELDS, "the plan", (1, 1))
        if f is None:
            return None
        assert isinstance(tree, YMap)
        self.plan_date = f.get("date")
        src = self.fields(f["source"], SOURCE_FIELDS, "source", tree.vpos["source"]) if "source" in f else None
        if src and "kind" in src and src["kind"] not in SOURCE_KINDS:
            self.add(f["source"].vpos["kind"], "AT104",
                     f"unknown source kind '{src['kind']}' (one of: {', '.join(SOURCE_KINDS)})")
        people = self.people(f.get("people"), tree)
        groups = self.groups(f.get("groups"))
        recs = self.recommendations(f.get("recommendations"))
        so = self.fields(f["completed_by"], SIGNOFF_FIELDS, "completed_by", tree.vpos["completed_by"]) \
            if "completed_by" in f else None
        if any(k not in f for k in ("id", "title", "organisation", "date", "recommendations")) or src is None \
                or "kind" not in src:
            return None  # reported already; a plan without these cannot be queried
        return Plan(
            id=f["id"], title=f["title"], organisation=f["organisation"],
            source_kind=src["kind"], source_reference=src.get("reference"),
            source_date=src.get("date"), date=f["date"], published=f.get("published"),
            version=f.get("version"),
            completed_by=SignOff(so["name"], so.get("role"), so.get("date")) if so and "name" in so else None,
            people=people, groups=groups, recommendations=recs, file=self.file,
            line=tree.line, keys=self.keys(tree),
        )

    def people(self, node: object, tree: YMap) -> dict[str, Person]:
        out: dict[str, Person] = {}
        if not isinstance(node, YMap):
            return out
        for key, value in node.items():
            p = self.fields(value, PERSON_FIELDS, f"people.{key}", node.vpos[key])
            if p and "name" in p:
                out[str(key)] = Person(str(key), p["name"], p.get("role"))
        return out

    def groups(self, node: object) -> tuple[Group, ...]:
        out: list[Group] = []
        for item, pos in _items(node):
            g = self.fields(item, GROUP_FIELDS, "a group", pos)
            if g and "id" in g and "title" in g:
                out.append(Group(g["id"], g["title"]))
        return tuple(out)

    def recommendations(self, node: object) -> tuple[Recommendation, ...]:
        out: list[Recommendation] = []
        for item, pos in _items(node):
            r = self.fields(item, REC_FIELDS, "a recommendation", pos)
            if r is None:
                continue
            assert isinstance(item, YMap)
            amendments = []
            for a_item, a_pos in _items(r.get("amendments")):
                a = self.fields(a_item, AMENDMENT_FIELDS, "an amendment", a_pos)
                if a and "text" in a:
                    amendments.append(Amendment(a["text"], a.get("date")))
            actions = tuple(a for a in (self.action(x, p) for x, p in _items(r.get("actions"))) if a)
            if "actions" in r and not r["actions"]:
                self.add(item.vpos["actions"], "AT102",
                         "'actions' is empty: a recommendation needs at least one action")
            if "id" not in r or "text" not in r:
                continue
            out.append(Recommendation(
                id=r["id"], text=r["text"], outcome=r.get("outcome"), group=r.get("group"),
                references=tuple(t for t, _ in r.get("references", ())),
                amendments=tuple(amendments), actions=actions, line=item.line, col=item.col,
                keys=self.keys(item),
            ))
        return tuple(out)

    def action(self, node: object, pos: tuple[int, int]) -> Action | None:
        a = self.fields(node, ACTION_FIELDS, "an action", pos)
        if a is None or any(k not in a for k in ("id", "text", "owners", "status")):
            return None
        if a["status"] not in STATUSES:
            # Reported at load, so every listing names the file and exits 1; the action stays
            # (a diff must not see it as removed) and counts as open: nobody recorded it done.
            assert isinstance(node, YMap)
            self.add(node.kpos["status"], "AT302", unknown_status(str(a["status"])))
        assert isinstance(node, YMap)
        notes = []
        for n_item, n_pos in _items(a.get("notes")):
            n = self.fields(n_item, NOTE_FIELDS, "a note", n_pos)
            if n and all(k in n for k in ("date", "by", "text")):
                notes.append(Note(n["date"], n["by"], n["text"], n.get("status"), n_pos[0], n_pos[1]))
        evidence = []
        for e_item, e_pos in _items(a.get("evidence")):
            e = self.fields(e_item, EVIDENCE_FIELDS, "an evidence entry", e_pos)
            if e and "date" in e and "description" in e:
                evidence.append(Evidence(e["date"], e["description"], e.get("reference"), e_pos[0], e_pos[1]))
        timescale: str | None = a.get("timescale")
        due_given: date | None = a.get("due")
        ts = parse_timescale(timescale, plan_date=self.plan_date) if timescale else None
        kind = "date" if due_given else (ts.kind if ts else "unknown")
        owners = a["owners"]
        return Action(
            id=a["id"], text=a["text"], owners=tuple(o for o, _ in owners),
            timescale=timescale, due_given=due_given, kind=kind,
            due=due_given or (ts.due if ts else None), recurs=ts.recurs if ts else None,
            monitoring=a.get("monitoring"), status=a["status"],
            notes=tuple(notes), evidence=tuple(evidence), line=node.line, col=node.col,
            keys=self.keys(node),
            owner_pos=tuple(p for _, p in owners) if self.positions else (),
        )


def _items(node: object) -> list[tuple[object, tuple[int, int]]]:
    if isinstance(node, YList):
        return list(zip(node, node.ipos))
    return []


def unknown_status(status: str) -> str:
    """The AT302 message, with a did-you-mean (the value quoted back cut short)."""
    return model_unknown_status(status, _short(status))


def _short(text: str, limit: int = 40) -> str:
    """A value quoted back in a finding: one line, cut short (it may be case text, and CI logs keep it)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, Number):
        return f"a number ({value})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    return f"text ('{_short(str(value))}')"


def _raw(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)

