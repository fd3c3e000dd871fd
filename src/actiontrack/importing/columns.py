"""Which column holds what: the header row found, each header read through the synonym table, `--map` on top.

The synonym table (docs/import.md shows it) is matched on the header's words: the whole header,
or its first words ("Lead Officer(s)" is "lead officers", which starts with "lead"), longest
phrase first. A column no phrase names keeps its data as an `x-` key; nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from actiontrack.errors import UsageError
from actiontrack.importing.progress import Dated, any_date
from actiontrack.importing.table import Row, SourceTable
from actiontrack.wording import did_you_mean, one_line

# field -> header phrases (after words(): lower case, '&' as 'and', '(s)' as 's', punctuation as spaces).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("no", "number", "ref", "ref no", "reference", "rec no", "rec number", "rec ref",
               "recommendation no", "recommendation number", "recommendation ref", "item no", "#"),
    "recommendation": ("recommendation", "recommendations", "rec", "recs", "standard", "item", "finding"),
    "outcome": ("objective", "objectives", "intended outcome", "desired outcome", "expected outcome", "aim"),
    "action": ("action", "actions", "action needed", "actions needed", "action required", "actions required",
               "specific action", "specific actions", "action to be taken", "actions to be taken", "action planned",
               "planned action", "planned actions", "task", "tasks"),
    "timescale": ("timescale", "timescales", "by when", "target", "target date", "deadline", "due", "due date",
                  "date due", "timeframe", "time frame", "when"),
    "owner": ("lead", "lead officer", "lead officers", "lead person", "lead agency", "owner", "owners",
              "action owner", "responsible officer", "responsible officers", "responsible", "responsibility",
              "by whom", "who", "accountable officer"),
    "agency": ("agency", "organisation", "organization", "service", "partner agency"),
    "progress": ("progress", "progress update", "update", "updates", "update on progress", "outcome", "comments",
                 "comment", "current position", "position", "progress to date", "notes"),
    "rag": ("rag", "rag status", "rag rating", "brag", "status", "rating"),
    "measure": ("evidence", "measure of success", "measures of success", "success measure", "success measures",
                "outcome measure", "outcome measures", "success criteria", "evidence of impact"),
    "monitoring": ("monitoring", "monitoring arrangements", "audit of implementation", "how monitored",
                   "monitored by", "monitoring method"),
    "revised": ("revised target", "revised target date", "revised date", "revised timescale", "revised deadline",
                "new target date"),
    "completed": ("completed", "date completed", "completion date", "completed on", "date of completion",
                  "actual completion date"),
    "priority": ("priority", "priority level", "priority rating"),
}
# Fields --map may name that no header phrase gives: a column of group headings, a column of statuses,
# and what an actiontrack workbook holds (TRACKER): the action's id, its due date and baseline as dates,
# a note as actiontrack writes one ("2012-10-19 SM: text").
FIELDS = (*SYNONYMS, "group", "status", "id", "due", "baseline", "note")
# The plan sheets of `export --format xlsx` (query/workbook.PLAN_COLUMNS, tests/importing check they agree):
# each header, in order, and the field it gives back; None for what actiontrack works out (not read).
TRACKER: tuple[tuple[str, str | None], ...] = (
    ("Rec", "number"), ("Recommendation", "recommendation"), ("Action", "id"), ("Action text", "action"),
    ("Owners", "owner"), ("Agency or group", None), ("Due", "due"), ("Wording", "timescale"),
    ("Baseline", "baseline"), ("Slip (days)", None), ("Status", "status"), ("State", None),
    ("Days overdue", None), ("Latest note", "note"), ("Monitoring", "monitoring"), ("Owner's rating", "rag"),
    ("Completed on", "completed"), ("Days late", None),
)
TRACKER_HOW = "actiontrack workbook"
COMPUTED = "computed"  # the field of a column actiontrack works out (the tracker's State): not read
# Fields several columns may feed (each progress column gives notes; owners add up).
MULTI = frozenset({"progress", "owner", "measure", "monitoring", "agency"})
_PHRASES = sorted(((p, f) for f, ps in SYNONYMS.items() for p in ps), key=lambda pf: -len(pf[0]))
_X_KEY = re.compile(r"x-[a-z0-9][a-z0-9-]*\Z")
_ID_LIKE = re.compile(r"[A-Z]{0,3}\d+(?:\.\d+)*[a-z]?[.)]?(?:\s*\(\w{1,3}\))?(?:\s*(?:cont(?:inued|'?d)?|ctd)\.?)?\Z",
                      re.IGNORECASE)
_NUMBER_START = re.compile(r"(?P<id>\d+(?:\.\d+)*[a-z]?)[.)]?\s+(?P<text>\S.*)\Z", re.DOTALL)
HEADER_SCAN = 30  # rows searched for the header


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the table: its label (A, 1), header text, and where its data goes.

    `field` is one of FIELDS, or None for an extension column written under `key` (x-...).
    """

    index: int
    label: str
    header: str
    field: str | None
    key: str
    how: str  # "header", "--map", "no header, numbers", "repeated header"
    hidden: bool = False
    date: Dated | None = None  # a date in the header ("Progress at 18.10.12")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """The header row (index into the table's rows) and every column that holds data."""

    header: int
    columns: tuple[Column, ...]
    number_in_text: bool = False  # recommendation numbers start the recommendation cells ("1. Ensure ...")
    tracker: bool = False  # a plan sheet of actiontrack's own workbook: one action per row, read as written

    def of(self, field: str) -> list[Column]:
        """The columns feeding `field`, left to right."""
        return [c for c in self.columns if c.field == field]

    def first(self, field: str) -> Column | None:
        """The column feeding a single-valued field, or None."""
        found = self.of(field)
        return found[0] if found else None


def words(text: str) -> str:
    """A header as the synonym table matches it."""
    text = text.lower().replace("&", " and ").replace("(s)", "s")
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", text).split())


def field_of(header: str) -> str | None:
    """The field a header names through the synonym table, or None."""
    h = words(header)
    for phrase, field in _PHRASES:
        if h == phrase or h.startswith(phrase + " "):
            return field
    return None


def parse_maps(maps: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """--map pairs checked: each FIELD is known (or an x- key)."""
    out = []
    for column, field in maps:
        f = field.strip().lower()
        if f not in FIELDS and not _X_KEY.match(f):
            raise UsageError(f"--map {one_line(column)}={one_line(field)}: unknown field '{one_line(field)}'"
                             f"{did_you_mean(f, FIELDS)} (fields: {', '.join(FIELDS)}, or x-NAME)")
        out.append((column.strip(), f))
    return out


def _headers(row: Row) -> list[str]:
    """Each cell's header text; a cell merged with the one on its left takes that header."""
    out: list[str] = []
    for cell in row.cells:
        text = " ".join(cell.text.split())
        if not text and cell.copied and out and any(c.merged == cell.merged and c.text for c in row.cells):
            text = out[-1]
        out.append(text)
    return out


def _mapped(table: SourceTable, headers: list[str], maps: list[tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """Column index -> (field, how) for one candidate header row."""
    fields = {i: (f, "header") for i, h in enumerate(headers) if h and (f := field_of(h)) is not None}
    for column, field in maps:
        for i in _matching(table, headers, column):
            fields[i] = (field, "--map")
    return fields


def _matching(table: SourceTable, headers: list[str], column: str) -> list[int]:
    by_header = [i for i, h in enumerate(headers) if h and words(h) == words(column)]
    if by_header:
        return by_header
    return [i for i, label in enumerate(table.columns) if label.lower() == column.lower()]


def find_header(table: SourceTable, maps: list[tuple[str, str]]) -> int | None:
    """The index of the first row that names an action column and one more, within HEADER_SCAN rows."""
    for i, row in enumerate(table.rows[:HEADER_SCAN]):
        found = {f for f, _ in _mapped(table, _headers(row), maps).values()}
        if "action" in found and len(found) >= 2:
            return i
    return None


def map_columns(table: SourceTable, maps: list[tuple[str, str]], plan_date: dt.date | None) -> ColumnMap:
    """The header row and the columns, or a usage error saying what is missing and how to name it."""
    header = find_header(table, maps)
    where = f" of {table.name}" if table.name else ""
    if header is None:
        raise UsageError(f"no header row found in the first {HEADER_SCAN} rows{where}: import needs a row naming the "
                         "columns, with an action column and at least one other (such as 'Recommendation | Action | "
                         "Timescale | Lead'); name them with --map COLUMN=FIELD")
    headers = _headers(table.rows[header])
    for column, target in maps:
        if not _matching(table, headers, column):
            known = ", ".join(f"{label} '{one_line(h)}'" if h else label for label, h in zip(table.columns, headers))
            raise UsageError(f"--map {one_line(column)}={target}: no column '{one_line(column)}'"
                             f"{did_you_mean(column, [h for h in headers if h])} (columns: {known})")
    data = table.rows[header + 1:]
    tracker = is_tracker(headers)
    if tracker:
        fields = {i: (f or COMPUTED, TRACKER_HOW) for i, (_, f) in enumerate(TRACKER)}
        fields.update({i: (f, "--map") for column, f in maps for i in _matching(table, headers, column)})
    else:
        fields = _positional(_mapped(table, headers, maps), headers, data)
    columns = []
    taken: set[str] = set()
    keys: set[str] = set()
    for i, label in enumerate(table.columns):
        header_text = headers[i] if i < len(headers) else ""
        field: str | None
        field, how = fields.get(i, (None, ""))
        if field is None and not header_text and all(r.cells[i].empty for r in data):
            continue  # an empty column: nothing to keep
        if field == COMPUTED:
            key = "(not read)"
        elif field is not None and field.startswith("x-"):
            key, field = field, None
        elif field is not None and field not in MULTI and field in taken:
            key, field, how = "", None, f"a second {field} column"
        else:
            key = field or ""
        if field is None:
            key = _unique(key or x_key(header_text, label), keys)
        taken.add(field or "")
        date = any_date(header_text, plan_date) if field == "progress" else None
        columns.append(Column(i, label, header_text, field, key, how or "no header phrase",
                              i in table.hidden_columns, date))
    cmap = ColumnMap(header, tuple(columns), tracker=tracker)
    if cmap.first("action") is None:  # a --map took it away
        raise UsageError(f"no column{where} holds the actions: name it with --map COLUMN=action")
    if cmap.first("recommendation") is None:
        raise UsageError(f"no column{where} holds the recommendations: name it with --map COLUMN=recommendation "
                         f"(columns: {_listing(cmap)})")
    rec = cmap.first("recommendation")
    assert rec is not None
    values = [r.cells[rec.index].text for r in data if r.cells[rec.index].text]
    number_in_text = cmap.first("number") is None and bool(values) and \
        sum(1 for v in values if _NUMBER_START.match(v)) >= 0.8 * len(values)
    return ColumnMap(header, cmap.columns, number_in_text, tracker)


def is_tracker(headers: list[str]) -> bool:
    """Whether a header row is that of a plan sheet of actiontrack's own workbook (`export --format xlsx`)."""
    return [h.strip() for h in headers[:len(TRACKER)]] == [h for h, _ in TRACKER] and \
        not any(h.strip() for h in headers[len(TRACKER):])


def _positional(fields: dict[int, tuple[str, str]], headers: list[str], data: tuple[Row, ...]) \
        -> dict[int, tuple[str, str]]:
    """Rules that need the columns' places or values: an "Outcome" left of the actions is the intended
    outcome (right of them, progress); numbers under a blank header, or in the first of two columns
    under one "Recommendation" header, are the recommendation numbers."""
    out = dict(fields)
    actions = min((i for i, (f, _) in out.items() if f == "action"), default=None)
    for i, (f, how) in fields.items():
        if f == "progress" and how == "header" and words(headers[i]) == "outcome" and actions is not None \
                and i < actions:
            out[i] = ("outcome", how)
    if any(f == "number" for f, _ in out.values()):
        return out
    for i, h in enumerate(headers):
        values = [r.cells[i].text for r in data if i < len(r.cells) and r.cells[i].text]
        id_like = bool(values) and sum(1 for v in values if _ID_LIKE.match(v)) >= 0.8 * len(values)
        if not id_like:
            continue
        recs = [j for j, (f, _) in out.items() if f == "recommendation"]
        if (not h and i not in out) or (i in recs and len(recs) > 1 and i == min(recs)):
            out[i] = ("number", "no header, numbers" if not h else "numbers under a shared header")
            return out
    return out


def x_key(header: str, label: str) -> str:
    """The extension key a column is kept under: its header as a slug (`Priority` -> `x-priority`)."""
    slug = re.sub(r"[^a-z0-9]+", "-", header.lower()).strip("-")[:40].rstrip("-")
    return f"x-{slug}" if slug else f"x-column-{label.lower()}"


def _unique(key: str, keys: set[str]) -> str:
    out, n = key, 2
    while out in keys:
        out, n = f"{key}-{n}", n + 1
    keys.add(out)
    return out


def _listing(cmap: ColumnMap) -> str:
    return ", ".join(f"{c.label} '{one_line(c.header)}'" if c.header else c.label for c in cmap.columns)


def is_id_like(text: str) -> bool:
    """A recommendation number as sources write them: 6.1, 20 (1), 5. Cont, S1.2."""
    return bool(_ID_LIKE.match(" ".join(text.split())))


def split_number(text: str) -> tuple[str, str] | None:
    """(number, text) of a recommendation cell that starts with its number ("1. Ensure ..."), else None."""
    m = _NUMBER_START.match(text)
    return (m.group("id"), m.group("text")) if m else None
