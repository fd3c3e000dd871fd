"""Cell text for every text format: one line, printable, inert as Markdown, safe in a spreadsheet."""

from __future__ import annotations

import re
from datetime import date

from actiontrack.query.table import Parts
from actiontrack.wording import one_line

_MD_ESCAPE = re.compile(r"([\\`*_\[\]|~#$])")
# OWASP: a cell starting with one of these is read as a formula by Excel, Calc and Sheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

plain = one_line  # plan text on one line with no control characters, for every text format


def md(text: object) -> str:
    """Plan text made inert in GitHub Markdown: one line, no markup, no HTML, no links, no @mentions."""
    flat = plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after "@" keeps "@team" in a plan from notifying anyone.
    return _MD_ESCAPE.sub(r"\\\1", flat).replace("@", "@\u200b")


def cell_text(value: object) -> str:
    """The text of one value in every text format."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Parts):  # on one line: "2012-10-27 (By 27.10.12)", "SM (Steve Merrell); LM"
        return value.sep.join(plain(item) for item in value.items)
    if isinstance(value, (list, tuple)):
        return "; ".join(cell_text(v) for v in value)
    if isinstance(value, dict):  # a note: "2012-10-19 Thurrock Council: Partly completed"
        return f"{cell_text(value.get('date'))} {cell_text(value.get('by'))}: {cell_text(value.get('text'))}"
    return plain(value) if isinstance(value, str) else str(value)


def safe_cell(text: str) -> str:
    """Neutralise spreadsheet formulas (OWASP CSV injection): prefix a quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text
