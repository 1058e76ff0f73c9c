"""`psg db import` builds into a copy and swaps it in: readers keep working, failures change nothing."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from psg_tui.core.database import init_db, open_database
from psg_tui.core.errors import DataError, LockedError
from psg_tui.importing import ImportRejected, import_into_database, rejects_path
from tests.importing.conftest import LOOKUP, POLICE_FILE, POLICE_HEADER, police_row, scalar


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "meeting.duckdb"
    init_db(path)
    import_into_database(path, "ons-wards", [LOOKUP])
    return path


def count_incidents(path: Path) -> int:
    con = open_database(path)
    try:
        return scalar(con, "SELECT count(*) FROM incidents")
    finally:
        con.close()


def test_import_swaps_in_a_complete_database_and_leaves_nothing_behind(db: Path) -> None:
    summaries = import_into_database(db, "police-uk", [POLICE_FILE])
    assert summaries[0].stored == 2271
    assert count_incidents(db) == 2271
    leftovers = sorted(
        p.name for p in db.parent.iterdir() if p.name not in {db.name, ".meeting.duckdb.write-lock"}
    )
    assert leftovers == []


def test_a_reader_keeps_working_and_sees_the_new_rows_after_reconnecting(db: Path) -> None:
    reader = open_database(db, read_only=True)
    assert scalar(reader, "SELECT count(*) FROM incidents") == 0
    import_into_database(db, "police-uk", [POLICE_FILE])
    assert scalar(reader, "SELECT count(*) FROM incidents") == 0  # still the old file, still readable
    reader.close()
    reader = open_database(db, read_only=True)
    assert scalar(reader, "SELECT count(*) FROM incidents") == 2271
    reader.close()


@pytest.mark.slow
def test_a_reader_in_another_process_is_not_blocked(db: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, duckdb
        con = duckdb.connect({str(db)!r}, read_only=True)
        print(con.execute("SELECT count(*) FROM incidents").fetchall()[0][0], flush=True)
        sys.stdin.readline()
        print(con.execute("SELECT count(*) FROM incidents").fetchall()[0][0], flush=True)
        con.close()
        con = duckdb.connect({str(db)!r}, read_only=True)
        print(con.execute("SELECT count(*) FROM incidents").fetchall()[0][0], flush=True)
        """
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert reader.stdout.readline().strip() == "0"
        import_into_database(db, "police-uk", [POLICE_FILE])
        out, _ = reader.communicate("go\n", timeout=60)
    finally:
        reader.kill()
    assert out.split() == ["0", "2271"]


def test_a_writer_holding_the_database_is_reported(db: Path) -> None:
    script = f"import duckdb, sys\ncon = duckdb.connect({str(db)!r})\nprint('open', flush=True)\nsys.stdin.readline()"
    writer = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        with pytest.raises(LockedError, match="locked"):
            import_into_database(db, "police-uk", [POLICE_FILE])
    finally:
        writer.communicate("\n", timeout=60)
    assert count_incidents(db) == 0


@pytest.mark.slow
def test_strict_rejects_leave_the_database_unchanged_and_list_every_reject(db: Path, tmp_path: Path) -> None:
    import_into_database(db, "police-uk", [POLICE_FILE])
    before = digest(db)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join([POLICE_HEADER, police_row(), police_row(month="2021-13"), police_row(lat="x")]) + "\n"
    )
    with pytest.raises(ImportRejected):
        import_into_database(db, "police-uk", [bad], strict=True)
    assert digest(db) == before
    with rejects_path(db, "police-uk").open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["file", "row", "column", "reason", *POLICE_HEADER.split(",")]  # then the row's values
    assert [(r[1], r[2]) for r in rows[1:]] == [("2", "Month"), ("3", "Latitude")]


def test_a_refused_file_leaves_the_database_unchanged(db: Path, tmp_path: Path) -> None:
    before = digest(db)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,name\n1,x\n")
    with pytest.raises(DataError):
        import_into_database(db, "police-uk", [POLICE_FILE, wrong])
    assert digest(db) == before
    assert not list(db.parent.glob(".meeting.duckdb.import-*.tmp*"))


@pytest.mark.slow
def test_the_rejects_file_is_replaced_each_run(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([POLICE_HEADER, police_row(), police_row(month="2021-13")]) + "\n")
    import_into_database(db, "police-uk", [bad])
    assert rejects_path(db, "police-uk") == tmp_path / "meeting-rejects-police-uk.csv"
    assert rejects_path(db, "police-uk").exists()
    import_into_database(db, "police-uk", [POLICE_FILE])
    assert not rejects_path(db, "police-uk").exists()


@pytest.mark.slow
def test_a_write_ahead_log_is_folded_in_and_removed(db: Path) -> None:
    script = (
        f"import duckdb, os\ncon = duckdb.connect({str(db)!r})\ncon.execute('SET checkpoint_threshold=\\'1GB\\'')\n"
        "con.execute(\"INSERT INTO meta VALUES ('note', 'from the log')\")\nos._exit(0)"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
    wal = db.with_name(db.name + ".wal")
    assert wal.exists()
    import_into_database(db, "police-uk", [POLICE_FILE])
    assert not wal.exists()
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert scalar(con, "SELECT value FROM meta WHERE key = 'note'") == "from the log"
        assert scalar(con, "SELECT count(*) FROM incidents") == 2271
    finally:
        con.close()


def test_stale_copies_of_a_killed_import_are_cleaned_up(db: Path) -> None:
    stale = db.with_name(f".{db.name}.import-999999999.tmp")
    stale.write_bytes(b"half an import")
    import_into_database(db, "police-uk", [POLICE_FILE])
    assert not stale.exists()
