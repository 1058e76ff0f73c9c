"""All six measurements of issue 7, and the operation view of issue 12, in one run, as one Markdown table.

1-3 and 6 come from bench_dashboard.py (start-up, area switch, period change and reload,
peak memory, each against its floor), 4 from bench_import.py (police.uk import against
DuckDB's read_csv of the same files) and 5 from bench_minutes_save.py (a confirmed edit to
an fsync'd minutes file at 10, 100 and 1,000 actions), 7 from bench_operation.py (the
operation view against DuckDB alone on its query files). The databases are generated first
if bench/out/ lacks them. The report (machine, versions, load average, command, table) is
printed and written to bench/out/results-latest.md; bench/RESULTS.md quotes it.

    .venv/bin/python bench/run_all.py                       # 100k, 1m, 10m: about 15 minutes
    .venv/bin/python bench/run_all.py --sizes 100k --quick  # a minute, to try it out
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_dashboard  # noqa: E402
from generate import OUT, SIZES  # noqa: E402

IMPORT_LINE = re.compile(r"^(import_files|read_csv):\s+([\d.]+) s\s+([\d,]+) rows/s", re.M)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import duckdb
    import textual

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; {platform.platform()}; "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, Textual {textual.__version__}"
    )


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_import(rows: int, repeat: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_import.py"), "--rows", str(rows), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_import.py failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    found = {
        name: (float(seconds), float(rate.replace(",", "")))
        for name, seconds, rate in IMPORT_LINE.findall(done.stdout)
    }
    return {"ours_s": found["import_files"][0], "ours_rate": found["import_files"][1],
            "duckdb_s": found["read_csv"][0], "duckdb_rate": found["read_csv"][1]}  # fmt: skip


def run_minutes(runs: int) -> str:
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_minutes_save.py"), "--runs", str(runs)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_minutes_save.py failed:\n{done.stderr[-2000:]}")
    return done.stdout


def run_operation(size: str, quick: bool) -> list[str]:
    """7. The operation view against DuckDB alone on its query files (bench_operation.py)."""
    rounds = ["--rounds", "2", "--steps", "3"] if quick else ["--rounds", "5", "--steps", "8"]
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_operation.py"), "--size", size, *rounds],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_operation.py failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    cells = [
        [c.strip() for c in line.strip("|").split("|")]
        for line in done.stdout.splitlines()
        if line.startswith("| ") and not line.startswith(("| measure", "|---"))
    ]
    floor = next(c[1] for c in cells if c[0].startswith("floor"))
    return [
        f"| {size} | 7. operation {label} | {median} | {floor} (DuckDB, its two files) | {ratio} | {goal} | {met} | | |"
        for label, median, ratio, goal, met in cells
        if not label.startswith("floor")
    ]


def minutes_rows(output: str) -> list[str]:
    rows = []
    for line in output.splitlines():
        parts = line.replace("|", " ").split()
        if len(parts) == 8 and parts[0].isdigit():
            actions, _kb, median, p10, p90, _low, _high, floor = parts
            ratio = float(median) / float(floor)
            rows.append(
                f"| {int(actions):,} actions | 5. minutes save: edit -> fsync'd file | {float(median):.2f} "
                f"({float(p10):.2f}-{float(p90):.2f}) | {float(floor):.2f} (write+fsync) | {ratio:.2f}x "
                f"| within milliseconds | {'yes' if float(median) < 10 else 'NO'} |"
            )
    return rows


def report(
    opts: argparse.Namespace,
    dashboard: list[dict],
    imports: dict[str, dict],
    minutes: str,
    operations: list[str] | None = None,
) -> str:
    lines = [
        "| size | measure | app median (p10-p90) ms | floor median (p10-p90) ms | ratio | goal | met "
        "| bare-Textual floor ms | app / it |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += bench_dashboard.table(dashboard).splitlines()[2:]
    for size, result in imports.items():
        ratio = result["ours_s"] / result["duckdb_s"]
        lines.append(
            f"| {size} | 4. import police.uk CSV ({result['ours_s']:.2f} s vs {result['duckdb_s']:.2f} s) "
            f"| {result['ours_rate']:,.0f} rows/s | {result['duckdb_rate']:,.0f} rows/s (read_csv) | {ratio:.2f}x "
            f"| near read_csv (pipeline issue) | {'yes' if ratio <= 1.5 else 'NO'} | | |"
        )
    lines += [row + " | |" for row in minutes_rows(minutes)]
    lines += operations or []
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m,10m")
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats: to try the scripts, not to publish"
    )
    parser.add_argument(
        "--fix-highlight-loop",
        action="store_true",
        help="passed to bench_dashboard.py (the probe applies the proposed overview fix)",
    )
    opts = parser.parse_args(argv)
    sizes = [s.strip() for s in opts.sizes.split(",")]
    started = time.perf_counter()
    header = [
        f"- date: {datetime.now():%Y-%m-%d %H:%M}",
        f"- machine: {machine()}",
        f"- command: `.venv/bin/python bench/run_all.py {' '.join(argv if argv is not None else sys.argv[1:])}`",
        f"- load average before: {load_average()}",
    ]
    dash_args = ["--sizes", ",".join(sizes)]
    if opts.quick:
        dash_args += ["--runs", "3", "--sessions", "1", "--switches", "6", "--periods", "2", "--reloads", "2"]
    if opts.fix_highlight_loop:
        dash_args.append("--fix-highlight-loop")
    dash_opts = bench_dashboard.parse(dash_args)
    dashboard = [bench_dashboard.bench_size(size, dash_opts) for size in sizes]
    imports = {}
    for size in sizes:
        repeat = 1 if opts.quick or SIZES[size] >= 10_000_000 else 3
        imports[size] = run_import(SIZES[size], repeat)
    minutes = run_minutes(10 if opts.quick else 50)
    operations = [row for size in sizes for row in run_operation(size, opts.quick)]
    header.append(f"- load average after: {load_average()}; took {time.perf_counter() - started:.0f} s")
    text = "\n".join(header) + "\n\n" + report(opts, dashboard, imports, minutes, operations) + "\n"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results-latest.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
