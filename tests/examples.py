"""How many examples each property test tries, set by the Hypothesis profile, not by the test.

`repeatable` (the default, and CI's) runs the same examples on every run, so a red run is one
a developer can repeat; `HYPOTHESIS_PROFILE=explore pytest` looks for new examples, ten times
as many. A test says what one of its examples costs, and gets that share of the profile's
`max_examples`:

- `IN_MEMORY`: values in memory, an in-memory database at most (all of it: 100 by default);
- `PER_DATABASE`: an example imports files or runs `psg` against a database (a quarter);
- `PER_DASHBOARD`: an example starts the dashboard and drives it with keys (a twentieth);
- `PER_WALK`: an example starts the dashboard and walks every screen (a thirty-third).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("repeatable", derandomize=True, print_blob=True, deadline=None, max_examples=100)
settings.register_profile("explore", derandomize=False, print_blob=True, deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

# An example that builds a database or an app is slower than Hypothesis expects, and a
# function-scoped fixture (tmp_path, monkeypatch) shared by the examples is what these tests mean.
_SLOW_EXAMPLES = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


def share(fraction: float) -> settings:
    """The profile's settings with `fraction` of its examples (at least one)."""
    return settings(
        max_examples=max(1, round(settings.default.max_examples * fraction)),
        suppress_health_check=_SLOW_EXAMPLES,
    )


IN_MEMORY = share(1)
PER_DATABASE = share(1 / 4)
PER_DASHBOARD = share(1 / 20)
PER_WALK = share(1 / 33)
