"""The only module that runs git: the repository root, revisions, plan files read at a revision, a file's
history, user.name."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from actiontrack.errors import GitError, NotRegularFile, UsageError
from actiontrack.load.discover import plan_names
from actiontrack.load.discover import read_file as read_plan_file
from actiontrack.vocabulary import WORKTREE, is_plan_name
from actiontrack.wording import name_text

# git stores a symbolic link as a blob of this mode whose content is the link's target path.
SYMLINK_MODE = b"120000"
SYMLINK_REFUSED = "is a symbolic link: plan files must be regular files in the repository"


class GitMissing(GitError):
    """There is no `git` executable on PATH."""


class NotARepository(GitError):
    """The folder is not inside a git work tree."""


@dataclass(frozen=True, slots=True)
class Selection:
    """Which plan files to read, as repository-relative POSIX paths: every plan file below one of
    `folders` (the rule of `discover.plan_names` on disk: any depth, any suffix case, no folder whose
    name starts with "."), and each of `files`."""

    folders: tuple[str, ...]
    files: tuple[str, ...] = ()

    def wants(self, path: str) -> bool:
        """Whether a repository path is one of the selected plan files."""
        if path in self.files:
            return True
        pure = PurePosixPath(path)
        if not is_plan_name(pure.name):
            return False
        folders = pure.parts[:-1]
        # The nearest selected folder above the file, and no hidden folder between it and the file.
        for depth in range(len(folders), -1, -1):
            if "/".join(folders[:depth]) in self.folders:
                return not any(part.startswith(".") for part in folders[depth:])
        return False


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit found by date: its full id and its committer date (YYYY-MM-DD, as committed)."""

    sha: str
    date: str


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # A list of arguments, never a shell: revisions and paths come from users and from plan files.
    # LC_ALL=C: git's messages in English, so that "not a git repository" can be told apart.
    env = {**os.environ, "LC_ALL": "C"}
    try:
        return subprocess.run(["git", *args], cwd=root, input=stdin, env=env, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitMissing("git is not installed (no 'git' on PATH)") from None


def user_name(cwd: Path) -> str | None:
    """`git config user.name` as seen from `cwd`, or None when it is unset or git cannot say.

    Only a default author for edits: a missing git, a missing folder or a git that hangs must not
    stop the edit, which then asks for --by instead.
    """
    try:
        proc = subprocess.run(["git", "config", "user.name"], cwd=cwd, capture_output=True, text=True,
                              timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() or None


def repo_root(cwd: Path) -> Path:
    """The top folder of the work tree that holds `cwd`.

    Raises NotARepository, GitMissing, or GitError with git's own words for anything else
    (such as a repository owned by another user, which git refuses: "dubious ownership").
    """
    if not cwd.is_dir():  # subprocess would blame a missing git for a missing cwd
        raise NotARepository(f"not a git repository: {cwd}")
    proc = _git(cwd, "rev-parse", "--show-toplevel")
    out = proc.stdout.decode("utf-8", "surrogateescape").strip()
    if proc.returncode == 0 and out:
        return Path(out)
    why = _first_line(proc.stderr)
    if proc.returncode == 0 or "not a git repository" in why:
        raise NotARepository(f"not a git repository: {cwd}")
    raise GitError(f"git failed in {cwd}: {why.removeprefix('fatal: ')}")


def read_file(root: Path, rev: str, path: str) -> bytes | None:
    """One file's contents at a commit (`path` repository-relative), or None when it has no such file."""
    proc = _git(root, "cat-file", "blob", f"{rev}:{path}")
    return proc.stdout if proc.returncode == 0 else None


def is_tracked(root: Path, path: str) -> bool:
    """Whether git tracks `path` (repository-relative): committed, or staged to be."""
    proc = _git(root, "ls-files", "--error-unmatch", "--", path)
    if proc.returncode not in (0, 1):
        raise GitError(f"git failed in {root}: {_first_line(proc.stderr)}")
    return proc.returncode == 0


def resolve_rev(root: Path, rev: str) -> str:
    """The full commit id a revision names; `GitError("unknown revision: X")` otherwise."""
    # A leading "-" would be read as an option by older gits; no revision starts with one.
    if not rev or rev.startswith("-"):
        raise GitError(f"unknown revision: {rev}")
    proc = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    sha = proc.stdout.decode("ascii", "replace").strip()
    if proc.returncode != 0 or not sha:
        raise GitError(f"unknown revision: {rev}")
    return sha


def merge_base(root: Path, a: str, b: str) -> str:
    """The best common ancestor of two commit ids (what `A...B` starts from)."""
    proc = _git(root, "merge-base", a, b)
    sha = proc.stdout.decode("ascii", "replace").strip()
    if proc.returncode != 0 or not sha:
        raise GitError(f"no common ancestor of {a[:12]} and {b[:12]}")
    return sha


def rev_at(root: Path, day: date) -> Commit | None:
    """The last commit on HEAD's history made on or before the end of `day`, or None.

    The day ends at 23:59:59 UTC, whatever the local time zone, so that the answer depends only
    on the repository and the date (a CI runner and a laptop agree).
    """
    before = f"{day.isoformat()} 23:59:59 +0000"
    proc = _git(root, "rev-list", "-1", f"--before={before}", "--format=%cs", "HEAD")
    if proc.returncode != 0:
        return None  # an unborn HEAD (no commit yet): nothing was committed by then
    lines = proc.stdout.decode("ascii", "replace").split()
    # --format makes rev-list print "commit <sha>" and then the formatted line.
    if len(lines) < 3 or lines[0] != "commit":
        return None
    return Commit(lines[1], lines[2])


# A plan file's contents, or why it could not be read (the loader reports it as an AT003 finding).
Contents = bytes | OSError


@dataclass(frozen=True, slots=True)
class FileChange:
    """What one commit did to one file: the commit, its author and author date (YYYY-MM-DD), and the
    file's blob before and after (None where it did not exist), with its path and mode at each."""

    commit: str
    date: str
    author: str
    old_blob: str | None
    new_blob: str | None
    old_path: str | None
    new_path: str | None
    old_mode: str | None
    new_mode: str | None


_NO_BLOB = "0" * 40


def file_log(root: Path, rev: str, path: str, *, follow: bool = False, limit: int | None = None) -> list[FileChange]:
    """Every commit reachable from `rev` that changed `path`, newest first, through one `git log`.

    `follow` follows the file across renames (git's --follow: one path only). Merge commits
    are left out: git shows no change of theirs, and each side's commits are listed anyway.
    """
    args = ["log", "--format=%x01%H%x00%as%x00%an", "--raw", "--no-abbrev", "-z", "--no-merges"]
    if follow:
        args.append("--follow")
    if limit is not None:
        args.append(f"--max-count={limit}")
    proc = _git(root, *args, "--end-of-options", rev, "--", path)
    if proc.returncode != 0:
        raise GitError(f"cannot read the history of {path}: {_first_line(proc.stderr)}")
    out: list[FileChange] = []
    for record in proc.stdout.split(b"\x01")[1:]:
        head, _, raw = record.partition(b"\n")
        fields = head.split(b"\0")
        if len(fields) < 3:
            continue
        sha, day, author = (f.decode("utf-8", "surrogateescape") for f in fields[:3])
        tokens = [t for t in raw.split(b"\0") if t]
        # Raw entries: ":OLDMODE NEWMODE OLDBLOB NEWBLOB STATUS" then one path (two for a rename or copy).
        i = 0
        while i < len(tokens):
            meta = tokens[i].decode("ascii", "replace").lstrip(":").split()
            i += 1
            if len(meta) < 5:
                continue
            paths = 2 if meta[4][:1] in ("R", "C") else 1
            names = [t.decode("utf-8", "surrogateescape") for t in tokens[i:i + paths]]
            i += paths
            old_path, new_path = (names[0], names[-1]) if names else (None, None)
            out.append(FileChange(sha, day, author,
                                  None if meta[2] == _NO_BLOB else meta[2], None if meta[3] == _NO_BLOB else meta[3],
                                  None if meta[2] == _NO_BLOB else old_path, None if meta[3] == _NO_BLOB else new_path,
                                  None if meta[2] == _NO_BLOB else meta[0], None if meta[3] == _NO_BLOB else meta[1]))
    return out


def blob_contents(data: bytes, mode: str | None) -> Contents:
    """A plan file's contents as read from a blob: a symbolic link is refused, as in a tree."""
    return NotRegularFile(SYMLINK_REFUSED) if mode == SYMLINK_MODE.decode() else data


def read_plans(root: Path, rev: str, selection: Selection) -> dict[str, Contents]:
    """Every selected plan file at `rev` (a commit id, or WORKTREE), as path -> bytes, or the
    OSError that stopped reading a working-tree file."""
    if rev == WORKTREE:
        return _read_worktree(root, selection)
    return read_tree_plans(root, rev, selection)


def read_tree_plans(root: Path, rev: str, selection: Selection) -> dict[str, Contents]:
    """Selected plan files in a commit: one `ls-tree` and one `cat-file --batch` for all blobs."""
    wanted = sorted({*selection.folders, *selection.files})
    if not wanted:
        return {}
    # "" (the repository top) becomes ".": an empty pathspec is refused by git.
    specs = [w or "." for w in wanted]
    proc = _git(root, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *specs)
    if proc.returncode != 0:
        raise GitError(f"cannot list files at {rev[:12]}: {_first_line(proc.stderr)}")
    blobs: dict[str, str] = {}
    links: dict[str, Contents] = {}
    for entry in proc.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        parts = meta.split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if len(parts) == 3 and parts[1] == b"blob" and selection.wants(path):
            if parts[0] == SYMLINK_MODE:
                # Its blob is the target's path, not a plan; following it would mean resolving
                # paths inside a commit, and the target's changes would never show as this plan's.
                links[name_text(path)] = NotRegularFile(SYMLINK_REFUSED)
            else:
                blobs[name_text(path)] = parts[2].decode("ascii")
    contents = read_blobs(root, blobs.values())
    return dict(sorted({**links, **{path: contents[oid] for path, oid in blobs.items()}}.items()))


def read_blobs(root: Path, oids: Iterable[str]) -> dict[str, bytes]:
    """The contents of many blobs through one `git cat-file --batch` process."""
    unique = list(dict.fromkeys(oids))
    if not unique:
        return {}
    proc = _git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in unique).encode("ascii"))
    if proc.returncode != 0:
        raise GitError(f"cannot read files from git: {_first_line(proc.stderr)}")
    out: dict[str, bytes] = {}
    data, pos = proc.stdout, 0
    for oid in unique:
        # Each answer is "<oid> <type> <size>\n<contents>\n", or "<name> missing\n".
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) != 3:
            raise GitError(f"cannot read object {oid[:12]} from git")
        size = int(header[2])
        out[oid] = data[pos:pos + size]
        pos += size + 1
    return out


def _read_worktree(root: Path, selection: Selection) -> dict[str, Contents]:
    out: dict[str, Contents] = {}
    for folder in selection.folders:
        base = root / folder
        try:
            names = plan_names(base) if base.is_dir() else []
        except OSError as exc:
            below = isinstance(exc.filename, str) and exc.filename != str(base)
            where = os.path.relpath(exc.filename, root) if below else folder
            raise GitError(f"cannot read the folder {name_text(where)}: {exc.strerror}") from None
        for name in names:
            # Every entry with a plan file's name, whatever it is: a folder, a FIFO or a link
            # loop named x.yaml is a finding in the answer, not a file that silently vanishes.
            path = base / name
            out[name_text(path.relative_to(root).as_posix())] = _read_file(path)
    for file in selection.files:
        path = root / file
        # A file deleted in the working tree is simply absent on this side.
        if os.path.lexists(path):
            out[name_text(file)] = _read_file(path)
    return dict(sorted(out.items()))


def _read_file(path: Path) -> Contents:
    # A link is refused as it is at a revision (whatever it points at, even nothing), so the
    # working tree and a commit of it agree.
    if path.is_symlink():
        return NotRegularFile(SYMLINK_REFUSED)
    # A file that cannot be read (permissions, I/O, removed since it was listed) is one broken
    # plan among the others, as `validate` reports it; it must not stop the whole command. The
    # one reader opens regular files only, and never reads past the size limit.
    return read_plan_file(path)


def selection_for(root: Path, cwd: Path, paths: list[Path], plans_dir: Path | None) -> Selection:
    """The plan files a command reads, as repository-relative paths.

    Explicit PATHs (files or folders, relative to `cwd`) win; then `plans_dir` (--plans, or the
    nearest plans/ folder the caller found); then `plans/` at the top.
    """
    if paths:
        folders: list[str] = []
        files: list[str] = []
        for p in paths:
            rel = to_repo_path(root, cwd, p)
            # A path that is neither on disk may still exist at a revision: a name ending .yaml or
            # .yml is a file, anything else a folder.
            is_file = (cwd / p).is_file() or (not (cwd / p).is_dir() and is_plan_name(p.name))
            (files if is_file else folders).append(rel)
        return Selection(tuple(sorted(set(folders))), tuple(sorted(set(files))))
    if plans_dir is not None:
        return Selection((to_repo_path(root, cwd, plans_dir),))
    return Selection(("plans",))


def to_repo_path(root: Path, cwd: Path, path: Path) -> str:
    """`path` (relative to `cwd`) as a POSIX path relative to the repository top."""
    full = Path(os.path.realpath(cwd / path))
    top = Path(os.path.realpath(root))
    try:
        rel = full.relative_to(top)
    except ValueError:
        raise UsageError(f"{path} is outside the repository {root}") from None
    return "" if rel == Path(".") else rel.as_posix()


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "git failed"
