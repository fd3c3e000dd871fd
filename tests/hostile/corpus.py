"""The hostile-input corpus: malformed plans and odd folder entries derived from the bundled plans.

`generate()` is deterministic (one seeded random.Random) and gives over 300 entries of the
classes a tester throws at a tool: truncations, byte flips, control characters, every line-ending
style, BOMs, deleted, duplicated and shifted lines, swapped types, huge values, deep nesting,
anchors, merge keys, tags, directives, complex keys, impossible dates, unicode tricks, terminal
escape sequences (OSC 8 links, CSI, DCS) in every text field, markup and spreadsheet formulas,
and odd entries: names with spaces, non-UTF-8 bytes, escapes and line breaks, links to a folder,
to /dev/zero, in a loop and to nothing, a FIFO, a socket and a folder named x.yaml. Every text is
synthetic or comes from the bundled, published plans.

`create(entry, folder)` puts one entry into a folder. Run it as a script to write the corpus:
`python tests/hostile/corpus.py OUT_DIR`.
"""

from __future__ import annotations

import os
import random
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = [*sorted((HERE.parent.parent / "plans").glob("*.yaml")), HERE.parent / "data" / "valid-plan.yaml"]
SEED = 18

# Terminal escape sequences, written as YAML double-quoted escapes: \e is ESC, \a BEL, \b BS.
ESCAPES = [r"\e]8;;https://evil.example/\e\\click here\e]8;;\e\\", r"\e[2J\e[Hforged screen", r"\e[31mred\e[0m",
           r"\eP0;1|secret\e\\", r"\a\a bell", r"back\b\b\bspace", r"nul\0byte", r"\x9b31mC1 CSI",
           r"k\rplans/p.yaml:1:1: error AT000 forged", r"\e]0;window title\a", r"\u202eevil\u202c", r"\N next line",
           r"\L line sep", r"tab\tand\x0bvt\x0cff"]
MARKUP = ["[red]markup[/red]", "[link=https://evil.example]x[/link]", "=HYPERLINK(\"http://evil.example\",\"x\")",
          "@SUM(1+1)*cmd|' /C calc'!A0", "+1", "-1", "<script>alert(1)</script>", "**bold** _em_ `code`",
          "@everyone", "| a | b |"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x0c", "\x0b", "\x7f", "\x85", "\x9b", "\x90", "\x08"]
BREAKS = {"crlf": "\r\n", "cr": "\r", "nel": "\x85", "ls": "\u2028", "ps": "\u2029"}


@dataclass(frozen=True)
class Entry:
    """One folder entry: its name, its class, and its bytes or what special kind of entry it is.

    `expect` is "valid" (a plan that must validate, so edits must work on it), "broken" (must be
    reported with a located error) or "any" (a random mutation: either, but located if broken).
    """

    name: str  # may hold spaces, escapes and (as surrogates) bytes that are not UTF-8
    kind: str
    data: bytes | None = None
    special: str | None = None  # dir, link-dir, link-zero, link-loop, link-self, link-dangling, link-file, fifo, socket
    expect: str = "any"

    @property
    def stem(self) -> str:
        """The plan id the entry's content uses (its name without .yaml), when that is a slug."""
        return self.name.rsplit(".", 1)[0]


def _with_id(text: str, plan_id: str) -> str:
    """A seed's text renamed to `plan_id`, so a plan that survives its mutation validates."""
    return re.sub(r"(?m)^id: .*$", f"id: {plan_id}", text, count=1)


def _text_fields(text: str) -> list[re.Match[str]]:
    """Block-style `key: value` lines whose value is free text (not ids, dates or statuses)."""
    keys = "title|organisation|reference|text|monitoring|timescale|name|role|description"
    return list(re.finditer(rf"(?m)^( *(?:- )?(?:{keys}): )(.+)$", text))


def generate(seed: int = SEED) -> list[Entry]:
    """Every entry, in a fixed order: the same list on every run."""
    rng = random.Random(seed)
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in SEEDS]
    out: list[Entry] = []

    def add(kind: str, make: object, expect: str = "any", ext: str = ".yaml") -> None:
        plan_id = f"c{len(out):03d}-{kind}"
        base = rng.choice(seeds)[1]
        data = make(_with_id(base, plan_id)) if callable(make) else make  # type: ignore[operator]
        out.append(Entry(plan_id + ext, kind, data if isinstance(data, bytes) else data.encode("utf-8"),
                         expect=expect))

    for _ in range(40):
        add("truncate", lambda t: t.encode("utf-8")[:rng.randrange(len(t.encode("utf-8")))])
    for _ in range(40):
        def flip(t: str) -> bytes:
            b = bytearray(t.encode("utf-8"))
            for _ in range(rng.randint(1, 3)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            return bytes(b)
        add("flip", flip)
    for i in range(30):
        def control(t: str, c: str = CONTROLS[i % len(CONTROLS)]) -> str:
            m = rng.choice(_text_fields(t))
            cut = rng.randint(m.start(2), m.end(2))
            return t[:cut] + c + t[cut:]
        add("control", control)
    # Escape sequences, markup and formulas in every text field, the people key's keys included:
    # valid plans, so every command shows them and every edit must work on them.
    fields = ["title", "organisation", "reference", "name", "role", "text", "monitoring", "timescale", "owner",
              "people-key", "group"]
    for i, hostile in enumerate([*ESCAPES, *ESCAPES, *ESCAPES[:12], *MARKUP]):
        field = fields[i % len(fields)]
        add("escape" if i < 40 else "markup", lambda t, h=hostile, f=field: _hostile(t, h, f, rng), "valid")
    for style, brk in BREAKS.items():
        for _ in range(4):
            add(f"{style}-endings", lambda t, b=brk: t.replace("\n", b))
        add(f"{style}-one-line", lambda t, b=brk: _replace_one(t, "\n", b, rng))
    for _ in range(3):
        add("bom", lambda t: "\ufeff" + t, "valid")
        add("bom-crlf", lambda t: "\ufeff" + t.replace("\n", "\r\n"), "valid")
    for kind in ("delete-line", "duplicate-line", "shift-indent"):
        for _ in range(15):
            add(kind, lambda t, k=kind: _lines(t, k, rng))
    for _ in range(15):
        add("swap-type", lambda t: _swap(t, rng))
    _huge(out, add)
    for kind, make, expect in _structural():
        add(kind, make, expect)
    _names(out, seeds)
    _specials(out, seeds)
    return out


def _hostile(text: str, hostile: str, field: str, rng: random.Random) -> str:
    quoted = '"' + hostile.replace('"', '\\"') + '"' if "\\" in hostile else _dq(hostile)
    if field == "people-key":
        return text.replace("people:\n", f"people:\n  {quoted}: {{name: Corpus Person}}\n", 1) if "people:\n" in text \
            else text.replace("recommendations:\n", f"people:\n  {quoted}: {{name: Corpus Person}}\nrecommendations:\n", 1)
    if field == "owner":
        return re.sub(r"(?m)^( +)owners: \[", lambda m: f"{m.group(1)}owners: [{quoted}, ", text, count=1)
    if field == "group":
        return re.sub(r"(?m)^( +)title: (.+)$", lambda m: f"{m.group(1)}title: {quoted}", text, count=1) \
            if "groups:" in text else text.replace("title: ", f"title: {quoted} #", 1)
    if field == "reference":
        return re.sub(r"(?m)^(source: .*reference: )[^,}]+", lambda m: m.group(1) + quoted, text, count=1) \
            if re.search(r"(?m)^source: .*reference: ", text) else \
            re.sub(r"(?m)^(  reference: ).*$", lambda m: m.group(1) + quoted, text, count=1)
    matches = [m for m in _text_fields(text) if m.group(1).strip().rstrip(":").lstrip("- ") == field]
    if not matches:
        matches = _text_fields(text)
    m = rng.choice(matches)
    return text[:m.start(2)] + quoted + text[m.end(2):]


def _field(text: str, key: str, value: str) -> str:
    """The plan's own `key:` line with `value`, double-quoted."""
    return re.sub(rf"(?m)^{key}: .*$", lambda m: f"{key}: {_dq(value)}", text, count=1)


def _dq(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _replace_one(text: str, old: str, new: str, rng: random.Random) -> str:
    spots = [m.start() for m in re.finditer(re.escape(old), text)]
    at = rng.choice(spots)
    return text[:at] + new + text[at + len(old):]


def _lines(text: str, kind: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(1, len(lines) - 1)
    if kind == "delete-line":
        del lines[i]
    elif kind == "duplicate-line":
        lines.insert(i, lines[i])
    else:
        lines[i] = " " * rng.randint(1, 3) + lines[i] if rng.random() < 0.6 else lines[i][1:]
    return "\n".join(lines)


def _swap(text: str, rng: random.Random) -> str:
    m = rng.choice(list(re.finditer(r"(?m)^( *(?:- )?[a-z_]+: )(.+)$", text)))
    value = rng.choice([f"[{m.group(2)}]", f"{{x: {m.group(2)}}}", "[]", "{}", "~", "true", "12.50"])
    return text[:m.start(2)] + value + text[m.end(2):]


def _huge(out: list[Entry], add: object) -> None:
    megabyte = "x" * (1 << 20)
    add("huge-owner", lambda t: re.sub(r"owners: \[", f'owners: ["{megabyte}", ', t, count=1), "valid")  # type: ignore[operator]
    add("huge-note", lambda t: t.replace("        status: ", f'        monitoring: "{"y" * 1_900_000}"\n        status: ', 1))  # type: ignore[operator]
    add("over-the-limit", lambda t: t + "#" + "z" * (2 * 1024 * 1024) + "\n", "broken")  # type: ignore[operator]
    add("million-comments", lambda t: t + "#\n" * 1_000_000, "broken")  # type: ignore[operator]  # over MAX_LINES
    add("many-comments", lambda t: t + "# comment\n" * 95_000, "valid")  # type: ignore[operator]
    add("long-line", lambda t: t.replace("title: ", "title: " + "w " * 700_000, 1))  # type: ignore[operator]
    add("many-people", lambda t: t.replace("recommendations:\n", "people:\n" + "".join(  # type: ignore[operator]
        f"  P{i}: {{name: Person {i}}}\n" for i in range(1500)) + "recommendations:\n", 1), "broken")
    add("many-keys", lambda t: "".join(f"k{i}: {i}\n" for i in range(200_000)), "broken")  # type: ignore[operator]
    add("many-items", lambda t: "id: x\nrecommendations:\n" + "- 1\n" * 400_000, "broken")  # type: ignore[operator]


def _structural() -> list[tuple[str, object, str]]:
    def nested(depth: int) -> str:
        return "id: x\nx: " + "[" * depth + "]" * depth + "\n"

    block_deep = "id: x\nx:\n" + "".join("  " * i + "- \n" for i in range(1, 600))
    return [
        ("nest-60", lambda t: nested(60), "broken"),
        ("nest-10000", lambda t: nested(10_000), "broken"),
        ("nest-100000-open", lambda t: "[" * 100_000, "broken"),
        ("nest-block-600", lambda t: block_deep, "broken"),
        ("anchor", lambda t: t.replace("title: ", "title: &t ", 1), "broken"),
        ("alias", lambda t: t.replace("organisation: ", "organisation: *t #", 1), "broken"),
        ("merge-key", lambda t: t.replace("source:", "<<: {title: x}\nsource:", 1), "broken"),
        ("alias-bomb", lambda t: "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\n" * 3, "broken"),
        ("tag-python", lambda t: t.replace("title: ", "title: !!python/object/apply:os.system ", 1), "broken"),
        ("tag-python-name", lambda t: t.replace("title: ", "title: !!python/name:os.system ", 1), "broken"),
        ("tag-binary", lambda t: t.replace("title: ", "title: !!binary aGVsbG8= #", 1), "broken"),
        ("tag-omap", lambda t: t.replace("source:", "source: !!omap", 1), "broken"),
        ("tag-set", lambda t: t.replace("source:", "source: !!set", 1), "broken"),
        ("tag-custom", lambda t: t.replace("title: ", "title: !foo ", 1), "broken"),
        ("tag-int", lambda t: t.replace("title: ", "title: !!int ", 1), "broken"),
        ("tag-str", lambda t: t.replace("title: ", "title: !!str ", 1), "valid"),
        ("directive-yaml11", lambda t: "%YAML 1.1\n---\n" + t, "valid"),
        ("directive-tag", lambda t: "%TAG !p! tag:yaml.org,2002:python/\n---\n" + t.replace("title: ", "title: !p!object ", 1),
         "broken"),
        ("complex-key", lambda t: t.replace("title: ", "? [a, b]\n: x\ntitle: ", 1), "broken"),
        ("block-scalar-key", lambda t: t.replace("title: ", "? |\n  key with a line break\n: x\ntitle: ", 1), "broken"),
        ("cr-in-key", lambda t: t.replace("title: ", '"k\\rplans/p.yaml:1:1: error AT000 forged": x\ntitle: ', 1), "broken"),
        ("mapping-key", lambda t: t.replace("title: ", "{a: 1}: x\ntitle: ", 1), "broken"),
        ("duplicate-key", lambda t: t.replace("title: ", "title: once\ntitle: ", 1), "broken"),
        ("two-documents", lambda t: t + "---\nid: second\n", "broken"),
        ("empty", lambda t: "", "broken"),
        ("only-comments", lambda t: "# nothing here\n# at all\n", "broken"),
        ("only-marker", lambda t: "---\n...\n", "broken"),
        ("not-a-mapping", lambda t: "- a\n- b\n", "broken"),
        ("bad-date", lambda t: re.sub(r"(?m)^date: .*$", "date: 2024-02-30", t, count=1), "broken"),
        ("bad-month", lambda t: re.sub(r"(?m)^date: .*$", "date: 2023-13-01", t, count=1), "broken"),
        ("year-zero", lambda t: re.sub(r"(?m)^date: .*$", "date: 0000-01-01", t, count=1), "broken"),
        ("date-time", lambda t: re.sub(r"(?m)^date: .*$", "date: 2024-02-01 10:30:00", t, count=1), "broken"),
        ("end-of-calendar", lambda t: re.sub(r"(?m)^date: .*$", "date: 9999-12-31", t, count=1), "any"),
        ("note-in-future", lambda t: re.sub(r"date: (\d{4})-", "date: 9998-", t, count=3), "any"),
        ("bidi-text", lambda t: _field(t, "title", "\u202eevil\u202c synthetic title"), "valid"),
        ("zero-width", lambda t: _field(t, "organisation", "zero\u200bwidth\u2060 council"), "valid"),
        ("combining", lambda t: _field(t, "title", "e\u0301\u0301\u0301\u0301 Z\u0336a\u0336 title"), "valid"),
        ("homoglyph-id", lambda t: re.sub(r"(?m)^id: c", "id: \u0441", t, count=1), "broken"),
        ("rtl-text", lambda t: _field(t, "title", "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 title"), "valid"),
        ("noncharacter", lambda t: t.replace("title: ", "title: \ufffe\uffff ", 1), "any"),
        ("surrogate-escape", lambda t: t.replace("title: ", 'title: "\\ud800" #', 1), "any"),
        ("astral", lambda t: _field(t, "title", "\U0001f600\U0001f1ec\U0001f1e7 title"), "valid"),
        ("tab-indent", lambda t: t.replace("\n  ", "\n\t", 1), "broken"),
    ]


def _names(out: list[Entry], seeds: list[tuple[str, str]]) -> None:
    valid = _with_id(seeds[-1][1], "valid-plan").encode("utf-8")
    for name in ["with space.yaml", "caf\udce9.yaml", "\x1b[31mred\x1b[0m.yaml", "new\nline.yaml", "tab\tname.yaml",
                 "-dash.yaml", "\x1b]8;;evil.example\x07link.yaml", "\u202eevil.yaml", "x" * 200 + ".yaml",
                 "ünïcode.yaml"]:
        out.append(Entry(name, "name", valid, expect="broken"))  # the file name is not the plan id: AT203
    out.append(Entry("c-yml.yml", "name", _with_id(seeds[-1][1], "c-yml").encode("utf-8"), expect="valid"))


def _specials(out: list[Entry], seeds: list[tuple[str, str]]) -> None:
    for special in ("dir", "link-dir", "link-zero", "link-loop", "link-self", "link-dangling", "fifo", "socket"):
        out.append(Entry(f"s-{special}.yaml", special, None, special, expect="broken"))
    out.append(Entry("s-link-file.yaml", "link-file", _with_id(seeds[-1][1], "s-link-file").encode("utf-8"),
                     "link-file", expect="valid"))


def create(entry: Entry, folder: Path) -> Path:
    """Put `entry` into `folder`; its path."""
    path = folder / entry.name
    if entry.special is None:
        path.write_bytes(entry.data or b"")
    elif entry.special == "dir":
        path.mkdir()
    elif entry.special == "link-dir":
        os.symlink(".", path)
    elif entry.special == "link-zero":
        os.symlink("/dev/zero", path)
    elif entry.special == "link-loop":
        os.symlink(f"{entry.name}.other", path)
        os.symlink(entry.name, folder / f"{entry.name}.other")
    elif entry.special == "link-self":
        os.symlink(entry.name, path)
    elif entry.special == "link-dangling":
        os.symlink("missing-target.yaml", path)
    elif entry.special == "link-file":
        target = folder.parent / "link-targets" / entry.name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(entry.data or b"")
        os.symlink(target, path)
    elif entry.special == "fifo":
        os.mkfifo(path)
    elif entry.special == "socket":
        # A socket's path must be short: bind from inside the folder.
        here = os.getcwd()
        os.chdir(folder)
        try:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(entry.name)
            sock.close()
        finally:
            os.chdir(here)
    return path


def remove(entry: Entry, folder: Path) -> None:
    """Take `entry` out of `folder` again (a folder, a link, a FIFO or a file)."""
    path = folder / entry.name
    for extra in (path, folder / f"{entry.name}.other", folder / f".{entry.name}.lock"):
        if extra.is_dir() and not extra.is_symlink():
            extra.rmdir()
        elif os.path.lexists(extra):
            extra.unlink()


def main(argv: list[str]) -> int:
    """Write every entry into OUT_DIR/plans (for trying the corpus by hand)."""
    out = Path(argv[1]) / "plans"
    out.mkdir(parents=True)
    entries = generate()
    for entry in entries:
        create(entry, out)
    print(f"{len(entries)} entries in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
