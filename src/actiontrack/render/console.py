"""The one console factory and the one colour policy: every terminal output goes through here.

Only the render stage imports rich, and only inside these functions: a command that writes
JSON or CSV never pays for it.
"""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# Row colours by tone (docs/reading.md): red overdue, amber due soon, green on track,
# blue done, grey dropped; headings bold.
TONE_STYLES = {
    "overdue": "red",
    "due-soon": "dark_orange",
    "on-track": "green",
    "completed": "blue",
    "embedded": "blue",
    "closed": "blue",
    "dropped": "grey50",
    "heading": "bold",
    "problem": "red",
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
