"""The Board outputs checked by the programs people open them with: Chromium, LibreOffice Calc, icalendar.

Chromium and LibreOffice are Debian packages (`apt-get install -y chromium libreoffice-calc-nogui`,
README: Development). Where one is missing its tests skip and say why; .ci/run installs both and
sets ACTIONTRACK_REAL_CLIENTS=required, which turns a skip into a failure.

The committed screenshot in docs/report.md carries the SHA-256 of the HTML it shows (a PNG text
chunk); the test regenerates the page and fails when they differ. ACTIONTRACK_UPDATE_SCREENSHOT=1
rewrites the PNG from a fresh Chromium screenshot instead.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar as ICalendar
from typer.testing import CliRunner

from actiontrack.cli import app
from actiontrack.errors import NotFoundError
from actiontrack.render.pdf import chromium_args, find_chromium

from hostile_plans import AT_SUM, CMD, FORMULAS, HYPERLINK, MARKUP
from support import REPO, SEED_PLANS

# The bundled plans' Board pack as docs/report.md shows it: a quarter before 1 December 2012.
AS_OF, SINCE = "2012-12-01", "2012-09-01"
SCREENSHOT = REPO / "docs" / "report-board-pack.png"
SOURCE_KEY = b"actiontrack:html-sha256"
WINDOW = (1200, 1600)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"  # -1: every sheet


def required() -> bool:
    return os.environ.get("ACTIONTRACK_REAL_CLIENTS") == "required"


def chromium() -> str:
    try:
        return find_chromium()
    except NotFoundError:
        if required():
            pytest.fail("Chromium is missing, and .ci/run requires the real clients")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium): the Board pack is not checked "
                    "in a browser")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if required():
            pytest.fail("LibreOffice is missing, and .ci/run requires the real clients")
        pytest.skip("LibreOffice is not installed (Debian: apt-get install libreoffice-calc-nogui): the workbook "
                    "is not checked in a spreadsheet engine")
    return found


@pytest.fixture
def bundled(in_tmp: Path) -> Path:
    """A copy of the bundled plans outside git: read as they are, the window from the notes' dates."""
    shutil.copytree(SEED_PLANS, in_tmp / "plans")
    return in_tmp / "plans"


def invoke(runner: CliRunner, *args: str, ok: tuple[int, ...] = (0,)) -> bytes:
    result = runner.invoke(app, list(args))
    assert result.exit_code in ok, result.stderr
    return result.stdout_bytes


def open_in_chromium(page: Path, tmp: Path, screenshot: Path | None = None) -> tuple[str, list[str]]:
    """The DOM after load and every console message, from one headless run (and a screenshot)."""
    cmd = [chromium(), *chromium_args(tmp / "profile"), "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
           f"--window-size={WINDOW[0]},{WINDOW[1]}", "--dump-dom"]
    if screenshot is not None:
        cmd.append(f"--screenshot={screenshot}")
    proc = subprocess.run([*cmd, page.as_uri()], capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    console = [line for line in proc.stderr.decode(errors="replace").splitlines() if ":CONSOLE" in line]
    return proc.stdout.decode("utf-8"), console


# ---------------------------------------------------------------- Chromium


def test_board_pack_loads_in_chromium_with_the_summary_numbers(runner: CliRunner, bundled: Path,
                                                               tmp_path: Path) -> None:
    page = tmp_path / "board-pack.html"
    invoke(runner, "report", "--as-of", AS_OF, "--since", SINCE, "-o", str(page))
    shot = tmp_path / "shot.png"
    dom, console = open_in_chromium(page, tmp_path, shot)
    assert console == []
    totals = json.loads(invoke(runner, "summary", "--format", "json", "--as-of", AS_OF, "--since", SINCE))["totals"]
    shown = {m[0].replace("-", "_"): int(m[1]) for m in re.findall(r'data-headline="actions-([a-z-]+)">(\d+)<', dom)}
    assert shown == {k.replace("-", "_"): v for k, v in totals.items()}
    assert shown["overdue"] == 162  # the plans' own numbers, for a reader of this test
    assert "<script" not in dom
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and struct.unpack(">II", png[16:24]) == WINDOW
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    if os.environ.get("ACTIONTRACK_UPDATE_SCREENSHOT"):
        SCREENSHOT.write_bytes(with_text(png, SOURCE_KEY, digest.encode()))
    assert SCREENSHOT.is_file(), f"no {SCREENSHOT.name}: run with ACTIONTRACK_UPDATE_SCREENSHOT=1"
    assert png_text(SCREENSHOT.read_bytes()).get(SOURCE_KEY) == digest.encode(), (
        f"docs/{SCREENSHOT.name} shows an older Board pack: regenerate it with "
        "ACTIONTRACK_UPDATE_SCREENSHOT=1 python -m pytest tests/cli/test_real_clients.py -k chromium")


def test_hostile_plan_text_runs_nothing_in_chromium(runner: CliRunner, write_plan, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_plan(MARKUP, "hostile-plan.yaml")
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "hostile.html"
    invoke(runner, "report", "--as-of", "2026-11-20", "--since", "2026-10-31", "-o", str(page))
    dom, console = open_in_chromium(page, tmp_path)
    # A script that ran, or was blocked by the page's policy, would log to the console; none was there to try.
    assert console == []
    assert "<script" not in dom and "<img" not in dom and "<a " not in dom and 'id="injected"' not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "<title>Action plans: Board pack, 20 November 2026</title>" in dom


def test_pdf_is_printed_by_chromium(runner: CliRunner, bundled: Path, tmp_path: Path) -> None:
    chromium()
    out = tmp_path / "board-pack.pdf"
    result = runner.invoke(app, ["report", "--as-of", AS_OF, "--since", SINCE, "--format", "pdf", "-o", str(out)])
    assert (result.exit_code, result.stderr) == (0, "wrote " + os.path.relpath(out) + "\n")
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    # Every page is A4 (595 x 842 points), and the pack takes several.
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert len(boxes) >= 5 and {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}


# ---------------------------------------------------------------- LibreOffice Calc


def to_csv(workbook: Path, tmp: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as LibreOffice Calc reads it, converted to CSV rows."""
    out = tmp / "csv"
    cmd = [soffice(), "--headless", "--norestore", f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}",
           "--convert-to", CSV_FILTER, "--outdir", str(out), str(workbook)]
    proc = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    sheets = {}
    for path in out.glob(f"{workbook.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            sheets[path.stem.removeprefix(workbook.stem + "-")] = list(csv.reader(fh))
    return sheets


def unsafe(cell: str) -> str:
    """A CSV cell without the leading quote `overdue --format csv` adds before formula characters."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") else cell


def test_workbook_in_libreoffice_matches_overdue_csv(runner: CliRunner, bundled: Path, tmp_path: Path) -> None:
    soffice()
    book = tmp_path / "tracker.xlsx"
    invoke(runner, "export", "--format", "xlsx", "--as-of", AS_OF, "-o", str(book))
    sheets = to_csv(book, tmp_path)
    overdue = list(csv.DictReader(io.StringIO(invoke(runner, "overdue", "--format", "csv", "--as-of", AS_OF)
                                              .decode("utf-8"))))
    assert len(overdue) == 162
    rows = {}
    for plan in {r["plan"] for r in overdue} | {"herefordshire-scr-me-2002"}:
        head, *body = sheets[plan]
        rows.update({(plan, r[head.index("Action")]): dict(zip(head, r)) for r in body})
    assert {k for k, r in rows.items() if r["State"] == "overdue"} == {(r["plan"], r["action"]) for r in overdue}
    for want in overdue:
        got = rows[(want["plan"], want["action"])]
        assert got["Rec"] == want["recommendation"]
        assert " ".join(got["Action text"].split()) == unsafe(want["text"])
        assert (got["Due"], got["Days overdue"], got["Status"]) == (want["due"], want["days_overdue"], want["status"])
        assert got["Wording"] == want["timescale"]
        assert " ".join(got["Latest note"].split()) == unsafe(want["latest_note"])
    by_plan = {r[0]: r for r in sheets["Summary"] if r and r[0] in {p for p, _ in rows}}
    head = next(r for r in sheets["Summary"] if r[:2] == ["Sheet", "Plan"])
    for plan, row in by_plan.items():
        assert int(row[head.index("Overdue")]) == sum(1 for r in overdue if r["plan"] == plan)


def test_formulas_in_plan_text_stay_text_in_libreoffice(runner: CliRunner, write_plan, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    soffice()
    write_plan(FORMULAS, "formula-plan.yaml")
    monkeypatch.chdir(tmp_path)
    book = tmp_path / "hostile.xlsx"
    invoke(runner, "export", "--format", "xlsx", "--as-of", "2026-11-20", "-o", str(book))
    head, first, *_ = to_csv(book, tmp_path)["formula-plan"]
    row = dict(zip(head, first))
    assert (row["Recommendation"], row["Action text"], row["Wording"], row["Monitoring"]) == \
        ("#N/A", HYPERLINK, "=TODAY()", "@SUM(A1:A9)")
    assert row["Owners"] == f"{CMD}; AM (=cmd|'/C calc'!A0)" and row["Latest note"] == f"2026-10-20 =A1: {AT_SUM}"


# ---------------------------------------------------------------- icalendar


def test_calendar_parses_back_and_matches_due_and_overdue(runner: CliRunner, bundled: Path) -> None:
    until = (date.fromisoformat(AS_OF) + timedelta(days=365)).isoformat()
    cal = ICalendar.from_ical(invoke(runner, "export", "--format", "ics", "--as-of", AS_OF))
    items = {(str(e["uid"]), e["dtstart"].dt.isoformat()) for e in cal.walk("VEVENT")}

    def listed(*args: str) -> set[tuple[str, str]]:
        doc = json.loads(invoke(runner, *args, "--format", "json", "--as-of", AS_OF, ok=(0, 1)))
        rows = doc["rows"] if isinstance(doc, dict) else doc
        return {(f"{r['plan']}:{r['action']}@actiontrack", r["due"]) for r in rows}

    due = listed("due", "--within", "1y")
    assert due and {i for i in items if AS_OF <= i[1] <= until} == due
    assert {i for i in items if i[1] < AS_OF} == listed("overdue")
    assert len(items) == len(list(cal.walk("VEVENT")))  # one item per action: no UID twice


# ---------------------------------------------------------------- PNG text chunks


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    pos, out = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        out.append((kind, data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def png_text(data: bytes) -> dict[bytes, bytes]:
    return dict(body.split(b"\0", 1) for kind, body in png_chunks(data) if kind == b"tEXt")  # type: ignore[misc]


def with_text(data: bytes, key: bytes, value: bytes) -> bytes:
    """The PNG with one tEXt chunk (key, value) before IEND, replacing any with the same key."""
    kept = [(k, b) for k, b in png_chunks(data) if k != b"IEND" and not (k == b"tEXt" and b.startswith(key + b"\0"))]
    kept += [(b"tEXt", key + b"\0" + value), (b"IEND", b"")]
    return data[:8] + b"".join(struct.pack(">I", len(b)) + k + b + struct.pack(">I", zlib.crc32(k + b)) for k, b in kept)
