"""What residents say against what is recorded: the perception-gap panel's figures.

Each survey topic's share agreeing per wave gets its 95% Wilson score interval (good for the
small samples of a ward and for shares near 0 or 100%, where the plain p ± 1.96·SE goes out of
range). The latest wave is compared with the one before it: the change in share has Newcombe's
hybrid score interval (his method 10, built from the two Wilson intervals), and only a change
whose interval leaves out zero is called a rise or a fall; anything else is "no clear change".

Beside it, the topic's matching incident categories (core/topics.toml) recorded in the 12
complete months before each wave's fieldwork month. Counts are treated as Poisson (as in
core/effect.py): a rise or fall is one whose 95% interval of the ratio leaves out 1
(log ratio ± 1.96·sqrt(1/a + 1/b), 0.5 added to a zero count); else "steady". A year the
database does not wholly cover has no count (a missing month is not a quiet one).

The flags the room is looking for: "concern rising while recorded incidents fall", and the
reverse, "concern falling while recorded incidents rise".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from psg_tui.core.errors import DataError
from psg_tui.core.evidence_maps import TopicMap
from psg_tui.core.queries import QueryResult
from psg_tui.core.safe_text import printable

Z95 = 1.959964
WINDOW_MONTHS = 12
NO_SURVEY = "No survey results: import them with psg db import DB survey FILE"
# What a perception panel's query must return, one row per topic and wave (months_with_data optional).
PERCEPTION_COLUMNS = ("topic", "wave", "wave_date", "respondents", "agreeing", "incidents")
RISING_FALLING = "concern rising while recorded incidents fall"
FALLING_RISING = "concern falling while recorded incidents rise"


def wilson(agreeing: int, respondents: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of agreeing / respondents (as shares, 0..1)."""
    if respondents <= 0:
        raise ValueError("respondents must be more than 0")
    n, p = respondents, agreeing / respondents
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def share_change(earlier: tuple[int, int], later: tuple[int, int]) -> tuple[float, float, float]:
    """(change, low, high): later share minus earlier, with Newcombe's hybrid score interval.
    Each argument is (agreeing, respondents)."""
    p1, p2 = earlier[0] / earlier[1], later[0] / later[1]
    l1, u1 = wilson(*earlier)
    l2, u2 = wilson(*later)
    d = p2 - p1
    return d, d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)


def count_trend(before: int, after: int, z: float = Z95) -> str:
    """'up', 'down' or 'steady': is the change between two Poisson counts beyond chance?"""
    if before == after:
        return "steady"
    a, b = (before + 0.5, after + 0.5) if 0 in (before, after) else (before, after)
    log_ratio = math.log(b / a)
    se = math.sqrt(1 / a + 1 / b)
    if log_ratio - z * se > 0:
        return "up"
    if log_ratio + z * se < 0:
        return "down"
    return "steady"


@dataclass(frozen=True)
class Wave:
    wave: str
    wave_date: date
    respondents: int
    agreeing: int
    incidents: int | None  # matching incidents in the 12 months before; None: not wholly covered

    @property
    def share(self) -> float:
        return self.agreeing / self.respondents

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.agreeing, self.respondents)


@dataclass(frozen=True)
class TopicGap:
    topic: str
    label: str
    mapped: bool  # the topics file names categories for it
    waves: tuple[Wave, ...]  # oldest first

    @property
    def latest(self) -> Wave:
        return self.waves[-1]

    @property
    def earlier(self) -> Wave | None:
        return self.waves[-2] if len(self.waves) > 1 else None

    @property
    def change(self) -> tuple[float, float, float] | None:
        if self.earlier is None:
            return None
        return share_change(
            (self.earlier.agreeing, self.earlier.respondents), (self.latest.agreeing, self.latest.respondents)
        )

    @property
    def concern(self) -> str | None:
        """'rising', 'falling' or 'no clear change' (None with one wave)."""
        change = self.change
        if change is None:
            return None
        _d, low, high = change
        if low > 0:
            return "rising"
        if high < 0:
            return "falling"
        return "no clear change"

    @property
    def incidents_trend(self) -> str | None:
        """'up', 'down' or 'steady' between the two waves' years; None when it cannot be said."""
        if self.earlier is None or not self.mapped:
            return None
        before, after = self.earlier.incidents, self.latest.incidents
        if before is None or after is None:
            return None
        return count_trend(before, after)

    @property
    def is_gap(self) -> bool:
        return self.verdict in (RISING_FALLING, FALLING_RISING)

    @property
    def verdict(self) -> str:
        concern, incidents = self.concern, self.incidents_trend
        if concern is None:
            return "one wave only: no change to judge"
        if concern == "no clear change":
            return "no clear change"
        if incidents is None:
            why = (
                "no matching incidents in the topics file"
                if not self.mapped
                else "no incident figures to compare"
            )
            return f"concern {concern}; {why}"
        if concern == "rising" and incidents == "down":
            return RISING_FALLING
        if concern == "falling" and incidents == "up":
            return FALLING_RISING
        if incidents == "steady":
            return f"concern {concern}; recorded incidents steady"
        return f"concern {concern}, and recorded incidents {'rising' if incidents == 'up' else 'falling'}"


def topic_gaps(rows: Iterable[dict[str, Any]], topics: TopicMap) -> list[TopicGap]:
    """perception_gap.sql's rows (one per topic and wave) as one TopicGap per topic, in the topics
    file's order and then by name. A wave whose year before the database does not wholly hold
    (months_with_data under 12) has no incident count."""
    by_topic: dict[str, list[Wave]] = {}
    for row in rows:
        months = row.get("months_with_data", WINDOW_MONTHS)
        whole = months is not None and months >= WINDOW_MONTHS
        incidents = row["incidents"] if whole else None
        wave = Wave(row["wave"], row["wave_date"], row["respondents"], row["agreeing"], incidents)
        by_topic.setdefault(row["topic"], []).append(wave)
    order = {slug: i for i, slug in enumerate(topics.topics)}
    gaps = [
        TopicGap(
            slug, topics.label(slug), slug in topics.topics, tuple(sorted(waves, key=lambda w: w.wave_date))
        )
        for slug, waves in by_topic.items()
    ]
    return sorted(gaps, key=lambda g: (order.get(g.topic, len(order)), g.topic))


def perception_rows(result: QueryResult, where: str) -> list[dict[str, Any]]:
    """A perception panel's rows, checked: an analyst's file drawn as `render: perception` must
    return PERCEPTION_COLUMNS with values the figures can be worked out from, or it is refused
    with the columns or the row that do not fit."""
    missing = [c for c in PERCEPTION_COLUMNS if c not in result.columns]
    if missing:
        raise DataError(
            f"{where} is drawn as perception but has no {', '.join(missing)} "
            f"column{'s' if len(missing) > 1 else ''} (it needs {', '.join(PERCEPTION_COLUMNS)})."
        )
    rows = result.dicts()
    for number, row in enumerate(rows, start=1):
        for column, fits, wanted in _ROW_CHECKS:
            if column in row and not fits(row[column], row):
                shown = printable(repr(row[column]))
                shown = shown if len(shown) <= 40 else shown[:39] + "…"
                raise DataError(
                    f"{where} is drawn as perception, but row {number}'s {column} is {shown}: {wanted}."
                )
    return rows


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_ROW_CHECKS = (
    ("topic", lambda v, _row: isinstance(v, str), "it must be text"),
    ("wave", lambda v, _row: isinstance(v, str), "it must be text"),
    ("wave_date", lambda v, _row: type(v) is date, "it must be a date (not a timestamp)"),
    ("respondents", lambda v, _row: _count(v) and v > 0, "it must be a whole number above 0"),
    (
        "agreeing",
        lambda v, row: _count(v) and _count(row["respondents"]) and v <= row["respondents"],
        "it must be a whole number from 0 to respondents",
    ),
    ("incidents", lambda v, _row: v is None or _count(v), "it must be a whole number from 0, or empty"),
    (
        "months_with_data",
        lambda v, _row: v is None or _count(v),
        "it must be a whole number from 0, or empty",
    ),
)


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def wave_text(wave: Wave) -> str:
    """'51% (47–55%)'."""
    low, high = wave.interval
    return f"{percent(wave.share)} ({round(low * 100)}–{round(high * 100)}%)"


def with_figures(result: QueryResult, topics: TopicMap, where: str | None = None) -> QueryResult:
    """perception_gap.sql's result with each wave's 95% interval and, on each topic's latest
    wave, the verdict: what `psg query` prints, so a briefing has the panel's figures."""
    if result.error is not None:
        return result
    rows = perception_rows(result, where or result.name)
    verdicts = {(g.topic, g.latest.wave): g.verdict for g in topic_gaps(rows, topics)}
    extended = []
    for row in rows:
        low, high = wilson(row["agreeing"], row["respondents"])
        extended.append(
            (
                *row.values(),
                round(low * 100, 1),
                round(high * 100, 1),
                verdicts.get((row["topic"], row["wave"])),
            )
        )
    return QueryResult(result.name, [*result.columns, "low_pct", "high_pct", "verdict"], extended)
