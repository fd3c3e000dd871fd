"""`import`'s write: the drafted plan as text, read back and validated, then created (never overwriting).

An error in the imported text is a bug in import, never the source's fault (the importer writes
only what the format holds), so it stops the command with exit 70 and nothing is written;
warnings (a timescale that reads as no date, a note dated after today) are allowed and listed.
"""

from __future__ import annotations

from actiontrack.edit.commands import create_plan
from actiontrack.edit.pipeline import EditContext, EditResult
from actiontrack.edit.plantext import plan_text
from actiontrack.errors import ERROR, ActiontrackError, ExitCode, Finding, UsageError, has_errors
from actiontrack.importing.draft import Draft
from actiontrack.load.yamlread import MAX_BYTES


class ImportBug(ActiontrackError):
    """The imported plan does not validate: a bug in import. The findings say where."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("the imported plan does not validate (errors above): that is a bug in actiontrack import, "
                         "please report it; nothing was written")
        self.findings = findings


def write_import(ctx: EditContext, draft: Draft) -> tuple[EditResult, str]:
    """Create plans/PLAN_ID.yaml from the draft (or, in a dry run, only check it); the result and the text."""
    text = plan_text(draft)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise UsageError(f"the imported plan would be {size:,} bytes, over the {MAX_BYTES:,}-byte limit for a plan "
                         "file: import the table in parts (one sheet or table per plan)")

    def no_errors(findings: list[Finding]) -> None:
        if has_errors(findings):
            raise ImportBug([f for f in findings if f.severity == ERROR])

    return create_plan(ctx, draft.id, text, no_errors), text
