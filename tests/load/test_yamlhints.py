"""YAML syntax errors explain themselves: each common slip, made in a copy of the bundled Thurrock plan."""

from __future__ import annotations

import pytest

from support import SEED_PLANS, load_bytes

THURROCK = (SEED_PLANS / "thurrock-ofsted-2012.yaml").read_text(encoding="utf-8")
F = "plans/thurrock-ofsted-2012.yaml"


def broken(old: str, new: str) -> list[str]:
    """The findings of the plan with its first `old` replaced by `new`."""
    assert old in THURROCK
    return [f.format() for f in load_bytes(THURROCK.replace(old, new, 1).encode(), F).findings]


@pytest.mark.parametrize(("old", "new", "finding"), [
    # An unquoted ": " in a note: libyaml says "mapping values are not allowed in this context".
    ("text: Plan Established\n", "text: Plan Established: report due\n",
     f"{F}:41:35: error AT001 YAML syntax error: ': ' inside a value starts a new key: quote the value: "
     "text: \"…\""),
    # An unclosed quote: libyaml fails 7 lines later, at the next quote; the finding points where it opened.
    ('timescale: "Report to SMT 27.10.12"', 'timescale: "Report to SMT 27.10.12',
     f"{F}:36:20: error AT001 YAML syntax error: the quote opened here is never closed: end the value with \" "
     "on the same line"),
    ("timescale: \"Report to SMT 27.10.12\"", "timescale: 'Report to SMT 27.10.12",
     f"{F}:36:20: error AT001 YAML syntax error: the quote opened here is never closed: end the value with ' "
     "on the same line"),
    # A tab after "-", and a tab in the indentation.
    ("          - date: 2012-10-19\n", "          -\tdate: 2012-10-19\n",
     f"{F}:29:12: error AT002 tab character where YAML needs spaces: use spaces"),
    ("        status: in-progress\n", "\tstatus: in-progress\n",
     f"{F}:37:1: error AT002 tab character in indentation: indent with spaces"),
    # No space after "-": libyaml fails on the line after it, or on the line itself.
    ('      - id: "1.1"\n', '      -id: "1.1"\n',
     f"{F}:23:7: error AT001 YAML syntax error: a list item needs a space after '-': write '- id: …', not '-id: …'"),
    ("          - date: 2012-10-19\n            by: Thurrock Council\n            text: Plan Established\n",
     "          -date: 2012-10-19\n            by: Thurrock Council\n            text: Plan Established\n",
     f"{F}:39:11: error AT001 YAML syntax error: a list item needs a space after '-': write '- date: …', not "
     "'-date: …'"),
    # A "#" at the start of a value starts a comment: the value is read as empty.
    ("text: Completed\n", "text: #3 done\n",
     f"{F}:31:18: error AT103 'text' must be text, not nothing (null): in YAML ' #' starts a comment, so the "
     "value was read as empty: quote it: text: \"#…\""),
])
def test_common_slips_are_explained_where_they_were_made(old: str, new: str, finding: str) -> None:
    assert broken(old, new) == [finding]


def test_an_error_it_does_not_know_keeps_libyaml_words() -> None:
    assert broken("recommendations:\n", "recommendations: [\n") == [
        f"{F}:20:3: error AT001 YAML syntax error: did not find expected node content (while parsing a flow node)"]
