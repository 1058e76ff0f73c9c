"""Benchmark: police.uk import speed against DuckDB's own `read_csv` of the same files.

Generates N synthetic street-level rows (drawn from the real Stockton-on-Tees rows of the
bundled August 2021 Cleveland file, so LSOAs, locations, coordinates and the category mix are
real and every row is stored) as monthly files in a temporary folder, then times, in the same
run, `import_files` into a fresh database and `CREATE TABLE ... AS SELECT * FROM read_csv(...)`
of the same files, and prints the median of --repeat runs. With --zip, the same files packed as a data.police.uk
download (a zip of month folders, deflated) are imported too, to show what reading members
from the archive costs against reading the files.

    .venv/bin/python bench/bench_import.py --rows 1000000 --repeat 3 [--zip]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
REAL_FILE = ROOT / "tests" / "data" / "police_uk" / "2021-08-cleveland-street.csv"
LOOKUP = ROOT / "tests" / "data" / "ons" / "stockton_lsoa_to_ward.csv"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)


def generate(folder: Path, rows: int, months: int) -> list[Path]:
    """Write `rows` rows spread over `months` monthly files; returns the files."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE templates AS SELECT row_number() OVER () - 1 AS idx, * FROM read_csv($path, all_varchar = true)"
        " WHERE \"LSOA name\" LIKE 'Stockton-on-Tees%'",
        {"path": str(REAL_FILE)},
    )
    size = con.execute("SELECT count(*) FROM templates").fetchall()[0][0]
    files = []
    per_month = rows // months
    for m in range(months):
        year, month = 2016 + m // 12, m % 12 + 1
        label = f"{year:04d}-{month:02d}"
        n = per_month + (rows - per_month * months if m == months - 1 else 0)
        path = folder / f"{label}-cleveland-street.csv"
        con.execute(
            "COPY (SELECT CASE WHEN t.\"Crime type\" = 'Anti-social behaviour' THEN NULL"
            "              ELSE sha256($label || ':' || r.range) END AS \"Crime ID\","
            ' $label AS "Month", \'Cleveland Police\' AS "Reported by", \'Cleveland Police\' AS "Falls within",'
            ' t."Longitude", t."Latitude", t."Location", t."LSOA code", t."LSOA name", t."Crime type",'
            ' t."Last outcome category", NULL AS "Context"'
            " FROM range($n) r JOIN templates t ON t.idx = hash(r.range, $label) % $size ORDER BY r.range)"
            " TO '" + str(path).replace("'", "''") + "' (HEADER, DELIMITER ',')",
            {"label": label, "n": n, "size": size},
        )
        files.append(path)
    con.close()
    assert files[0].read_text(encoding="utf-8").split("\n", 1)[0] == HEADER
    return files


def time_import(folder: Path, files: list[Path], run: int) -> tuple[float, int]:
    from psg_tui.core.database import create_schema
    from psg_tui.importing import import_files

    path = folder / f"ours-{run}.duckdb"
    con = duckdb.connect(str(path))
    create_schema(con)
    import_files(con, "ons-wards", [LOOKUP])
    started = time.perf_counter()
    summaries = import_files(con, "police-uk", files)
    con.execute("CHECKPOINT")
    seconds = time.perf_counter() - started
    stored = sum(s.stored for s in summaries)
    con.close()
    path.unlink()
    return seconds, stored


def pack(folder: Path, files: list[Path]) -> Path:
    """The files as a data.police.uk download: one folder per month, deflated."""
    import zipfile

    archive = folder / "download.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as packed:
        for path in files:
            packed.write(path, f"{path.name[:7]}/{path.name}")
    return archive


def time_read_csv(folder: Path, files: list[Path], run: int) -> tuple[float, int]:
    path = folder / f"duckdb-{run}.duckdb"
    con = duckdb.connect(str(path))
    started = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv($files)", {"files": [str(f) for f in files]})
    con.execute("CHECKPOINT")
    seconds = time.perf_counter() - started
    stored = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    con.close()
    path.unlink()
    return seconds, stored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12, help="monthly files to spread the rows over")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary folder, removed after)")
    parser.add_argument("--zip", action="store_true", help="also import the files packed in a zip")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        files = generate(folder, args.rows, args.months)
        megabytes = sum(f.stat().st_size for f in files) / 1e6
        print(
            f"generated {args.rows:,} rows in {len(files)} files ({megabytes:,.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        archive = pack(folder, files) if args.zip else None
        ours, theirs, zipped = [], [], []
        for run in range(args.repeat):
            seconds, stored = time_import(folder, files, run)
            if stored != args.rows:
                print(f"import stored {stored:,} of {args.rows:,} rows", file=sys.stderr)
                return 1
            ours.append(seconds)
            theirs.append(time_read_csv(folder, files, run)[0])
            line = f"run {run + 1}: import_files {seconds:.2f} s, read_csv {theirs[-1]:.2f} s"
            if archive is not None:
                seconds, stored = time_import(folder, [archive], run)
                if stored != args.rows:
                    print(f"zip import stored {stored:,} of {args.rows:,} rows", file=sys.stderr)
                    return 1
                zipped.append(seconds)
                line += f", import_files of the zip {seconds:.2f} s"
            print(line, flush=True)
        a, b = statistics.median(ours), statistics.median(theirs)
        print(f"import_files: {a:.2f} s  {args.rows / a:>12,.0f} rows/s")
        print(f"read_csv:     {b:.2f} s  {args.rows / b:>12,.0f} rows/s")
        print(f"ratio import_files / read_csv: {a / b:.2f}x")
        if zipped:
            z = statistics.median(zipped)
            print(
                f"import_files of the zip ({archive.stat().st_size / 1e6:,.0f} MB): {z:.2f} s"
                f"  {args.rows / z:>12,.0f} rows/s, {z / a:.2f}x the files"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
