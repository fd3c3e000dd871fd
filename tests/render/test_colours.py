"""The palette: every state its own colour in 16-colour, 256-colour and truecolor terminals, and the
state word always printed beside it."""

from __future__ import annotations

import io

import pytest

from actiontrack.query.table import ID, WORD, Column, Table
from actiontrack.render.console import TONE_STYLES
from actiontrack.render.tables import render_table

# Every state the palette colours; completed, embedded and closed share the blue of "done".
STATES = ("overdue", "due-soon", "on-track", "undated", "unknown", "completed", "embedded", "closed", "dropped")
TERMINALS = {
    "16 colours": ({"TERM": "xterm"}, {"overdue": "31", "due-soon": "33", "on-track": "32", "undated": "35",
                                       "unknown": "36", "completed": "94", "dropped": "90"}),
    "256 colours": ({"TERM": "xterm-256color"}, {"overdue": "38;5;160", "due-soon": "38;5;172", "on-track": "38;5;34",
                                                 "undated": "38;5;128", "unknown": "38;5;37", "completed": "38;5;33",
                                                 "dropped": "38;5;243"}),
    "truecolor": ({"TERM": "xterm-256color", "COLORTERM": "truecolor"},
                  {"overdue": "38;2;215;0;0", "due-soon": "38;2;215;135;0", "on-track": "38;2;0;175;0",
                   "undated": "38;2;175;0;215", "unknown": "38;2;0;175;175", "completed": "38;2;0;135;255",
                   "dropped": "38;2;118;118;118"}),
}


def coloured_rows(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> dict[str, str]:
    """The SGR parameters each state's row is printed with, on a terminal of that kind."""
    monkeypatch.delenv("COLORTERM", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    table = Table((Column("id", "Id", ID), Column("state", "State", WORD)),
                  [{"id": str(i), "state": s} for i, s in enumerate(STATES)], list(STATES))
    out = io.StringIO()
    render_table(table, "table", out, terminal=True, color=True, width=40)
    rows = {}
    for line in out.getvalue().splitlines():
        if line.startswith("\x1b[") and line.endswith("\x1b[0m"):
            params, text = line[2:-4].split("m", 1)
            if text.split()[-1] in STATES:
                rows[text.split()[-1]] = params
    return rows


@pytest.mark.parametrize("kind", sorted(TERMINALS))
def test_each_state_has_its_own_colour(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    env, expected = TERMINALS[kind]
    rows = coloured_rows(monkeypatch, env)
    assert rows == {**expected, "embedded": expected["completed"], "closed": expected["completed"]}
    distinct = {rows[s] for s in STATES if s not in ("embedded", "closed")}
    assert len(distinct) == 7  # overdue and due-soon above all: amber never rounds to red


def test_no_color_keeps_the_words_and_drops_the_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    table = Table((Column("state", "State", WORD),), [{"state": s} for s in STATES], list(STATES))
    out = io.StringIO()
    render_table(table, "table", out, terminal=True, color=False, width=40)
    text = out.getvalue()
    assert "\x1b[3" not in text and "\x1b[9" not in text
    assert [line for line in text.splitlines()[2:]] == list(STATES)


def test_every_tone_has_a_style() -> None:
    assert set(STATES) | {"title", "heading", "header", "rule", "problem"} == set(TONE_STYLES)
