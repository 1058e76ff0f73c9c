"""Creating databases and every way opening one can fail, as the user sees it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from psg_tui.cli import main
from psg_tui.core.database import REQUIRED_TABLES, SCHEMA_VERSION, init_db, open_database, schema_objects
from psg_tui.core.errors import DataError, LockedError, MissingInputError, OutputError


def test_init_creates_every_table_and_the_schema_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.duckdb"
    assert main(["db", "init", str(db)]) == 0
    said = capsys.readouterr().out
    assert f"schema version {SCHEMA_VERSION}, with the tables meta, areas," in said
    tables, views = schema_objects()
    assert set(REQUIRED_TABLES) == set(tables) and all(f" {t}," in said or f" {t} " in said for t in tables)
    assert "area_within" in views and all(v in said for v in views)
    con = open_database(db)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert set(REQUIRED_TABLES) <= tables
    assert {"area_incidents", "area_within"} <= tables  # the views
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchall() == [
        (str(SCHEMA_VERSION),)
    ]
    con.close()


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "x.duckdb"
    db.write_bytes(b"precious")
    assert main(["db", "init", str(db)]) == OutputError.exit_code
    assert db.read_bytes() == b"precious"
    assert "already exists" in capsys.readouterr().err


def test_init_into_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "init", str(tmp_path / "nope" / "x.duckdb")]) == OutputError.exit_code
    assert "does not exist" in capsys.readouterr().err


def test_missing_database(tmp_path: Path) -> None:
    with pytest.raises(MissingInputError, match="There is no database") as info:
        open_database(tmp_path / "missing.duckdb")
    assert "psg db init" in (info.value.hint or "")


def test_not_a_duckdb_file(tmp_path: Path) -> None:
    bogus = tmp_path / "minutes.duckdb"
    bogus.write_text("format = 'psg-minutes'\n" * 200)
    with pytest.raises(DataError, match="not a DuckDB database"):
        open_database(bogus)


def test_duckdb_but_not_psg(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(DataError, match="not a psg-tui one"):
        open_database(other)


@pytest.mark.parametrize(
    ("version", "advice"),
    [(str(SCHEMA_VERSION + 1), "Upgrade psg-tui"), ("1", "psg db upgrade"), ("0", "Rebuild it")],
)
def test_other_schema_version(mini_db: Path, version: str, advice: str) -> None:
    con = duckdb.connect(str(mini_db))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])
    con.close()
    with pytest.raises(DataError, match=f"schema version {version}") as info:
        open_database(mini_db)
    assert advice in (info.value.hint or "")


def test_missing_tables(mini_db: Path) -> None:
    con = duckdb.connect(str(mini_db))
    con.execute("DROP TABLE pspo_breaches")
    con.close()
    with pytest.raises(DataError, match="missing the table\\(s\\): pspo_breaches"):
        open_database(mini_db)


def test_locked_by_a_writer(mini_db: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(mini_db)!r})
            print('locked', flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError, match="locked by a program writing to it") as info:
            open_database(mini_db)
        assert str(holder.pid) in info.value.message
    finally:
        holder.communicate("")


def test_readers_share_the_file(mini_db: Path) -> None:
    first = open_database(mini_db)
    second = open_database(mini_db)
    assert (
        first.execute("SELECT count(*) FROM areas").fetchall()
        == second.execute("SELECT count(*) FROM areas").fetchall()
    )
    with pytest.raises(duckdb.Error):
        first.execute("DELETE FROM areas")  # read-only: the dashboard can never change the data
    first.close()
    second.close()


@pytest.mark.parametrize(
    ("make", "expected_code", "message"),
    [
        (lambda p: None, 66, "There is no database"),
        (lambda p: p.write_text("hello" * 100), 65, "not a DuckDB database"),
    ],
)
def test_open_command_reports_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, expected_code: int, message: str
) -> None:
    db = tmp_path / "x.duckdb"
    make(db)
    assert main(["open", str(db)]) == expected_code
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_open_in_a_real_process_gives_exit_code_and_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "psg_tui", "open", str(tmp_path / "absent.duckdb")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 66
    assert "There is no database" in result.stderr
    assert "Traceback" not in result.stderr


def _sqlite(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()


def _zip(path: Path, member: str = "2021-08-cleveland-street.csv") -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "Crime ID,Month\n")


@pytest.mark.parametrize(
    ("make", "what", "advice"),
    [
        (lambda p: p.write_bytes(b""), "is empty (0 bytes)", "copy the database again"),
        (lambda p: p.write_text("Crime ID,Month\n1,2021-08\n"), "is a CSV (text) file", "psg db import"),
        (lambda p: p.write_text("a,b\n"), "is a CSV (text) file", "psg db import"),  # DuckDB: "Catalog Error"
        (lambda p: p.write_text("Just some notes.\n"), "is a text file", "Check the path"),
        (
            lambda p: p.write_text('format = "psg-minutes"\nversion = 1\n'),
            "is a meeting's minutes file (TOML)",
            "--minutes",
        ),
        (_sqlite, "is a SQLite database", "Export the tables"),
        (_zip, "is a zip archive", "Unzip it first"),
        (lambda p: _zip(p, "xl/workbook.xml"), "is an Excel workbook", "Save the sheet as CSV"),
        (lambda p: p.write_bytes(b"PAR1" + bytes(100)), "is a Parquet file", "psg db import DB incidents"),
        (lambda p: p.write_bytes(b"\x1f\x8b\x08" + bytes(50)), "is a gzip-compressed file", "Decompress"),
        (
            lambda p: p.write_bytes(bytes(range(256)) * 4),
            "is a file psg-tui does not recognise",
            "Check the path",
        ),
    ],
)
def test_open_says_what_a_non_duckdb_file_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make, what: str, advice: str
) -> None:
    db = tmp_path / "meeting.duckdb"
    make(db)
    assert main(["open", str(db)]) == DataError.exit_code
    err = capsys.readouterr().err
    assert f"{db} {what}, not a DuckDB database." in err and advice in err, err
    assert "Catalog Error" not in err and "Traceback" not in err


def _cut(source: Path, target: Path, size: int) -> Path:
    target.write_bytes(source.read_bytes()[:size])
    return target


@pytest.mark.parametrize("fraction", [0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9])
def test_a_truncated_database_is_reported_not_a_traceback(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], fraction: float
) -> None:
    """A copy or download cut short: every reader says so, exit 65, whatever point it stops at."""
    from psg_tui.app import make_app

    db = _cut(sample_db, tmp_path / "cut.duckdb", int(sample_db.stat().st_size * fraction))
    for command in (["query", str(db), "overview"], ["query", str(db), "months"], ["db", "check", str(db)]):
        assert main(command) == DataError.exit_code, command
        err = capsys.readouterr().err
        assert "is a DuckDB database but it is cut short" in err and "Copy it again" in err, err
    with pytest.raises(DataError, match="cut short"):
        make_app(db)  # what `psg open` runs before the dashboard starts


def test_a_damaged_database_is_reported_by_every_reader(
    sample_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Blocks overwritten in the middle: the file is whole, its checksums are not."""
    data = bytearray(sample_db.read_bytes())
    data[len(data) // 4 : len(data) * 3 // 4] = b"\xff" * (len(data) * 3 // 4 - len(data) // 4)
    db = tmp_path / "damaged.duckdb"
    db.write_bytes(bytes(data))
    for command in (["query", str(db), "overview"], ["query", str(db), "months"], ["db", "check", str(db)]):
        assert main(command) == DataError.exit_code, command
        err = capsys.readouterr().err
        assert "is a DuckDB database but it is damaged" in err and "Traceback" not in err, err


# area_incidents as versions 1 and 2 defined it (before lsoa_places).
AREA_INCIDENTS_V2 = """
CREATE OR REPLACE VIEW area_incidents AS
    SELECT al.area_id, i.* EXCLUDE (area_id)
    FROM incidents i JOIN area_lsoas al ON al.lsoa_code = i.lsoa_code
    UNION ALL
    SELECT w.within_id AS area_id, i.* EXCLUDE (area_id)
    FROM incidents i JOIN area_within w ON w.area_id = i.area_id
    WHERE i.lsoa_code IS NULL OR i.lsoa_code NOT IN (SELECT lsoa_code FROM area_lsoas)
"""


def _as_version(db: Path, version: int) -> None:
    """A database as `psg db init` of that version made it (from a current one)."""
    con = duckdb.connect(str(db))
    con.execute("DROP VIEW crime_outcomes")
    if version == 3:
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
        con.close()
        return
    con.execute(AREA_INCIDENTS_V2)
    con.execute(
        "DROP TABLE outcomes; DROP TABLE stop_searches; DROP TABLE incident_counts; DROP TABLE lsoa_places"
    )
    if version == 1:
        con.execute("DROP TABLE operations; DROP TABLE interventions; DROP TABLE population; DROP TABLE imd")
        con.execute("DROP VIEW area_population; DROP VIEW area_deprivation; DROP VIEW area_lsoa_parts")
        con.execute("DROP TABLE lsoa_changes; DROP TABLE survey")
    con.execute("UPDATE meta SET value = $v WHERE key = 'schema_version'", {"v": str(version)})
    con.execute("INSERT INTO areas VALUES ('x', 'X ward', 'ward', NULL, NULL, [])")
    con.close()


def test_upgrade_adds_the_new_tables_and_keeps_every_row(tmp_path: Path, capsys) -> None:
    from psg_tui.cli import main

    db = tmp_path / "old.duckdb"
    init_db(db)
    _as_version(db, 1)
    assert main(["db", "upgrade", str(db)]) == 0
    assert (
        "from schema version 1 to 4: added the table(s) operations, interventions, population, imd, lsoa_changes,"
        " survey, area_lsoa_parts, area_population, area_deprivation, outcomes, stop_searches, incident_counts,"
        " lsoa_places, crime_outcomes" in capsys.readouterr().out
    )
    con = open_database(db)
    assert con.execute("SELECT id FROM areas").fetchall() == [("x",)]
    assert con.execute("SELECT count(*) FROM operations").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM area_population").fetchone() == (0,)
    con.close()
    assert main(["db", "upgrade", str(db)]) == 0
    assert "already at schema version 4" in capsys.readouterr().out
    assert not [p for p in tmp_path.iterdir() if ".import-" in p.name]


def test_upgrade_from_2_places_older_codes_through_the_lookup(tmp_path: Path, capsys) -> None:
    """Version 3 re-creates area_incidents so a 2021-coded incident finds its 2011-coded area."""
    from psg_tui.cli import main

    db = tmp_path / "v2.duckdb"
    init_db(db)
    _as_version(db, 2)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO area_lsoas VALUES ('x', 'E01000001', NULL)")
    con.execute("INSERT INTO lsoa_changes VALUES ('E01000001', NULL, 'E01099991', NULL, 'S')")
    con.execute(
        "INSERT INTO incidents (id, source, batch, month, occurred, precision, category, lsoa_code)"
        " VALUES ('a', 's', 'b', DATE '2024-01-01', TIMESTAMP '2024-01-01', 'month', 'Drugs', 'E01099991')"
    )
    assert con.execute("SELECT count(*) FROM area_incidents").fetchone() == (0,)
    con.close()
    assert main(["db", "upgrade", str(db)]) == 0
    assert "from schema version 2 to 4" in capsys.readouterr().out
    con = open_database(db)
    assert con.execute("SELECT area_id, id FROM area_incidents").fetchall() == [("x", "a")]
    con.close()


def test_upgrade_from_3_adds_each_crimes_latest_outcome(tmp_path: Path, capsys) -> None:
    from psg_tui.cli import main

    db = tmp_path / "v3.duckdb"
    init_db(db)
    _as_version(db, 3)
    con = duckdb.connect(str(db))
    con.execute(
        "INSERT INTO outcomes (crime_id, month, force, batch, outcome)"
        " VALUES ('c', DATE '2024-02-01', 'F', 'b', 'Suspect charged')"
    )
    con.close()
    assert main(["db", "upgrade", str(db)]) == 0
    assert "from schema version 3 to 4: added the table(s) crime_outcomes" in capsys.readouterr().out
    con = open_database(db)
    assert con.execute("SELECT crime_id, outcome FROM crime_outcomes").fetchall() == [
        ("c", "Suspect charged")
    ]
    con.close()


def test_upgrade_refuses_a_newer_database_and_changes_nothing(tmp_path: Path, capsys) -> None:
    from psg_tui.cli import main

    db = tmp_path / "new.duckdb"
    init_db(db)
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    con.close()
    before = db.read_bytes()
    assert main(["db", "upgrade", str(db)]) == 65
    assert "Upgrade psg-tui" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_a_reader_that_goes_away_stops_psg_quietly(sample_db: Path, tmp_path: Path) -> None:
    """`psg query ... | head -1`: a closed pipe ends psg with SIGPIPE's status, not a traceback."""
    import os
    import subprocess
    import sys

    (tmp_path / "many.sql").write_text(
        "-- title: Many rows\n-- scope: database\nSELECT range AS n, 'row ' || range AS label FROM range(200000)\n"
    )
    command = [sys.executable, "-m", "psg_tui", "query", str(sample_db), "many", "--format", "csv"]
    done = subprocess.run(
        f"{subprocess.list2cmdline(command)} | head -1; echo status=${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        env={**os.environ, "PSG_QUERIES_DIR": str(tmp_path)},
    )
    assert done.stdout.startswith("n,label\n"), done.stdout
    assert "status=141" in done.stdout, done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    "made_by_hand, said",
    [
        (
            "CREATE TABLE outcomes (note VARCHAR); INSERT INTO outcomes VALUES ('mine')",
            "a table named outcomes",
        ),
        ("CREATE VIEW Stop_Searches AS SELECT 1 AS n", "a view named Stop_Searches"),
        ("DROP VIEW area_incidents; CREATE TABLE area_incidents (n INT)", "a table named area_incidents"),
    ],
)
def test_upgrade_refuses_a_name_already_taken_and_changes_nothing(
    tmp_path: Path, capsys, made_by_hand: str, said: str
) -> None:
    from psg_tui.cli import main

    db = tmp_path / "v2.duckdb"
    init_db(db)
    _as_version(db, 2)
    con = duckdb.connect(str(db))
    con.execute(made_by_hand)
    con.close()
    before = db.read_bytes()
    assert main(["db", "upgrade", str(db)]) == 65
    err = capsys.readouterr().err
    assert "cannot be upgraded" in err and said in err and "Nothing was changed" in err
    assert "Traceback" not in err
    assert db.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if ".import-" in p.name]


def test_the_readmes_data_contract_names_the_schema_version_and_every_table() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The data contract", 1)[1].split("\n## ", 1)[0]
    first = section.split("\n\n")[1]  # the paragraph on `psg db init`
    assert f"creates schema version {SCHEMA_VERSION}" in first
    tables, views = schema_objects()
    assert [name for name in [*tables, *views] if f"`{name}`" not in first] == []
