"""A drafted plan (importing/draft.py) as plan YAML text, in the house layout, every judgement a comment.

Scalars are written the way edits write them (yamltext.format_scalar and scalar_lines): plain when
every YAML reader reads them back as the same text, else double-quoted; multi-line text as a
literal block. A judgement is a `# import:` comment on the line above what it is about.
"""

from __future__ import annotations

import datetime as dt

from actiontrack.edit.yamltext import format_flow_scalar, format_scalar, scalar_lines
from actiontrack.importing.draft import Draft, DraftAction, DraftNote, DraftRecommendation
from actiontrack.wording import one_line

Value = str | dt.date | list[str] | None


def plan_text(draft: Draft) -> str:
    """The whole plan file."""
    # A comment keeps its indent (the list of columns is indented under its title).
    out = [f"# {' ' * (len(c) - len(c.lstrip(' ')))}{one_line(c)}" for c in draft.comments]
    judge = draft.plan_comments
    out += _fields([("id", draft.id), ("title", draft.title), ("organisation", draft.organisation)], 0, judge)
    out.append("source:")
    out += _fields([("kind", draft.source_kind), ("reference", draft.source_reference)], 2, {})
    out += _fields([("date", draft.date)], 0, judge)
    if draft.rag_scale:
        out += [*_comments(judge.get("rag_scale", []), 0), "rag_scale:"]
        out += [f"  {format_scalar(word)}: {colour}" for word, colour in draft.rag_scale.items()]
    if draft.people:
        out += [*_comments(judge.get("people", []), 0), "people:"]
        for key, name in draft.people.items():
            out += [f"  {format_scalar(key)}:", *_fields([("name", name)], 4, {})]
    if draft.groups:
        out.append("groups:")
        for group in draft.groups:
            out += _comments(group.comments, 2)
            out += _item([("id", group.id), ("title", group.title)], 2)
    out.append("recommendations:")
    for rec in draft.recommendations:
        out += _recommendation(rec)
    return "\n".join(out) + "\n"


def _recommendation(rec: DraftRecommendation) -> list[str]:
    fields: list[tuple[str, Value]] = [("id", rec.id), ("group", rec.group), ("text", rec.text),
                                       ("outcome", rec.outcome), *rec.extra.items()]
    out = _comments(rec.comments, 2) + _item(fields, 2) + ["    actions:"]
    for act in rec.actions:
        out += _action(act)
    return out


def _action(act: DraftAction) -> list[str]:
    fields: list[tuple[str, Value]] = [
        ("id", act.id), ("text", act.text), ("owners", act.owners or None), ("agency", act.agency),
        ("timescale", act.timescale), ("due", act.due), ("baseline", act.baseline), ("monitoring", act.monitoring),
        ("measure", act.measure), ("status", act.status), ("completed_on", act.completed_on), ("rag", act.rag),
        ("priority", act.priority), *act.extra.items(),
    ]
    out = _comments(act.comments, 6) + _item(fields, 6)
    if act.notes:
        out.append("        notes:")
        for note in act.notes:
            out += _item(_note(note), 10)
    return out


def _note(note: DraftNote) -> list[tuple[str, Value]]:
    on: str | dt.date = dt.date.fromisoformat(note.on) if len(note.on) == 10 else note.on
    return [("date", on), ("by", note.by), ("text", note.text), ("status", note.status)]


def _comments(comments: list[str], col: int) -> list[str]:
    return [" " * col + f"# import: {one_line(c)}" for c in comments]


def _item(fields: list[tuple[str, Value]], dash: int) -> list[str]:
    """A list item: `- key: value` at `dash`, the other keys aligned under the first."""
    lines = _fields(fields, dash + 2, {})
    return [" " * dash + "- " + lines[0][dash + 2:], *lines[1:]] if lines else []


def _fields(fields: list[tuple[str, Value]], col: int, judge: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    for key, value in fields:
        if value is None or value == "":
            continue
        out += _comments(judge.get(key, []), col)
        if isinstance(value, list):
            out.append(" " * col + f"{key}: [{', '.join(format_flow_scalar(v) for v in value)}]")
        else:
            out += [" " * col + line if i == 0 else line for i, line in enumerate(scalar_lines(key, value, col))]
    return out
