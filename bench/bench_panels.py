"""Benchmark: chosen panels in process, through `Meeting` (what the dashboard's workers run).

Runs each panel for --areas areas spread over the database (an overview panel once per
round), --rounds rounds after one warm-up round, and prints the median and p10-p90 in ms.
To compare two versions of a query file, run it once as it is and once with the other
version's folder in PSG_QUERIES_DIR (a file there overrides the bundled one of its name):

    .venv/bin/python bench/bench_panels.py --db bench/out/db-1m.duckdb
    PSG_QUERIES_DIR=/tmp/old-queries .venv/bin/python bench/bench_panels.py --db bench/out/db-1m.duckdb

The database is opened read-only and never changed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from psg_tui.core.meeting import Meeting  # noqa: E402

PANELS = ("area_categories", "area_trend", "overview")


def measure(db: Path, panels: list[str], areas: int, rounds: int) -> dict[str, list[float]]:
    meeting = Meeting(db)
    try:
        period = meeting.default_period()
        ids = sorted(meeting.area_names())
        step = max(1, len(ids) // areas)
        chosen = ids[::step][:areas]
        samples: dict[str, list[float]] = {name: [] for name in panels}
        for round_number in range(rounds + 1):
            for name in panels:
                query = meeting.queries[name]
                for area in chosen if query.scope == "area" else [None]:
                    started = time.perf_counter()
                    meeting.run(query, period, area)
                    if round_number:  # the first round warms the cache
                        samples[name].append(time.perf_counter() - started)
        return samples
    finally:
        meeting.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, action="append", help="a database (repeatable)")
    parser.add_argument(
        "--panel", action="append", help=f"a query file's name (default: {', '.join(PANELS)})"
    )
    parser.add_argument("--areas", type=int, default=10, help="areas per round for area panels (default 10)")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds (default 5)")
    args = parser.parse_args(argv)
    for db in args.db:
        samples = measure(db, args.panel or list(PANELS), args.areas, args.rounds)
        for name, times in samples.items():
            ms = sorted(t * 1000 for t in times)
            low, high = (
                (statistics.quantiles(ms, n=10)[0], statistics.quantiles(ms, n=10)[-1])
                if len(ms) >= 10
                else (ms[0], ms[-1])
            )
            print(
                f"{db.name}\t{name}\tmedian {statistics.median(ms):7.1f} ms\tp10-p90 {low:.1f}-{high:.1f}\tn={len(ms)}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
