"""The import report as a value: what was read, what was made of it, and what could not be understood."""

from __future__ import annotations

from dataclasses import dataclass

from actiontrack.importing.columns import Column
from actiontrack.importing.table import Remark


@dataclass(frozen=True, slots=True)
class UnknownTimescale:
    """An action whose timescale wording reads as no date (`validate` warns AT205 about it too)."""

    where: str
    action: str
    timescale: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """Everything `import` tells the user besides the plan itself (render/importing.py writes it)."""

    file: str
    table: str  # "sheet 'Tracker'", "table 1", "" for a CSV file
    header: str  # where the header row is: "row 3", "table 1, row 1"
    rows: int  # rows below the header that hold a value
    columns: tuple[Column, ...]
    groups: int
    recommendations: int
    actions: int
    notes: int
    not_understood: tuple[Remark, ...]
    unknown_timescales: tuple[UnknownTimescale, ...]
    facts: tuple[str, ...]
