"""The plan an import drafts: plan fields, groups, recommendations and actions, each with the
judgements the importer made about it (written beside it as `# import:` comments).

The edit stage turns a Draft into plan YAML text (edit/plantext.py), reads it back through the
one loader and validates it before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What `actiontrack import` was asked: which table, how to map it, and the plan's own fields."""

    organisation: str
    plan_id: str | None = None
    title: str | None = None
    source_kind: str = "other"
    source_reference: str | None = None
    plan_date: dt.date | None = None
    progress_date: dt.date | None = None  # when undated progress cells were written
    sheet: str | None = None
    table: int | None = None
    maps: tuple[tuple[str, str], ...] = ()  # (COLUMN, FIELD) from --map
    rag_scale: tuple[tuple[str, str], ...] = ()  # (WORD, COLOUR) from --rag-scale


@dataclass
class DraftNote:
    """A progress note: `on` is an ISO date, or a month (YYYY-MM) when the source gives no day."""

    on: str
    by: str | None  # None: the note names no author (an actiontrack workbook's note without one)
    text: str
    status: str | None = None


@dataclass
class DraftAction:
    """One action as it will be written (None and empty values are left out)."""

    id: str
    text: str
    where: str
    owners: list[str] = field(default_factory=list)
    given_id: str | None = None  # the id the source gives the action (an actiontrack workbook's Action column)
    timescale_where: str = ""  # the cell the timescale came from, for the report
    agency: str | None = None
    timescale: str | None = None
    due: dt.date | None = None
    baseline: str | dt.date | None = None  # the original wording, or a date (an actiontrack workbook's Baseline)
    monitoring: str | None = None
    measure: str | None = None
    status: str = "unknown"
    completed_on: dt.date | str | None = None  # a day, or a month as YYYY-MM (an actiontrack workbook's)
    rag: str | None = None
    priority: str | None = None  # one of model.PRIORITIES
    extra: dict[str, str] = field(default_factory=dict)  # x- keys
    notes: list[DraftNote] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class DraftRecommendation:
    """One recommendation and its actions."""

    id: str
    text: str
    where: str
    group: str | None = None
    outcome: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    actions: list[DraftAction] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class DraftGroup:
    """A heading recommendations sit under."""

    id: str
    title: str
    where: str = ""
    comments: list[str] = field(default_factory=list)


@dataclass
class Draft:
    """The whole plan: `comments` open the file; `people` maps initials to the name written for them."""

    id: str
    title: str
    organisation: str
    source_kind: str
    source_reference: str | None
    date: dt.date
    people: dict[str, str] = field(default_factory=dict)
    groups: list[DraftGroup] = field(default_factory=list)
    rag_scale: dict[str, str] = field(default_factory=dict)
    recommendations: list[DraftRecommendation] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    plan_comments: dict[str, list[str]] = field(default_factory=dict)  # per plan-level key: comments above it

    def actions(self) -> list[DraftAction]:
        """Every action, in file order."""
        return [a for r in self.recommendations for a in r.actions]
