"""ACTION_REF resolution: qualified and bare refs, and the exact errors for unknown, ambiguous and malformed ones."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from actiontrack.edit.refs import parse_ref, require_action, resolve
from actiontrack.errors import ExitCode, NotFoundError, UsageError
from actiontrack.model import Plan

from support import load_file

PLAN = """\
    # Synthetic plan for tests: no real case.
    id: {id}
    title: Test plan {id}
    organisation: Example Partnership
    source: {{kind: other}}
    date: 2024-02-01
    recommendations:
      - id: "1"
        text: A recommendation.
        actions:
    {actions}
    """


def _plan(folder: Path, plan_id: str, action_ids: list[str]) -> None:
    actions = "".join(
        f'          - id: "{a}"\n            text: Do {a}.\n            owners: [Team]\n'
        f"            due: 2024-12-31\n            status: not-started\n"
        for a in action_ids
    )
    text = textwrap.dedent(PLAN).format(id=plan_id, actions="")
    (folder / f"{plan_id}.yaml").write_text(text.rstrip("\n") + "\n" + actions, encoding="utf-8")


@pytest.fixture
def folder(in_tmp: Path) -> Path:
    plans = in_tmp / "plans"
    plans.mkdir()
    _plan(plans, "alpha-scr-2024", ["1.1", "1.2", "1.3", "2.1", "shared"])
    _plan(plans, "beta-review-2023", ["7.1", "7.2", "shared"])
    return plans


def test_qualified_ref(folder: Path) -> None:
    target = resolve("alpha-scr-2024:1.2", folder)
    assert (target.path, target.plan_id, target.action_id) == (Path("plans/alpha-scr-2024.yaml"), "alpha-scr-2024", "1.2")
    assert target.ref == "alpha-scr-2024:1.2"


def test_bare_ref_unique_across_plans(folder: Path) -> None:
    assert resolve("7.2", folder).ref == "beta-review-2023:7.2"


def test_bare_ref_in_two_plans_is_ambiguous_and_lists_both(folder: Path) -> None:
    with pytest.raises(UsageError) as exc:
        resolve("shared", folder)
    assert str(exc.value) == ("action id 'shared' is in 2 plans: write one of alpha-scr-2024:shared, "
                              "beta-review-2023:shared")
    assert exc.value.exit_code == ExitCode.USAGE


def test_unknown_plan_lists_the_plans(folder: Path) -> None:
    with pytest.raises(NotFoundError) as exc:
        resolve("gamma:1.1", folder)
    assert str(exc.value) == "unknown plan 'gamma' (plans: alpha-scr-2024, beta-review-2023)"
    assert exc.value.exit_code == ExitCode.NOT_FOUND


def test_plan_part_that_is_no_slug_is_unknown_not_a_path(folder: Path, in_tmp: Path) -> None:
    (in_tmp / "outside.yaml").write_text("id: outside\n", encoding="utf-8")
    with pytest.raises(NotFoundError) as exc:
        resolve("../outside:1.1", folder)
    assert str(exc.value) == "unknown plan '../outside' (plans: alpha-scr-2024, beta-review-2023)"


def _loaded(path: Path) -> Plan:
    plan = load_file(path).plan
    assert plan is not None
    return plan


def test_unknown_action_suggests_the_closest_ids(folder: Path) -> None:
    with pytest.raises(NotFoundError) as exc:
        require_action(_loaded(folder / "alpha-scr-2024.yaml"), "1.4")
    assert str(exc.value) == "no action '1.4' in plan alpha-scr-2024 (closest: 1.1, 1.2, 1.3)"


def test_unknown_action_without_close_ids_lists_some(folder: Path) -> None:
    with pytest.raises(NotFoundError) as exc:
        require_action(_loaded(folder / "alpha-scr-2024.yaml"), "zzz")
    assert str(exc.value) == "no action 'zzz' in plan alpha-scr-2024 (its actions include: 1.1, 1.2, 1.3, 2.1, shared)"


def test_a_plan_found_by_id_not_file_name_has_its_action_checked(folder: Path) -> None:
    (folder / "alpha-scr-2024.yaml").rename(folder / "alpha.yaml")
    assert resolve("alpha-scr-2024:1.1", folder).path == Path("plans/alpha.yaml")
    with pytest.raises(NotFoundError, match=r"^no action '9' in plan alpha-scr-2024 \(its actions include: "):
        resolve("alpha-scr-2024:9", folder)


def test_unknown_bare_action_suggests_qualified_refs(folder: Path) -> None:
    with pytest.raises(NotFoundError) as exc:
        resolve("7.3", folder)
    assert str(exc.value) == ("no action '7.3' in any plan (closest: beta-review-2023:7.1, "
                              "beta-review-2023:7.2, alpha-scr-2024:1.3)")


def test_unknown_bare_action_mentions_unreadable_files(folder: Path) -> None:
    (folder / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    with pytest.raises(NotFoundError) as exc:
        resolve("nothing-like-it", folder)
    assert str(exc.value) == ("no action 'nothing-like-it' in any plan; 1 plan file could not be read "
                              "(run actiontrack validate)")


@pytest.mark.parametrize("ref", ["", ":", "a:b:c", "plan:", ":1.1", "1 .1", "plan: 1.1"])
def test_malformed_refs_are_usage_errors(ref: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_ref(ref)
    assert str(exc.value) == (f"malformed action reference '{ref}': write PLAN_ID:ACTION_ID "
                              "(e.g. example-scr-2024:1.2) or an action id alone")


def test_parse_ref_splits_plan_and_action() -> None:
    assert parse_ref("alpha-scr-2024:1.2") == ("alpha-scr-2024", "1.2")
    assert parse_ref("6.1.2") == (None, "6.1.2")
