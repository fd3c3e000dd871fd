"""The layout's rules, read from the source: imports flow one way, each outside library has one home.

docs/architecture.md states these rules; this test is what keeps them true.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import actiontrack

PACKAGE = Path(actiontrack.__file__).resolve().parent

# The stages in pipeline order. A module may import its own stage and any earlier one, never a
# later one. `base` is what every stage shares; gitrepo and edit sit beside the read pipeline.
STAGES = {
    "base": 0,  # errors, vocabulary, model, wording, dates, timescale, timescale_dates
    "gitrepo": 1,
    "load": 1,
    "validate": 2,
    "importing": 2,  # reads outside data (Excel, CSV, Word) as load does; uses base, load and validate only
    "query": 3,
    "render": 4,
    "edit": 4,
    "api": 5,
    "cli": 6,
}
# Beside the pipeline, not in it: what each of these may not import although the rank allows it.
FORBIDDEN = {
    "load": {"gitrepo"},
    "importing": {"gitrepo"},
    "validate": {"gitrepo"},
    "query": {"gitrepo", "edit"},  # pure functions of plans and dates: no git, no writes
    "render": {"gitrepo", "edit", "api", "load.cache"},
    "edit": {"query", "render", "api"},
}
# Outside libraries and the stages (or modules) allowed to import each.
OWNERS = {
    "typer": ("cli",),
    "click": ("cli",),
    "rich": ("render",),
    "ruamel": ("load",),
    "_ruamel_yaml": ("load",),
    # git, and headless Chromium printing the Board pack to PDF: the only processes actiontrack runs.
    "subprocess": ("gitrepo", "render.pdf"),
    # openpyxl reads workbooks in importing/ and writes the RAG tracker in render/.
    "openpyxl": ("importing", "render"),
    "docx": ("importing",),
    # The Board outputs' writers.
    "jinja2": ("render",),
    "markupsafe": ("render",),
    "icalendar": ("render",),
}


def modules() -> list[tuple[str, Path]]:
    """Every module of the package as (dotted name below actiontrack, path)."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        out.append((".".join(parts) or "__init__", path))
    return out


def stage_of(name: str) -> str:
    """The stage a module (dotted name below actiontrack) belongs to."""
    top = name.split(".")[0]
    return top if top in STAGES else "base"


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every module this file imports (absolute dotted names), at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            out.append((node.module, node.lineno))
            # `from actiontrack.edit import refs` imports the module actiontrack.edit.refs.
            out += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names
                    if node.module.startswith("actiontrack") and
                    (PACKAGE / node.module.removeprefix("actiontrack").strip(".").replace(".", "/") / alias.name)
                    .with_suffix(".py").exists()]
    return out


def internal(name: str) -> str | None:
    """The dotted name below actiontrack of an import of the package, else None."""
    if name == "actiontrack":
        return "__init__"
    return name.removeprefix("actiontrack.") if name.startswith("actiontrack.") else None


ALL = modules()


@pytest.mark.parametrize(("name", "path"), ALL, ids=[n for n, _ in ALL])
def test_imports_flow_one_way(name: str, path: Path) -> None:
    here = stage_of(name)
    for imported, line in imports_of(path):
        target = internal(imported)
        if target is None or target == "__init__":
            continue
        there = stage_of(target)
        where = f"{path.relative_to(PACKAGE)}:{line} imports {imported}"
        if name == "__main__":
            assert target == "cli", where  # `python -m actiontrack` is the console script
            continue
        assert STAGES[there] <= STAGES[here], f"{where}: {there} comes after {here}"
        assert not any(target == f or target.startswith(f + ".") for f in FORBIDDEN.get(here, ())), \
            f"{where}: {here} may not import it"


@pytest.mark.parametrize(("name", "path"), ALL, ids=[n for n, _ in ALL])
def test_each_outside_library_has_one_home(name: str, path: Path) -> None:
    for imported, line in imports_of(path):
        owners = OWNERS.get(imported.split(".")[0])
        if owners is not None:
            assert stage_of(name) in owners or name in owners, \
                f"{path.relative_to(PACKAGE)}:{line} imports {imported}: only {', '.join(owners)} may"


def test_nothing_imports_the_command_line() -> None:
    for name, path in ALL:
        if stage_of(name) == "cli" or name == "__main__":
            continue
        assert not [i for i, _ in imports_of(path) if (internal(i) or "").startswith("cli")], name


def test_rich_is_imported_only_inside_functions() -> None:
    """render imports rich lazily, so a JSON or CSV answer never pays for it; the same for the Board outputs'
    libraries, so that start-up stays light."""
    for name, path in ALL:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        names = [a.name for n in top if isinstance(n, ast.Import) for a in n.names]
        names += [n.module for n in top if isinstance(n, ast.ImportFrom) and n.module]
        assert not [m for m in names if m.split(".")[0] in ("rich", "ruamel", "jinja2", "markupsafe", "openpyxl",
                                                            "icalendar")], name


@pytest.mark.parametrize(("name", "path"), ALL, ids=[n for n, _ in ALL])
def test_small_modules_with_docstrings(name: str, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= 400, f"{name} has {text.count(chr(10))} lines"
    tree = ast.parse(text)
    assert ast.get_docstring(tree), f"{name} has no module docstring"

    def public(node: ast.AST, private_class: bool) -> list[str]:
        missing = []
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.ClassDef)):
                hidden = private_class or child.name.startswith("_")
                if not hidden and not ast.get_docstring(child):
                    missing.append(f"{child.name} (line {child.lineno})")
                if isinstance(child, ast.ClassDef):
                    missing += public(child, hidden)
        return missing

    assert public(tree, False) == [], f"{name}: public definitions without a docstring"


def test_the_stages_are_the_folders() -> None:
    """A newcomer reading `ls src/actiontrack` sees the pipeline."""
    folders = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith((".", "__")))
    assert folders == ["api", "cli", "edit", "importing", "load", "query", "render", "validate"]
    base = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert base == ["__init__", "__main__", "dates", "errors", "gitrepo", "model", "timescale", "timescale_dates",
                    "vocabulary", "wording"]
