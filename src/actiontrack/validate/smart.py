"""The SMART checks (`validate --smart`): warnings for actions that cannot be held to account.

Specific and Accountable (AT501), Time-bound (AT502), Measurable (AT503), Achievable and Specific
(AT504), and completion on record (AT505). Each is a pure function of a plan and a date, as the
checks in `checks` are; docs/validation.md gives each code's reason and an example fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from actiontrack.errors import WARNING, Finding
from actiontrack.model import DONE_STATUSES, OPEN_STATUSES, Action, Plan, when_text

# AT504: an action that only restates a vague verb. Narrow on purpose (docs/validation.md gives
# the hit rate on the bundled plans): one of these verbs, then an object of at most four words
# (articles aside),
# and nothing after it: no "to", "by", "and", "so that", no date, no number.
VAGUE_VERBS = ("consider", "review", "look at", "look into", "ensure")
_FOLLOW_ON = frozenset((
    "to", "by", "and", "or", "so", "that", "with", "for", "through", "within", "at", "on", "from", "into",
    "including", "using", "via", "against", "across", "which", "who", "where", "when", "whether", "if",
    "in", "before", "after", "until", "between", "ensuring", "as", "then",
))
_VERBS = "|".join(verb.replace(" ", r"\s+") for verb in VAGUE_VERBS)
_VAGUE = re.compile(r"\s*(?P<verb>" + _VERBS + r")\s+(?P<object>.+?)[.!\s]*\Z", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"[^\s,;:()]+")
MAX_OBJECT_WORDS = 4  # not counting these:
_ARTICLES = frozenset(("the", "a", "an", "all", "any", "our", "its", "their", "this", "these", "those"))

# AT501: an owner that names an organisation or body, not a role or a person. A role word anywhere
# makes it a role ("Head of Children's Services"); otherwise its last word must be one of these.
AGENCY_WORDS = frozenset((
    "agency", "association", "authority", "board", "ccg", "committee", "constabulary", "council", "department",
    "group", "hospital", "hospitals", "icb", "nhs", "partnership", "police", "service", "services", "team",
    "trust", "unit",
))
ROLE_WORDS = frozenset((
    "adviser", "advisor", "chair", "chief", "clerk", "commissioner", "consultant", "coordinator", "co-ordinator",
    "designated", "director", "doctor", "executive", "gp", "head", "inspector", "lead", "leader", "manager",
    "managers", "member", "named", "nurse", "nurses", "officer", "officers", "paediatrician", "practitioner",
    "practitioners", "principal", "secretary", "worker", "workers",
))


def _warn(plan: Plan, act: Action, key: str, code: str, message: str) -> Finding:
    """A SMART warning at one of the action's keys (its start when the key is not written)."""
    pos = act.keys.get(key, (act.line, act.col))
    return Finding(plan.file, pos[0], pos[1], WARNING, code, message)


def check_owners(plan: Plan, as_of: date) -> list[Finding]:
    """AT501: every owner is an organisation or body, or the action names only its `agency`, with no
    role or person who answers for it."""
    out: list[Finding] = []
    bodies = {plan.organisation.casefold()} | {g.title.casefold() for g in plan.groups} | {g.id for g in plan.groups}
    for _, act in plan.actions():
        if act.status in OPEN_STATUSES and not act.owners and act.agency:
            out.append(_warn(plan, act, "agency", "AT501",
                             f"action '{act.id}' names only its agency '{act.agency}', with no role or person who "
                             "answers for it: add owners with a role (\"Head of Safeguarding\") or a person from "
                             "the key"))
            continue
        if act.status not in OPEN_STATUSES or not act.owners:
            continue
        if all(_is_agency(plan, owner, bodies) for owner in act.owners):
            out.append(_warn(plan, act, "owners", "AT501",
                             f"action '{act.id}' is owned only by {_owner_words(act)}, with no role or person "
                             "who answers for it: name a role (\"Head of Safeguarding\") or a person from the key"))
    return out


def _is_agency(plan: Plan, owner: str, bodies: set[str]) -> bool:
    person = plan.people.get(owner)
    if person is not None and person.role:
        return False  # initials standing for someone with a role
    text = person.name if person is not None else owner
    if text.casefold() in bodies or owner.casefold() in bodies:
        return True
    words = [w.casefold().strip(".'’") for w in _WORD.findall(text)]
    if not words or any(w in ROLE_WORDS for w in words):
        return False
    return words[-1] in AGENCY_WORDS


def _owner_words(act: Action) -> str:
    quoted = [f"'{o}'" for o in act.owners]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def check_time_bound(plan: Plan, as_of: date) -> list[Finding]:
    """AT502: an open action that reads as ongoing, with no due date and no cadence to review it by.

    A missing or unreadable timescale is AT204 or AT205 already; this is the one that reads fine
    and still sets no time.
    """
    out: list[Finding] = []
    for _, act in plan.actions():
        if act.status in OPEN_STATUSES and act.kind == "ongoing" and act.due is None and act.recurs is None:
            out.append(_warn(plan, act, "timescale", "AT502",
                             f"action '{act.id}' is ongoing with no due date and no review cadence: "
                             "add one ('Ongoing - reviewed quarterly', or 'due: YYYY-MM-DD')"))
    return out


def vague_object(text: str) -> str | None:
    """The vague verb an action text only restates ("Ensure compliance."), or None."""
    m = _VAGUE.fullmatch(text)
    if m is None:
        return None
    words = _WORD.findall(m.group("object"))
    if not words or len([w for w in words if w.casefold() not in _ARTICLES]) > MAX_OBJECT_WORDS:
        return None
    if any(w.casefold() in _FOLLOW_ON or any(c.isdigit() for c in w) for w in words):
        return None
    return " ".join(m.group("verb").split()).capitalize()


def check_vague(plan: Plan, as_of: date) -> list[Finding]:
    """AT504: action text that is only a vague verb and its object, saying neither what nor by when."""
    out: list[Finding] = []
    for _, act in plan.actions():
        verb = vague_object(act.text)
        if verb is not None and act.status in OPEN_STATUSES:
            out.append(_warn(plan, act, "text", "AT504",
                             f"action '{act.id}' only says '{verb} …' with nothing after the object: "
                             "say what will change and how you will know (\"Review the form and reissue it "
                             "to all midwives\")"))
    return out


def check_measurable(plan: Plan, as_of: date) -> list[Finding]:
    """AT503: an open action with neither `monitoring` (how progress is checked) nor `measure` (what success is)."""
    out: list[Finding] = []
    for _, act in plan.actions():
        if act.status in OPEN_STATUSES and act.monitoring is None and act.measure is None:
            out.append(_warn(plan, act, "id", "AT503",
                             f"action '{act.id}' has no monitoring and no measure: add how progress is checked "
                             "('monitoring: Quarterly audit to the Board') or what shows success "
                             "('measure: All referrals acknowledged within a day')"))
    return out


def completion_of(act: Action) -> tuple[date, str] | None:
    """When a done action was completed, and where that comes from: its `completed_on`, else the
    note that recorded the done status (the first of the notes since the last that did not), else None."""
    if act.completed_on is not None:
        return act.completed_on, "completed_on"
    since: date | None = None
    for note in act.notes:
        if note.status in DONE_STATUSES:
            since = since or note.date
        elif note.status is not None:
            since = None  # reopened: only the completion after it counts
    return (since, "note") if since is not None else None


def check_completion_evidence(plan: Plan, as_of: date) -> list[Finding]:
    """AT505: an embedded or closed action with no evidence dated after its completion.

    The completion is `completed_on`, else the date of the note that recorded it done; with
    neither, any evidence entry counts (an embedded action with none at all is AT303 already).
    Evidence dated after `as_of` is not on the record yet.
    """
    out: list[Finding] = []
    for _, act in plan.actions():
        if act.status not in ("embedded", "closed"):
            continue
        done = completion_of(act)
        seen = [e for e in act.evidence if e.date <= as_of]
        if done is None:
            if seen or act.status == "embedded":
                continue
            key, why = "status", "no evidence of impact at all"
        else:
            day, source = done
            if any(e.date > day for e in seen):
                continue
            key = "completed_on" if source == "completed_on" else "status"
            when = when_text(day, act.completed_month) if source == "completed_on" else day.isoformat()
            how = "completed_on" if source == "completed_on" else "the note that recorded it done"
            why = f"no evidence dated after its completion ({when}, {how})"
        out.append(_warn(plan, act, key, "AT505",
                         f"action '{act.id}' is {act.status} with {why}: add an evidence entry that shows the "
                         "change working since (an audit, a survey, figures), dated when it was seen"))
    return out


SMART_CHECKS: list[Callable[[Plan, date], list[Finding]]] = [
    check_owners, check_time_bound, check_measurable, check_vague, check_completion_evidence,
]
