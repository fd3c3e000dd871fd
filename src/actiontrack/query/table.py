"""The one table intermediate every listing format is rendered from (beancount's utils/table idea).

Pure data: typed cell values under display columns, with a tone per row (the state a row shows,
which render maps to a colour). Built by query.listings, rendered by render.tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its JSON key, its heading, and how the table view treats it."""

    key: str
    title: str
    justify: str = "left"
    wrap: bool = False  # long text columns fold in the terminal table; ids and dates never do


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of typed values under display columns, plus a tone per row.

    `keys` are the machine formats' fields (JSON, TSV, CSV), in contract order; `columns` are
    what people read (table, Markdown), which may combine fields (due date with its wording).
    A tone is a state name (overdue, due-soon, ...) or "heading"; render picks the colour.
    """

    columns: tuple[Column, ...]
    rows: list[dict[str, object]]
    tones: list[str | None] = field(default_factory=list)
    title: str | None = None
    keys: tuple[str, ...] = ()
    empty: str | None = None  # what the table format says instead of an empty table

    def data_keys(self) -> tuple[str, ...]:
        """The machine formats' fields: `keys`, or the columns' keys when none are given."""
        return self.keys or tuple(c.key for c in self.columns)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a document (`show`): lines of text and/or a table."""

    heading: str | None
    lines: tuple[str, ...] = ()
    table: Table | None = None
