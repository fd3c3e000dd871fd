"""JSON output: stable key order, ISO dates, UTF-8 kept, written fast and row by row."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from json.encoder import encode_basestring as _encode_str  # the C implementation
from typing import TextIO


def json_value(value: object) -> object:
    """JSON-ready value: ISO dates, lists for tuples, nested dicts converted."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    return value


# JSON escapes C0 controls itself; these it would write raw, and a terminal showing the JSON could
# obey them (U+009B is CSI, U+0085 NEL): DEL and C1 controls, the line and paragraph separators,
# the bidirectional controls, and lone surrogates. They only ever occur inside strings, so they
# are escaped over the whole text, after it is built (docs/json.md).
_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def inert(text: str) -> str:
    """JSON text with every character a terminal could obey written as a `\\uXXXX` escape (same value)."""
    if text.isascii() and "\x7f" not in text:  # isascii() is O(1) in CPython: most documents leave here
        return text
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_json(data: object) -> str:
    """Stable JSON text: keys in contract order, UTF-8 characters kept, two-space indent.

    Byte-identical to json.dumps(json_value(data), ensure_ascii=False, indent=2) but for the
    characters `inert` escapes, and about five times faster: the standard library drops to pure
    Python whenever indent is set.
    """
    return inert(_dump(data, ""))


def write_json(data: object, out: TextIO) -> None:
    """`dump_json(data)` and a newline, written piece by piece: the top levels' entries one at a
    time, so a 40 MB summary is never one string in memory (nor its copy with the newline)."""
    for piece in _pieces(data, "", 2):
        out.write(inert(piece))
    out.write("\n")


def _pieces(value: object, indent: str, depth: int) -> Iterator[str]:
    """`_dump(value, indent)` as consecutive pieces: containers `depth` levels down are split."""
    kind = type(value)
    lazy = isinstance(value, Sequence) and not isinstance(value, (str, list, tuple))
    if depth == 0 or not (kind is dict or kind is list or kind is tuple or lazy) or not value:
        yield _dump(value, indent)
        return
    inner = indent + "  "
    if isinstance(value, dict):
        yield "{\n"
        for i, (key, item) in enumerate(value.items()):
            yield (",\n" if i else "") + inner + _encode_str(key) + ": "
            yield from _pieces(item, inner, depth - 1)
        yield "\n" + indent + "}"
    elif isinstance(value, Sequence):
        yield "[\n"
        for i, item in enumerate(value):
            yield (",\n" if i else "") + inner
            yield from _pieces(item, inner, depth - 1)
        yield "\n" + indent + "]"


def dump_row(row: dict[str, object]) -> str:
    """One element of a document's "rows" array, indented as dump_json indents it there."""
    return inert(_dump(row, "    "))


def write_rows_document(head: dict[str, object], rows: Iterable[str], tail: dict[str, object], out: TextIO) -> None:
    """`{...head, "rows": [...], ...tail}` written row by row, byte for byte as dump_json would write it.

    `rows` are already made by dump_row: the listings stream thousands of them, and the cached
    overdue rows are stored as that text.
    """
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {inert(_encode_str(key))}: {inert(_dump(value, '  '))},\n")
    out.write('  "rows": ')
    first = True
    for text in rows:
        out.write("[\n    " if first else ",\n    ")
        out.write(text)
        first = False
    out.write("[]" if first else "\n  ]")
    for key, value in tail.items():
        out.write(f",\n  {inert(_encode_str(key))}: {inert(_dump(value, '  '))}")
    out.write("\n}\n")


def _dump(value: object, indent: str) -> str:
    kind = type(value)
    if kind is str:
        return _encode_str(value)  # type: ignore[arg-type]
    if kind is dict:
        if not value:
            return "{}"
        inner = indent + "  "
        return "{\n" + ",\n".join(f"{inner}{_encode_str(k)}: {_dump(v, inner)}"
                                   for k, v in value.items()) + "\n" + indent + "}"  # type: ignore[attr-defined]
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _dump(v, inner) for v in value) + "\n" + indent + "]"  # type: ignore[attr-defined]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return str(value)
    if isinstance(value, date):
        return '"' + value.isoformat() + '"'
    if isinstance(value, str):
        return _encode_str(str(value))
    if isinstance(value, Sequence):  # a sequence made as it is read (query/export.PlanObjects)
        return _dump(list(value), indent)
    return json.dumps(json_value(value), ensure_ascii=False)


