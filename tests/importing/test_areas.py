"""Wards from the ONS lookup; hotspots and custom areas from the analyst's CSVs."""

from __future__ import annotations

import pytest

from psg_tui.core.errors import DataError
from psg_tui.importing import ImportRejected, import_files
from tests.importing.conftest import LOOKUP, lookup_rows, scalar, slug, table


def test_ons_lookup_makes_one_ward_area_per_ward_with_its_lsoas(con) -> None:
    [summary] = import_files(con, "ons-wards", [LOOKUP])
    assert (summary.read, summary.stored, summary.rejects) == (120, 120, [])
    rows = lookup_rows()
    expected = {(slug(r["WD19NM"]), r["WD19NM"], r["WD19CD"]) for r in rows}
    assert set(table(con, "SELECT id, name, ward_code FROM areas")) == expected
    assert len(expected) == 26
    assert table(con, "SELECT DISTINCT kind, phase, operations FROM areas") == [("ward", None, [])]
    assert set(table(con, "SELECT area_id, lsoa_code, lsoa_name FROM area_lsoas")) == {
        (slug(r["WD19NM"]), r["LSOA11CD"], r["LSOA11NM"]) for r in rows
    }


def test_ward_ids_are_slugs_of_their_names(con) -> None:
    import_files(con, "ons-wards", [LOOKUP])
    ids = {r[0] for r in table(con, "SELECT id FROM areas")}
    assert {"stockton-town-centre", "parkfield-and-oxbridge", "mandale-and-victoria"} <= ids


def test_reimporting_the_lookup_replaces_lsoa_lists_without_duplicates(con, write) -> None:
    import_files(con, "ons-wards", [LOOKUP])
    con.execute("UPDATE areas SET phase = 'hold' WHERE id = 'stockton-town-centre'")
    smaller = write(
        "lookup.csv",
        "LSOA11CD,LSOA11NM,WD19CD,WD19NM\nE01012262,Stockton-on-Tees 014A,E05001549,Stockton Town Centre\n",
    )
    import_files(con, "ons-wards", [LOOKUP])
    assert scalar(con, "SELECT count(*) FROM area_lsoas") == 120
    with pytest.raises(ImportRejected, match="stockton-town-centre: 3 LSOAs → 1"):
        import_files(con, "ons-wards", [smaller])  # a ward losing most of its LSOAs needs --replace
    import_files(con, "ons-wards", [smaller], replace=True)
    assert table(con, "SELECT lsoa_code FROM area_lsoas WHERE area_id = 'stockton-town-centre'") == [
        ("E01012262",)
    ]
    assert scalar(con, "SELECT count(*) FROM areas") == 26
    assert scalar(con, "SELECT phase FROM areas WHERE id = 'stockton-town-centre'") == "hold"


def test_other_years_columns_are_detected_from_the_header(con, write) -> None:
    path = write(
        "lookup24.csv",
        "FID,LSOA21CD,LSOA21NM,WD24CD,WD24NM,LAD24CD\n"
        "1,E01012262,Stockton-on-Tees 014A,E05013811,Stockton Town Centre,E06000004\n"
        "2,W01000001,Ynys Môn 001A,W05000001,Aberffraw & Rhosneigr,W06000001\n"
        "3,W01000002,Ynys Môn 001B,W05000002,St. John's,W06000001\n",
    )
    [summary] = import_files(con, "ons-wards", [path])
    assert summary.stored == 3
    assert set(table(con, "SELECT id, ward_code FROM areas")) == {
        ("stockton-town-centre", "E05013811"),
        ("aberffraw-rhosneigr", "W05000001"),
        ("st-johns", "W05000002"),
    }


def test_bad_lookup_rows_are_rejected(con, write) -> None:
    path = write(
        "lookup.csv",
        "LSOA11CD,LSOA11NM,WD19CD,WD19NM\n"
        "E01012262,Stockton-on-Tees 014A,E05001549,Stockton Town Centre\n"
        "X01012262,Bad,E05001549,Stockton Town Centre\n"
        "E01012263,Stockton-on-Tees 014B,E0500,Stockton Town Centre\n"
        "E01012264,Stockton-on-Tees 014C,E05001546,\n"
        "E01012262,Stockton-on-Tees 014A,E05001546,Parkfield and Oxbridge\n",
    )
    [summary] = import_files(con, "ons-wards", [path])
    assert [(r.row, r.column) for r in summary.rejects] == [
        (2, "LSOA11CD"),
        (3, "WD19CD"),
        (4, "WD19NM"),
        (5, "LSOA11CD"),
    ]
    assert "first on row 1" in summary.rejects[3].reason
    assert summary.stored == 1


def test_a_file_that_is_not_a_lookup_is_refused(con, write) -> None:
    with pytest.raises(DataError, match="does not have the ons-wards columns"):
        import_files(con, "ons-wards", [write("x.csv", "area_id,lsoa_code\na,E01012262\n")])


AREAS = """id,name,kind,ward_code,phase,operations
stockton-high-street,Stockton High Street (Operation Shield),town-centre,,hold,Operation Shield
parkfield-oxbridge-harmony,Parkfield & Oxbridge (Project Harmony),hotspot,,Clear,Project Harmony; Operation Nightfall;Operation Beech
Bad Id,Bad,hotspot,,,
twice,Twice,custom,,,
twice,Twice again,custom,,,
zone,Zone,zone,,,
code,Code,custom,E0512,,
later,Later,custom,,later,
,Blank id,custom,,,
noname,,custom,,,
"""


def test_areas_are_upserted_and_bad_rows_rejected(stockton, write) -> None:
    [summary] = import_files(stockton, "areas", [write("areas.csv", AREAS)])
    assert [(r.row, r.column) for r in summary.rejects] == [
        (3, "id"),
        (5, "id"),
        (6, "kind"),
        (7, "ward_code"),
        (8, "phase"),
        (9, "id"),
        (10, "name"),
    ]
    assert "lowercase" in summary.rejects[0].reason and "first on row 4" in summary.rejects[1].reason
    assert table(
        stockton, "SELECT kind, phase, operations FROM areas WHERE id = 'parkfield-oxbridge-harmony'"
    ) == [("hotspot", "clear", ["Project Harmony", "Operation Nightfall", "Operation Beech"])]
    changed = write("areas2.csv", "id,name,kind,phase\nstockton-high-street,High Street,town-centre,build\n")
    import_files(stockton, "areas", [changed])
    assert table(stockton, "SELECT name, phase, operations FROM areas WHERE id = 'stockton-high-street'") == [
        ("High Street", "build", ["Operation Shield"])
    ]
    assert scalar(stockton, "SELECT count(*) FROM areas") == 26 + 3


def test_area_lsoas_add_to_areas_and_reject_unknown_areas(stockton, write) -> None:
    import_files(stockton, "areas", [write("areas.csv", AREAS)])
    path = write(
        "area_lsoas.csv",
        "area_id,lsoa_code\n"
        "stockton-high-street,E01012262\n"
        "stockton-high-street,e01012262\n"
        "stockton-high-street,E01012266\n"
        "atlantis,E01012262\n"
        "stockton-high-street,E0101226\n"
        ",E01012262\n",
    )
    [summary] = import_files(stockton, "area-lsoas", [path])
    assert [(r.row, r.column) for r in summary.rejects] == [(4, "area_id"), (5, "lsoa_code"), (6, "area_id")]
    assert "unknown area 'atlantis'" in summary.rejects[0].reason
    assert summary.skipped_reasons == {"listed again in this file": 1}
    assert table(
        stockton,
        "SELECT lsoa_code, lsoa_name FROM area_lsoas WHERE area_id = 'stockton-high-street' ORDER BY 1",
    ) == [("E01012262", "Stockton-on-Tees 014A"), ("E01012266", "Stockton-on-Tees 014E")]
    import_files(stockton, "area-lsoas", [path])
    assert scalar(stockton, "SELECT count(*) FROM area_lsoas WHERE area_id = 'stockton-high-street'") == 2


def test_an_area_may_not_be_called_all_which_survey_files_keep_for_the_district(tmp_path) -> None:
    from psg_tui.core.database import init_db, open_database
    from psg_tui.importing import import_files

    db = tmp_path / "all.duckdb"
    init_db(db)
    areas = tmp_path / "areas.csv"
    areas.write_text("id,name,kind\nall,Everywhere,custom\nnorth,North,ward\n")
    con = open_database(db, read_only=False)
    [summary] = import_files(con, "areas", [areas])
    assert [r.reason for r in summary.rejects] == [
        "id all is reserved: survey files use it for the whole district; choose another id"
    ]
    assert con.execute("SELECT id FROM areas").fetchall() == [("north",)]
    con.close()
