"""The only module that writes plan files: note, status, reschedule and new, verified, locked and atomic."""

from __future__ import annotations

import difflib
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from actiontrack import refs, rules, splice
from actiontrack.errors import ERROR, RefusedError, UsageError
from actiontrack.load import display_path, find_plan_files, load_bytes, load_plans, load_tree
from actiontrack.model import SOURCE_KINDS, Action, Note, Plan
from actiontrack.validate import validate
from actiontrack.yamlread import read_yaml

LOCK_TIMEOUT = 30.0  # seconds; a note takes well under one, so a longer wait means a stuck writer


@dataclass(frozen=True, slots=True)
class EditContext:
    """What every writing command shares: where the plans are, who writes, on what date, for real or not."""

    folder: Path
    by: str | None  # --by or ACTIONTRACK_USER; None falls back to git config user.name
    on: date | None  # --date; None means today
    today: date  # --as-of or the clock
    dry_run: bool = False


@dataclass(frozen=True, slots=True)
class EditResult:
    """What a writing command did: the unified diff, whether it was written, and one line for stderr."""

    file: str
    diff: str
    written: bool
    message: str


class _NothingToDo(Exception):
    """The action already is as asked: nothing is written and the command succeeds."""


# ---- the commands ------------------------------------------------------------------------------


def add_note(ctx: EditContext, ref: str, text: str, *, status: str | None = None,
             evidence: str | None = None) -> EditResult:
    """`note`: append a dated note (optionally recording a new status and an evidence entry)."""
    text = rules.clean_text("note text", text, multiline=True)
    status = rules.status_arg(status) if status is not None else None
    description = rules.clean_text("--evidence", evidence) if evidence is not None else None
    on, who = rules.note_date(ctx.on, ctx.today), rules.author(ctx.by, ctx.folder)

    def build(plan: Plan, act: Action, target: refs.Target) -> splice.Change:
        rules.check_author(who, plan)
        if status is not None:
            rules.check_move(target.ref, act, status, reason=True, evidence=description is not None)
        return splice.Change(
            note=splice.NewNote(on, who, text, status), note_index=rules.note_index(act, on),
            evidence=splice.NewEvidence(on, description) if description else None,
            status=status if status is not None and status != act.status else None,
        )

    return _edit_action(ctx, ref, build, lambda t, old, new, n: f"noted {t.ref} (line {n.line if n else new.line})")


def set_status(ctx: EditContext, ref: str, status: str, *, note: str | None = None,
               evidence: str | None = None) -> EditResult:
    """`status`: change an action's status and record it in a note that carries the new status."""
    status = rules.status_arg(status)
    note = rules.clean_text("--note", note, multiline=True) if note is not None else None
    description = rules.clean_text("--evidence", evidence) if evidence is not None else None
    on, who = rules.note_date(ctx.on, ctx.today), rules.author(ctx.by, ctx.folder)

    def build(plan: Plan, act: Action, target: refs.Target) -> splice.Change:
        if act.status == status and note is None and description is None:
            raise _NothingToDo(f"{target.ref} is already {status}: nothing written")
        rules.check_author(who, plan)
        rules.check_move(target.ref, act, status, reason=note is not None, evidence=description is not None)
        text = note or (f"Status changed from {act.status} to {status}" if act.status != status
                        else f"Status confirmed as {status}")
        return splice.Change(
            note=splice.NewNote(on, who, text, status), note_index=rules.note_index(act, on),
            evidence=splice.NewEvidence(on, description) if description else None,
            status=status if status != act.status else None,
        )

    def message(t: refs.Target, old: Action, new: Action, n: Note | None) -> str:
        if old.status == new.status and n is not None:
            return f"noted {t.ref} (line {n.line})"
        return f"status {t.ref}: {old.status} -> {new.status} (line {new.keys['status'][0]})"

    return _edit_action(ctx, ref, build, message)


def reschedule(ctx: EditContext, ref: str, new_due: str, *, reason: str) -> EditResult:
    """`reschedule`: set a new due date and record the move (old date, new date, reason) in a note."""
    reason = rules.clean_text("--reason", reason, multiline=True)
    due = rules.read_due(new_due, ctx.today)
    on, who = rules.note_date(ctx.on, ctx.today), rules.author(ctx.by, ctx.folder)

    def build(plan: Plan, act: Action, target: refs.Target) -> splice.Change:
        rules.check_author(who, plan)
        if act.due == due:
            raise RefusedError(f"{target.ref} is already due {due.isoformat()}: nothing to do")
        if act.due is None:
            text = f"Due date set to {due.isoformat()}: {reason}"
        else:
            days = (due - act.due).days
            text = (f"Due date moved from {act.due.isoformat()} to {due.isoformat()} "
                    f"({days:+d} day{'' if abs(days) == 1 else 's'}): {reason}")
        return splice.Change(note=splice.NewNote(on, who, text), note_index=rules.note_index(act, on), due=due)

    def message(t: refs.Target, old: Action, new: Action, n: Note | None) -> str:
        before = old.due.isoformat() if old.due else "no due date"
        done = f"rescheduled {t.ref}: {before} -> {due.isoformat()} (line {new.keys['due'][0]})"
        if due < ctx.today:  # legal (recording a decision late), but worth saying: it is late at once
            done += f"\nnote: {due.isoformat()} is before today ({ctx.today.isoformat()}): the action is overdue at once"
        return done

    return _edit_action(ctx, ref, build, message)


def new_plan(ctx: EditContext, plan_id: str, *, title: str, organisation: str, source_kind: str = "other",
             source_reference: str | None = None) -> EditResult:
    """`new`: write plans/PLAN_ID.yaml, a skeleton that validates clean; never overwrite a file."""
    if not refs.PLAN_ID.match(plan_id):
        raise RefusedError(f"plan id '{plan_id}' is not a slug: use lower-case letters, digits and '-' "
                           "(e.g. example-scr-2024)")
    if source_kind not in SOURCE_KINDS:
        raise UsageError(f"unknown source kind '{source_kind}' (one of: {', '.join(SOURCE_KINDS)})")
    title, organisation = rules.clean_text("--title", title), rules.clean_text("--organisation", organisation)
    reference = rules.clean_text("--source-reference", source_reference) if source_reference is not None else None
    text = skeleton(plan_id, title, organisation, source_kind, reference, rules.note_date(ctx.on, ctx.today))
    path = ctx.folder / f"{plan_id}.yaml"
    file = display_path(path)
    with _locked(path, not ctx.dry_run):
        for existing in (path, path.with_suffix(".yml")):
            if existing.exists():
                raise RefusedError(f"{display_path(existing)} already exists: nothing was written")
        plans, _ = load_plans(find_plan_files([ctx.folder]))
        for plan in plans:
            if plan.id == plan_id:
                raise RefusedError(f"plan id '{plan_id}' is already used by {plan.file}: nothing was written")
        result = load_bytes(text.encode("utf-8"), file)
        findings = result.findings + (validate([result.plan], ctx.today) if result.plan else [])
        if findings or result.plan is None:  # a bug in skeleton(), never the user's doing
            raise RefusedError("the new plan would not validate clean: nothing was written", findings)
        diff = _diff("", text, file, new=True)
        if not ctx.dry_run:
            _write_atomic(path, text.encode("utf-8"), create=True)
    return EditResult(file, diff, not ctx.dry_run, f"created {file}")


def skeleton(plan_id: str, title: str, organisation: str, source_kind: str, reference: str | None,
             on: date) -> str:
    """The text of a new plan: the required fields, an empty list of recommendations, and their shape."""
    lines = [
        "# Written by `actiontrack new`. Every field is described in docs/plan-format.md;",
        "# record progress with `actiontrack note` (docs/editing.md).",
        f"id: {splice.format_scalar(plan_id)}",  # quoted when YAML would read it as a number or date
        f"title: {splice.format_scalar(title)}",
        f"organisation: {splice.format_scalar(organisation)}",
        "source:",
        f"  kind: {source_kind}",
        *([f"  reference: {splice.format_scalar(reference)}"] if reference else []),
        f"date: {on.isoformat()}  # the date the plan was agreed",
        "recommendations: []",
        "# Replace 'recommendations: []' with the list, one entry per recommendation, for example:",
        "# recommendations:",
        '#   - id: "1"',
        "#     text: What the review recommends, in its own words.",
        "#     actions:",
        '#       - id: "1.1"',
        "#         text: What will be done.",
        "#         owners: [Named Manager]",
        '#         timescale: "Within 3 months"',
        "#         status: not-started",
    ]
    return "\n".join(lines) + "\n"


# ---- the shared pipeline: resolve, lock, validate, splice, verify, write ---------------------------


Build = Callable[[Plan, Action, refs.Target], splice.Change]
Message = Callable[[refs.Target, Action, Action, Note | None], str]


def _edit_action(ctx: EditContext, ref: str, build: Build, message: Message) -> EditResult:
    target = refs.resolve(ref, ctx.folder)
    file = display_path(target.path)
    # Dry runs take no lock: they write nothing, and os.replace means they read a whole file either way.
    with _locked(target.path, not ctx.dry_run):
        data = _read(target.path)
        tree, plan = _load_valid(data, file, ctx.today)
        act = refs.require_action(plan, target.action_id)
        try:
            change = build(plan, act, target)
        except _NothingToDo as done:
            return EditResult(file, "", False, str(done))
        bom, text = _split_bom(data.decode("utf-8"))
        try:
            new_text = splice.apply_change(text, act.id, change)
        except splice.LayoutError as exc:
            raise _layout_refusal(file, act.id, str(exc)) from None
        new_data = (bom + new_text).encode("utf-8")
        new_act = refs.require_action(_verify(tree, new_data, file, act.id, change, ctx.today), act.id)
        note = new_act.notes[change.note_index] if change.note is not None else None
        diff = _diff(text, new_text, file)
        if not ctx.dry_run:
            _write_atomic(target.path, new_data)
    return EditResult(file, diff, not ctx.dry_run, message(target, act, new_act, note))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RefusedError(f"cannot read {display_path(path)}: {exc.strerror}; nothing was written") from None


def _load_valid(data: bytes, file: str, today: date) -> tuple[object, Plan]:
    """The tree and plan in `data`, or a refusal listing its errors: an edit never starts from a broken file."""
    tree, problems = read_yaml(data, file)
    result = load_tree(tree, problems, file)
    findings = result.findings + (validate([result.plan], today) if result.plan is not None else [])
    errors = [f for f in findings if f.severity == ERROR]
    if result.plan is None:
        raise RefusedError(f"{file} does not load: fix the errors above first; nothing was written", errors)
    if errors:
        raise RefusedError(f"{file} does not validate: fix the errors above first; nothing was written", errors)
    return tree, result.plan


def _verify(old_tree: object, new: bytes, file: str, action_id: str, change: splice.Change, today: date) -> Plan:
    """Re-read the edited text: it must be the old document plus exactly this change, and validate."""
    new_tree, problems = read_yaml(new, file)
    if new_tree is None or problems:  # e.g. the note would take the file over the size limit
        raise RefusedError(f"the edited {file} would not load (errors above): nothing was written", problems)
    if splice.typed(new_tree) != splice.expected_tree(old_tree, action_id, change):
        raise _layout_refusal(file, action_id, "the new lines would not read back exactly as written")
    result = load_tree(new_tree, problems, file)
    findings = result.findings + (validate([result.plan], today) if result.plan is not None else [])
    errors = [f for f in findings if f.severity == ERROR]
    if errors or result.plan is None:
        raise RefusedError(f"the edited {file} would not validate (errors above): nothing was written", errors)
    return result.plan


def _layout_refusal(file: str, action_id: str, what: str) -> RefusedError:
    return RefusedError(f"{file}: cannot edit action '{action_id}' without reformatting the file: {what}. "
                        "Nothing was written; make this change by hand")


def _diff(before: str, after: str, file: str, new: bool = False) -> str:
    # git's a/ and b/ prefixes, for a path relative to the working folder (where `git apply` runs).
    old, now = (f"a/{file}", f"b/{file}") if not os.path.isabs(file) else (file, file)
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 "/dev/null" if new else old, now)
    return "".join(x if x.endswith("\n") else x + "\n\\ No newline at end of file\n" for x in lines)


def _split_bom(text: str) -> tuple[str, str]:
    return ("\ufeff", text[1:]) if text.startswith("\ufeff") else ("", text)


# ---- locking and the atomic write ----------------------------------------------------------------


@contextmanager
def _locked(path: Path, enabled: bool) -> Iterator[None]:
    """Hold an exclusive lock on a sidecar file across read-modify-write, so concurrent edits queue."""
    if not enabled:
        yield
        return
    real = path.resolve()
    lock_path = real.parent / f".{real.name}.lock"  # never deleted: removing a lock file races its users
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise RefusedError(f"cannot lock {display_path(path)} ({exc.strerror}): nothing was written") from None
    try:
        _acquire(fd, display_path(path))
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, file: str) -> None:
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            if os.name == "nt":  # pragma: no cover - Windows has no flock; lock the first byte instead
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RefusedError(f"another actiontrack has been writing {file} for {LOCK_TIMEOUT:g}s: "
                                   "nothing was written; try again") from None
            time.sleep(0.02)


def _write_atomic(path: Path, data: bytes, *, create: bool = False) -> None:
    """Write via a temporary file in the same folder, fsync, then rename over (or link, for a new file)."""
    real = path.resolve()  # a symlinked plan keeps its link; the file it points to is replaced
    tmp = real.parent / f".{real.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"  # not *.yaml: loaders skip it
    try:
        mode = None if create else os.stat(real).st_mode & 0o7777
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
            if create:
                _link_new(tmp, real)
            else:
                os.replace(tmp, real)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
    except OSError as exc:
        raise RefusedError(f"cannot write {display_path(path)} ({exc.strerror}): the file is unchanged") from None
    # The rename is done; a file system that cannot fsync a folder only loses the durability guarantee.
    with suppress(OSError):
        _fsync_dir(real.parent)


def _link_new(tmp: Path, real: Path) -> None:
    # A hard link never replaces a file that appeared meanwhile (an editor, another clone's checkout).
    try:
        os.link(tmp, real)
    except FileExistsError:
        raise RefusedError(f"{display_path(real)} already exists: nothing was written") from None
    except OSError:  # file systems without hard links: we hold the lock and checked, so rename
        os.replace(tmp, real)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; directories cannot be opened this way on Windows.
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
