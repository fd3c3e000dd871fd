"""Hostile files for the import tests and benchmarks/import_limits.py, built small and fast.

The big ones are written as raw XML into a zip (openpyxl would take seconds to write 100,000
rows); the zip bomb is made of one deflate block repeated, so a 2 MB file honestly unpacks to
2 GiB without anything ever holding 2 GiB.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
    'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main">{dimension}<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def big_xlsx(path: Path, rows: int, dimension: bool = True) -> Path:
    """A workbook whose one sheet has a header and `rows` rows of three short cells."""
    parts = [_SHEET_HEAD.format(dimension=f'<dimension ref="A1:C{rows + 1}"/>' if dimension else ""),
             '<row r="1">', _inline("A1", "Recommendation"), _inline("B1", "Action"), _inline("C1", "Timescale"),
             "</row>"]
    parts += [f'<row r="{n}">{_inline(f"A{n}", "R")}{_inline(f"B{n}", "Do it")}{_inline(f"C{n}", "2013")}</row>'
              for n in range(2, rows + 2)]
    parts.append(_SHEET_TAIL)
    _workbook(path, {"xl/worksheets/sheet1.xml": "".join(parts)})
    return path


def _workbook(path: Path, parts: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, text in parts.items():
            archive.writestr(name, text)


def zip_bomb_xlsx(path: Path, gib: int = 2) -> Path:
    """A small .xlsx whose sheet part truly unpacks to `gib` GiB of spaces after a valid start.

    One deflate block that expands to 1 MiB of spaces is repeated; the members before it are
    ordinary. The CRC is not that of the data (computing it would mean hashing gigabytes), which
    only matters to a reader that unpacks it all: the importer must refuse before that.
    """
    head = _SHEET_HEAD.format(dimension="").encode()
    mib = 1024 * 1024
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(head + b" " * (mib - len(head))) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(b" " * mib) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(b" " * mib) + comp.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "the repeated block must not depend on what came before it"
    data = first + block * (gib * 1024 - 1) + comp.flush(zlib.Z_FINISH)
    size = gib * 1024 * mib
    _workbook(path, {})
    _append_member(path, "xl/worksheets/sheet1.xml", data, size)
    return path


def _append_member(path: Path, name: str, data: bytes, size: int) -> None:
    """Add one deflated member with the given declared size (zipfile cannot add pre-compressed data)."""
    with zipfile.ZipFile(path) as archive:
        members = [(m, archive.read(m.filename)) for m in archive.infolist()]
    out = bytearray()
    central = bytearray()
    entries = [(m.filename.encode(), zlib.compress(body)[2:-4], len(body), zlib.crc32(body)) for m, body in members]
    entries.append((name.encode(), data, size, 0))
    for filename, body, length, crc in entries:
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(body), length, len(filename), 0)
        out += filename + body
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(body), length,
                               len(filename), 0, 0, 0, 0, 0, offset)
        central += filename
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))


def encrypted_xlsx(path: Path) -> Path:
    """What Excel saves with a password: a Compound File holding an EncryptedPackage stream (a stand-in:
    the header and directory entry names are real, the encrypted stream is not)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0") + bytes(64)
    path.write_bytes(header + entry + bytes(4096))
    return path


def truncated(source: Path, path: Path) -> Path:
    """The first half of an Office file, as a failed download or copy leaves it."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def docx_without_table(path: Path) -> Path:
    """A Word document with paragraphs only."""
    import docx

    document = docx.Document()
    document.add_paragraph("Action plan")
    document.add_paragraph("1. Issue guidance to all teams by March.")
    document.save(path)
    return path


def formulas_xlsx(path: Path) -> Path:
    """Formulas a spreadsheet would run (a hyperlink, a DDE command, arithmetic), none with a saved value."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Recommendation", "Action", "Timescale", "Lead", "Progress"])
    sheet.append(["Records show a chronology.", "Commission training", '=HYPERLINK("http://example.invalid/","Click")',
                  "Workforce Lead", "Training agreed in principle"])
    sheet.append([None, "Audit files", "=cmd|' /C calc'!A0", "QA Lead", "Audit started"])
    book.save(path)
    return path
