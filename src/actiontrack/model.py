"""The plan model: frozen dataclasses built by `load`, read by every other module."""

from __future__ import annotations

import datetime as dt  # not `from datetime import date`: Plan and Note have fields named `date`
from dataclasses import dataclass, field

from actiontrack.vocabulary import (  # the vocabulary, re-exported: model's names since the start
    DONE_STATUSES as DONE_STATUSES,
)
from actiontrack.vocabulary import (
    EXTENSION_PREFIX as EXTENSION_PREFIX,
)
from actiontrack.vocabulary import (
    KNOWN_ROLES as KNOWN_ROLES,
)
from actiontrack.vocabulary import (
    NOT_DONE_STATUSES as NOT_DONE_STATUSES,
)
from actiontrack.vocabulary import (
    OPEN_STATUSES as OPEN_STATUSES,
)
from actiontrack.vocabulary import (
    PLAN_ID as PLAN_ID,
)
from actiontrack.vocabulary import (
    PLAN_SUFFIXES as PLAN_SUFFIXES,
)
from actiontrack.vocabulary import (
    PRIORITIES as PRIORITIES,
)
from actiontrack.vocabulary import (
    RAG_COLOURS as RAG_COLOURS,
)
from actiontrack.vocabulary import (
    SOURCE_KINDS as SOURCE_KINDS,
)
from actiontrack.vocabulary import (
    STATUS_ORDER as STATUS_ORDER,
)
from actiontrack.vocabulary import (
    STATUS_SYNONYMS as STATUS_SYNONYMS,
)
from actiontrack.vocabulary import (
    STATUSES as STATUSES,
)
from actiontrack.vocabulary import (
    WORKTREE as WORKTREE,
)
from actiontrack.vocabulary import (
    is_backwards as is_backwards,
)
from actiontrack.vocabulary import (
    is_plan_name as is_plan_name,
)
from actiontrack.vocabulary import (
    read_status as read_status,
)
from actiontrack.vocabulary import (
    status_hint as status_hint,
)
from actiontrack.vocabulary import (
    unknown_status as unknown_status,
)

Pos = tuple[int, int]


def _reduce(self: object) -> tuple[object, tuple[object, ...]]:
    """Pickle as a constructor call: the parse cache loads 50,000 actions ~4x faster than
    through dataclasses' generic __setstate__."""
    return (type(self), tuple(getattr(self, name) for name in self.__slots__))  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Person:
    """One entry of the people key: initials -> name and role."""

    __reduce__ = _reduce

    key: str
    name: str
    role: str | None = None
    agency: str | None = None  # the organisation the person works for
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Group:
    """An agency, standard or heading that recommendations sit under."""

    __reduce__ = _reduce

    id: str
    title: str
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Note:
    """A dated progress note; the record is append-only.

    A note the source dates only by month ("Dec 2017", written `"2017-12"`) has `month` set and
    counts as that month's last day (`date`): as of any earlier day it had not been written yet.
    """

    __reduce__ = _reduce

    date: dt.date
    by: str | None  # None when the source does not say who wrote it
    text: str
    status: str | None
    line: int
    col: int
    month: bool = False
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Evidence of impact for an action."""

    __reduce__ = _reduce

    date: dt.date
    description: str
    reference: str | None
    line: int
    col: int
    extra: dict[str, object] = field(default_factory=dict)
    expires: dt.date | None = None  # the day it stops counting as evidence of impact (a re-audit is due)


@dataclass(frozen=True, slots=True)
class Amendment:
    """One entry of a recommendation's amendment history."""

    __reduce__ = _reduce

    text: str
    date: dt.date | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Action:
    """One action with its schedule already read from `timescale`/`due`.

    Every field of the format has one attribute here (docs/plan-format.md lists them): `baseline`
    and `completed_on` are dates already read, `rag` is the colour whatever the source's word
    (`rag_label`), `owners` are the recommendation's when the action names none
    (`owners_inherited`), and `x-...` keys are in `extra`, as plain values.
    """

    __reduce__ = _reduce

    id: str
    text: str
    owners: tuple[str, ...]
    timescale: str | None
    due_given: dt.date | None  # the `due` field as written
    kind: str  # date | immediate | ongoing | unknown (from the timescale, or "date" for `due`)
    due: dt.date | None  # the effective due date: `due` when given, else what the timescale says
    recurs: str | None  # ISO-8601 duration when the timescale recurs
    monitoring: str | None
    status: str
    notes: tuple[Note, ...]
    evidence: tuple[Evidence, ...]
    line: int
    col: int
    starts: dt.date | None = None  # when an ongoing timescale starts ("September 2020 - ongoing")
    baseline: dt.date | None = None  # the original target, kept when the due date moves
    baseline_text: str | None = None  # the baseline as worded, when it was written as a wording
    completed_on: dt.date | None = None  # the day it was done (a month's last day when `completed_month`)
    completed_month: bool = False
    rag: str | None = None  # the owner's own rating: one of RAG_COLOURS
    rag_label: str | None = None  # the source's own word for it, when the plan's rag_scale mapped one
    agency: str | None = None
    measure: str | None = None  # the measure of success
    expected_evidence: str | None = None  # evidence planned, not yet seen
    themes: tuple[str, ...] = ()  # the action's own; themes_of() adds its recommendation's
    priority: str | None = None  # one of PRIORITIES
    owners_inherited: bool = False  # `owners` are the recommendation's
    standalone: bool = False  # a recommendation with no actions, tracked as this one action
    extra: dict[str, object] = field(default_factory=dict)
    # 1-based (line, col) of each key of the action mapping, for located findings.
    keys: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)
    owner_pos: tuple[Pos, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation and the actions that answer it."""

    __reduce__ = _reduce

    id: str
    text: str
    outcome: str | None
    group: str | None
    references: tuple[str, ...]
    amendments: tuple[Amendment, ...]
    actions: tuple[Action, ...]  # a recommendation with no actions of its own holds one standalone action
    line: int
    col: int
    owners: tuple[str, ...] = ()  # the person responsible for the whole recommendation
    status: str | None = None  # the source's own label for the recommendation, as written
    rag: str | None = None
    rag_label: str | None = None
    themes: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)
    keys: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)
    owner_pos: tuple[Pos, ...] = field(default=(), compare=False, repr=False)

    @property
    def standalone(self) -> bool:
        """Whether the recommendation has no actions of its own and is tracked as one action."""
        return len(self.actions) == 1 and self.actions[0].standalone


@dataclass(frozen=True, slots=True)
class SignOff:
    """Who completed (signed off) the plan document, and when."""

    __reduce__ = _reduce

    name: str
    role: str | None = None
    date: dt.date | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Plan:
    """One action plan file."""

    __reduce__ = _reduce

    id: str
    title: str
    organisation: str
    source_kind: str
    source_reference: str | None
    source_date: dt.date | None
    date: dt.date | None  # None when the source gives none (relative timescales then read as unknown)
    published: dt.date | None
    version: str | None
    completed_by: SignOff | None
    people: dict[str, Person]
    groups: tuple[Group, ...]
    recommendations: tuple[Recommendation, ...]
    file: str  # the path as given or found, used in findings and JSON
    line: int = 1
    rag_scale: dict[str, str] = field(default_factory=dict)  # the source's own words -> RAG_COLOURS
    extra: dict[str, object] = field(default_factory=dict)
    source_extra: dict[str, object] = field(default_factory=dict)
    keys: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)
    reaudit: str | None = None  # how long evidence of impact counts, as written ("12 months")
    reaudit_span: tuple[int, str] | None = None  # the same, read: (12, "M") (dates.read_interval)

    def actions(self) -> list[tuple[Recommendation, Action]]:
        """Every action with its recommendation, in file order."""
        return [(rec, act) for rec in self.recommendations for act in rec.actions]

    def group_title(self, group_id: str | None) -> str | None:
        """The heading a group id stands for (the id itself when the plan has no such group)."""
        for g in self.groups:
            if g.id == group_id:
                return g.title
        return group_id


def themes_of(rec: Recommendation, act: Action) -> tuple[str, ...]:
    """An action's themes: its own, then its recommendation's, each once (compared without case)."""
    seen: dict[str, str] = {}
    for theme in (*act.themes, *rec.themes):
        seen.setdefault(theme.casefold(), theme)
    return tuple(seen.values())


def agencies_of(plan: Plan, act: Action) -> tuple[str, ...]:
    """The agencies an action belongs to: its own `agency`, else those of its owners in the people key."""
    if act.agency:
        return (act.agency,)
    seen: dict[str, str] = {}
    for owner in act.owners:
        person = plan.people.get(owner)
        if person is not None and person.agency:
            seen.setdefault(person.agency.casefold(), person.agency)
    return tuple(seen.values())


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_text(day: dt.date) -> str:
    """A month as people write it: 'Dec 2017' (English whatever the locale, as plans are)."""
    return f"{_MONTH_ABBR[day.month - 1]} {day.year}"


def when_text(day: dt.date, month: bool) -> str:
    """A date as the record gives it: '2017-12-04', or 'Dec 2017' for one dated by month."""
    return month_text(day) if month else day.isoformat()


def when_json(day: dt.date, month: bool) -> str:
    """A date as JSON gives it: 'YYYY-MM-DD', or 'YYYY-MM' for one dated by month (ISO 8601 both)."""
    return f"{day.year:04d}-{day.month:02d}" if month else day.isoformat()
