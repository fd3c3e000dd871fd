"""A plan as stable, line-oriented text for git's textconv: one fact per line, each led by its id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from actiontrack.errors import Finding, TooLarge
from actiontrack.load.lines import split_lines
from actiontrack.load.loader import LoadResult
from actiontrack.model import Action, Note, Plan, Recommendation, when_text
from actiontrack.query.textconv_place import NONE, Placed, place_findings
from actiontrack.query.unread import Unread, unread_entries
from actiontrack.validate.privacy import markers_of
from actiontrack.wording import one_line as _one
from actiontrack.wording import printable

# The bytes are not plan text (binary, not UTF-8: AT003) or too many to parse (AT005): printed raw,
# they would put NUL bytes or megabytes into git's output. A size and hash tell two versions apart.
_NOT_SHOWN = frozenset({"AT003", "AT005"})


def textconv(data: bytes | OSError, result: LoadResult, sha1: str | None = None) -> str:
    """The text git diffs for one plan file (never raises on bad input).

    Every finding is shown: the loader's and validate's checks alike (all but the file-name
    check, since git hands textconv a temporary file whose name changes on every run; for the
    same reason findings carry no path). For a plan that loads, a count comes first and each
    finding stands beside the entry it concerns, named by its id (textconv_place), so that an
    edit elsewhere leaves its line unchanged. An entry the file holds but the plan lacks (an
    action with no owners, a note with an impossible date) is shown in place as `! … not shown:
    …` lines, never left out in silence (`result` must keep its tree). A file that does not load
    gives its findings as `! line:col: ...` lines followed by the raw file, so that `git diff`
    still shows something; a binary, non-UTF-8 or oversized one gives its size and SHA-1 instead
    of its bytes (`sha1`, hashed by the caller, for one too large to read), and one that could
    not be read only its finding. Every line, the raw file's included, is made printable: this
    text reaches terminals through `git diff` and `git log -p`.
    """
    findings = all_findings(result)
    lines = [f"! {f.line}:{f.col}: {f.severity} {f.code} {_one(f.message)}" for f in findings]
    if isinstance(data, TooLarge) and sha1 is not None:
        lines.append(f"! content not shown (binary or too large): {data.size:,} bytes, sha1 {sha1}")
    if isinstance(data, OSError):
        return _text(lines)
    if result.plan is None and any(f.code in _NOT_SHOWN for f in result.findings):
        lines.append(f"! content not shown (binary or too large): {len(data):,} bytes, "
                     f"sha1 {hashlib.sha1(data).hexdigest()}")
        return _text(lines)
    if result.plan is None:
        # The raw file, line by line as YAML reads lines (CR, NEL, LS and PS end lines too).
        return _text(lines + split_lines(data.decode("utf-8", "replace")))
    unread = unread_entries(result)
    placed = place_findings(result, result.plan, findings, unread)  # keyed by entry instead of line:col
    return _text([*placed.head, *plan_lines(result.plan, unread, placed), *marker_lines(result.plan, data)])


def marker_lines(plan: Plan, data: bytes) -> Iterator[str]:
    """The file's `# privacy-ok` markers, last, in file order, each with where it is and what it
    covers (masked, as diff shows it); no line numbers, so that moving a marked line changes nothing."""
    from actiontrack.query.diff_privacy import marker_json, place

    for marker in markers_of(data):
        rec, act = place(plan, marker.line)
        where = f"action {act.id}" if act else f"recommendation {rec.id}" if rec else f"plan {plan.id}"
        view = marker_json(marker)
        yield f"{where} privacy-ok: {_one(str(view['reason']))} (covering {_one(str(view['text']))})"


def _text(lines: list[str]) -> str:
    return "".join(printable(line) + "\n" for line in lines)


def all_findings(result: LoadResult) -> list[Finding]:
    """The loader's findings and, for a plan, validate's checks of it (date-independent), sorted."""
    from actiontrack.validate.checks import PLAN_CHECKS

    found = list(result.findings)
    if result.plan is not None:
        for check in PLAN_CHECKS:
            found.extend(check(result.plan, date.max))  # date.max: nothing is "in the future"
    return sorted(set(found))


def plan_lines(plan: Plan, unread: Sequence[Unread] = (), placed: Placed = NONE) -> Iterator[str]:
    """Every fact of a plan, in file order; entries that could not be read shown where they stand,
    and each finding of `placed` after the entry it concerns."""
    head = f"plan {plan.id}"
    yield f"{head} title: {_one(plan.title)}"
    yield f"{head} organisation: {_one(plan.organisation)}"
    yield f"{head} source: {plan.source_kind}"
    if plan.source_reference:
        yield f"{head} source reference: {_one(plan.source_reference)}"
    if plan.source_date:
        yield f"{head} source date: {_iso(plan.source_date)}"
    yield f"{head} date: {_iso(plan.date) or 'none'}"
    if plan.published:
        # _iso(): model.Plan has a field named `date`, which hides the type from checkers there.
        yield f"{head} published: {_iso(plan.published)}"
    if plan.version:
        yield f"{head} version: {_one(plan.version)}"
    if plan.completed_by:
        so = plan.completed_by
        parts = [so.name, so.role, _iso(so.date)]
        yield f"{head} completed by: {_one(', '.join(p for p in parts if p))}"
        yield from _extra(f"{head} completed by", so.extra)
    for word, colour in plan.rag_scale.items():
        yield f"{head} rag scale {_one(word)}: {colour}"
    if plan.reaudit:
        yield f"{head} reaudit: {_one(plan.reaudit)}"
    yield from _extra(head, plan.extra)
    yield from _extra(f"{head} source", plan.source_extra)
    for person in plan.people.values():
        details = [x for x in (person.role, person.agency and f"agency {person.agency}") if x]
        yield f"{head} person {person.key}: {_one(', '.join([person.name, *details]))}"
        yield from _extra(f"{head} person {person.key}", person.extra)
    for group in plan.groups:
        yield f"{head} group {group.id}: {_one(group.title)}"
        yield from _extra(f"{head} group {group.id}", group.extra)
    recs = [((r.line, r.col), recommendation_lines(r, unread, placed)) for r in plan.recommendations]
    yield from _in_place(recs, [u for u in unread if u.level == "recommendation"], placed)


def recommendation_lines(rec: Recommendation, unread: Sequence[Unread] = (), placed: Placed = NONE) -> Iterator[str]:
    """A recommendation's facts, then its actions'."""
    head = f"recommendation {_one(rec.id)}"
    if rec.group:
        yield f"{head} group: {rec.group}"
    yield f"{head} text: {_one(rec.text)}"
    if rec.outcome:
        yield f"{head} outcome: {_one(rec.outcome)}"
    for ref in rec.references:
        yield f"{head} reference: {_one(ref)}"
    for amendment in rec.amendments:
        when = f" {amendment.date.isoformat()}" if amendment.date else ""
        yield f"{head} amendment{when}: {_one(amendment.text)}"
        yield from _extra(f"{head} amendment{when}", amendment.extra)
    if not rec.standalone:
        for owner in rec.owners:
            yield f"{head} owner: {_one(owner)}"
    if rec.status:
        yield f"{head} status: {rec.status}"
    if rec.rag:
        yield f"{head} rag: {rec.rag}" + (f" ({_one(rec.rag_label)})" if rec.rag_label else "")
    for theme in rec.themes:
        yield f"{head} theme: {_one(theme)}"
    yield from _extra(head, rec.extra)
    if not rec.standalone:  # a recommendation tracked as one action: its findings are the action's
        yield from placed.at((rec.line, rec.col))
    acts = [((a.line, a.col), action_lines(rec, a, unread, placed)) for a in rec.actions]
    yield from _in_place(acts, [u for u in unread if u.level == "action" and u.parent == rec.id], placed)


def action_lines(rec: Recommendation, act: Action, unread: Sequence[Unread] = (),
                 placed: Placed = NONE) -> Iterator[str]:
    """An action's facts, in a fixed order."""
    head = f"action {act.id}"
    yield f"{head} recommendation: {_one(rec.id)}" + (" (tracked as one action)" if act.standalone else "")
    if not act.standalone:
        yield f"{head} text: {_one(act.text)}"
    for owner in act.owners:
        yield f"{head} owner: {_one(owner)}" + (" (the recommendation's)" if act.owners_inherited else "")
    if act.agency:
        yield f"{head} agency: {_one(act.agency)}"
    due = act.due.isoformat() if act.due else "none"
    wording = f" ({_one(act.timescale)})" if act.timescale else ""
    yield f"{head} due: {due}{wording}"
    if act.starts:
        yield f"{head} starts: {act.starts.isoformat()}"
    if act.baseline or act.baseline_text:
        wording = f" ({_one(act.baseline_text)})" if act.baseline_text else ""
        yield f"{head} baseline: {_iso(act.baseline) or 'none'}{wording}"
    if act.recurs:
        yield f"{head} recurs: {act.recurs}"
    for label, value in (("monitoring", act.monitoring), ("measure", act.measure),
                         ("expected evidence", act.expected_evidence), ("priority", act.priority)):
        if value:
            yield f"{head} {label}: {_one(value)}"
    if not act.standalone:
        for theme in act.themes:
            yield f"{head} theme: {_one(theme)}"
    yield f"{head} status: {act.status}"
    if act.completed_on:
        yield f"{head} completed on: {when_text(act.completed_on, act.completed_month)}"
    if act.rag and not act.standalone:
        yield f"{head} rag: {act.rag}" + (f" ({_one(act.rag_label)})" if act.rag_label else "")
    yield from _extra(head, act.extra)
    mine = [u for u in unread if u.parent == act.id]
    notes = [((n.line, n.col), _note_lines(head, n)) for n in act.notes]
    yield from _in_place(notes, [u for u in mine if u.level == "note"])
    evidence = [((e.line, e.col), iter([f"{head} evidence {e.date.isoformat()}: {_one(e.description)}"
                                        + (f" ({_one(e.reference)})" if e.reference else "")
                                        + (f", expires {e.expires.isoformat()}" if e.expires else ""),
                                        *_extra(f"{head} evidence {e.date.isoformat()}", e.extra)]))
                for e in act.evidence]
    yield from _in_place(evidence, [u for u in mine if u.level == "evidence"])
    yield from placed.at((act.line, act.col))


def _note_lines(head: str, note: Note) -> Iterator[str]:
    when = when_text(note.date, note.month)
    by = f" {_one(note.by)}" if note.by else ""
    status = f" ({_one(note.status)})" if note.status else ""
    yield f"{head} note {when}{by}{status}: {_one(note.text)}"
    yield from _extra(f"{head} note {when}", note.extra)


def _in_place(items: Iterable[tuple[tuple[int, int], Iterator[str]]], unread: Sequence[Unread],
              placed: Placed = NONE) -> Iterator[str]:
    """Entries' lines in file order, with each entry that could not be read where it stands."""
    missing = [((u.line, u.col), iter([*unread_lines(u), *placed.at((u.line, u.col))])) for u in unread]
    for _, lines in sorted([*items, *missing], key=lambda item: item[0]):
        yield from lines


def unread_lines(u: Unread) -> list[str]:
    """An entry that could not be read, as finding lines in its place (no line numbers, which an
    edit above it would change: the entry's label says where it is)."""
    label = _one(u.label)
    if not u.findings:
        return [f"! {label} not shown: it could not be read"]
    return [f"! {label} not shown: {f.severity} {f.code} {_one(f.message)}" for f in u.findings]


def _extra(head: str, extra: dict[str, object]) -> Iterator[str]:
    """`x-...` keys, one line each, their values as compact JSON (dates as ISO text)."""
    import json

    for key, value in extra.items():
        yield f"{head} {_one(key)}: {_one(json.dumps(value, ensure_ascii=False, default=str, sort_keys=True))}"


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None
