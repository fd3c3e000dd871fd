"""YAML text for values an edit writes: plain when every reader reads it back as the same text,
else double-quoted; multi-line text as a literal block; list items aligned as the file aligns them."""

from __future__ import annotations

import re
from datetime import date

from actiontrack.load.yamlread import compose

_STR_TAG = "tag:yaml.org,2002:str"
# Characters a plan file must not hold raw: C0/C1 controls (tab and line feed aside), the YAML 1.1 line
# breaks libyaml honours (NEL, LS, PS), BOM, non-characters, and lone surrogates from undecodable argv.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# YAML 1.1 readers (PyYAML, many CI tools) read these as booleans or null, and digit runs such as
# 10:30 as sexagesimal numbers: quote them so every reader sees the same text.
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})
_NUMBERISH = re.compile(r"[-+0-9.:_ ]+\Z")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}

def format_scalar(value: str) -> str:
    """One-line YAML for a text value: plain when every reader reads it back as this text, else double-quoted."""
    return value if _plain_ok(value) else _double_quoted(value)


def format_flow_scalar(value: str) -> str:
    """One item of a flow list (`[a, "b, c"]`): as format_scalar, and quoted when it holds a flow indicator."""
    return _double_quoted(value) if any(ch in value for ch in ",[]{}") else format_scalar(value)


def scalar_lines(key: str, value: str | date, indent: int) -> list[str]:
    """`key: value` for a mapping whose keys sit at `indent`; multi-line text becomes a literal block."""
    if isinstance(value, date):
        return [f"{key}: {value.isoformat()}"]
    if "\n" in value and not _UNSAFE.search(value):
        body, header = _literal(value)
        return [f"{key}: {header}"] + [" " * (indent + 2) + line if line else "" for line in body]
    return [f"{key}: {format_scalar(value)}"]


def item_lines(fields: list[tuple[str, str | date]], dash_col: int, key_col: int) -> list[str]:
    """A block-mapping list item: `- key: value` then the other keys aligned under the first."""
    out: list[str] = []
    for i, (key, value) in enumerate(fields):
        lines = scalar_lines(key, value, key_col)
        lead = " " * dash_col + "-" + " " * (key_col - dash_col - 1) if i == 0 else " " * key_col
        out.append(lead + lines[0])
        out.extend(lines[1:])
    return out


def _plain_ok(value: str) -> bool:
    if not value or value != value.strip() or "\n" in value or "\t" in value or _UNSAFE.search(value):
        return False
    if value.lower() in _YAML11_WORDS or _NUMBERISH.match(value):
        return False
    try:  # let libyaml itself say how it reads the scalar: indicators, ': ', ' #', numbers, dates, nulls
        node = compose(f"k: {value}")
    except Exception:  # noqa: BLE001  # any parse error means 'not as plain text'
        return False
    pairs = getattr(node, "value", None)
    if not isinstance(pairs, list) or len(pairs) != 1:
        return False
    scalar = pairs[0][1]
    return type(scalar).__name__ == "ScalarNode" and scalar.tag == _STR_TAG and scalar.value == value \
        and not scalar.style


def _double_quoted(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _UNSAFE.match(ch):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _literal(value: str) -> tuple[list[str], str]:
    """Body lines and header (`|`, `|-`, `|+`, with an indent indicator when the text starts with spaces)."""
    if not value.endswith("\n"):
        chomp, body = "-", value.split("\n")
    else:
        chomp, body = ("+" if value.endswith("\n\n") else ""), value[:-1].split("\n")
    first = next((line for line in body if line), "")
    indicator = "2" if first.startswith(" ") else ""  # content sits 2 columns in from the key
    return body, f"|{indicator}{chomp}"
