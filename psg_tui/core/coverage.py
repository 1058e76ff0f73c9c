"""Which months a database holds incidents for, and which months can be compared.

A month missing from the data is not a month with no incidents: comparing October with a
September nobody imported shows every area "up" and red. So the panels compare two months
only when both have data, and otherwise say "no comparison". The rule, per source (each
incident row names its source and whether it records months or days):

- A month **has data** when every month-precision source in view (police.uk, which publishes
  whole force-wide months) has rows in it; in a database with no such source, when any
  source has rows in it.
- Day-precision sources (a council's ASB extract, a partner's log) count where they have
  rows: a month with police.uk rows but no council rows counts the council as none. A small
  log can have a quiet month, so no rows is no proof of a missing file; the comparison notes
  it ("council-asb: no rows in Sep 2026") and `psg db check` lists each source's gaps.
- Months before 1900 or after the current month are out of range (an older importer let
  9999-12 through): readers skip them, and `psg db check` reports them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import duckdb

from psg_tui.core.periods import TREND_MONTHS, Period

EARLIEST_MONTH = date(1900, 1, 1)
# A trend month's "year before" reaches back another year beyond the trend's first month.
WINDOW_MONTHS = TREND_MONTHS + 12


def month_bounds(today: date) -> dict[str, date]:
    """The range of months readers take seriously: 1900-01 to the current month."""
    return {"earliest": EARLIEST_MONTH, "latest": Period.of(today).start}


IN_RANGE = "month BETWEEN $earliest AND $latest"


@dataclass(frozen=True)
class Coverage:
    """The months a database holds incidents for, and the newest complete one."""

    months: tuple[Period, ...]
    latest_complete: Period | None

    @classmethod
    def from_rows(cls, rows: list[tuple[Any, ...]]) -> Coverage:
        # rows: (month, precision, latest occurred) per source and month, as months.sql returns.
        monthly = [row[0] for row in rows if row[1] == "month"]
        return cls.from_summary(
            [row[0] for row in rows], max(monthly, default=None), max((row[2] for row in rows), default=None)
        )

    @classmethod
    def from_summary(
        cls, months: list[date], newest_monthly: date | None, newest_occurred: datetime | date | None
    ) -> Coverage:
        """From the months with incidents, the newest month of a month-precision source
        (police.uk) and the newest incident time."""
        periods = tuple(sorted({Period.of(m) for m in months}))
        if newest_monthly is not None:
            # police.uk publishes whole months: the newest month it has is complete.
            latest: Period | None = Period.of(newest_monthly)
        elif newest_occurred is not None:
            newest_day = newest_occurred.date() if isinstance(newest_occurred, datetime) else newest_occurred
            current = Period.of(newest_day)
            latest = current if newest_day >= current.end else current.previous
        else:
            latest = None
        return cls(periods, latest)


def read_coverage(
    con: duckdb.DuckDBPyConnection, today: date, held: Sequence[date] | None = None
) -> Coverage:
    """Three cheap queries instead of one GROUP BY over every incident (~100 ms at 10 million
    rows, on the start-up path): rows are stored in time order, so the newest month's police.uk
    rows are found by scanning only the newest row groups. Out-of-range months are skipped.
    `held`, the months the imports recorded (`counts.tallied_months`), spares the scan of every
    incident's month (a tenth of a second at 100 million rows)."""
    bounds = month_bounds(today)
    if held is not None:
        months = [m for m in held if bounds["earliest"] <= m <= bounds["latest"]]
    else:
        months = [
            row[0]
            for row in con.execute(
                f"SELECT DISTINCT month FROM incidents WHERE {IN_RANGE}", bounds
            ).fetchall()
        ]
    if not months:
        return Coverage((), None)
    newest = max(months)
    newest_monthly = None
    for since in (newest, Period.of(newest).shift(-12).start, bounds["earliest"]):
        row = con.execute(
            f"SELECT max(month) FROM incidents WHERE precision = 'month' AND {IN_RANGE} AND month >= $since",
            {**bounds, "since": since},
        ).fetchone()
        if row is not None and row[0] is not None:
            newest_monthly = row[0]
            break
    newest_occurred = con.execute(f"SELECT max(occurred) FROM incidents WHERE {IN_RANGE}", bounds).fetchone()
    return Coverage.from_summary(months, newest_monthly, newest_occurred[0] if newest_occurred else None)


@dataclass(frozen=True)
class Comparison:
    """Whether a month can be compared with the reporting month, and what to tell the room."""

    made: bool
    note: str = ""  # why there is no comparison, or which sources one month lacks


@dataclass(frozen=True)
class MonthSources:
    """The sources with rows in each month of a window, and which of them record whole months."""

    sources: dict[Period, frozenset[str]]
    monthly: frozenset[str]

    def has_data(self, month: Period) -> bool:
        present = self.sources.get(month, frozenset())
        return self.monthly <= present if self.monthly else bool(present)

    def missing(self, month: Period) -> str:
        """Why a month has no data, as the room reads it."""
        lacking = sorted(self.monthly - self.sources.get(month, frozenset()))
        if lacking and self.sources.get(month):
            return f"no {', '.join(lacking)} data for {month.label}"
        return f"no data for {month.label}"

    def compare(self, period: Period, other: Period) -> Comparison:
        for month in (period, other):
            if not self.has_data(month):
                return Comparison(False, self.missing(month))
        here, there = self.sources.get(period, frozenset()), self.sources.get(other, frozenset())
        notes = [f"{', '.join(sorted(there - here))}: no rows in {period.label}"] if there - here else []
        notes += [f"{', '.join(sorted(here - there))}: no rows in {other.label}"] if here - there else []
        return Comparison(True, "; ".join(notes))

    def against(self, period: Period, other: Period) -> str:
        """The comparison as a heading says it: 'against Sep 2026', or why there is none."""
        comparison = self.compare(period, other)
        if not comparison.made:
            return f"no comparison: {comparison.note}"
        return f"against {other.label}" + (f" ({comparison.note})" if comparison.note else "")

    def parameters(self, period: Period) -> dict[str, object]:
        """The coverage parameters a panel query may use (see README, "Panels are SQL files")."""
        first = period.shift(1 - WINDOW_MONTHS)
        return {
            "period_has_data": self.has_data(period),
            "prev_comparable": self.compare(period, period.previous).made,
            "ly_comparable": self.compare(period, period.last_year).made,
            "months_with_data": [
                first.shift(i).start for i in range(WINDOW_MONTHS) if self.has_data(first.shift(i))
            ],
        }


COVERAGE_PARAMETERS = frozenset({"period_has_data", "prev_comparable", "ly_comparable", "months_with_data"})


class MonthCache:
    """Which sources have rows in each month, read once per month as periods are visited.

    A period's panels look at a 36-month window (its trend and the year before it): reading it
    whole costs ~30-60 ms at 10 million incidents, so each month is read once and a step to
    the month before reads one more month (~2 ms), not the whole window again.
    """

    def __init__(self) -> None:
        self._months: dict[Period, dict[str, bool]] = {}  # source -> records whole months

    def window(self, con: duckdb.DuckDBPyConnection, period: Period) -> MonthSources:
        first = period.shift(1 - WINDOW_MONTHS)
        wanted = [first.shift(i) for i in range(WINDOW_MONTHS)]
        missing = [month for month in wanted if month not in self._months]
        if missing:
            self._read(con, missing[0], missing[-1])
        months = {month: self._months[month] for month in wanted}
        return MonthSources(
            {month: frozenset(found) for month, found in months.items() if found},
            frozenset(source for found in months.values() for source, whole in found.items() if whole),
        )

    def holds(self, period: Period) -> bool:
        """Whether `window(period)` is answered from memory, without a query."""
        first = period.shift(1 - WINDOW_MONTHS)
        return all(first.shift(i) in self._months for i in range(WINDOW_MONTHS))

    def _read(self, con: duckdb.DuckDBPyConnection, first: Period, last: Period) -> None:
        rows = con.execute(
            "SELECT month, source, bool_or(precision = 'month') FROM incidents"
            " WHERE month BETWEEN $first AND $last GROUP BY ALL",
            {"first": first.start, "last": last.start},
        ).fetchall()
        found: dict[Period, dict[str, bool]] = {}
        for month, source, whole in rows:
            found.setdefault(Period.of(month), {})[source] = bool(whole)
        month = first
        while month <= last:
            self._months[month] = found.get(month, {})
            month = month.shift(1)
