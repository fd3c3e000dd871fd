"""The model builder: a positioned tree becomes a Plan, with every structural problem a located finding.

The specs and the checking of each value are in `fields`; this module reads the checked values
into the model: dates and wordings read, ratings mapped through the plan's `rag_scale`, owners
inherited from the recommendation, a recommendation with no actions tracked as one action.
"""

from __future__ import annotations

from datetime import date

from actiontrack.dates import INTERVAL_WORDS, read_interval
from actiontrack.errors import Finding
from actiontrack.load.fields import (
    ACTION_FIELDS,
    ACTION_ONLY_HINTS,
    AMENDMENT_FIELDS,
    EVIDENCE_FIELDS,
    GROUP_FIELDS,
    NOTE_FIELDS,
    PERSON_FIELDS,
    PLAN_FIELDS,
    REC_FIELDS,
    SIGNOFF_FIELDS,
    SOURCE_FIELDS,
    STANDALONE_FIELDS,
    FieldReader,
    Fields,
    TooMany,
    extra,
    is_action_id,
    short,
)
from actiontrack.load.yamlread import YList, YMap
from actiontrack.model import (
    PRIORITIES,
    RAG_COLOURS,
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

_NO_POSITIONS: dict[str, tuple[int, int]] = {}  # shared and never written: listings keep no positions
Pos = tuple[int, int]


def build_plan(tree: object, findings: list[Finding], file: str,
               positions: bool = True) -> tuple[Plan | None, list[Finding]]:
    """The plan in a positioned tree (None when its structure cannot be queried), and every finding, sorted.

    `positions=False` leaves out each key's line and column (validate and edits need them,
    listings do not): a third less memory on a large repository.
    """
    builder = _Builder(file, list(findings), positions)
    try:
        plan = builder.plan(tree)
    except TooMany:
        return None, sorted(builder.findings)
    return plan, sorted(builder.findings)


class _Builder(FieldReader):
    """Builds model objects from a positioned tree, reporting every structural problem."""

    def __init__(self, file: str, findings: list[Finding], positions: bool = True) -> None:
        super().__init__(file, findings)
        self.positions = positions
        self.plan_date: date | None = None
        self.published: date | None = None
        self.rag_scale: dict[str, str] = {}

    def keys(self, node: YMap) -> dict[str, tuple[int, int]]:
        return dict(node.kpos) if self.positions else _NO_POSITIONS

    def plan(self, tree: object) -> Plan | None:
        f = self.fields(tree, PLAN_FIELDS, "the plan", (1, 1))
        if f is None:
            return None
        assert isinstance(tree, YMap)
        self.plan_date, self.published = f.get("date"), f.get("published")
        src = self.fields(f["source"], SOURCE_FIELDS, "source", tree.vpos["source"]) if "source" in f else None
        self.rag_scale = self.scale(f.get("rag_scale"))
        people = self.people(f.get("people"))
        groups = self.groups(f.get("groups"))
        recs = self.recommendations(f.get("recommendations"))
        so = self.fields(f["completed_by"], SIGNOFF_FIELDS, "completed_by", tree.vpos["completed_by"]) \
            if "completed_by" in f else None
        if any(k not in f for k in ("id", "title", "organisation", "recommendations")) or src is None \
                or "kind" not in src:
            return None  # reported already; a plan without these cannot be queried
        return Plan(
            id=f["id"], title=f["title"], organisation=f["organisation"],
            source_kind=src["kind"], source_reference=src.get("reference"),
            source_date=src.get("date"), date=f.get("date"), published=f.get("published"),
            version=f.get("version"),
            completed_by=SignOff(so["name"], so.get("role"), so.get("date"), extra(so))
            if so and "name" in so else None,
            people=people, groups=groups, recommendations=recs, file=self.file,
            line=tree.line, rag_scale=self.rag_scale, extra=extra(f), source_extra=extra(src),
            keys=self.plan_keys(tree), reaudit=f.get("reaudit"), reaudit_span=self.interval(f, tree),
        )

    def interval(self, f: Fields, tree: YMap) -> tuple[int, str] | None:
        """`reaudit`, read ("12 months", "1y"); a wording that is not one is AT104."""
        text: str | None = f.get("reaudit")
        if text is None:
            return None
        try:
            return read_interval(text)
        except ValueError:
            self.add(tree.vpos["reaudit"], "AT104", f"'reaudit' must be {INTERVAL_WORDS}, not '{short(text)}'")
            return None

    def plan_keys(self, tree: YMap) -> dict[str, tuple[int, int]]:
        """The plan's key positions, and its source kind's value as `source.kind` (AT210 points there)."""
        keys = self.keys(tree)
        source = tree.get("source")
        if self.positions and isinstance(source, YMap) and "kind" in source:
            keys["source.kind"] = source.vpos["kind"]
        return keys

    def scale(self, node: object) -> dict[str, str]:
        """`rag_scale`: the source's own words for each rating ("1 Fully achieved": blue)."""
        out: dict[str, str] = {}
        if not isinstance(node, YMap):
            return out
        for key, value in node.items():
            colour = str(value).strip().casefold() if isinstance(value, str) else None
            if colour not in RAG_COLOURS:
                self.add(node.vpos[key], "AT104", f"rag_scale '{short(str(key))}' must map to one of "
                                                  f"{', '.join(RAG_COLOURS)}, not '{short(str(value))}'")
                continue
            out[str(key)] = colour
        return out

    def people(self, node: object) -> dict[str, Person]:
        out: dict[str, Person] = {}
        if not isinstance(node, YMap):
            return out
        for key, value in node.items():
            p = self.fields(value, PERSON_FIELDS, f"people.{key}", node.vpos[key])
            if p and "name" in p:
                out[str(key)] = Person(str(key), p["name"], p.get("role"), p.get("agency"), extra(p))
        return out

    def groups(self, node: object) -> tuple[Group, ...]:
        out: list[Group] = []
        for item, pos in _items(node):
            g = self.fields(item, GROUP_FIELDS, "a group", pos)
            if g and "id" in g and "title" in g:
                out.append(Group(g["id"], g["title"], extra(g)))
        return tuple(out)

    def recommendations(self, node: object) -> tuple[Recommendation, ...]:
        out: list[Recommendation] = []
        for item, pos in _items(node):
            standalone = isinstance(item, YMap) and "actions" not in item
            r = self.fields(item, STANDALONE_FIELDS if standalone else REC_FIELDS, "a recommendation", pos,
                            None if standalone else ACTION_ONLY_HINTS)
            if r is None:
                continue
            assert isinstance(item, YMap)
            if standalone and "status" not in item:
                self.add((item.line, item.col), "AT102", "missing required field 'actions' in a recommendation "
                         "(or its 'status', to track a recommendation with no actions as one action)")
            amendments = []
            for a_item, a_pos in _items(r.get("amendments")):
                a = self.fields(a_item, AMENDMENT_FIELDS, "an amendment", a_pos)
                if a and "text" in a:
                    amendments.append(Amendment(a["text"], a.get("date"), extra(a)))
            owners = r.get("owners", [])
            rag, rag_label = self.rating(r, item)
            status = self.status(r, item)
            if "actions" in r and not r["actions"]:
                self.add(item.vpos["actions"], "AT102", "'actions' is empty: a recommendation needs at least one "
                                                        "action (leave 'actions' out to track it as one action)")
            if "id" not in r or "text" not in r:
                continue
            if standalone:
                actions: tuple[Action, ...] = ()
                if not is_action_id(r["id"]):
                    self.add(item.vpos["id"], "AT104", f"recommendation id '{short(r['id'])}' must use only letters, "
                             "digits, '.', '_' and '-': with no actions it is tracked as one action, named by its id")
                elif status is not None:
                    actions = (self.make_action(r, item, [], (rag, rag_label), standalone=True),)
            else:
                actions = tuple(a for a in (self.action(x, p, owners) for x, p in _items(r.get("actions"))) if a)
            out.append(Recommendation(
                id=r["id"], text=r["text"], outcome=r.get("outcome"), group=r.get("group"),
                references=tuple(t for t, _ in r.get("references", ())),
                amendments=tuple(amendments), actions=actions, line=item.line, col=item.col,
                owners=tuple(o for o, _ in owners), status=None if standalone else status, rag=rag,
                rag_label=rag_label, themes=tuple(t for t, _ in r.get("themes", ())), extra=extra(r),
                keys=self.keys(item), owner_pos=tuple(p for _, p in owners) if self.positions else (),
            ))
        return tuple(out)

    def status(self, f: Fields, node: YMap) -> str | None:
        """The status as written; an unknown one is reported (AT302) and kept, counted as open."""
        status: str | None = f.get("status")
        if status is not None and status not in STATUSES:
            # Reported at load, so every listing names the file and exits 1; the action stays
            # (a diff must not see it as removed) and counts as open: nobody recorded it done.
            self.add(node.kpos["status"], "AT302", unknown_status(status))
        return status

    def rating(self, f: Fields, node: YMap) -> tuple[str | None, str | None]:
        """(colour, the source's word for it) of a `rag`: a colour, or a word of the plan's rag_scale."""
        label: str | None = f.get("rag")
        if label is None:
            return None, None
        text = label.strip()
        for word, colour in self.rag_scale.items():
            if word.casefold() == text.casefold():
                return colour, word
        if text.casefold() in RAG_COLOURS:
            return text.casefold(), None
        scale = f"; or the plan's rag_scale: {', '.join(self.rag_scale)}" if self.rag_scale else \
            "; or add the source's own words to the plan's rag_scale"
        self.add(node.vpos["rag"], "AT104", f"unknown rating '{short(text)}'"
                 f"{did_you_mean(text.casefold(), RAG_COLOURS, 0.6)} (one of: {', '.join(RAG_COLOURS)}{scale})")
        return None, None

    def action(self, node: object, pos: Pos, rec_owners: list[tuple[str, Pos]]) -> Action | None:
        a = self.fields(node, ACTION_FIELDS, "an action", pos)
        if a is None or any(k not in a for k in ("id", "text", "status")):
            return None
        assert isinstance(node, YMap)
        self.status(a, node)
        return self.make_action(a, node, rec_owners, self.rating(a, node), standalone=False)

    def make_action(self, a: Fields, node: YMap, rec_owners: list[tuple[str, Pos]],
                    rating: tuple[str | None, str | None], *, standalone: bool) -> Action:
        """An Action from checked fields: an action's, or a standalone recommendation's (which
        keeps its rating, themes and `x-...` keys on the recommendation)."""
        notes = []
        for n_item, n_pos in _items(a.get("notes")):
            n = self.fields(n_item, NOTE_FIELDS, "a note", n_pos)
            if n and "date" in n and "text" in n:
                (day, month) = n["date"]
                notes.append(Note(day, n.get("by"), n["text"], n.get("status"), n_pos[0], n_pos[1], month, extra(n)))
        evidence = []
        for e_item, e_pos in _items(a.get("evidence")):
            e = self.fields(e_item, EVIDENCE_FIELDS, "an evidence entry", e_pos)
            if e and "date" in e and "description" in e:
                evidence.append(Evidence(e["date"], e["description"], e.get("reference"), e_pos[0], e_pos[1],
                                         extra(e), e.get("expires")))
        timescale: str | None = a.get("timescale")
        due_given: date | None = a.get("due")
        ts = parse_timescale(timescale, plan_date=self.plan_date, published=self.published) if timescale else None
        kind = "date" if due_given else (ts.kind if ts else "unknown")
        owners = a.get("owners") or []
        inherited = not owners and bool(rec_owners) and not standalone
        if inherited:
            owners = list(rec_owners)
        baseline, baseline_text = self.baseline(a.get("baseline"))
        completed = a.get("completed_on")
        rag, rag_label = rating
        priority = a.get("priority")
        if priority is not None and priority not in PRIORITIES:
            self.add(node.vpos["priority"], "AT104", f"unknown priority '{short(priority)}'"
                     f"{did_you_mean(priority, PRIORITIES)} (one of: {', '.join(PRIORITIES)})")
            priority = None
        return Action(
            id=a["id"], text=a["text"], owners=tuple(o for o, _ in owners),
            timescale=timescale, due_given=due_given, kind=kind,
            due=due_given or (ts.due if ts else None), recurs=ts.recurs if ts else None,
            monitoring=a.get("monitoring"), status=a["status"],
            notes=tuple(notes), evidence=tuple(evidence), line=node.line, col=node.col,
            starts=ts.starts if ts and not due_given else None,
            baseline=baseline, baseline_text=baseline_text,
            completed_on=completed[0] if completed else None, completed_month=bool(completed and completed[1]),
            rag=rag, rag_label=rag_label, agency=a.get("agency"), measure=a.get("measure"),
            expected_evidence=a.get("expected_evidence"),
            themes=() if standalone else tuple(t for t, _ in a.get("themes", ())),
            priority=priority, owners_inherited=inherited, standalone=standalone,
            extra={} if standalone else extra(a),
            keys=self.keys(node),
            owner_pos=tuple(p for _, p in owners) if self.positions else (),
        )

    def baseline(self, value: object) -> tuple[date | None, str | None]:
        """(the original target's date, its wording when written as one): validate warns when a
        wording gives no date (AT212)."""
        if isinstance(value, date):
            return value, None
        if isinstance(value, str):
            reading = parse_timescale(value, plan_date=self.plan_date, published=self.published)
            return (reading.due if reading.kind in ("date", "immediate") else None), value
        return None, None


def _items(node: object) -> list[tuple[object, tuple[int, int]]]:
    if isinstance(node, YList):
        return list(zip(node, node.ipos))
    return []


def unknown_status(status: str) -> str:
    """The AT302 message, with a did-you-mean (the value quoted back cut short)."""
    return model_unknown_status(status, short(status))
