"""The one table intermediate every listing format is rendered from (beancount's utils/table idea).

Pure data: typed cell values under display columns, with a tone per row (the state a row shows,
which render maps to a colour). Built by query.listings, rendered by render.tables; how a terminal
table fits its width (render/layout.py) is decided from each column's kind and priority.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# The listings' JSON version lives with the states (re-exported here): the warm overdue path writes
# it without building any Table.
from actiontrack.query.states import JSON_VERSION as JSON_VERSION
from actiontrack.query.states import JUDGED_VERSION as JUDGED_VERSION

if TYPE_CHECKING:
    from actiontrack.load.loader import Unreadable

# Column kinds. A terminal table never wraps or breaks an id, a date, a count or a status word;
# text wraps at word boundaries and gets the space that is left (render/layout.py).
ID = "id"
DATE = "date"
COUNT = "count"
WORD = "word"
TEXT = "text"
UNBROKEN = frozenset({ID, DATE, COUNT, WORD})


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its key in the rows, its heading, and how a terminal table treats it.

    `priority` 1 is always shown; when the width runs out, the highest numbers are left out first
    (and named under the table). `width` is, for text, the width below which the column is left
    out rather than squeezed (0: a default); it never goes below its heading or longest word.
    An `essential` column is never left out: when it does not fit beside the others, its value
    goes on a line under each row (`Due: 2012-10-27 (By 27.10.12)  Status: completed`).
    """

    key: str
    title: str
    kind: str = TEXT
    priority: int = 1
    width: int = 0
    essential: bool = False

    @property
    def justify(self) -> str:
        """Counts line up on the right; everything else on the left."""
        return "right" if self.kind == COUNT else "left"


@dataclass(frozen=True, slots=True)
class Parts:
    """A cell made of parts: on one line joined by `sep`, or one part per line in a narrow column.

    The due date and its wording, a list of owners, a state and the status beside it.
    """

    items: tuple[str, ...]
    sep: str = " "

    def __str__(self) -> str:
        return self.sep.join(self.items)


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of typed values under display columns, plus a tone per row.

    `keys` are the machine formats' fields (JSON, TSV, CSV), in contract order; `columns` are
    what people read (table, Markdown), which may combine fields (due date with its wording).
    A tone is a state name (overdue, due-soon, ...) or "heading"; render picks the colour.

    For people, a terminal table puts rows under a heading per value of `group` (a key: the
    plan), titled from `headings`, instead of repeating that value on every row. `notices` are
    printed above the rows (what the answer could not see), `count_line` below them
    ("179 overdue actions in 5 plans; oldest 3,517 days"), in every format but the machine ones.
    """

    columns: tuple[Column, ...]
    rows: list[dict[str, object]]
    tones: list[str | None] = field(default_factory=list)
    title: str | None = None
    keys: tuple[str, ...] = ()
    empty: str | None = None  # what the table format says instead of an empty table
    group: str | None = None
    headings: dict[str, str] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    count_line: str | None = None
    # The JSON document's keys between "version" and "rows" (as_of, until, plan), in order.
    meta: dict[str, object] = field(default_factory=dict)
    # The plan files this answer could not see in full: the JSON lists them; `notices` says it to people.
    unreadable: tuple[Unreadable, ...] = ()
    # The JSON document's keys between "rows" and "unreadable" (overdue's and due's not_judged), and its version.
    after_rows: dict[str, object] = field(default_factory=dict)
    version: int = JSON_VERSION

    def data_keys(self) -> tuple[str, ...]:
        """The machine formats' fields: `keys`, or the columns' keys when none are given."""
        return self.keys or tuple(c.key for c in self.columns)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a document (`show`): lines of text and/or a table.

    `level` 1 is a part of the document (its title, a group, the people key); 2 is a part within
    one (a recommendation and its actions).
    """

    heading: str | None
    lines: tuple[str, ...] = ()
    table: Table | None = None
    level: int = 1
    tone: str | None = None  # of the lines: "problem" for the notice of what could not be read
