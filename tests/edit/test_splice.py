"""Line splicing: exact text after each kind of change, quoting that reads back verbatim, and refusals."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from actiontrack.edit.splice import Change, LayoutError, NewEvidence, NewNote, apply_change
from actiontrack.edit.yamltext import format_scalar, scalar_lines
from actiontrack.load.yamlread import read_yaml

D = date(2026, 11, 22)
HEAD = """\
id: p
title: t
organisation: o
source: {kind: other}
date: 2024-02-01
recommendations:
  - id: "1"
    text: r
    actions:
"""


def _doc(actions: str) -> str:
    return HEAD + actions


def _read_back(key: str, text: str) -> object:
    tree, findings = read_yaml(("\n".join(scalar_lines(key, text, 0)) + "\n").encode(), "t.yaml")
    assert findings == []
    return tree[key]  # type: ignore[index]


NASTY = [
    "- leading dash", "-x", "key: value", "ends with colon:", "a #hash", "#starts with hash", "'single'", '"double"',
    "it's", 'say "hi"', "[red]alert[/] [link=http://x]y[/link]", "{brace}", "[1, 2]", "unicode é€𝄞 ✓ 中文",
    "yes", "no", "on", "off", "Y", "null", "~", "true", "1.5", "6.10", "007", "2024-01-01", "2024-01-01 10:00", "10:30",
    " leading space", "trailing space ", "  ", "tab\there", "back\\slash", "%percent", "@at", "`tick", "!bang",
    "&amp", "*star", "? question", ": colon", "|pipe", ">gt", "line\u2028sep", "nel\x85x", "bell\x07",
    "esc\x1b[31mred", "bom\ufeffin", "x" * 500, "a: b # c: d - e", "Completed. Further training plan established",
]


@pytest.mark.parametrize("text", NASTY)
def test_single_line_text_reads_back_verbatim_as_text(text: str) -> None:
    value = _read_back("text", text)
    assert type(value) is str and value == text


MULTI = [
    "line one\nline two", "line one\nline two\n", "ends with two\n\n", "  indented first\nsecond", "a\n\nb",
    "\nleading empty line", "# not a comment\n- not a list\nkey: not a mapping", "tab\tin\nblock",
    "[red]x[/]\n[link=y]z[/link]", "crlf is not\x85allowed\nhere",
]


@pytest.mark.parametrize("text", MULTI)
def test_multi_line_text_reads_back_verbatim(text: str) -> None:
    assert _read_back("text", text) == text


@pytest.mark.parametrize(("text", "written"), [
    ("Guidance issued.", "Guidance issued."),
    ("Report to LSCB ON 5.12.12 & SCCN on 3.12.12", "Report to LSCB ON 5.12.12 & SCCN on 3.12.12"),
    ("hello: world", '"hello: world"'),
    ("a #tag", '"a #tag"'),
    ("- done", '"- done"'),
    ("[red]alert[/]", '"[red]alert[/]"'),
    ('say "hi"', 'say "hi"'),
    ("'quoted'", "\"'quoted'\""),
    ("no", '"no"'),
    ("10:30", '"10:30"'),
    ("tab\there", '"tab\\there"'),
    ("nel\x85x", '"nel\\u0085x"'),
    ("back\\slash \"q\": x", '"back\\\\slash \\"q\\": x"'),
])
def test_format_scalar_plain_only_when_safe(text: str, written: str) -> None:
    assert format_scalar(text) == written


def test_multi_line_text_is_a_literal_block_indented_under_its_key() -> None:
    assert scalar_lines("text", "one\n  two\nthree", 12) == [
        "text: |-", "              one", "                two", "              three"]
    assert scalar_lines("text", "one\n\ntwo\n", 4) == ["text: |", "      one", "", "      two"]
    assert scalar_lines("text", "  starts indented\nx", 0) == ["text: |2-", "    starts indented", "  x"]


ACTION = """\
      - id: "1.1"
        text: a
        owners: [AM]
        timescale: "Sept 24"   # beside
        status: in-progress
        notes:
          # about the first note
          - date: 2024-03-10
            by: AM
            text: First.
          # about the second note
          - date: 2024-05-10
            by: AM
            text: Second.
        # about 1.2
      - id: "1.2"
        text: b
        owners: [AM]
        status: "not-started"
        evidence:
          - date: 2024-04-01
            description: Audit
"""
NOTE = "          - date: 2026-11-22\n            by: AM\n            text: New.\n"


def _expect(original: str, after_line: str, inserted: str) -> str:
    assert original.count(after_line) == 1
    return original.replace(after_line, after_line + inserted)


def test_note_goes_after_the_last_note_and_above_the_next_actions_comment() -> None:
    doc = _doc(ACTION)
    out = apply_change(doc, "1.1", Change(note=NewNote(D, "AM", "New."), note_index=2))
    assert out == _expect(doc, "            text: Second.\n", NOTE)


def test_backdated_note_goes_between_notes_above_the_comment_of_the_later_one() -> None:
    doc = _doc(ACTION)
    out = apply_change(doc, "1.1", Change(note=NewNote(date(2024, 4, 1), "AM", "Between."), note_index=1))
    assert out == _expect(doc, "            text: First.\n",
                          "          - date: 2024-04-01\n            by: AM\n            text: Between.\n")


def test_note_older_than_every_note_goes_first_above_the_first_notes_comment() -> None:
    doc = _doc(ACTION)
    out = apply_change(doc, "1.1", Change(note=NewNote(date(2024, 1, 1), "AM", "Oldest."), note_index=0))
    assert out == _expect(doc, "        notes:\n",
                          "          - date: 2024-01-01\n            by: AM\n            text: Oldest.\n")


def test_first_note_goes_before_evidence_and_status_keeps_its_quotes() -> None:
    doc = _doc(ACTION)
    out = apply_change(doc, "1.2", Change(note=NewNote(D, "AM", "Started.", "in-progress"), status="in-progress"))
    expected = doc.replace('        status: "not-started"\n', '        status: "in-progress"\n        notes:\n'
                           "          - date: 2026-11-22\n            by: AM\n            text: Started.\n"
                           "            status: in-progress\n")
    assert out == expected


def test_evidence_is_appended_and_a_new_evidence_list_goes_last() -> None:
    doc = _doc(ACTION)
    out = apply_change(doc, "1.2", Change(evidence=NewEvidence(D, "Second audit")))
    assert out == doc + "          - date: 2026-11-22\n            description: Second audit\n"
    out = apply_change(doc, "1.1", Change(note=NewNote(D, "AM", "New."), note_index=2,
                                          evidence=NewEvidence(D, "Audit")))
    assert out == _expect(doc, "            text: Second.\n", NOTE + "        evidence:\n"
                          "          - date: 2026-11-22\n            description: Audit\n")


def test_due_is_added_after_the_timescale_line_or_replaced_in_place() -> None:
    doc = _doc(ACTION)
    out = apply_change(doc, "1.1", Change(due=date(2025, 3, 31)))
    assert out == _expect(doc, '        timescale: "Sept 24"   # beside\n', "        due: 2025-03-31\n")
    out = apply_change(out, "1.1", Change(due=date(2025, 6, 30)))
    assert out == _expect(doc, '        timescale: "Sept 24"   # beside\n', "        due: 2025-06-30\n")
    out = apply_change(doc, "1.2", Change(due=date(2025, 3, 31)))
    assert out == _expect(doc, "        text: b\n        owners: [AM]\n", "        due: 2025-03-31\n")


def test_the_files_own_list_indentation_is_followed() -> None:
    doc = _doc(textwrap.indent(textwrap.dedent("""\
        - id: "1.1"
          text: a
          owners: [AM]
          status: completed
          notes:
          -   date: 2024-03-10
              by: AM
              text: Indentless list, keys four in.
        - id: "1.2"
          text: b
          owners: [AM]
          status: not-started
    """), "      "))
    out = apply_change(doc, "1.2", Change(note=NewNote(D, "AM", "New.")))
    assert out == doc + "        notes:\n        -   date: 2026-11-22\n            by: AM\n            text: New.\n"


def test_empty_flow_list_becomes_a_block_list() -> None:
    doc = _doc('      - id: "1.1"\n        text: a\n        owners: [AM]\n        status: completed\n'
               "        notes: []  # none yet\n")
    out = apply_change(doc, "1.1", Change(note=NewNote(D, "AM", "New.")))
    assert out == doc.replace("        notes: []  # none yet\n", "        notes:  # none yet\n" + NOTE)


def test_crlf_and_a_missing_final_newline_are_kept() -> None:
    doc = _doc('      - id: "1.1"\n        text: a\n        owners: [AM]\n        status: completed')
    out = apply_change(doc.replace("\n", "\r\n"), "1.1", Change(note=NewNote(D, "AM", "New.")))
    assert out == (doc + "\n        notes:\n" + NOTE).replace("\n", "\r\n")
    out = apply_change(doc, "1.1", Change(note=NewNote(D, "AM", "New.")))
    assert out == doc + "\n        notes:\n" + NOTE


@pytest.mark.parametrize(("actions", "message"), [
    ('      - {id: "1.1", text: a, owners: [AM], status: completed}\n',
     "the action is written in flow style ({...})"),
    ('      - id: "1.1"\n        text: a\n        owners: [AM]\n        status: completed\n'
     "        notes: [{date: 2024-03-10, by: AM, text: x}]\n",
     "its notes are a flow list ([...])"),
    ('      - id: "1.1"\n        text: a\n        owners: [AM]\n        status: |\n          completed\n',
     "its status is not a one-line value"),
])
def test_layouts_that_cannot_take_new_lines_are_refused(actions: str, message: str) -> None:
    with pytest.raises(LayoutError) as exc:
        apply_change(_doc(actions), "1.1", Change(note=NewNote(D, "AM", "x"), status="closed"))
    assert str(exc.value) == message


ONE = '      - id: "1.1"\n        text: a\n        owners: [AM]\n        due: 2024-05-01  # agreed in May\n' \
      "        status: completed\n        completed_on: 2024-04-30\n        rag: green\n"


def test_a_first_move_adds_the_baseline_under_the_due_line_keeping_its_comment() -> None:
    out = apply_change(_doc(ONE), "1.1", Change(due=date(2024, 6, 30), baseline=date(2024, 5, 1)))
    assert out == _doc(ONE.replace("        due: 2024-05-01  # agreed in May\n",
                                   "        due: 2024-06-30  # agreed in May\n        baseline: 2024-05-01\n"))


def test_reopening_removes_the_completed_on_line_and_nothing_else() -> None:
    out = apply_change(_doc(ONE), "1.1", Change(status="in-progress", clear_completed_on=True))
    assert out == _doc(ONE.replace("        status: completed\n        completed_on: 2024-04-30\n",
                                   "        status: in-progress\n"))


def test_a_commented_completed_on_line_is_refused_rather_than_lost() -> None:
    doc = _doc(ONE.replace("completed_on: 2024-04-30\n", "completed_on: 2024-04-30  # from the Board minute\n"))
    with pytest.raises(LayoutError, match="^its completed_on is not a line of its own$"):
        apply_change(doc, "1.1", Change(status="in-progress", clear_completed_on=True))


def test_a_recommendation_with_no_actions_takes_a_note_as_its_action() -> None:
    doc = HEAD.replace("    actions:\n", "    owners: [AM]\n    status: unknown\n")
    out = apply_change(doc, "1", Change(note=NewNote(D, "AM", "Reported."), status="in-progress"))
    assert out == doc.replace("    status: unknown\n", "    status: in-progress\n    notes:\n" + textwrap.indent(
        "- date: 2026-11-22\n  by: AM\n  text: Reported.\n", "      "))
