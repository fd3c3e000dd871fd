"""Fast read-only YAML: C-composed nodes walked into dicts and lists that remember positions."""

from __future__ import annotations

import re
from datetime import date

from actiontrack.errors import ERROR, Finding

MAX_BYTES = 2 * 1024 * 1024  # a 50-action plan is ~20 KB; 2 MiB leaves room for 100x that
_STD_TAG = "tag:yaml.org,2002:"
# An anchor or alias can only begin a node: after indentation, "- ", "? ", ": ", "[", "{" or ",".
_ANCHOR_HINT = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]", re.MULTILINE)
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


class YMap(dict):  # type: ignore[type-arg]
    """A mapping that knows where it starts and where each key and value is (1-based)."""

    __slots__ = ("line", "col", "kpos", "vpos")

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line = line
        self.col = col
        self.kpos: dict[str, tuple[int, int]] = {}
        self.vpos: dict[str, tuple[int, int]] = {}


class YList(list):  # type: ignore[type-arg]
    """A sequence that knows where it starts and where each item is (1-based)."""

    __slots__ = ("line", "col", "ipos")

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
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Finding(file, 1, 1, ERROR, "AT004", "empty file: a plan needs at least an id")]
    tab = _TAB_INDENT.search(text)
    if tab is not None:
        line = text.count("\n", 0, tab.start()) + 1
        col = tab.end() - tab.start()
        return None, [Finding(file, line, col, ERROR, "AT002", "tab character in indentation: indent with spaces")]
    if _ANCHOR_HINT.search(text):
        refused = _scan_anchors(text, file)
        if refused:
            return None, refused
    try:
        node = _compose(text)
    except Exception as exc:  # ruamel raises many error classes; all carry marks or are reported at 1:1
        return None, [_syntax_finding(exc, file)]
    if node is None:
        return None, [Finding(file, 1, 1, ERROR, "AT004", "empty file: a plan needs at least an id")]
    findings: list[Finding] = []
    tree = _Walker(file, findings).walk(node)
    return tree, findings


def _check_bytes(data: bytes, file: str) -> Finding | None:
    if len(data) > MAX_BYTES:
        return Finding(
            file, 1, 1, ERROR, "AT005",
            f"file is {len(data):,} bytes, over the {MAX_BYTES:,}-byte limit for a plan: split it",
        )
    if b"\x00" in data:
        return Finding(file, 1, 1, ERROR, "AT003", "binary data (NUL byte): not a text file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return Finding(file, line, col, ERROR, "AT003", "not UTF-8 text: save the file as UTF-8")
    return None


def _compose(text: str) -> object | None:
    from ruamel.yaml.cyaml import CSafeLoader

    loader = CSafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _syntax_finding(exc: Exception, file: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context and "expected a single document" in str(context):
        message = "YAML syntax error: more than one document in the file (one plan per file)"
    elif context:
        message += f" ({context})"
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    return Finding(file, line, col, ERROR, "AT001", message)


def _scan_anchors(text: str, file: str) -> list[Finding]:
    """Refuse anchors and aliases before anything expands them (alias bombs)."""
    from ruamel.yaml.cyaml import CParser

    parser = CParser(text)
    found: list[Finding] = []
    try:
        while parser.check_event():
            event = parser.get_event()
            name = type(event).__name__
            mark = event.start_mark
            if name == "AliasEvent":
                found.append(Finding(file, mark.line + 1, mark.column + 1, ERROR, "AT006",
                                     f"alias *{event.anchor} refused: anchors and aliases are not part of the plan format"))
            elif getattr(event, "anchor", None):
                found.append(Finding(file, mark.line + 1, mark.column + 1, ERROR, "AT006",
                                     f"anchor &{event.anchor} refused: anchors and aliases are not part of the plan format"))
            if len(found) >= 20:  # a bomb has thousands; twenty say enough
                break
    except Exception:
        return found  # the composer reports the syntax error with its position
    finally:
        parser.dispose()
    return found


class _Walker:
    """Turns composed nodes into YMap/YList/scalars, collecting findings instead of raising."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.file = file
        self.findings = findings
        self.seen: set[int] = set()

    def error(self, mark: object, code: str, message: str) -> None:
        self.findings.append(
            Finding(self.file, mark.line + 1, mark.column + 1, ERROR, code, message)  # type: ignore[attr-defined]
        )

    def walk(self, node: object) -> object:
        if id(node) in self.seen:  # the C composer hands back the same node for an alias
            self.error(node.start_mark, "AT006", "alias refused: anchors and aliases are not part of the plan format")  # type: ignore[attr-defined]
            return None
        self.seen.add(id(node))
        tag: str = node.tag  # type: ignore[attr-defined]
        if not tag.startswith(_STD_TAG):
            self.error(node.start_mark, "AT007", f"custom tag {tag} refused: plain YAML only")  # type: ignore[attr-defined]
            return None
        kind = type(node).__name__
        if kind == "ScalarNode":
            return self.scalar(node, tag[len(_STD_TAG):])
        if kind == "MappingNode":
            return self.mapping(node)
        return self.sequence(node)

    def scalar(self, node: object, tag: str) -> object:
        value: str = node.value  # type: ignore[attr-defined]
        if tag == "str":
            return value
        if tag == "timestamp":
            if len(value) == 10:
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    return BadDate(value)
            return Timestamp(value)
        if tag in ("int", "float"):
            return Number(value)
        if tag == "bool":
            return value.lower() == "true"
        if tag == "null":
            return None
        return value

    def mapping(self, node: object) -> YMap:
        start = node.start_mark  # type: ignore[attr-defined]
        out = YMap(start.line + 1, start.column + 1)
        for knode, vnode in node.value:  # type: ignore[attr-defined]
            kmark = knode.start_mark
            if type(knode).__name__ != "ScalarNode":
                self.error(kmark, "AT103", "a key must be plain text")
                continue
            key = knode.value
            if key == "<<":
                self.error(kmark, "AT006", "merge key << refused: anchors and aliases are not part of the plan format")
                continue
            if key in out:
                first = out.kpos[key]
                self.error(kmark, "AT008", f"duplicate key '{key}' (first at line {first[0]})")
                continue
            value = self.walk(vnode)
            vmark = vnode.start_mark
            out[key] = value
            out.kpos[key] = (kmark.line + 1, kmark.column + 1)
            out.vpos[key] = (vmark.line + 1, vmark.column + 1)
        return out

    def sequence(self, node: object) -> YList:
        start = node.start_mark  # type: ignore[attr-defined]
        out = YList(start.line + 1, start.column + 1)
        for item in node.value:  # type: ignore[attr-defined]
            mark = item.start_mark
            out.append(self.walk(item))
            out.ipos.append((mark.line + 1, mark.column + 1))
        return out
