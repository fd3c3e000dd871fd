"""The plan format's vocabulary: plan ids, file suffixes, statuses and their order, and the few rules on them.

Plain constants and functions, no dataclasses: the paths that never build a model (the warm
`overdue --format json`, discovering files) import this and not `model`, whose nine frozen
dataclasses cost more to create than the rest of such a run (docs/performance.md). `model`
re-exports every name, so either import works.
"""

from __future__ import annotations

import re

# A plan id is a slug, and a valid plan's file is named after it: plans/PLAN_ID.yaml.
PLAN_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
PLAN_SUFFIXES = (".yaml", ".yml")


def is_plan_name(name: str) -> bool:
    """Whether a file name is a plan file's: it ends .yaml or .yml in any case (`.YAML`, `.Yml`).

    The one rule of the working tree (load/discover) and of a revision (gitrepo): a file of that
    name is read wherever it is below the plans folder, so none is passed over unread.
    """
    return name.lower().endswith(PLAN_SUFFIXES)
# A revision that stands for the working tree (files on disk), as one end of a diff or a summary.
WORKTREE = "WORKTREE"

# The kinds of review and inspection published UK plans answer (docs/plan-format.md). Any other
# kind is kept as written, with a warning (AT210): a new kind of review must not stop a plan.
SOURCE_KINDS = (
    "serious-case-review",
    "child-safeguarding-practice-review",
    "rapid-review",
    "practice-review",
    "safeguarding-adults-review",
    "adults-review",
    "domestic-homicide-review",
    "mental-health-homicide-review",
    "joint-targeted-area-inspection",
    "inspection",
    "scrutiny-review",
    "audit",
    "inquiry",
    "other",
)
# Order matters: it defines "moving backwards" (is_backwards). `dropped` and `unknown` sit apart.
STATUS_ORDER = ("not-started", "in-progress", "completed", "embedded", "closed")
STATUSES = (*STATUS_ORDER, "dropped", "unknown")
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
# `unknown` is "not reported": not done, so it can be overdue, but never counted as started or not.
NOT_DONE_STATUSES = OPEN_STATUSES | {"unknown"}
# The owner's own rating, as Boards use it: blue is "complete and embedded" (BRAG).
RAG_COLOURS = ("red", "amber", "green", "blue")
PRIORITIES = ("high", "medium", "low")
# Roles that plans write in capitals as owners or authors without a people key: not initials.
# Each is a post every area has one of, so "DCS" names a person as surely as a name would.
KNOWN_ROLES = frozenset({"CEO", "DASS", "DCS", "DPH", "DSL", "IRO", "LADO", "SENCO"})
EXTENSION_PREFIX = "x-"


def is_backwards(old: str, new: str) -> bool:
    """Whether a status change moves back: a step down STATUS_ORDER, or out of `dropped`.

    The one definition `status` (a reason is required), `diff` (a note is expected) and `summary`
    (a move back is not a completion) share. Reopening a dropped action undoes a decision the
    record explains, so it needs explaining too; dropping needs a reason of its own and is not
    "back". `unknown` ("not reported") is a step back only from a done status; leaving it is
    never one. A status outside STATUSES (a typo) is never backwards: validate reports it.
    """
    if old == "dropped":
        return new != "dropped"
    if new == "unknown":
        return old in DONE_STATUSES  # "not reported" after "done" un-records the completion
    if old in STATUS_ORDER and new in STATUS_ORDER:
        return STATUS_ORDER.index(new) < STATUS_ORDER.index(old)
    return False
