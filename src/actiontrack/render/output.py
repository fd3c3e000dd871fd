"""The render stage's entry points for the reading commands: a listing's value or an export, to a stream."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from actiontrack.render.jsonout import inert, json_value, write_json

if TYPE_CHECKING:
    from actiontrack.query.table import Section, Table
    from actiontrack.render.overdue_json import JsonRows


def emit(value: Table | list[Section] | JsonRows, fmt: str, out: TextIO, *, terminal: bool, color: bool,
         width: int | None = None, wide: bool = False) -> None:
    """Write a listing: a Table, a document of Sections (show), or rows already rendered as JSON.

    A terminal table fits the terminal, or `width` columns; `wide` keeps every column.
    """
    from actiontrack.render.overdue_json import JsonRows

    if isinstance(value, JsonRows):  # already rendered: the warm path needs no table machinery
        value.write(out)
        return
    from actiontrack.query.table import Table
    from actiontrack.render.tables import render_document, render_table

    if isinstance(value, Table):
        render_table(value, fmt, out, terminal=terminal, color=color, width=width, wide=wide)
    elif isinstance(value, list):
        render_document(value, fmt, out, terminal=terminal, color=color, width=width, wide=wide)


def write_export(fmt: str, document: dict[str, object], lines: Iterable[dict[str, object]], out: TextIO) -> None:
    """`export`: one JSON document (json), or one JSON object per line (jsonl)."""
    if fmt == "json":
        write_json(document, out)
        return
    for line in lines:
        out.write(inert(json.dumps(json_value(line), ensure_ascii=False)) + "\n")
