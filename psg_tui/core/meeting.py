"""What a meeting looks at: one read-only database, its panel queries and its periods.

The dashboard's workers and the benchmarks both go through this class, so what is
measured is what the chair sees. It never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from psg_tui.core.database import open_database, read_meta
from psg_tui.core.errors import UsageError
from psg_tui.core.periods import Period
from psg_tui.core.queries import Query, QueryResult, load_queries, panel_values

DEFAULT_CLASSIFICATION = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class Coverage:
    """The months a database holds incidents for, and the newest complete one."""

    months: tuple[Period, ...]
    latest_complete: Period | None

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> Coverage:
        # rows: (month, precision, latest occurred) per source and month, as months.sql returns.
        months = sorted({Period.of(row[0]) for row in rows})
        monthly = [Period.of(row[0]) for row in rows if row[1] == "month"]
        if monthly:
            # police.uk publishes whole months: the newest month it has is complete.
            latest = max(monthly)
        elif rows:
            newest = max(row[2] for row in rows)
            newest_day = newest.date() if hasattr(newest, "date") else newest
            current = Period.of(newest_day)
            latest = current if newest_day >= current.end else current.previous
        else:
            latest = None
        return cls(tuple(months), latest)


class Meeting:
    """A read-only view of one partnership database for the dashboard and `psg query`."""

    def __init__(self, path: Path, *, today: date | None = None) -> None:
        self.path = Path(path)
        self.con = open_database(self.path, read_only=True)
        self.queries = load_queries()
        self.meta = read_meta(self.con)
        self._today = today
        self.coverage = self._read_coverage()

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.path.stem

    @property
    def classification(self) -> str:
        return self.meta.get("classification") or DEFAULT_CLASSIFICATION

    @property
    def as_of(self) -> date:
        """The date days-to-expiry and overdue are counted from: the database's as-of
        date if the analyst (or the sample) set one, otherwise today."""
        if "as_of" in self.meta:
            return date.fromisoformat(self.meta["as_of"])
        return self._today or date.today()

    def default_period(self) -> Period:
        if self.coverage.latest_complete is not None:
            return self.coverage.latest_complete
        return Period.of(self.as_of).previous

    def check_period(self, period: Period) -> Period:
        months = self.coverage.months
        if months and not months[0] <= period <= months[-1]:
            raise UsageError(
                f"{self.path} has no incidents for {period}.",
                f"It covers {months[0]} to {months[-1]}; choose a period in that range.",
            )
        return period

    def area_queries(self) -> list[Query]:
        return [q for q in self.queries.values() if q.scope == "area"]

    def overview_query(self) -> Query:
        return self.queries["overview"]

    def run(
        self,
        query: Query,
        period: Period,
        area: str | None = None,
        *,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> QueryResult:
        return query.run(con or self.con, panel_values(period, self.as_of, area))

    def overview(self, period: Period, *, con: duckdb.DuckDBPyConnection | None = None) -> QueryResult:
        return self.run(self.overview_query(), period, con=con)

    def area_panels(
        self, area: str, period: Period, *, con: duckdb.DuckDBPyConnection | None = None
    ) -> dict[str, QueryResult]:
        cursor = con or self.con
        return {q.name: self.run(q, period, area, con=cursor) for q in self.area_queries()}

    def area_names(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, name FROM areas ORDER BY name").fetchall())

    def areas_within(self) -> dict[str, set[str]]:
        """For each area, the other areas lying inside it (a ward's hotspots)."""
        inside: dict[str, set[str]] = {}
        for area_id, within_id in self.con.execute(
            "SELECT area_id, within_id FROM area_within WHERE area_id <> within_id"
        ).fetchall():
            inside.setdefault(within_id, set()).add(area_id)
        return inside

    def reopen(self) -> None:
        """Reconnect, to see a database that an import has swapped in.

        The old connection is closed first: DuckDB shares one open instance per path
        within a process, so opening before closing would see the old file again.
        """
        self.con.close()
        self.con = open_database(self.path, read_only=True)
        self.meta = read_meta(self.con)
        self.coverage = self._read_coverage()

    def close(self) -> None:
        self.con.close()

    def _read_coverage(self) -> Coverage:
        rows = self.con.execute(
            "SELECT month, any_value(precision), max(occurred) FROM incidents GROUP BY month, source"
        ).fetchall()
        return Coverage.from_rows(rows)
