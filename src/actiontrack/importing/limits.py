"""What an import refuses before it reads: files too big, zip bombs, encrypted and legacy Office files.

Every limit is far above a real action plan (the largest bundled plan has 76 actions) and far
below what would take a noticeable time or memory: docs/import.md lists them with the figures
measured against hostile files (benchmarks/import_limits.py).
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from actiontrack.errors import UsageError
from actiontrack.wording import one_line

MAX_FILE_BYTES = 64 * 1024 * 1024  # the file on disk
MAX_TEXT_BYTES = 32 * 1024 * 1024  # a CSV file
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # every member of an .xlsx or .docx archive, unpacked, added up
MAX_PART_BYTES = {  # the XML parts that are parsed whole, unpacked
    "xl/sharedStrings.xml": 16 * 1024 * 1024,
    "word/document.xml": 32 * 1024 * 1024,
}
MAX_MEMBERS = 2_000
MAX_ROWS = 10_000  # rows holding a value
MAX_CELLS = 250_000  # cells holding a value
MAX_SHEET_ROW = 1_048_576  # Excel's last row: a row number past it is a damaged or crafted file

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: legacy .xls/.doc, or an encrypted .xlsx/.docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class ImportRefused(UsageError):
    """The file cannot be imported; the message says why and what to do. Nothing is written."""

    def __init__(self, file: str, why: str) -> None:
        super().__init__(f"cannot import {one_line(file)}: {why}")


def check_file(path: Path, file: str, kind: str) -> bytes:
    """The file's first bytes after checking its size and what kind of file it really is."""
    try:
        info = path.stat()
        # Only a regular file is opened: opening a named pipe would wait for a writer for ever, and a
        # device such as /dev/zero never ends. Non-blocking, and checked again on the open file.
        if not stat.S_ISREG(info.st_mode):
            raise ImportRefused(file, _not_a_file(info.st_mode))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise ImportRefused(file, _not_a_file(os.fstat(fh.fileno()).st_mode))
            head = fh.read(8)
        size = info.st_size
    except OSError as exc:
        raise ImportRefused(file, f"cannot read it ({exc.strerror or exc})") from None
    if size > MAX_FILE_BYTES:
        raise ImportRefused(file, f"it is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for an import")
    if size == 0:
        raise ImportRefused(file, "the file is empty")
    if kind != "csv" and head.startswith(_OLE):
        raise ImportRefused(file, _ole_reason(path, kind))
    if kind != "csv" and not head.startswith(b"PK"):
        raise ImportRefused(file, f"it is not a .{kind} file (an Office file is a zip archive; this one is not)")
    return head


def _not_a_file(mode: int) -> str:
    what = "a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else \
        "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
    return f"it is {what}: give the spreadsheet, document or CSV file itself; nothing was read from it"


def _ole_reason(path: Path, kind: str) -> str:
    # An encrypted Office file names its EncryptedPackage stream in the directory; the read is
    # bounded by MAX_FILE_BYTES, checked first.
    if _ENCRYPTED in path.read_bytes():
        return ("it is encrypted (password-protected): open it, remove the password, save it, "
                "and import the saved copy")
    legacy = {"xlsx": ".xls", "docx": ".doc"}.get(kind, "binary Office")
    return f"it is an old {legacy} file, not .{kind}: open it and save it as .{kind} first"


def check_archive(path: Path, file: str, kind: str) -> None:
    """Refuse a damaged archive or a zip bomb from its directory alone, before anything is unpacked.

    Python's zipfile never returns more bytes than an entry declares (and checks the CRC), so the
    declared sizes bound what any later read can unpack.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRefused(file, f"the .{kind} file is damaged ({one_line(exc)})") from None
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(file, f"the archive has {len(members):,} parts, over the limit of {MAX_MEMBERS:,}")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise ImportRefused(file, f"it would unpack to {total:,} bytes, over the {MAX_UNPACKED_BYTES:,}-byte "
                            "limit (a zip bomb, or a document full of pictures)")
    for m in members:
        limit = MAX_PART_BYTES.get(m.filename)
        if limit is not None and m.file_size > limit:
            raise ImportRefused(file, f"its part {m.filename} would unpack to {m.file_size:,} bytes, over the "
                                f"{limit:,}-byte limit")


def too_many_rows(file: str) -> ImportRefused:
    """The refusal for a table past MAX_ROWS rows holding a value."""
    return ImportRefused(file, f"the table has more than {MAX_ROWS:,} rows holding a value: "
                         "an action plan is far smaller; import the plan's own rows (save them as their own file)")


def too_many_cells(file: str) -> ImportRefused:
    """The refusal for a table past MAX_CELLS cells holding a value."""
    return ImportRefused(file, f"the table has more than {MAX_CELLS:,} cells holding a value: "
                         "an action plan is far smaller; import the plan's own rows and columns")
