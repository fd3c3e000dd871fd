"""The one layout rule of every terminal table: which columns fit the width, how wide each is, and the lines.

- ids, dates, counts and status words never wrap and never break;
- text wraps at word boundaries only, and gets the space that is left;
- each column has a priority: when the width runs out, the lowest are left out, and a footer
  names them; a column is never squeezed below its heading or its longest word;
- an essential column (the due date and status of an overdue action) is never left out: when it
  does not fit beside the others it is folded, its value on a line under each row, labelled.

Pure: a `Measure` (characters, or terminal cells for wide characters) is passed in, so plain
text and the terminal share the rule and nothing here imports rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from actiontrack.query.table import COUNT, UNBROKEN, Column, Parts
from actiontrack.render.cells import cell_text, plain
from actiontrack.wording import number

Measure = Callable[[str], int]
GAP = 2  # spaces between two columns
TEXT_WIDTH = 20  # a text column's comfortable width when its Column gives none
# A "word" longer than this (a web address) may be broken rather than widen its column further;
# the only case where anything is broken, and only when the column cannot be as wide as the word.
WORD_CAP = 30
Cell = tuple[tuple[str, ...], str]  # (parts, the separator that joins them on one line)
Grid = list[list[Cell]]  # a table's cells, row by row, one per column: made once, measured and drawn


@dataclass(frozen=True, slots=True)
class Fit:
    """How wide one column can be: never less than `floor`, ideally `want`, at most `natural`."""

    floor: int
    want: int
    natural: int


@dataclass(frozen=True, slots=True)
class Layout:
    """The columns a table shows, in table order, their widths, and what was left out.

    `full` is the width that shows every column (what `--wide` asks for). `folded` are the
    essential columns that did not fit: each row's values of them go on lines under the row.
    """

    columns: tuple[Column, ...]
    widths: tuple[int, ...]
    dropped: tuple[Column, ...]
    width: int
    full: int
    index: tuple[int, ...] = ()  # where each shown column is among the columns laid out
    folded: tuple[tuple[int, Column], ...] = ()  # (where it is among the columns laid out, the column)

    @property
    def total(self) -> int:
        """The width the table's lines take."""
        return sum(self.widths) + GAP * max(len(self.widths) - 1, 0)

# Plain text (a pipe) is laid out at this width: nothing wraps. Its columns pad to their widest cell
# of at most MAX_PAD characters; a longer cell runs on past its column instead of widening it, as
# padding every row to one 1 MiB owner name made `overdue | wc -c` 190 MB out of 1 MB of text.
PLAIN = 10**9
MAX_PAD = 120


def cell_of(value: object) -> Cell:
    """A cell's parts (each printable on one line) and their separator."""
    if isinstance(value, Parts):
        return tuple(plain(item) for item in value.items), value.sep
    return (cell_text(value),), ""


def cells_of(columns: Sequence[Column], rows: Sequence[dict[str, object]]) -> Grid:
    """Every row's cells under `columns`, each made printable once."""
    keys = [c.key for c in columns]
    return [[cell_of(row.get(k)) for k in keys] for row in rows]


def _units(column: Column, parts: Sequence[str]) -> Iterable[str]:
    """What may never be broken: each part of an id, date, count or status word; each word of text."""
    return parts if column.kind in UNBROKEN else (w for p in parts for w in p.split())


def fit_of(column: Column, cells: Iterable[Cell], measure: Measure) -> Fit:
    """A column's floor, comfortable and natural widths over its cells."""
    head = measure(column.title)
    natural = longest = 0
    for parts, sep in cells:
        natural = max(natural, measure(sep.join(parts)))
        longest = max([longest, *(measure(u) for u in _units(column, parts))])
    if column.kind in UNBROKEN:
        floor = max(head, longest)
        return Fit(floor, floor, max(floor, natural))
    floor = max(head, min(longest, WORD_CAP))
    return Fit(floor, max(floor, min(natural, column.width or TEXT_WIDTH)), max(floor, natural))


def plan_layout(columns: Sequence[Column], grid: Grid, width: int, measure: Measure, *, wide: bool = False) -> Layout:
    """Fit `columns` over the cells of `grid` to `width` (with `wide`, keep every column and widen as needed)."""
    naturals = [max([measure(c.title), *(measure(row[i][1].join(row[i][0])) for row in grid)])
                for i, c in enumerate(columns)]
    every = tuple(range(len(columns)))
    if width >= PLAIN:  # plain text: padded to the widest cell of at most MAX_PAD, a longer one runs on
        joined = [[measure(row[i][1].join(row[i][0])) for row in grid] for i in range(len(columns))]
        naturals = [max([measure(c.title), *(n for n in joined[i] if n <= MAX_PAD)]) for i, c in enumerate(columns)]
    total = sum(naturals) + GAP * max(len(columns) - 1, 0)
    if total <= width:  # everything on one line: nothing to decide (plain text is always this)
        return Layout(tuple(columns), tuple(naturals), (), width, total, every)
    fits = [fit_of(c, (row[i] for row in grid), measure) for i, c in enumerate(columns)]

    def need(picked: Iterable[int]) -> int:
        chosen = list(picked)
        return sum(fits[i].want for i in chosen) + GAP * max(len(chosen) - 1, 0)

    full = need(every)
    if wide:
        width = max(width, full)
    keep: list[int] = []
    # Most important first, and left to right among equals: the first that does not fit ends it.
    for i in sorted(every, key=lambda i: (columns[i].priority, i)):
        if columns[i].priority > 1 and need([*keep, i]) > width:
            break
        keep.append(i)
    keep.sort()
    widths = {i: fits[i].want for i in keep}
    over = need(keep) - width
    if over > 0:
        _shrink(widths, [i for i in keep if columns[i].kind not in UNBROKEN], fits, columns, measure, over)
    else:
        _grow(widths, fits, columns, -over)
    dropped = tuple(c for i, c in enumerate(columns) if i not in widths and not c.essential)
    folded = tuple((i, c) for i, c in enumerate(columns) if i not in widths and c.essential)
    return Layout(tuple(columns[i] for i in keep), tuple(widths[i] for i in keep), dropped, width, full, tuple(keep),
                  folded)


def _grow(widths: dict[int, int], fits: Sequence[Fit], columns: Sequence[Column], extra: int) -> None:
    """Share the space left fairly: the columns that need little get all of it (one line, if that
    is all it takes), the rest share what remains evenly, none past its natural width.

    An id or status in parts ("overdue (in-progress)") grows only to its full width: wider, but
    still on two lines, would be space taken from the text for nothing.
    """
    lacking = sorted((i for i in widths if fits[i].natural > widths[i]), key=lambda i: fits[i].natural - widths[i])
    for n, i in enumerate(lacking):
        share = min(fits[i].natural - widths[i], extra // (len(lacking) - n))
        if columns[i].kind in UNBROKEN and share < fits[i].natural - widths[i]:
            continue
        widths[i] += share
        extra -= share


def _shrink(widths: dict[int, int], text: Sequence[int], fits: Sequence[Fit], columns: Sequence[Column],
            measure: Measure, over: int) -> None:
    """Only the columns that must stay are left and they are still too wide: narrow the text.

    Down to each floor first (narrower than comfortable), then below it (long words break),
    never below the heading.
    """
    floors: list[Callable[[int], int]] = [lambda i: fits[i].floor, lambda i: measure(columns[i].title)]
    for floor_of in floors:
        while over > 0:
            room = [i for i in text if widths[i] > floor_of(i)]
            if not room:
                break
            widest = max(room, key=lambda i: widths[i])
            widths[widest] -= 1
            over -= 1


def wrap(text: str, width: int, measure: Measure, indent: str = "", hang: str = "") -> list[str]:
    """`text` in lines of at most `width`, broken at spaces only: the first line led by `indent`, the rest by `hang`.

    A word longer than a whole line is the one thing broken, and only there.
    """
    lines: list[str] = []
    line, used, empty = indent, measure(indent), True
    for word in text.split():
        size = measure(word)
        if not empty and used + 1 + size > width:
            lines.append(line)
            line, used, empty = hang, measure(hang), True
        if empty and used + size > width:
            *whole, word = _fold(word, max(width - max(measure(indent), measure(hang)), 1), measure)
            for piece in whole:
                lines.append(line + piece)
                line, used = hang, measure(hang)
            size = measure(word)
        line, used = (line + word, used + size) if empty else (f"{line} {word}", used + 1 + size)
        empty = False
    lines.append(line)
    return lines


def _fold(word: str, width: int, measure: Measure) -> list[str]:
    pieces, piece = [], ""
    for char in word:
        if piece and measure(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece]


def cell_lines(column: Column, cell: Cell, width: int, measure: Measure) -> list[str]:
    """One cell in lines of `width`: on one line if it fits, else each part on its own line(s).

    A part of text that is not the last keeps its separator (`LAC;`), so that two owners never
    read as one.
    """
    parts, sep = cell
    joined = sep.join(parts)
    if measure(joined) <= width:
        return [joined]
    lines: list[str] = []
    for n, part in enumerate(parts):
        if column.kind in UNBROKEN and measure(part) <= width:
            lines.append(part)
            continue
        tail = sep.rstrip() if n < len(parts) - 1 else ""
        lines += wrap(part + tail, width, measure)
    return lines


def table_lines(layout: Layout, grid: Grid, measure: Measure) -> list[list[str]]:
    """Each row as its lines, every cell padded to its column (counts on the right), no trailing space."""
    out = []
    shown = list(zip(layout.index, layout.columns, layout.widths))
    plain = layout.width >= PLAIN  # one row per line, nothing wrapped: a cell past its column runs on
    for row in grid:
        cells = [[row[i][1].join(row[i][0])] if plain else cell_lines(c, row[i], w, measure) for i, c, w in shown]
        height = max((len(c) for c in cells), default=1)
        out.append([_join(layout, [c[k] if k < len(c) else "" for c in cells], measure) for k in range(height)])
        if layout.folded:
            out[-1] += folded_lines(layout, row, measure)
    return out


def folded_lines(layout: Layout, row: Sequence[Cell], measure: Measure) -> list[str]:
    """A row's folded columns as `Title: value` items, two spaces apart, under the row's second
    column (its first is the id): as many to a line as fit, an item longer than a line wrapped."""
    indent = " " * (layout.widths[0] + GAP if len(layout.widths) > 1 else 0)
    items = [f"{c.title}: {row[i][1].join(row[i][0])}" for i, c in layout.folded if any(row[i][0])]
    lines: list[str] = []
    line = ""
    for item in items:
        if line and measure(line) + GAP + measure(item) <= layout.width:
            line += " " * GAP + item
            continue
        if line:
            lines.append(line)
        line = indent + item
        if measure(line) > layout.width:  # a long value: wrapped under its label
            *whole, line = wrap(item, layout.width, measure, indent, indent + "  ")
            lines += whole
    if line:
        lines.append(line)
    return lines


def header_line(layout: Layout, measure: Measure) -> str:
    """The column headings, each on one line, aligned as their columns."""
    return _join(layout, [c.title for c in layout.columns], measure)


def _join(layout: Layout, texts: Sequence[str], measure: Measure) -> str:
    cells = []
    for column, width, text in zip(layout.columns, layout.widths, texts):
        pad = " " * max(width - measure(text), 0)
        cells.append(pad + text if column.kind == COUNT else text + pad)
    return (" " * GAP).join(cells).rstrip()


def dropped_line(layout: Layout) -> str | None:
    """The footer naming what was left out, and how to see it; None when nothing was."""
    if not layout.dropped:
        return None
    names = ", ".join(c.title for c in layout.dropped)
    them = "them" if len(layout.dropped) > 1 else "it"
    return (f"Not shown, to fit {number(layout.width)} columns: {names} (--wide or --width {layout.full} "
            f"shows {them}; --format csv gives every field)")
