"""Hostile files and racing writers against the import pipeline: tries, refused, leaked.

Each try starts from a copy of a database holding the real August 2021 Cleveland month (2,271
Stockton rows) and imports one hostile police.uk file built from the real rows: a partial or
shrunken month, another force's file, an unterminated quote, rows cut short, control
characters, months out of range, a file whose only row is skipped. A try is *refused* when the
import stops with nothing changed, *contained* when it imports with the bad rows rejected and
none of the bad values stored; it *leaked* when a bad value reached the database, a month lost
more than half its rows without --replace, or a file's lines did not add up.
Then --races rounds start `psg db import` and `psg db load-minutes` at once (real processes):
a round *lost* data when either command reported success and its rows are not there.

    .venv/bin/python bench/attack_imports.py --tries 200 --races 10
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psg_tui.core.database import init_db, open_database  # noqa: E402
from psg_tui.core.errors import PsgError  # noqa: E402
from psg_tui.core.write_lock import working_copies  # noqa: E402
from psg_tui.importing import import_into_database  # noqa: E402

REAL = ROOT / "tests" / "data" / "police_uk" / "2021-08-cleveland-street.csv"
LOOKUP = ROOT / "tests" / "data" / "ons" / "stockton_lsoa_to_ward.csv"
AREAS = ROOT / "sample_db" / "areas.csv"
MINUTES = ROOT / "sample_db" / "minutes" / "2026-10-15-stockton-psg.toml"
CONTROLS = ["\x1b[2J", "\x07", "\x1b]8;;http://x\x07", "\x9b", "\x00", "\x08", "\x7f"]
CONTROL_SQL = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]"


def real_rows() -> tuple[list[str], list[list[str]]]:
    with REAL.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def hostile(kind: str, header, rows, rng: random.Random) -> tuple[str, str]:
    """The file's text and what it should do to the month ('keep' or 'shrink-ok')."""
    ours = [r for r in rows if r[8].startswith("Stockton-on-Tees")]
    theirs = [r for r in rows if not r[8].startswith("Stockton-on-Tees")]
    pick = [list(r) for r in rng.sample(ours, 1500)]
    lines = None
    if kind == "partial":
        pick = [list(r) for r in rng.sample(theirs, rng.randint(1, 60))]
    elif kind == "shrink":
        pick = [list(r) for r in rng.sample(ours, rng.randint(1, 1100))]
    elif kind == "other-force":
        for r in pick:
            r[2] = r[3] = "City of London Police"
            r[7], r[8] = f"E0100{rng.randint(1, 9999):04d}", "City of London 001A"
    elif kind == "only-row-skipped":
        pick = [list(pick[0])]
        pick[0][7] = pick[0][8] = ""
    elif kind == "controls":
        for r in rng.sample(pick, 50):
            column = rng.choice([6, 9, 10])
            r[column] = r[column][:5] + rng.choice(CONTROLS) + r[column][5:]
    elif kind == "months":
        for r in rng.sample(pick, 20):
            r[1] = rng.choice(["9999-12", "0000-01", "2099-01", "2010-11", "0001-01"])
    lines = [",".join(_quote(v) for v in header)] + [",".join(_quote(v) for v in r) for r in pick]
    if kind == "unterminated-quote":
        at = rng.randint(1, len(lines) - 1)
        lines[at] = lines[at].replace(",On or near ", ',"On or near ', 1)
    elif kind == "short-rows":
        for at in rng.sample(range(1, len(lines)), 10):
            lines[at] = ",".join(lines[at].split(",")[: rng.randint(1, 11)])
    return "\n".join(lines) + "\n", "shrink-ok" if kind == "shrink" else "keep"


def _quote(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def check(db: Path, outcome: str, summaries) -> list[str]:
    """What leaked into the database, if anything."""
    con = open_database(db)
    try:
        found = []
        month = con.execute("SELECT count(*) FROM incidents WHERE month = DATE '2021-08-01'").fetchall()[0][0]
        if outcome == "keep" and summaries and month * 2 < 2271:
            found.append(f"the month shrank to {month} without --replace")
        bad_text = con.execute(
            "SELECT count(*) FROM incidents WHERE regexp_matches(coalesce(location, '') || coalesce(category, '')"
            f" || coalesce(outcome, ''), '{CONTROL_SQL}')"
        ).fetchall()[0][0]
        if bad_text:
            found.append(f"{bad_text} rows with control characters")
        odd = con.execute(
            "SELECT count(*) FROM incidents WHERE month < DATE '2010-12-01' OR month > current_date + INTERVAL 31 DAY"
        ).fetchall()[0][0]
        if odd:
            found.append(f"{odd} rows with months out of range")
    finally:
        con.close()
    for s in summaries or []:
        if s.read != s.stored + len(s.rejects) + s.skipped or s.lines < s.read + s.blank:
            found.append(f"lines do not add up: {s.accounting}")
    return found


def attack(tries: int, folder: Path, seed: int) -> Counter:
    rng = random.Random(seed)
    header, rows = real_rows()
    base = folder / "base.duckdb"
    init_db(base)
    import_into_database(base, "ons-wards", [LOOKUP])
    import_into_database(base, "police-uk", [REAL])
    kinds = [
        "partial", "shrink", "other-force", "only-row-skipped", "controls", "months",
        "unterminated-quote", "short-rows",
    ]  # fmt: skip
    tally: Counter = Counter()
    for n in range(tries):
        kind = kinds[n % len(kinds)]
        db = folder / f"try-{n}.duckdb"
        shutil.copyfile(base, db)
        text, outcome = hostile(kind, header, rows, rng)
        path = folder / f"{kind}-{n}.csv"
        path.write_text(text, encoding="utf-8")
        try:
            summaries = import_into_database(db, "police-uk", [path])
            result = "contained"
        except PsgError:
            summaries, result = None, "refused"
        leaks = check(db, outcome, summaries)
        tally["tries"] += 1
        tally["leaked" if leaks else result] += 1
        if leaks:
            print(f"LEAK {kind}: {'; '.join(leaks)}", flush=True)
        db.unlink()
        path.unlink()
    return tally


def race(rounds: int, folder: Path) -> Counter:
    header, rows = real_rows()
    big = folder / "2021-08-cleveland-street.csv"
    ours = [r for r in rows if r[8].startswith("Stockton-on-Tees")]
    with big.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for _ in range(48):
            writer.writerows(ours)
    tally: Counter = Counter()
    for n in range(rounds):
        db = folder / f"race-{n}.duckdb"
        init_db(db)
        import_into_database(db, "ons-wards", [LOOKUP])
        import_into_database(db, "areas", [AREAS])
        psg = [sys.executable, "-m", "psg_tui", "db"]
        importing = subprocess.Popen(
            [*psg, "import", str(db), "police-uk", str(big)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while not working_copies(db) and importing.poll() is None:
            time.sleep(0.002)
        loading = subprocess.run([*psg, "load-minutes", str(db), str(MINUTES)], cwd=ROOT, capture_output=True)
        importing.wait()
        con = open_database(db)
        incidents, actions = con.execute(
            "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM actions)"
        ).fetchall()[0]
        con.close()
        lost = (importing.returncode == 0 and incidents == 0) or (loading.returncode == 0 and actions == 0)
        tally["rounds"] += 1
        tally["lost" if lost else "waited" if loading.returncode == 0 else "refused (75)"] += 1
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=200)
    parser.add_argument("--races", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="psg-attack-") as tmp:
        files = attack(args.tries, Path(tmp), args.seed)
        print(f"hostile files: {files['tries']} tries, {files['refused']} refused, "
              f"{files['contained']} imported with the bad rows rejected, {files['leaked']} leaked")  # fmt: skip
        races = race(args.races, Path(tmp))
        print(f"import + load-minutes at once: {races['rounds']} rounds, {races['waited']} waited, "
              f"{races['refused (75)']} refused, {races['lost']} lost")  # fmt: skip
    return 1 if files["leaked"] or races["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
