"""The Board pack as one self-contained HTML page: Jinja2 templates with autoescaping, SVG bars drawn here.

Plan text is data: every value goes through the template's autoescaping, after `printable` has
replaced control characters (the environment's `finalize`). The page loads nothing from outside:
no fonts, scripts or images, and a Content-Security-Policy that forbids them, so that it opens
offline from an e-mail attachment and a script that slipped into it could not run.

The charts are stacked bars: a few rectangles each, drawn by `segments` below. A chart library
would add a dependency for that, and the ones that render SVG without a browser (pygal) embed a
script reference by default.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from actiontrack import __version__
from actiontrack.query.boardpack import BoardPack, Item
from actiontrack.query.states import STATES
from actiontrack.render.governance import count_line
from actiontrack.render.states import STATE_COLOURS, STATE_LABELS, STATE_MEANINGS, shown_states
from actiontrack.render.summary import basis_line
from actiontrack.wording import MONTHS, count, date_range, format_days, long_date, plural, printable

if TYPE_CHECKING:
    from jinja2 import Environment


def render_board_pack(pack: BoardPack) -> str:
    """The whole page, as text (UTF-8 when written)."""
    template = environment().get_template("boardpack.html.j2")
    colours = {s: (f"#{fill}", f"#{ink}") for s, (fill, ink) in STATE_COLOURS.items()}
    return template.render(pack=pack, states=shown_states(), labels=STATE_LABELS, meanings=STATE_MEANINGS,
                           colours=colours, version=__version__,
                           basis=basis_line(pack.summary),
                           window=date_range(min(_next_day(pack.since), pack.as_of), pack.as_of))


def environment() -> Environment:
    """The Jinja2 environment: templates from the package, autoescaping on, every value printable."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("actiontrack.render", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      finalize=_printable)
    env.filters.update(long_date=long_date, short_date=short_date, day=_day, signed=format_days, due=due_words,
                       owners=_owners)
    env.globals.update(segments=segments, count=count, plural=plural, change=change, escalation_count=count_line)
    return env


def segments(counts: dict[str, int], width: float = 1000.0) -> list[dict[str, object]]:
    """A stacked bar's rectangles, left to right in state order: state, count, x and width (SVG units)."""
    total = sum(counts.values())
    out: list[dict[str, object]] = []
    x = 0.0
    for state in STATES:
        n = counts.get(state, 0)
        if not n or not total:
            continue
        w = width * n / total
        out.append({"state": state, "n": n, "x": round(x, 2), "w": round(w, 2),
                    "share": round(100 * n / total)})
        x += w
    return out


def change(now: int, then: int) -> str:
    """A count against the same count at `since`: `+3`, `-1`, or `no change`."""
    return "no change" if now == then else f"{now - then:+d}"


def due_words(it: Item) -> str:
    """The due date with the source's wording when it says something else."""
    if it.due is None:
        return it.timescale or ""
    shown = it.due.isoformat()
    return f"{shown} ({it.timescale})" if it.timescale and it.timescale.strip() != shown else shown


def short_date(day: date) -> str:
    """`1 Nov 2012`: a date where space is short."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def _owners(owners: tuple[str, ...]) -> str:
    return "; ".join(owners)


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "no date"


def _next_day(day: date) -> date:
    from datetime import timedelta

    return day + timedelta(days=1)


def _printable(value: object) -> object:
    # Runs on every {{ value }} before escaping: no control character reaches the page, and an
    # absent value is empty, never the word "None".
    if value is None:
        return ""
    if isinstance(value, str) and not value.isprintable():  # isprintable: a C scan, true for most text
        # A line break stays one; the type too (a template's own Markup must not be escaped again).
        return type(value)("\n".join(printable(line) for line in value.split("\n")))
    return value
