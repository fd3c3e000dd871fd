"""The fuzzers' budget: a fixed number of examples per property in the default run, more for a campaign.

`ACTIONTRACK_FUZZ_EXAMPLES=N` gives every property N examples, drawn at random (the default run
is derandomized, so CI sees the same examples every time); README, Development, says how to run
a long campaign.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

CAMPAIGN = int(os.environ.get("ACTIONTRACK_FUZZ_EXAMPLES", "0") or 0)


def budget(default: int, deadline_ms: int) -> settings:
    """Settings for one property: `default` examples (or the campaign's), each under `deadline_ms`.

    The deadline bounds every example (so the run as a whole), with room for a loaded 2-core CI
    machine; no example database is written into the work tree.
    """
    return settings(
        max_examples=CAMPAIGN or default,
        deadline=deadline_ms,
        derandomize=not CAMPAIGN,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )
