"""The Board pack's HTML: plan text is data (escaped, never markup or script), the page loads nothing from outside."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from actiontrack.query.boardpack import board_pack
from actiontrack.query.summary import Basis
from actiontrack.render.boardpack import render_board_pack, segments

from hostile_plans import IMG, LINK, MARKUP, SCRIPT
from support import DATA, load_bytes, load_file, load_plans

AS_OF, SINCE = date(2026, 11, 20), date(2026, 10, 31)
NOTES = Basis(git=False, reason="the plans are not in a git repository")
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "strong", "section",
                "div", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "span", "svg", "rect", "br",
                "footer", "ul", "li", "code", "dl", "dt", "dd"}


class Page(HTMLParser):
    """Every tag with its attributes, the text, and how many <style> elements there are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def hostile_html() -> str:
    plan = load_bytes(MARKUP.encode(), "plans/hostile-plan.yaml", positions=False).plan
    assert plan is not None
    return render_board_pack(board_pack([plan], None, AS_OF, SINCE, NOTES, []))


def test_plan_text_never_becomes_markup_script_or_a_link() -> None:
    html = hostile_html()
    page = parse(html)
    tags = {tag for tag, _ in page.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert [tag for tag, _ in page.tags].count("style") == 1  # ours; the note's <style> is text
    assert [tag for tag, _ in page.tags].count("h1") == 1  # ours; the injected headings are text
    attributes = [name for _, attrs in page.tags for name, _ in attrs]
    assert not [a for a in attributes if a.startswith("on") or a in ("href", "src", "action", "formaction")]
    assert "<script" not in html and "javascript:" not in "".join(v or "" for _, attrs in page.tags for _, v in attrs)
    text = "".join(page.text)
    for shown in (SCRIPT, LINK, IMG, "<style>body{display:none}</style>", "<h1 id=injected>guidance</h1>",
                  "[x](javascript:alert(4))", "<b>AM</b>", "<i>Lead</i>", "<u>Sept 26</u>"):
        assert shown in text, shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_control_characters_never_reach_the_page() -> None:
    html = hostile_html()
    assert "\x1b" not in html and "\ufffd[31mred" in html


def test_the_page_loads_nothing_from_outside() -> None:
    html = render_board_pack(board_pack(load_plans([DATA / "boards"], positions=False)[0], None, AS_OF, SINCE,
                                        NOTES, []))
    page = parse(html)
    assert ("meta", [("http-equiv", "Content-Security-Policy"),
                     ("content", "default-src 'none'; style-src 'unsafe-inline'")]) in page.tags
    assert "http:" not in html and "https:" not in html and "url(" not in html and "@import" not in html
    assert "<svg" in html  # the charts are inline SVG


def test_bars_are_drawn_in_state_order_with_their_shares() -> None:
    assert segments({"overdue": 1, "due-soon": 0, "on-track": 3}) == [
        {"state": "overdue", "n": 1, "x": 0.0, "w": 250.0, "share": 25},
        {"state": "on-track", "n": 3, "x": 250.0, "w": 750.0, "share": 75},
    ]
    assert segments({"overdue": 0}) == []


def test_sections_say_what_is_empty_and_the_footer_says_what_was_read(tmp_path: Path) -> None:
    html = render_board_pack(board_pack(load_plans([DATA / "boards"], positions=False)[0], None, date(2027, 6, 1),
                                        date(2027, 5, 1), NOTES, []))
    text = " ".join("".join(parse(html).text).split())
    assert "Nothing comes due from 1 June 2027 to 29 June 2027." in text
    assert "No action was completed, embedded or closed from 2 May to 1 June 2027." in text
    assert "No due date moved from 2 May to 1 June 2027." in text
    assert ("As of 1 June 2027 (2027-06-01); changes after 2027-05-01. Read from the plan files as they are (the "
            "plans are not in a git repository); the plans on 1 May 2027 are read from their own record as it stood "
            "that day.") in text


def test_an_owners_green_is_set_against_the_dates_only_where_plans_carry_ratings() -> None:
    plan = load_file(DATA / "fit" / "rated-plan.yaml", positions=False).plan  # two greens overdue, two late
    assert plan is not None
    html = render_board_pack(board_pack([plan], None, AS_OF, SINCE, NOTES, []))
    text = " ".join("".join(parse(html).text).split())
    assert ("Rated green against the dates (2) 3 actions carry an owner's rating. These are rated green, but their "
            "dates say they are overdue or not reported: the Board should ask which is right.") in text
    assert '<th>Completed on</th><th class="n">Days late</th>' in html
    assert '<td>Nov 2026</td><td class="n">76</td>' in html
    plain = render_board_pack(board_pack(load_plans([DATA / "boards"], positions=False)[0], None, AS_OF, SINCE, NOTES))
    assert 'id="rated"' not in plain


def test_the_headline_lays_its_cards_on_one_row_and_the_legend_defines_every_state_it_shows() -> None:
    import re

    from actiontrack.render.states import STATE_LABELS, STATE_MEANINGS

    pack = board_pack(load_plans([DATA / "boards"], positions=False)[0], None, AS_OF, SINCE, NOTES, [])
    html = render_board_pack(pack)
    shown = [h.state for h in pack.headline]
    assert "unknown" in shown and len(shown) == 9
    # One grid column a card, whatever the page's width; rows of three on a phone's screen only.
    assert f".cards {{ display: grid; grid-template-columns: repeat({len(shown)}, minmax(0, 1fr));" in html
    assert "@media screen and (max-width: 640px) {\n  .cards { grid-template-columns: repeat(3, minmax(0, 1fr)); }" \
        in html
    assert "Actions by state on 20 Nov 2026, each with its change since 31 Oct 2026." in html
    legend = html[html.index('<dl class="legend" id="legend">'):html.index("</dl>")]
    pairs = re.findall(r'<dt><span class="chip s-([a-z-]+)">([^<]+)</span></dt><dd>([^<]+)</dd>', legend)
    assert pairs == [(s, STATE_LABELS[s], STATE_MEANINGS[s]) for s in shown]
    assert ("unknown", "Not reported", "not reported: nobody has said where it stands") in pairs
