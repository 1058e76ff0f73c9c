"""Benchmark: the dashboard against its floor — start-up, area switch, period change, reload, memory.

For each database size, in one run and interleaved (app, floor, app, floor, ...) so drift
in the machine hits both alike:

1. start-up: process start -> first populated overview of `psg open DB` (probe.py), against a
   bare script that imports Textual and DuckDB and runs queries/overview.sql (floor.py);
2. area switch: `n` -> every panel of the new area populated, over --switches areas, against
   the same `scope: area` query files run by DuckDB alone on one open connection: (a) as a
   chair meets it, each area discussed for up to --dwell seconds while the prefetch computes
   the next (`switch_ready` says whether it had), and (b) with the prefetch switched off, each
   area loaded on its key;
3. period change (`[`) and reload (`r`, as after an import): the same comparison;
1'. with --harlequin: Harlequin (installed by the bench in bench/out/harlequin-venv, never a
   dependency) drawing its catalogue of the same database, interleaved with the start-up runs
   (floor_harlequin.py);
6. memory: peak resident memory of the dashboard process over a whole session.

Each probe is a fresh `.venv/bin/python` process; the database files are read once first so
every run sees a warm page cache. Prints a table of medians with the p10-p90 spread and each
ratio against its goal, and writes the raw samples to bench/out/dashboard-<size>.json.

    .venv/bin/python bench/bench_dashboard.py --sizes 100k,1m,10m
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import MONTHS, OUT, SIZES, SPAN, database_path, generate  # noqa: E402

PYTHON = sys.executable
GOALS = {"startup": 1.1, "switch": 1.2, "cold": 1.2, "period": 1.5, "reload": 1.5}
SWITCH_LIMIT_MS = 50.0  # issue 28: a prefetched switch, median


def spread(samples: list[float]) -> dict[str, float]:
    """Median and p10/p90 in milliseconds (min/max when there are too few samples for deciles)."""
    ms = sorted(s * 1000 for s in samples)
    if len(ms) >= 10:
        deciles = statistics.quantiles(ms, n=10)
        low, high = deciles[0], deciles[-1]
    else:
        low, high = ms[0], ms[-1]
    return {"median": statistics.median(ms), "p10": low, "p90": high, "n": len(ms)}


def child(args: list[str]) -> None:
    done = subprocess.run([PYTHON, *args], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def app_startup(db: Path, scratch: Path, n: int) -> tuple[float, dict[str, Any]]:
    out, minutes = scratch / f"probe-{n}.json", scratch / f"minutes-{n}.toml"
    started = time.time()
    child([str(HERE / "probe.py"), str(db), "--minutes", str(minutes), "--out", str(out)])
    result = json.loads(out.read_text())
    if "error" in result:
        raise SystemExit(f"probe: {result['error']}")
    return result["populated_at"] - started, result


def floor_startup(db: Path, period: str, scratch: Path, n: int) -> float:
    out = scratch / f"floor-{n}.json"
    started = time.time()
    child([str(HERE / "floor.py"), "startup", str(db), period, "--out", str(out)])
    return json.loads(out.read_text())["done_at"] - started


def textual_startup(db: Path, period: str, scratch: Path, n: int) -> float:
    out = scratch / f"textual-{n}.json"
    started = time.time()
    child([str(HERE / "floor_textual.py"), "startup", str(db), period, "--out", str(out)])
    return json.loads(out.read_text())["done_at"] - started


def textual_panels(db: Path, period: str, areas: list[str], scratch: Path, n: int) -> list[float]:
    out = scratch / f"textual-panels-{n}.json"
    child(
        [
            str(HERE / "floor_textual.py"),
            "panels",
            str(db),
            period,
            "--out",
            str(out),
            "--areas",
            ",".join(areas),
        ]
    )
    return json.loads(out.read_text())["switch"]


def harlequin_python(out: Path) -> Path:
    """The Python of a venv holding Harlequin, made (pip install harlequin) on first use."""
    venv = out / "harlequin-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"installing Harlequin into {venv} ...", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "harlequin"], check=True)
    return python


def harlequin_startup(python: Path, db: Path, scratch: Path, n: int) -> float:
    out = scratch / f"harlequin-{n}.json"
    started = time.time()
    done = subprocess.run(
        [str(python), str(HERE / "floor_harlequin.py"), str(db), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=scratch,
    )
    result = json.loads(out.read_text()) if out.exists() else {}
    if "done_at" not in result:
        raise SystemExit(
            f"floor_harlequin.py: {result.get('error')} ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    return result["done_at"] - started


def app_session(
    db: Path, scratch: Path, n: int, opts: argparse.Namespace, *, prefetch: bool = True
) -> dict[str, Any]:
    out, minutes = scratch / f"session-{n}-{prefetch}.json", scratch / f"session-minutes-{n}-{prefetch}.toml"
    periods, reloads = (opts.periods, opts.reloads) if prefetch else (0, 0)
    child(
        [str(HERE / "probe.py"), str(db), "--minutes", str(minutes), "--out", str(out),
         "--switches", str(opts.switches), "--periods", str(periods), "--reloads", str(reloads)]
        + (["--dwell", str(opts.dwell)] if prefetch else ["--no-prefetch"])
        + (["--fix-highlight-loop"] if opts.fix_highlight_loop else [])
    )  # fmt: skip
    result = json.loads(out.read_text())
    if "error" in result:
        raise SystemExit(f"probe: {result['error']}")
    return result


def floor_session(
    db: Path, period: str, areas: list[str], scratch: Path, n: int, opts: argparse.Namespace
) -> dict:
    out = scratch / f"floor-session-{n}.json"
    child(
        [str(HERE / "floor.py"), "panels", str(db), period, "--out", str(out), "--areas", ",".join(areas),
         "--periods", str(opts.periods), "--reloads", str(opts.reloads)]
    )  # fmt: skip
    return json.loads(out.read_text())


def default_period(db: Path) -> str:
    """The period `psg open` picks, and a check that floor.py binds the same values."""
    import floor

    from psg_tui.core.meeting import Meeting

    meeting = Meeting(db)
    try:
        period = meeting.default_period()
        mine = floor.parameters(period.start, meeting.as_of)
        if mine != period.parameters(meeting.as_of):
            raise SystemExit("floor.py binds different parameter values from Period.parameters")
        return str(period)
    finally:
        meeting.close()


def parquet_export(db: Path, folder: Path) -> Path:
    """The database's Parquet dataset (`psg db export`), written on first use and read warm."""
    if not folder.exists():
        print(f"exporting {db} to {folder} ...", file=sys.stderr, flush=True)
        child(["-m", "psg_tui", "db", "export", str(db), "--parquet", str(folder)])
    for part in folder.rglob("*.parquet"):
        part.read_bytes()
    return folder


def bench_size(size: str, opts: argparse.Namespace) -> dict[str, Any]:
    db = database_path(size, opts.out)
    if not db.exists():
        print(f"generating {db} ...", file=sys.stderr, flush=True)
        generate(db, SIZES[size], months=SPAN.get(size, MONTHS))
    db.read_bytes()  # warm the page cache: every run below starts alike
    period = default_period(db)
    shown = parquet_export(db, opts.out / f"ds-{size}") if opts.parquet else db  # what the app opens
    samples: dict[str, Any] = {"size": size, "incidents": SIZES[size], "period": period}
    with tempfile.TemporaryDirectory(prefix="psg-bench-") as tmp:
        scratch = Path(tmp)
        app_startup(shown, scratch, -1)  # warm-up: .pyc files, page cache
        floor_startup(db, period, scratch, -1)
        textual_startup(db, period, scratch, -1)
        harlequin = harlequin_python(opts.out) if opts.harlequin else None
        if harlequin is not None:
            harlequin_startup(harlequin, db, scratch, -1)
        app, base, bare, other = [], [], [], []
        for n in range(opts.runs):
            app.append(app_startup(shown, scratch, n)[0])
            base.append(floor_startup(db, period, scratch, n))
            bare.append(textual_startup(db, period, scratch, n))
            if harlequin is not None:
                other.append(harlequin_startup(harlequin, db, scratch, n))
        samples["startup"] = {"app": app, "floor": base, "textual": bare, "harlequin": other}
        keys = ("switch", "cold", "period", "reload")
        runs: dict[str, dict[str, list[float]]] = {
            k: {"app": [], "floor": [], "first": [], "textual": []} for k in keys
        }
        rss = []
        for n in range(opts.sessions):
            session = app_session(shown, scratch, n, opts)
            cold = app_session(shown, scratch, n, opts, prefetch=False)
            rss.append(session["maxrss_mb"])
            floor = floor_session(db, period, session["areas"], scratch, n, opts)
            textual = textual_panels(db, period, session["areas"], scratch, n)[1:]
            # The first n also builds the area screen: reported on its own, not in the median.
            runs["switch"]["first"].append(session["switch"][0])
            runs["switch"]["app"] += session["switch"][1:]
            runs["switch"].setdefault("ready", []).extend(session["switch_ready"][1:])
            runs["cold"]["first"].append(cold["switch"][0])
            runs["cold"]["app"] += cold["switch"][1:]
            for key in ("switch", "cold"):
                runs[key]["floor"] += floor["switch"][1:]
                runs[key]["textual"] += textual
            for key in ("period", "reload"):
                runs[key]["app"] += session[key]
                runs[key]["floor"] += floor[key]
            runs["period"].setdefault("ready", []).extend(session.get("period_ready", []))
        samples.update(runs)
        samples["maxrss_mb"] = rss
    (opts.out / f"dashboard-{size}.json").write_text(json.dumps(samples, indent=1), encoding="utf-8")
    return samples


def table(all_samples: list[dict[str, Any]]) -> str:
    lines = [
        "| size | measure | app median (p10-p90) ms | floor median (p10-p90) ms | ratio | goal | met "
        "| bare-Textual floor ms | app / it |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in all_samples:
        for key, label in (
            ("startup", "1. start-up to populated overview"),
            ("switch", "2a. area switch (n), prefetched"),
            ("cold", "2b. area switch (n), prefetch off"),
            ("period", "3a. period change ([)"),
            ("reload", "3b. reload after import (r)"),
        ):
            app, floor = spread(s[key]["app"]), spread(s[key]["floor"])
            ratio = app["median"] / floor["median"]
            goal = f"<= {GOALS[key]}x"
            met = ratio <= GOALS[key]
            if key == "period":
                ready = s[key].get("ready") or []
                goal = f"<= 150 ms ({sum(ready)}/{len(ready)} ready)"
                met = app["median"] <= 150
            if key == "switch":
                ready = s[key].get("ready") or []
                goal = f"<= {SWITCH_LIMIT_MS:.0f} ms ({sum(ready)}/{len(ready)} ready)"
                met = app["median"] <= SWITCH_LIMIT_MS
            bare = ""
            if s[key].get("textual"):
                textual = spread(s[key]["textual"])
                bare = f"{textual['median']:.0f} ({textual['p10']:.0f}-{textual['p90']:.0f}) | {app['median'] / textual['median']:.2f}x"
            else:
                bare = " | "
            lines.append(
                f"| {s['size']} | {label} | {app['median']:.0f} ({app['p10']:.0f}-{app['p90']:.0f}) n={app['n']} "
                f"| {floor['median']:.0f} ({floor['p10']:.0f}-{floor['p90']:.0f}) | {ratio:.2f}x | {goal} "
                f"| {'yes' if met else 'NO'} | {bare} |"
            )
        if s["startup"].get("harlequin"):
            app, other = spread(s["startup"]["app"]), spread(s["startup"]["harlequin"])
            lines.append(
                f"| {s['size']} | 1'. Harlequin drawing its catalogue of the same database | "
                f"{other['median']:.0f} ({other['p10']:.0f}-{other['p90']:.0f}) | | app {app['median'] / other['median']:.2f}x "
                f"| app no slower | {'yes' if app['median'] <= other['median'] else 'NO'} | | |"
            )
        for key, label in (("switch", "prefetched"), ("cold", "prefetch off")):
            first = spread(s[key]["first"])
            lines.append(
                f"| {s['size']} | 2'. first n, {label} (also builds the area screen) | {first['median']:.0f} "
                f"({first['p10']:.0f}-{first['p90']:.0f}) | | | <= 150 ms | {'yes' if first['median'] <= 150 else 'NO'} | | |"
            )
        lines.append(
            f"| {s['size']} | 6. peak RSS of the dashboard | {max(s['maxrss_mb']):,.0f} MB | | | | | | |"
        )
    return "\n".join(lines)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m,10m", help="comma-separated: 100k, 1m, 10m, 100m")
    parser.add_argument("--runs", type=int, default=7, help="start-up runs of the app and of the floor")
    parser.add_argument(
        "--sessions", type=int, default=2, help="dashboard sessions (switches, periods, reloads)"
    )
    parser.add_argument("--switches", type=int, default=21, help="areas stepped through per session")
    parser.add_argument("--periods", type=int, default=6, help="months stepped back per session")
    parser.add_argument("--reloads", type=int, default=4, help="reloads per session")
    parser.add_argument(
        "--dwell",
        type=float,
        default=5.0,
        help="seconds the chair spends on an area at most (prefetched run)",
    )
    parser.add_argument(
        "--fix-highlight-loop",
        action="store_true",
        help="run the dashboard with the proposed overview fix applied by the probe (see RESULTS.md)",
    )
    parser.add_argument(
        "--harlequin",
        action="store_true",
        help="also time Harlequin drawing the same database (installed in bench/out/harlequin-venv)",
    )
    parser.add_argument(
        "--parquet",
        action="store_true",
        help="the app opens the database's Parquet export (bench/out/ds-<size>, written on first use); "
        "the floors still read the DuckDB file",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where the databases are (default bench/out)")
    opts = parser.parse_args(argv)
    opts.out.mkdir(parents=True, exist_ok=True)
    return opts


def main(argv: list[str] | None = None) -> int:
    opts = parse(argv)
    results = []
    for size in opts.sizes.split(","):
        started = time.perf_counter()
        results.append(bench_size(size.strip(), opts))
        print(f"{size}: measured in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
