"""One row's actions: the actions cell split, every other cell of the row shared out among them,
"As above" resolved, progress cells read as dated notes, ratings and statuses decided.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from actiontrack.importing.columns import Column, ColumnMap, words, x_key
from actiontrack.importing.draft import DraftAction, DraftNote
from actiontrack.importing.lines import Item, Shared, is_as_above, share
from actiontrack.importing.progress import (
    Dated,
    any_date,
    colour_of,
    leading_date,
    priority_of,
    read_date,
    status_of,
    status_word,
)
from actiontrack.importing.table import Cell, Remark, Row
from actiontrack.importing.tracker import owner_label, tracker_note
from actiontrack.model import STATUSES
from actiontrack.timescale import parse_timescale
from actiontrack.validate.checks import INITIALS
from actiontrack.wording import one_line

# What an action takes from each field's column, in judgements ("the last action takes no timescale").
NOUNS = {"timescale": "timescale", "owner": "owner", "agency": "agency", "progress": "progress", "rag": "rating",
         "status": "status", "measure": "measure", "monitoring": "monitoring", "revised": "revised target",
         "completed": "completion date", "priority": "priority"}
_TEXT_FIELDS = ("agency", "measure", "monitoring")
_SLASH_GAP = re.compile(r"\s/|/\s")
_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])\Z")


@dataclass
class Context:
    """What building actions needs from the walk: the columns, dates, and where remarks go."""

    cmap: ColumnMap
    plan_date: dt.date
    by: str  # who progress notes are by
    undated: Dated  # the date of a progress or status cell that gives none
    undated_why: str  # why that date, for the judgement
    rag_scale: dict[str, str]  # the source's rating words (lower case) -> colour, from --rag-scale
    unreadable: list[Remark] = field(default_factory=list)
    rag_words: dict[str, str] = field(default_factory=dict)  # rating words met -> colour
    names: dict[str, str] = field(default_factory=dict)  # initials -> name, from owners labelled `SM (Name)`
    previous: Pending | None = None  # the action before, for "As above"


@dataclass
class Pending:
    """An action being built: the draft, and what its cells said before the status is settled."""

    act: DraftAction
    values: dict[str, list[str]] = field(default_factory=dict)  # column key -> lines, for the next "As above"
    status_cell: tuple[str, str, str] | None = None  # (words, where, status) of a status or RAG cell
    completed: str | None = None  # where a completion date was given
    done_on: dt.date | None = None  # the day a progress cell says the action was done
    said: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(note) -> (the words giving its status, where)
    revised: tuple[str, dt.date | None] | None = None  # a revised target's wording and date
    dates: dict[str, dt.date] = field(default_factory=dict)  # "due", "baseline": date cells of an actiontrack workbook


def short(header: str, where: str) -> str:
    """A column named in a judgement: its header (cut short) and the cell's address."""
    name = one_line(header) if header else "the column"
    return f"{name[:40].rstrip()}{'…' if len(name) > 40 else ''} ({where})"


def build(ctx: Context, row: Row, items: list[Item], action_cell: Cell, per_action: list[Column],
          action_header: str) -> list[DraftAction]:
    """The actions of one row, every per-action column shared out among them."""
    pending = [Pending(DraftAction("", it.text, row.where)) for it in items]
    for p, it in zip(pending, items):
        if it.folded:
            p.act.comments.append(f"{it.folded} {'sub-item' if it.folded == 1 else 'sub-items'} in "
                                  f"{short(action_header, action_cell.where)} kept with the action above")
        if row.hidden:
            p.act.comments.append(f"{row.where} is hidden in the workbook")
    shares = []
    each: list[str] = []
    for col in per_action:
        cell = row.cells[col.index]
        if cell.empty:
            continue
        noun = NOUNS.get(col.field or "", one_line(col.header).lower() or col.key)
        shared = share(items, action_cell, cell, (short(action_header, action_cell.where),
                                                   short(col.header, cell.where)), noun)
        if shared.each:
            each.append(short(col.header, cell.where))
        _judge(pending, shared, cell, col)
        shares.append((col, cell, shared))
    if len(each) > 1:  # one judgement for all the cells every action of the row shares
        pending[0].act.comments.append(f"one line each in {', '.join(each[:-1])} and {each[-1]} for "
                                       f"{len(items)} actions: each action takes them")
    if len(each) == 1:
        pending[0].act.comments.append(f"one line in {each[0]} for {len(items)} actions: each takes it")
    for i, p in enumerate(pending):  # one action at a time: "As above" means the action just before
        for col, cell, shared in shares:
            if shared.values[i]:
                take(ctx, p, col, cell, shared.values[i])
        settle(ctx, p)
        ctx.previous = p
    return [p.act for p in pending]


def _judge(pending: list[Pending], shared: Shared, cell: Cell, col: Column) -> None:
    if shared.judgement and pending and not shared.each:
        pending[min(shared.target, len(pending) - 1)].act.comments.append(shared.judgement)
    if cell.copied and cell.merged and pending:
        pending[0].act.comments.append(f"{short(col.header, cell.merged)} is one merged cell: "
                                       "each row under it takes it")


def take(ctx: Context, p: Pending, col: Column, cell: Cell, values: list[str]) -> None:
    """Give the action the lines `values` of `cell` (in column `col`)."""
    act, where = p.act, short(col.header, cell.where)
    if len(values) == 1 and is_as_above(values[0]) and col.field != "progress":
        before = ctx.previous.values.get(col.key) if ctx.previous else None
        what = NOUNS.get(col.field or "", "value")
        if before is None:
            ctx.unreadable.append(Remark(cell.where, f"'{one_line(values[0])}' with no {what} before it to repeat: "
                                                     "left empty"))
            return
        act.comments.append(f"{where} says '{one_line(values[0])}': the {what} of the action before")
        values = before
    p.values[col.key] = values
    if col.field is None:
        act.extra[col.key] = _join(act.extra.get(col.key), "\n".join(values))
    elif col.field == "timescale":
        _timescale(act, cell, values, where)
    elif col.field == "revised":
        p.revised = ("; ".join(_dedupe(values)), cell.date if cell.date and cell.day_shown else None)
    elif col.field == "owner":
        for owner in (o for value in values for o in split_owners(value)):
            if ctx.cmap.tracker and (label := owner_label(owner)) is not None:
                owner, ctx.names[label[0]] = label
            if owner not in act.owners:
                act.owners.append(owner)
    elif col.field in _TEXT_FIELDS:
        setattr(act, col.field, _join(getattr(act, col.field), "\n".join(values)))
    elif col.field == "progress":
        _progress(ctx, p, col, cell, values)
    elif col.field in ("rag", "status"):
        _rating(ctx, p, col, cell, " ".join(values))
    elif col.field == "completed":
        _completed(ctx, p, cell, " ".join(values), where)
    elif col.field == "priority":
        _priority(ctx, p, col, cell, " ".join(values), where)
    elif col.field == "id":
        act.given_id = " ".join(values).strip() or None
    elif col.field in ("due", "baseline"):
        if cell.date is not None and cell.day_shown:
            p.dates[col.field] = cell.date
        else:
            ctx.unreadable.append(Remark(cell.where, f"'{_excerpt(' '.join(values))}' is not a date cell: left out"))
    elif col.field == "note":
        _note(ctx, p, col, cell, "\n".join(values))


def _timescale(act: DraftAction, cell: Cell, values: list[str], where: str) -> None:
    act.timescale_where = cell.where
    if cell.date is not None and cell.day_shown:
        act.due = cell.date
        act.comments.append(f"{where} is a date cell: due {cell.date.isoformat()}")
    elif cell.date is not None:
        act.timescale = cell.text
        act.comments.append(f"{where} is a date cell showing month and year: read as {cell.text}")
    else:
        act.timescale = "; ".join(_dedupe(values))


def _progress(ctx: Context, p: Pending, col: Column, cell: Cell, values: list[str]) -> None:
    """Each entry of the cell becomes a note; a line that starts with a date starts a new entry."""
    act = p.act
    entries: list[tuple[Dated | None, list[str]]] = []
    for value in values:
        if not entries:
            entries.append((read_date(value, ctx.plan_date), [value]))
        elif (dated := leading_date(value, ctx.plan_date)) is not None:
            entries.append((dated, [value]))
        else:
            entries[-1][1].append(value)
    undated, why = (col.date, f"the date in the column's header '{_excerpt(col.header)}'") if col.date \
        else (ctx.undated, ctx.undated_why)
    for dated, lines in entries:
        text = "\n".join(lines)
        if dated is None:
            act.comments.append(f"{short(col.header, cell.where)} '{_excerpt(text)}' gives no date: "
                                f"the note is dated {undated.on}, {why}")
        found = status_word(text)
        status = found[0] if found else None
        note = DraftNote((dated or undated).on, ctx.by, text, status)
        act.notes.append(note)
        if found:
            p.said[id(note)] = (found[1], short(col.header, cell.where))
        if status in ("completed", "closed") and dated is not None and dated.day is not None:
            p.done_on = dated.day  # a day the source states, never the date an undated note was given


def _rating(ctx: Context, p: Pending, col: Column, cell: Cell, value: str) -> None:
    word = " ".join(value.split())
    if col.field == "status" and word in STATUSES:  # a status by its own name ("in-progress", "unknown")
        kept = word
        if word == "embedded":  # embedded needs its evidence, which import never reads from a table
            kept = "completed"
            ctx.unreadable.append(Remark(cell.where, "'embedded' needs the evidence that it is embedded, which the "
                                                     "table does not give: written as completed; add the evidence "
                                                     "and set it to embedded again"))
        p.status_cell = (word, short(col.header, cell.where), kept)
        return
    colour = ctx.rag_scale.get(word.lower()) or (colour_of(word) if col.field == "rag" else None)
    if colour is not None:
        p.act.rag = word
        ctx.rag_words[word] = colour
        return
    status = status_of(word)
    if status is not None:
        p.status_cell = (word, short(col.header, cell.where), status)
        return
    key = col.key if col.key.startswith("x-") else f"x-{col.key}"
    p.act.extra[key] = word
    ctx.unreadable.append(Remark(cell.where, f"'{_excerpt(word)}' is neither a rating (red, amber, green, blue) "
                                             f"nor a status: kept as {key}; map it with --rag-scale "
                                             f"'{one_line(word)}=COLOUR'"))


def _note(ctx: Context, p: Pending, col: Column, cell: Cell, text: str) -> None:
    """A note as actiontrack writes one (`2012-10-19 SM: text`); any other text is read as a progress cell."""
    found = tracker_note(text)
    if found is None:
        _progress(ctx, p, col, cell, text.split("\n"))
        return
    on, by, words = found
    p.act.notes.append(DraftNote(on, by, words))


def _priority(ctx: Context, p: Pending, col: Column, cell: Cell, value: str, where: str) -> None:
    """`priority` when the word maps onto high, medium or low; else the words stay in an x- key, reported."""
    word = " ".join(value.split())
    priority = priority_of(word)
    if priority is not None:
        p.act.priority = priority
        if words(word) != priority:
            p.act.comments.append(f"{where} says '{one_line(word)}': priority {priority}")
        return
    key = x_key(col.header, col.label)  # the key the column had before priority was a field
    p.act.extra[key] = _join(p.act.extra.get(key), word)
    ctx.unreadable.append(Remark(cell.where, f"'{_excerpt(word)}' is not a priority (high, medium, low): "
                                             f"kept as {key}"))


def _completed(ctx: Context, p: Pending, cell: Cell, value: str, where: str) -> None:
    if ctx.cmap.tracker and _MONTH.match(value.strip()):  # actiontrack writes a month-dated completion as text
        p.completed, p.act.completed_on = where, value.strip()
        return
    found = any_date(value, ctx.plan_date)
    if cell.date is None and found is None and status_of(value) is None:
        ctx.unreadable.append(Remark(cell.where, f"'{_excerpt(value)}' is not a date: left out"))
        return
    p.completed = where
    day = cell.date if cell.date is not None and cell.day_shown else (found.day if found else None)
    if day is not None:
        p.act.completed_on = day
    else:
        p.act.comments.append(f"{where} gives no day: completed_on is left out")


def settle(ctx: Context, p: Pending) -> None:
    """The action's status once every cell is read: a status cell, a completion date, the latest note
    that says one (else in-progress: something was reported), a timescale cell holding a status;
    else unknown (not reported)."""
    act = p.act
    if p.revised is not None:
        wording, day = p.revised
        act.baseline = act.timescale or (act.due.isoformat() if act.due else None)
        act.timescale, act.due = (None, day) if day else (wording, None)
        if act.baseline:
            act.comments.append(f"the revised target {day.isoformat() if day else wording} replaces "
                                f"{act.baseline}, kept as the baseline")
    act.notes.sort(key=lambda n: note_day(n.on))
    if p.dates:
        _dates(ctx, p)
    if p.status_cell is not None:
        words, where, act.status = p.status_cell
        if not act.notes and not ctx.cmap.tracker:  # the tracker's status needs no note to say it
            act.notes.append(DraftNote(ctx.undated.on, ctx.by, words, act.status))
            act.comments.append(f"{where} '{_excerpt(words)}': status {act.status}, recorded in a note dated "
                                f"{ctx.undated.on}, {ctx.undated_why}")
    elif p.completed is not None:
        act.status = "completed"
    elif act.notes:
        said = [n for n in act.notes if n.status]
        if said and said[-1].status:
            act.status = said[-1].status
            words, where = p.said.get(id(said[-1]), ("", ""))
            if words:
                act.comments.append(f"status {act.status}: the words '{words}' in {where}")
        else:
            act.status = "in-progress"
            act.comments.append("the progress recorded gives no status in words actiontrack reads: in-progress")
    elif act.timescale and (status := status_of(act.timescale)) is not None \
            and parse_timescale(act.timescale, plan_date=ctx.plan_date).kind == "unknown":
        act.status = status
        act.notes.append(DraftNote(ctx.undated.on, ctx.by, act.timescale, status))
        act.comments.append(f"the timescale '{_excerpt(act.timescale)}' is a status, not a time: status {status}, "
                            f"recorded in a note dated {ctx.undated.on}, {ctx.undated_why}")
    if act.status in ("completed", "closed") and act.completed_on is None:
        act.completed_on = p.done_on


def note_day(on: str) -> dt.date:
    """The day a note's date stands for (a month stands for its last day): notes go oldest first."""
    return dt.date.fromisoformat(on) if len(on) == 10 else Dated(on, None).last_day


def _dates(ctx: Context, p: Pending) -> None:
    """An actiontrack workbook's Due and Baseline: `due` only where the wording does not give that date
    (a recurring action's Due is its next review), `baseline` only where the target moved from it."""
    act, due, baseline = p.act, p.dates.get("due"), p.dates.get("baseline")
    read = parse_timescale(act.timescale, plan_date=ctx.plan_date) if act.timescale else None
    if due is not None and (read is None or (read.recurs is None and read.due != due)):
        act.due = due
    if baseline is not None and baseline != (act.due or (read.due if read else None)):
        act.baseline = baseline


def split_owners(text: str) -> list[str]:
    """The owners in one line: split at ';', and at '/' between initials or with a space beside it
    ("SM/LM", "Andrew Brunt/ Ted Townsend"); "Doctor/Nurse for LAC" stays one owner."""
    out: list[str] = []
    for part in re.split(r"\s*;\s*", text):
        pieces = [p.strip() for p in part.split("/")]
        if len(pieces) > 1 and (all(INITIALS.match(p) for p in pieces) or _SLASH_GAP.search(part)):
            out += [p for p in pieces if p]
        elif part.strip():
            out.append(part.strip())
    return out


def _dedupe(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        if not out or out[-1] != v:
            out.append(v)
    return out


def _join(old: str | None, new: str) -> str:
    return new if not old else f"{old}\n{new}"


def _excerpt(text: str, limit: int = 40) -> str:
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
