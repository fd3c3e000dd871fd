"""The pictures in docs/reading.md are current: made again from the bundled plans, they match.

A failing test never rewrites them: `python3 docs/pictures.py` does (docs/reading.md says so).
"""

from __future__ import annotations

import importlib.util
import re
from importlib.metadata import version
from types import ModuleType

import pytest

from support import REPO


def pictures() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pictures", REPO / "docs" / "pictures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PICTURES = pictures()


@pytest.mark.parametrize("name", sorted(PICTURES.PICTURES))
def test_picture_is_current(name: str) -> None:
    stored = (REPO / "docs" / "images" / f"{name}.svg").read_text(encoding="utf-8")
    made = PICTURES.picture(name)
    drawn_by = re.match(r"<!-- made by docs/pictures.py with rich (\S+):", stored)
    assert drawn_by, "not made by docs/pictures.py"
    if drawn_by.group(1) == version("rich"):
        assert made == stored, "out of date: run python3 docs/pictures.py"
    else:  # another rich draws the same screen with other markup: compare what it shows
        assert PICTURES.shown(made) == PICTURES.shown(stored), "out of date: run python3 docs/pictures.py"


def test_each_picture_is_in_the_docs_and_shows_colour() -> None:
    reading = (REPO / "docs" / "reading.md").read_text(encoding="utf-8")
    for name in PICTURES.PICTURES:
        assert f"(images/{name}.svg)" in reading
    texts, colours = PICTURES.shown((REPO / "docs" / "images" / "show.svg").read_text(encoding="utf-8"))
    assert "#0087ff" in colours and "#d78700" in colours  # completed blue, due-soon amber
    assert any("Recommendation 7:" in t for t in texts)
