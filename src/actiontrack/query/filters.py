"""The one check of the filter options against the plans: a value that matches nothing is an error, not an answer.

A typo in `--plan`, `--owner`, `--group`, `--status`, `--agency` or `--theme` would otherwise answer "Nothing overdue"
and let a CI gate pass. Every command that takes filters calls `check_filters` once, after
loading and before querying: an unknown plan id is exit 3 (errors.UnknownPlanError), any other
unknown value a usage error (exit 2), each with the closest values the plans hold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from actiontrack.errors import UnknownPlanError, UsageError
from actiontrack.load.loader import Unreadable
from actiontrack.model import Plan, agencies_of, read_status, themes_of, unknown_status
from actiontrack.query.states import Filters, agency_matches, group_matches, owner_matches, theme_matches
from actiontrack.wording import count, did_you_mean_any, printable


def check_filters(plans: Sequence[Plan], filters: Filters, known_ids: Iterable[str],
                  unreadable: Sequence[Unreadable] = ()) -> Filters:
    """The filters as the queries take them (statuses read: "done" is completed), each value checked.

    Args:
        plans: every plan that loaded (before the as-of rule: an owner is known whatever the date).
        known_ids: the plan ids the files hold, those that did not load included (their files are
            named after them): a broken plan is named in the answer, not "unknown".
        unreadable: the files that could not be read in full, named in the error when a value
            might be in them.
    """
    known = sorted(set(known_ids))
    for plan_id in filters.plans:
        if plan_id not in known:
            raise UnknownPlanError(plan_id, known)
    statuses = []
    for word in filters.statuses:
        status = read_status(word)
        if status is None:
            raise UsageError(f"--status: {unknown_status(printable(word))}")
        statuses.append(status)
    chosen = [p for p in plans if p.id in filters.plans] if filters.plans else list(plans)
    where = f"in {', '.join(filters.plans)}" if filters.plans else "in the plans"
    if not chosen:
        # The plans asked for did not load: nothing to check against, and the answer names them.
        return dataclasses.replace(filters, statuses=tuple(dict.fromkeys(statuses)))
    for who in filters.owners:
        if not any(owner_matches(p, act, [who]) for p in chosen for _, act in p.actions()):
            raise UsageError(f"--owner: no action {where} has an owner matching '{printable(who)}'"
                             f"{did_you_mean_any(who, _owner_words(chosen))}{_unread(unreadable)}")
    for group in filters.groups:
        if not any(group_matches(p, g.id, [group]) for p in chosen for g in p.groups):
            titles = [t for p in chosen for g in p.groups for t in (g.id, g.title)]
            hint = did_you_mean_any(group, titles) or (_known_groups(chosen) if titles else " (they have no groups)")
            raise UsageError(f"--group: no group {where} matches '{printable(group)}'{hint}{_unread(unreadable)}")
    for agency in filters.agencies:
        if not any(agency_matches(p, act, [agency]) for p in chosen for _, act in p.actions()):
            names = sorted({a for p in chosen for _, act in p.actions() for a in agencies_of(p, act)})
            hint = did_you_mean_any(agency, names) or (f" (agencies: {', '.join(names[:10])})" if names
                                                       else " (no action names an agency)")
            raise UsageError(f"--agency: no action {where} belongs to an agency matching '{printable(agency)}'"
                             f"{hint}{_unread(unreadable)}")
    for theme in filters.themes:
        if not any(theme_matches(rec, act, [theme]) for p in chosen for rec, act in p.actions()):
            tags = sorted({t for p in chosen for rec, act in p.actions() for t in themes_of(rec, act)})
            hint = did_you_mean_any(theme, tags) or (f" (themes: {', '.join(tags[:10])})" if tags
                                                     else " (no action has a theme)")
            raise UsageError(f"--theme: no action {where} has the theme '{printable(theme)}'{hint}"
                             f"{_unread(unreadable)}")
    return dataclasses.replace(filters, statuses=tuple(dict.fromkeys(statuses)))


def _known_groups(plans: Sequence[Plan], shown: int = 10) -> str:
    """` (groups: a, b, c)`, the first `shown` of them when there are more."""
    ids = sorted({g.id for p in plans for g in p.groups})
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return f" (groups: {', '.join(ids[:shown])}{more})"


def _owner_words(plans: Sequence[Plan]) -> list[str]:
    """What an owner filter can name: owners as written, and the names and roles they stand for."""
    words: dict[str, None] = {}
    for plan in plans:
        for _, act in plan.actions():
            for owner in act.owners:
                words[owner] = None
                person = plan.people.get(owner)
                if person is not None:
                    words[person.name] = None
                    if person.role:
                        words[person.role] = None
    return list(words)


def _unread(unreadable: Sequence[Unreadable]) -> str:
    if not unreadable:
        return ""
    return (f" ({count(len(unreadable), 'plan file')} could not be read in full, and may hold it: "
            f"{', '.join(printable(u.file) for u in unreadable)})")
