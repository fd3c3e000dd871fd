"""`import`'s write: the drafted plan as text, read back and validated, then created (never overwriting).

An error in the imported text is a bug in import, never the source's fault (the importer writes
only what the format holds), so it stops the command with exit 70 and nothing is written;
warnings (a timescale that reads as no date, a note dated after today) are allowed and listed.
What the privacy guard finds (a date of birth, an NHS number, a private name) is the source's:
the import is refused (exit 4) and nothing reaches plans/, where it would be one commit from git.
"""

from __future__ import annotations

from actiontrack.edit.commands import create_plan
from actiontrack.edit.pipeline import EditContext, EditResult
from actiontrack.edit.plantext import plan_text
from actiontrack.errors import ERROR, ActiontrackError, ExitCode, Finding, RefusedError, UsageError, has_errors
from actiontrack.importing.draft import Draft
from actiontrack.load.bounds import MAX_BYTES
from actiontrack.load.discover import display_path
from actiontrack.validate.privacy import Guard, scan


class ImportBug(ActiontrackError):
    """The imported plan does not validate: a bug in import. The findings say where."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("the imported plan does not validate (errors above): that is a bug in actiontrack import, "
                         "please report it; nothing was written")
        self.findings = findings


def write_import(ctx: EditContext, draft: Draft, guard: Guard) -> tuple[EditResult, str]:
    """Create plans/PLAN_ID.yaml from the draft (or, in a dry run, only check it); the result and the text."""
    text = plan_text(draft)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise UsageError(f"the imported plan would be {size:,} bytes, over the {MAX_BYTES:,}-byte limit for a plan "
                         "file: import the table in parts (one sheet or table per plan)")

    file = display_path(ctx.folder / f"{draft.id}.yaml")  # the name create_plan gives the findings

    def no_errors(findings: list[Finding]) -> None:
        if has_errors(findings):
            raise ImportBug([f for f in findings if f.severity == ERROR])
        private = scan(file, text, guard)
        if private:
            raise RefusedError("the source holds what looks like personal data (above, masked): take it out of "
                               "the source, or write it as a pseudonym, and import again; nothing was written",
                               private)

    return create_plan(ctx, draft.id, text, no_errors), text
