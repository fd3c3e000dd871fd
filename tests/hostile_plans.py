"""Hostile plans shared by the render tests and the real-client tests: synthetic text only, no real case.

Each puts into every field a reader sees the text an output must keep inert: markup, scripts and
javascript: links for the HTML pack; formulas for the workbook.
"""

from __future__ import annotations

SCRIPT = "<script>alert(1)</script>"
LINK = '<a href="javascript:alert(2)">click</a>'
IMG = "<img src=x onerror=alert(3)>"

# Synthetic plan: every field a reader sees carries markup, a script, a javascript: link or an escape.
MARKUP = f"""\
id: hostile-plan
title: '<b>Board</b> & {SCRIPT}'
organisation: "Example </td></table><h1>Partnership</h1>"
source: {{kind: other}}
date: 2026-09-01
people:
  AM: {{name: '{IMG}'}}
recommendations:
  - id: "1"
    text: '{LINK}'
    actions:
      - id: "1.1"
        text: "Issue </td></tr></table><h1 id=injected>guidance</h1> [x](javascript:alert(4)) \\e[31mred"
        owners: [AM, "<i>Lead</i>"]
        timescale: "<u>Sept 26</u>"
        due: 2026-10-15
        status: in-progress
        notes:
          - date: 2026-10-20
            by: '<b>AM</b>'
            text: |
              {SCRIPT} {LINK}
              {IMG} <style>body{{display:none}}</style>
"""


HYPERLINK = '=HYPERLINK("http://evil.example/","click me")'
CMD = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0"

# Synthetic plan: text that a spreadsheet would run, in every column a plan fills.
FORMULAS = f"""\
id: formula-plan
title: "=1+1"
organisation: "-2+3"
source: {{kind: other}}
date: 2026-09-01
people:
  AM: {{name: "=cmd|'/C calc'!A0"}}
recommendations:
  - id: "1"
    text: "#N/A"
    actions:
      - id: "1.1"
        text: '{HYPERLINK}'
        owners: ["{CMD}", AM]
        timescale: "=TODAY()"
        due: 2026-10-15
        monitoring: "@SUM(A1:A9)"
        status: in-progress
        notes:
          - {{date: 2026-10-20, by: "=A1", text: "{AT_SUM}"}}
      - id: "1.2"
        text: "Bell\\a and a very long note"
        owners: [AM]
        due: 2026-12-01
        status: not-started
        notes:
          - {{date: 2026-10-21, by: AM, text: "{'x' * 40_000}"}}
"""
