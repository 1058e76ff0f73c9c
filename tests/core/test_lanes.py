"""Starting a load stops the lane's previous one; a reopen or quit stops them all; the prefetch
gives way to the loads the chair waits for. Stand-in cursors, no database and no dashboard."""

from __future__ import annotations

import threading
import time

import pytest

from psg_tui.core.errors import QueryStopped
from psg_tui.core.lanes import PREFETCH_LANE, QueryLanes


class Cursor:
    """A query that runs until interrupted, as DuckDB's cursor answers `interrupt()`."""

    def __init__(self) -> None:
        self.interrupted = threading.Event()
        self.interrupts = 0

    def interrupt(self) -> None:
        self.interrupts += 1
        self.interrupted.set()


class Query:
    """A query on `cursor` in a load in `lane`, run on a thread of its own: it ends when its
    cursor is interrupted (QueryStopped) or when `finish()` is called."""

    def __init__(self, lanes: QueryLanes, lane: str, cursor: Cursor | None = None) -> None:
        self.cursor = cursor or Cursor()
        self.errors: list[BaseException] = []
        self._finish = threading.Event()
        running = threading.Event()

        def work() -> None:
            try:
                with lanes.load(lane, self.cursor), lanes.running_on(self.cursor):
                    running.set()
                    while not self._finish.is_set():
                        if self.cursor.interrupted.wait(0.005):
                            raise QueryStopped("interrupted")
            except BaseException as error:
                self.errors.append(error)
            finally:
                running.set()

        self.thread = threading.Thread(target=work, daemon=True)
        self.thread.start()
        assert running.wait(5)

    def finish(self) -> None:
        self._finish.set()
        self.thread.join(5)

    def stopped(self) -> bool:
        self.thread.join(5)
        return not self.thread.is_alive() and [type(e) for e in self.errors] == [QueryStopped]


def test_a_new_load_in_a_lane_stops_the_running_query_of_the_one_before() -> None:
    lanes = QueryLanes()
    old = Query(lanes, "area")
    assert id(old.cursor) in lanes.running
    new = Query(lanes, "area")
    assert old.stopped()
    assert id(old.cursor) not in lanes.running and id(new.cursor) in lanes.running
    new.finish()
    assert not new.errors and not lanes.running


def test_a_superseded_load_starts_no_further_query() -> None:
    lanes = QueryLanes()
    old, new = Cursor(), Cursor()
    with lanes.load("area", old):
        with lanes.load("area", new), lanes.running_on(new):
            pass
        with pytest.raises(QueryStopped, match="newer load"), lanes.running_on(old):
            pass
        assert lanes.replaced(old, lanes.generation)
    assert old.interrupts == 0  # it ran nothing when superseded: nothing to interrupt


def test_a_load_in_another_lane_is_left_running() -> None:
    lanes = QueryLanes()
    area = Query(lanes, "area")
    overview = Query(lanes, "overview")
    overview.finish()
    assert area.thread.is_alive() and area.cursor.interrupts == 0
    area.finish()
    assert not area.errors and not overview.errors


def test_stopping_every_load_interrupts_them_and_refuses_later_queries() -> None:
    lanes = QueryLanes()
    generation = lanes.generation
    queries = [Query(lanes, "area"), Query(lanes, "overview")]
    assert lanes.stop_all(wait=5)
    assert all(query.stopped() for query in queries)
    assert lanes.generation == generation + 1 and not lanes.running
    with pytest.raises(QueryStopped, match="reopened"), lanes.running_on(Cursor(), generation):
        pass


def test_stopping_a_lane_interrupts_its_query_without_waiting() -> None:
    lanes = QueryLanes()
    lanes.stop_lane("area")  # nothing runs there: nothing happens
    query = Query(lanes, "area")
    lanes.stop_lane("area")
    assert query.cursor.interrupts == 1
    assert query.stopped()


def test_a_lane_s_load_that_ended_leaves_the_lane_empty() -> None:
    lanes = QueryLanes()
    cursor = Cursor()
    with lanes.load("area", cursor):
        pass
    lanes.stop_lane("area")  # the lane has no load: the ended one is neither stopped nor marked
    with lanes.running_on(cursor):
        pass
    assert cursor.interrupts == 0 and not lanes.running


def test_a_stop_that_is_not_answered_in_time_says_so() -> None:
    lanes = QueryLanes()
    deaf = Cursor()
    with lanes.running_on(deaf):  # a query that never answers its interrupts
        began = time.monotonic()
        assert not lanes.stop([deaf], wait=0.05)
        assert 0.05 <= time.monotonic() - began < 1.0
        assert deaf.interrupts > 1  # repeated, in case one landed before the query started


def test_a_chair_s_load_interrupts_the_prefetch_and_holds_it_until_done() -> None:
    lanes = QueryLanes()
    prefetch = Query(lanes, PREFETCH_LANE)
    generation = lanes.generation
    waited = threading.Event()
    with lanes.load("area", Cursor()):
        assert prefetch.stopped()  # interrupted, to be run again
        assert not lanes.replaced(prefetch.cursor, generation)  # held, not replaced

        def wait_then_run() -> None:
            lanes.wait_for_quiet(prefetch.cursor, generation)
            waited.set()

        thread = threading.Thread(target=wait_then_run, daemon=True)
        thread.start()
        time.sleep(0.1)
        assert not waited.is_set()  # the prefetch waits while the chair's load runs
    thread.join(5)
    assert waited.is_set()


def test_a_held_prefetch_waits_until_released_and_a_replaced_one_stops() -> None:
    lanes = QueryLanes()
    lanes.hold_prefetch()
    cursor = Cursor()
    errors: list[BaseException] = []
    done = threading.Event()

    def prefetch() -> None:
        try:
            with lanes.load(PREFETCH_LANE, cursor):
                lanes.wait_for_quiet(cursor, lanes.generation)
        except BaseException as error:
            errors.append(error)
        done.set()

    thread = threading.Thread(target=prefetch, daemon=True)
    thread.start()
    assert not done.wait(0.1)
    lanes.release_prefetch()
    assert done.wait(5) and not errors

    lanes.hold_prefetch()
    done.clear()
    thread = threading.Thread(target=prefetch, daemon=True)
    thread.start()
    assert not done.wait(0.1)
    lanes.stop_all(wait=1)  # quitting: the waiting prefetch stops rather than running on
    assert done.wait(5)
    assert [type(e) for e in errors] == [QueryStopped]


def test_a_load_behind_waits_for_the_chair_s_load_and_holds_nothing() -> None:
    """A hidden view's load (the overview, behind an area) starts its query only once the load
    the chair is waiting for has ended, and never holds the prefetch itself."""
    lanes = QueryLanes()
    chair = Query(lanes, "area")
    started = threading.Event()
    errors: list[BaseException] = []

    def hidden() -> None:
        try:
            with lanes.load("overview", Cursor(), behind=True):
                started.set()
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=hidden, daemon=True)
    thread.start()
    assert not started.wait(0.2)  # the area's load still runs
    chair.finish()
    assert started.wait(5)
    thread.join(5)
    assert errors == []
    assert lanes._foreground == 0  # nothing was held for it, nothing is left held


def test_a_load_behind_that_is_superseded_while_waiting_stops() -> None:
    lanes = QueryLanes()
    chair = Query(lanes, "area")
    errors: list[BaseException] = []
    started = threading.Event()

    def hidden() -> None:
        try:
            with lanes.load("overview", Cursor(), behind=True):
                started.set()
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=hidden, daemon=True)
    thread.start()
    time.sleep(0.05)
    lanes.stop_all(1.0)  # a reopen: the waiting load is not wanted
    thread.join(5)
    assert not started.is_set()
    assert [type(e) for e in errors] == [QueryStopped]
    chair.finish()
