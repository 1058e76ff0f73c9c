"""Benchmark: how soon a superseded or abandoned panel load stops, against letting it finish.

When the chair presses n, ] or r, or q, while a screen's worker is still running panel
queries, the load is stale. `Meeting.worker_cursor` interrupts it (on the cursor running it,
see repro_cancel.py) and `close()`/`reopen()` interrupt every running load. This measures,
on a generated database (bench/generate.py), for two loads:

- area:  every `scope: area` query file for one area, as the area view runs them;
- heavy: a custom panel an analyst might drop into queries/ (the force's repeat locations by
  category over ten years, with months active), seconds of work at 10M incidents;

the time from the superseding load starting (or close/reopen being called) to the stale
load's thread having ended, against the floor of raw DuckDB running the same load to its
end (what the chair waited for before: the rest of that load). The stop point is spread
evenly over the load's own duration.

    .venv/bin/python bench/bench_cancel.py --size 10m --runs 15
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from psg_tui.core.errors import QueryStopped
from psg_tui.core.meeting import Meeting
from psg_tui.core.queries import parse_query

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import OUT  # noqa: E402

HEAVY = parse_query(
    "heavy",
    "SELECT location, category, count(*) AS n, count(DISTINCT month) AS months, "
    "median(latitude) AS latitude FROM incidents WHERE month <= $period_end "
    "GROUP BY ALL ORDER BY n DESC LIMIT 20",
)


def load_fn(meeting: Meeting, kind: str, area: str) -> Callable[[duckdb.DuckDBPyConnection], object]:
    period = meeting.default_period()
    if kind == "area":
        return lambda cursor: meeting.area_panels(area, period, con=cursor)
    return lambda cursor: meeting.run(HEAVY, period, con=cursor)


def full_duration(meeting: Meeting, run: Callable[[duckdb.DuckDBPyConnection], object]) -> float:
    cursor = meeting.con.cursor()
    began = time.perf_counter()
    run(cursor)
    elapsed = time.perf_counter() - began
    cursor.close()
    return elapsed


def one_stop(meeting: Meeting, run: Callable, delay: float, how: str) -> tuple[float, bool]:
    """Start a load, wait `delay`, then stop it by `how`; (seconds to stop, was it stopped)."""
    ended: dict[str, object] = {}
    started = threading.Event()

    def work() -> None:
        try:
            with meeting.worker_cursor("area") as cursor:
                started.set()
                run(cursor)
            ended["stopped"] = False
        except QueryStopped:
            ended["stopped"] = True
        ended["at"] = time.perf_counter()

    thread = threading.Thread(target=work)
    thread.start()
    started.wait()
    time.sleep(delay)
    began = time.perf_counter()
    if how == "supersede":
        with meeting.worker_cursor("area"):
            pass
    else:
        getattr(meeting, how)()
    thread.join()
    return float(ended["at"]) - began, bool(ended["stopped"])  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="10m", help="which bench/out/db-SIZE.duckdb (default 10m)")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    path = OUT / f"db-{args.size}.duckdb"
    if not path.exists():
        sys.exit(f"{path} is missing: run bench/generate.py --size {args.size} first.")
    path.read_bytes()  # a warm page cache for every run
    meeting = Meeting(path)
    area = next(iter(meeting.area_names()))
    print(f"DuckDB {duckdb.__version__}, {path.name}, {args.runs} runs each, times in ms")
    print(
        f"{'load':6} {'stopped by':10} {'floor: load to end':>19} {'stop: median':>13} {'max':>7} {'stopped':>8}"
    )
    for kind in ("area", "heavy"):
        run = load_fn(meeting, kind, area)
        floor = statistics.median(full_duration(meeting, run) for _ in range(3))
        for how in ("supersede", "reopen", "close"):
            stops, stopped = [], 0
            for i in range(args.runs):
                delay = floor * (i + 0.5) / args.runs
                seconds, was_stopped = one_stop(meeting, run, delay, how)
                stops.append(seconds)
                stopped += was_stopped
                if how == "close":
                    meeting = Meeting(path)
                    run = load_fn(meeting, kind, area)
            print(
                f"{kind:6} {how:10} {floor * 1000:19.1f} {statistics.median(stops) * 1000:13.1f}"
                f" {max(stops) * 1000:7.1f} {stopped:>5}/{args.runs}"
            )
    meeting.close()


if __name__ == "__main__":
    main()
