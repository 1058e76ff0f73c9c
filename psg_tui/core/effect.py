"""Did it help? An operation's target incidents before and after its start, against a comparison.

The figure is the ratio of ratios: (after / before in the operation's areas) over (after /
before in the rest of the district), so a district-wide fall (or a seasonal one, with equal
windows) is not credited to the operation. Counts of incidents are treated as Poisson, so
the log of the ratio of ratios has standard error sqrt(1/a + 1/b + 1/c + 1/d) and the 95%
interval is exp(log RR ± 1.96 SE). A zero count gets the usual 0.5 added to every cell
(Haldane's correction), and the wording says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959964


@dataclass(frozen=True)
class Effect:
    """Before/after counts in the operation's areas (`target_*`) and the comparison (`rest_*`)."""

    target_before: int
    target_after: int
    rest_before: int
    rest_after: int

    @property
    def corrected(self) -> bool:
        return 0 in (self.target_before, self.target_after, self.rest_before, self.rest_after)

    def _cells(self) -> tuple[float, float, float, float]:
        extra = 0.5 if self.corrected else 0.0
        return (
            self.target_before + extra,
            self.target_after + extra,
            self.rest_before + extra,
            self.rest_after + extra,
        )

    @property
    def ratio(self) -> float:
        """The ratio of ratios: below 1, the operation's areas did better than the rest."""
        tb, ta, rb, ra = self._cells()
        return (ta / tb) / (ra / rb)

    @property
    def interval(self) -> tuple[float, float]:
        tb, ta, rb, ra = self._cells()
        se = math.sqrt(1 / tb + 1 / ta + 1 / rb + 1 / ra)
        log_ratio = math.log(self.ratio)
        return math.exp(log_ratio - Z95 * se), math.exp(log_ratio + Z95 * se)

    @property
    def could_be_chance(self) -> bool:
        low, high = self.interval
        return low <= 1 <= high

    def wording(self, comparison: str = "the rest of the district") -> str:
        """'down 18% against the rest of the district; could be chance', plainly."""
        if self.target_before == 0 and self.target_after == 0:
            return "no target incidents before or after the start: nothing to compare"
        if self.rest_before == 0 and self.rest_after == 0:
            return f"no target incidents in {comparison}: nothing to compare against"
        change = _change(self.ratio)
        low, high = self.interval
        verdict = "could be chance" if self.could_be_chance else f"95% interval: {_span(low, high)}"
        note = " (a zero count: 0.5 added to each)" if self.corrected else ""
        return f"{change} against {comparison}; {verdict}{note}"


def _change(ratio: float) -> str:
    percent = round((ratio - 1) * 100)
    if percent == 0:
        return "no change"
    return f"{'up' if percent > 0 else 'down'} {abs(percent)}%"


def _span(low: float, high: float) -> str:
    """The interval as changes, the nearer-to-nothing end first: 'down 5% to down 29%'."""
    ends = sorted((_change(low), _change(high)), key=lambda text: abs(_percent(text)))
    return f"{ends[0]} to {ends[1]}"


def _percent(text: str) -> int:
    if text == "no change":
        return 0
    sign = 1 if text.startswith("up") else -1
    return sign * int(text.split()[1].rstrip("%"))
