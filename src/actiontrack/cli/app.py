"""The Typer application and its root options; the commands register on it from their modules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer._click.exceptions import ClickException  # Typer 0.26+ vendors Click (the pin in pyproject)
from typer.core import TyperCommand, TyperGroup

from actiontrack.errors import ExitCode
from actiontrack.wording import printable


def printable_lines(text: str) -> str:
    """Text of several lines of ours, each made printable (a user's line break cannot add a line)."""
    return "\n".join(printable(line) for line in text.split("\n"))


class _Commands(TyperGroup):
    """The command group, whose usage errors print the user's words printable.

    Click quotes what was typed ("No such option: ...", "'x' is not one of ...") in its errors;
    an argument holding ESC or a line break would otherwise reach the terminal as it is.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """The root context; an error in the root options is shown printable."""
        try:
            return super().make_context(*args, **kwargs)
        except ClickException as exc:
            exc.message = printable_lines(exc.message)
            raise

    def invoke(self, ctx: Any) -> Any:
        """Run the command; an error in its arguments or options is shown printable."""
        try:
            return super().invoke(ctx)
        except ClickException as exc:
            exc.message = printable_lines(exc.message)
            raise


F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="actiontrack",
    cls=_Commands,
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


class PlainUsage(TyperCommand):
    """A command whose usage line names its arguments in plain words: `note [OPTIONS] ACTION_REF TEXT`.

    Typer writes a required argument as `{ACTION_REF}`; Click, and every manual page, as `ACTION_REF`.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage pieces, each required argument without Typer's braces."""
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


def command(name: str | None = None, *, short_help: str | None = None,
            cls: type[PlainUsage] = PlainUsage) -> Callable[[F], F]:
    """Register a command on the app, with plain usage words.

    `short_help` is its line in `actiontrack --help`, kept short enough for 80 columns (Click cuts a
    longer first sentence with "...").
    """
    register: Callable[[F], F] = app.command(name, cls=cls, short_help=short_help)
    return register


def app_for(args: list[str]) -> typer.Typer:
    """The app to run for these arguments: the whole app, or one holding only the command they name.

    Typer builds every registered command's options (signatures, type hints, converters) before it
    parses a word: about a sixth of a warm `overdue --format json`. When the first argument names
    a command, a copy of the app that holds only that command parses the same words the same way
    (the same root options, the same group and the same command, so the same usage lines, help and
    errors); anything else (`--help`, `--version`, a mistyped command, shell completion) gets the
    whole app, which lists or suggests the other commands.
    """
    import copy
    import os

    if not args or any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return app
    for info in app.registered_commands:
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == args[0]:  # type: ignore[union-attr]
            single = copy.copy(app)
            single.registered_commands = [info]
            return single
    return app
