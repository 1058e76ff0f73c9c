"""Plain-text renderings shared by the dashboard and the command line."""

from __future__ import annotations

SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """One block character per value, scaled between the list's own minimum and maximum."""
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    return "".join(
        SPARK[0] if span == 0 else SPARK[round((v - low) / span * (len(SPARK) - 1))] for v in values
    )
