"""The one check of filter values against the plans: unknown values are errors with the closest candidates."""

from __future__ import annotations

import pytest

from actiontrack.errors import ExitCode, UnknownPlanError, UsageError
from actiontrack.load.loader import Loader, plans_of, unreadable_of
from actiontrack.model import Plan
from actiontrack.query.filters import check_filters
from actiontrack.query.states import Filters

from support import DATA

ALPHA = (DATA / "reading" / "alpha-scr.yaml").read_bytes()
BETA = (DATA / "reading" / "beta-inspection.yaml").read_bytes()


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    results = Loader().load([("plans/alpha-scr.yaml", ALPHA), ("plans/beta-inspection.yaml", BETA)])
    return plans_of(results)


def check(loaded: list[Plan], **kw: tuple[str, ...]) -> Filters:
    return check_filters(loaded, Filters(**kw), [p.id for p in loaded] + ["broken-plan"])


def test_known_values_pass_and_statuses_are_read(plans: list[Plan]) -> None:
    got = check(plans, owners=("brown", "CD"), groups=("police",), plans=("broken-plan",),
                statuses=("done", "In progress", "completed"))
    assert got == Filters(("brown", "CD"), ("police",), ("broken-plan",), ("completed", "in-progress"))


def test_an_unknown_plan_is_not_found_with_the_closest_ids(plans: list[Plan]) -> None:
    with pytest.raises(UnknownPlanError) as exc:
        check(plans, plans=("alpha",))
    assert (str(exc.value), exc.value.exit_code) == ("unknown plan 'alpha'; did you mean alpha-scr?",
                                                     ExitCode.NOT_FOUND)


@pytest.mark.parametrize(("kw", "message"), [
    ({"statuses": ("inprogress",)}, "--status: unknown status 'inprogress': did you mean 'in-progress'? (one of: "
                                    "not-started, in-progress, completed, embedded, closed, dropped, unknown)"),
    ({"owners": ("Ann Browne",)}, "--owner: no action in the plans has an owner matching 'Ann Browne': did you "
                                  "mean 'Ann Brown'?"),
    # Two letters match initials only, never part of a role: "QA" is no owner.
    ({"owners": ("QA",)}, "--owner: no action in the plans has an owner matching 'QA'"),
    # An owner of another plan is no owner of this one.
    ({"owners": ("Carl Dee",), "plans": ("beta-inspection",)},
     "--owner: no action in beta-inspection has an owner matching 'Carl Dee'"),
    ({"groups": ("Polise",)}, "--group: no group in the plans matches 'Polise': did you mean 'police'?"),
    ({"groups": ("xyz",)}, "--group: no group in the plans matches 'xyz' (groups: health, police)"),
    ({"groups": ("police",), "plans": ("beta-inspection",)},
     "--group: no group in beta-inspection matches 'police' (they have no groups)"),
])
def test_a_value_that_matches_nothing_is_a_usage_error(plans: list[Plan], kw: dict[str, tuple[str, ...]],
                                                       message: str) -> None:
    with pytest.raises(UsageError) as exc:
        check(plans, **kw)
    assert (str(exc.value), exc.value.exit_code) == (message, ExitCode.USAGE)


def test_the_error_names_files_that_could_not_be_read(plans: list[Plan]) -> None:
    unreadable = unreadable_of(Loader().load([("plans/zz.yaml", b"id: [\n")]))
    with pytest.raises(UsageError) as exc:
        check_filters(plans, Filters(owners=("Zed",)), ["alpha-scr"], unreadable)
    assert str(exc.value) == ("--owner: no action in the plans has an owner matching 'Zed' (1 plan file could not "
                              "be read in full, and may hold it: plans/zz.yaml)")
