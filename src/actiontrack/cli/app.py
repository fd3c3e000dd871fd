"""The Typer application and its root options; the commands register on it from their modules."""

from __future__ import annotations

import typer

from actiontrack.errors import ExitCode

app = typer.Typer(
    name="actiontrack",
    help="Safeguarding action plans kept as YAML in git: validate them, see what is overdue, "
    "record progress, review changes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # tracebacks could leak plan contents; main() prints one line
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from actiontrack import __version__

        typer.echo(f"actiontrack {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version,
                                 help="Print the version and exit."),
) -> None:
    """Safeguarding action plans kept as YAML in git: validate them, see what is overdue, record progress,
    review changes."""
