"""The git layer against real repositories: roots, revisions, commits by date, batched reads."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from actiontrack import gitrepo
from actiontrack.api.review import plan_selection
from actiontrack.errors import GitError, UsageError
from actiontrack.gitrepo import WORKTREE, Commit, Selection
from actiontrack.load.discover import find_plan_files

from gitfixture import Repo

MakeRepo = Callable[..., Repo]


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record every process gitrepo starts, still running it for real."""
    calls: list[list[str]] = []
    real = subprocess.run

    def spy(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(list(args))
        return real(args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(gitrepo.subprocess, "run", spy)
    return calls


def test_repo_root_from_a_subfolder(make_repo: MakeRepo) -> None:
    repo = make_repo()
    (repo.path / "plans" / "deep").mkdir(parents=True)
    assert gitrepo.repo_root(repo.path / "plans" / "deep") == repo.path


def test_outside_a_repository(make_repo: MakeRepo, tmp_path: Path) -> None:
    make_repo()  # sets GIT_CEILING_DIRECTORIES so nothing above tmp_path counts
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    with pytest.raises(gitrepo.NotARepository, match=f"^not a git repository: {outside}$"):
        gitrepo.repo_root(outside)
    with pytest.raises(gitrepo.NotARepository, match="^not a git repository: "):
        gitrepo.repo_root(tmp_path / "missing")
    # Inside .git there is no work tree: git's own words, not "not a repository".
    repo = make_repo("other", chdir=False)
    with pytest.raises(GitError, match=f"^git failed in {repo.path / '.git'}: this operation must be run in a work tree$"):
        gitrepo.repo_root(repo.path / ".git")


def test_a_repository_git_refuses_is_not_called_missing(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    refused = subprocess.CompletedProcess(
        ["git"], 128, b"", b"fatal: detected dubious ownership in repository at '/srv/plans'\nTo add an exception...\n")
    monkeypatch.setattr(gitrepo, "_git", lambda *args, **kwargs: refused)
    with pytest.raises(GitError, match=f"^git failed in {repo.path}: detected dubious ownership in repository at "
                                       "'/srv/plans'$") as caught:
        gitrepo.repo_root(repo.path)
    assert not isinstance(caught.value, gitrepo.NotARepository)


def test_git_not_installed(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    repo = make_repo()
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(gitrepo.GitMissing, match=r"^git is not installed \(no 'git' on PATH\)$"):
        gitrepo.repo_root(repo.path)


def test_resolve_rev(make_repo: MakeRepo) -> None:
    repo = make_repo()
    repo.write("plans/a.yaml", "id: a\n")
    first = repo.commit("one")
    second = repo.commit("two", when="2026-11-02T12:00:00+0000")
    assert gitrepo.resolve_rev(repo.path, "HEAD") == second
    assert gitrepo.resolve_rev(repo.path, "HEAD~1") == first
    assert gitrepo.resolve_rev(repo.path, first[:8]) == first
    assert gitrepo.resolve_rev(repo.path, "main") == second
    for bad in ("nope", "HEAD~5", "-n", "--all", "", "HEAD:plans"):
        with pytest.raises(GitError, match=f"^unknown revision: {bad}$"):
            gitrepo.resolve_rev(repo.path, bad)


def test_unborn_head_is_an_unknown_revision(make_repo: MakeRepo) -> None:
    repo = make_repo()
    with pytest.raises(GitError, match="^unknown revision: HEAD$"):
        gitrepo.resolve_rev(repo.path, "HEAD")
    assert gitrepo.rev_at(repo.path, date(2026, 11, 1)) is None


def test_merge_base_and_unrelated_histories(make_repo: MakeRepo) -> None:
    repo = make_repo()
    base = repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    feature = repo.commit("feature", when="2026-11-02T12:00:00+0000")
    repo.git("checkout", "-q", "main")
    main = repo.commit("main moves on", when="2026-11-03T12:00:00+0000")
    assert gitrepo.merge_base(repo.path, main, feature) == base
    repo.git("checkout", "-q", "--orphan", "other")
    other = repo.commit("unrelated")
    with pytest.raises(GitError, match=f"^no common ancestor of {main[:12]} and {other[:12]}$"):
        gitrepo.merge_base(repo.path, main, other)


def test_rev_at_is_the_end_of_the_day_in_utc(make_repo: MakeRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo()
    early = repo.commit("early", when="2026-11-02T09:00:00+0000")
    late = repo.commit("late", when="2026-11-02T23:30:00+0000")
    # 00:30 in Paris is 23:30 UTC on the 2nd: still on or before the end of the 2nd, in UTC.
    paris = repo.commit("paris", when="2026-11-03T00:30:00+0100")
    after = repo.commit("after", when="2026-11-03T00:30:00+0000")
    for tz in ("UTC", "Pacific/Kiritimati", "America/Los_Angeles"):
        monkeypatch.setenv("TZ", tz)
        assert gitrepo.rev_at(repo.path, date(2026, 11, 2)) == Commit(paris, "2026-11-03")
    assert gitrepo.rev_at(repo.path, date(2026, 11, 1)) is None
    assert gitrepo.rev_at(repo.path, date(2026, 11, 3)) == Commit(after, "2026-11-03")
    assert early != late


def _plan_files(repo: Repo) -> None:
    repo.write("plans/a.yaml", "id: a\n")
    repo.write("plans/b.yml", "id: b\n")
    repo.write("plans/notes.txt", "not a plan\n")
    repo.write("plans/archive/old.yaml", "id: old\n")
    repo.write("plans/2024/deep/d.Yml", "id: d\n")
    repo.write("plans/E.YAML", "id: e\n")
    repo.write("plans/.hidden/h.yaml", "id: h\n")
    repo.write("top.yaml", "id: top\n")
    repo.write("other/c.yaml", "id: c\n")


PLANS_BELOW = {"plans/2024/deep/d.Yml": b"id: d\n", "plans/E.YAML": b"id: e\n", "plans/a.yaml": b"id: a\n",
               "plans/archive/old.yaml": b"id: old\n", "plans/b.yml": b"id: b\n"}


def test_read_tree_plans_selects_like_the_disk_does(make_repo: MakeRepo) -> None:
    # Subfolders at any depth and suffixes in any case, as discover.plan_names reads the disk; never
    # a hidden folder, nor a file that is not named like a plan.
    repo = make_repo()
    _plan_files(repo)
    sha = repo.commit("plans")
    assert gitrepo.read_tree_plans(repo.path, sha, Selection(("plans",))) == PLANS_BELOW
    assert gitrepo.read_tree_plans(repo.path, sha, Selection((), ("other/c.yaml", "plans/gone.yaml"))) == {
        "other/c.yaml": b"id: c\n"}
    assert list(gitrepo.read_tree_plans(repo.path, sha, Selection(("",)))) == [
        "other/c.yaml", *PLANS_BELOW, "top.yaml"]
    assert list(gitrepo.read_tree_plans(repo.path, sha, Selection(("plans/2024",)))) == ["plans/2024/deep/d.Yml"]
    assert gitrepo.read_tree_plans(repo.path, sha, Selection(("nowhere",))) == {}
    assert gitrepo.read_plans(repo.path, WORKTREE, Selection(("plans",))) == PLANS_BELOW
    assert list(gitrepo.read_plans(repo.path, WORKTREE, Selection(("",)))) == ["other/c.yaml", *PLANS_BELOW, "top.yaml"]
    on_disk = [p.relative_to(repo.path).as_posix() for p in find_plan_files([repo.path / "plans"])]
    assert on_disk == list(PLANS_BELOW)


def test_worktree_side_sees_untracked_and_deleted_files(make_repo: MakeRepo) -> None:
    repo = make_repo()
    _plan_files(repo)
    repo.commit("plans")
    (repo.path / "plans" / "a.yaml").unlink()
    repo.write("plans/new.yaml", "id: new\n")
    got = gitrepo.read_plans(repo.path, WORKTREE, Selection(("plans",), ("plans/a.yaml",)))
    assert got == {**{k: v for k, v in PLANS_BELOW.items() if k != "plans/a.yaml"}, "plans/new.yaml": b"id: new\n"}


def test_blobs_of_any_content_in_one_batch(make_repo: MakeRepo, git_calls: list[list[str]]) -> None:
    repo = make_repo()
    contents = {f"plans/p{i:03}.yaml": f"id: p{i:03}\n# line\n".encode() * (i + 1) for i in range(40)}
    contents["plans/empty.yaml"] = b""
    contents["plans/binary.yaml"] = b"\x00\xff\n\nid: x\n"
    contents["plans/same.yaml"] = contents["plans/p000.yaml"]  # one blob, two paths
    for path, data in contents.items():
        (repo.path / path).parent.mkdir(exist_ok=True)
        (repo.path / path).write_bytes(data)
    sha = repo.commit("many")
    git_calls.clear()
    assert gitrepo.read_tree_plans(repo.path, sha, Selection(("plans",))) == dict(sorted(contents.items()))
    assert [call[1] for call in git_calls] == ["ls-tree", "cat-file"]
    assert all(call[0] == "git" for call in git_calls)


def test_file_names_with_spaces_quotes_and_unicode(make_repo: MakeRepo) -> None:
    repo = make_repo()
    names = ["plans/with space.yaml", 'plans/quote"d.yaml', "plans/caf\u00e9.yaml", "plans/tab\there.yaml"]
    for name in names:
        repo.write(name, f"id: {len(name)}\n")
    sha = repo.commit("odd names")
    assert sorted(gitrepo.read_tree_plans(repo.path, sha, Selection(("plans",)))) == sorted(names)


def test_selection_for_paths_plans_and_default(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    _plan_files(repo)
    sub = repo.path / "plans"
    assert gitrepo.selection_for(repo.path, sub, [Path("a.yaml"), Path(".")], None) == Selection(("plans",), ("plans/a.yaml",))
    # A path gone from disk still counts: by its name, a .yaml file; otherwise a folder.
    assert gitrepo.selection_for(repo.path, repo.path, [Path("plans/gone.yaml"), Path("old")], None) == Selection(
        ("old",), ("plans/gone.yaml",))
    assert gitrepo.selection_for(repo.path, repo.path, [], Path("other")) == Selection(("other",))
    # The default, the nearest plans/ folder inside the repository, is found by the library call.
    assert plan_selection(repo.path, repo.path / "other", [], None) == Selection(("plans",))
    (repo.path / "other" / "plans").mkdir()
    assert plan_selection(repo.path, repo.path / "other", [], None) == Selection(("other/plans",))
    with pytest.raises(UsageError, match=f"^{tmp_path} is outside the repository {repo.path}$"):
        gitrepo.selection_for(repo.path, repo.path, [tmp_path], None)


def test_gitrepo_is_the_only_module_that_runs_git() -> None:
    # README: gitrepo is the only module that runs git; a process started elsewhere escapes its
    # argument-list discipline and its error handling. The one other process is headless Chromium
    # printing the Board pack (render/pdf.py), which never runs git.
    package = Path(gitrepo.__file__).parent
    runners = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py")
                     if "subprocess" in p.read_text(encoding="utf-8"))
    assert runners == ["gitrepo.py", "render/pdf.py"]
    assert '"git"' not in (package / "render" / "pdf.py").read_text(encoding="utf-8")


def test_user_name(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    assert gitrepo.user_name(repo.path) is None  # the fixture's git sees no user configuration
    repo.git("config", "user.name", "  Casey Example ")
    assert gitrepo.user_name(repo.path) == "Casey Example"
    assert gitrepo.user_name(tmp_path / "gone") is None  # no such folder: no name, no crash


def test_file_log_follows_a_file_through_edits_renames_and_authors(make_repo: MakeRepo,
                                                                    git_calls: list[list[str]]) -> None:
    repo = make_repo()
    repo.write("plans/old name.yaml", "one\n")
    first = repo.commit("add", when="2026-11-01T10:00:00+0000")
    repo.write("plans/old name.yaml", "one\ntwo\n")
    repo.git("add", "-A")
    repo.git("-c", "user.name=Jo Bloggs, Nurse", "commit", "-q", "-m", "edit", when="2026-11-02T10:00:00+0000")
    second = repo.sha("HEAD")
    repo.git("mv", "plans/old name.yaml", "plans/new.yaml")
    third = repo.commit("rename", when="2026-11-03T10:00:00+0000")
    repo.write("plans/other.yaml", "unrelated\n")
    repo.commit("other file", when="2026-11-04T10:00:00+0000")
    git_calls.clear()
    log = gitrepo.file_log(repo.path, "HEAD", "plans/new.yaml", follow=True)
    assert [c[1] for c in git_calls] == ["log"]
    blob = {text: repo.git("rev-parse", f"{rev}:{path}").strip()
            for text, rev, path in (("one", first, "plans/old name.yaml"), ("two", second, "plans/old name.yaml"))}
    assert [(c.commit, c.date, c.author, c.old_path, c.new_path, c.old_blob, c.new_blob) for c in log] == [
        (third, "2026-11-03", "Test Reviewer", "plans/old name.yaml", "plans/new.yaml", blob["two"], blob["two"]),
        (second, "2026-11-02", "Jo Bloggs, Nurse", "plans/old name.yaml", "plans/old name.yaml", blob["one"],
         blob["two"]),
        (first, "2026-11-01", "Test Reviewer", None, "plans/old name.yaml", None, blob["one"]),
    ]
    assert [c.commit for c in gitrepo.file_log(repo.path, "HEAD", "plans/new.yaml")] == [third]  # no --follow
    assert [c.commit for c in gitrepo.file_log(repo.path, second, "plans/old name.yaml", limit=1)] == [second]


def test_file_log_of_a_deleted_file_and_a_symbolic_link(make_repo: MakeRepo) -> None:
    repo = make_repo()
    repo.write("plans/p.yaml", "x\n")
    repo.commit("add")
    (repo.path / "plans" / "p.yaml").unlink()
    (repo.path / "plans" / "p.yaml").symlink_to("/etc/passwd")
    link = repo.commit("now a link")
    (repo.path / "plans" / "p.yaml").unlink()
    gone = repo.commit("deleted")
    log = gitrepo.file_log(repo.path, "HEAD", "plans/p.yaml")
    assert [(c.commit, c.new_blob, c.new_mode) for c in log[:2]] == [(gone, None, None),
                                                                    (link, log[1].new_blob, "120000")]
    assert isinstance(gitrepo.blob_contents(b"/etc/passwd", "120000"), OSError)
    assert gitrepo.blob_contents(b"x\n", "100644") == b"x\n"
