"""The pictures in docs/reading.md: what `overdue`, `show` and `list` look like in a terminal.

Each picture is one command line run through the real command, in-process, on the bundled plans,
with its output going to an 80-column truecolor terminal; rich turns those bytes into an SVG.
Regenerate them all after a change of layout or colour, from the repository's root:

    python3 docs/pictures.py

tests/cli/test_pictures.py fails when a picture is out of date. Each file names the rich version
that drew it: with that version the test compares the SVG byte for byte, with another (a new
rich may draw the same text differently) it compares the text and colours shown.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
WIDTH = 80
PICTURES = {
    "overdue": ["overdue", "--plan", "thurrock-ofsted-2012", "--as-of", "2012-11-15"],
    "show": ["show", "herefordshire-scr-me-2002", "--group", "child protection", "--as-of", "2003-06-20"],
    "list": ["list", "--as-of", "2012-11-15"],
}
# The terminal the pictures show: 80 columns, truecolor, colour on (whatever the caller's NO_COLOR).
TERMINAL = {"COLUMNS": str(WIDTH), "LINES": "1000", "TERM": "xterm-256color", "COLORTERM": "truecolor"}
MARK = "made by docs/pictures.py with rich "


class _Terminal(io.StringIO):
    """Standard output as the command sees a terminal."""

    def isatty(self) -> bool:
        return True


@contextmanager
def _terminal() -> Iterator[_Terminal]:
    saved_env, saved_out, saved_cwd = dict(os.environ), sys.stdout, Path.cwd()
    os.environ.update(TERMINAL)
    for name in ("NO_COLOR", "FORCE_COLOR", "ACTIONTRACK_PLANS"):
        os.environ.pop(name, None)
    sys.stdout = screen = _Terminal()
    os.chdir(ROOT)
    try:
        yield screen
    finally:
        os.chdir(saved_cwd)
        sys.stdout = saved_out
        os.environ.clear()
        os.environ.update(saved_env)


def terminal_bytes(args: list[str]) -> str:
    """What `actiontrack ARGS` writes to the terminal, escape codes and all."""
    import typer.main

    from actiontrack.cli import app

    with _terminal() as screen:
        typer.main.get_command(app).main(args, prog_name="actiontrack", standalone_mode=False)
    return screen.getvalue()


def picture(name: str) -> str:
    """The SVG of one picture."""
    from importlib.metadata import version

    from rich.console import Console
    from rich.text import Text

    args = PICTURES[name]
    console = Console(record=True, width=WIDTH, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                      legacy_windows=False)
    console.print(Text.from_ansi(terminal_bytes(args)), soft_wrap=True)
    svg = console.export_svg(title="actiontrack " + " ".join(f'"{a}"' if " " in a else a for a in args))
    return f"<!-- {MARK}{version('rich')}: python3 docs/pictures.py -->\n{svg}"


def shown(svg: str) -> tuple[list[str], list[str]]:
    """What an SVG shows, whatever rich version drew it: its text runs, and the colours it uses."""
    texts = [re.sub(r"&#160;", " ", t) for t in re.findall(r"<text [^>]*>([^<]*)</text>", svg)]
    return texts, sorted(set(re.findall(r"fill: ?(#[0-9a-f]{6})", svg)))


def main() -> int:
    """Write every picture; with --check, only say which are out of date (exit 1)."""
    check = "--check" in sys.argv[1:]
    stale = []
    for name in PICTURES:
        path = IMAGES / f"{name}.svg"
        svg = picture(name)
        if path.exists() and path.read_text(encoding="utf-8") == svg:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if not check:
            IMAGES.mkdir(exist_ok=True)
            path.write_text(svg, encoding="utf-8")
    verb = "out of date" if check else "written"
    for file in stale:
        print(f"{file} {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
