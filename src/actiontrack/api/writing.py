"""The writing commands as library calls: each takes an EditContext and returns an EditResult (edit stage)."""

from __future__ import annotations

from actiontrack.edit.commands import add_note as note
from actiontrack.edit.commands import new_plan as new
from actiontrack.edit.commands import reschedule
from actiontrack.edit.commands import set_status as status
from actiontrack.edit.pipeline import EditContext, EditResult

__all__ = ["EditContext", "EditResult", "new", "note", "reschedule", "status"]
