"""A re-import never silently loses data: what it replaces is said, a shrink or a file of
another force is refused, and --dry-run shows every kind's change without touching the file."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.database import open_database
from psg_tui.core.paths import sample_sources_dir
from tests.importing.conftest import LOOKUP, POLICE_FILE, POLICE_HEADER, police_row, scalar

SAMPLE = sample_sources_dir()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def month_rows(db: Path) -> dict[str, int]:
    con = open_database(db)
    try:
        return dict(
            con.execute("SELECT strftime(month, '%Y-%m'), count(*) FROM incidents GROUP BY 1").fetchall()
        )
    finally:
        con.close()


def real_rows(keep, limit: int) -> list[list[str]]:
    with POLICE_FILE.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle)][1:]
    return [r for r in rows if keep(r)][:limit]


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(POLICE_HEADER.split(","))
        writer.writerows(rows)
    return path


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    """The Stockton wards and the real August 2021 month (2,271 rows)."""
    path = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(path)]) == 0
    assert main(["db", "import", str(path), "ons-wards", str(LOOKUP)]) == 0
    assert main(["db", "import", str(path), "police-uk", str(POLICE_FILE)]) == 0
    capsys.readouterr()
    return path


def stockton(row: list[str]) -> bool:
    return row[8].startswith("Stockton-on-Tees")


def test_a_partial_month_with_no_rows_of_ours_is_refused_and_the_month_kept(db, tmp_path, capsys) -> None:
    partial = write_rows(tmp_path / "2021-08-partial.csv", real_rows(lambda r: not stockton(r), 39))
    before = digest(db)
    code, _, err = run(capsys, "db", "import", db, "police-uk", partial)
    assert code == 65
    assert "none of its 39 rows can be stored" in err
    assert digest(db) == before
    assert month_rows(db) == {"2021-08": 2271}


@pytest.mark.slow
def test_a_shrinking_month_is_refused_and_says_what_it_would_replace(db, tmp_path, capsys) -> None:
    rows = real_rows(stockton, 26) + real_rows(lambda r: not stockton(r), 4)
    partial = write_rows(tmp_path / "2021-08-thirty.csv", rows)
    before = digest(db)
    code, out, err = run(capsys, "db", "import", db, "police-uk", partial)
    assert code == 65
    assert (
        "2021-08 Cleveland Police: 2,271 rows → 26" in out
        and "2021-08 Cleveland Police: 2,271 rows → 26" in err
    )
    assert "--replace" in err
    assert digest(db) == before
    code, out, _ = run(capsys, "db", "import", db, "police-uk", partial, "--replace")
    assert code == 0 and "2021-08 Cleveland Police: 2,271 rows → 26" in out
    assert month_rows(db) == {"2021-08": 26}


@pytest.mark.slow
def test_a_reimport_says_per_month_what_it_replaces_and_a_small_change_needs_no_replace(
    db, tmp_path, capsys
) -> None:
    most = write_rows(tmp_path / "2021-08-most.csv", real_rows(stockton, 2000))
    september = write_rows(
        tmp_path / "2021-09.csv", [r[:1] + ["2021-09"] + r[2:] for r in real_rows(stockton, 5)]
    )
    code, out, _ = run(capsys, "db", "import", db, "police-uk", most, september)
    assert code == 0
    assert "2021-08 Cleveland Police: 2,271 rows → 2,000" in out
    assert "2021-09 Cleveland Police: new, 5 rows" in out
    assert month_rows(db) == {"2021-08": 2000, "2021-09": 5}


def test_a_file_of_another_force_is_an_error_naming_the_force_and_districts(db, tmp_path, capsys) -> None:
    rows = []
    for i, row in enumerate(real_rows(lambda r: True, 50)):
        row[2] = row[3] = "City of London Police"
        row[7], row[8] = f"E0100{i % 9 + 1:04d}", "City of London 001A" if i % 5 else "Westminster 018B"
        rows.append(row)
    city = write_rows(tmp_path / "2021-08-city-of-london-street.csv", rows)
    before = digest(db)
    code, _, err = run(capsys, "db", "import", db, "police-uk", city)
    assert code == 65
    assert "none of its 50 rows can be stored" in err
    assert "City of London Police (50 rows)" in err
    assert "City of London (40 rows), Westminster (10 rows)" in err
    assert "areas are in Stockton-on-Tees" in err and "police.uk data is from Cleveland Police" in err
    assert digest(db) == before


@pytest.mark.slow
def test_a_file_whose_only_row_is_skipped_does_not_wipe_its_month(db, tmp_path, capsys) -> None:
    only = tmp_path / "2021-08-one.csv"
    only.write_text(f"{POLICE_HEADER}\n{police_row(month='2021-08', lsoa='', lsoa_name='')}\n")
    code, _, err = run(capsys, "db", "import", db, "police-uk", only)
    assert code == 65 and "blank LSOA code" in err
    assert month_rows(db) == {"2021-08": 2271}


def test_a_month_of_only_rejected_rows_is_refused_even_without_strict(db, tmp_path, capsys) -> None:
    bad = tmp_path / "2021-08-bad.csv"
    bad.write_text(f"{POLICE_HEADER}\n{police_row(month='2021-08', crime_type='')}\n")
    code, _, err = run(capsys, "db", "import", db, "police-uk", bad)
    assert code == 65 and "1 rejected" in err
    assert month_rows(db) == {"2021-08": 2271}


def kind_files(tmp_path: Path) -> dict[str, Path]:
    incidents = tmp_path / "asb.csv"
    incidents.write_text(
        "id,occurred,category,area,lsoa_code\nA1,2021-08-03,Begging,stockton-town-centre,\nA2,2021-08-04,Begging,,E01012262\n"
    )
    breaches = tmp_path / "breaches.csv"
    breaches.write_text(
        "id,pspo,occurred,area,location,prohibition,outcome\n"
        "B1,PSPO-2024-TC,2024-05-01,stockton-town-centre,High Street,Aggressive begging,advice\n"
    )
    return {
        "ons-wards": LOOKUP,
        "areas": SAMPLE / "areas.csv",
        "area-lsoas": SAMPLE / "area_lsoas.csv",
        "police-uk": POLICE_FILE,
        "incidents": incidents,
        "closure-orders": SAMPLE / "closure_orders.csv",
        "pspos": SAMPLE / "pspos.csv",
        "pspo-breaches": breaches,
    }


EXPECTED_CHANGE = {
    "ons-wards": "areas: 29 rows → 29 (0 new, 26 updated)",
    "areas": "areas: 29 rows → 29 (0 new, 3 updated)",
    "area-lsoas": "area_lsoas: 128 LSOAs → 128 (0 new, 8 updated)",
    "police-uk": "2021-08 Cleveland Police: 2,271 rows → 2,271",
    "incidents": "incidents from council-asb: 0 rows → 2 (2 new, 0 updated)",
    "closure-orders": "closure_orders: 0 rows → 12 (12 new, 0 updated, 0 unchanged)",
    "pspos": "pspos: 4 rows → 4 (0 new, 0 updated, 4 unchanged)",
    "pspo-breaches": "pspo_breaches: 0 rows → 1 (1 new, 0 updated, 0 unchanged)",
}


@pytest.mark.slow
def test_dry_run_shows_the_change_for_every_kind_and_leaves_the_file_byte_for_byte(
    db, tmp_path, capsys
) -> None:
    files = kind_files(tmp_path)
    for kind in ("areas", "area-lsoas", "pspos"):
        assert main(["db", "import", str(db), kind, str(files[kind])]) == 0
    capsys.readouterr()
    before = digest(db)
    listing = sorted(p.name for p in db.parent.iterdir())
    for kind, path in files.items():
        extra = ["--source", "council-asb"] if kind == "incidents" else []
        code, out, _ = run(capsys, "db", "import", db, kind, path, "--dry-run", *extra)
        assert code == 0, out
        assert "Would change:" in out and EXPECTED_CHANGE[kind] in out, out
        assert f"Dry run: {db} was not changed" in out
        assert digest(db) == before
        assert sorted(p.name for p in db.parent.iterdir()) == listing


@pytest.mark.slow
def test_dry_run_of_a_shrink_reports_the_refusal_and_changes_nothing(db, tmp_path, capsys) -> None:
    partial = write_rows(tmp_path / "2021-08-ten.csv", real_rows(stockton, 10))
    before = digest(db)
    code, out, err = run(capsys, "db", "import", db, "police-uk", partial, "--dry-run")
    assert code == 65 and "2,271 rows → 10" in out + err
    assert digest(db) == before
    con = open_database(db)
    try:
        assert scalar(con, "SELECT count(*) FROM incidents") == 2271
    finally:
        con.close()
