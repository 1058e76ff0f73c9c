"""What a meeting looks at: one read-only database, its panel queries and its periods.

The dashboard's workers and the benchmarks both go through this class, so what is
measured is what the chair sees. It never imports Textual.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from psg_tui.core import coverage as months
from psg_tui.core.budget import Budget
from psg_tui.core.counts import STALE_PARAMETERS, stale_months, stale_warning, tallied_months
from psg_tui.core.coverage import Coverage, MonthSources
from psg_tui.core.database import open_database, read_meta, unreadable
from psg_tui.core.district import DistrictReport, district_report
from psg_tui.core.errors import DataError, PsgError, QueryStopped, QueryTooSlow, UsageError
from psg_tui.core.evidence_maps import load_priorities, load_topics
from psg_tui.core.lanes import PREFETCH_LANE, QueryLanes
from psg_tui.core.minutes.model import Minutes
from psg_tui.core.operations import (
    NO_OPERATIONS,
    OPERATION_PARAMETERS,
    EffectWindow,
    Operation,
    OperationReport,
    effect_window,
    find_operation,
    operation_values,
    read_operations,
)
from psg_tui.core.periods import Period
from psg_tui.core.queries import (
    MINUTES_PARAMETERS,
    PRIORITY_PARAMETERS,
    TOPIC_PARAMETERS,
    Query,
    QueryResult,
    load_queries,
    minutes_values,
    panel_values,
)
from psg_tui.core.results import ResultStore, result_key

__all__ = ["PREFETCH_LANE", "Coverage", "Meeting"]

DEFAULT_CLASSIFICATION = "OFFICIAL-SENSITIVE"
# How long close() waits for interrupted worker queries to let go of the connection.
CLOSE_WAIT_SECONDS = 5.0
# The area view's first pass gives each file this long (or its budget, if less); a file that
# takes longer runs again after the others with its whole budget, so it never holds them back.
QUICK_SECONDS = 1.0


class Meeting:
    """A read-only view of one partnership database for the dashboard and `psg query`."""

    def __init__(self, path: Path, *, today: date | None = None) -> None:
        self.path = Path(path)
        # Which worker cursor runs which load, so a newer load, a reopen or close stops it.
        self.lanes = QueryLanes()
        self._today = today
        # The open minutes, whose actions count with the database's (set by the dashboard).
        self.minutes: Callable[[], Minutes] | None = None
        # The meeting's date when there are no minutes (`psg query --meeting-date`).
        self.meeting_date: date | None = None
        self._months = months.MonthCache()
        # Results kept for a key that finds its area ready (the dashboard turns this on:
        # `keep_results`); `psg query` and the benchmarks' floors always run the files.
        self.results: ResultStore | None = None
        # Each file's query is stopped past its budget (the dashboard turns this on:
        # `use_budgets`); `psg query` runs a file for as long as it takes.
        self.budgets = False
        # Files that ran past the area view's first pass (or their budget) in this database:
        # they run after the others, and the prefetch leaves them to the area's own load.
        self._slow: set[str] = set()
        self._slow_lock = threading.Lock()
        self.con = open_database(self.path, read_only=True)
        self.queries = load_queries()
        self._read_state()

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
        with suppress(KeyError, ValueError):  # a hand-made meta row may not hold a date
            return date.fromisoformat(self.meta["as_of"])
        return self._today or date.today()

    @property
    def reckoning_date(self) -> date:
        """What `$meeting_date` is bound to: the open minutes' date, else the date given for
        the meeting, else the as-of date (`reckoned_from` says which)."""
        if self.minutes is not None:
            return self.minutes().meeting.date
        return self.meeting_date or self.as_of

    @property
    def reckoned_from(self) -> str:
        """Where `reckoning_date` came from, in words, for a caption."""
        if self.minutes is not None:
            return "the meeting's date"
        if self.meeting_date is not None:
            return "the meeting's date given"
        with suppress(KeyError, ValueError):
            date.fromisoformat(self.meta["as_of"])
            return "the database's as-of date"
        return "today's date"

    @property
    def count_warning(self) -> str | None:
        """Why some months are counted from the raw rows (see core/counts.py), or None."""
        return stale_warning(self.stale_months, self.path.name)

    def default_period(self) -> Period:
        """The newest complete month, never after the current one (coverage skips later months)."""
        if self.coverage.latest_complete is not None:
            return self.coverage.latest_complete
        return min(Period.of(self.as_of).previous, Period.of(self._today or date.today()))

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

    def operation_queries(self) -> list[Query]:
        return [q for q in self.queries.values() if q.scope == "operation"]

    def district_queries(self) -> list[Query]:
        """The district view's files: `scope: district` ones, then area files that also run for
        the whole district (`district: true`, with $area = 'all')."""
        return [q for q in self.queries.values() if q.scope == "district"] + [
            q for q in self.queries.values() if q.scope == "area" and q.district
        ]

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
        operation: str | Operation | None = None,
        budget: float | None = None,
    ) -> QueryResult:
        """The file's result for the period (and area or operation). With budgets on, a query
        still running after `budget` seconds (default: the file's own) raises QueryTooSlow."""
        cursor = con or self.con
        with self.lanes.running_on(cursor, generation):
            values = self.values(query, period, area, cursor)
            if query.parameters & OPERATION_PARAMETERS:
                values.update(self.operation_values(operation, cursor))
            limit = (budget or query.budget) if self.budgets else None
            if self.results is None:
                return self._timed(query, cursor, values, limit)
            key = result_key(query, values)
            kept = self.results.get(key)
            if kept is not None:
                return kept
            result = self._timed(query, cursor, values, limit)
            self.results.put(key, result)
            return result

    @staticmethod
    def _timed(
        query: Query, cursor: duckdb.DuckDBPyConnection, values: dict[str, Any], limit: float | None
    ) -> QueryResult:
        if limit is None:
            return query.run(cursor, values)
        with Budget(cursor, limit) as budget:
            try:
                return query.run(cursor, values)
            except QueryStopped:
                if not budget.spent:
                    raise
        raise QueryTooSlow(
            f"{query.title} took longer than {limit:g} s, so it was stopped; the other panels are "
            "not held up by it.",
            f"Narrow its query, or give it more time with `-- budget: {max(30, 3 * round(limit)):g}` "
            f"in the header of {query.where}.",
            seconds=limit,
        )

    def use_budgets(self) -> None:
        """Stop each file's query past its time budget from now on (the dashboard)."""
        self.budgets = True

    def keep_results(self) -> None:
        """Keep results in memory from now on (the dashboard: see core/results.py)."""
        if self.results is None:
            self.results = ResultStore()

    def overview(self, period: Period, *, con: duckdb.DuckDBPyConnection | None = None) -> QueryResult:
        return self.run(self.overview_query(), period, con=con)

    def area_panels(
        self,
        area: str,
        period: Period,
        *,
        con: duckdb.DuckDBPyConnection | None = None,
        on_part: Callable[[dict[str, QueryResult]], None] | None = None,
    ) -> dict[str, QueryResult]:
        """Every area panel's result; a panel whose query fails gets a failed result saying why,
        and the others still load (a stop on purpose still stops them all).

        With budgets on and `on_part` given (the area view), a file gets QUICK_SECONDS first;
        one still running then, or known to be slow, is run after the others with its whole
        budget, and `on_part` is handed everything ready before each such file runs, so the
        screen draws the quick panels at once."""
        cursor = con or self.con
        generation = self.lanes.generation  # a reopen part-way stops the rest, not just the running one
        results: dict[str, QueryResult] = {}
        quick = self.budgets and on_part is not None
        later: list[Query] = []
        for query in self.area_queries():
            if quick and query.name in self._slow:
                later.append(query)
                continue
            first = min(QUICK_SECONDS, query.budget) if quick else None
            try:
                results[query.name] = self.run(
                    query, period, area, con=cursor, generation=generation, budget=first
                )
            except QueryStopped:
                raise
            except QueryTooSlow as error:
                if first is not None and first < query.budget:
                    with self._slow_lock:
                        self._slow.add(query.name)
                    later.append(query)
                else:
                    results[query.name] = QueryResult.failed(query.name, str(error))
            except PsgError as error:
                results[query.name] = QueryResult.failed(query.name, str(error))
        for query in later:
            if on_part is not None:
                on_part(dict(results))
            try:
                results[query.name] = self.run(query, period, area, con=cursor, generation=generation)
            except QueryStopped:
                raise
            except PsgError as error:
                results[query.name] = QueryResult.failed(query.name, str(error))
        return results

    def ready_area_panels(self, area: str, period: Period) -> dict[str, QueryResult] | None:
        """Every area panel's result if each is kept in memory, else None: never a query, so
        the screen may call it on a key and draw at once."""
        if self.results is None or not self._months.holds(period):
            return None
        results: dict[str, QueryResult] = {}
        for query in self.area_queries():
            if query.problem:
                return None  # its failure is said by a load
            try:
                values = self.values(query, period, area)
            except PsgError:
                return None
            kept = self.results.get(result_key(query, values))
            if kept is None:
                return None
            results[query.name] = kept
        return results

    def prefetch_area(self, area: str, period: Period, con: duckdb.DuckDBPyConnection) -> None:
        """Compute and keep an area's panels before the chair asks (on the prefetch lane's cursor).

        Before each file it waits while a load the chair is waiting for runs, and a file such a
        load interrupted is run again; a failing file is left for the area's own load to say.
        Stopped (QueryStopped) when the lane is superseded or the database reopened.
        """
        self._prefetch(self.area_queries(), period, area, con)

    def prefetch_overview(self, period: Period, con: duckdb.DuckDBPyConnection) -> None:
        """Compute and keep the overview of another month (`[` and `]` then find it ready)."""
        self._prefetch([self.overview_query()], period, None, con)

    def _prefetch(
        self, queries: list[Query], period: Period, area: str | None, con: duckdb.DuckDBPyConnection
    ) -> None:
        generation = self.lanes.generation
        for query in queries:
            if query.name in self._slow:
                continue  # left to the area's own load, after its quick panels
            while True:
                self.lanes.wait_for_quiet(con, generation)
                try:
                    self.run(query, period, area, con=con, generation=generation)
                except QueryTooSlow:
                    with self._slow_lock:
                        self._slow.add(query.name)
                except QueryStopped:
                    if self.lanes.replaced(con, generation):
                        raise
                    continue  # the chair's load interrupted it: wait, then run it again
                except PsgError:
                    pass
                break

    def hold_prefetch(self) -> None:
        """The chair is waiting for the screen (a key is being drawn): the prefetch's running
        file is stopped, to be run again, and it starts none until `release_prefetch`."""
        self.lanes.hold_prefetch()

    def release_prefetch(self) -> None:
        self.lanes.release_prefetch()

    def stop_lane(self, lane: str) -> None:
        """Stop the lane's load, if one runs, without waiting (its area was drawn from memory)."""
        self.lanes.stop_lane(lane)

    # -- operations ---------------------------------------------------------------

    def operations(self, con: duckdb.DuckDBPyConnection | None = None) -> list[Operation]:
        return read_operations(con or self.con)

    def operation(self, operation_id: str, con: duckdb.DuckDBPyConnection | None = None) -> Operation:
        """The operation with this id, or a UsageError naming the ids there are."""
        return find_operation(self.operations(con), operation_id)

    def effect_window(self, operation: Operation) -> EffectWindow:
        return effect_window(operation.started, self.coverage, self.as_of)

    def operation_values(
        self, operation_id: str | Operation | None, con: duckdb.DuckDBPyConnection | None = None
    ) -> dict[str, Any]:
        """The values an operation's files are bound to (given its id, or the operation read already)."""
        if isinstance(operation_id, Operation):
            return operation_values(operation_id, self.effect_window(operation_id))
        operations = self.operations(con)
        if operation_id is None:
            known = ", ".join(o.id for o in operations)
            raise UsageError(
                "This is an operation's query: give --operation ID.",
                f"Operations in this database: {known}." if known else NO_OPERATIONS,
            )
        operation = find_operation(operations, operation_id)
        return operation_values(operation, self.effect_window(operation))

    def operation_report(
        self,
        operation_id: str,
        period: Period,
        *,
        con: duckdb.DuckDBPyConnection | None = None,
        second: duckdb.DuckDBPyConnection | None = None,
    ) -> OperationReport:
        """What the operation view shows: both of its query files' results. With a `second`
        cursor (the view's other worker lane) the outputs run beside the before/after count,
        on a thread of their own, instead of after it: the view opens ~10 ms sooner at 10M."""
        cursor = con or self.con
        generation = self.lanes.generation
        operation = self.operation(operation_id, cursor)
        queries = {q.name: q for q in self.operation_queries()}

        def run(name: str, on: duckdb.DuckDBPyConnection) -> QueryResult:
            return self.run(queries[name], period, con=on, generation=generation, operation=operation)

        if second is None:
            outputs, effect = run("operation_outputs", cursor), run("operation_effect", cursor)
        else:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="psg-operation") as pool:
                pending = pool.submit(run, "operation_outputs", second)
                try:
                    effect = run("operation_effect", cursor)
                except BaseException:
                    with suppress(duckdb.Error):
                        second.interrupt()  # stopped or failed: the outputs are not wanted either
                    raise
                outputs = pending.result()
        return OperationReport(operation, period, self.effect_window(operation), outputs, effect)

    def district_report(
        self, period: Period, *, con: duckdb.DuckDBPyConnection | None = None
    ) -> DistrictReport:
        """What the district view shows: every district file's result, on one cursor."""
        return district_report(self, period, con=con)

    def area_names(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, name FROM areas ORDER BY name").fetchall())

    def known_names(self) -> tuple[list[str], list[str]]:
        """(owners, agencies) the database already holds, for the action form's suggestions:
        earlier meetings' action owners and agencies, interventions' agencies and operations'
        lead agencies. Empty if the database cannot say (a suggestion is never needed)."""
        try:
            owners = self.con.execute("SELECT DISTINCT owner FROM actions WHERE owner <> ''").fetchall()
            agencies = self.con.execute(
                "SELECT agency FROM actions UNION SELECT agency FROM interventions "
                "UNION SELECT lead_agency FROM operations"
            ).fetchall()
        except duckdb.Error:
            return [], []
        return sorted({r[0] for r in owners if r[0]}), sorted({r[0] for r in agencies if r[0]})

    def areas_within(self) -> dict[str, set[str]]:
        """For each area, the other areas lying inside it (a ward's hotspots)."""
        inside: dict[str, set[str]] = {}
        for area_id, within_id in self.con.execute(
            "SELECT area_id, within_id FROM area_within WHERE area_id <> within_id"
        ).fetchall():
            inside.setdefault(within_id, set()).add(area_id)
        return inside

    @contextmanager
    def worker_cursor(self, lane: str, *, behind: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for one load in a lane, such as the area view's panels.

        Starting a load stops the lane's previous one: its running query is interrupted (on
        the cursor running it: the only thing that stops a query from another thread on
        DuckDB 2.0.0 and 2.0.1 alike, see bench/repro_cancel.py) and it runs no more files.
        The chair who presses n three times waits for one area's queries, not three.
        """
        try:
            cursor = self.con.cursor()
        except duckdb.Error:
            raise QueryStopped("The database was closed before this panel could load.") from None
        try:
            with self.lanes.load(lane, cursor, behind=behind):
                yield cursor
        finally:
            with suppress(duckdb.Error):
                cursor.close()

    def reopen(self) -> None:
        """Reconnect, to see a database that an import has swapped in.

        The old connection is closed first: DuckDB shares one open instance per path
        within a process, so opening before closing would see the old file again.
        """
        self._close_connection()
        self.con = open_database(self.path, read_only=True)
        self._read_state()

    def close(self) -> None:
        self._close_connection()

    def stop_loads(self) -> None:
        """Stop every load running or about to run (the dashboard is quitting): running
        queries are interrupted and later ones refused."""
        self.lanes.stop_all(CLOSE_WAIT_SECONDS)

    # -- queries still running in workers when the connection goes ---------------

    def _close_connection(self) -> None:
        """Stop the queries workers are running (their results are stale), then close.

        A worker's thread cannot be killed, and closing a connection while one of its
        cursors runs a query raises; so running queries are interrupted, later ones
        refused (the generation moves on), and the close retried until they have let go.
        """
        self.stop_loads()
        deadline = time.monotonic() + CLOSE_WAIT_SECONDS
        while True:
            try:
                self.con.close()
                return
            except duckdb.ResourceInUseException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.002)

    # -- what the panels are told besides the period ------------------------------

    def _read_state(self) -> None:
        try:
            self.meta = read_meta(self.con)
            self.coverage = months.read_coverage(
                self.con, self._today or date.today(), tallied_months(self.con)
            )
            # Months whose kept counts differ from the incidents: their panels read the raw rows.
            self.stale_months = stale_months(self.con)
        except duckdb.Error as exc:
            self.con.close()
            raise unreadable(self.path, exc) from None
        self._months = months.MonthCache()
        self._slow = set()
        if self.results is not None:
            self.results.clear()  # another file, perhaps other figures

    def month_sources(self, period: Period, con: duckdb.DuckDBPyConnection | None = None) -> MonthSources:
        """Which sources have rows in the months around `period` (each month is read once)."""
        return self._months.window(con or self.con, period)

    def values(
        self, query: Query, period: Period, area: str | None, con: duckdb.DuckDBPyConnection | None = None
    ) -> dict[str, Any]:
        """The values a query's parameters are bound to: the period's dates, which months have
        data (only if it asks) and the open minutes' actions (only if it asks)."""
        values = panel_values(period, self.as_of, area)
        if query.parameters & months.COVERAGE_PARAMETERS:
            try:
                values.update(self.month_sources(period, con).parameters(period))
            except duckdb.InterruptException:
                raise QueryStopped(f"The query {query.where} was stopped before it finished.") from None
            except duckdb.IOException as exc:
                raise unreadable(self.path, exc) from None
            except duckdb.Error as exc:
                raise DataError(
                    f"Could not read which months {self.path} holds: {str(exc).splitlines()[0]}"
                ) from None
        if query.parameters & STALE_PARAMETERS:
            values["stale_months"] = self.stale_months
        if query.parameters & MINUTES_PARAMETERS:
            minutes = self.minutes() if self.minutes else None
            values.update(minutes_values(minutes, self.meeting_date or self.as_of))
        if query.parameters & TOPIC_PARAMETERS:  # a broken file fails this panel, not the meeting
            values["topic_categories"] = load_topics().as_parameter()
        if query.parameters & PRIORITY_PARAMETERS:
            priorities = load_priorities()
            values["priority_categories"] = priorities.category_parameter()
            values["priority_kinds"] = priorities.kind_parameter()
        return values
