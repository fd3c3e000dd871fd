"""The repository's own settings: `.actiontrack.toml` (validate switches, escalation rules) and the private names.

Both live at the repository root: the nearest folder at or above the plans that holds `.git`,
`.actiontrack.toml` or `.actiontrack/`. TOML, read with the standard library's tomllib: a
settings file people write by hand, with no plan-format rules to apply, and no YAML type
guessing (`no`, `1e3`) to explain. Every problem is a located finding (AT7xx), never an exception.
Read only by the commands that use it, so start-up never imports tomllib.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from actiontrack.errors import ERROR, Finding
from actiontrack.load.discover import display_path
from actiontrack.wording import did_you_mean

CONFIG_FILE = ".actiontrack.toml"
NAMES_FILE = ".actiontrack/private-names.txt"

# Escalation rule kinds and the settings each takes: name -> (type, default). A span is `90d`,
# `12w`, `6m`, `1y` (dates.parse_span); a count is a whole number of days or times.
RULE_KINDS: dict[str, dict[str, tuple[str, object]]] = {
    "overdue": {"more_than": ("count", 90)},  # days overdue
    "silent": {"more_than": ("count", 60)},  # days since the last note, on an open action
    "moved": {"more_than": ("count", 2)},  # due-date moves in the slippage ledger
    "red": {"summaries": ("count", 2), "every": ("span", "7d")},  # rated red at each of N weekly summaries
    "stale-evidence": {"older_than": ("span", "12m")},  # newest evidence on an embedded or closed action
}
_RULE_KEYS = ("name", "kind", "to")
_SECTIONS = {"validate": {"smart": "bool"}, "escalations": None}


@dataclass(frozen=True, slots=True)
class Rule:
    """One escalation rule: its name, kind, who it goes to, and its settings (defaults filled in)."""

    name: str
    kind: str
    to: str | None
    settings: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The rule as the escalations JSON contract gives it (docs/escalations.md)."""
        return {"name": self.name, "kind": self.kind, "to": self.to, **self.settings}


def default_rules() -> tuple[Rule, ...]:
    """The rules used when the repository has no `.actiontrack.toml` (or it names no rules)."""
    return (
        Rule("Overdue more than 90 days", "overdue", None, {"more_than": 90}),
        Rule("Red in 2 consecutive summaries", "red", None, {"summaries": 2, "every": "7d"}),
        Rule("Due date moved more than twice", "moved", None, {"more_than": 2}),
        Rule("No note for 60 days", "silent", None, {"more_than": 60}),
        Rule("Evidence of impact older than 12 months", "stale-evidence", None, {"older_than": "12m"}),
    )


@dataclass(frozen=True, slots=True)
class Settings:
    """What the repository root holds: the config's path (display form, or None), its values, the
    private names as (line, name), and every problem found reading them."""

    root: Path | None
    config: str | None = None
    smart: bool = False
    rules: tuple[Rule, ...] = field(default_factory=default_rules)
    names: tuple[tuple[int, str], ...] = ()
    names_file: str = NAMES_FILE
    findings: tuple[Finding, ...] = ()


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds .git, .actiontrack.toml or .actiontrack/."""
    here = start.resolve()
    for folder in [here, *here.parents]:
        if any((folder / name).exists() for name in (".git", CONFIG_FILE, ".actiontrack")):
            return folder
    return None


def read_settings(paths: Sequence[Path], config_file: Path | None = None) -> Settings:
    """The settings for the plans at `paths` (files or folders): read from the first one's root.

    `config_file` (a `--config` option) replaces the root's `.actiontrack.toml`; it must exist.
    """
    root = None
    if paths:
        root = find_root(paths[0] if paths[0].is_dir() else paths[0].parent)
    findings: list[Finding] = []
    config_path = config_file or (root / CONFIG_FILE if root is not None else None)
    config, smart, rules = None, False, default_rules()
    if config_file is not None and not config_file.is_file():
        config = display_path(config_file)
        findings.append(Finding(display_path(config_file), 1, 1, ERROR, "AT701", "cannot read file: no such file"))
    elif config_path is not None and config_path.is_file():
        config = display_path(config_path)
        smart, rules = _read_config(config_path, config, findings)
    if root is None:
        return Settings(None, config, smart, rules, findings=tuple(findings))
    names_path = root / NAMES_FILE
    names = _read_names(names_path, findings) if names_path.exists() else ()
    return Settings(root, config, smart, rules, names, display_path(names_path), tuple(findings))


def _read_names(path: Path, findings: list[Finding]) -> tuple[tuple[int, str], ...]:
    """One name per line; blank lines and lines starting with # are skipped."""
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text: save the file as UTF-8"
        findings.append(Finding(file, 1, 1, ERROR, "AT703", f"cannot read the private names: {why}"))
        return ()
    return tuple((n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)
                 if line.strip() and not line.lstrip().startswith("#"))


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def settings_with_config(settings: Settings, data: bytes | None, file: str) -> Settings:
    """`settings` with the config read from `data` instead (a commit's copy; None: it had none)."""
    from dataclasses import replace

    if data is None:
        return replace(settings, config=None, smart=False, rules=default_rules(),
                       findings=tuple(f for f in settings.findings if f.file != settings.config))
    findings: list[Finding] = []
    smart, rules = _parse_config(data, file, findings)
    kept = tuple(f for f in settings.findings if f.file != settings.config)
    return replace(settings, config=file, smart=smart, rules=rules, findings=kept + tuple(findings))


def _read_config(path: Path, file: str, findings: list[Finding]) -> tuple[bool, tuple[Rule, ...]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        findings.append(Finding(file, 1, 1, ERROR, "AT701", f"cannot read file: {exc.strerror}"))
        return False, default_rules()
    return _parse_config(data, file, findings)


def _parse_config(raw: bytes, file: str, findings: list[Finding]) -> tuple[bool, tuple[Rule, ...]]:
    import tomllib

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        line = col = 1
        why = str(exc)
        if isinstance(exc, tomllib.TOMLDecodeError):
            at = _TOML_AT.search(why)
            if at is not None:
                line, col, why = int(at.group(1)), int(at.group(2)), why[:at.start()]
            why = f"TOML syntax error: {why}"
        else:
            why = "not UTF-8 text: save the file as UTF-8"
        findings.append(Finding(file, line, col, ERROR, "AT701", why))
        return False, default_rules()
    where = _Locator(file, text, findings)
    for key in data:
        if key not in _SECTIONS:
            where.error("AT702", where.section(key), f"unknown section '{key}'" + _hint(key, list(_SECTIONS)))
    smart = False
    section = data.get("validate", {})
    if isinstance(section, dict):
        for key, value in section.items():
            if key != "smart":
                where.error("AT702", where.key("validate", 0, key), f"unknown key '{key}' in [validate]"
                            + _hint(key, ["smart"]))
            elif not isinstance(value, bool):
                where.error("AT702", where.key("validate", 0, key), "'smart' must be true or false")
            else:
                smart = value
    listed = data.get("escalations")
    if listed is None:
        return smart, default_rules()
    if not isinstance(listed, list) or not all(isinstance(r, dict) for r in listed):
        where.error("AT702", where.section("escalations"),
                    "escalation rules are written [[escalations]], one table per rule")
        return smart, default_rules()
    rules = [r for r in (_rule(index, item, where) for index, item in enumerate(listed)) if r is not None]
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if rule.name in seen:
            where.error("AT702", where.key("escalations", index, "name"), f"duplicate rule name '{rule.name}'")
        seen.add(rule.name)
    return smart, tuple(rules)


def _rule(index: int, item: dict[str, object], where: _Locator) -> Rule | None:
    name, kind, to = item.get("name"), item.get("kind"), item.get("to")
    ok = True
    for key, value in (("name", name), ("kind", kind)):
        if not isinstance(value, str) or not value.strip():
            where.error("AT702", where.key("escalations", index, key) if key in item else where.table(index),
                        f"escalation rule {index + 1} needs a '{key}' (text)")
            ok = False
    if isinstance(kind, str) and kind.strip() and kind not in RULE_KINDS:
        where.error("AT702", where.key("escalations", index, "kind"),
                    f"unknown rule kind '{kind}'" + _hint(kind, list(RULE_KINDS)))
        return None
    if to is not None and (not isinstance(to, str) or not to.strip()):
        where.error("AT702", where.key("escalations", index, "to"), "'to' must be text: who the rule escalates to")
        ok = False
    if not ok or not isinstance(kind, str) or not isinstance(name, str):
        return None
    spec = RULE_KINDS[kind]
    settings: dict[str, object] = {key: default for key, (_, default) in spec.items()}
    for key, value in item.items():
        if key in _RULE_KEYS:
            continue
        if key not in spec:
            known = [*_RULE_KEYS, *spec]
            where.error("AT702", where.key("escalations", index, key),
                        f"unknown key '{key}' for a '{kind}' rule" + _hint(key, known))
            ok = False
            continue
        problem = _check_value(spec[key][0], value)
        if problem:
            where.error("AT702", where.key("escalations", index, key), f"'{key}' {problem}")
            ok = False
        else:
            settings[key] = value
    return Rule(name.strip(), kind, to.strip() if isinstance(to, str) else None, settings) if ok else None


def _check_value(kind: str, value: object) -> str | None:
    if kind == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return "must be a whole number, 0 or more"
        return None
    from actiontrack.dates import parse_span

    if not isinstance(value, str):
        return "must be a span in quotes: \"7d\", \"4w\", \"6m\" or \"1y\""
    try:
        n, _ = parse_span(value)
    except ValueError as exc:
        return f"is {exc}"
    return None if n > 0 else "must be longer than nothing"


def _hint(word: str, known: list[str]) -> str:
    return did_you_mean(word, known) or f" (known: {', '.join(known)})"


class _Locator:
    """Lines and columns in the TOML text, found by reading it: tomllib gives values, not places."""

    def __init__(self, file: str, text: str, findings: list[Finding]) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.findings = findings

    def error(self, code: str, pos: tuple[int, int], message: str) -> None:
        self.findings.append(Finding(self.file, pos[0], pos[1], ERROR, code, message))

    def _headers(self, name: str) -> list[int]:
        pattern = re.compile(rf"\s*\[\[?\s*{re.escape(name)}\s*\]\]?\s*(#.*)?$")
        return [n for n, line in enumerate(self.lines) if pattern.match(line)]

    def section(self, name: str) -> tuple[int, int]:
        """Where a section's header (or its first key, for a dotted key) is."""
        heads = self._headers(name)
        if heads:
            return heads[0] + 1, self.lines[heads[0]].index("[") + 1
        key = re.compile(rf"\s*{re.escape(name)}\s*[.=]")
        for n, line in enumerate(self.lines):
            if key.match(line):
                return n + 1, len(line) - len(line.lstrip()) + 1
        return 1, 1

    def table(self, index: int) -> tuple[int, int]:
        """Where the index-th [[name]] table starts."""
        heads = self._headers("escalations")
        return (heads[index] + 1, 1) if index < len(heads) else self.section("escalations")

    def key(self, section: str, index: int, key: str) -> tuple[int, int]:
        """Where `key = ...` is in the index-th table of `section`."""
        heads = self._headers(section)
        if index >= len(heads):
            return self.section(section)
        start = heads[index] + 1
        pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for n in range(start, len(self.lines)):
            line = self.lines[n]
            if line.lstrip().startswith("["):
                break
            if pattern.match(line):
                return n + 1, len(line) - len(line.lstrip()) + 1
        return start, 1
