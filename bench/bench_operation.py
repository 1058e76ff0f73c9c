"""Benchmark: the operation view against DuckDB alone running its query files.

The issue's goal: the operation view opens in at most 1.5x the time raw DuckDB takes to run
its query files (queries/operation_outputs.sql and operation_effect.sql), at 10 million
incidents and 1 million interventions.

A copy of the generated database (bench/generate.py, never modified) gets four operations in
the shapes the sources describe (a town centre and its ward, a hotspot, three wards, a ward
started this year) and 1,000,000 interventions over the last three years, 70% of them tagged
to an operation: bench/out/db-<size>-ops.duckdb. Then, each in its own process with a warm
page cache, interleaved round by round (view, core, floor, view, core, floor, ...):

- view: the dashboard (make_app, headless) with `O` pressed to step through the operations;
  the time from the key to the operation view having drawn the new operation's figures;
- core: `Meeting.operation_report` on a worker cursor, the path the view's worker takes;
- floor: one DuckDB connection running the two files' SQL with the same values bound.

Prints medians (p10-p90) and ratios, and writes the samples to bench/out/operation-<size>.json.

    .venv/bin/python bench/bench_operation.py --size 10m --rounds 5 --steps 8
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import MONTHS, OUT, SIZES, SPAN, database_path, generate  # noqa: E402

GOAL = 1.5
INTERVENTIONS = 1_000_000
QUERY_FILES = ("operation_outputs", "operation_effect")
OPERATIONS_SQL = """
INSERT INTO operations VALUES
    ('operation-nightfall', 'Operation Nightfall', DATE '2024-03-01', NULL,
     ['dunsby-moor-town-centre', 'dunsby-moor'], ['Anti-social behaviour', 'Public order', 'Other crime'],
     'Northmoor Police', 'Street sex work: safeguarding women, disrupting buyers.'),
    ('operation-shield', 'Operation Shield', DATE '2025-06-01', NULL,
     ['marfleet-east-town-centre'], ['Anti-social behaviour', 'Public order'],
     'Northmoor Police', 'Town-centre street drinking: joint patrols, PSPO enforcement.'),
    ('project-harmony', 'Project Harmony', DATE '2026-03-01', NULL,
     ['coniscliffe-central-hotspot', 'coniscliffe-north', 'lanchester-west'],
     ['Anti-social behaviour', 'Drugs', 'Criminal damage and arson', 'Burglary'],
     'Northmoor Council', 'Clear, Hold, Build.'),
    ('operation-beech', 'Operation Beech', DATE '2026-01-20', NULL,
     ['barrow-north-town-centre'], ['Anti-social behaviour', 'Other crime'],
     'Northmoor Police', 'Safeguarding sex workers and disrupting buyers.');
"""
# 1M interventions over 2023-11 .. 2026-10: 70% tagged to one of the operations (in one of its
# areas), the rest in any area; kinds and agencies drawn by hash, so the same every time.
INTERVENTIONS_SQL = """
INSERT INTO interventions
WITH ops AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, area_ids FROM operations),
     areas_n AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM areas),
     kinds AS (SELECT row_number() OVER () - 1 AS k, kind
               FROM (SELECT unnest($kinds) AS kind)),
     rows AS (SELECT i, CAST(hash(i * 16 + 1) % 36 AS BIGINT) AS m, CAST(hash(i * 16 + 2) % 10 AS BIGINT) AS tagged,
                     CAST(hash(i * 16 + 3) % 4 AS BIGINT) AS o, CAST(hash(i * 16 + 4) % 1000003 AS BIGINT) AS a,
                     CAST(hash(i * 16 + 5) % $nkinds AS BIGINT) AS kd,
                     CAST(hash(i * 16 + 6) % 28 AS BIGINT) AS d, CAST(hash(i * 16 + 7) % 3 AS BIGINT) AS c,
                     CAST(hash(i * 16 + 8) % 4 AS BIGINT) AS g, CAST(hash(i * 16 + 9) % 3 AS BIGINT) AS ph
              FROM range($n) t(i))
SELECT 'bench-iv-' || i,
       CAST(DATE '2023-11-01' + to_months(m) + to_days(d) AS DATE),
       'day',
       CAST(DATE '2023-11-01' + to_months(m) AS DATE),
       CASE WHEN tagged < 7 THEN ops.area_ids[1 + a % len(ops.area_ids)] ELSE areas_n.id END,
       CASE WHEN tagged < 7 THEN ops.id END,
       kinds.kind,
       1 + c,
       ['Northmoor Police', 'Northmoor Council', 'Northmoor Homes', 'Outreach Trust'][1 + g],
       NULL, NULL, ['clear', 'hold', 'build'][1 + ph], NULL
FROM rows
JOIN ops ON ops.k = rows.o
JOIN areas_n ON areas_n.k = rows.a % (SELECT count(*) FROM areas)
JOIN kinds ON kinds.k = rows.kd
"""


def with_operations(size: str, out: Path) -> Path:
    """bench/out/db-<size>-ops.duckdb: a copy of the generated database with operations added."""
    import duckdb

    from psg_tui.core.interventions import INTERVENTION_KINDS

    source = database_path(size, out)
    if not source.exists():
        print(f"generating {source} ...", file=sys.stderr, flush=True)
        generate(source, SIZES[size], months=SPAN.get(size, MONTHS))
    target = out / f"db-{size}-ops.duckdb"
    if target.exists():
        return target
    scratch = target.with_suffix(".tmp")
    shutil.copyfile(source, scratch)
    con = duckdb.connect(str(scratch))
    try:
        # bench/generate.py now makes operations and interventions of its own: this benchmark
        # keeps its fixed workload (four operations, exactly INTERVENTIONS rows) in their place.
        con.execute("DELETE FROM interventions; DELETE FROM operations")
        con.execute(OPERATIONS_SQL)
        kinds = list(INTERVENTION_KINDS)
        con.execute(INTERVENTIONS_SQL, {"kinds": kinds, "nkinds": len(kinds), "n": INTERVENTIONS})
        (count,) = con.execute("SELECT count(*) FROM interventions").fetchone() or (0,)
        if count != INTERVENTIONS:
            raise SystemExit(f"expected {INTERVENTIONS:,} interventions, made {count:,}")
    finally:
        con.close()
    scratch.rename(target)
    return target


# -- the three measures, each run in its own process ------------------------------


def measure_core(db: Path, steps: int) -> list[float]:
    from psg_tui.core.meeting import Meeting

    meeting = Meeting(db)
    period = meeting.default_period()
    ids = [o.id for o in meeting.operations()]
    times = []
    for n in range(len(ids) + steps):  # the first round of operations warms up
        started = time.perf_counter()
        with meeting.worker_cursor("operation") as cursor:
            meeting.operation_report(ids[n % len(ids)], period, con=cursor)
        if n >= len(ids):
            times.append(time.perf_counter() - started)
    meeting.close()
    return times


def measure_floor(db: Path, steps: int) -> list[float]:
    """DuckDB alone: the two files' SQL, with the values the view binds worked out beforehand."""
    import duckdb

    from psg_tui.core.meeting import Meeting
    from psg_tui.core.paths import queries_dir

    meeting = Meeting(db)
    period = meeting.default_period()
    texts = {name: (queries_dir() / f"{name}.sql").read_text() for name in QUERY_FILES}
    bound = {}
    for operation in meeting.operations():
        values = {**period.parameters(meeting.as_of), **meeting.operation_values(operation.id)}
        bound[operation.id] = {
            name: {k: v for k, v in values.items() if f"${k}" in sql} for name, sql in texts.items()
        }
    meeting.close()
    con = duckdb.connect(str(db), read_only=True)
    ids = list(bound)
    times = []
    for n in range(len(ids) + steps):
        started = time.perf_counter()
        for name, sql in texts.items():
            con.execute(sql, bound[ids[n % len(ids)]][name]).fetchall()
        if n >= len(ids):
            times.append(time.perf_counter() - started)
    con.close()
    return times


def measure_view(db: Path, steps: int) -> list[float]:
    """O pressed in the dashboard: key to the operation's figures drawn."""
    from psg_tui.app import make_app
    from psg_tui.screens.operation import OperationScreen

    drawn: list[tuple[str, float]] = []
    original = OperationScreen._draw

    def timed_draw(self: OperationScreen) -> None:
        original(self)
        if self.report is not None:
            drawn.append((self.report.operation.id, time.perf_counter()))

    OperationScreen._draw = timed_draw  # type: ignore[method-assign]
    times: list[float] = []

    async def drive() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            app = make_app(db, minutes=Path(tmp) / "m.toml", clock=lambda: datetime(2026, 11, 19, 10))
            async with app.run_test(size=(120, 40)) as pilot:
                await app.workers.wait_for_complete()
                await pilot.pause()
                count = len(app.operations)
                for n in range(count + steps):
                    before = len(drawn)
                    started = time.perf_counter()
                    await pilot.press("O")
                    while len(drawn) == before or drawn[-1][0] != app.operation_id:
                        await asyncio.sleep(0.0005)
                    if n >= count:
                        times.append(drawn[-1][1] - started)
                app.exit()

    asyncio.run(drive())
    return times


MEASURES = {"core": measure_core, "floor": measure_floor, "view": measure_view}


def spread(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)
    if len(ms) >= 10:
        deciles = statistics.quantiles(ms, n=10)
        low, high = deciles[0], deciles[-1]
    else:
        low, high = ms[0], ms[-1]
    return {"median": statistics.median(ms), "p10": low, "p90": high, "n": len(ms)}


def run_child(measure: str, db: Path, steps: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        done = subprocess.run(
            [sys.executable, __file__, "--child", measure, "--db", str(db), "--steps", str(steps),
             "--out", str(out)],
            capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
        if done.returncode != 0:
            raise SystemExit(f"{measure} failed:\n{done.stderr[-3000:]}")
        return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="10m", choices=sorted(SIZES))
    parser.add_argument("--rounds", type=int, default=5, help="processes of each measure, interleaved")
    parser.add_argument("--steps", type=int, default=8, help="operations opened per process")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--child", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        Path(args.out).write_text(json.dumps(MEASURES[args.child](args.db, args.steps)))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    db = with_operations(args.size, args.out)
    db.read_bytes()  # a warm page cache for every process alike
    samples: dict[str, list[float]] = {name: [] for name in MEASURES}
    for _ in range(args.rounds):
        for name in ("view", "core", "floor"):
            samples[name] += run_child(name, db, args.steps)
    (args.out / f"operation-{args.size}.json").write_text(json.dumps(samples, indent=1))
    floor = spread(samples["floor"])
    print(f"operation view at {args.size} incidents, {INTERVENTIONS:,} interventions ({date.today()})")
    print("| measure | median (p10-p90) ms | ratio to DuckDB alone | goal | met |")
    print("|---|---|---|---|---|")
    for name, label in (("view", "view: O to figures drawn"), ("core", "core: Meeting.operation_report")):
        s = spread(samples[name])
        ratio = s["median"] / floor["median"]
        print(
            f"| {label} | {s['median']:.1f} ({s['p10']:.1f}-{s['p90']:.1f}) | {ratio:.2f}x | "
            f"<= {GOAL}x | {'yes' if ratio <= GOAL else 'NO'} |"
        )
    print(
        f"| floor: DuckDB alone, the two files | {floor['median']:.1f} ({floor['p10']:.1f}-{floor['p90']:.1f}) | 1.00x | | |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
