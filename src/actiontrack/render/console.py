"""The one console factory and the one colour policy: every terminal output goes through here.

Only the render stage imports rich, and only inside these functions: a command that writes
JSON or CSV never pays for it.
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# Row colours by tone (docs/reading.md). Each is a 256-colour palette entry that a truecolor
# terminal shows as is, and that rich brings down to a 16-colour terminal (TERM=xterm) as a
# different basic colour: red 31, amber 33 (never the bright red 91 that orange rounds to),
# green 32, purple 35, teal 36, blue 94, grey 90. tests/render/test_colours.py holds all three.
# The state word is always printed too: colour is never the only sign.
TONE_STYLES = {
    "overdue": "#d70000",  # red
    "due-soon": "#d78700",  # amber
    "on-track": "#00af00",  # green
    "undated": "#af00d7",  # purple: open with no date, never green
    "unknown": "#00afaf",  # teal: not reported
    "completed": "#0087ff",  # blue
    "embedded": "#0087ff",
    "closed": "#0087ff",
    "dropped": "#767676",  # grey, readable on a light and a dark background
    "title": "bold",
    "heading": "bold",
    "header": "bold",
    "rule": "",
    "problem": "bold #d70000",
}


def use_color(stream: IO[str], no_color: bool = False) -> bool:
    """Colour only on a terminal, and never with --no-color or NO_COLOR (https://no-color.org)."""
    return stream.isatty() and not no_color and not os.environ.get("NO_COLOR")


def style_of(tone: str | None) -> str:
    """The rich style for a row's tone ("" for none)."""
    return TONE_STYLES.get(tone or "", "")


def make_console(out: IO[str], *, color: bool, terminal: bool = True, width: int | None = None,
                 soft_wrap: bool = False) -> Console:
    """A rich Console that never reads plan text as markup, emoji or something to highlight."""
    from rich.console import Console

    return Console(file=out, force_terminal=terminal, no_color=not color, width=width, highlight=False,
                   markup=False, emoji=False, soft_wrap=soft_wrap)
