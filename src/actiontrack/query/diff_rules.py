"""What a note added in the same change must record, and what no note explains: the rules behind diff's problems.

A note explains only the change it records (docs/review.md, "What a note explains"):

- a due date moved is explained by a ledger note added to that action in the same change (the
  sentence `actiontrack reschedule` writes, read back by wording.read_ledger) that names the new
  date; ledger notes added in one change may chain (A to B, then B to C), each starting where the
  due date was or where another of them ends. A ledger note that names another date is a problem
  of its own, whether or not the date moved;
- a due date taken away (no ledger sentence says that) needs any note added to that action;
- a step backwards, a drop or a close needs a note added to that action that records the new
  status (`status: in-progress`), as `actiontrack status … --note` and `note --status` write it.
  For a close, that note is the sign-off: who signed it off (`by`) and when (`date`);
- a `baseline` (the first target) is never rewritten or taken away: no note explains that. A first
  baseline, where there was none, is what `actiontrack reschedule` records on the first move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from actiontrack.model import Note, is_backwards
from actiontrack.wording import format_days, ledger_note, read_ledger


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule broken: the problem's kind, its message, and the values at fault (before, after)."""

    kind: str
    message: str
    before: object
    after: object


def records_status(notes: Sequence[Note], status: str) -> bool:
    """Whether one of the notes records this status (`status:` on the note)."""
    return any(n.status == status for n in notes)


def status_rule(ref: str, aid: str, old: str, new: str, added: Sequence[Note]) -> tuple[bool, list[Breach]]:
    """(whether a note added records the new status, the problem when one was needed and is missing)."""
    explained = records_status(added, new)
    if explained:
        return True, []
    command = f"`actiontrack status {ref} {new} --note TEXT`"
    if new == "dropped":
        return False, [Breach("dropped-without-note", f"action {aid} was set to dropped without a note recording why: "
                               f"add a note with status: dropped saying why ({command} writes one)", old, new)]
    if new == "closed":
        return False, [Breach("closed-without-sign-off",
                               f"action {aid} was set to closed without a note recording the sign-off: add a note "
                               "with status: closed, by whoever signed it off and dated when "
                               f"(`actiontrack status {ref} closed --note TEXT --by WHO --date YYYY-MM-DD`)", old, new)]
    if is_backwards(old, new):
        why = " without a note" if not added else "; no note added records it"
        return False, [Breach("status-backwards-without-note",
                               f"action {aid} status moved back from {old} to {new}{why}: add a note with "
                               f"status: {new} saying why ({command} writes one)", old, new)]
    return False, []


def due_rule(aid: str, old: date | None, new: date | None, added: Sequence[Note]) -> tuple[bool | None, list[Breach]]:
    """(whether the due date's change is explained, or None when it needs nothing; the problems).

    Also checks every ledger note added, when the date did not move at all.
    """
    ledgers = [(n, move) for n in added if (move := read_ledger(n.text)) is not None]
    problems = _ledger_mismatches(aid, old, new, ledgers)
    if old == new:
        return None, problems
    if new is None:  # taken away: no ledger sentence records that, so any note added explains it
        assert old is not None
        if added:
            return True, problems
        return False, [*problems, Breach("due-moved-without-note",
                                          f"action {aid} due date {old.isoformat()} removed without a note saying "
                                          "why: add a note saying why it has no due date now", old, new)]
    explained = not problems and any(move[1] == new for _, move in ledgers)
    if explained or old is None:  # a first date is not a slip: it needs no note
        return explained, problems
    if problems:  # the ledger note is there but wrong: that is the problem to fix
        return False, problems
    days = format_days((new - old).days)
    why = " without a note saying why" if not added else " and no note added records the move"
    sentence = ledger_note(old, new, "REASON")
    return False, [Breach("due-moved-without-note",
                           f"action {aid} due date moved from {old.isoformat()} to {new.isoformat()} ({days}){why}: "
                           f"add the ledger note \"{sentence}\", as `actiontrack reschedule` writes it", old, new)]


def _ledger_mismatches(aid: str, old: date | None, new: date | None,
                       ledgers: Sequence[tuple[Note, tuple[date | None, date]]]) -> list[Breach]:
    """Ledger notes that do not lead from the old due date to the new one."""
    if not ledgers:
        return []
    ends = {to for _, (_, to) in ledgers}
    starts = {start for _, (start, _) in ledgers}
    out: list[Breach] = []
    for note, (start, to) in ledgers:
        says = f"the ledger note of {note.date.isoformat()} says the due date moved"
        # before: the date the note gives; after: the date the plan has.
        if start is not None and start != old and start not in ends:
            was = old.isoformat() if old else "none"
            out.append(Breach("ledger-mismatch", f"{says} from {start.isoformat()}, but action {aid} was due "
                              f"{was}: correct the note or the date", start, old))
        elif to != new and to not in starts:
            now = new.isoformat() if new else "none"
            moved = f"moved to {now}" if old != new else f"is still {now}"
            out.append(Breach("ledger-mismatch", f"{says} to {to.isoformat()}, but action {aid} due date {moved}: "
                              "correct the note or the date", to, new))
    return out


def baseline_rule(aid: str, old: object, new: object) -> list[Breach]:
    """The problem of a baseline rewritten or removed (values as written: a date or a wording); none for a first one."""
    if old is None or old == new:
        return []
    was = _written(old)
    now = f"rewritten as {_written(new)}" if new is not None else "removed"
    return [Breach("baseline-rewritten", f"action {aid} baseline (its first target, {was}) was {now}: a baseline is "
                   "never rewritten; put it back, and record a new target as a due date moved "
                   "(`actiontrack reschedule` keeps the baseline)", old, new)]


def _written(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else f"\"{value}\""
