"""The edit stage, the only writer: note, status, reschedule and new.

commands (what each command changes) -> pipeline (resolve, lock, validate, splice, verify) ->
splice (lines added by position; every other byte stays) -> atomic (lock and atomic write).
refs resolves ACTION_REF; rules holds the checks an edit makes before it touches a file.
"""
