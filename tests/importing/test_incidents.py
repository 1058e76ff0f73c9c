"""Local incident extracts: dates of two precisions, upserts by (source, id), column maps, Parquet."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from psg_tui.core.errors import UsageError
from psg_tui.importing import import_files
from tests.importing.conftest import scalar, table

HEADER = "id,occurred,category,area,lsoa_code,location,latitude,longitude,outcome,operation"


def test_day_and_minute_dates_and_placement(stockton, write) -> None:
    path = write(
        "asb.csv",
        f"{HEADER}\n"
        "A1,2026-10-01,Street drinking,stockton-town-centre,,High Street,54.565,-1.316,Advice given,Operation Shield\n"
        "A2,2026-10-02 21:15,Begging,,E01012262,High Street,,,,\n"
        "A3,2026-10-03T07:05:09,Begging,,E01012262,,,,,\n"
        "A4,04/10/2026,Fly-tipping,,E01012264,,,,,\n",
    )
    [summary] = import_files(stockton, "incidents", [path], source="council-asb")
    assert (summary.stored, summary.rejects) == (4, [])
    assert table(
        stockton,
        "SELECT id, source, source_ref, batch, occurred, precision, month, area_id, lsoa_code "
        "FROM incidents ORDER BY id",
    ) == [
        (
            "council-asb:A1",
            "council-asb",
            "A1",
            "council-asb",
            dt.datetime(2026, 10, 1),
            "day",
            dt.date(2026, 10, 1),
            "stockton-town-centre",
            None,
        ),
        (
            "council-asb:A2",
            "council-asb",
            "A2",
            "council-asb",
            dt.datetime(2026, 10, 2, 21, 15),
            "minute",
            dt.date(2026, 10, 1),
            "stockton-town-centre",
            "E01012262",
        ),
        (
            "council-asb:A3",
            "council-asb",
            "A3",
            "council-asb",
            dt.datetime(2026, 10, 3, 7, 5, 9),
            "minute",
            dt.date(2026, 10, 1),
            "stockton-town-centre",
            "E01012262",
        ),
        (
            "council-asb:A4",
            "council-asb",
            "A4",
            "council-asb",
            dt.datetime(2026, 10, 4),
            "day",
            dt.date(2026, 10, 1),
            "parkfield-and-oxbridge",
            "E01012264",
        ),
    ]
    assert table(stockton, "SELECT outcome, operation FROM incidents WHERE source_ref = 'A1'") == [
        ("Advice given", "Operation Shield")
    ]
    assert scalar(stockton, "SELECT count(*) FROM area_incidents WHERE area_id = 'stockton-town-centre'") == 3


def test_reimport_upserts_by_source_and_id(stockton, write) -> None:
    first = write(
        "a.csv",
        f"{HEADER},source\n1,2026-10-01,Begging,stockton-town-centre,,,,,,,council-asb\n"
        "1,2026-10-01,Begging,stockton-town-centre,,,,,,,housing\n",
    )
    import_files(stockton, "incidents", [first])
    second = write(
        "b.csv",
        f"{HEADER},source\n1,2026-10-05,Street drinking,stockton-town-centre,,,,,,,council-asb\n"
        "2,2026-10-06,Begging,stockton-town-centre,,,,,,,council-asb\n",
    )
    import_files(stockton, "incidents", [second])
    import_files(stockton, "incidents", [second])
    assert table(stockton, "SELECT id, category, occurred::DATE FROM incidents ORDER BY id") == [
        ("council-asb:1", "Street drinking", dt.date(2026, 10, 5)),
        ("council-asb:2", "Begging", dt.date(2026, 10, 6)),
        ("housing:1", "Begging", dt.date(2026, 10, 1)),
    ]


def test_bad_rows_are_rejected_with_reasons(stockton, write) -> None:
    path = write(
        "bad.csv",
        f"{HEADER}\n"
        "1,2026-10-01,Begging,stockton-town-centre,,,,,,\n"
        "2,2026-10-32,Begging,stockton-town-centre,,,,,,\n"
        "3,October,Begging,stockton-town-centre,,,,,,\n"
        "4,2026-10-01,,stockton-town-centre,,,,,,\n"
        "5,2026-10-01,Begging,,,,,,,\n"
        "6,2026-10-01,Begging,mars,,,,,,\n"
        "7,2026-10-01,Begging,,E0101,,,,,\n"
        "8,2026-10-01,Begging,,E01012262,,54.5,,,\n"
        ",2026-10-01,Begging,stockton-town-centre,,,,,,\n"
        "1,2026-10-02,Begging,stockton-town-centre,,,,,,\n"
        "11,2026-10-01,Begging,,E01011954,,,,,\n",
    )
    [summary] = import_files(stockton, "incidents", [path], source="council-asb")
    got = [(r.row, r.column, r.reason) for r in summary.rejects]
    assert [(row, column) for row, column, _ in got] == [
        (2, "occurred"),
        (3, "occurred"),
        (4, "category"),
        (5, "lsoa_code"),
        (6, "area"),
        (7, "lsoa_code"),
        (8, "latitude"),
        (9, "id"),
        (10, "id"),
    ]
    assert "'2026-10-32' is not YYYY-MM-DD" in got[0][2]
    assert got[3][2] == "give an LSOA code or an area"
    assert got[4][2] == "unknown area 'mars'"
    assert "first on row 1" in got[8][2]
    assert summary.skipped_reasons == {"LSOA not in any area of this database": 1}
    assert (summary.read, summary.stored) == (11, 1)


def test_a_source_is_required(stockton, write) -> None:
    path = write("a.csv", f"{HEADER}\n1,2026-10-01,Begging,stockton-town-centre,,,,,,\n")
    with pytest.raises(UsageError, match="no source column"):
        import_files(stockton, "incidents", [path])
    with pytest.raises(UsageError, match="reserved"):
        import_files(stockton, "incidents", [path], source="police-uk")
    with pytest.raises(UsageError, match="only to incidents"):
        import_files(stockton, "areas", [path], source="x")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("map.toml", 'id = "Ref"\noccurred = "Date Reported"\ncategory = "Type"\narea = "Area"\n'),
        ("map.csv", "canonical,theirs\nid,Ref\noccurred,Date Reported\ncategory,Type\narea,Area\n"),
    ],
)
def test_a_column_map_reads_other_headers(stockton, write, name, text) -> None:
    from psg_tui.importing.reading import load_column_map

    column_map = load_column_map(write(name, text))
    path = write(
        "theirs.csv", "Ref,Date Reported,Type,Area,Notes\nH-9,2026-10-01,Noise,stockton-town-centre,x\n"
    )
    [summary] = import_files(stockton, "incidents", [path], source="housing", column_map=column_map)
    assert summary.stored == 1
    assert "columns not used: Notes" in summary.warnings
    assert table(stockton, "SELECT id, category FROM incidents") == [("housing:H-9", "Noise")]


def test_a_column_map_naming_a_missing_column_is_refused(stockton, write) -> None:
    from psg_tui.core.errors import DataError

    path = write("theirs.csv", "Ref,When,Type,Area\n")
    with pytest.raises(DataError, match="no column 'Date'"):
        import_files(stockton, "incidents", [path], source="x", column_map={"id": "Ref", "occurred": "Date"})
    with pytest.raises(UsageError, match="colour"):
        import_files(stockton, "incidents", [path], source="x", column_map={"colour": "Ref"})


def test_parquet_extracts_are_read_with_their_types(stockton, tmp_path) -> None:
    path = tmp_path / "extract.parquet"
    duckdb.execute(
        "COPY (SELECT * FROM (VALUES ('P1', TIMESTAMP '2026-10-01 10:30:00', 'Begging', 'stockton-town-centre'),"
        " ('P2', NULL, 'Begging', 'stockton-town-centre')) t(id, occurred, category, area)) TO "
        f"'{path}' (FORMAT parquet)"
    )
    [summary] = import_files(stockton, "incidents", [path], source="partner-log")
    assert summary.stored == 1
    assert [(r.row, r.column) for r in summary.rejects] == [(2, "occurred")]
    assert table(stockton, "SELECT occurred, precision FROM incidents") == [
        (dt.datetime(2026, 10, 1, 10, 30), "minute")
    ]
