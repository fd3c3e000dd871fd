"""One change of `diff` (and `history`) in words: its line, and the detail lines shown under it.

`esc` makes plan text safe for the format (cells.plain for text, cells.md for Markdown); it is
applied to every value taken from a plan, never to the words around them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from actiontrack.query.diff import Change
from actiontrack.wording import count, format_days, one_line

Esc = Callable[[object], str]
SUBJECT_WIDTH = 40  # characters of an action's or recommendation's text named on a change line


def short(text: object, width: int = SUBJECT_WIDTH) -> str:
    """Plan text on one line, cut to `width` characters with an ellipsis."""
    flat = one_line(text)
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def day(value: object) -> str:
    """A date as YYYY-MM-DD, or `none`."""
    return value.isoformat() if isinstance(value, date) else "none" if value is None else str(value)


def value_text(value: object, esc: Esc, labels: Mapping[str, str] | None = None) -> str:
    """Any compared value in words: `none`, a date, a list (`a; b`), a mapping (`name: x; role: y`)."""
    if value is None:
        return "none"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(_item(v, esc, labels or {}) for v in value) or "none"
    if isinstance(value, dict):
        # An empty mapping inside one (no x- keys) says nothing: left out, as None is.
        return "; ".join(f"{k}: {value_text(v, esc)}" for k, v in value.items() if v is not None and v != {}) \
            or "none"
    return esc(value)


def _item(value: object, esc: Esc, labels: Mapping[str, str]) -> str:
    """One item of a list: initials with their name from the people key; quoted when it holds `;`."""
    text = esc(value)
    if isinstance(value, str) and ";" in value:
        text = f"\"{text}\""
    name = labels.get(value) if isinstance(value, str) else None
    return f"{text} ({esc(name)})" if name and name != value else text


def names(values: Sequence[object], esc: Esc, labels: Mapping[str, str]) -> str:
    """A list of owners, unambiguous: `SM (Steve Merrell); LM (Linda Maden)`."""
    return value_text(list(values), esc, labels)


def _label(kind: str) -> str:
    from actiontrack.query.diff_fields import labels

    return labels().get(kind) or kind.split("-", 1)[1].replace("-", " ")


def where(c: Change, esc: Esc) -> str:
    """What a change is about: `action 1.2 (its text, shortened)`, `recommendation 3 (…)`, `plan`."""
    if c.action is not None:
        subject = f" ({esc(short(c.subject))})" if c.subject else ""
        return f"action {esc(c.action)}{subject}"
    if c.recommendation is not None:
        subject = f" ({esc(short(c.subject))})" if c.subject else ""
        return f"recommendation {esc(c.recommendation)}{subject}"
    return "plan"


def describe(c: Change, esc: Esc, arrow: str) -> str:
    """One change in words, on one line."""
    k, b, a = c.kind, c.before, c.after
    d_b: dict[str, object] = b if isinstance(b, dict) else {}
    d_a: dict[str, object] = a if isinstance(a, dict) else {}
    if k == "plan-added":
        return f"plan added: {esc(c.subject)}"
    if k == "plan-removed":
        return f"plan removed: {esc(c.subject)}" if b is not None else f"plan file removed: {esc(c.subject)}"
    if k == "plan-renamed":
        return (f"plan renamed from {esc(d_b['id'])} ({esc(d_b['file'])}) to {esc(d_a['id'])} "
                f"({esc(d_a['file'])})")
    if k == "plan-repaired":
        return f"this change repairs {esc(c.subject)}: {_errors(d_b)} at base, 0 now; {_reading(d_b)}"
    if k == "plan-date":
        moved = f", moving {count(len(c.consequences), 'due date')}" if c.consequences else ""
        return f"plan date: {day(b)} {arrow} {day(a)} ({format_days(c.days or 0)}){moved}"
    if k in ("person-added", "group-added", "person-removed", "group-removed"):
        level, what = k.split("-")
        item = d_a or d_b
        key = item.get("key", item.get("id"))
        rest = {n: v for n, v in item.items() if n not in ("key", "id")}
        return f"{level} {esc(key)} {what}: {value_text(rest, esc)}"
    if k in ("person-changed", "group-changed"):
        level = k.split("-")[0]
        key = d_a.get("key", d_a.get("id"))
        fields = "; ".join(f"{n}: {value_text(d_b.get(n), esc)} {arrow} {value_text(v, esc)}"
                           for n, v in d_a.items() if d_b.get(n) != v)
        relabels = f"; re-labels {count(len(c.consequences), 'action')}" if c.consequences else ""
        return f"{level} {esc(key)} {fields}{relabels}"
    if k == "recommendation-added":
        return f"recommendation {esc(c.recommendation)} added: {esc(c.subject)}"
    if k == "recommendation-removed":
        return f"recommendation {esc(c.recommendation)} removed: {esc(c.subject)}"
    if k == "action-added":
        return f"action {esc(c.action)} added to recommendation {esc(c.recommendation)}: {esc(c.subject)}"
    if k == "action-removed":
        return f"action {esc(c.action)} removed from recommendation {esc(c.recommendation)}: {esc(c.subject)}"
    if k in ("action-renumbered", "recommendation-renumbered"):
        return f"{where(c, esc)} renumbered from {esc(b)}"
    if k == "action-moved":
        return f"{where(c, esc)} moved from recommendation {esc(b)} to {esc(a)}"
    if k in ("action-text", "recommendation-text"):
        return f"{k.split('-')[0]} {esc(c.action or c.recommendation)} text: {esc(b)} {arrow} {esc(a)}"
    if k == "action-due":
        return f"{where(c, esc)} due: {day(b)} {arrow} {day(a)}{_due_flags(c)}"
    if k == "note-added":
        status = f" ({esc(d_a['status'])})" if d_a["status"] else ""
        by = f" {esc(d_a['by'])}" if d_a["by"] else ""  # a note the source does not attribute
        return f"{where(c, esc)} note added: {day(d_a['date'])}{by}{status}: {esc(d_a['text'])}{_x_keys(d_a, esc)}"
    if k == "evidence-added":
        ref = f" ({esc(d_a['reference'])})" if d_a["reference"] else ""
        expires = f", expires {day(d_a['expires'])}" if d_a.get("expires") else ""
        return (f"{where(c, esc)} evidence added: {day(d_a['date'])} {esc(d_a['description'])}{ref}{expires}"
                f"{_x_keys(d_a, esc)}")
    if k == "privacy-ok":  # a marker that silences the privacy guard: a reviewer must see each
        m, how = (d_a, "added at line") if d_a else (d_b, "removed, was at line")
        return (f"{where(c, esc)} privacy-ok marker {how} {m['line']}: \"{esc(m['reason'])}\" "
                f"covering {esc(m['text'])}")
    if k == "amendment-added":
        when = f"{day(d_a['date'])}: " if d_a["date"] else ""
        return f"{where(c, esc)} amendment added: {when}{esc(d_a['text'])}{_x_keys(d_a, esc)}"
    if d_b and d_a:  # a mapping changed (the sign-off): only what changed in it
        parts = "; ".join(f"{n}: {value_text(d_b.get(n), esc)} {arrow} {value_text(v, esc)}"
                          for n, v in d_a.items() if d_b.get(n) != v)
        return f"{where(c, esc)} {_label(k)} {parts}"
    # Every other field, from the tables: `WHERE LABEL: BEFORE -> AFTER`.
    return f"{where(c, esc)} {_label(k)}: {value_text(b, esc, c.labels)} {arrow} {value_text(a, esc, c.labels)}"


def details(c: Change, esc: Esc, arrow: str) -> list[str]:
    """The lines shown under a change: a new item in full, the consequences of a plan date or a person."""
    d_a: dict[str, object] = c.after if isinstance(c.after, dict) else {}
    if c.kind == "action-added":
        return action_lines(d_a, esc, c.labels)
    if c.kind == "plan-added":
        skip = ("id", "title", "people", "groups")
        lines = [f"{_label('plan-' + n)}: {value_text(v, esc)}" for n, v in d_a.items() if n not in skip and v]
        people: dict[str, dict[str, object]] = d_a.get("people") or {}  # type: ignore[assignment]
        groups: dict[str, dict[str, object]] = d_a.get("groups") or {}  # type: ignore[assignment]
        lines += [f"person {esc(k)}: {value_text(v, esc)}" for k, v in people.items()]
        return lines + [f"group {esc(k)}: {value_text(v, esc)}" for k, v in groups.items()]
    if c.kind == "recommendation-added":
        lines = [f"{n}: {value_text(v, esc)}" for n, v in d_a.items() if n not in ("id", "text", "amendments") and v]
        amendments: list[dict[str, object]] = d_a.get("amendments") or []  # type: ignore[assignment]
        return lines + [f"amendment {day(x['date'])}: {esc(x['text'])}{_x_keys(x, esc)}" for x in amendments]
    if c.kind == "plan-repaired":
        errors: list[dict[str, object]] = (c.before or {}).get("errors", [])  # type: ignore[attr-defined]
        return [f"at base: {esc(_finding(f))}" for f in errors]
    if c.kind == "plan-date":
        return [f"action {esc(x['action'])} ({esc(short(x['subject']))}) due: {day(x['before'])} {arrow} "
                f"{day(x['after'])}" + (f" ({format_days(x['days'])})" if x["days"] is not None else "")  # type: ignore[arg-type]
                for x in c.consequences]
    if c.kind == "person-changed":
        return [f"action {esc(x['action'])} ({esc(short(x['subject']))}): "
                + ", ".join(([] if not x["owner"] else ["owner"]) +
                            ([] if not x["notes"] else [f"author of {count(x['notes'], 'note')}"]))  # type: ignore[arg-type]
                for x in c.consequences]
    return []


def action_lines(act: Mapping[str, object], esc: Esc, labels: Mapping[str, str]) -> list[str]:
    """An action in full, one fact a line: owners, due and wording, status, monitoring, notes, evidence."""
    due = day(act["due"]) + (f" ({esc(act['timescale'])})" if act.get("timescale") else "")
    if act.get("recurs"):
        due += f", recurs {esc(act['recurs'])}"
    lines = [f"owners: {value_text(act['owners'], esc, labels)}", f"due: {due}", f"status: {esc(act['status'])}"]
    skip = {"id", "text", "owners", "due", "timescale", "recurs", "status", "notes", "evidence"}
    lines += [f"{n.replace('-', ' ')}: {value_text(v, esc)}" for n, v in act.items() if n not in skip and v]
    notes: list[dict[str, object]] = act.get("notes") or []  # type: ignore[assignment]
    for n in notes:
        status = f" ({esc(n['status'])})" if n["status"] else ""
        by = f" {esc(n['by'])}" if n["by"] else ""
        lines.append(f"note {day(n['date'])}{by}{status}: {esc(n['text'])}{_x_keys(n, esc)}")
    evidence: list[dict[str, object]] = act.get("evidence") or []  # type: ignore[assignment]
    for e in evidence:
        ref = f" ({esc(e['reference'])})" if e["reference"] else ""
        lines.append(f"evidence {day(e['date'])}: {esc(e['description'])}{ref}{_x_keys(e, esc)}")
    return lines


def _x_keys(entry: Mapping[str, object], esc: Esc) -> str:
    """A record entry's `x-...` keys after it, ` (x-minute: 4)`; nothing when it has none."""
    extra = entry.get("extra")
    return f" ({value_text(extra, esc)})" if extra else ""


def _due_flags(c: Change) -> str:
    parts = [format_days(c.days)] if c.days is not None else []
    if c.after is None:
        parts.append("with a note" if c.explained else "no note")
    elif c.before is not None:
        parts.append("ledger note" if c.explained else "no ledger note")
    elif c.explained:
        parts.append("ledger note")
    return f" ({', '.join(parts)})" if parts else ""


def _errors(reading: Mapping[str, object]) -> str:
    errors = reading.get("errors") or []
    return count(len(errors), "error")  # type: ignore[arg-type]


def _reading(reading: Mapping[str, object]) -> str:
    if reading.get("read") == "history":
        return (f"the base is read from commit {str(reading['commit'])[:12]} of {reading['date']}, "
                "its last valid version")
    if reading.get("read") == "file":
        return "the base is read as far as it could be"
    return "nothing could be read at base, so the plan is shown in full"


def _finding(f: Mapping[str, object]) -> str:
    return one_line(f"{f['file']}:{f['line']}:{f['col']}: {f['severity']} {f['code']} {f['message']}")
