"""One minimal reproducer per class of the hostile-input report (issue 18), each with the exact answer now."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app
from actiontrack.render.tables import plain_table

from support import DATA

VALID = (DATA / "valid-plan.yaml").read_text(encoding="utf-8")
AS_OF = ["--as-of", "2026-11-22"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


# ---------------------------------------------------------------- entries no command may trip over

ODD = {
    "loop": (lambda p: (os.symlink("loop-b.yaml", p), os.symlink(p.name, p.parent / "loop-b.yaml")),
             "is a symbolic link loop: nothing was read from it"),
    "zero": (lambda p: os.symlink("/dev/zero", p),
             "is a device: plan files must be regular files; nothing was read from it"),
    "fifo": (os.mkfifo, "is a named pipe (FIFO): plan files must be regular files; nothing was read from it"),
    "folder": (os.mkdir, "is a folder, not a plan file"),
    "folder-link": (lambda p: os.symlink(".", p), "is a folder, not a plan file"),
    "dangling": (lambda p: os.symlink("gone.yaml", p), "is a symbolic link to 'gone.yaml', which does not exist"),
}


@pytest.mark.parametrize("kind", sorted(ODD))
def test_an_odd_entry_is_one_located_finding_and_never_stops_the_others(plans: Path, kind: str) -> None:
    make, message = ODD[kind]
    make(plans / "odd.yaml")
    started = time.monotonic()
    code, out, err = run("validate")
    lines = [f"plans/odd.yaml:1:1: error AT003 {message}"]
    if kind == "loop":
        lines.insert(0, f"plans/loop-b.yaml:1:1: error AT003 {message}")
    errors = "1 error" if len(lines) == 1 else f"{len(lines)} errors"
    assert (code, out, err) == (1, "".join(line + "\n" for line in lines),
                                f"{len(lines) + 1} files checked: {errors}, 0 warnings\n")
    code, out, err = run("overdue", "--format", "json", *AS_OF)
    assert code == 1 and [r["action"] for r in json.loads(out)["rows"]] == ["1.2"]
    assert err.startswith("actiontrack: Incomplete answer: ") and f"plans/odd.yaml: not read, 1 error; the first, " \
        f"line 1: AT003 {message}" in err
    code, out, _ = run("textconv", "plans/odd.yaml")  # git would never pass one, but a person may
    assert (code, out) == (0, f"! 1:1: error AT003 {message}\n")
    assert time.monotonic() - started < 20  # a FIFO never blocks, /dev/zero is never read


def test_an_odd_entry_named_as_an_argument_is_a_finding_too(plans: Path) -> None:
    os.mkfifo(plans / "pipe.yaml")
    assert run("validate", "plans/pipe.yaml")[:2] == (1, "plans/pipe.yaml:1:1: error AT003 is a named pipe (FIFO): "
                                                         "plan files must be regular files; nothing was read from it\n")
    assert run("validate", "plans/missing.yaml")[::2] == (3, "actiontrack: no such file or folder: plans/missing.yaml\n")


def test_edits_refuse_an_entry_that_is_not_a_regular_file(plans: Path) -> None:
    os.mkfifo(plans / "pipe-plan.yaml")
    code, _, err = run("note", "pipe-plan:1.1", "x", "--by", "JB", *AS_OF)
    assert (code, err) == (4, "actiontrack: cannot read plans/pipe-plan.yaml: is a named pipe (FIFO): plan files must "
                              "be regular files; nothing was read from it; nothing was written\n")


def test_a_file_over_the_limit_is_refused_unread(plans: Path) -> None:
    (plans / "big.yaml").write_bytes(b"#" * (3 * 1024 * 1024))
    assert run("validate", "plans/big.yaml")[1] == ("plans/big.yaml:1:1: error AT005 file is 3,145,728 bytes, over "
                                                    "the 2,097,152-byte limit for a plan: split it\n")


# ---------------------------------------------------------------- what reaches the terminal

def test_a_cr_in_a_key_cannot_forge_a_finding(plans: Path) -> None:
    (plans / "valid-plan.yaml").write_text('"k\\rplans/p.yaml:1:1: error AT000 forged": x\n' + VALID, encoding="utf-8")
    code, out, _ = run("validate")
    assert code == 1 and out.splitlines()[0] == (
        "plans/valid-plan.yaml:1:1: error AT101 unknown key 'k\ufffdplans/p.yaml:1:1: error AT000 forged' in the "
        "plan (known: id, title, organisation, source, date, published, version, completed_by, people, groups, "
        "rag_scale, reaudit, recommendations; extension keys start with x-)")


def test_a_key_ending_in_a_line_break_keeps_its_finding_on_one_line(plans: Path) -> None:
    (plans / "valid-plan.yaml").write_text("? |\n  notes\n: x\n" + VALID, encoding="utf-8")
    assert run("validate")[1].splitlines()[0] == ("plans/valid-plan.yaml:1:3: error AT101 unknown key 'notes\ufffd' "
                                                  "in the plan (known: id, title, organisation, source, date, published, "
                                                  "version, completed_by, people, groups, rag_scale, reaudit, "
                                                  "recommendations; extension keys start with x-)")


@pytest.mark.parametrize("fmt", ["github", "text"])
def test_findings_quote_plan_text_printable_in_every_format(plans: Path, fmt: str) -> None:
    text = VALID.replace("owners: [JB]", 'owners: ["\\e]8;;https://evil.example/\\e\\\\ZZ"]')
    (plans / "valid-plan.yaml").write_text(text.replace("timescale: \"Sept 24\"", 'timescale: "\\e[2JSept"'),
                                           encoding="utf-8")
    code, out, _ = run("validate", "--format", fmt)
    assert code == 0 and "\x1b" not in out
    assert "owner '\ufffd]8;;https://evil.example/\ufffd\\ZZ' looks like initials" not in out  # (not initials)
    assert "timescale '\ufffd[2JSept' is not a date" in out


def test_textconv_shows_an_unparsable_file_line_by_line_and_printable(plans: Path) -> None:
    (plans / "broken.yaml").write_bytes("id: [x\rtitle: \x1b[2J\x85next\n".encode())
    assert run("textconv", "plans/broken.yaml")[1] == (
        "! 2:8: error AT001 YAML syntax error: unacceptable character #x001b: control characters are not allowed\n"
        "id: [x\ntitle: \ufffd[2J\nnext\n")


def test_messages_on_stderr_are_printable(plans: Path) -> None:
    code, _, err = run("note", "valid-plan:9\x1b[31m9", "x", "--by", "JB", *AS_OF)
    assert (code, err) == (3, "actiontrack: no action '9\ufffd[31m9' in plan valid-plan (its actions include: 1.1, 1.2, 2.1, 2.2)\n")
    code, _, err = run("overdue", "--format", "x\x1b]8;;")
    assert code == 2 and "\x1b" not in err
    code, out, _ = run("timescale", "Sept 03\x1b[2J")
    assert (code, out) == (0, "Sept 03\ufffd[2J -> date 2003-09-30\n") or "\x1b" not in out


def test_show_in_a_terminal_prints_headings_printable(plans: Path) -> None:
    import io

    from actiontrack.load.loader import Loader
    from actiontrack.query import listings, states
    from actiontrack.render.tables import render_document

    text = VALID.replace("title: Test review action plan", 'title: "\\e]8;;https://evil.example/\\e\\\\Plan\\a\\b"')
    plan = Loader().load([("plans/valid-plan.yaml", text.encode("utf-8"))])[0].plan
    assert plan is not None
    out = io.StringIO()
    day = states.date(2026, 11, 22)
    render_document(listings.show_sections(plan, states.states([plan], day), day), "table", out,
                    terminal=True, color=True, width=100)
    shown = out.getvalue()
    assert "\ufffd]8;;https://evil.example/\ufffd\\Plan\ufffd\ufffd" in shown
    assert not __import__("re").sub(r"\x1b\[[0-9;]*m", "", shown).count("\x1b")


# ---------------------------------------------------------------- output formats that must stay parseable

def test_a_file_name_that_is_not_utf8_gives_valid_json_everywhere(plans: Path) -> None:
    (plans / "caf\udce9.yaml").write_text(VALID.replace("id: valid-plan", "id: other-plan"), encoding="utf-8")
    for args in (["validate", "--format", "json"], ["overdue", "--format", "json", *AS_OF], ["list", "--format", "json"],
                 ["export"]):
        code, out, err = run(*args)
        assert "plans/caf\\\\xe9.yaml" in out, args  # the byte as \xe9, inside a JSON string
        json.loads(out)
    assert run("validate")[1].startswith("plans/caf\\xe9.yaml:2:1: error AT203 file name 'caf\\xe9.yaml'")


def test_json_escapes_what_a_terminal_would_obey(plans: Path) -> None:
    (plans / "valid-plan.yaml").write_text(VALID.replace("text: Audit case files.", 'text: "a\\x9bb\\Nc\\Ld"'),
                                           encoding="utf-8")
    out = run("overdue", "--format", "json", *AS_OF)[1]
    assert '"text": "a\\u009bb\\u0085c\\u2028d"' in out and json.loads(out)["rows"][0]["text"] == "a\x9bb\x85c\u2028d"


def test_the_plain_table_does_not_pad_rows_to_a_huge_cell() -> None:
    from actiontrack.query.table import Column, Table

    table = Table((Column("a", "A"), Column("b", "B")), [{"a": "x" * 100_000, "b": "1"}, {"a": "y", "b": "2"}])
    assert plain_table(table).splitlines()[1:] == ["x" * 100_000 + "  1", "y  2"]


# ---------------------------------------------------------------- bounds

@pytest.mark.parametrize(("text", "finding"), [
    ("x: " + "[" * 600 + "]" * 600 + "\n", "1:53: error AT009 nesting deeper than 50 levels: a plan needs 7; nothing was "
                                           "read past here"),
    ("".join(f"k{i}: 1\n" for i in range(2000)), "1001:1: error AT009 more than 1,000 keys in one mapping: no mapping "
                                                 "of a plan has this many; nothing was read past here"),
    ("x:\n" + "- 1\n" * 20_000, "10002:3: error AT009 more than 10,000 items in one list: no list of a plan has this "
                                "many; nothing was read past here"),
])
def test_past_a_bound_one_located_finding_quickly(plans: Path, text: str, finding: str) -> None:
    (plans / "valid-plan.yaml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    assert run("validate")[1] == f"plans/valid-plan.yaml:{finding}\n"
    assert time.monotonic() - started < 10


def test_a_thousand_problems_are_enough(plans: Path) -> None:
    (plans / "valid-plan.yaml").write_text("recommendations:\n" + "- {a: 1}\n" * 5000, encoding="utf-8")
    lines = run("validate")[1].splitlines()
    assert len(lines) == 1001
    assert [line for line in lines if "AT009" in line] == [
        "plans/valid-plan.yaml:250:3: error AT009 1,000 problems found by here: fix these first (the rest of the file "
        "was not checked)"]


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!binary", "!!omap", "!!set", "!!int", "!foo"])
def test_every_tag_but_str_is_refused(plans: Path, tag: str) -> None:
    (plans / "valid-plan.yaml").write_text(VALID.replace("title: Test", f"title: {tag} Test", 1), encoding="utf-8")
    code, out, _ = run("validate")
    assert (code, out) == (1, f"plans/valid-plan.yaml:2:8: error AT007 tag {tag} refused: plain YAML only (write the "
                              "value as text)\nplans/valid-plan.yaml:1:1: error AT102 missing required field 'title' in "
                              "the plan\n".replace("\nplans", "\n" + "plans", 1)) or code == 1


def test_str_tags_are_text(plans: Path) -> None:
    (plans / "valid-plan.yaml").write_text(VALID.replace("title: Test", "title: !!str Test", 1), encoding="utf-8")
    assert run("validate")[0] == 0


# ---------------------------------------------------------------- line endings and positions

@pytest.mark.parametrize(("brk", "name"), [("\r", "a lone carriage return (CR)"), ("\x85", "a next-line character "
                                           "(NEL, U+0085)"), ("\u2028", "a line separator (LS, U+2028)")])
def test_an_edit_refuses_line_breaks_git_does_not_read(plans: Path, brk: str, name: str) -> None:
    path = plans / "valid-plan.yaml"
    path.write_bytes(VALID.replace("\n", brk).encode("utf-8"))
    before = path.read_bytes()
    assert run("validate")[1] == (f"plans/valid-plan.yaml:1:42: warning AT010 line 1 ends with {name} (and 74 more): "
                                  "YAML reads it as a line break, but git and YAML 1.2 readers do not, so they number "
                                  "lines differently and actiontrack cannot add lines after it; replace it with a line "
                                  "feed\n")
    code, _, err = run("note", "valid-plan:1.2", "x", "--by", "JB", *AS_OF)
    assert (code, err) == (4, f"plans/valid-plan.yaml:52:28: error AT010 line 52 ends with {name}, which git does not "
                              "read as a line break: new lines after it would not be lines of their own in git; replace "
                              "it with a line feed\nactiontrack: plans/valid-plan.yaml: cannot add lines to action '1.2' "
                              "after line 52 (above): nothing was written\n")
    assert path.read_bytes() == before
    assert run("status", "valid-plan:2.1", "completed", "--by", "JB", *AS_OF)[0] == 4


def test_a_file_ending_inside_a_flow_list_is_located_on_its_last_line(plans: Path) -> None:
    (plans / "valid-plan.yaml").write_text("id: valid-plan\nowners: [JB", encoding="utf-8")
    assert run("validate")[1] == ("plans/valid-plan.yaml:2:12: error AT001 YAML syntax error: did not find expected "
                                  "',' or ']' (while parsing a flow sequence)\n")


def test_a_line_break_in_a_file_name_keeps_its_finding_on_one_line(plans: Path) -> None:
    (plans / "new\nline.yaml").write_text(VALID, encoding="utf-8")
    lines = run("validate")[1].splitlines()
    assert lines[0].startswith("plans/new\ufffdline.yaml:2:1: error AT203 file name 'new\ufffdline.yaml' does not "
                               "match plan id 'valid-plan'")


def test_edits_refuse_a_link_loop_named_after_its_plan(plans: Path) -> None:
    """Path.resolve() raises RuntimeError on a loop (exit 70 once): the edit reads it first, and refuses."""
    os.symlink("loop-plan.yaml", plans / "loop-plan.yaml")
    code, _, err = run("note", "loop-plan:1.1", "x", "--by", "JB", *AS_OF)
    assert (code, err) == (4, "actiontrack: cannot read plans/loop-plan.yaml: is a symbolic link loop: nothing was "
                              "read from it; nothing was written\n")
    code, _, err = run("new", "loop-plan", "--title", "T", "--organisation", "O", *AS_OF)
    assert (code, err) == (4, "actiontrack: plans/loop-plan.yaml already exists: nothing was written\n")
    assert os.readlink(plans / "loop-plan.yaml") == "loop-plan.yaml"


def test_the_diff_of_a_large_file_compares_only_what_changed() -> None:
    """A note on a plan with a million comment lines took 220 MB to diff whole, and difflib, taking the
    comment lines for junk, gave a hunk of 500,000 lines; now three lines of context each side."""
    from actiontrack.edit.pipeline import unified_diff

    before = "id: x\n" + "#\n" * 500_000 + "notes:\n  - a\n" + "#\n" * 500_000
    after = before.replace("  - a\n", "  - a\n  - b\n")
    assert unified_diff(before, after, "p.yaml") == ("--- a/p.yaml\n+++ b/p.yaml\n@@ -500001,6 +500001,7 @@\n #\n"
                                                     "  notes:\n   - a\n+  - b\n #\n #\n #\n".replace("  notes", " notes"))
    assert unified_diff(before, before, "p.yaml") == ""


def test_a_control_character_after_multibyte_text_is_located_where_it_is(plans: Path) -> None:
    """Found by the campaign: libyaml gives a reader error's offset in bytes, and LS is three of them."""
    (plans / "valid-plan.yaml").write_bytes("a: \u2028\u2028\u2028\u2028b\u2028c: x\x01\n".encode())
    assert run("validate")[1] == ("plans/valid-plan.yaml:6:5: error AT001 YAML syntax error: unacceptable character "
                                  "#x0001: control characters are not allowed\n")


def test_json_escapes_del_in_an_otherwise_ascii_document(plans: Path) -> None:
    """Found by the campaign: DEL is ASCII, so the all-ASCII shortcut let it through raw."""
    (plans / "valid-plan.yaml").write_text(VALID.replace("owners: [JB]", 'owners: ["\\x7f"]'), encoding="utf-8")
    out = run("overdue", "--format", "json", *AS_OF)[1]
    assert "\x7f" not in out and '"\\u007f"' in out
