"""A time budget for one query: past it, the query is interrupted and its panel says so.

A panel file that never finishes (a recursive CTE, a cross join of the incidents with
themselves) must not hold the meeting: `Meeting.run` runs each file under a `Budget` in the
dashboard, and the area view gives each file a short first try so one slow panel never holds
back the rest (see `Meeting.area_panels`).
"""

from __future__ import annotations

import threading
from contextlib import suppress
from types import TracebackType

import duckdb

# How often a budget that has run out repeats its interrupt until the query has let go: one
# that lands after the query was started but before DuckDB runs it would otherwise be lost.
REPEAT_SECONDS = 0.01


class Budget:
    """`with Budget(cursor, seconds) as budget:` interrupts the cursor's query once `seconds`
    have passed; `budget.spent` then says the query was stopped for its time, not by a newer load."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, seconds: float) -> None:
        self.seconds = seconds
        self.spent = False
        self._cursor = cursor
        self._done = threading.Event()
        self._watch = threading.Thread(target=self._run, name="psg-budget", daemon=True)

    def __enter__(self) -> Budget:
        self._watch.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._done.set()
        self._watch.join()

    def _run(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.spent = True
        while not self._done.is_set():
            with suppress(duckdb.Error):
                self._cursor.interrupt()
            self._done.wait(REPEAT_SECONDS)
