"""The fuzzers: four properties that hold for any input, checked by Hypothesis (budget.py sets how many examples).

1. The timescale reader: any text in, a value of the documented kinds out, never an exception.
2. The loader and validate: mutated bundled plans give findings inside the file, one printable line each.
3. The edit pipeline: `note` on a random valid plan gives exactly the old model plus that note, and
   `git diff` shows only added lines (or the edit is refused and the file is unchanged).
4. The renderers: random plan text through every format never gives a raw control character,
   live markup, or a spreadsheet cell that starts a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from actiontrack import validate
from actiontrack.api.writing import EditContext, note
from actiontrack.errors import RefusedError, UsageError
from actiontrack.load.lines import split_lines
from actiontrack.load.loader import Loader
from actiontrack.query.export import export_document
from actiontrack.timescale import KINDS, format_timescale_text, parse_timescale
from actiontrack.wording import printable

from budget import CAMPAIGN, budget
from plangen import AS_OF, HOSTILE, ODD_BREAKS, PLAN_DATE, TRICKY, plan_texts, texts
from support import DATA, SEED_PLANS

# ---------------------------------------------------------------- 1. the timescale reader

PHRASE_WORDS = ["Sept", "03", "By", "27.10.12", "Ongoing", "April", "2003", "(and", "yearly", "thereafter)", "Q3",
                "2013/14", "Summer", "Within", "3", "months", "Immediate", "every", "0", "weeks", "fortnightly",
                "Quarterly", "31/02/2012", "9999", "-", "from", "onwards", "half", "termly", "Nov", "30", "2009"]
RECURS = re.compile(r"P[1-9][0-9]*[YMWD]\Z")


@budget(default=2000, deadline_ms=2000)
@given(st.one_of(st.text(), st.lists(st.sampled_from(PHRASE_WORDS), max_size=8).map(" ".join)),
       st.none() | st.dates(date(1, 1, 1), date(9999, 12, 31)))
def test_the_timescale_reader_reads_any_text(text: str, plan_date: date | None) -> None:
    ts = parse_timescale(text, plan_date=plan_date)
    assert ts.kind in KINDS and ts.text == text
    assert ts.due is None or isinstance(ts.due, date)
    assert ts.recurs is None or RECURS.match(ts.recurs), ts.recurs
    assert (ts.due is None) == (ts.kind in ("ongoing", "unknown")) or (ts.kind == "immediate" and plan_date is None)
    json.dumps(ts.to_json())
    assert "\n" not in format_timescale_text(ts)


# ---------------------------------------------------------------- 2. the loader and validate

BUNDLED = [(p.name, p.read_bytes()) for p in sorted(SEED_PLANS.glob("*.yaml"))] + \
    [("valid-plan.yaml", (DATA / "valid-plan.yaml").read_bytes())]
_SCALAR_LINE = re.compile(rb"^( *(?:- )?)([a-z_]+): (.+)$", re.MULTILINE)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A bundled plan with one to three mutations, as a tester would make them by hand."""
    name, data = draw(st.sampled_from(BUNDLED))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "swap", "duplicate", "delete", "endings",
                                     "indent"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "truncate":
            data = data[:at]
        elif kind == "flip":
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
        elif kind == "insert":
            piece = draw(st.sampled_from(HOSTILE + TRICKY)).encode("utf-8")
            data = data[:at] + piece + data[at:]
        elif kind == "swap":  # a scalar for a list or a mapping
            lines = list(_SCALAR_LINE.finditer(data))
            if lines:
                m = draw(st.sampled_from(lines))
                value = draw(st.sampled_from([b"[" + m.group(3) + b"]", b"{x: " + m.group(3) + b"}", b"[]", b"~"]))
                data = data[:m.start(3)] + value + data[m.end(3):]
        else:
            lines = data.split(b"\n")
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            if kind == "duplicate":
                lines.insert(i, lines[i])
            elif kind == "delete":
                del lines[i]
            elif kind == "indent":
                lines[i] = b" " * draw(st.integers(1, 4)) + lines[i] if draw(st.booleans()) else lines[i][2:]
            else:
                brk = draw(st.sampled_from(["\r\n", *ODD_BREAKS])).encode("utf-8")
                data = brk.join(lines) if draw(st.booleans()) else b"\n".join(lines[:i]) + brk + b"\n".join(lines[i:])
                continue
            data = b"\n".join(lines)
    return f"plans/{name}", data


def assert_located(findings: list, file: str, data: bytes) -> None:
    """Every finding names the file, at a line and column inside it, on one printable line."""
    lines = split_lines(data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")) or [""]
    for f in findings:
        assert f.file == file
        assert 1 <= f.line <= len(lines), f
        assert 1 <= f.col <= len(lines[f.line - 1]) + 1, f
        shown = f.format()
        assert printable(shown) == shown and "\n" not in shown, shown


@budget(default=300, deadline_ms=5000)
@given(mutated())
def test_broken_plans_give_findings_inside_the_file(case: tuple[str, bytes]) -> None:
    file, data = case
    results = Loader().load([(file, data)])
    findings = validate.check(results, AS_OF)
    assert_located(findings, file, data)
    if results[0].plan is None:
        assert any(f.severity == "error" for f in findings)  # a file that gave no plan always says why


# ---------------------------------------------------------------- 3. the edit pipeline

NOTE_TEXT = st.one_of(
    texts([*TRICKY, "\n", "line one\nline two", "  indented", "trailing  ", "ends with a line break\n"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40),
    st.text(st.sampled_from("ab #:-|'\"é漢\n"), min_size=500, max_size=3000),  # very long
)


def _model(data: bytes, file: str) -> dict[str, object]:
    """The plan as export gives it, without line numbers (an edit moves what follows it)."""
    result = Loader().load([(file, data)])[0]
    assert result.plan is not None, result.findings
    doc = export_document([result.plan])
    for rec in doc["plans"][0]["recommendations"]:  # type: ignore[index]
        for act in rec["actions"]:
            del act["line"]
    return doc


def _day(text: str) -> date:
    """A note's date as export writes it: 'YYYY-MM-DD', or 'YYYY-MM' for a month (its last day counts)."""
    if len(text) == 7:
        following = date(int(text[:4]) + (text[5:] == "12"), int(text[5:]) % 12 + 1, 1)
        return following - timedelta(days=1)
    return date.fromisoformat(text)


def _removed_lines(old: Path, new: Path) -> tuple[list[bytes], list[bytes]]:
    """(removed, added) lines as `git diff` shows them."""
    proc = subprocess.run(["git", "diff", "--no-index", "--no-color", "-U0", "--", str(old), str(new)],
                          capture_output=True, check=False, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1",
                                                                 "GIT_CONFIG_GLOBAL": os.devnull})
    assert proc.returncode in (0, 1), proc.stderr
    body = [line for line in proc.stdout.split(b"\n") if not line.startswith((b"---", b"+++", b"diff ", b"index "))]
    return [x[1:] for x in body if x.startswith(b"-")], [x[1:] for x in body if x.startswith(b"+")]


# git on every example of the default run; in a campaign on every tenth (ACTIONTRACK_FUZZ_GIT_EVERY).
GIT_EVERY = int(os.environ.get("ACTIONTRACK_FUZZ_GIT_EVERY", "10" if CAMPAIGN else "1"))
_runs = [0]


@budget(default=100, deadline_ms=10000)
@given(plan_texts(), NOTE_TEXT, st.integers(0, (AS_OF - PLAN_DATE).days), st.data())
def test_a_note_adds_exactly_the_note(tmp_path_factory: pytest.TempPathFactory, plan: tuple[str, bytes], text: str,
                                      days: int, data: st.DataObject) -> None:
    plan_id, before = plan
    folder = tmp_path_factory.mktemp("plans", numbered=True)
    path = folder / f"{plan_id}.yaml"
    path.write_bytes(before)
    file = str(path)
    old = _model(before, file)
    actions = [a["id"] for r in old["plans"][0]["recommendations"] for a in r["actions"]]  # type: ignore[index]
    action_id = data.draw(st.sampled_from(actions))
    on = PLAN_DATE + timedelta(days=days)
    ctx = EditContext(folder, "Fuzz Tester", on, AS_OF, loader=Loader())
    cleaned = text.replace("\r\n", "\n")
    refused_text = not cleaned.strip() or any(printable(line) != line for line in cleaned.split("\n"))
    odd = any(b.encode("utf-8") in before.removeprefix(b"\xef\xbb\xbf") for b in ODD_BREAKS[1:]) or \
        re.search(rb"\r(?!\n)", before) is not None
    try:
        note(ctx, f"{plan_id}:{action_id}", text)
    except UsageError:
        assert refused_text
        assert path.read_bytes() == before
        return
    except RefusedError as exc:
        assert odd and not refused_text, exc  # only a line break git cannot read stops a note on a valid plan
        assert path.read_bytes() == before
        assert exc.findings and exc.findings[0].code == "AT010"
        return
    assert not refused_text  # (a file with odd breaks is edited when the new lines follow an LF, or end it)
    after = path.read_bytes()
    expected = old
    for rec in expected["plans"][0]["recommendations"]:  # type: ignore[index]
        for act in rec["actions"]:
            if act["id"] == action_id:
                index = sum(1 for n in act["notes"] if _day(n["date"]) <= on)
                act["notes"].insert(index, {"date": on, "by": "Fuzz Tester", "text": cleaned,
                                            "status": None, "extra": {}})
    assert json.loads(json.dumps(_model(after, file), default=str)) == json.loads(json.dumps(expected, default=str))
    _runs[0] += 1
    if _runs[0] % GIT_EVERY:
        return
    previous = folder / "before.yaml.old"
    previous.write_bytes(before)
    removed, added = _removed_lines(previous, path)
    # Only added lines; a last line without a line break gains one, which git shows as -/+ of that line.
    # Only added lines, but for the two changes a note must make to an existing line (docs/editing.md):
    # an empty flow list `notes: []` becomes `notes:` above the new item, and a last line without a
    # line break gains one (git shows each as that line removed and added again).
    last = before.split(b"\n")[-1]
    for line in removed:
        emptied = line.rstrip(b"\r").endswith(b": []") and line.rstrip(b"\r")[:-3] in [a.rstrip(b"\r") for a in added]
        gained = line == last and not before.endswith(b"\n") and (last in added or last + b"\r" in added)
        assert emptied or gained, (removed, added)
    assert added


# ---------------------------------------------------------------- 4. the renderers

_SGR = re.compile(r"\x1b\[[0-9;]*m")
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _check_text(out: str, what: str, terminal: bool = False) -> None:
    shown = _SGR.sub("", out) if terminal else out
    raw = _RAW.search(shown)
    assert raw is None, (what, raw, shown[max(raw.start() - 40, 0):raw.end() + 40] if raw else "")


def _check_json(out: str, what: str) -> None:
    for line in out.splitlines() if what.endswith("jsonl") else [out]:
        json.loads(line)
    _check_text(out, what)


def _check_cells(out: str, what: str) -> None:
    tsv = what.endswith("tsv")  # TSV cells are one line, never quoted: split on tabs, as a spreadsheet does
    rows = [line.split("\t") for line in out.splitlines()] if tsv else list(csv.reader(io.StringIO(out)))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(_FORMULA), (what, cell)
    _check_text(out, what)


def _check_markdown(out: str, what: str) -> None:
    assert "<" not in out, (what, out)  # no HTML: plan text's < > & are entities
    assert not re.search("@(?!\u200b)", out), (what, out)  # no @mention notifies anyone
    assert not re.search(r"(?<!\\)\]\(", out), (what, out)  # no link: a bracket from plan text is escaped
    _check_text(out, what)


def _check(fmt: str, out: str, what: str, terminal: bool = False) -> None:
    """The check for one output format."""
    if fmt in ("json", "jsonl"):
        _check_json(out, f"{what} {fmt}")
    elif fmt in ("tsv", "csv"):
        _check_cells(out, f"{what} {fmt}")
    elif fmt == "markdown":
        _check_markdown(out, what)
    else:
        _check_text(out, what, terminal)


@budget(default=60, deadline_ms=20000)
@given(plan_texts(text=texts(HOSTILE + TRICKY), odd_breaks=False))
def test_plan_text_is_data_in_every_format(plan: tuple[str, bytes]) -> None:
    from actiontrack.query import listings, states
    from actiontrack.query.diff import DiffResult, compare, side_of
    from actiontrack.query.export import export_lines
    from actiontrack.query.summary import Basis, build_summary
    from actiontrack.query.textconv import textconv
    from actiontrack.render.findings import render_findings
    from actiontrack.render.output import write_export
    from actiontrack.render.review import render_diff
    from actiontrack.render.summary import render_summary
    from actiontrack.render.tables import render_document, render_table

    plan_id, data = plan
    file = f"plans/{plan_id}.yaml"
    result = Loader().load([(file, data)])[0]
    assume(result.plan is not None)
    p = result.plan
    rows = states.states([p], AS_OF)
    tables = {"overdue": listings.overdue_table(states.overdue([p], AS_OF), AS_OF),
              "due": listings.due_table(states.due_within([p], PLAN_DATE, AS_OF), PLAN_DATE, AS_OF),
              "show": listings.show_table(p, rows, AS_OF), "list": listings.list_table([p], AS_OF)}
    for name, table in tables.items():
        for fmt, terminal in (("table", True), ("table", False), ("tsv", False), ("csv", False), ("json", False),
                              ("markdown", False)):
            out = io.StringIO()
            render_table(table, fmt, out, terminal=terminal, color=terminal, width=100)
            _check(fmt, out.getvalue(), f"{name} {fmt}{' terminal' if terminal else ''}", terminal)
    for fmt, terminal in (("table", True), ("table", False), ("markdown", False)):
        out = io.StringIO()
        render_document(listings.show_sections(p, rows, AS_OF), fmt, out, terminal=terminal, color=terminal, width=100)
        _check(fmt, out.getvalue(), "show document", terminal)
    _check("text", textconv(data, result), "textconv")
    for fmt in ("json", "jsonl"):
        out = io.StringIO()
        write_export(fmt, export_document([p]), list(export_lines([p])), out)
        _check(fmt, out.getvalue(), "export")
    findings = validate.check([result], AS_OF)
    for fmt in ("text", "github", "json"):
        out = io.StringIO()
        render_findings(findings, fmt, out, 1)
        _check(fmt, out.getvalue(), f"findings {fmt}")
    report = build_summary([p], {}, AS_OF, AS_OF - timedelta(days=365 * 3), Basis("notes", reason="fuzz"))
    changes, problems = compare(side_of([]), side_of([result]))
    diff = DiffResult("a" * 40, "b" * 40, tuple(changes), tuple(problems))
    for fmt in ("markdown", "text", "json"):
        out = io.StringIO()
        render_summary(report, fmt, out, color=fmt == "text", terminal=fmt == "text", width=100)
        _check(fmt, out.getvalue(), f"summary {fmt}", terminal=True)
        out = io.StringIO()
        render_diff(diff, fmt, out, color=fmt == "text", terminal=fmt == "text", width=100)
        _check(fmt, out.getvalue(), f"diff {fmt}", terminal=True)
