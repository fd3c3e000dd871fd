"""The library surface: one function per command, paths, bytes and dates in, a value out; never prints.

- `api.reading`: validate, timescale, export, overdue, due, show, list_plans, textconv
- `api.review`: diff and summary (git history read through `gitrepo`)
- `api.writing`: note, status, reschedule and new (the edit stage)

Each takes a `Loader` (load/loader.py); pass a `CachedLoader` for the content-keyed cache.
The CLI is one caller of these functions; scripts can be others.
"""
