"""Stage 5, the command line: the only package that imports typer.

Each command parses its options, calls one library function (actiontrack.api), renders the value
and exits. Command bodies import what they use, so that `--help` loads neither the YAML parser
nor rich. app (the Typer app) <- reading, writing, review (the commands) <- options (shared).
"""

from __future__ import annotations

import os
import sys

from actiontrack.cli.app import app
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
        try:
            app()
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


__all__ = ["app", "main"]
