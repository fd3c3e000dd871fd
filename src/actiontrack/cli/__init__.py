"""Stage 5, the command line: the only package that imports typer.

Each command parses its options, calls one library function (actiontrack.api), renders the value
and exits. Command bodies import what they use, so that `--help` loads neither the YAML parser
nor rich. app (the Typer app) <- reading, writing, review (the commands) <- options (shared).
"""

from __future__ import annotations

import os
import sys

from actiontrack.cli.app import app, app_for
from actiontrack.errors import ExitCode

# Importing a command module registers its commands; --help lists them in this order.
# isort: off
from actiontrack.cli import reading  # noqa: F401
from actiontrack.cli import writing  # noqa: F401
from actiontrack.cli import importing  # noqa: F401
from actiontrack.cli import review  # noqa: F401
# isort: on


def main() -> None:
    """Console-script entry point: no Python traceback ever reaches the user."""
    try:
        safe_streams()
        try:
            app_for(sys.argv[1:])()
        finally:
            # The last of the output is written here, after the command returned: a reader that
            # closed the pipe (`| head`) makes this fail, and that is no error.
            sys.stdout.flush()
    except BrokenPipeError:
        from actiontrack.cli.options import closed_pipe

        sys.exit(closed_pipe())
    except KeyboardInterrupt:
        sys.stderr.write("actiontrack: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, without plan contents or locals
        if os.environ.get("ACTIONTRACK_DEBUG"):
            raise
        sys.stderr.write(f"actiontrack: internal error ({type(exc).__name__}); "
                         "set ACTIONTRACK_DEBUG=1 to see the traceback\n")
        sys.exit(ExitCode.INTERNAL)


ESCAPE = "actiontrack-escape"


def _escape(error: UnicodeError) -> tuple[str, int]:
    """What a stream cannot encode, written as JSON escapes (`\\u00e9`, a pair for U+10000 and above):
    valid inside a JSON string, readable elsewhere, and never an exception."""
    assert isinstance(error, UnicodeEncodeError)
    out = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


def safe_streams() -> None:
    """Standard output and error that never fail on a character, whatever the locale says.

    An ASCII locale (or PYTHONIOENCODING=ascii) gets UTF-8, as Click's own echo does; any other
    encoding keeps its name, and what it cannot encode is escaped (_escape) rather than raising
    UnicodeEncodeError (exit 70) halfway through an answer.
    """
    import codecs

    codecs.register_error(ESCAPE, _escape)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            ascii_only = codecs.lookup(stream.encoding or "utf-8").name == "ascii"
        except LookupError:
            ascii_only = True
        reconfigure(**({"encoding": "utf-8"} if ascii_only else {}), errors=ESCAPE)


__all__ = ["app", "main"]
