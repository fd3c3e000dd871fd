"""Line-level plan edits: find an action's nodes by position and splice lines in; every other byte stays."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from actiontrack.edit.yamltext import item_lines
from actiontrack.load.lines import BREAK_NAMES, LINE_BREAK
from actiontrack.load.yamlread import Node, compose

# New lists follow the file's own layout when it has one; else the house style (notes: / - at +2 / keys at +2).
_DEFAULT_LIST_STYLE = (2, 2)


@dataclass(frozen=True, slots=True)
class NewNote:
    """A note to add: written as {date, by, text, status?}."""

    date: date
    by: str
    text: str
    status: str | None = None


@dataclass(frozen=True, slots=True)
class NewEvidence:
    """An evidence entry to add: written as {date, description}."""

    date: date
    description: str


@dataclass(frozen=True, slots=True)
class Change:
    """Everything one command changes in one action; None means 'leave as it is'."""

    note: NewNote | None = None
    note_index: int = 0  # where the note goes among the existing notes, to keep them oldest first
    evidence: NewEvidence | None = None
    status: str | None = None
    due: date | None = None
    baseline: date | None = None  # set with the first move of the due date: the original target
    completed_on: date | None = None  # set when the action reaches a done status
    clear_completed_on: bool = False  # reopened: it is no longer done


class LayoutError(Exception):
    """The text around the action cannot be edited by adding lines; the message says what is in the way.

    `at` is the 1-based (line, column) of the obstacle when there is one place to point at.
    """

    def __init__(self, message: str, at: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.at = at


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    order: int  # among edits at one offset, lower orders end up first in the text
    new: str


def apply_change(text: str, action_id: str, change: Change) -> str:
    """Return `text` with the change spliced into the action; raise LayoutError when it cannot be."""
    root = compose(text)
    doc = _Doc(text)
    action = _find_action(root, action_id)
    if getattr(action, "flow_style", False):
        raise LayoutError("the action is written in flow style ({...})")
    key_col = action.start_mark.column
    style = _list_style(root, doc)
    edits: list[_Edit] = []
    if change.status is not None:
        edits.append(_replace_scalar(doc, action, "status", change.status))
    if change.completed_on is not None:
        edits.append(_insert_after(doc, action, ("status",), f"completed_on: {change.completed_on.isoformat()}",
                                   key_col))
    if change.clear_completed_on:
        edits.append(_remove_line(doc, action, "completed_on"))
    if change.due is not None:
        edits.extend(_set_due(doc, action, change.due, key_col, change.baseline))
    if change.note is not None:
        fields: list[tuple[str, str | date]] = [("date", change.note.date), ("by", change.note.by),
                                                ("text", change.note.text)]
        if change.note.status is not None:
            fields.append(("status", change.note.status))
        edits.extend(_add_item(doc, action, "notes", fields, change.note_index, key_col, style, 1))
    if change.evidence is not None:
        fields = [("date", change.evidence.date), ("description", change.evidence.description)]
        edits.extend(_add_item(doc, action, "evidence", fields, None, key_col, style, 2))
    return doc.apply(edits)


def typed(node: object) -> object:
    """A plain copy of a read tree in which every scalar keeps its type (so "1.5" never equals 1.5)."""
    if isinstance(node, dict):
        return {k: typed(v) for k, v in node.items()}
    if isinstance(node, list):
        return [typed(v) for v in node]
    return (type(node).__name__, node)


def expected_tree(old_tree: object, action_id: str, change: Change) -> object:
    """What reading the edited file must give: the old tree, typed, with exactly this change made."""
    tree: Any = typed(old_tree)
    for act in _tree_actions(tree):
        if act["id"] != ("str", action_id):
            continue
        if change.note is not None:
            note = {"date": ("date", change.note.date), "by": ("str", change.note.by),
                    "text": ("str", change.note.text)}
            if change.note.status is not None:
                note["status"] = ("str", change.note.status)
            act.setdefault("notes", []).insert(change.note_index, note)
        if change.evidence is not None:
            act.setdefault("evidence", []).append(
                {"date": ("date", change.evidence.date), "description": ("str", change.evidence.description)})
        if change.status is not None:
            act["status"] = ("str", change.status)
        if change.due is not None:
            act["due"] = ("date", change.due)
        if change.baseline is not None:
            act["baseline"] = ("date", change.baseline)
        if change.completed_on is not None:
            act["completed_on"] = ("date", change.completed_on)
        if change.clear_completed_on:
            act.pop("completed_on", None)
        return tree
    return tree


def _tree_actions(tree: Any) -> Iterator[Any]:
    """The actions of a typed tree, and the recommendations with no actions (each tracked as one)."""
    for rec in tree["recommendations"]:
        if "actions" in rec:
            yield from rec["actions"]
        else:
            yield rec


class _Doc:
    """The text with its line starts, so marks (line, column) become offsets and back.

    Lines are what libyaml reads as lines (LINE_BREAK: CR, NEL, LS and PS end lines too), so its
    marks and these offsets always agree. New lines end as the file's lines do, LF or CRLF, and
    are only ever added after an LF: after any other break git would not see them as lines.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]
        first = text.find("\n")
        self.nl = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"

    def offset(self, mark: Any) -> int:
        return self.starts[mark.line] + mark.column  # type: ignore[no-any-return]  # libyaml marks are untyped

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def line_text(self, line: int) -> str:
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[line]:end].rstrip("\r\n\x85\u2028\u2029")

    def after_line(self, line: int) -> int:
        return self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)

    def last_line(self, node: Node) -> int | None:
        """The line of a node's last character of content: never a comment or blank line after it."""
        kind = type(node).__name__
        if kind == "ScalarNode" or getattr(node, "flow_style", False):
            # Block scalars and block collections end where the next token starts, past blank and
            # comment lines; the last non-blank character inside the span is the real end.
            start, end = self.offset(node.start_mark), self.offset(node.end_mark)
            span = self.text[start:end].rstrip()
            return self.line_of(start + len(span) - 1) if span else None
        children = [x for pair in node.value for x in pair] if kind == "MappingNode" else node.value
        for child in reversed(children):
            line = self.last_line(child)
            if line is not None:
                return line
        return None

    def insert_after(self, line: int, lines: list[str], order: int) -> _Edit:
        at = self.after_line(line)
        if at > 0 and self.text[at - 1] in BREAK_NAMES:
            raise LayoutError(f"line {line + 1} ends with {BREAK_NAMES[self.text[at - 1]]}, which git does not read "
                              "as a line break: new lines after it would not be lines of their own in git; "
                              "replace it with a line feed", (line + 1, len(self.line_text(line)) + 1))
        lead = self.nl if at == len(self.text) and self.text and not self.text.endswith("\n") else ""
        return _Edit(at, at, order, lead + "".join(x + self.nl for x in lines))

    def apply(self, edits: list[_Edit]) -> str:
        text = self.text
        for e in sorted(edits, key=lambda e: (e.start, e.order), reverse=True):
            text = text[:e.start] + e.new + text[e.end:]
        return text


def _pair(mapping: Node, key: str) -> tuple[Node, Node] | None:
    for k, v in getattr(mapping, "value", []):
        if type(k).__name__ == "ScalarNode" and k.value == key:
            return k, v
    return None


def _actions(root: Node) -> Iterator[Node]:
    """Every action node, and every recommendation with no actions (it is tracked as one action)."""
    recs = _pair(root, "recommendations")
    for rec in getattr(recs[1], "value", []) if recs else []:
        acts = _pair(rec, "actions")
        if acts is None and type(rec).__name__ == "MappingNode":
            yield rec
        else:
            yield from (getattr(acts[1], "value", []) if acts else [])


def _find_action(root: Node, action_id: str) -> Node:
    for act in _actions(root):
        ident = _pair(act, "id")
        if ident and type(ident[1]).__name__ == "ScalarNode" and ident[1].value == action_id:
            return act
    raise LayoutError("the action is not where the plan structure puts it")


def _dash_col(doc: _Doc, item: Node, what: str) -> int:
    """The column of the '-' that opens a block list item (refused for compact '- - x' forms)."""
    line: int = item.start_mark.line
    col: int = item.start_mark.column
    text = doc.line_text(line)
    j = col - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j < 0 or text[j] != "-" or text[:j].strip():
        raise LayoutError(f"its {what} are not one '- ' item per line")
    return j


def _list_style(root: Node, doc: _Doc) -> tuple[int, int]:
    """(dash offset from the action's keys, key offset from the dash) as the file's first list of notes has them."""
    for act in _actions(root):
        for key in ("notes", "evidence"):
            found = _pair(act, key)
            if found is None or found[1].flow_style or not getattr(found[1], "value", None):
                continue
            first = found[1].value[0]
            if type(first).__name__ != "MappingNode" or first.flow_style:
                continue
            try:
                dash = _dash_col(doc, first, key)
            except LayoutError:
                continue
            return dash - act.start_mark.column, first.start_mark.column - dash
    return _DEFAULT_LIST_STYLE


def _replace_scalar(doc: _Doc, action: Node, key: str, value: str) -> _Edit:
    found = _pair(action, key)
    if found is None or type(found[1]).__name__ != "ScalarNode" or found[1].style in ("|", ">"):
        raise LayoutError(f"its {key} is not a one-line value")
    node = found[1]
    quote = node.style if node.style in ('"', "'") else ""  # keep the writer's quoting
    return _Edit(doc.offset(node.start_mark), doc.offset(node.end_mark), 0, f"{quote}{value}{quote}")


def _set_due(doc: _Doc, action: Node, due: date, key_col: int, baseline: date | None) -> list[_Edit]:
    """Set `due:` (replaced, or added after `timescale:`); a first move also records `baseline:` below it."""
    found = _pair(action, "due")
    extra = [" " * key_col + f"baseline: {baseline.isoformat()}"] if baseline is not None else []
    if found is not None:
        edits = [_replace_scalar(doc, action, "due", due.isoformat())]
        if extra:  # below the due line, whatever comment it carries
            edits.append(doc.insert_after(_pair_last_line(doc, found), extra, 0))
        return edits
    # A new `due:` goes where the format puts it: after `timescale:`, else after id/text/owners.
    pairs = action.value
    anchor = _pair(action, "timescale") or [p for p in pairs if p[0].value in ("id", "text", "owners")][-1]
    line = _pair_last_line(doc, anchor)
    return [doc.insert_after(line, [" " * key_col + f"due: {due.isoformat()}", *extra], 0)]


def _insert_after(doc: _Doc, action: Node, keys: tuple[str, ...], line_text: str, key_col: int) -> _Edit:
    """One new `key: value` line after the first of `keys` the action has (the status line for completed_on)."""
    for key in keys:
        found = _pair(action, key)
        if found is not None:
            return doc.insert_after(_pair_last_line(doc, found), [" " * key_col + line_text], 0)
    raise LayoutError(f"it has no {keys[0]} line to put the new line after")


def _remove_line(doc: _Doc, action: Node, key: str) -> _Edit:
    """Remove a one-line `key: value` that is alone on its line (a reopened action's completed_on)."""
    found = _pair(action, key)
    if found is None:
        raise LayoutError(f"it has no {key} line")
    knode, vnode = found
    line = doc.line_of(doc.offset(knode.start_mark))
    text = doc.line_text(line)
    if type(vnode).__name__ != "ScalarNode" or doc.line_of(doc.offset(vnode.end_mark)) != line \
            or not text.strip().startswith(f"{key}:") or "#" in text[vnode.end_mark.column:]:
        raise LayoutError(f"its {key} is not a line of its own")
    return _Edit(doc.starts[line], doc.after_line(line), 0, "")


def _pair_last_line(doc: _Doc, pair: tuple[Node, Node]) -> int:
    line = doc.last_line(pair[1])
    return line if line is not None else doc.line_of(doc.offset(pair[0].start_mark))


def _add_item(doc: _Doc, action: Node, key: str, fields: list[tuple[str, str | date]], index: int | None,
              key_col: int, style: tuple[int, int], order: int) -> list[_Edit]:
    """Add one item to the action's `key` list at `index` (None: at the end), creating the list if needed."""
    found = _pair(action, key)
    dash_col, item_col = key_col + style[0], key_col + style[0] + style[1]
    if found is None:
        pairs = action.value
        # Notes go before evidence (the format's key order); evidence goes last.
        before = [p for p in pairs if key != "notes" or p[0].value != "evidence"] or pairs
        line = _pair_last_line(doc, before[-1])
        lines = [" " * key_col + f"{key}:", *item_lines(fields, dash_col, item_col)]
        return [doc.insert_after(line, lines, order)]
    knode, seq = found
    if type(seq).__name__ != "SequenceNode":
        raise LayoutError(f"its {key} are not a list")
    if seq.flow_style:
        if seq.value:
            raise LayoutError(f"its {key} are a flow list ([...])")
        # `notes: []`: drop the ' []' so the items below become the list.
        colon = doc.text.index(":", doc.offset(knode.end_mark))
        end = doc.offset(seq.end_mark)
        line = doc.line_of(end - 1)
        return [_Edit(colon + 1, end, 0, ""), doc.insert_after(line, item_lines(fields, dash_col, item_col), order)]
    items = seq.value
    dash_col = _dash_col(doc, items[0], key)
    maps = [x for x in items if type(x).__name__ == "MappingNode" and not x.flow_style]
    item_col = maps[0].start_mark.column if maps else dash_col + 2
    if index == 0:
        line = doc.line_of(doc.offset(knode.end_mark))  # before any comment that belongs to the first item
    else:
        last = doc.last_line(items[-1 if index is None else index - 1])
        if last is None:
            raise LayoutError(f"its {key} have an empty item")
        line = last
    return [doc.insert_after(line, item_lines(fields, dash_col, item_col), order)]
