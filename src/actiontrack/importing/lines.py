"""Multi-line cells: one action per line or paragraph, the next cells aligned with them line by line.

An actions cell is split at its lines (and at inline bullets, "• one • two"); a sub-item (a
deeper list level, or a dash under bulleted lines) stays with the action above it. Another cell
of the row is then shared out: by position when both cells have the same number of lines blank
ones included, else one line per action, with a judgement when the counts differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actiontrack.importing.table import Cell

_MARKER = re.compile(
    r"(?P<m>[•·●■▪◦‣○□➢➤►❖✓✔\uf0b7\uf0a7\uf0d8\uf076\uf0fc*]|[-–—](?=\s)|o(?=\s)"
    r"|\(?\d{1,2}[.)](?=\s)|\(?[a-h][.)](?=\s)|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)](?=\s))\s*"
)
# Markers of a sub-item when the cell's first line is not marked with one of them.
_MINOR = re.compile(r"[-–—o◦▪]\Z|\(?[a-h][.)]\Z|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)[.)]\Z")
_INLINE_BULLET = re.compile(r"\s*[•\uf0b7]\s*")
# "As above" and its kin: the value of the action before, in the same column.
_AS_ABOVE = re.compile(r"(?:(?:same\s+)?as\s+(?:above|before|per\s+above)|ditto|\"|〃)\.?\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a cell: its text without a list marker, its list level and its line number."""

    text: str
    level: int
    position: int  # 0-based line in the cell, blank lines counted
    marker: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One action of an actions cell: its text (sub-items as extra lines) and the lines it covers."""

    text: str
    first: int
    last: int
    folded: int = 0  # sub-item lines joined to it


def lines_of(cell: Cell) -> tuple[list[Line], bool]:
    """The cell's non-blank lines, and whether their positions are the cell's own line numbers
    (False when inline bullets were split, so that alignment by position is not possible)."""
    raw = cell.text.split("\n") if cell.text else []
    levels = cell.levels if len(cell.levels) == len(raw) else (0,) * len(raw)
    out: list[Line] = []
    positional = True
    for pos, (text, level) in enumerate(zip(raw, levels)):
        if not text.strip():
            continue
        parts = [p for p in _INLINE_BULLET.split(text) if p.strip()] if text.count("•") >= 2 else [text]
        if len(parts) > 1:
            positional = False
        for part in parts:
            indent = len(part) - len(part.lstrip(" "))
            m = _MARKER.match(part.lstrip())
            marker = m.group("m") if m else None
            body = part.lstrip()[m.end():] if m else part.strip()
            out.append(Line(body.strip() or part.strip(), level + (1 if indent >= 2 else 0), pos, marker))
    first = out[0].marker if out else None
    if first is None or not _MINOR.match(first):
        out = [Line(ln.text, max(ln.level, 1), ln.position, ln.marker)
               if ln.marker is not None and _MINOR.match(ln.marker) and ln.level == 0 and first != ln.marker else ln
               for ln in out]
    return out, positional


def action_items(cell: Cell) -> list[Item]:
    """The actions in an actions cell: each top-level line, with its sub-items folded into it."""
    lines, _ = lines_of(cell)
    if not lines:
        return []
    top = min(ln.level for ln in lines)
    items: list[Item] = []
    for ln in lines:
        if ln.level > top and items:
            prev = items[-1]
            sub = f"{ln.marker if ln.marker and ln.marker not in '•*' else '-'} {ln.text}"
            items[-1] = Item(prev.text + "\n" + sub, prev.first, ln.position, prev.folded + 1)
        else:
            items.append(Item(ln.text, ln.position, ln.position))
    return items


@dataclass(frozen=True, slots=True)
class Shared:
    """A cell shared out among a row's actions: the lines each takes, and the judgement, if any."""

    values: list[list[str]]
    judgement: str | None = None
    target: int = 0  # the action the judgement is written beside
    each: bool = False  # one line for several actions: each takes it (judgements of a row are joined)


def share(items: list[Item], action_cell: Cell, cell: Cell, names: tuple[str, str], noun: str) -> Shared:
    """Share `cell`'s lines out among `items` (the actions of `action_cell`).

    `names` label the two cells in judgements ("Actions Needed (B4)", "Timescale (C4)"); `noun`
    is what an action takes ("timescale").
    """
    n = len(items)
    lines, positional = lines_of(cell)
    texts = [ln.text for ln in lines]
    if n <= 1 or not texts:
        return Shared([texts] + [[] for _ in range(n - 1)] if n else [])
    action_lines, actions_positional = lines_of(action_cell)
    covered = {ln.position for ln in action_lines}
    blanks = cell.text.count("\n") + 1 > len(texts)
    if positional and actions_positional and blanks and len(texts) != 1 \
            and all(ln.position in covered for ln in lines):
        # Blank lines keep the two cells level: each action takes the lines beside it.
        values = [[ln.text for ln in lines if it.first <= ln.position <= it.last] for it in items]
        missing = [i for i, v in enumerate(values) if not v]
        if missing:
            return Shared(values, f"{names[1]} has a blank line beside {_which(missing, n)}, "
                                  f"read line by line: {'it takes' if len(missing) == 1 else 'they take'} no {noun}",
                          missing[0])
        return Shared(values)
    count = len(texts)
    if count == n:
        return Shared([[t] for t in texts])
    label = f"{n} lines in {names[0]}, {count} in {names[1]}"
    if count == 1:
        return Shared([texts for _ in items], f"one line in {names[1]} for {n} actions: each takes it", 0, True)
    if count < n:
        rest = n - count
        who = "the last action takes" if rest == 1 else f"the last {rest} actions take"
        return Shared([[t] for t in texts] + [[] for _ in range(rest)], f"{label}: {who} no {noun}", count)
    return Shared([[t] for t in texts[:n - 1]] + [texts[n - 1:]],
                  f"{label}: the last action takes lines {n}-{count}", n - 1)


def _which(indexes: list[int], n: int) -> str:
    names = [f"action {i + 1}" for i in indexes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def is_as_above(text: str) -> bool:
    """True for "As above", "Ditto", a lone ditto mark: the value of the action before."""
    return bool(_AS_ABOVE.match(" ".join(text.split())))
