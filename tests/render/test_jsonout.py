"""render/jsonout: the streamed writer gives dump_json's bytes exactly, a piece at a time."""

from __future__ import annotations

import io
from datetime import date

from actiontrack.render.jsonout import dump_json, write_json

DOCUMENT = {
    "version": 4,
    "as_of": date(2026, 12, 1),
    "empty": {},
    "none": [],
    "rows": [
        {"plan": "p", "owners": ["SM", "JB"], "due": date(2024, 3, 31), "days": 3, "done": False, "note": None},
        {"plan": "q\u2028\x9b", "nested": {"deep": [{"a": [1, 2]}, ()], "also": ("x",)}},
        [],
        "text with \"quotes\" and \u202e bidi",
    ],
    "unreadable": [{"file": "b.yaml", "first_error": {"line": 1}}],
    "last": True,
}


class Pieces(io.StringIO):
    """An output that counts the writes it was given."""

    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_write_json_is_dump_json_and_a_newline_in_pieces() -> None:
    out = Pieces()
    write_json(DOCUMENT, out)
    assert out.getvalue() == dump_json(DOCUMENT) + "\n"
    assert "\\u2028\\u009b" in out.getvalue() and "\\u202e" in out.getvalue()
    assert out.writes > 20  # the rows went out one by one, never as one string


def test_write_json_of_scalars_and_empty_containers() -> None:
    for value in (None, 3, "x", [], {}, [[]], {"a": {}}, date(2020, 1, 2)):
        out = io.StringIO()
        write_json(value, out)
        assert out.getvalue() == dump_json(value) + "\n"


def test_a_sequence_made_as_it_is_read_is_written_as_a_list(seed_copy: object) -> None:
    from pathlib import Path

    from actiontrack.load.discover import find_plan_files, read_sources
    from actiontrack.load.loader import Loader, plans_of
    from actiontrack.query.export import PlanObjects, export_document

    plans = plans_of(Loader().load(read_sources(find_plan_files([Path(str(seed_copy))])), positions=False))
    lazy = export_document(plans, lazy=True)
    assert isinstance(lazy["plans"], PlanObjects) and len(lazy["plans"]) == 5
    whole = export_document(plans)
    out = Pieces()
    write_json(lazy, out)
    assert out.getvalue() == dump_json(whole) + "\n" == dump_json(lazy) + "\n"
    assert lazy["plans"][0] == whole["plans"][0]  # type: ignore[index]
