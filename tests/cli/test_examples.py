"""Every example command in the README and docs/ runs in a fresh clone, exits as documented, and prints
what the page shows (a line ending in "…" matches as a prefix; a line "…" alone, any lines).

Pages not run here have their examples checked verbatim elsewhere: ci.md (its workflows and cron
script, test_docs), review.md (test_docs, test_diff_cli), escalations.md (test_escalations_cli),
import.md (its worked example, tests/cli/test_import_cli). The README's `import` lines read the
user's own files: the story gives them the tests' synthetic sources (tests/import_sources.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actiontrack.cli import app

from support import REPO

PAGES = ("README.md", "docs/plan-format.md", "docs/json.md", "docs/reading.md", "docs/summary.md",
         "docs/editing.md")
# Examples whose output belongs to a scenario the page describes rather than the bundled plans:
# they run (and must exit as documented), but their output is not compared.
SCENARIO = {
    "diff main...november-review": "the pull request of tests/cli/test_diff_cli.seed_repo, compared there",
    "status 1.2 completed --note \"Findings reported to the QA sub-group, minute QA/24/31\" --dry-run":
        "a diff that follows notes recorded on earlier days of the page's story",
}
# Commands documented to exit 1: the finding is what they are for.
EXIT_1 = ("--fail-if-any", "tests/data/broken/")
# Who records the edits: the README's reader records under their own name; docs/editing.md's
# officer is AM of the example plan's people key ("export ACTIONTRACK_USER=AM").
USER = {"README.md": "Alex Morgan", "docs/editing.md": "AM"}


@dataclass(frozen=True)
class Example:
    """One example command: where it is, what it runs, and the output the page shows (None: none shown)."""

    page: str
    line: int
    command: str
    shown: tuple[str, ...] | None

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.command}"


def examples() -> list[Example]:
    """Every `actiontrack ...` line in the pages' fenced blocks; synopses (with [OPTIONS]) are not commands."""
    out: list[Example] = []
    for page in PAGES:
        block: str | None = None
        lines = (REPO / page).read_text(encoding="utf-8").splitlines()
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("```"):
                block = line[3:].strip() if block is None else None
                i += 1
                continue
            text = line.removeprefix("$ ")
            # A line after a prompt is a command; so is one in a shell script. Elsewhere it is a synopsis.
            command_line = line.startswith("$ ") or block == "sh"
            if block is not None and text.startswith("actiontrack ") and command_line:
                start = i + 1
                while text.endswith("\\") and i + 1 < len(lines):  # a command continued on the next line
                    i += 1
                    text = text[:-1] + " " + lines[i].strip()
                command = re.split(r"\s(?:>>?|\|)\s", text)[0]  # what actiontrack itself runs
                command = re.sub(r"\s+#.*$", "", command).strip()  # a comment after it
                shown = None
                if line.startswith("$ "):
                    output = []
                    while i + 1 < len(lines) and not lines[i + 1].startswith(("$ ", "```")):
                        i += 1
                        output.append(lines[i])
                    shown = tuple(output) or None
                out.append(Example(page, start, command.removeprefix("actiontrack "), shown))
            i += 1
    return out


def words(command: str) -> list[str]:
    """The command's arguments as bash reads them (quotes, $'...')."""
    proc = subprocess.run(["bash", "-c", f"printf '%s\\0' {command}"], capture_output=True, check=True)
    return proc.stdout.decode("utf-8").split("\0")[:-1]


def matches(shown: tuple[str, ...], got: list[str]) -> bool:
    """Whether the output fits what the page shows: "…" ends a prefix, or alone stands for any lines."""
    if not shown:
        return not got
    head, rest = shown[0], shown[1:]
    if head == "…":
        return any(matches(rest, got[k:]) for k in range(len(got) + 1))
    if not got:
        return False
    ok = got[0].startswith(head[:-1].rstrip()) if head.endswith("…") else got[0] == head
    return ok and matches(rest, got[1:])


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-11-23T09:00:00+0000", "GIT_COMMITTER_DATE": "2026-11-23T09:00:00+0000"}
    proc = subprocess.run(["git", "-c", "user.name=Docs Test", "-c", "user.email=docs@example.org", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh clone of this repository (its history), on a branch `main` holding the files as they are here."""
    dest = tmp_path_factory.mktemp("fresh") / "actiontrack"
    os.environ.pop("GIT_DIR", None)
    subprocess.run(["git", "clone", "-q", str(REPO), str(dest)], check=True)
    git(dest, "checkout", "-q", "-B", "main")
    # What a clone of this tree would hold: its files as they are now, edits not yet committed
    # and new files included (nothing, on a clean checkout such as CI's).
    changed = subprocess.run(["git", "diff", "--name-only", "-z", "HEAD"], cwd=REPO, capture_output=True,
                             check=True).stdout
    new = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "-z"], cwd=REPO,
                         capture_output=True, check=True).stdout
    for name in (changed + new).decode("utf-8").split("\0"):
        if name and (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO / name, dest / name)
        elif name and (dest / name).exists():
            (dest / name).unlink()  # deleted here
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "--allow-empty", "-m", "the working tree under test")
    yield dest


DIRTY: set[Path] = set()  # clones an example may have changed since they were last reset
WRITERS = ("note ", "status ", "reschedule ", "new ", "import ")
# The files the README's `import` examples read: the tests' synthetic sources in the shapes real plans take.
SOURCES = {"tracker.xlsx": "thurrock_xlsx", "action-plan.docx": "nottingham_docx", "export.csv": "excel_csv"}
# Pages whose edit examples are one story, run by the reader in order on one branch (the README:
# "try them in order on a branch ... and `git switch -` back"): each runs after the page's earlier
# edits, so that what it prints (a line number, a status before the change) is what the reader
# sees. The clone was reset before every example, so each ran on the pristine plan; a note added
# before a reschedule moved its line (580 -> 588) and nothing noticed. docs/editing.md's examples
# each start from the example plan as the page shows it, and its diffs show that plan's lines.
# `import` is a section of its own (new files, not edits of the story's plan).
STORIES = ("README.md",)
STORY_EDITS = ("note ", "status ", "reschedule ", "new ")


def reset(clone: Path) -> None:
    """Back to the fresh clone, when the last example wrote (the read-only ones leave it as it was)."""
    if clone in DIRTY:
        git(clone, "checkout", "-q", "-f", "main")
        git(clone, "clean", "-fdq")
        DIRTY.discard(clone)


def story_setup(example: Example, clone: Path) -> None:
    """What the page's story has done before an example: the branch of a pull request, the example plan."""
    if "november-review" in example.command:
        git(clone, "checkout", "-q", "-b", "november-review")
        for edit in examples_of("README.md", ("note ", "status ", "reschedule ")):
            assert CliRunner().invoke(app, words(edit.command), env={"ACTIONTRACK_USER": USER["README.md"]}).exit_code == 0
        git(clone, "commit", "-qam", "November review")
        git(clone, "checkout", "-q", "main")
    if example.command.startswith("import "):
        import import_sources

        name = words(example.command)[1]
        made = getattr(import_sources, SOURCES[name])(clone / name)
        if name == "export.csv":  # the README maps its "Ref" column by hand (`--map "Ref=number"`)
            made.write_bytes(made.read_bytes().replace(b"Rec no;", b"Ref;", 1))
    if example.page == "docs/editing.md" and "example-scr-2024" in " ".join((example.command, *(example.shown or ()))):
        (plan,) = [b for b in fenced(REPO / "docs/plan-format.md", "yaml") if b.startswith("# Synthetic example")][:1]
        for old in (clone / "plans").glob("*.yaml"):
            old.unlink()
        (clone / "plans" / "example-scr-2024.yaml").write_text(plan, encoding="utf-8")


def earlier_in_story(example: Example) -> list[Example]:
    """The edits the page's reader has run before this one (STORIES), in the page's order."""
    if example.page not in STORIES or not example.command.startswith(STORY_EDITS):
        return []
    return [e for e in examples_of(example.page, STORY_EDITS) if e.line < example.line]


def examples_of(page: str, starts: tuple[str, ...]) -> list[Example]:
    return [e for e in examples() if e.page == page and e.command.startswith(starts)]


def fenced(path: Path, lang: str) -> list[str]:
    blocks, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if current is None and line.rstrip("\n") == "```" + lang:
            current = []
        elif current is not None and line.rstrip("\n") == "```":
            blocks.append("".join(current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_the_pages_hold_the_examples_this_test_runs() -> None:
    found = {e.command.split()[0] for e in examples()}
    assert found >= {"overdue", "due", "show", "list", "validate", "escalations", "timescale", "export", "note",
                     "status", "reschedule", "new", "import", "diff", "summary"}
    assert "summary --as-of 2026-11-20" in [e.command for e in examples()]  # the README's past week


def test_the_readme_edits_are_one_story() -> None:
    """Each README edit runs after the ones above it, as its reader runs them."""
    edits = examples_of("README.md", STORY_EDITS)
    assert [e.command.split()[0] for e in edits] == ["note", "status", "reschedule", "new"]
    assert [len(earlier_in_story(e)) for e in edits] == [0, 1, 2, 3]


@pytest.mark.parametrize("example", examples(), ids=str)
def test_every_example_runs_in_a_fresh_clone(example: Example, clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(clone)
    reset(clone)
    if example.command.startswith(WRITERS) or example.page == "docs/editing.md" or "november-review" in example.command:
        DIRTY.add(clone)
    story_setup(example, clone)
    env = {"ACTIONTRACK_USER": USER.get(example.page, "AM")}
    for earlier in earlier_in_story(example):
        assert CliRunner().invoke(app, words(earlier.command), env=env).exit_code == 0, earlier
    result = CliRunner().invoke(app, words(example.command), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    output = (result.stdout + result.stderr).splitlines()
    shown = example.shown or ()
    if shown and shown[0].startswith("actiontrack: "):
        assert result.exit_code in (2, 3, 4), output  # a documented refusal or error
    else:
        assert result.exit_code == (1 if any(m in example.command for m in EXIT_1) else 0), output
    if example.shown is not None and example.command not in SCENARIO:
        assert matches(example.shown, output), "\n".join(output)
