"""Rows to recommendations: heading rows become groups, rows with an empty recommendation cell
continue the recommendation above, and every recommendation and action gets its id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from actiontrack.importing.actions import Context, build, note_day, short
from actiontrack.importing.columns import COMPUTED, Column, ColumnMap, is_id_like, split_number
from actiontrack.importing.draft import DraftAction, DraftGroup, DraftRecommendation
from actiontrack.importing.lines import Item, action_items
from actiontrack.importing.table import Cell, Remark, Row, SourceTable
from actiontrack.wording import one_line

_CONT = re.compile(r"\s*(?:\(?\s*(?:cont(?:inued|'?d)?|ctd)\.?\s*\)?)\s*\Z", re.IGNORECASE)
_HEADING_MAX = 100
REC_FIELDS = frozenset({"number", "recommendation", "outcome", "group"})


@dataclass
class Walk:
    """The state of one pass down the table's rows."""

    table: SourceTable
    cmap: ColumnMap
    ctx: Context
    recs: list[DraftRecommendation] = field(default_factory=list)
    groups: list[DraftGroup] = field(default_factory=list)
    group: DraftGroup | None = None
    rec: DraftRecommendation | None = None
    numbers: dict[int, str] = field(default_factory=dict)  # id(rec) -> its number as the source writes it
    empty_headings: list[Remark] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    rows: int = 0

    def __post_init__(self) -> None:
        action_col = self.cmap.first("action")
        assert action_col is not None  # map_columns refuses a table without one
        self.action_col = action_col
        self.header_cells = {c.text for c in self.table.rows[self.cmap.header].cells if c.text}
        data = self.table.rows[self.cmap.header + 1:]
        # Whether a recommendation may hold several actions here: a row continues one, or one cell lists several.
        several = any(not self._starts(r) and not r.cells[action_col.index].empty for r in data) or \
            any(len(action_items(r.cells[action_col.index])) > 1 for r in data)
        rec_level = {c.index for c in self.cmap.columns if c.field is None and several and self._rec_level(c, data)}
        self.per_action = [c for c in self.cmap.columns if c.field not in REC_FIELDS
                           and c.field not in ("action", COMPUTED) and c.index not in rec_level]
        self.rec_extra = [c for c in self.cmap.columns if c.index in rec_level]

    def _rec_level(self, col: Column, data: tuple[Row, ...]) -> bool:
        """An extension column whose values, one line each, sit only on the rows that start a
        recommendation: a fact about the recommendation ("Climbie Audit No."), not about an action."""
        filled = [r for r in data if not r.cells[col.index].empty]
        return bool(filled) and all(self._starts(r) and "\n" not in r.cells[col.index].text for r in filled)

    def _starts(self, row: Row) -> bool:
        """Whether the row has a number or recommendation of its own (not copied from a merged cell above)."""
        cells = [row.cells[c.index] for c in self.cmap.columns if c.field in ("number", "recommendation")]
        return any(not c.empty and not c.copied for c in cells)

    # -------------------------------------------------------------- the rows

    def run(self) -> None:
        """Walk every row below the header."""
        for row in self.table.rows[self.cmap.header + 1:]:
            self.rows += 1
            self.row(row)

    def row(self, row: Row) -> None:
        """One row: a repeated header, a heading, or recommendation and actions."""
        texts = {c.text for c in row.cells if c.text}
        if texts and texts <= self.header_cells and len(texts) >= 2:
            self.facts.append(f"{row.where} repeats the header: skipped")
            return
        heading = self._heading(row)
        if heading is not None:
            self._new_group(heading, row)
            return
        rec, started = self._recommendation(row)
        action_cell = row.cells[self.action_col.index]
        # An actiontrack workbook writes one action a row: its text is never split at its lines.
        items = ([Item(action_cell.text, 0, 0)] if action_cell.text else []) if self.cmap.tracker \
            else action_items(action_cell)
        has_values = any(not row.cells[c.index].empty for c in self.per_action)
        if not items and has_values:
            if not started and rec.actions:
                self._continue_last(rec, row)
                return
            items = [Item(rec.text, 0, 0)]
            action_cell = Cell(rec.text, row.cells[self.action_col.index].where)
            rec.comments.append(f"{row.where} gives no action text: the recommendation is its own action")
        acts = build(self.ctx, row, items, action_cell, self.per_action, self.action_col.header)
        if not started and acts:
            number = self.numbers.get(id(rec))
            which = f"recommendation {number}" if number else f"the recommendation in {rec.where}"
            acts[0].comments.insert(0, f"{row.where} has no recommendation of its own: it continues {which}")
        rec.actions.extend(acts)

    def _continue_last(self, rec: DraftRecommendation, row: Row) -> None:
        """A row with cells but no action and no recommendation: what it holds goes to the action above."""
        last = rec.actions[-1]
        acts = build(self.ctx, row, [Item(last.text, 0, 0)], Cell(last.text, row.where), self.per_action,
                     self.action_col.header)
        extra = acts[0]
        last.owners += [o for o in extra.owners if o not in last.owners]
        last.notes += extra.notes
        last.notes.sort(key=lambda n: note_day(n.on))
        for key, value in extra.extra.items():
            last.extra[key] = f"{last.extra[key]}\n{value}" if key in last.extra else value
        last.timescale = last.timescale or extra.timescale
        last.comments.append(f"{row.where} has no action of its own: its cells continue this action")
        if extra.notes and extra.status != "unknown":
            last.status = extra.status

    def _heading(self, row: Row) -> str | None:
        """The heading a row holds: one short line alone on the row, outside the action columns."""
        filled = [c for c in row.cells if not c.empty]
        if len({(c.merged or c.where, c.text) for c in filled}) != 1:
            return None
        cell = filled[0]
        col = next((c for c in self.cmap.columns if row.cells[c.index] is cell), None)
        text = cell.text.strip()
        if "\n" in text or len(text) > _HEADING_MAX or (text.endswith(".") and not row.spans):
            return None
        if col is not None and col.field not in (None, "number", "recommendation", "outcome", "group"):
            return None
        if col is not None and col.field == "number" and is_id_like(text):
            return None
        return text

    def _new_group(self, title: str, row: Row) -> None:
        self._drop_if_empty()
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-") or "group"
        gid, n = slug, 2
        while any(g.id == gid for g in self.groups):
            gid, n = f"{slug}-{n}", n + 1
        self.group = DraftGroup(gid, title, row.where, [f"{row.where} holds this text alone: read as a heading"])
        self.groups.append(self.group)

    def _recommendation(self, row: Row) -> tuple[DraftRecommendation, bool]:
        """The recommendation a row belongs to, and whether the row starts it."""
        num_col, rec_col = self.cmap.first("number"), self.cmap.first("recommendation")
        assert rec_col is not None
        rec_cell = row.cells[rec_col.index]
        copied = rec_cell.copied
        number = one_line(row.cells[num_col.index].text) if num_col is not None else ""
        text = "" if copied else rec_cell.text
        if num_col is None and self.cmap.number_in_text and text and (split := split_number(text)):
            number, text = split
        cont = bool(number) and bool(_CONT.search(number))
        number = _CONT.sub("", number).strip().rstrip(".").strip() if number else ""
        if num_col is not None and row.cells[num_col.index].copied:
            number, cont = "", True  # a merged number cell: the rows below it continue the recommendation
        self._group_column(row)
        cur = self.rec
        if cont and number:
            found = next((r for r in reversed(self.recs) if self.numbers.get(id(r)) == number), cur)
            if found is not None:
                return self._outcome(found, row, False)
        if number and cur is not None and number == self.numbers.get(id(cur)) and (not text or text == cur.text):
            return self._outcome(cur, row, False)
        if not number and (not text or (cur is not None and text == cur.text)):
            if cur is not None:
                note = f"{short(rec_col.header, rec_cell.merged or '')} is one merged cell: " \
                    "each row under it continues the recommendation"
                if copied and note not in cur.comments:
                    cur.comments.append(note)
                return self._outcome(cur, row, False)
            return self._start("", "(the source gives no recommendation for the actions above its first one)",
                               row, [f"{row.where} has actions before any recommendation"])
        if not number and cur is not None and text[:1].islower() and not cur.text.rstrip().endswith((".", "?", "!")):
            cur.text = f"{cur.text} {text}"
            cur.comments.append(f"{short(rec_col.header, rec_cell.where)} starts in lower case: it continues the "
                                "recommendation's text from the row above")
            return self._outcome(cur, row, False)
        return self._start(number, text or "(the source gives this recommendation a number but no text)", row, [])

    def _start(self, number: str, text: str, row: Row, comments: list[str]) -> tuple[DraftRecommendation, bool]:
        rec = DraftRecommendation("", text, row.where, self.group.id if self.group else None, comments=comments)
        self.numbers[id(rec)] = number
        self.recs.append(rec)
        self.rec = rec
        for col in self.rec_extra:
            if not row.cells[col.index].empty:
                rec.extra[col.key] = row.cells[col.index].text
        return self._outcome(rec, row, True)

    def _outcome(self, rec: DraftRecommendation, row: Row, started: bool) -> tuple[DraftRecommendation, bool]:
        col = self.cmap.first("outcome")
        if col is not None:
            cell = row.cells[col.index]
            if cell.text and not cell.copied and cell.text != rec.outcome:
                rec.outcome = f"{rec.outcome}\n{cell.text}" if rec.outcome else cell.text
        return rec, started

    def _group_column(self, row: Row) -> None:
        col = self.cmap.first("group")
        if col is None or row.cells[col.index].empty:
            return
        title = one_line(row.cells[col.index].text)
        if self.group is None or self.group.title != title:
            existing = next((g for g in self.groups if g.title == title), None)
            if existing is not None:
                self.group = existing
            else:
                self._new_group(title, row)
                assert self.group is not None
                self.group.comments = [f"{short(col.header, row.cells[col.index].where)} names the group"]

    # -------------------------------------------------------------- ids

    def finish(self) -> list[Remark]:
        """Ids for every recommendation and action, a group for recommendations above the first heading,
        and a place to be named for headings with nothing under them; the remarks for the report."""
        self._drop_if_empty()
        if self.groups and any(r.group is None for r in self.recs):
            first = DraftGroup("before-first-heading", "(before the first heading)", "",
                               ["the source puts these recommendations above its first heading"])
            self.groups.insert(0, first)
            for r in self.recs:
                r.group = r.group or first.id
        for rec in self.recs:
            if not rec.actions:
                rec.actions.append(DraftAction("", rec.text, rec.where, comments=[
                    "the source gives this recommendation no action: its text is its one action"]))
        self._ids()
        return self.empty_headings

    def _drop_if_empty(self) -> None:
        """A heading with no recommendation under it (a footer, a key) is reported, not imported."""
        group = self.group
        if group is not None and not any(r.group == group.id for r in self.recs):
            self.empty_headings.append(Remark(group.where, f"'{one_line(group.title)}' reads as a heading with no "
                                                           "recommendation under it: not imported"))
            self.groups.remove(group)

    def _ids(self) -> None:
        given = [self.numbers.get(id(r), "") for r in self.recs]
        clash = {n for n in given if n and given.count(n) > 1}
        by_group = len({r.group for r in self.recs if self.numbers.get(id(r)) in clash}) > 1
        used: set[str] = set()
        counter = 0
        for rec, number in zip(self.recs, given):
            rid = number
            if by_group and number:  # numbering restarts under each heading: prefix the heading
                rid = f"{self._prefix(rec.group)}.{number}"
            if not rid:
                counter += 1
                while str(counter) in used or str(counter) in given:
                    counter += 1
                rid = str(counter)
            base, n = rid, 2
            while rid in used:
                rid, n = f"{base}-{n}", n + 1
            if rid != (number or rid):
                rec.comments.append(f"the source numbers it {number}; written as {rid} to keep ids unique")
            used.add(rid)
            rec.id = rid
            slug = re.sub(r"[^A-Za-z0-9._-]+", "-", rid).strip("-.") or f"r{len(used)}"
            for k, act in enumerate(rec.actions, start=1):
                act.id = f"{slug}.{k}"
        ids = [a.given_id for r in self.recs for a in r.actions]
        if ids and all(ids) and len(set(ids)) == len(ids):  # ids the source gives, each once: kept
            for act in (a for r in self.recs for a in r.actions):
                act.id = act.given_id or act.id

    def _prefix(self, group_id: str | None) -> str:
        group = next((g for g in self.groups if g.id == group_id), None)
        if group is None:
            return "G"
        digits = re.search(r"\d+", group.title)
        return group.title[:1].upper() + (digits.group() if digits else str(self.groups.index(group) + 1))

