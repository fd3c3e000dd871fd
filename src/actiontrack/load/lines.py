"""Lines as libyaml reads them: its line breaks, positions from offsets, and the breaks git does not read.

libyaml (YAML 1.1) ends a line at CRLF, LF and CR, and also at NEL, LS and PS; git and YAML 1.2
readers only at LF (and CRLF). Every position actiontrack gives counts lines libyaml's way, so the
splicer and the parser always agree (edit/splice.py), and no position points past the last line.
"""

from __future__ import annotations

import re

# What libyaml (YAML 1.1) reads as a line break, and so what a line is in every position
# actiontrack gives: CRLF, LF and CR, and NEL, LS and PS. Git and YAML 1.2 read only LF (and CRLF).
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ODD_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
BREAK_NAMES = {"\r": "a lone carriage return (CR)", "\x85": "a next-line character (NEL, U+0085)",
                "\u2028": "a line separator (LS, U+2028)", "\u2029": "a paragraph separator (PS, U+2029)"}


def split_lines(text: str) -> list[str]:
    """The lines of `text` as YAML reads them (LINE_BREAK), without their breaks."""
    lines = LINE_BREAK.split(text)
    return lines[:-1] if lines and not lines[-1] else lines


def line_col(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset, lines counted as YAML counts them."""
    breaks = list(LINE_BREAK.finditer(text, 0, offset))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - start + 1


def inside(text: str, line: int, col: int) -> tuple[int, int]:
    """A position moved back inside the text: libyaml puts the end of the stream on a line of its own,
    one past the last, and the end of the last line is where such an error is."""
    lines = split_lines(text) or [""]
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(col, len(lines[line - 1]) + 1)


def odd_break(text: str) -> tuple[int, int, str] | None:
    """The first line break git does not read as one (a lone CR, NEL, LS, PS): line, column, message; or None."""
    if "\r" not in text and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
        return None  # the common case, without a regex over the file
    found = _ODD_BREAK.search(text)
    if found is None:
        return None
    line, col = line_col(text, found.start())
    more = len(_ODD_BREAK.findall(text)) - 1
    also = f" (and {more} more)" if more else ""
    return (line, col, f"line {line} ends with {BREAK_NAMES[found.group()]}{also}: YAML reads it as a line break, "
            "but git and YAML 1.2 readers do not, so they number lines differently and actiontrack cannot add "
            "lines after it; replace it with a line feed")
