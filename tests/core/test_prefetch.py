"""Results kept in memory and the prefetched meeting: a kept result is always the one the
query would give now, a prefetch never holds up a load the chair waits for, and a key that
finds its area ready is answered without a query."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from psg_tui.app.prefetch import stepping_order
from psg_tui.core.meeting import PREFETCH_LANE, Meeting
from psg_tui.core.periods import Period
from psg_tui.core.queries import QueryResult, parse_query
from psg_tui.core.results import ResultStore, result_key
from tests.spy import count_query_runs

OCT = Period(2026, 10)


def _same(a: dict[str, QueryResult], b: dict[str, QueryResult]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert (a[name].columns, a[name].rows, a[name].error) == (
            b[name].columns,
            b[name].rows,
            b[name].error,
        )


def test_the_key_is_the_file_and_every_value_it_binds() -> None:
    query = parse_query("x", "SELECT $area, $minutes_actions")
    base = {"area": "a", "minutes_actions": [{"id": "A1", "status": "open"}], "unused": 1}
    assert result_key(query, base) == result_key(query, {**base, "unused": 2})  # not bound: no matter
    assert result_key(query, base) != result_key(query, {**base, "area": "b"})
    changed = {**base, "minutes_actions": [{"id": "A1", "status": "done"}]}
    assert result_key(query, base) != result_key(query, changed)
    edited = parse_query("x", "SELECT $area, $minutes_actions, 1")
    assert result_key(query, base) != result_key(edited, base)


def test_the_store_drops_the_least_recently_used_and_keeps_no_failure() -> None:
    store = ResultStore(max_rows=10)
    store.put("a", QueryResult("a", ["n"], [(1,)] * 4))
    store.put("b", QueryResult("b", ["n"], [(1,)] * 4))
    assert store.get("a") is not None  # a is now the newer
    store.put("c", QueryResult("c", ["n"], [(1,)] * 4))
    assert "b" not in store and "a" in store and "c" in store
    store.put("d", QueryResult.failed("d", "broken"))
    store.put("e", QueryResult("e", ["n"], [(1,)] * 11))  # bigger than the whole store
    assert "d" not in store and "e" not in store


def test_a_prefetched_area_is_ready_and_equals_a_fresh_load(mini_db: Path) -> None:
    fresh = Meeting(mini_db)
    kept = Meeting(mini_db)
    try:
        kept.keep_results()
        assert kept.ready_area_panels("north-ward", OCT) is None  # nothing computed yet
        with kept.worker_cursor(PREFETCH_LANE) as cursor:
            kept.prefetch_area("north-ward", OCT, cursor)
        ready = kept.ready_area_panels("north-ward", OCT)
        assert ready is not None
        _same(ready, fresh.area_panels("north-ward", OCT))
        assert kept.ready_area_panels("south-ward", OCT) is None
        assert kept.ready_area_panels("north-ward", OCT.previous) is None
        kept.reopen()  # an import swapped in a new file: nothing kept is trusted
        assert kept.ready_area_panels("north-ward", OCT) is None
    finally:
        fresh.close()
        kept.close()


def test_a_ready_area_is_drawn_without_a_query(mini_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meeting = Meeting(mini_db)
    try:
        meeting.keep_results()
        with meeting.worker_cursor(PREFETCH_LANE) as cursor:
            meeting.prefetch_area("north-ward", OCT, cursor)
        ran = count_query_runs(monkeypatch)
        assert meeting.ready_area_panels("north-ward", OCT) is not None
        meeting.area_panels("north-ward", OCT)
        assert ran == []
        meeting.area_panels("south-ward", OCT)
        assert ran  # not prefetched: run
    finally:
        meeting.close()


def test_the_prefetch_waits_while_the_chair_waits(mini_db: Path) -> None:
    """While a load the chair waits for holds its lane, the prefetch runs nothing; it finishes after."""
    meeting = Meeting(mini_db)
    try:
        meeting.keep_results()
        finished = threading.Event()

        def prefetch() -> None:
            with meeting.worker_cursor(PREFETCH_LANE) as cursor:
                meeting.prefetch_area("north-ward", OCT, cursor)
            finished.set()

        with meeting.worker_cursor("area"):
            thread = threading.Thread(target=prefetch)
            thread.start()
            time.sleep(0.3)
            assert not finished.is_set()
            assert meeting.results is not None and len(meeting.results) == 0
        thread.join(10)
        assert finished.is_set()
        assert meeting.ready_area_panels("north-ward", OCT) is not None
    finally:
        meeting.close()


def test_a_reopen_stops_a_prefetch(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    try:
        meeting.keep_results()
        stopped: list[BaseException] = []

        def prefetch() -> None:
            try:
                with meeting.worker_cursor(PREFETCH_LANE) as cursor:
                    meeting.prefetch_area("north-ward", OCT, cursor)
            except BaseException as error:
                stopped.append(error)

        with meeting.worker_cursor("area"):  # the prefetch waits here...
            thread = threading.Thread(target=prefetch)
            thread.start()
            time.sleep(0.1)
            meeting.stop_loads()  # ...and quitting stops it rather than letting it run on
        thread.join(10)
        assert not thread.is_alive()
        assert stopped and type(stopped[0]).__name__ == "QueryStopped"
    finally:
        meeting.close()


def test_the_chair_s_order_is_current_then_next_and_previous() -> None:
    order = ["a", "b", "c", "d", "e"]
    assert list(stepping_order(order, "c")) == ["c", "d", "b", "e", "a"]
    assert list(stepping_order(order, None)) == ["a", "b", "e", "c", "d"]  # n opens a, p opens e
    assert list(stepping_order(["a", "b"], "a")) == ["a", "b"]
    assert list(stepping_order([], "a")) == []


def test_a_held_prefetch_runs_nothing_until_released(mini_db: Path) -> None:
    """While a key is being drawn (hold_prefetch) the prefetch leaves the cores to the screen."""
    meeting = Meeting(mini_db)
    try:
        meeting.keep_results()
        meeting.hold_prefetch()
        thread = threading.Thread(
            target=lambda: _prefetch(meeting, "north-ward"),
        )
        thread.start()
        time.sleep(0.3)
        assert meeting.results is not None and len(meeting.results) == 0
        meeting.release_prefetch()
        thread.join(10)
        assert meeting.ready_area_panels("north-ward", OCT) is not None
    finally:
        meeting.close()


def _prefetch(meeting: Meeting, area: str) -> None:
    with meeting.worker_cursor(PREFETCH_LANE) as cursor:
        meeting.prefetch_area(area, OCT, cursor)
