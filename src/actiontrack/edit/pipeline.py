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
    # A target that is not a plan file (a FIFO, a folder, a link loop) is refused before any lock
    # file is made beside it; under the lock the file is read again, as it then is.
    _read(target.path)
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
    """The change as `git apply` takes it (a/ and b/ prefixes for a path relative to the working folder).

    Only the lines that differ, and three lines of context each side, are split and compared: an
    edit changes one or two places, and diffing a file of a million comment lines whole took 220 MB.
    The hunks are those difflib.unified_diff gives for the whole files.
    """
    import difflib

    old, now = (f"a/{file}", f"b/{file}") if not os.path.isabs(file) else (file, file)
    a_all, b_all = before.splitlines(keepends=True) if len(before) < _WHOLE else None, None
    if a_all is not None:  # a small file: difflib on the whole of it
        b_all = after.splitlines(keepends=True)
        lines = list(difflib.unified_diff(a_all, b_all, "/dev/null" if new else old, now))
    else:
        lines = _trimmed_diff(before, after, "/dev/null" if new else old, now)
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


_WHOLE = 64 * 1024  # files up to this size (every real plan) are diffed whole


def _trimmed_diff(before: str, after: str, old: str, now: str, context: int = 3) -> list[str]:
    """difflib's unified diff of two large texts, built from the lines between their common first and last lines."""
    import difflib

    head = _common_head(before, after)
    tail = _common_tail(before, after, head)
    a = before[head:len(before) - tail].splitlines(keepends=True)
    b = after[head:len(after) - tail].splitlines(keepends=True)
    top = head
    for _ in range(context):  # up to `context` whole lines above, the same in both
        top = before.rfind("\n", 0, top - 1) + 1 if top else 0
    bottom = len(before) - tail
    for _ in range(context):
        found = before.find("\n", bottom)
        bottom = found + 1 if found >= 0 else len(before)
    above = before[top:head].splitlines(keepends=True)
    below = before[len(before) - tail:bottom].splitlines(keepends=True)
    first = before.count("\n", 0, top)  # lines before the compared part
    n, m = len(above), len(above) + len(a)
    codes = [("equal", 0, n, 0, n)] if above else []
    codes += [(tag, i1 + n, i2 + n, j1 + n, j2 + n)
              for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    if below:
        codes.append(("equal", m, m + len(below), n + len(b), n + len(b) + len(below)))
    a_lines, b_lines = above + a + below, above + b + below
    matcher = difflib.SequenceMatcher(None, a_lines, b_lines)
    matcher.opcodes = codes  # type: ignore[attr-defined]  # the whole files' opcodes, over these lines
    out = [f"--- {old}\n", f"+++ {now}\n"]
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_range(i1 + first, i2 + first)} +{_range(j1 + first, j2 + first)} @@\n")
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                out.extend(" " + line for line in a_lines[x1:x2])
                continue
            out.extend("-" + line for line in a_lines[x1:x2])
            out.extend("+" + line for line in b_lines[y1:y2])
    return out if len(out) > 2 else []


def _range(start: int, stop: int) -> str:
    """A hunk's range as difflib writes it (1-based start, a length unless it is 1)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"


def _common_head(a: str, b: str) -> int:
    """How many characters of whole lines `a` and `b` start with (found by halving, at memcmp speed)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if a[:mid] == b[:mid] else (lo, mid - 1)
    return a.rfind("\n", 0, lo) + 1


def _common_tail(a: str, b: str, head: int) -> int:
    """How many characters of whole lines `a` and `b` end with, not reaching into the first `head`."""
    lo, hi = 0, min(len(a), len(b)) - head
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if a[len(a) - mid:] == b[len(b) - mid:] else (lo, mid - 1)
    if not lo:
        return 0
    at_a, at_b = len(a) - lo, len(b) - lo
    if (at_a == 0 or a[at_a - 1] == "\n") and (at_b == 0 or b[at_b - 1] == "\n"):
        return lo
    found = a.find("\n", at_a)  # on to the next line start, the same text in both
    return len(a) - found - 1 if 0 <= found < len(a) - 1 else 0


def _split_bom(text: str) -> tuple[str, str]:
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)
