"""The pipeline every edit of an action goes through: resolve, lock, validate, splice, verify, write.

A file that does not validate is never edited; the edited text must read back as the old
document plus exactly the intended change, and validate, before a byte is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from actiontrack import validate
from actiontrack.edit import refs, splice
from actiontrack.edit.atomic import locked, write_atomic
from actiontrack.errors import ERROR, Finding, NotRegularFile, RefusedError, TooLarge
from actiontrack.load.discover import display_path, read_file
from actiontrack.load.loader import Loader, LoadResult
from actiontrack.model import Action, Note, Plan


@dataclass(frozen=True, slots=True)
class EditContext:
    """What every writing command shares: where the plans are, who writes, on what date, for real or not."""

    folder: Path
    by: str | None  # --by or ACTIONTRACK_USER; None falls back to git config user.name
    on: date | None  # --date; None means today
    today: date  # --as-of or the clock
    dry_run: bool = False
    loader: Loader = field(default_factory=Loader)


@dataclass(frozen=True, slots=True)
class EditResult:
    """What a writing command did: the unified diff, whether it was written, and one line for stderr."""

    file: str
    diff: str
    written: bool
    message: str
    findings: list[Finding] = field(default_factory=list)  # the warnings the written file has (import lists them)


class NothingToDo(Exception):
    """The action already is as asked: nothing is written and the command succeeds."""


Build = Callable[[Plan, Action, refs.Target], splice.Change]
Message = Callable[[refs.Target, Action, Action, Note | None], str]


def edit_action(ctx: EditContext, ref: str, build: Build, message: Message) -> EditResult:
    """Apply the change `build` makes to the action `ref` names; `message` says what was done."""
    target = refs.resolve(ref, ctx.folder, ctx.loader)
    file = display_path(target.path)
    # Dry runs take no lock: they write nothing, and os.replace means they read a whole file either way.
    with locked(target.path, not ctx.dry_run):
        data = _read(target.path)
        before = load_valid(ctx.loader, data, file, ctx.today)
        assert before.plan is not None  # load_valid refuses a file without one
        act = refs.require_action(before.plan, target.action_id)
        try:
            change = build(before.plan, act, target)
        except NothingToDo as done:
            return EditResult(file, "", False, str(done))
        bom, text = _split_bom(data.decode("utf-8"))
        try:
            new_text = splice.apply_change(text, act.id, change)
        except splice.LayoutError as exc:
            if exc.at is not None:  # one place to point at: a finding there, and what to do
                raise RefusedError(f"{file}: cannot add lines to action '{act.id}' after line {exc.at[0]} (above): "
                                   "nothing was written", [Finding(file, *exc.at, ERROR, "AT010", str(exc))]) from None
            raise _layout_refusal(file, act.id, str(exc)) from None
        new_data = (bom + new_text).encode("utf-8")
        refuse_new_private(file, data, new_data, ctx.folder)
        new_plan = _verify(ctx.loader, before.tree, new_data, file, act.id, change, ctx.today)
        new_act = refs.require_action(new_plan, act.id)
        note = new_act.notes[change.note_index] if change.note is not None else None
        diff = unified_diff(text, new_text, file)
        if not ctx.dry_run:
            write_atomic(target.path, new_data)
    return EditResult(file, diff, not ctx.dry_run, message(target, act, new_act, note))


def refuse_new_private(file: str, old: bytes, new: bytes, folder: Path) -> None:
    """Refuse an edit whose new text holds what the privacy guard finds (an NHS number typed into a note).

    Only what the edit adds counts: a plan that already holds a match (marked or not) can still be
    edited, and validate reports the old match as it always has.
    """
    from collections import Counter

    from actiontrack.load.config import read_settings
    from actiontrack.validate.privacy import guard_of, scan

    guard = guard_of(read_settings([folder]))
    before = Counter((f.code, f.message) for f in scan(file, old, guard))
    added = []
    for finding in scan(file, new, guard):
        key = (finding.code, finding.message)
        if before[key]:
            before[key] -= 1
        else:
            added.append(finding)
    if added:
        raise RefusedError(f"the new text for {file} holds what looks like personal data (above): nothing was "
                           "written; write the person's role instead, or, if it is not private, add the line by "
                           "hand with a '# privacy-ok: REASON' marker", added)


def _read(path: Path) -> bytes:
    data = read_file(path)  # the one reader: a regular file, never past the size limit
    if isinstance(data, OSError):
        why = str(data) if isinstance(data, (NotRegularFile, TooLarge)) else data.strerror
        raise RefusedError(f"cannot read {display_path(path)}: {why}; nothing was written")
    return data


def errors_in(loader: Loader, data: bytes, file: str, today: date) -> tuple[LoadResult, list[Finding]]:
    """The file's load result (with its tree) and its errors: load, validate, keep the errors."""
    result = loader.load([(file, data)], trees=True)[0]
    return result, [f for f in validate.check([result], today) if f.severity == ERROR]


def load_valid(loader: Loader, data: bytes, file: str, today: date) -> LoadResult:
    """The file's load result, or a refusal listing its errors: an edit never starts from a broken file."""
    result, errors = errors_in(loader, data, file, today)
    if result.plan is None:
        raise RefusedError(f"{file} does not load: fix the errors above first; nothing was written", errors)
    if errors:
        raise RefusedError(f"{file} does not validate: fix the errors above first; nothing was written", errors)
    return result


def _verify(loader: Loader, old_tree: object, new: bytes, file: str, action_id: str, change: splice.Change,
            today: date) -> Plan:
    """Re-read the edited text: it must be the old document plus exactly this change, and validate."""
    result, errors = errors_in(loader, new, file, today)
    if result.tree is None:  # e.g. the note would take the file over the size limit
        raise RefusedError(f"the edited {file} would not load (errors above): nothing was written", result.findings)
    if splice.typed(result.tree) != splice.expected_tree(old_tree, action_id, change):
        raise _layout_refusal(file, action_id, "the new lines would not read back exactly as written")
    if errors or result.plan is None:
        raise RefusedError(f"the edited {file} would not validate (errors above): nothing was written", errors)
    return result.plan


def _layout_refusal(file: str, action_id: str, what: str) -> RefusedError:
    return RefusedError(f"{file}: cannot edit action '{action_id}' without reformatting the file: {what}. "
                        "Nothing was written; make this change by hand")


def unified_diff(before: str, after: str, file: str, new: bool = False) -> str:
    """The change as `git apply` takes it (a/ and b/ prefixes for a path relative to the working folder)."""
    import difflib

    old, now = (f"a/{file}", f"b/{file}") if not os.path.isabs(file) else (file, file)
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 "/dev/null" if new else old, now)
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


def _split_bom(text: str) -> tuple[str, str]:
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
