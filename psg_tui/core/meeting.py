"""What a meeting looks at: one read-only database, its panel queries and its periods.

The dashboard's workers and the benchmarks both go through this class, so what is
measured is what the chair sees. It never imports Textual.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from psg_tui.core.database import open_database, read_meta
from psg_tui.core.errors import DataError, UsageError
from psg_tui.core.periods import Period
from psg_tui.core.queries import Query, QueryResult, load_queries, panel_values

DEFAULT_CLASSIFICATION = "OFFICIAL-SENSITIVE"
# How long close() waits for interrupted worker queries to let go of the connection.
CLOSE_WAIT_SECONDS = 5.0


@dataclass(frozen=True)
class Coverage:
    """The months a database holds incidents for, and the newest complete one."""

    months: tuple[Period, ...]
    latest_complete: Period | None

    @classmethod
    def from_rows(cls, rows: list[tuple]) -> Coverage:
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


class Meeting:
    """A read-only view of one partnership database for the dashboard and `psg query`."""

    def __init__(self, path: Path, *, today: date | None = None) -> None:
        self.path = Path(path)
        # Connections (the workers' cursors) with a query running, so close() can stop them:
        # DuckDB refuses to close a connection while one of its cursors is busy.
        self._lock = threading.Lock()
        self._running: dict[int, duckdb.DuckDBPyConnection] = {}
        self._generation = 0
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
        generation: int | None = None,
    ) -> QueryResult:
        cursor = con or self.con
        with self._running_on(cursor, self._generation if generation is None else generation):
            return query.run(cursor, panel_values(period, self.as_of, area))

    def overview(self, period: Period, *, con: duckdb.DuckDBPyConnection | None = None) -> QueryResult:
        return self.run(self.overview_query(), period, con=con)

    def area_panels(
        self, area: str, period: Period, *, con: duckdb.DuckDBPyConnection | None = None
    ) -> dict[str, QueryResult]:
        cursor = con or self.con
        generation = self._generation  # a reopen part-way stops the rest, not just the running one
        return {
            q.name: self.run(q, period, area, con=cursor, generation=generation) for q in self.area_queries()
        }

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
        self._close_connection()
        self.con = open_database(self.path, read_only=True)
        self.meta = read_meta(self.con)
        self.coverage = self._read_coverage()

    def close(self) -> None:
        self._close_connection()

    # -- queries still running in workers when the connection goes ---------------

    @contextmanager
    def _running_on(self, cursor: duckdb.DuckDBPyConnection, generation: int) -> Iterator[None]:
        with self._lock:
            if generation != self._generation:
                raise DataError("The database was reopened while this panel was loading; it will load again.")
            self._running[id(cursor)] = cursor
        try:
            yield
        finally:
            with self._lock:
                self._running.pop(id(cursor), None)

    def _close_connection(self) -> None:
        """Stop the queries workers are running (their results are stale), then close.

        A worker's thread cannot be killed, and closing a connection while one of its
        cursors runs a query raises; so running queries are interrupted, later ones
        refused (the generation moves on), and the close retried until they have let go.
        """
        with self._lock:
            self._generation += 1
            running = list(self._running.values())
        for cursor in running:
            with suppress(duckdb.Error):
                cursor.interrupt()
        deadline = time.monotonic() + CLOSE_WAIT_SECONDS
        while True:
            try:
                self.con.close()
                return
            except duckdb.ResourceInUseException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.002)

    def _read_coverage(self) -> Coverage:
        """Three cheap queries instead of one GROUP BY over every incident (~100 ms at
        10 million rows, on the start-up path): rows are stored in time order, so the
        newest month's police.uk rows are found by scanning only the newest row groups."""
        con = self.con
        months = [row[0] for row in con.execute("SELECT DISTINCT month FROM incidents").fetchall()]
        if not months:
            return Coverage((), None)
        newest = max(months)
        newest_monthly = None
        for since in (newest, Period.of(newest).shift(-12).start, None):
            bound = "" if since is None else " AND month >= $since"
            row = con.execute(
                "SELECT max(month) FROM incidents WHERE precision = 'month'" + bound,
                {} if since is None else {"since": since},
            ).fetchone()
            if row is not None and row[0] is not None:
                newest_monthly = row[0]
                break
        newest_occurred = con.execute("SELECT max(occurred) FROM incidents").fetchone()
        return Coverage.from_summary(months, newest_monthly, newest_occurred[0] if newest_occurred else None)
