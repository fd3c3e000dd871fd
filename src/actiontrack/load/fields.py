"""The plan format's field specs, and the reader that checks a mapping against one.

Each spec maps a key to (type, required). `FieldReader.fields` checks a mapping against its spec
and returns the well-typed values, reporting every problem as a located finding; `x-...` keys
are allowed in every mapping and kept as plain values (`extra`). The builder (`build`) turns
the checked values into the model.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from actiontrack.dates import end_of_month
from actiontrack.errors import ERROR, Finding
from actiontrack.load.bounds import MAX_FINDINGS
from actiontrack.load.yamlread import REFUSED, BadDate, Number, Timestamp, YList, YMap
from actiontrack.model import EXTENSION_PREFIX, PLAN_ID
from actiontrack.wording import did_you_mean

_ACTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})\Z")

# Types: text, date, when (a date or a month, YYYY-MM), slug, actionid, map, list, textlist,
# owners, baseline (a date or a wording), label (text, or a number written as one: "1").
Spec = dict[str, tuple[str, bool]]
PLAN_FIELDS: Spec = {
    "id": ("slug", True), "title": ("text", True), "organisation": ("text", True),
    "source": ("map", True), "date": ("date", False), "published": ("date", False),
    "version": ("text", False), "completed_by": ("map", False), "people": ("map", False),
    "groups": ("list", False), "rag_scale": ("map", False), "reaudit": ("label", False),
    "recommendations": ("list", True),
}
SOURCE_FIELDS: Spec = {"kind": ("text", True), "reference": ("text", False), "date": ("date", False)}
SIGNOFF_FIELDS: Spec = {"name": ("text", True), "role": ("text", False), "date": ("date", False)}
PERSON_FIELDS: Spec = {"name": ("text", True), "role": ("text", False), "agency": ("text", False)}
GROUP_FIELDS: Spec = {"id": ("slug", True), "title": ("text", True)}
AMENDMENT_FIELDS: Spec = {"date": ("date", False), "text": ("text", True)}
ACTION_FIELDS: Spec = {
    "id": ("actionid", True), "text": ("text", True), "owners": ("owners", False),
    "agency": ("text", False), "timescale": ("text", False), "due": ("date", False),
    "baseline": ("baseline", False), "monitoring": ("text", False), "measure": ("text", False),
    "expected_evidence": ("text", False), "priority": ("text", False), "themes": ("textlist", False),
    "status": ("text", True), "rag": ("label", False), "completed_on": ("when", False),
    "notes": ("list", False), "evidence": ("list", False),
}
REC_FIELDS: Spec = {
    "id": ("text", True), "text": ("text", True), "outcome": ("text", False),
    "group": ("text", False), "references": ("textlist", False), "amendments": ("list", False),
    "owners": ("owners", False), "status": ("text", False), "rag": ("label", False),
    "themes": ("textlist", False), "actions": ("list", False),
}
# A recommendation with no actions is tracked as one action: it may carry an action's fields too
# (its `status` is then required: the builder says so, naming `actions` as the other way).
STANDALONE_FIELDS: Spec = {**REC_FIELDS, **{k: v for k, v in ACTION_FIELDS.items() if k not in ("id", "text")},
                           "status": ("text", False)}
ACTION_ONLY = frozenset(STANDALONE_FIELDS) - frozenset(REC_FIELDS)
# Why a recommendation that has actions may not have an action's field: the AT101 hint.
ACTION_ONLY_HINTS = {k: f": only a recommendation with no actions has '{k}' (put it on its actions)"
                     for k in ACTION_ONLY}
NOTE_FIELDS: Spec = {"date": ("when", True), "by": ("text", False), "text": ("text", True), "status": ("text", False)}
EVIDENCE_FIELDS: Spec = {"date": ("date", True), "description": ("text", True), "reference": ("text", False),
                         "expires": ("date", False)}

_TYPE_WORDS = {
    "text": "text", "date": "a date (YYYY-MM-DD)", "when": "a date (YYYY-MM-DD) or a month (YYYY-MM)",
    "slug": "a slug (lower-case letters, digits, -)", "actionid": "an action id (letters, digits, . _ -)",
    "map": "a mapping of fields", "list": "a list", "textlist": "a list of text", "owners": "a list of owners",
    "baseline": "a date (YYYY-MM-DD) or a timescale wording", "label": "text",
}

# Where `fields()` keeps a mapping's `x-...` keys: a name no YAML key can be.
EXTRA = "\0extra"

# A mapping's fields after `fields()` checked each value against its spec: the spec, checked at
# run time, is their type (text, a date, a YList of ...), which the checker cannot follow.
Fields = dict[str, Any]


class TooMany(Exception):
    """Raised when a file has given MAX_FINDINGS findings: the rest would only bury them."""


class FieldReader:
    """Checks mappings against specs, collecting located findings."""

    def __init__(self, file: str, findings: list[Finding]) -> None:
        self.file = file
        self.findings = findings

    def add(self, pos: tuple[int, int], code: str, message: str) -> None:
        """Report an error at a 1-based (line, column); TooMany once the file has MAX_FINDINGS."""
        self.findings.append(Finding(self.file, pos[0], pos[1], ERROR, code, message))
        if len(self.findings) >= MAX_FINDINGS:
            self.findings.append(Finding(self.file, pos[0], pos[1], ERROR, "AT009",
                                         f"{MAX_FINDINGS:,} problems found by here: fix these first (the rest of "
                                         "the file was not checked)"))
            raise TooMany

    def fields(self, node: object, spec: Spec, where: str, pos: tuple[int, int],
               hints: dict[str, str] | None = None) -> Fields | None:
        """Check a mapping against its spec; return the well-typed values (bad ones dropped).

        `x-...` keys are kept as they are, together under EXTRA (see `extra`). `hints` gives a
        better reason than did-you-mean for a key this mapping may not have.
        """
        if not isinstance(node, YMap):
            if node is not REFUSED:  # a tagged node was reported where it was read (AT007)
                self.add(pos, "AT103", f"{where} must be a mapping of fields, not {describe(node)}")
            return None
        out: Fields = {}
        for key, value in node.items():
            kind_required = spec.get(key)
            if kind_required is not None and type(value) is str and kind_required[0] == "text" and value.strip():
                out[key] = value  # the common case, checked without the general machinery
                continue
            if value is REFUSED:
                continue  # a tagged value: reported where it was read (AT007)
            if key not in spec:
                if key.startswith(EXTENSION_PREFIX) and len(key) > len(EXTENSION_PREFIX):
                    out.setdefault(EXTRA, {})[key] = value  # one lookup for extra(), not a scan per mapping
                    continue
                hint = (hints or {}).get(key) or did_you_mean(str(key), list(spec)) \
                    or f" (known: {', '.join(spec)}; extension keys start with x-)"
                self.add(node.kpos[key], "AT101", f"unknown key '{key}' in {where}{hint}")
                continue
            checked = self.typed(value, spec[key][0], f"{key}", node.vpos[key])
            if checked is not None:
                out[key] = checked
        for key, (_, required) in spec.items():
            if required and key not in node:
                self.add((node.line, node.col), "AT102", f"missing required field '{key}' in {where}")
        return out

    def typed(self, value: object, kind: str, key: str, pos: tuple[int, int]) -> object | None:
        """The value when it has the spec's type, else None with a finding."""
        if kind in ("date", "when", "baseline"):
            if isinstance(value, BadDate):
                self.add(pos, "AT105", f"'{key}' is not a real date: {value}")
                return None
            if isinstance(value, date):
                return (value, False) if kind == "when" else value
            if isinstance(value, Timestamp):
                self.add(pos, "AT103", f"'{key}' must be a date (YYYY-MM-DD) without a time, not {value}")
                return None
            if kind == "when" and isinstance(value, str) and not isinstance(value, Number):
                return self.month(value.strip(), key, pos)
            if kind == "baseline":
                kind = "text"  # a wording, read with the timescale rules
        if kind in ("text", "slug", "actionid", "label"):
            return self.text(value, kind, key, pos)
        if kind in ("map", "list"):
            if isinstance(value, YMap if kind == "map" else YList):
                return value
        elif kind in ("textlist", "owners") and isinstance(value, YList):
            good = []
            for item, ipos in zip(value, value.ipos):
                if isinstance(item, str) and not isinstance(item, (Number, BadDate, Timestamp)) and item.strip():
                    good.append((item, ipos))
                elif item is not REFUSED:
                    self.add(ipos, "AT103", f"each item of '{key}' must be text, not {describe(item)}")
            if kind == "owners" and not value:
                self.add(pos, "AT102", "'owners' is empty: name at least one owner (leave 'owners' out when the "
                                       "source names none)")
            return good
        self.add(pos, "AT103", f"'{key}' must be {_TYPE_WORDS[kind]}, not {describe(value)}")
        return None

    def text(self, value: object, kind: str, key: str, pos: tuple[int, int]) -> str | None:
        """Non-empty text (a slug, an action id); a number only where a label may be one ("1")."""
        if isinstance(value, Number) and kind == "label":
            return str(value)
        if isinstance(value, str) and not isinstance(value, (BadDate, Timestamp, Number)) and value.strip():
            if kind == "slug" and not PLAN_ID.match(value):
                self.add(pos, "AT104", f"'{key}' must be a slug (lower-case letters, digits, -): '{value}'")
                return None
            if kind == "actionid" and not is_action_id(value):
                self.add(pos, "AT104", f"'{key}' must use only letters, digits, '.', '_' and '-': '{value}'")
                return None
            return value
        if isinstance(value, str) and not value.strip():
            self.add(pos, "AT103", f"'{key}' is empty")
            return None
        if isinstance(value, (Number, date)):
            self.add(pos, "AT103", f"'{key}' must be text, not {describe(value)}: quote it (\"{short(raw(value))}\")")
            return None
        self.add(pos, "AT103", f"'{key}' must be {_TYPE_WORDS[kind]}, not {describe(value)}")
        return None

    def month(self, value: str, key: str, pos: tuple[int, int]) -> tuple[date, bool] | None:
        """A month written YYYY-MM, as its last day (the day a month-dated record counts from)."""
        m = _MONTH.match(value)
        if m is None:
            self.add(pos, "AT103", f"'{key}' must be {_TYPE_WORDS['when']}, not {describe(value)}")
            return None
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12 or year < 1:
            self.add(pos, "AT105", f"'{key}' is not a real month: {value}")
            return None
        return end_of_month(year, month), True


def is_action_id(value: str) -> bool:
    """Whether `value` can be an action id (and so a PLAN_ID:ACTION_ID reference)."""
    return _ACTION_ID.match(value) is not None


def extra(f: Fields | None) -> dict[str, object]:
    """The `x-...` keys of a checked mapping, as plain values (dicts, lists, text, numbers, dates)."""
    found = f.get(EXTRA) if f else None
    return {k: plain(v) for k, v in found.items()} if found else {}


def plain(value: object) -> object:
    """A YAML value with its positions dropped; a number becomes one, other scalars stay as read."""
    if isinstance(value, YMap):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, YList):
        return [plain(v) for v in value]
    if isinstance(value, Number):
        for convert in (int, float):
            try:
                return convert(value)
            except ValueError:
                continue
        return str(value)  # 0x1F, 1_000, .inf: kept as written
    if isinstance(value, str):
        return str(value)
    return value


def short(text: str, limit: int = 40) -> str:
    """A value quoted back in a finding: one line, cut short (it may be case text, and CI logs keep it)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe(value: object) -> str:
    """What a value is, in words, for a finding."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, Number):
        return f"a number ({value})"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    return f"text ('{short(str(value))}')"


def raw(value: object) -> str:
    """A scalar as it was written."""
    return value.isoformat() if isinstance(value, date) else str(value)
