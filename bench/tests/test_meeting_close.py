"""Closing or reopening the meeting while a worker's query runs: no ResourceInUse traceback.

Found by the benchmark: pressing r (reload) or q while a panel query was still running in a
worker thread raised DuckDB's "connection is busy" from Meeting.reopen/close.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from psg_tui.core.errors import DataError
from psg_tui.core.meeting import Meeting
from psg_tui.core.queries import parse_query

# Minutes of work unless interrupted; it uses a bound parameter like every panel.
SLOW = parse_query("slow", "SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = month($period_start)")


def run_in_worker(meeting: Meeting) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []
    started = threading.Event()

    def work() -> None:
        cursor = meeting.con.cursor()
        started.set()
        try:
            meeting.run(SLOW, meeting.default_period(), con=cursor)
        except BaseException as exc:  # recorded for the test to look at
            errors.append(exc)
        finally:
            cursor.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    started.wait(5)
    time.sleep(0.3)  # let the query get going
    return thread, errors


@pytest.mark.parametrize("action", ["close", "reopen"])
def test_stops_a_running_query_instead_of_failing(small_db: Path, action: str) -> None:
    meeting = Meeting(small_db)
    thread, errors = run_in_worker(meeting)
    began = time.monotonic()
    getattr(meeting, action)()
    assert time.monotonic() - began < 3
    thread.join(5)
    assert not thread.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], DataError)
    if action == "reopen":  # the new connection works, and panels load again
        period = meeting.default_period()
        assert meeting.area_panels("barrow-north", period)["area_profile"].rows
        meeting.close()


def test_a_reopen_stops_the_rest_of_an_area_load(small_db: Path) -> None:
    """After a reopen, a worker part-way through area_panels runs none of the remaining files."""
    meeting = Meeting(small_db)
    generation = meeting._generation
    meeting.reopen()
    with pytest.raises(DataError, match="reopened"):
        meeting.run(SLOW, meeting.default_period(), con=meeting.con, generation=generation)
    meeting.close()
