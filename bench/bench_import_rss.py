"""Benchmark: peak memory (RSS) of a police.uk import, to see whether it stays flat in the size
of the download (issue 32.6: 5M rows within 1.2x of 1M).

A child process generates the files (as `bench_import.py` does, optionally packed as a
data.police.uk zip), so its memory is not counted; this process then imports them into a fresh
database file and prints the import's time and the process's peak RSS before and after it.

    .venv/bin/python bench/bench_import_rss.py --rows 1000000 --months 24 --zip
    .venv/bin/python bench/bench_import_rss.py --rows 5000000 --months 120 --zip
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=24, help="monthly files to spread the rows over")
    parser.add_argument("--zip", action="store_true", help="import the files packed in a zip")
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)  # the child's work
    args = parser.parse_args(argv)
    if args.generate_into:
        from bench_import import generate, pack

        files = generate(args.generate_into, args.rows, args.months)
        if args.zip:
            pack(args.generate_into, files)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        child = [sys.executable, __file__, "--rows", str(args.rows), "--months", str(args.months)]
        subprocess.run([*child, "--generate-into", tmp, *(["--zip"] if args.zip else [])], check=True)
        import duckdb
        from bench_import import LOOKUP

        from psg_tui.core.database import create_schema
        from psg_tui.importing import import_files

        inputs = [folder / "download.zip"] if args.zip else sorted(folder.glob("*-street.csv"))
        con = duckdb.connect(str(folder / "rss.duckdb"))
        create_schema(con)
        import_files(con, "ons-wards", [LOOKUP])
        before = peak_mb()
        started = time.perf_counter()
        stored = sum(s.stored for s in import_files(con, "police-uk", inputs))
        con.execute("CHECKPOINT")
        seconds = time.perf_counter() - started
        con.close()
        print(
            f"{args.rows:,} rows in {args.months} months{' (zip)' if args.zip else ''}: stored {stored:,} in"
            f" {seconds:.1f} s; peak RSS {peak_mb():,.0f} MB (before the import {before:,.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
