"""The privacy guard: every kind of identifier found at its exact line and column, masked; false ones left alone.

Every value here is synthetic: NHS numbers from the 999 range NHS England keeps for testing,
phone numbers from Ofcom's drama ranges, addresses at example.com (RFC 2606).
"""

from __future__ import annotations

import pytest

from actiontrack.validate.privacy import Guard, mask, nhs_valid, redact, scan

HINT = "remove it, or mark it '# privacy-ok: REASON' if it is not private"


def lines(text: str, guard: Guard = Guard()) -> list[str]:
    return [f.format() for f in scan("plans/p.yaml", text.encode("utf-8"), guard)]


@pytest.mark.parametrize(("number", "valid"), [
    ("9990000018", True), ("9990000026", True), ("9434765919", True),  # 943 476 5919: NHS England's own example
    ("9990000017", False), ("9990000019", False), ("9434765918", False),
    ("1000000010", False),  # the check digit would be 10: never issued
])
def test_nhs_check_digit(number: str, valid: bool) -> None:
    assert nhs_valid(number) is valid


@pytest.mark.parametrize(("text", "expected"), [
    ("text: NHS no 9990000018 on file", [
        f"plans/p.yaml:1:14: error AT601 possible NHS number '********18' (valid check digit): {HINT}"]),
    ("text: NHS no 999 000 0018 on file", [
        f"plans/p.yaml:1:14: error AT601 possible NHS number '*** *** **18' (valid check digit): {HINT}"]),
    ("text: NHS no 999-000-0026", [
        f"plans/p.yaml:1:14: error AT601 possible NHS number '***-***-**26' (valid check digit): {HINT}"]),
    # An invalid check digit is no NHS number; nor are 10 digits inside a longer number or mixed separators.
    ("text: ref 9990000017 and 999 000 0019", []),
    ("text: ref 19990000018 and 999 000-0018 and 9990000018.5", []),
    ("text: NI number AB 12 34 56 C given", [
        f"plans/p.yaml:1:17: error AT602 possible National Insurance number '** ** ** *6 C': {HINT}"]),
    ("text: ab123456c", [f"plans/p.yaml:1:7: error AT602 possible National Insurance number '*******6c': {HINT}"]),
    ("text: QQ 12 34 56 C and GB 12 34 56 A and AB 12 34 56 E", []),  # prefixes never issued; suffix past D
    ("text: Child DOB: 03/04/2010, recorded", [
        f"plans/p.yaml:1:18: error AT603 possible date of birth '**/**/**10': {HINT}"]),
    ("text: born on 3rd April 2010 in hospital", [
        f"plans/p.yaml:1:15: error AT603 possible date of birth '*** ***** **10': {HINT}"]),
    ("text: Date of birth 2010-04-03", [
        f"plans/p.yaml:1:21: error AT603 possible date of birth '****-**-03': {HINT}"]),
    ("text: born in 2010; review on 03/04/2010; DOB unknown", []),  # no full date next to the word
    ("text: lives at SW1A 1AA now", [f"plans/p.yaml:1:16: error AT604 possible postcode '**** ***': {HINT}"]),
    ("text: B33 8TH and M1 1AE", [
        f"plans/p.yaml:1:7: error AT604 possible postcode '*** ***': {HINT}",
        f"plans/p.yaml:1:19: error AT604 possible postcode '** ***': {HINT}"]),
    ("text: Q3 2013, S1.1, sw1a 1aa, Standard 1 - Referrals", []),
    ("text: mail j.bloggs@example.com today", [
        f"plans/p.yaml:1:12: error AT605 possible email address '*.******@*******.*om': {HINT}"]),
    ("text: mail safeguarding@example.gov.uk or lscb@nhs.net or a.nurse@trust.nhs.uk", []),
    ("text: call 07700 900123 or +44 7700 900123", [
        f"plans/p.yaml:1:12: error AT606 possible phone number '***** ****23': {HINT}",
        f"plans/p.yaml:1:28: error AT606 possible phone number '+** **** ****23': {HINT}"]),
    ("text: home 020 7946 0958, (01632) 960123, +44 (0)113 496 0000", [
        f"plans/p.yaml:1:12: error AT606 possible phone number '*** **** **58': {HINT}",
        f"plans/p.yaml:1:27: error AT606 possible phone number '(*****) ****23': {HINT}",
        f"plans/p.yaml:1:43: error AT606 possible phone number '+** (*)*** *** **00': {HINT}"]),
    # Organisations' numbers (03, 08), a date and a short number are left alone.
    ("text: 0300 123 4567, 0808 800 5000, 01.02.2003, 01234 56", []),
])
def test_each_kind_is_located_and_masked(text: str, expected: list[str]) -> None:
    assert lines(text + "\n") == expected


def test_a_comment_and_a_broken_file_are_scanned_too() -> None:
    text = "id: p\n# the family's number: 07700 900123\ntitle: [unclosed\n"
    assert lines(text) == [f"plans/p.yaml:2:24: error AT606 possible phone number '***** ****23': {HINT}"]


def test_a_value_folded_over_two_lines_is_found_at_its_start() -> None:
    text = "notes:\n  - text: Call mum on 07700\n      900123 after school\n"
    assert lines(text) == [f"plans/p.yaml:2:23: error AT606 possible phone number '***** ****23': {HINT}"]


def test_private_names_whole_words_any_case_fully_masked() -> None:
    guard = Guard(((3, "Jane Bloggs"), (5, "Kim")), ".actiontrack/private-names.txt")
    text = "text: Met JANE\n  bloggs; Kimberley and kim came\n"
    assert lines(text, guard) == [
        "plans/p.yaml:1:11: error AT607 a name from .actiontrack/private-names.txt (its line 3, '**** ******'): "
        "remove it or write the person's role instead",
        "plans/p.yaml:2:25: error AT607 a name from .actiontrack/private-names.txt (its line 5, '***'): "
        "remove it or write the person's role instead",
    ]


def test_a_marker_covers_its_line_and_a_block_it_opens() -> None:
    text = (
        "a: Switchboard 01632 960123  # privacy-ok: the Trust's public switchboard\n"
        "b: |  # privacy-ok: the council's published duty desk\n"
        "  Duty desk 01632 960456\n"
        "  or 01632 960789\n"
        "c: Home 07700 900123\n"
    )
    assert lines(text) == [f"plans/p.yaml:5:9: error AT606 possible phone number '***** ****23': {HINT}"]


def test_a_marker_without_a_reason_is_an_error_and_covers_nothing() -> None:
    text = "a: Home 07700 900123  # privacy-ok\nb: x  #privacy-ok:   \n"
    assert lines(text) == [
        f"plans/p.yaml:1:9: error AT606 possible phone number '***** ****23': {HINT}",
        "plans/p.yaml:1:23: error AT608 privacy-ok marker without a reason: say why it is not private "
        "('# privacy-ok: the Trust's public switchboard')",
        "plans/p.yaml:2:7: error AT608 privacy-ok marker without a reason: say why it is not private "
        "('# privacy-ok: the Trust's public switchboard')",
    ]


def test_mask_keeps_the_shape_and_never_the_whole_value() -> None:
    assert mask("999 000 0018") == "*** *** **18"
    assert mask("SW1A 1AA") == "**** ***"  # under 8 letters and digits: nothing shown
    assert mask("AB 12 34 56 C") == "** ** ** *6 C"


def test_redact_replaces_every_match_with_what_it_was() -> None:
    text = "Call 07700\n  900123 or mail j.bloggs@example.com; NHS 999 000 0018, Kim"
    assert redact(text, Guard(((1, "kim"),))) == (
        "Call [phone number removed]\n  or mail [email address removed]; NHS [NHS number removed], "
        "[private name removed]")


def test_the_bundled_plans_hold_nothing_the_guard_finds() -> None:
    from support import SEED_PLANS

    for path in sorted(SEED_PLANS.glob("*.yaml")):
        assert scan(path.name, path.read_bytes()) == [], path.name
