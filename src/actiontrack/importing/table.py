"""The one table value every reader makes: rows of cells that know their address, whatever the file was.

A reader (xlsx, csv, docx) turns a file into a `SourceTable`; the mapping (columns, walk) reads
only this value, so a Word table, a workbook and a CSV file go through the same heuristics.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Line breaks as spreadsheets and Word write them (vertical tab is Word's manual line break in
# copied text, form feed a page break); everything else below U+0020 but the tab is dropped.
_BREAKS = re.compile("\r\n|[\r\x0b\x0c\u2028\u2029\x85]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its text (lines joined by newlines), where it is, and what its file said about it.

    `levels` gives each line's list level when the file records one (Word numbering), else it is
    empty. `merged` names the merged cell this one is part of ("E5:E7" in a workbook); `copied` is
    True for every part but the first, which holds the value: a part below it shows the value
    again, a part beside it is empty. `date` is a date cell's value; `day_shown` is False when its
    number format shows no day.
    """

    text: str
    where: str
    levels: tuple[int, ...] = ()
    merged: str | None = None
    date: dt.date | None = None
    day_shown: bool = True
    copied: bool = False

    @property
    def empty(self) -> bool:
        """True when the cell holds no text and no date."""
        return self.date is None and not self.text.strip()


@dataclass(frozen=True, slots=True)
class Row:
    """One row: a cell per column (padded), where it is ("row 14", "table 1, row 3"), and flags."""

    cells: tuple[Cell, ...]
    where: str
    hidden: bool = False
    # One merged cell covers the whole row (a heading drawn across the table).
    spans: bool = False

    @property
    def empty(self) -> bool:
        """True when every cell is empty."""
        return all(c.empty for c in self.cells)


@dataclass(frozen=True, slots=True)
class Remark:
    """Something a reader or the mapping noticed at one place: a cell it could not read, a choice it made."""

    where: str
    text: str


@dataclass(frozen=True, slots=True)
class SourceTable:
    """A table read from a file, with the document facts the mapping may use.

    `name` says which table ("sheet 'Tracker'", "table 1", "" for a CSV file); `columns` are the
    column labels addresses use ("A", "B" or "1", "2"); `title`, `created` and `saved` come from
    the document's properties or the text above the table, when it has them.
    """

    file: str
    kind: str  # xlsx | csv | docx
    name: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    hidden_columns: frozenset[int] = frozenset()
    title: str | None = None
    created: dt.date | None = None
    saved: dt.date | None = None
    unreadable: tuple[Remark, ...] = ()  # cells the reader could not read (formula without a value, #REF!)
    facts: tuple[str, ...] = ()  # what the reader did (the encoding, the delimiter, joined tables)
    leading: tuple[str, ...] = field(default=(), repr=False)  # text above the table (docx paragraphs)


def clean(text: str) -> str:
    """A cell's text as the mapping reads it: one newline between lines, no control characters,
    no trailing spaces on a line and no blank lines around the text."""
    text = _CONTROLS.sub("", _BREAKS.sub("\n", text)).replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
