"""The privacy guard: identifiers of private persons in a plan file's text, as located errors, values masked.

The guard reads the file's text, not the model: an NHS number in a comment, in an unknown key or
in a file that does not even parse is published all the same. Each match is an error at its exact
line and column (AT601-AT607, docs/validation.md), and its value is never printed in full.

A reviewed false positive is marked on its line with a comment, `# privacy-ok: REASON` (on the
line that opens a block scalar, `text: |  # privacy-ok: REASON`, it covers the whole block). A
marker is text in the file, so `git diff`, `actiontrack diff` and textconv all show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from actiontrack.errors import ERROR, Finding

if TYPE_CHECKING:
    from actiontrack.load.config import Settings

MARKER_HINT = "mark it '# privacy-ok: REASON' if it is not private"
NAMES_FILE = ".actiontrack/private-names.txt"

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_FULL_DATE = (r"(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![\d./-])|\d{4}-\d{2}-\d{2}"
              rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{2,4}}"
              rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})(?!\w)")

# (code, what, pattern). The first group, when there is one, is the value; else the whole match.
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # 10 digits, alone or as 3-3-4 with one kind of separator; the check digit decides (_nhs_valid).
    ("AT601", "NHS number", re.compile(r"(?<![\w.])\d{3}([ -]?)\d{3}\1\d{4}(?![\w]|\.\d)")),
    # HMRC's format: two prefix letters (D, F, I, Q, U, V never; O never second; BG, GB, KN, NK,
    # NT, TN, ZZ never issued), six digits, a suffix A-D.
    ("AT602", "National Insurance number", re.compile(
        r"(?<![\w])(?!(?:BG|GB|KN|NK|NT|TN|ZZ))[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
        r" ?\d{2}( ?)\d{2}\1\d{2} ?[A-D](?![\w])", re.IGNORECASE)),
    # A full date (day, month and year) right after DOB, D.O.B., "date of birth" or "born (on)".
    ("AT603", "date of birth", re.compile(
        rf"(?<![\w])(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?)[\s:=(,-]{{0,4}}({_FULL_DATE})",
        re.IGNORECASE)),
    # A UK mobile (07) or geographic (01, 02) number, national or +44; 03, 08 and 09 numbers
    # belong to organisations and are left alone (_phone_valid).
    ("AT606", "phone number", re.compile(
        r"(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)\d(?:[ ()-]{0,2}\d){8,9}(?![\w])")),
    # A full postcode (outward and inward code), in capitals as Royal Mail writes them.
    ("AT604", "postcode", re.compile(
        r"(?<![\w])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)"
        r" ?\d[ABD-HJLNP-UW-Z]{2})(?![\w])")),
    ("AT605", "email address", re.compile(
        r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?![\w])")),
)
# Every pattern above needs a digit or an "@": a line with neither (most lines of a plan) can hold no
# match but a private name, so it is passed over at the cost of one search.
_CANDIDATE = re.compile(r"[\d@]")
# Addresses at these domains belong to public services, not to private persons.
PUBLIC_DOMAINS = ("gov.uk", "nhs.uk", "nhs.net", "police.uk", "sch.uk", "ac.uk", "mod.uk", "parliament.uk",
                  "gov.wales", "llyw.cymru", "gov.scot", "nhs.scot", "police.scot", "hscni.net", "pnn.police.uk")

_MARKER = re.compile(r"(?:^|\s)#\s*privacy-ok\b\s*(?::\s*(?P<reason>.*?))?\s*$")
_BLOCK_HEADER = re.compile(r"^(?P<indent>[ -]*)(?P<key>[^#\s][^#]*?:[ \t]+)?[|>][0-9+-]*\s+#")


@dataclass(frozen=True, slots=True)
class Marker:
    """A `# privacy-ok: REASON` comment: the 1-based lines it covers, why, and the text of its line
    before the comment (what it declares not private)."""

    line: int
    col: int
    reason: str
    lines: range
    text: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of the guard: where it starts (1-based), what it is, and the value."""

    line: int
    col: int
    code: str
    what: str
    value: str
    entry: int | None = None  # the line of the names file, for a private name


@dataclass(frozen=True, slots=True)
class Guard:
    """What the guard looks for besides the built-in kinds: a partnership's private names.

    `names` are (line in the names file, name) pairs; `names_file` is where they came from.
    """

    names: tuple[tuple[int, str], ...] = ()
    names_file: str = NAMES_FILE

    def name_pattern(self) -> re.Pattern[str] | None:
        """One pattern for every name: whole words, any case, any white space between words."""
        if not self.names:
            return None
        parts = sorted(({r"\s+".join(map(re.escape, n.split())) for _, n in self.names}), key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)

    def entry_of(self, value: str) -> int | None:
        """The names-file line a matched name came from."""
        flat = " ".join(value.split()).casefold()
        return next((line for line, n in self.names if " ".join(n.split()).casefold() == flat), None)


def guard_of(settings: Settings) -> Guard:
    """The privacy guard for a repository: the built-in kinds and the partnership's private names."""
    return Guard(settings.names, settings.names_file)


def mask(value: str) -> str:
    """A value with its letters and digits starred; separators kept; the last two shown when 8 or more."""
    alnum = sum(c.isalnum() for c in value)
    keep = 2 if alnum >= 8 else 0
    out, seen = [], 0
    for c in value:
        if c.isalnum():
            seen += 1
            out.append(c if seen > alnum - keep else "*")
        else:
            out.append(c)
    return " ".join("".join(out).split())


def read_markers(lines: Sequence[str]) -> tuple[list[Marker], list[Finding]]:
    """Every privacy-ok marker of a file's lines, and AT608 (file name left empty) for each without a reason."""
    markers: list[Marker] = []
    bad: list[Finding] = []
    for number, text in enumerate(lines, start=1):
        if "privacy-ok" not in text:
            continue
        m = _MARKER.search(text)
        if m is None:
            continue
        col = text.index("#", m.start()) + 1
        reason = (m.group("reason") or "").strip()
        if not reason:
            bad.append(Finding("", number, col, ERROR, "AT608",
                               "privacy-ok marker without a reason: say why it is not private "
                               "('# privacy-ok: the Trust's public switchboard')"))
            continue
        markers.append(Marker(number, col, reason, range(number, _block_end(lines, number) + 1),
                              text[:col - 1].strip()))
    return markers, bad


def _block_end(lines: Sequence[str], number: int) -> int:
    """The last line a marker on line `number` covers: that line, or the block scalar it opens."""
    header = _BLOCK_HEADER.match(lines[number - 1])
    if header is None:
        return number
    base = len(header.group("indent"))  # the key's column: content must be indented further
    last = number
    for index in range(number, len(lines)):
        text = lines[index]
        if not text.strip():
            continue
        if len(text) - len(text.lstrip(" ")) <= base:
            break
        last = index + 1
    return last


def find(lines: Sequence[str], guard: Guard = Guard()) -> list[Hit]:
    """Every match in the lines, in order; a value folded over two lines is found at its start."""
    names = guard.name_pattern()
    hits: dict[tuple[int, int], Hit] = {}
    maybe = [names is not None or _CANDIDATE.search(text) is not None for text in lines]
    for index, text in enumerate(lines):
        if not maybe[index] and not (index + 1 < len(lines) and maybe[index + 1]):
            continue  # neither this line nor the one it may fold into can hold a match
        for col, code, what, value in _matches(text, names):
            hits.setdefault((index + 1, col), _hit(index + 1, col, code, what, value, guard))
        if index + 1 < len(lines) and text.strip() and lines[index + 1].strip():
            # YAML folds a plain scalar's line break into one space: "01234\n    567890" is one number.
            joined = text.rstrip() + " " + lines[index + 1].lstrip()
            cut = len(text.rstrip())
            for col, code, what, value in _matches(joined, names):
                if col - 1 < cut < col - 1 + len(value):
                    hits.setdefault((index + 1, col), _hit(index + 1, col, code, what, value, guard))
    return [hits[k] for k in sorted(hits)]


def _hit(line: int, col: int, code: str, what: str, value: str, guard: Guard) -> Hit:
    return Hit(line, col, code, what, value, guard.entry_of(value) if code == "AT607" else None)


def _matches(text: str, names: re.Pattern[str] | None) -> Iterator[tuple[int, str, str, str]]:
    """(1-based column, code, what, value) of every match on one line; overlapping matches once."""
    if names is None and _CANDIDATE.search(text) is None:
        return
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str, str, str]] = []
    patterns = list(_PATTERNS) + ([("AT607", "private name", names)] if names is not None else [])
    for code, what, pattern in patterns:
        for m in pattern.finditer(text):
            start, end = (m.start(1), m.end(1)) if code == "AT603" else (m.start(), m.end())
            value = text[start:end]
            if not _accept(code, value, m):
                continue
            if any(start < e and s < end for s, e in taken):
                continue  # one value, one finding: the first kind that claims it
            taken.append((start, end))
            found.append((start + 1, code, what, value))
    yield from sorted(found)


def _accept(code: str, value: str, m: re.Match[str]) -> bool:
    if code == "AT601":
        return nhs_valid(value)
    if code == "AT606":
        return _phone_valid(value)
    if code == "AT605":
        domain = m.group(1).casefold()
        return not any(domain == d or domain.endswith("." + d) for d in PUBLIC_DOMAINS)
    return True


def nhs_valid(value: str) -> bool:
    """Whether 10 digits pass the NHS modulus-11 check (weights 10 to 2; 11 reads as 0, 10 is never valid)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits, range(10, 1, -1))) % 11
    return check != 10 and (0 if check == 11 else check) == digits[9]


def _phone_valid(value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    if value.startswith("+44"):
        digits = "0" + digits[2:].removeprefix("0") if "(0)" not in value else "0" + digits[3:]
    if not digits.startswith(("01", "02", "07")):
        return False
    return len(digits) == 11 or (len(digits) == 10 and digits.startswith("01"))


def scan(file: str, data: bytes | str, guard: Guard = Guard()) -> list[Finding]:
    """The guard's findings for one file's bytes: every unmarked match, and every marker without a reason."""
    lines = _lines(data if isinstance(data, str) else data.decode("utf-8", "replace"))
    markers, bad = read_markers(lines)
    covered = {n for m in markers for n in m.lines}
    out = [f._replace(file=file) for f in bad]
    for hit in find(lines, guard):
        if hit.line not in covered and not (hit.line + 1 in covered and _spans(lines, hit)):
            out.append(Finding(file, hit.line, hit.col, ERROR, hit.code, message(hit, guard)))
    return sorted(out)


def _lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.removeprefix("\ufeff").split("\n")]


def _spans(lines: Sequence[str], hit: Hit) -> bool:
    """Whether a hit runs on past its line's end (a folded value): a marker on the next line covers it too."""
    return hit.col - 1 + len(hit.value) > len(lines[hit.line - 1].rstrip())


def shown(hit: Hit) -> str:
    """A match as every output shows it: masked (mask), a private name starred entirely."""
    if hit.code == "AT607":
        # Fully starred: a name's last letters say too much in a public CI log.
        return "".join("*" if c.isalnum() else c for c in " ".join(hit.value.split()))
    return mask(hit.value)


def message(hit: Hit, guard: Guard) -> str:
    """The finding's words: what it looks like, masked, and what to do."""
    if hit.code == "AT607":
        return (f"a name from {guard.names_file} (its line {hit.entry}, '{shown(hit)}'): "
                f"remove it or write the person's role instead")
    extra = " (valid check digit)" if hit.code == "AT601" else ""
    return f"possible {hit.what} '{shown(hit)}'{extra}: remove it, or {MARKER_HINT}"


def markers_of(data: bytes | str) -> list[Marker]:
    """The privacy-ok markers of one file (for diff and textconv, which show them)."""
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    return read_markers(_lines(text))[0]


def redact(text: str, guard: Guard = Guard()) -> str:
    """Text with every match of the guard replaced by what it was, for publication: `[NHS number removed]`."""
    return _substitute(text, guard, lambda hit: f"[{hit.what} removed]")


def masked(text: str, guard: Guard = Guard()) -> str:
    """Text with every match of the guard masked as its findings show it (`*** *** **18`), for the
    outputs that quote plan text to reviewers: `diff` (PR comments, CI logs), the report's notices."""
    if _CANDIDATE.search(text) is None and not guard.names:
        return text  # nothing the built-in kinds could match (see _CANDIDATE): the common case, and cheap
    return _substitute(text, guard, shown)


def masked_finding(finding: Finding, guard: Guard = Guard()) -> Finding:
    """A finding whose message quotes plan text, with that text masked."""
    return finding._replace(message=masked(finding.message, guard))


def _substitute(text: str, guard: Guard, replacement: Callable[[Hit], str]) -> str:
    lines = text.split("\n")
    hits = find(lines, guard)
    for hit in sorted(hits, key=lambda h: (h.line, h.col), reverse=True):
        line = lines[hit.line - 1]
        start, end = hit.col - 1, hit.col - 1 + len(hit.value)
        if end > len(line.rstrip()):  # folded over the line break: the rest is at the next line's start
            after = lines[hit.line]
            rest = end - len(line.rstrip()) - 1
            indent = len(after) - len(after.lstrip())
            lines[hit.line] = after[:indent] + after[indent + rest:].lstrip()
            end = len(line)
        lines[hit.line - 1] = line[:start] + replacement(hit) + line[end:]
    return "\n".join(lines)
