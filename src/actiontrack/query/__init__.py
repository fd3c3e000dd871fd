"""Stage 3, query: pure functions of loaded plans and dates.

states (each action's state on a date, filters, sorts) -> listings (overdue, due, show, list as
Table intermediates) and export, diff, summary and textconv (the other commands' values). No
I/O, no printing, no git: what goes in is plans (or a loader's results) and dates.
"""
