"""Months coded with the other Census's LSOAs: kept, placed through the ONS 2011 -> 2021 lookup,
and reported by `psg db check` when they cannot be placed or were placed by rule."""

from __future__ import annotations

from datetime import date

from psg_tui.importing import import_files
from psg_tui.importing.check import check_database
from tests.importing.conftest import DATA, POLICE_HEADER, police_row, scalar, table

SAMPLE_LOOKUP = DATA.parent.parent / "sample_db" / "stockton_lsoa11_to_lsoa21.csv"
LOOKUP_HEADER = "LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND"


def _street(write, rows: list[str], name: str = "2024-03-cleveland-street.csv"):
    return write(name, "\n".join([POLICE_HEADER, *rows]) + "\n")


def _month_2024_rows() -> list[str]:
    """A 2021-coded month: an unchanged code, one part of a split, one part of an irregular
    change, and a row of another district."""
    return [
        police_row(month="2024-03", lsoa="E01012262", lsoa_name="Stockton-on-Tees 026B"),  # U, same code
        police_row(month="2024-03", lsoa="E01035203", lsoa_name="Stockton-on-Tees 027B"),  # S part of 023H
        police_row(month="2024-03", lsoa="E01035200", lsoa_name="Stockton-on-Tees 026A"),  # X of 014C/014G
        police_row(month="2024-03", lsoa="E01020000", lsoa_name="County Durham 001A"),
    ]


def _findings(con, topic: str) -> list[str]:
    return [f.message for f in check_database(con, today=date(2024, 5, 1)).findings if f.topic == topic]


def test_without_the_lookup_the_district_rows_are_kept_unplaced_and_check_says_which_months(
    stockton, write
) -> None:
    [summary] = import_files(stockton, "police-uk", [_street(write, _month_2024_rows())])
    assert (summary.stored, summary.skipped) == (3, 1)
    assert summary.skipped_reasons == {"LSOA not in any area of this database": 1}
    [warning] = [w for w in summary.warnings if "no area holds" in w]
    assert "E01035200, E01035203" in warning and "lsoa-changes" in warning
    assert table(stockton, "SELECT lsoa_code FROM area_incidents") == [("E01012262",)]
    [finding] = _findings(stockton, "placement")
    assert finding.startswith("2 incidents in 2024-03 cannot be placed in any area")
    assert "E01035200, E01035203" in finding and "import the ONS LSOA 2011 -> 2021 lookup" in finding


def test_the_lookup_places_older_and_newer_codes_in_todays_areas_without_reimporting(stockton, write) -> None:
    import_files(stockton, "police-uk", [_street(write, _month_2024_rows())])
    import_files(stockton, "lsoa-changes", [SAMPLE_LOOKUP])
    placed = dict(table(stockton, "SELECT lsoa_code, area_id FROM area_incidents"))
    assert placed == {
        "E01012262": "stockton-town-centre",
        "E01035203": "ingleby-barwick-west",  # 023H's ward
        "E01035200": "parkfield-and-oxbridge",  # both 014C and 014G are in it
    }
    assert _findings(stockton, "placement") == [
        "2 incidents placed in areas through the LSOA 2011 -> 2021 lookup"
    ]


def test_a_change_across_two_areas_is_placed_by_the_documented_rule_and_counted(stockton, write) -> None:
    """A 2021 LSOA merged from 2011 LSOAs of two wards: placed in the lowest-coded one."""
    merged = write(
        "lookup.csv",
        f"{LOOKUP_HEADER}\n"
        "E01012262,Stockton-on-Tees 014A,E01099999,Stockton-on-Tees 099A,M\n"
        "E01033478,Stockton-on-Tees 023H,E01099999,Stockton-on-Tees 099A,M\n",
    )
    import_files(stockton, "lsoa-changes", [merged])
    rows = [police_row(month="2024-03", lsoa="E01099999", lsoa_name="Stockton-on-Tees 099A")] * 3
    [summary] = import_files(stockton, "police-uk", [_street(write, rows)])
    assert summary.stored == 3 and not [w for w in summary.warnings if "no area holds" in w]
    assert table(stockton, "SELECT DISTINCT area_id FROM area_incidents") == [("stockton-town-centre",)]
    assert scalar(stockton, "SELECT candidates FROM lsoa_places WHERE lsoa_code = 'E01099999'") == 2
    messages = _findings(stockton, "placement")
    assert messages[0] == "3 incidents placed in areas through the LSOA 2011 -> 2021 lookup"
    assert messages[1].startswith(
        "3 incidents in 1 LSOAs that the 2011 -> 2021 change split or merged across areas"
    )


def test_a_code_the_lookup_does_not_know_either_says_so(stockton, write) -> None:
    import_files(stockton, "lsoa-changes", [SAMPLE_LOOKUP])
    rows = [police_row(month="2024-03", lsoa="E01099998", lsoa_name="Stockton-on-Tees 099B")]
    [summary] = import_files(stockton, "police-uk", [_street(write, rows)])
    assert summary.stored == 1
    assert "not in the LSOA 2011 -> 2021 lookup either" in " ".join(summary.warnings)
    [finding] = _findings(stockton, "placement")
    assert "not in the LSOA 2011 -> 2021 lookup either" in finding


def test_the_real_2011_coded_month_is_placed_as_before(stockton) -> None:
    """The lookup changes nothing for codes the areas hold (the real August 2021 file)."""
    from tests.importing.conftest import POLICE_FILE

    import_files(stockton, "police-uk", [POLICE_FILE])
    before = table(stockton, "SELECT area_id, count(*) FROM area_incidents GROUP BY ALL ORDER BY ALL")
    import_files(stockton, "lsoa-changes", [SAMPLE_LOOKUP])
    assert table(stockton, "SELECT area_id, count(*) FROM area_incidents GROUP BY ALL ORDER BY ALL") == before
    assert scalar(stockton, "SELECT count(*) FROM area_incidents") == 2271


def test_a_database_changed_by_hand_is_caught_by_check_and_put_right_by_rebuild(tmp_path, capsys) -> None:
    import duckdb

    from psg_tui.cli import main
    from psg_tui.core.database import init_db

    db = tmp_path / "hand.duckdb"
    init_db(db)
    assert main(["db", "import", str(db), "ons-wards", str(DATA / "ons" / "stockton_lsoa_to_ward.csv")]) == 0
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO area_lsoas VALUES ('stockton-town-centre', 'E01099997', NULL)")
    con.close()
    capsys.readouterr()
    assert main(["db", "check", str(db)]) == 65
    assert "lsoa_places is out of step" in capsys.readouterr().out
    assert main(["db", "rebuild", str(db)]) == 0
    assert main(["db", "check", str(db)]) != 65 or "out of step" not in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT area_lsoa FROM lsoa_places WHERE lsoa_code = 'E01099997'").fetchall() == [
        ("E01099997",)
    ]
    con.close()
