"""The edit core: what note, status, reschedule and new write, and every refusal leaving the file untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from actiontrack.edit import atomic
from actiontrack.edit.commands import add_note, new_plan, reschedule, set_status
from actiontrack.edit.pipeline import EditContext
from actiontrack.errors import NotFoundError, RefusedError, UsageError
from actiontrack.model import Action
from actiontrack.validate import validate

from support import DATA, load_file

TODAY = date(2026, 11, 22)
REF = "valid-plan"


@pytest.fixture
def plan_path(in_tmp: Path) -> Path:
    (in_tmp / "plans").mkdir()
    return Path(shutil.copy(DATA / "valid-plan.yaml", in_tmp / "plans" / "valid-plan.yaml"))


def ctx(by: str | None = "AM", on: date | None = None, today: date = TODAY, dry_run: bool = False) -> EditContext:
    return EditContext(Path("plans"), by, on, today, dry_run)


def action(path: Path, action_id: str) -> Action:
    result = load_file(path)
    assert result.plan is not None
    return next(a for _, a in result.plan.actions() if a.id == action_id)


def inserted(before: str, after: str) -> str:
    """The lines `after` adds to `before`, when it only adds lines in one place (else fail)."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    added = len(b) - len(a)
    assert b[:i] == a[:i] and b[i + added:] == a[i:], "not a pure insertion"
    return "".join(b[i:i + added])


# ---- note ----------------------------------------------------------------------------------------


def test_note_appends_exactly_one_dated_note(plan_path: Path) -> None:
    before = plan_path.read_text()
    result = add_note(ctx(), f"{REF}:1.1", "Audit booked for March.")
    assert result.written and result.message == "noted valid-plan:1.1 (line 48)"
    assert inserted(before, plan_path.read_text()) == (
        "          - date: 2026-11-22\n            by: AM\n            text: Audit booked for March.\n")


def test_first_note_of_an_action_adds_the_notes_key(plan_path: Path) -> None:
    before = plan_path.read_text()
    add_note(ctx(by="Jo Bloggs"), "1.2", "Started.")
    assert inserted(before, plan_path.read_text()) == (
        "        notes:\n          - date: 2026-11-22\n            by: Jo Bloggs\n            text: Started.\n")


def test_markup_in_note_text_is_written_literally_and_reads_back(plan_path: Path) -> None:
    text = "[red]alert[/] [link=http://x]y[/link]"
    add_note(ctx(), f"{REF}:1.2", text)
    assert '            text: "[red]alert[/] [link=http://x]y[/link]"\n' in plan_path.read_text()
    assert action(plan_path, "1.2").notes[-1].text == text


def test_multi_line_note_is_a_block_scalar_and_reads_back(plan_path: Path) -> None:
    text = "Audit findings:\n- 18 of 20 files compliant\n- two referred back: see QA/8"
    before = plan_path.read_text()
    add_note(ctx(), f"{REF}:1.1", text)
    assert inserted(before, plan_path.read_text()) == (
        "          - date: 2026-11-22\n            by: AM\n            text: |-\n              Audit findings:\n"
        "              - 18 of 20 files compliant\n              - two referred back: see QA/8\n")
    assert action(plan_path, "1.1").notes[-1].text == text


def test_backdated_note_goes_in_date_order(plan_path: Path) -> None:
    add_note(ctx(on=date(2024, 5, 1)), f"{REF}:1.1", "May.")
    add_note(ctx(on=date(2024, 3, 1)), f"{REF}:1.1", "March.")
    add_note(ctx(on=date(2024, 4, 1)), f"{REF}:1.1", "April.")
    notes = action(plan_path, "1.1").notes
    assert [(n.date.isoformat(), n.text) for n in notes] == [
        ("2024-03-01", "March."), ("2024-03-10", "Guidance issued."), ("2024-04-01", "April."), ("2024-05-01", "May.")]


def test_future_date_is_refused_and_as_of_pins_today(plan_path: Path) -> None:
    before = plan_path.read_bytes()
    with pytest.raises(UsageError) as exc:
        add_note(ctx(on=date(2026, 11, 23)), f"{REF}:1.1", "Tomorrow.")
    assert str(exc.value) == ("--date 2026-11-23 is after today (2026-11-22): record what has happened, "
                              "dated when it happened")
    assert plan_path.read_bytes() == before
    add_note(ctx(today=date(2025, 1, 2)), f"{REF}:1.1", "Pinned.")
    assert action(plan_path, "1.1").notes[-1].date == date(2025, 1, 2)


def test_initials_not_in_the_people_key_are_refused(plan_path: Path) -> None:
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError) as exc:
        add_note(ctx(by="ZZ"), f"{REF}:1.1", "x")
    assert str(exc.value) == ("--by 'ZZ' looks like initials but is not in the people key of valid-plan "
                              "(known: AM, JB): use a name, or add ZZ to people first")
    assert plan_path.read_bytes() == before


def test_author_defaults_to_git_user_name(plan_path: Path, in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolated_git(monkeypatch, in_tmp)
    subprocess.run(["git", "init", "-q"], cwd=in_tmp, check=True)
    subprocess.run(["git", "config", "user.name", "Casey Example"], cwd=in_tmp, check=True)
    add_note(ctx(by=None), f"{REF}:1.1", "From git.")
    assert action(plan_path, "1.1").notes[-1].by == "Casey Example"


def test_no_author_anywhere_is_a_usage_error(plan_path: Path, in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _isolated_git(monkeypatch, in_tmp)
    with pytest.raises(UsageError) as exc:
        add_note(ctx(by=None), f"{REF}:1.1", "x")
    assert str(exc.value) == ("who is recording this? pass --by INITIALS_OR_NAME or set ACTIONTRACK_USER "
                              "(git config user.name is not set either)")


def _isolated_git(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


def test_note_with_status_and_evidence(plan_path: Path) -> None:
    before = plan_path.read_text()
    add_note(ctx(), f"{REF}:1.1", "Impact audited.", status="embedded", evidence="Re-audit of 20 files")
    assert plan_path.read_text() == before.replace(
        "        status: completed\n", "        status: embedded\n", 1).replace(
        "            status: completed\n      - id: \"1.2\"",
        "            status: completed\n          - date: 2026-11-22\n            by: AM\n            text: Impact "
        "audited.\n            status: embedded\n        evidence:\n          - date: 2026-11-22\n"
        "            description: Re-audit of 20 files\n      - id: \"1.2\"")
    act = action(plan_path, "1.1")
    assert (act.status, act.notes[-1].status, act.evidence[0].description) == ("embedded", "embedded",
                                                                             "Re-audit of 20 files")


def test_note_status_embedded_without_evidence_is_refused(plan_path: Path) -> None:
    with pytest.raises(RefusedError) as exc:
        add_note(ctx(), f"{REF}:1.1", "x", status="embedded")
    assert str(exc.value) == ("valid-plan:1.1 has no evidence entry: 'embedded' needs evidence of impact "
                              "(pass --evidence TEXT)")


def test_empty_text_and_unknown_status_are_usage_errors(plan_path: Path) -> None:
    with pytest.raises(UsageError, match="^note text is empty$"):
        add_note(ctx(), f"{REF}:1.1", "  \n ")
    with pytest.raises(UsageError) as exc:
        add_note(ctx(), f"{REF}:1.1", "x", status="compleet")
    assert str(exc.value) == ("unknown status 'compleet': did you mean 'completed'? (one of: not-started, "
                              "in-progress, completed, embedded, closed, dropped, unknown)")
    with pytest.raises(UsageError) as exc:  # never the opposite of what was typed
        add_note(ctx(), f"{REF}:1.1", "x", status="undone")
    assert str(exc.value) == ("unknown status 'undone' (one of: not-started, in-progress, completed, embedded, "
                              "closed, dropped, unknown)")


# ---- status --------------------------------------------------------------------------------------


def test_status_changes_one_line_and_records_a_note(plan_path: Path) -> None:
    before = plan_path.read_text()
    result = set_status(ctx(), f"{REF}:1.2", "completed")
    assert result.message == "status valid-plan:1.2: in-progress -> completed (line 52)"
    assert plan_path.read_text() == before.replace(
        '        status: in-progress\n  - id: "2"',
        "        status: completed\n        completed_on: 2026-11-22\n        notes:\n"
        "          - date: 2026-11-22\n            by: AM\n"
        "            text: Status changed from in-progress to completed\n            status: completed\n"
        '  - id: "2"')


@pytest.mark.parametrize(("ref", "status", "message"), [
    ("1.2", "dropped", "'dropped' needs a reason: pass --note TEXT saying why valid-plan:1.2 is dropped"),
    ("1.2", "closed", "'closed' needs the sign-off record: pass --note TEXT (e.g. the Board minute) for valid-plan:1.2"),
    ("1.2", "embedded", "valid-plan:1.2 has no evidence entry: 'embedded' needs evidence of impact (pass --evidence TEXT)"),
    ("1.1", "in-progress", "moving valid-plan:1.1 back from completed to in-progress needs a reason: pass --note TEXT"),
    ("2.1", "completed", "moving valid-plan:2.1 back from embedded to completed needs a reason: pass --note TEXT"),
    ("2.2", "in-progress", "moving valid-plan:2.2 back from dropped to in-progress needs a reason: pass --note TEXT"),
])
def test_status_moves_that_need_a_record_are_refused_without_one(plan_path: Path, ref: str, status: str,
                                                                 message: str) -> None:
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError) as exc:
        set_status(ctx(), f"{REF}:{ref}", status)
    assert str(exc.value) == message
    assert plan_path.read_bytes() == before


def test_status_moves_with_their_record(plan_path: Path) -> None:
    set_status(ctx(), f"{REF}:1.1", "in-progress", note="Re-opened: audit found gaps")
    set_status(ctx(), f"{REF}:1.2", "dropped", note="Superseded by the regional audit")
    set_status(ctx(), f"{REF}:2.1", "closed", note="Signed off, Board minute 24/113")
    set_status(ctx(), f"{REF}:2.2", "embedded", note="Re-instated", evidence="Audit QA/9")
    assert [(a.status, a.notes[-1].text) for a in (action(plan_path, i) for i in ("1.1", "1.2", "2.1", "2.2"))] == [
        ("in-progress", "Re-opened: audit found gaps"), ("dropped", "Superseded by the regional audit"),
        ("closed", "Signed off, Board minute 24/113"), ("embedded", "Re-instated")]


def test_same_status_writes_nothing_and_succeeds(plan_path: Path) -> None:
    before = plan_path.read_bytes()
    result = set_status(ctx(), f"{REF}:1.2", "in-progress")
    assert (result.written, result.diff, result.message) == (False, "", "valid-plan:1.2 is already in-progress: "
                                                                        "nothing written")
    assert plan_path.read_bytes() == before
    result = set_status(ctx(), f"{REF}:1.2", "in-progress", note="Still under way: 12 of 20 files done")
    assert result.message == "noted valid-plan:1.2 (line 54)"
    assert action(plan_path, "1.2").notes[-1].status == "in-progress"


def test_an_edit_that_would_take_the_file_over_the_size_limit_is_refused(plan_path: Path) -> None:
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError) as exc:
        add_note(ctx(), f"{REF}:1.1", "x" * (2 * 1024 * 1024))
    assert str(exc.value) == "the edited plans/valid-plan.yaml would not load (errors above): nothing was written"
    assert [f.code for f in exc.value.findings] == ["AT005"]
    assert plan_path.read_bytes() == before


# ---- reschedule ----------------------------------------------------------------------------------


def test_reschedule_adds_due_after_timescale_and_a_ledger_note(plan_path: Path) -> None:
    before = plan_path.read_text()
    result = reschedule(ctx(), f"{REF}:1.2", "2024-12-31", reason="Audit team short-staffed")
    assert result.message == ("rescheduled valid-plan:1.2: 2024-09-30 -> 2024-12-31 (line 52); "
                              "baseline 2024-09-30 recorded\n"
                              "note: 2024-12-31 is before today (2026-11-22): the action is overdue at once")
    assert plan_path.read_text() == before.replace(
        '        timescale: "Sept 24"\n        status: in-progress\n',
        '        timescale: "Sept 24"\n        due: 2024-12-31\n        baseline: 2024-09-30\n        status: in-progress\n        notes:\n'
        "          - date: 2026-11-22\n            by: AM\n"
        '            text: "Due date moved from 2024-09-30 to 2024-12-31 (+92 days): Audit team short-staffed"\n')


def test_reschedule_replaces_an_existing_due_and_counts_back(plan_path: Path) -> None:
    reschedule(ctx(), f"{REF}:2.2", "2024-12-30", reason="Earlier")
    act = action(plan_path, "2.2")
    assert (act.due_given, act.notes[-1].text) == (
        date(2024, 12, 30), "Due date moved from 2024-12-31 to 2024-12-30 (-1 day): Earlier")


def test_reschedule_reads_a_wording_from_today(plan_path: Path) -> None:
    reschedule(ctx(), f"{REF}:1.2", "March 2027", reason="r")
    assert action(plan_path, "1.2").due_given == date(2027, 3, 31)
    reschedule(ctx(), f"{REF}:1.2", "within 3 months", reason="r")
    assert action(plan_path, "1.2").due_given == date(2027, 2, 22)


def test_reschedule_without_a_previous_date_says_set_to(plan_path: Path) -> None:
    text = plan_path.read_text().replace('        timescale: "Sept 24"\n', '        timescale: "Ongoing"\n')
    plan_path.write_text(text)
    reschedule(ctx(), f"{REF}:1.2", "2027-01-31", reason="Agreed at the Board")
    assert action(plan_path, "1.2").notes[-1].text == "Due date set to 2027-01-31: Agreed at the Board"


def test_reschedule_refuses_a_wording_without_a_date_and_the_same_date(plan_path: Path) -> None:
    with pytest.raises(UsageError) as exc:
        reschedule(ctx(), f"{REF}:1.2", "Ongoing", reason="r")
    assert str(exc.value) == ("NEW_DUE 'Ongoing' does not give a date (read as: Ongoing -> ongoing): write YYYY-MM-DD "
                              "or a wording such as 'March 2027' (check with: actiontrack timescale)")
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError, match=r"^valid-plan:1.2 is already due 2024-09-30: nothing to do$"):
        reschedule(ctx(), f"{REF}:1.2", "2024-09-30", reason="r")
    assert plan_path.read_bytes() == before


# ---- refusals that protect the file --------------------------------------------------------------


def test_a_file_that_does_not_validate_is_refused_untouched(plan_path: Path) -> None:
    plan_path.write_text(plan_path.read_text().replace("status: in-progress", "status: underway"))
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError) as exc:
        add_note(ctx(), f"{REF}:1.1", "x")
    assert str(exc.value) == "plans/valid-plan.yaml does not validate: fix the errors above first; nothing was written"
    assert [f.format() for f in exc.value.findings] == [
        "plans/valid-plan.yaml:52:9: error AT302 unknown status 'underway' (one of: not-started, in-progress, "
        "completed, embedded, closed, dropped, unknown)"]
    assert plan_path.read_bytes() == before


def test_a_file_that_does_not_load_is_refused_untouched_with_its_syntax_error(plan_path: Path) -> None:
    plan_path.write_text(plan_path.read_text().replace("title: Test review action plan", "title: [unclosed"))
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError) as exc:
        add_note(ctx(), f"{REF}:1.1", "x")
    assert str(exc.value) == "plans/valid-plan.yaml does not load: fix the errors above first; nothing was written"
    assert [f.code for f in exc.value.findings] == ["AT001"]
    assert plan_path.read_bytes() == before


def test_lines_that_would_not_read_back_are_refused(plan_path: Path) -> None:
    # A comment indented deeper than the new note's text would become part of its block scalar.
    text = plan_path.read_text().replace("            status: completed\n",
                                         "            status: completed\n                    # deep comment\n")
    plan_path.write_text(text)
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError) as exc:
        add_note(ctx(), f"{REF}:1.1", "two\nlines")
    assert str(exc.value) == ("plans/valid-plan.yaml: cannot edit action '1.1' without reformatting the file: the new "
                              "lines would not read back exactly as written. Nothing was written; make this change "
                              "by hand")
    assert plan_path.read_bytes() == before


@pytest.mark.parametrize("step", ["fsync", "chmod", "replace"])
def test_a_failed_write_leaves_the_file_and_no_temporary_file(plan_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              step: str) -> None:
    before = plan_path.read_bytes()

    def crash(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, step, crash)
    with pytest.raises(RefusedError, match=r"^cannot write plans/valid-plan.yaml \(No space left on device\): "
                                           r"the file is unchanged$"):
        add_note(ctx(), f"{REF}:1.1", "x")
    assert plan_path.read_bytes() == before
    assert sorted(p.name for p in plan_path.parent.iterdir()) == [".actiontrack-tmp", ".valid-plan.yaml.lock", "valid-plan.yaml"]
    assert [p.name for p in (plan_path.parent / ".actiontrack-tmp").iterdir()] == [".gitignore"]  # no temporary file left


def test_permissions_and_symlinks_are_kept(plan_path: Path) -> None:
    real = plan_path.parent.parent / "elsewhere.yaml"
    plan_path.rename(real)
    plan_path.symlink_to(real)
    real.chmod(0o640)
    add_note(ctx(), f"{REF}:1.1", "x")
    assert plan_path.is_symlink() and (real.stat().st_mode & 0o777) == 0o640
    assert action(real, "1.1").notes[-1].text == "x"


def test_a_held_lock_times_out_with_a_refusal(plan_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setattr(atomic, "LOCK_TIMEOUT", 0.2)
    with open(plan_path.parent / ".valid-plan.yaml.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(RefusedError) as exc:
            add_note(ctx(), f"{REF}:1.1", "x")
    assert str(exc.value) == "another actiontrack has been writing plans/valid-plan.yaml for 0.2s: nothing was written; try again"


def test_unknown_action_is_not_found(plan_path: Path) -> None:
    with pytest.raises(NotFoundError):
        add_note(ctx(), f"{REF}:9.9", "x")


def test_dry_run_writes_nothing_and_returns_the_diff(plan_path: Path) -> None:
    before = plan_path.read_bytes()
    result = add_note(ctx(dry_run=True), f"{REF}:1.2", "x")
    assert plan_path.read_bytes() == before and not result.written
    assert result.diff.startswith("--- a/plans/valid-plan.yaml\n+++ b/plans/valid-plan.yaml\n@@ -50,6 +50,10 @@\n")
    assert not (plan_path.parent / ".valid-plan.yaml.lock").exists()


# ---- new -----------------------------------------------------------------------------------------


SKELETON = """\
# Written by `actiontrack new`. Every field is described in docs/plan-format.md;
# record progress with `actiontrack note` (docs/editing.md).
id: example-scr-2026
title: "Serious Case Review \\"Child Q\\": action plan"
organisation: Example Safeguarding Children Partnership
source:
  kind: serious-case-review
  reference: SCR Child Q
date: 2026-11-22  # the date the plan was agreed
recommendations: []
# Replace 'recommendations: []' with the list, one entry per recommendation, for example:
# recommendations:
#   - id: "1"
#     text: What the review recommends, in its own words.
#     actions:
#       - id: "1.1"
#         text: What will be done.
#         owners: [Named Manager]
#         timescale: "Within 3 months"
#         status: not-started
"""


def test_new_writes_a_skeleton_that_validates_clean(plan_path: Path) -> None:
    result = new_plan(ctx(), "example-scr-2026", title='Serious Case Review "Child Q": action plan',
                      organisation="Example Safeguarding Children Partnership", source_kind="serious-case-review",
                      source_reference="SCR Child Q")
    path = plan_path.parent / "example-scr-2026.yaml"
    assert result.message == "created plans/example-scr-2026.yaml"
    assert path.read_text() == SKELETON
    loaded = load_file(path)
    assert loaded.findings == [] and loaded.plan is not None
    assert validate([loaded.plan], TODAY) == []
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_new_refuses_to_overwrite_a_bad_slug_and_a_used_id(plan_path: Path) -> None:
    before = plan_path.read_bytes()
    with pytest.raises(RefusedError, match=r"^plans/valid-plan.yaml already exists: nothing was written$"):
        new_plan(ctx(), "valid-plan", title="t", organisation="o")
    assert plan_path.read_bytes() == before
    with pytest.raises(UsageError) as exc:  # a bad id is a usage error, like a bad source kind
        new_plan(ctx(), "Bad_Slug", title="t", organisation="o")
    assert str(exc.value) == ("plan id 'Bad_Slug' is not a slug: use lower-case letters, digits and '-' "
                              "(e.g. example-scr-2024)")
    plan_path.rename(plan_path.with_name("renamed.yaml"))
    with pytest.raises(RefusedError, match=r"^plan id 'valid-plan' is already used by plans/renamed.yaml"):
        new_plan(ctx(), "valid-plan", title="t", organisation="o")
    with pytest.raises(UsageError, match=r"^unknown source kind 'scr' \(one of: serious-case-review, "):
        new_plan(ctx(), "x", title="t", organisation="o", source_kind="scr")
    assert sorted(p.name for p in plan_path.parent.glob("*.yaml")) == ["renamed.yaml"]
