"""Which cursor runs which load, so a newer load, a reopen or quitting stops the old one.

A lane is one kind of load (a screen's worker group: the area view's panels, the overview,
the prefetch). The chair who presses n three times waits for one area's queries, not three:
starting a load in a lane stops the lane's previous one. `Meeting` holds one `QueryLanes` and
runs every query inside `running_on`; nothing here runs SQL, so the bookkeeping is testable
with stand-in cursors (anything with an `interrupt()` method).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Protocol

import duckdb

from psg_tui.core.errors import QueryStopped

# The lane of the background load that computes the meeting's areas before the chair asks.
PREFETCH_LANE = "prefetch"
# How long a load waits for the load it supersedes to stop (DuckDB answers an interrupt in a
# few milliseconds; waiting keeps the two from sharing the CPU).
SUPERSEDE_WAIT_SECONDS = 1.0


class Interruptible(Protocol):
    """A DuckDB cursor, as far as the lanes need one."""

    def interrupt(self) -> None: ...


class QueryLanes:
    """The newest load's cursor in each lane, the cursors running a query, the loads a newer
    one superseded, and the generation a reopen or quit moves on (stopping every load)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        # Cursors with a query running, so a close can stop them: DuckDB refuses to close a
        # connection while one of its cursors is busy.
        self.running: dict[int, Interruptible] = {}
        # The cursor of the newest load in each lane, and the cursors of loads a newer one
        # superseded: they run no further queries.
        self._lanes: dict[str, Interruptible] = {}
        self._superseded: set[int] = set()
        self.generation = 0
        # Loads the chair is waiting for: the prefetch runs no query while there are any.
        self._waiting = threading.Condition(self.lock)
        self._foreground = 0

    @contextmanager
    def load(self, lane: str, cursor: Interruptible, *, behind: bool = False) -> Iterator[None]:
        """One load in a lane on its own cursor: the lane's previous load is superseded and
        its running query interrupted (waiting up to SUPERSEDE_WAIT_SECONDS for it to end).
        A load outside the prefetch lane holds the prefetch while it runs; one `behind` (a
        hidden view's, which the chair is not looking at) holds nothing and starts only once
        no load the chair waits for runs, so that load has both cores."""
        foreground = lane != PREFETCH_LANE and not behind
        with self.lock:
            earlier = self._lanes.get(lane)
            self._lanes[lane] = cursor
            if earlier is not None:
                self._superseded.add(id(earlier))
            if foreground:
                self._hold_prefetch()  # the chair waits for this one
            generation = self.generation
        if earlier is not None:
            self.stop([earlier], SUPERSEDE_WAIT_SECONDS)
        try:
            if behind:
                self.wait_for_quiet(cursor, generation)
            yield
        finally:
            with self.lock:
                if self._lanes.get(lane) is cursor:
                    del self._lanes[lane]
                self._superseded.discard(id(cursor))
                if foreground:
                    self._release_prefetch()

    @contextmanager
    def running_on(self, cursor: Interruptible, generation: int | None = None) -> Iterator[None]:
        """Mark the cursor as running a query for as long as the block runs; QueryStopped
        instead if its load was superseded or the generation (default: the current one)
        has moved on since the load began."""
        with self.lock:
            if generation is not None and generation != self.generation:
                raise QueryStopped(
                    "The database was reopened while this panel was loading; it will load again."
                )
            if id(cursor) in self._superseded:
                raise QueryStopped("A newer load replaced this one before it finished.")
            self.running[id(cursor)] = cursor
        try:
            yield
        finally:
            with self.lock:
                self.running.pop(id(cursor), None)

    def replaced(self, cursor: Interruptible, generation: int) -> bool:
        """The generation moved on (a reopen or quit), or a newer load took this cursor's lane."""
        with self.lock:
            return self._replaced(cursor, generation)

    def _replaced(self, cursor: Interruptible, generation: int) -> bool:  # with self.lock held
        return generation != self.generation or id(cursor) in self._superseded

    def stop_lane(self, lane: str) -> None:
        """Stop the lane's load, if one runs, without waiting (its area was drawn from memory)."""
        with self.lock:
            cursor = self._lanes.get(lane)
            if cursor is None:
                return
            self._superseded.add(id(cursor))
            running = id(cursor) in self.running
        if running:
            with suppress(duckdb.Error):
                cursor.interrupt()

    def stop_all(self, wait: float) -> bool:
        """Stop every load running or about to run: the generation moves on, so later queries
        are refused, and running ones are interrupted; True if they ended within `wait`."""
        with self.lock:
            self.generation += 1
            running = list(self.running.values())
        return self.stop(running, wait)

    def stop(self, cursors: list[Interruptible], wait: float) -> bool:
        """Interrupt each cursor's query until it has ended; True if all ended within `wait`.

        The interrupt is repeated: one that lands after a cursor is marked running but
        before DuckDB has started its query would otherwise be lost.
        """
        deadline = time.monotonic() + wait
        while True:
            with self.lock:
                busy = [cursor for cursor in cursors if id(cursor) in self.running]
            if not busy:
                return True
            for cursor in busy:
                with suppress(duckdb.Error):
                    cursor.interrupt()
            if time.monotonic() > deadline:
                return False
            time.sleep(0.001)

    # -- the prefetch gives way to the loads the chair waits for ---------------------

    def hold_prefetch(self) -> None:
        """The chair is waiting for the screen: the prefetch's running query is interrupted
        (to be run again) and it starts none until `release_prefetch`."""
        with self.lock:
            self._hold_prefetch()

    def release_prefetch(self) -> None:
        with self.lock:
            self._release_prefetch()

    def wait_for_quiet(self, cursor: Interruptible, generation: int) -> None:
        """Wait while a load the chair is waiting for runs; QueryStopped if the prefetch on
        this cursor is replaced meanwhile."""
        with self._waiting:
            while self._foreground and not self._replaced(cursor, generation):
                self._waiting.wait(0.05)
            if self._replaced(cursor, generation):
                raise QueryStopped("A newer prefetch replaced this one.")

    def _hold_prefetch(self) -> None:  # with self.lock held
        self._foreground += 1
        prefetching = self._lanes.get(PREFETCH_LANE)
        if prefetching is not None and id(prefetching) in self.running:
            with suppress(duckdb.Error):
                prefetching.interrupt()

    def _release_prefetch(self) -> None:  # with self.lock held
        self._foreground = max(0, self._foreground - 1)
        self._waiting.notify_all()
