"""incident_counts, kept in step by the imports: after every import it equals area_incidents
counted per area, month, category and source (the rows the count panels read)."""

from __future__ import annotations

import duckdb
import pytest

from psg_tui.importing import import_files
from tests.importing.conftest import POLICE_FILE, POLICE_HEADER, police_row, scalar

HEADER = "id,occurred,category,area,lsoa_code,location,latitude,longitude,outcome,operation"
COUNTED = (
    "SELECT area_id, month, category, source, count(*) AS incidents FROM area_incidents"
    " GROUP BY area_id, month, category, source"
)


def differences(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Rows incident_counts holds that the raw rows do not give, and the reverse ([] when in step)."""
    return con.execute(
        f"(SELECT 'kept', * FROM incident_counts EXCEPT ALL SELECT 'kept', * FROM ({COUNTED}))"
        f" UNION ALL (SELECT 'raw', * FROM ({COUNTED}) EXCEPT ALL SELECT 'raw', * FROM incident_counts)"
        " ORDER BY ALL"
    ).fetchall()


def test_a_police_month_and_its_reimport_with_fewer_rows_are_counted(stockton, write) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    assert scalar(stockton, "SELECT sum(incidents) FROM incident_counts") >= 2271  # hotspots count again
    assert differences(stockton) == []
    smaller = write("2021-08-cleveland-street.csv", f"{POLICE_HEADER}\n{police_row(month='2021-08')}\n")
    import_files(stockton, "police-uk", [smaller], replace=True)
    assert differences(stockton) == []
    assert scalar(stockton, "SELECT count(DISTINCT month) FROM incident_counts") == 1


def test_an_extract_row_moved_to_another_month_leaves_its_old_month(stockton, write) -> None:
    first = write(
        "asb.csv", f"{HEADER}\nA1,2026-09-03,Begging,,E01012262,,,,,\nA2,2026-09-04,Begging,,E01012262,,,,,\n"
    )
    import_files(stockton, "incidents", [first], source="council-asb")
    moved = write("asb2.csv", f"{HEADER}\nA1,2026-10-01,Begging,,E01012262,,,,,\n")
    import_files(stockton, "incidents", [moved], source="council-asb")
    assert differences(stockton) == []
    assert scalar(
        stockton,
        "SELECT list(strftime(month, '%Y-%m') || '=' || incidents ORDER BY month) FROM incident_counts"
        " WHERE area_id = 'stockton-town-centre'",
    ) == ["2026-09=1", "2026-10=1"]


def test_a_change_of_places_recounts_every_month(stockton, write) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    import_files(stockton, "areas", [write("areas.csv", "id,name,kind\nhigh-street,High Street,hotspot\n")])
    import_files(stockton, "area-lsoas", [write("al.csv", "area_id,lsoa_code\nhigh-street,E01012262\n")])
    assert scalar(stockton, "SELECT sum(incidents) FROM incident_counts WHERE area_id = 'high-street'") > 0
    assert differences(stockton) == []


def test_files_committed_in_groups_are_each_counted(stockton, write, monkeypatch) -> None:
    monkeypatch.setattr("psg_tui.importing.pipeline.COMMIT_ROWS", 1)
    files = [
        write(f"2021-{m:02d}.csv", f"{POLICE_HEADER}\n{police_row(month=f'2021-{m:02d}')}\n")
        for m in (9, 10, 11)
    ]
    import_files(stockton, "police-uk", files)
    assert differences(stockton) == []
    assert scalar(stockton, "SELECT count(DISTINCT month) FROM incident_counts") == 3


def test_the_sample_holds_its_counts(sample_db) -> None:
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        assert scalar(con, "SELECT count(*) FROM incident_counts") > 0
        assert differences(con) == []
    finally:
        con.close()


@pytest.mark.slow
def test_counts_changed_by_hand_are_caught_by_check_and_put_right_by_rebuild(tmp_path, capsys) -> None:
    from psg_tui.cli import main
    from psg_tui.core.database import init_db
    from tests.importing.conftest import LOOKUP

    db = tmp_path / "hand.duckdb"
    init_db(db)
    assert main(["db", "import", str(db), "ons-wards", str(LOOKUP)]) == 0
    assert main(["db", "import", str(db), "police-uk", str(POLICE_FILE)]) == 0
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM incidents WHERE category = 'Anti-social behaviour'")
    con.execute(
        "INSERT INTO incident_counts VALUES ('stockton-town-centre', DATE '2019-03-01', 'Robbery', 'x', 1)"
    )
    con.close()
    capsys.readouterr()
    assert main(["db", "check", str(db)]) == 65
    out = capsys.readouterr().out
    assert "incident_counts is out of step with the incidents in 2019-03, 2021-08" in out
    assert "psg db rebuild DB" in out
    assert main(["db", "rebuild", str(db)]) == 0
    capsys.readouterr()
    main(["db", "check", str(db)])
    assert "incident_counts is out of step" not in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert differences(con) == []
    finally:
        con.close()
