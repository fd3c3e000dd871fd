"""Random valid plans as YAML text, in the layouts people write: the fuzzers' input (synthetic text only).

A plan is drawn as a small model and written out with a random style per part: plain, single or
double quotes; flow or block owner lists; notes absent, `[]` or a block list with the dash at
either indent; comments and blank lines between entries; a literal block for long text; CRLF or
LF (or a break git does not read, which edits must refuse); a BOM; no final newline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import strategies as st

from actiontrack.edit.yamltext import format_scalar
from actiontrack.validate.checks import INITIALS

PLAN_DATE = date(2024, 2, 1)
AS_OF = date(2026, 11, 22)
ODD_BREAKS = ("\r", "\x85", "\u2028", "\u2029")

# Words that matter to YAML or to the formats: indicators, comment and mapping marks, YAML 1.1
# booleans and numbers, dates, markup, spreadsheet formulas, terminal escapes.
TRICKY = ["#", ": ", " #x", "- ", "|", ">", "&a", "*a", "!tag", "%", "@team", "`x`", "{", "}", "[", "]", ",",
          "'", '"', "yes", "No", "null", "~", "1.10", "0x1F", "2024-01-01", "10:30", "[red]", "[/]", "<b>",
          "=SUM(A1)", "+1", "-1", "@SUM", "\t", "é", "–", "漢字", "🙂", "\\", "\\n", "?", "<<"]
HOSTILE = ["\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "\x1b[2J\x1b[H", "\x1bP0;1|x\x1b\\", "\x07",
           "\x08\x08", "\x00", "\r", "\x0b\x0c", "\x7f", "\x85", "\x9b31m", "\u2028", "\u2029", "\u202eevil",
           "\u2066x\u2069", "=HYPERLINK(\"http://x\")", "\t=cmd", "\r=cmd", "@everyone", "<script>x</script>",
           "[link](http://x)", "**bold**", "_em_", "| pipe |", "\n", "\n\n", " ", "k\rplans/p.yaml:1:1: error AT000 x"]


def texts(pieces: list[str], alphabet: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """Text that mixes `pieces` with random characters."""
    chars = st.characters(codec="utf-8", exclude_categories=("Cs",)) if alphabet is None else alphabet
    piece = st.one_of(st.sampled_from(pieces), st.text(chars, min_size=1, max_size=12))
    return st.lists(piece, min_size=1, max_size=6).map("".join)


def dq(value: str) -> str:
    """A double-quoted scalar, every character that is not printable escaped: safe in flow and block context."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif not char.isprintable() or char in "\u2028\u2029\x85\ufeff":
            out.append(f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def quoted(draw: st.DrawFn, value: str) -> str:
    """A scalar for `value` that reads back as this text, in a random quoting style."""
    style = draw(st.sampled_from(["auto", "double", "single"]))
    if style == "single" and "'" not in value and "\n" not in value and value == value.strip() and value \
            and format_scalar(value)[0] != '"':
        return f"'{value}'"
    if style == "double":
        out = format_scalar(value)
        if out.startswith('"'):
            return out
        return dq(value)
    return format_scalar(value)


@dataclass
class Doc:
    """Lines of YAML being written, with room for comments and blank lines between entries."""

    draw: st.DrawFn
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def gap(self, indent: int) -> None:
        """Maybe a comment or a blank line, as people leave them between entries."""
        kind = self.draw(st.sampled_from(["", "", "", "comment", "blank"]))
        if kind == "comment":
            self.lines.append(" " * indent + "# " + self.draw(st.sampled_from(["reviewed", "see minutes: 3", "#"])))
        elif kind == "blank":
            self.lines.append("")


@st.composite
def plan_texts(draw: st.DrawFn, text: st.SearchStrategy[str] | None = None, odd_breaks: bool = True) -> tuple[str, bytes]:
    """(plan id, the file's bytes) of a plan that validates; `text` draws every free-text field."""
    words = texts(TRICKY, st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Cf"))) \
        if text is None else text
    plan_id = draw(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True))
    doc = Doc(draw)
    doc.add("# A synthetic plan (no real case): drawn by tests/hostile/plangen.py")
    doc.add(f"id: {format_scalar(plan_id)}")
    doc.add(f"title: {quoted(draw, draw(words).strip() or 'Title')}")
    doc.add(f"organisation: {quoted(draw, draw(words).strip() or 'Org')}")
    if draw(st.booleans()):
        doc.add(f"source: {{kind: other, reference: {dq(draw(words).strip() or 'Ref')}}}")
    else:
        doc.add("source:")
        doc.add("  kind: serious-case-review")
        doc.add(f"  reference: {quoted(draw, draw(words).strip() or 'Ref')}")
    doc.add(f"date: {PLAN_DATE.isoformat()}")
    doc.gap(0)
    people = draw(st.lists(st.sampled_from(["AM", "JB", "SM", "C&F"]), max_size=3, unique=True))
    if people:
        doc.add("people:")
        for key in people:
            name = quoted(draw, draw(words).strip() or "Name")
            if draw(st.booleans()):
                doc.add(f"  {format_scalar(key)}: {{name: {dq(draw(words).strip() or 'Name')}}}")
            else:
                doc.add(f"  {format_scalar(key)}:")
                doc.add(f"    name: {name}")
    dash = draw(st.sampled_from([0, 2]))  # list items at the key's indent, or two further in
    doc.add("recommendations:")
    n_recs = draw(st.integers(1, 3))
    for r in range(1, n_recs + 1):
        lead = " " * dash
        doc.add(f'{lead}- id: "{r}"')
        doc.add(f"{lead}  text: {quoted(draw, draw(words).strip() or 'Recommendation')}")
        doc.add(f"{lead}  actions:")
        for a in range(1, draw(st.integers(1, 3)) + 1):
            _action(draw, doc, words, people, dash + 2 + dash, f"{r}.{a}")
        doc.gap(dash + 2)
    nl = draw(st.sampled_from(["\n", "\n", "\r\n", *(ODD_BREAKS if odd_breaks else ())]))
    body = nl.join(doc.lines) + (nl if draw(st.integers(0, 5)) else "")
    bom = "\ufeff" if draw(st.integers(0, 9)) == 0 else ""
    return plan_id, (bom + body).encode("utf-8")


def _action(draw: st.DrawFn, doc: Doc, words: st.SearchStrategy[str], people: list[str], indent: int,
            action_id: str) -> None:
    pad = " " * indent
    doc.add(f'{pad}- id: "{action_id}"')
    keys = pad + "  "
    text = draw(words).strip() or "Action"
    if draw(st.integers(0, 4)) == 0 and "\n" not in text:  # a literal block, as for long cell text
        doc.add(f"{keys}text: |")
        doc.add(f"{keys}  {text}")
        doc.add(f"{keys}  second line")
    else:
        doc.add(f"{keys}text: {quoted(draw, text)}")
    owners = [draw(st.sampled_from(people))] if people and draw(st.booleans()) else []
    owner = draw(words).strip().replace("\n", " ") or "Named Manager"
    owners.append(owner + " team" if INITIALS.match(owner) else owner)  # initials must be in the people key
    if draw(st.booleans()):
        doc.add(f"{keys}owners: [{', '.join(dq(o) for o in owners)}]")
    else:
        doc.add(f"{keys}owners:")
        for owner in owners:
            doc.add(f"{keys}  - {format_scalar(owner)}")
    doc.add(f"{keys}timescale: {quoted(draw, draw(st.sampled_from(['Sept 24', 'By 27.10.12', 'Ongoing', 'Quarterly'])))}")
    status = draw(st.sampled_from(["not-started", "in-progress", "completed"]))
    doc.add(f"{keys}status: {status}")
    notes = draw(st.integers(0, 3))
    style = draw(st.sampled_from(["block", "block", "empty", "absent"])) if notes == 0 else "block"
    if style == "empty":
        doc.add(f"{keys}notes: []")
    elif style == "block" and notes:
        doc.add(f"{keys}notes:")
        at = keys + " " * draw(st.sampled_from([0, 2]))
        day = PLAN_DATE
        for _ in range(notes):
            day += timedelta(days=draw(st.integers(0, 200)))
            by = draw(st.sampled_from(people)) if people and draw(st.booleans()) else "Fuzz Tester"
            note_text = draw(words).strip() or "Note"
            note = quoted(draw, note_text)
            if draw(st.booleans()):
                doc.add(f"{at}- {{date: {day.isoformat()}, by: {dq(by)}, text: {dq(note_text)}}}")
            else:
                doc.add(f"{at}- date: {day.isoformat()}")
                doc.add(f"{at}  by: {format_scalar(by)}")
                doc.add(f"{at}  text: {note}")
            doc.gap(len(at))
