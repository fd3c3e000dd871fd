"""The plan model: frozen dataclasses built by `load`, read by every other module."""

from __future__ import annotations

import datetime as dt  # not `from datetime import date`: Plan and Note have fields named `date`
import re
from dataclasses import dataclass, field

# A plan id is a slug, and a valid plan's file is named after it: plans/PLAN_ID.yaml.
PLAN_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
PLAN_SUFFIXES = (".yaml", ".yml")
# A revision that stands for the working tree (files on disk), as one end of a diff or a summary.
WORKTREE = "WORKTREE"

SOURCE_KINDS = (
    "serious-case-review",
    "practice-review",
    "adults-review",
    "domestic-homicide-review",
    "inspection",
    "inquiry",
    "other",
)
# Order matters: it defines "moving backwards" (is_backwards). `dropped` sits apart.
STATUS_ORDER = ("not-started", "in-progress", "completed", "embedded", "closed")
STATUSES = (*STATUS_ORDER, "dropped")
OPEN_STATUSES = frozenset({"not-started", "in-progress"})
DONE_STATUSES = frozenset({"completed", "embedded", "closed"})
# Words people type for a status, read as the status they mean: in commands and filters, never in
# plan files (a file says the status itself; validate names it). The one table of them.
STATUS_SYNONYMS = {"done": "completed", "complete": "completed", "finished": "completed"}
# A word that is another with one of these in front means its opposite ("incomplete", "undone",
# "not-started"): never offered as a did-you-mean for it.
_NEGATIONS = ("not-", "not", "non-", "non", "un", "in", "no-", "no")


def read_status(word: str) -> str | None:
    """The status a typed word names, or None: the status itself (any case, spaces or underscores
    for hyphens, as in "In progress"), or a synonym from STATUS_SYNONYMS."""
    key = _status_key(word)
    if key in STATUSES:
        return key
    return STATUS_SYNONYMS.get(key)


def status_hint(word: str) -> str:
    """`: did you mean 'completed'?` for a mistyped status, or "" when no status is close.

    Synonyms count as candidates (a typo of "finished" suggests completed), and a candidate that
    is the word's opposite is never offered: "undone" is not done, "started" is not not-started.
    """
    from actiontrack.wording import suggest

    key = _status_key(word)
    candidates = [*STATUSES, *STATUS_SYNONYMS]
    for close in suggest(key, candidates, n=len(candidates), cutoff=0.6):
        if not _negated(key, close):
            return f": did you mean '{STATUS_SYNONYMS.get(close, close)}'?"
    return ""


def unknown_status(word: str, shown: str | None = None) -> str:
    """The one message for a status that is not one: `unknown status 'x': did you mean ...? (one of: ...)`."""
    return f"unknown status '{word if shown is None else shown}'{status_hint(word)} (one of: {', '.join(STATUSES)})"


def _status_key(word: str) -> str:
    return "-".join(word.replace("_", " ").casefold().split())


def _negated(a: str, b: str) -> bool:
    """Whether one word is the other with a negation in front ("incomplete" and "complete")."""
    import difflib

    for word, other in ((a, b), (b, a)):
        for neg in _NEGATIONS:
            if word.startswith(neg) and not other.startswith(neg[:2]) \
                    and difflib.SequenceMatcher(None, word[len(neg):], other).ratio() >= 0.8:
                return True
    return False


def is_backwards(old: str, new: str) -> bool:
    """Whether a status change moves back: a step down STATUS_ORDER, or out of `dropped`.

    The one definition `status` (a reason is required), `diff` (a note is expected) and `summary`
    (a move back is not a completion) share. Reopening a dropped action undoes a decision the
    record explains, so it needs explaining too; dropping needs a reason of its own and is not
    "back". A status outside STATUSES (a typo) is never backwards: validate reports it.
    """
    if old == "dropped":
        return new != "dropped"
    if old in STATUS_ORDER and new in STATUS_ORDER:
        return STATUS_ORDER.index(new) < STATUS_ORDER.index(old)
    return False

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


@dataclass(frozen=True, slots=True)
class Group:
    """An agency, standard or heading that recommendations sit under."""

    __reduce__ = _reduce

    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Note:
    """A dated progress note; the record is append-only."""

    __reduce__ = _reduce

    date: dt.date
    by: str
    text: str
    status: str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """Evidence of impact for an action."""

    __reduce__ = _reduce

    date: dt.date
    description: str
    reference: str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Amendment:
    """One entry of a recommendation's amendment history."""

    __reduce__ = _reduce

    text: str
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """One action with its schedule already read from `timescale`/`due`."""

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
    actions: tuple[Action, ...]
    line: int
    col: int
    keys: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SignOff:
    """Who completed (signed off) the plan document, and when."""

    __reduce__ = _reduce

    name: str
    role: str | None = None
    date: dt.date | None = None


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
    date: dt.date
    published: dt.date | None
    version: str | None
    completed_by: SignOff | None
    people: dict[str, Person]
    groups: tuple[Group, ...]
    recommendations: tuple[Recommendation, ...]
    file: str  # the path as given or found, used in findings and JSON
    line: int = 1
    keys: dict[str, Pos] = field(default_factory=dict, compare=False, repr=False)

    def actions(self) -> list[tuple[Recommendation, Action]]:
        """Every action with its recommendation, in file order."""
        return [(rec, act) for rec in self.recommendations for act in rec.actions]

    def group_title(self, group_id: str | None) -> str | None:
        """The heading a group id stands for (the id itself when the plan has no such group)."""
        for g in self.groups:
            if g.id == group_id:
                return g.title
        return group_id
