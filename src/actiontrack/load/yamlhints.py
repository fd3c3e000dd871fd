"""YAML syntax errors explained: the slips people make in plan files, located where they were made.

libyaml reports where parsing failed, in its own words ("mapping values are not allowed in this
context", "did not find expected key"), often lines after the slip. For the common cases these
say what happened and what to write instead: an unquoted ": " or "#" in text, a quote never
closed (pointing at the line where it opened), a tab, a list item without a space after "-".
"""

from __future__ import annotations

import re

from actiontrack.errors import ERROR, Finding

# A list item written "-id: 1" instead of "- id: 1" (but not a document marker "---").
_DASH_NO_SPACE = re.compile(r"^(\s*)-(?=[^\s-])([\w-]*)")
# "key: value" or "- key: value": the key of a line, and where its value starts.
_KEY = re.compile(r"^\s*(?:-\s+)?([^\s:#'\"][^:#]*?):(?:\s+|$)")
# A value that opens a quote, after "key: " or "- "; group 1 is the quote.
_OPENS = re.compile(r"""^\s*(?:-\s+)?(?:[^\s:#'"][^:#]*?:\s+)?(["'])""")
_CLOSED = {'"': re.compile(r'(?:[^"\\]|\\.)*"'), "'": re.compile(r"(?:[^']|'')*'")}


def explain(text: str, file: str, line: int, col: int, problem: str, context: str | None,
            opened: tuple[int, int] | None) -> Finding | None:
    """A finding that explains a libyaml error at (line, col), 1-based, or None for one it does not know.

    `opened` is where libyaml says the construct it was reading started (its context mark).
    """
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if col - 1 < len(here) and here[col - 1] == "\t":
        return Finding(file, line, col, ERROR, "AT002", "tab character where YAML needs spaces: use spaces")
    dash = _dash_slip(lines, line)
    if dash is not None:
        return Finding(file, dash[0], dash[1], ERROR, "AT001", dash[2])
    if context is not None and "quoted scalar" in context and opened is not None:
        return _unclosed(file, opened[0], opened[1], lines)
    if problem.startswith("mapping values are not allowed"):
        key = _KEY.match(here)
        name = key.group(1) if key else "key"
        return Finding(file, line, col, ERROR, "AT001",
                       f"YAML syntax error: ': ' inside a value starts a new key: quote the value: {name}: \"…\"")
    quote = _last_unclosed(lines, line)
    if quote is not None:
        return _unclosed(file, quote[0], quote[1], lines)
    return None


def explain_null(finding: Finding, text: str) -> Finding:
    """An empty value where text is needed, because a " #" began a comment (`text: #3 done`)."""
    lines = text.splitlines()
    here = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    key = _KEY.match(here)
    if key is None or not here[key.end():].startswith("#"):
        return finding
    return finding._replace(message=f"{finding.message}: in YAML ' #' starts a comment, so the value was read as "
                                    f"empty: quote it: {key.group(1)}: \"#…\"")


def _dash_slip(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A "-" with no space after it on the failing line or the two above (libyaml notices it late)."""
    for number in range(line, max(line - 3, 0), -1):
        m = _DASH_NO_SPACE.match(lines[number - 1]) if number <= len(lines) else None
        if m is not None:
            key = m.group(2)
            example = f"'- {key}: …', not '-{key}: …'" if key else "'- …'"
            message = f"YAML syntax error: a list item needs a space after '-': write {example}"
            return number, len(m.group(1)) + 1, message
    return None


def _last_unclosed(lines: list[str], line: int) -> tuple[int, int] | None:
    """The last line up to `line` whose value opens a quote it does not close on that line."""
    for number in range(min(line, len(lines)), 0, -1):
        text = lines[number - 1]
        m = _OPENS.match(text)
        if m is None:
            continue
        quote = m.group(1)
        rest = text[m.end():]
        if not _CLOSED[quote].match(rest):
            return number, m.end()
    return None


def _unclosed(file: str, line: int, col: int, lines: list[str]) -> Finding:
    quote = lines[line - 1][col - 1] if 0 < line <= len(lines) and 0 < col <= len(lines[line - 1]) else '"'
    return Finding(file, line, col, ERROR, "AT001",
                   f"YAML syntax error: the quote opened here is never closed: end the value with {quote} "
                   "on the same line")
