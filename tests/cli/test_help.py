"""--help in plain words, and option errors in plain English: no Python artefacts on any command."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from actiontrack.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("columns", ["80", "120"])
def test_every_help_is_plain(runner: CliRunner, columns: str) -> None:
    for command in [[], *([c] for c in COMMANDS)]:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": columns})
        assert result.exit_code == 0, command
        for artefact in ("<", "{", "list[", "Value error", "x>=", "<str>", "...]..."):
            assert artefact not in result.stdout, (command, artefact)


def test_the_command_list_fits_80_columns_uncut(runner: CliRunner) -> None:
    out = runner.invoke(app, ["--help"], env={"COLUMNS": "80"}).stdout
    listed = out[out.index("Commands:"):].splitlines()[1:]
    assert [line.split()[0] for line in listed] == list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert all(len(line) <= 80 and not line.endswith("...") for line in listed)


@pytest.mark.parametrize(("command", "usage"), [
    ("note", "actiontrack note [OPTIONS] ACTION_REF TEXT"),
    ("status", "actiontrack status [OPTIONS] ACTION_REF STATUS"),
    ("show", "actiontrack show [OPTIONS] PLAN"),
    ("overdue", "actiontrack overdue [OPTIONS] [PATH]..."),
    ("diff", "actiontrack diff [OPTIONS] [BASE] [HEAD] [-- PATH...]"),
    ("history", "actiontrack history [OPTIONS] ACTION_REF|PLAN"),
    ("import", "actiontrack import [OPTIONS] FILE"),
])
def test_usage_names_arguments_plainly(runner: CliRunner, command: str, usage: str) -> None:
    out = runner.invoke(app, [command, "--help"]).stdout
    assert out.splitlines()[0] == f"Usage: {usage}"


@pytest.mark.parametrize(("args", "message"), [
    (["overdue", "--format", "xlsx"], "--format must be one of table, tsv, csv, json, markdown: got 'xlsx'"),
    (["due", "--format", "jsn"], "--format must be one of table, tsv, csv, json, markdown: got 'jsn'; "
                                 "did you mean 'json'?"),
    (["overdue", "--sort", "colour"], "--sort must be one of days, due, plan, owner: got 'colour'"),
    (["show", "x", "--format", "html"], "--format must be one of table, tsv, csv, json, markdown: got 'html'"),
    (["list", "--width", "20"], "--width must be a whole number, at least 40: got '20'"),
    (["list", "--width", "wide"], "--width must be a whole number, at least 40: got 'wide'"),
    (["validate", "--format", "sarif"], "--format must be one of text, json, github: got 'sarif'"),
    (["timescale", "Sept 03", "--format", "yaml"], "--format must be one of text, json: got 'yaml'"),
    (["export", "--format", "ndjson"], "--format must be one of json, jsonl, xlsx, ics: got 'ndjson'; "
                                      "did you mean 'json'?"),
    (["report", "--format", "docx"], "--format must be one of html, pdf: got 'docx'"),
    (["diff", "--format", "html"], "--format must be one of text, markdown, json: got 'html'"),
    (["diff", "--max-bytes", "3"], "--max-bytes must be a whole number, at least 200: got '3'"),
    (["summary", "--format", "pdf"], "--format must be one of markdown, json, text: got 'pdf'"),
    (["summary", "--width", "1e3"], "--width must be a whole number, at least 40: got '1e3'"),
    (["escalations", "--format", "csv"], "--format must be one of text, markdown, json: got 'csv'"),
    (["history", "x:1.1", "--format", "csv"], "--format must be one of text, json: got 'csv'"),
    (["import", "x.csv", "--organisation", "X", "--table", "0"], "--table must be a whole number, at least 1: got '0'"),
])
def test_option_errors_in_plain_english(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"actiontrack: {message}\n")
