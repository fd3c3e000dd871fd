"""CSV (and TSV) files as a SourceTable: the encoding and the delimiter found, never guessed silently.

Excel writes CSV in the machine's code page (Windows-1252 in Western Europe) and, where the
decimal separator is a comma, with semicolons; "Unicode text" is UTF-16 with tabs. The encoding
is read from a byte-order mark, else UTF-8 when the bytes are valid UTF-8, else Windows-1252.
The delimiter is `sep=X` when Excel's first line says so, else whichever of comma, semicolon
and tab splits the first records into the most consistent number of fields.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from actiontrack.importing.limits import (
    MAX_CELLS,
    MAX_ROWS,
    MAX_SHEET_ROW,
    MAX_TEXT_BYTES,
    ImportRefused,
    too_many_cells,
    too_many_rows,
)
from actiontrack.importing.table import Cell, Row, SourceTable, clean, column_letter

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_SAMPLE_RECORDS = 50


def read_csv(path: Path, file: str) -> SourceTable:
    """The CSV file at `path` as one table, with its encoding and delimiter among the facts."""
    data = path.read_bytes()
    if len(data) > MAX_TEXT_BYTES:
        raise ImportRefused(file, f"it is {len(data):,} bytes, over the {MAX_TEXT_BYTES:,}-byte limit for a CSV file")
    text, encoding = decode(data, file)
    delimiter, how = _delimiter(text)
    if how == "sep=":
        text = text.split("\n", 1)[1] if "\n" in text else ""
    rows: list[Row] = []
    cells = 0
    try:
        for number, record in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            if number > MAX_SHEET_ROW:
                raise too_many_rows(file)
            values = [clean(v) for v in record]
            filled = sum(1 for v in values if v)
            if not filled:
                continue  # a blank record: nothing to map, and its number stays in the next rows' addresses
            cells += filled
            if len(rows) == MAX_ROWS:
                raise too_many_rows(file)
            if cells > MAX_CELLS:
                raise too_many_cells(file)
            rows.append(Row(tuple(Cell(v, f"{column_letter(i)}{number}") for i, v in enumerate(values)),
                            f"row {number}"))
    except csv.Error as exc:  # a field over csv.field_size_limit(), a NUL byte
        raise ImportRefused(file, f"it is not a CSV file actiontrack can read ({exc})") from None
    width = max((len(r.cells) for r in rows), default=0)
    padded = tuple(_pad(r, width) for r in rows)
    facts = (f"read as {encoding}, fields separated by {DELIMITERS[delimiter]}s ({how})",)
    return SourceTable(file, "csv", "", tuple(column_letter(i) for i in range(width)), padded, facts=facts)


def decode(data: bytes, file: str) -> tuple[str, str]:
    """The text of a CSV file and the name of the encoding it was read in."""
    for bom, codec, name in ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 (with a byte-order mark)"),
                             (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                raise ImportRefused(file, f"it starts as {name} text but is not valid {name}") from None
    if b"\x00" in data:
        raise ImportRefused(file, "it is not a text file (it holds NUL bytes): save the sheet as CSV")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (it is not valid UTF-8)"
    except UnicodeDecodeError:
        raise ImportRefused(file, "it is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8") from None


def _delimiter(text: str) -> tuple[str, str]:
    first = text.split("\n", 1)[0].strip()
    if first.lower().startswith("sep=") and first[4:5] in DELIMITERS:
        return first[4:5], "sep="
    best, best_score = ",", (-1.0, 0)
    for candidate in DELIMITERS:
        counts = []
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=candidate)
        try:
            for record in reader:
                if any(v.strip() for v in record):
                    counts.append(len(record))
                if len(counts) >= _SAMPLE_RECORDS:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        mode, hits = Counter(counts).most_common(1)[0]
        # Consistency first; among equally consistent splits, the one with more fields.
        score = (hits / len(counts) if mode > 1 else 0.0, mode)
        if score > best_score:
            best, best_score = candidate, score
    return best, "the most consistent split"


def _pad(row: Row, width: int) -> Row:
    if len(row.cells) == width:
        return row
    number = row.where.removeprefix("row ")
    extra = tuple(Cell("", f"{column_letter(i)}{number}") for i in range(len(row.cells), width))
    return Row(row.cells + extra, row.where)
