"""The only YAML reader: libyaml's C events walked into dicts and lists that remember positions.

Also `compose`, libyaml's node tree with character offsets, for the edit stage's line splicing:
the one other way a plan's YAML is read, and it lives here so that only this package imports ruamel.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from actiontrack.errors import ERROR, WARNING, Finding, TooLarge

# The bounds moved to bounds.py; MAX_BYTES and within_limits are re-exported (COORDINATION.md names them here).
from actiontrack.load.bounds import MAX_BYTES as MAX_BYTES
from actiontrack.load.bounds import MAX_DEPTH, MAX_ITEMS, MAX_KEYS, MAX_LINES
from actiontrack.load.bounds import within_limits as within_limits
from actiontrack.load.lines import inside, line_col, odd_break

_STD_TAG = "tag:yaml.org,2002:"
# The only tags accepted: `!` and `!!str` (both say "this is text"). Every other tag, the core
# schema's own included (`!!binary`, `!!omap`, `!!python/object/apply:...`), is refused (AT007).
_TEXT_TAGS = frozenset(("!", _STD_TAG + "str"))
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
class YMap(dict):  # type: ignore[type-arg]
    """A mapping that knows where it starts and where each key and value is (1-based)."""

    __slots__ = ("col", "kpos", "line", "vpos")

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line = line
        self.col = col
        self.kpos: dict[str, tuple[int, int]] = {}
        self.vpos: dict[str, tuple[int, int]] = {}


class YList(list):  # type: ignore[type-arg]
    """A sequence that knows where it starts and where each item is (1-based)."""

    __slots__ = ("col", "ipos", "line")

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line = line
        self.col = col
        self.ipos: list[tuple[int, int]] = []


class BadDate(str):
    """A scalar that YAML reads as a timestamp but that is not a real calendar date."""

    __slots__ = ()


class Number(str):
    """A scalar YAML reads as a number, kept as written: no plan field is numeric, and "6.10"
    must not be reported back as 6.1."""

    __slots__ = ()


class Timestamp(str):
    """A date-time scalar: valid YAML, but the plan format wants plain dates."""

    __slots__ = ()


def read_yaml(data: bytes, file: str) -> tuple[object | None, list[Finding]]:
    """Parse one file's bytes into a positioned tree, or findings that say why not.

    Returns (tree or None, findings). Never raises for bad input.
    """
    early = _check_bytes(data, file)
    if early is not None:
        return None, [early]
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    findings: list[Finding] = []
    try:
        tree = _EventBuilder(text, file, findings).document()
    except _Refused:
        return None, findings
    except Exception as exc:  # noqa: BLE001  # ruamel raises many error classes; all carry marks or are reported at 1:1
        # A tab is legal inside a block scalar's text, so it is only blamed when parsing fails.
        tab = _TAB_INDENT.search(text)
        if tab is not None:
            line, col = line_col(text, tab.end())
            return None, [Finding(file, line, col - 1, ERROR, "AT002",
                                  "tab character in indentation: indent with spaces")]
        return None, [_syntax_finding(exc, file, text)]
    if tree is _EMPTY or tree is None:  # no document, or one that is only `---` / `null` / `~`
        return None, [Finding(file, 1, 1, ERROR, "AT004", "empty file: a plan needs at least an id")]
    odd = odd_break(text)
    if odd is not None:
        findings.append(Finding(file, odd[0], odd[1], WARNING, "AT010", odd[2]))
    return tree, findings


def _check_bytes(data: bytes, file: str) -> Finding | None:
    if len(data) > MAX_BYTES:
        return Finding(file, 1, 1, ERROR, "AT005", str(TooLarge(len(data), MAX_BYTES)))
    if b"\x00" in data:
        return Finding(file, 1, 1, ERROR, "AT003", "binary data (NUL byte): not a text file")
    lines = max(data.count(b"\n"), data.count(b"\r"))  # LF, CRLF or CR line ends
    if lines > MAX_LINES:
        return Finding(file, MAX_LINES + 1, 1, ERROR, "AT009", f"more than {MAX_LINES:,} lines ({lines:,}): no plan "
                       "has this many; the file was not read further")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8")  # valid up to the first bad byte, by definition
        line, col = line_col(before, len(before))
        return Finding(file, line, col, ERROR, "AT003", "not UTF-8 text: save the file as UTF-8")
    return None


def _short(text: str, limit: int = 60) -> str:
    """A tag or value quoted in a finding: cut short (findings are one line, and CI logs keep them)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _syntax_finding(exc: Exception, file: str, text: str) -> Finding:
    from actiontrack.load.yamlhints import explain  # only a broken file needs it

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if mark is not None:  # inside the file: libyaml puts the end of the stream on a line of its own, past the last
        line, col = inside(text, mark.line + 1, mark.column + 1)
    elif isinstance(getattr(exc, "position", None), int):  # a reader error (a control character) knows its offset
        # ... in bytes of the UTF-8 text libyaml reads, not in characters.
        offset = len(text.encode("utf-8")[:exc.position].decode("utf-8", "ignore"))  # type: ignore[attr-defined]
        line, col = inside(text, *line_col(text, offset))
    else:
        line, col = 1, 1
    if context and "expected a single document" in str(context):
        return Finding(file, line, col, ERROR, "AT001",
                       "YAML syntax error: more than one document in the file (one plan per file)")
    opened = getattr(exc, "context_mark", None)
    known = explain(text, file, line, col, str(problem), str(context) if context else None,
                    inside(text, opened.line + 1, opened.column + 1) if opened is not None else None)
    if known is not None:
        return known
    message = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Finding(file, line, col, ERROR, "AT001", message)


_EMPTY = object()
# YAML 1.2 core schema, as ruamel's resolver reads plain scalars (checked by the first character,
# so most text never meets a regex).
_INT = re.compile(r"[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)\Z")
_FLOAT = re.compile(r"[-+]?(?:(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
                    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?|\.(?:inf|Inf|INF))\Z|\.(?:nan|NaN|NAN)\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                       r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?\Z")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NUMERIC_START = frozenset("-+0123456789.")


def resolve_plain(value: str) -> object:
    """A plain (unquoted) scalar as YAML 1.2 reads it: null, bool, number, date or text."""
    if value in _NULLS:
        return None
    first = value[0]
    if first in "tTfF" and value in _BOOLS:
        return _BOOLS[value]
    if first in _NUMERIC_START:
        if first.isdigit() and _DATE.match(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return BadDate(value)
        if _INT.match(value) or _FLOAT.match(value):
            return Number(value)
        if first.isdigit() and _DATETIME.match(value):
            return Timestamp(value)
    return value


class _RefusedValue(str):
    """The type of REFUSED."""

    __slots__ = ()


# What a refused value (a tagged node) reads as: reported already, so the builder skips it
# rather than report it again as the wrong type. A str subclass, so a tree stays plain data.
REFUSED = _RefusedValue("")


class _Refused(Exception):
    """Raised inside the builder when the file must not be walked further (an alias bomb, a bound passed)."""


class _EventBuilder:
    """Builds YMap/YList/scalars straight from libyaml's events: no nodes, no resolver objects.

    Composing nodes costs ~7x the events themselves; plans only need values and positions.
    """

    def __init__(self, text: str, file: str, findings: list[Finding]) -> None:
        from ruamel.yaml import events
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # the C extension has no stubs

        self.parser = CParser(text)
        self.file = file
        self.findings = findings
        self.depth = 0
        # Event classes compared by identity: the hot loops see ~1,000 events per plan.
        self.Scalar = events.ScalarEvent
        self.MapStart = events.MappingStartEvent
        self.MapEnd = events.MappingEndEvent
        self.SeqEnd = events.SequenceEndEvent

    def error(self, mark: object, code: str, message: str) -> None:
        self.findings.append(
            Finding(self.file, mark.line + 1, mark.column + 1, ERROR, code, message)  # type: ignore[attr-defined]
        )

    def document(self) -> object:
        get = self.parser.get_event
        try:
            get()  # StreamStartEvent
            event = get()
            if type(event).__name__ == "StreamEndEvent":
                return _EMPTY
            root = self.node(get())
            get()  # DocumentEndEvent
            event = get()
            if type(event).__name__ == "DocumentStartEvent":
                mark = event.start_mark
                message = "YAML syntax error: more than one document in the file (one plan per file)"
                self.findings[:] = [Finding(self.file, mark.line + 1, mark.column + 1, ERROR, "AT001", message)]
                raise _Refused
            return root
        finally:
            self.parser.dispose()

    def node(self, event: object) -> object:
        cls = type(event)
        if cls is self.Scalar and event.anchor is None and event.tag is None:  # type: ignore[attr-defined]
            # The common case, first: an untagged scalar.
            return resolve_plain(event.value) if event.implicit[0] else event.value  # type: ignore[attr-defined]
        kind = cls.__name__
        anchor = getattr(event, "anchor", None)
        if anchor is not None or kind == "AliasEvent":
            what = f"alias *{anchor}" if kind == "AliasEvent" else f"anchor &{anchor}"
            self.error(event.start_mark, "AT006",  # type: ignore[attr-defined]
                       f"{what} refused: anchors and aliases are not part of the plan format")
            raise _Refused  # never expand: an alias bomb costs nothing
        tag = event.tag  # type: ignore[attr-defined]
        if tag is not None and (tag not in _TEXT_TAGS or kind != "ScalarEvent"):
            shown = "!!" + tag[len(_STD_TAG):] if tag.startswith(_STD_TAG) else tag
            self.error(event.start_mark, "AT007",  # type: ignore[attr-defined]
                       f"tag {_short(shown)} refused: plain YAML only (write the value as text)")
            self.skip(event)
            return REFUSED
        if kind == "ScalarEvent":
            if tag is not None:
                return event.value  # type: ignore[attr-defined]  # `!` or `!!str`: text as written
            return resolve_plain(event.value) if event.implicit[0] else event.value  # type: ignore[attr-defined]
        self.depth += 1
        if self.depth > MAX_DEPTH:
            # Refused before the walk goes deeper: nothing in a plan nests like this, and a deeper
            # walk would meet Python's recursion limit (or a very deep file the C stack).
            self.error(event.start_mark, "AT009",  # type: ignore[attr-defined]
                       f"nesting deeper than {MAX_DEPTH} levels: a plan needs 7; nothing was read past here")
            raise _Refused
        try:
            return self.mapping(event) if kind == "MappingStartEvent" else self.sequence(event)
        finally:
            self.depth -= 1

    def skip(self, event: object) -> None:
        """Consume the rest of a collection whose start event was refused."""
        depth = 0 if type(event).__name__ == "ScalarEvent" else 1
        while depth:
            name = type(self.parser.get_event()).__name__
            depth += name in ("MappingStartEvent", "SequenceStartEvent")
            depth -= name in ("MappingEndEvent", "SequenceEndEvent")

    def mapping(self, start: object) -> YMap:
        mark = start.start_mark  # type: ignore[attr-defined]
        out = YMap(mark.line + 1, mark.column + 1)
        kpos, vpos = out.kpos, out.vpos
        get = self.parser.get_event
        scalar, end = self.Scalar, self.MapEnd
        while True:
            kev = get()
            kcls = type(kev)
            if kcls is end:
                return out
            kmark = kev.start_mark
            kname = kcls.__name__
            if kcls is not scalar or kev.anchor is not None:
                if kname == "ScalarEvent" or kname == "AliasEvent":
                    self.node(kev)  # reports the anchor/alias and refuses
                self.error(kmark, "AT103", "a key must be plain text")
                self.skip(kev)
                self.node(get())
                continue
            key = kev.value
            if key == "<<" and kev.implicit[0]:
                self.error(kmark, "AT006", "merge key << refused: anchors and aliases are not part of the plan format")
                self.node(get())
                continue
            vev = get()
            value = self.node(vev)
            if key in out:
                self.error(kmark, "AT008", f"duplicate key '{key}' (first at line {kpos[key][0]})")
                continue
            vmark = vev.start_mark
            out[key] = value
            kpos[key] = (kmark.line + 1, kmark.column + 1)
            vpos[key] = (vmark.line + 1, vmark.column + 1)
            if len(out) > MAX_KEYS:
                self.error(kmark, "AT009", f"more than {MAX_KEYS:,} keys in one mapping: no mapping of a plan "
                           "has this many; nothing was read past here")
                raise _Refused

    def sequence(self, start: object) -> YList:
        mark = start.start_mark  # type: ignore[attr-defined]
        out = YList(mark.line + 1, mark.column + 1)
        ipos = out.ipos
        get = self.parser.get_event
        end = self.SeqEnd
        while True:
            event = get()
            if type(event) is end:
                return out
            emark = event.start_mark
            out.append(self.node(event))
            ipos.append((emark.line + 1, emark.column + 1))
            if len(out) > MAX_ITEMS:
                self.error(emark, "AT009", f"more than {MAX_ITEMS:,} items in one list: no list of a plan has this "
                           "many; nothing was read past here")
                raise _Refused


# libyaml nodes (ruamel.yaml.cyaml) are untyped C objects: start_mark, end_mark, value, tag, style, flow_style.
Node = Any


def compose(text: str) -> Node:
    """The document's node tree from libyaml, with start and end marks (0-based, in characters)."""
    from ruamel.yaml.cyaml import CSafeLoader

    loader = CSafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
