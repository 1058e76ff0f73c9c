"""Population, the LSOA 2011 -> 2021 lookup, the Indices of Deprivation and the survey: each
importer's rejects, the published layouts, the IMD mapping of U/S/M/X changes, idempotent
re-imports, `psg db check`, and the area views' figures on a fixture computed by hand."""

from __future__ import annotations

import duckdb
import pytest

from psg_tui.cli import main
from psg_tui.core.errors import DataError
from psg_tui.importing import ImportRejected, import_files
from psg_tui.importing.check import check_database
from tests.importing.conftest import scalar, table

CHANGES = """LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND,LAD22CD
E01000001,Old 1,E01000001,New 1,U,E06000004
E01000002,Old 2,E01100001,New 2a,S,E06000004
E01000002,Old 2,E01100002,New 2b,s,E06000004
E01000003,Old 3,E01100003,New 3,M,E06000004
E01000004,Old 4,E01100003,New 3,M,E06000004
E01000006,Old 6,E01100004,New 4,X,E06000004
E01000006,Old 6,E01100005,New 5,X,E06000004
E01000007,Old 7,E01100004,New 4,X,E06000004
E01000007,Old 7,E01100005,New 5,X,E06000004
E01000008,Old 8,E01100006,New 6,M,E06000004
E01000009,Old 9,E01100006,New 6,M,E06000004
E01000010,Old 10,E01000010,New 10,U,E06000004
E01000011,Old 11,E01100007,New 7,M,E06000004
E01000012,Old 12,E01100007,New 7,M,E06000004
"""
BAD_CHANGES = """LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND
E01000001,Old 1,E01000001,New 1,U
E0100000X,Bad,E01000001,New 1,U
E01000005,Old 5,,New 5,U
E01000005,Old 5,E01000005,New 5,Q
E01000001,Old 1,E01000001,New 1,U
E01000013,Old 13,E01000014,New 14,U
"""
IMD_2019 = """LSOA code (2011),LSOA name (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile
E01000001,Old 1,100,1
E01000002,Old 2,6000,2
E01000003,Old 3,15000,5
E01000004,Old 4,15500,5
E01000006,Old 6,9000,3
E01000007,Old 7,30000,10
E01000008,Old 8,3000,1
E01000009,Old 9,7000,3
E01000010,Old 10,4000,2
E01000011,Old 11,20000,7
"""


def run(con, kind: str, path, **options):
    [summary] = import_files(con, kind, [path], **options)
    return summary


def rejected(summary) -> list[tuple[int, str]]:
    return [(r.row, r.column) for r in summary.rejects]


@pytest.fixture
def lookup(con, write):
    """The hand-made lookup above: U, S (one into two), M, X (two into two), a merge with
    disagreeing deciles and one whose second predecessor the IMD file lacks."""
    run(con, "lsoa-changes", write("changes.csv", CHANGES))
    return con


# --- lsoa-changes -------------------------------------------------------------------------------


def test_lsoa_changes_are_checked_and_upserted(con, write) -> None:
    summary = run(con, "lsoa-changes", write("bad.csv", BAD_CHANGES))
    assert rejected(summary) == [(2, "LSOA11CD"), (3, "LSOA21CD"), (4, "CHGIND"), (5, "LSOA21CD")]
    reasons = [r.reason for r in summary.rejects]
    assert reasons[2] == "CHGIND 'Q' is not one of U (unchanged), S (split), M (merged), X (irregular)"
    assert reasons[3] == "this 2011 -> 2021 pair is listed again (first on row 1)"
    assert summary.warnings == [
        "row 6: change U (unchanged) but the 2011 code E01000013 and the 2021 code E01000014 differ"
    ]
    again = run(con, "lsoa-changes", write("changes.csv", CHANGES))
    assert (
        again.stored == 14 and again.changes[0].describe() == "lsoa_changes: 2 rows → 15 (13 new, 1 updated)"
    )
    assert scalar(con, "SELECT change FROM lsoa_changes WHERE lsoa21_code = 'E01100002'") == "S"
    assert run(con, "lsoa-changes", write("changes.csv", CHANGES)).changes[0].new == 0
    assert scalar(con, "SELECT count(*) FROM lsoa_changes") == 15


# --- population ---------------------------------------------------------------------------------


def test_ons_mid_year_layout_and_rejects(stockton, write) -> None:
    path = write(
        "sapelsoasyoa.csv",
        "LAD 2021 Code,LAD 2021 Name,LSOA 2021 Code,LSOA 2021 Name,Total,F0,M0\n"
        'E06000004,Stockton-on-Tees,E01012262,Stockton-on-Tees 026B,"1,534",9,8\n'
        "E06000004,Stockton-on-Tees,E01012267,Stockton-on-Tees 025C,0,0,0\n"
        "E06000004,Stockton-on-Tees,E01012287,Stockton-on-Tees 017B,-12,0,0\n"
        "E06000004,Stockton-on-Tees,E01012288,Stockton-on-Tees 017C,lots,0,0\n"
        "E06000004,Stockton-on-Tees,E06000004,Stockton-on-Tees,196600,0,0\n"
        "E06000004,Stockton-on-Tees,E01012262,Stockton-on-Tees 026B,1500,0,0\n"
        "E06000004,Stockton-on-Tees,E01012289,Stockton-on-Tees 017D,1200.5,0,0\n",
    )
    summary = run(stockton, "population", path)
    assert rejected(summary) == [
        (2, "Total"),
        (3, "Total"),
        (4, "Total"),
        (5, "LSOA 2021 Code"),
        (6, "LSOA 2021 Code"),
        (7, "Total"),
    ]
    reasons = [r.reason for r in summary.rejects]
    assert reasons[0] == "population '0' must be more than 0 (an LSOA has residents)"
    assert reasons[1] == "population '-12' must be more than 0 (an LSOA has residents)"
    assert reasons[2] == "population 'lots' is not a whole number"
    assert reasons[4] == "LSOA listed again (first on row 1)"
    assert table(stockton, "SELECT * FROM population") == [("E01012262", 1534, None, "sapelsoasyoa.csv")]
    assert summary.warnings == ["5 column(s) not used: LAD 2021 Code, LAD 2021 Name, LSOA 2021 Name, F0, M0"]


def test_plain_layout_unknown_lsoas_are_stored_and_listed(stockton, write) -> None:
    run(
        stockton,
        "lsoa-changes",
        write(
            "l.csv",
            "LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND\nE01012266,a,E01035197,b,S\nE01012266,a,E01035198,c,S\n",
        ),
    )
    rows = [f"E0190000{i},{1000 + i},2022,ONS mid-2022" for i in range(7)]
    path = write(
        "pop.csv",
        "lsoa,population,year,source\n"
        + "\n".join(["E01012262,1500,2022,ONS mid-2022", "E01035197,900,2022,ONS mid-2022", *rows])
        + "\nE01012263,1200,1850,x\n",
    )
    summary = run(stockton, "population", path)
    assert rejected(summary) == [(10, "year")]
    assert (
        summary.rejects[0].reason
        == "year '1850' is not a year from 1990 to " + summary.rejects[0].reason[-4:]
    )
    # E01035197 is a 2021 successor of an area's 2011 LSOA, so it is known; the seven E019... are not.
    assert summary.warnings == [
        "7 LSOA(s) are in no area of this database (stored, in case an area is added later): "
        "E01900000, E01900001, E01900002, E01900003, E01900004 and 2 more"
    ]
    assert summary.stored == 9 and scalar(stockton, "SELECT count(*) FROM population") == 9
    assert scalar(stockton, "SELECT year || ' ' || source FROM population WHERE lsoa_code = 'E01035197'") == (
        "2022 ONS mid-2022"
    )


def test_population_reimport_is_idempotent_and_strict_refuses(stockton, write) -> None:
    path = write("pop.csv", "lsoa,population\nE01012262,1500\nE01012263,1400\n")
    run(stockton, "population", path)
    before = table(stockton, "SELECT * FROM population ORDER BY 1")
    again = run(stockton, "population", path)
    assert again.changes[0].describe() == "population: 2 LSOAs → 2 (0 new, 2 updated)"
    assert table(stockton, "SELECT * FROM population ORDER BY 1") == before
    bad = write("bad.csv", "lsoa,population\nE01012264,1300\nE01012265,0\n")
    with pytest.raises(ImportRejected, match="--strict"):
        run(stockton, "population", bad, strict=True)
    assert scalar(stockton, "SELECT count(*) FROM population") == 2


def test_column_map_and_a_file_of_another_kind(stockton, write, tmp_path) -> None:
    path = write("people.csv", "Area,People\nE01012262,1500\n")
    assert run(stockton, "population", path, column_map={"lsoa": "Area", "population": "People"}).stored == 1
    survey = write("survey.csv", "wave,area,topic,respondents,agreeing\n2026-03,all,drugs,10,5\n")
    with pytest.raises(DataError) as caught:
        run(stockton, "population", survey)
    assert "Missing: lsoa (or lsoa_code / LSOA 2021 Code" in caught.value.message
    assert "import it with `psg db import DB survey survey.csv`" in caught.value.hint


# --- imd ----------------------------------------------------------------------------------------


def test_a_2011_file_needs_the_lookup_first(con, write) -> None:
    with pytest.raises(DataError) as caught:
        run(con, "imd", write("imd.csv", IMD_2019))
    assert "on 2011 LSOAs (column 'LSOA code (2011)')" in caught.value.message
    assert "psg db import DB lsoa-changes" in caught.value.hint
    assert scalar(con, "SELECT count(*) FROM imd") == 0


def test_2011_codes_are_mapped_to_2021(lookup, write) -> None:
    summary = run(lookup, "imd", write("imd.csv", IMD_2019))
    assert summary.rejects == [] and summary.stored == 10
    assert table(
        lookup, "SELECT lsoa_code, edition, published_code, imd_rank, imd_decile FROM imd ORDER BY 1"
    ) == [
        ("E01000001", 2019, "E01000001", 100, 1),  # U
        ("E01000010", 2019, "E01000010", 4000, 2),  # U
        ("E01100001", 2019, "E01000002", 6000, 2),  # S: both parts take the 2011 LSOA's
        ("E01100002", 2019, "E01000002", 6000, 2),
        ("E01100003", 2019, "E01000003;E01000004", 15250, 5),  # M, deciles agree
        ("E01100004", 2019, "E01000006;E01000007", 19500, 5),  # X: mean rank, its decile in the file
        ("E01100005", 2019, "E01000006;E01000007", 19500, 5),
        ("E01100006", 2019, "E01000008;E01000009", 5000, 2),  # M, 1 and 3 disagree: rank 5000 is decile 2
        ("E01100007", 2019, "E01000011", 20000, 7),  # M with one predecessor missing
    ]
    assert summary.warnings == [
        "2021 LSOA E01100004 (2019): irregular change (X) from E01000006 (decile 3), E01000007 (decile 10); "
        "stored with the mean rank 19,500, decile 5",
        "2021 LSOA E01100005 (2019): irregular change (X) from E01000006 (decile 3), E01000007 (decile 10); "
        "stored with the mean rank 19,500, decile 5",
        "2021 LSOA E01100006 (2019) merges E01000008 (decile 1), E01000009 (decile 3), whose deciles disagree; "
        "stored with the mean rank 5,000, decile 2",
        "2021 LSOA E01100007 (2019) comes from 2 2011 LSOAs but the file has 1 of them (E01000011 (decile 7)): "
        "stored from those",
    ]
    assert summary.changes[0].describe() == "imd: 0 LSOAs → 9 (9 new, 0 updated)"
    again = run(lookup, "imd", write("imd.csv", IMD_2019))
    assert again.changes[0].describe() == "imd: 9 LSOAs → 9 (0 new, 9 updated)"
    assert scalar(lookup, "SELECT count(*) FROM imd") == 9


def test_imd_rejects(lookup, write) -> None:
    path = write(
        "imd.csv",
        "LSOA code (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile,edition\n"
        "E01000001,100,1,\n"
        "E01099999,100,1,\n"
        "E01000002,0,1,\n"
        "E01000003,12.5,1,\n"
        "E01000004,100,11,\n"
        "E01000006,100,1,2024\n"
        "E01000001,200,1,2019\n"
        "E01000001,200,1,2025\n",
    )
    summary = run(lookup, "imd", path)
    assert rejected(summary) == [
        (2, "LSOA code (2011)"),
        (3, "Index of Multiple Deprivation (IMD) Rank"),
        (4, "Index of Multiple Deprivation (IMD) Rank"),
        (5, "Index of Multiple Deprivation (IMD) Decile"),
        (6, "edition"),
        (7, "LSOA code (2011)"),
    ]
    reasons = [r.reason for r in summary.rejects]
    assert reasons[0].startswith("LSOA 'E01099999' is not a 2011 LSOA of the 2011 -> 2021 lookup")
    assert reasons[4] == "edition '2024' is not one of 2019, 2025"
    assert reasons[5] == "LSOA listed again for edition 2019 (first on row 1)"
    assert table(lookup, "SELECT lsoa_code, edition, imd_rank FROM imd ORDER BY edition") == [
        ("E01000001", 2019, 100),
        ("E01000001", 2025, 200),
    ]


def test_2025_file_7_layout_is_on_2021_codes(con, write) -> None:
    path = write(
        "File_7_IoD2025.csv",
        "LSOA code (2021),LSOA name (2021),Index of Multiple Deprivation (IMD) Score,"
        "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived),"
        "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)\n"
        'E01035197,Stockton-on-Tees 025A,61.2,"1,234",1\n'
        "E01012262,Stockton-on-Tees 026B,44.0,4321,2\n",
    )
    summary = run(con, "imd", path)
    assert summary.rejects == [] and summary.warnings == []
    assert table(con, "SELECT * FROM imd ORDER BY 1") == [
        ("E01012262", 2025, "E01012262", 4321, 2),
        ("E01035197", 2025, "E01035197", 1234, 1),
    ]


# --- survey -------------------------------------------------------------------------------------

SURVEY = """wave,wave_date,area,topic,respondents,agreeing
Community safety survey 2026,2026-03,all,drugs,1187,605
Community safety survey 2026,2026-03,ALL,Feel less safe,1187,748
Community safety survey 2026,2026-03,stockton-town-centre,asb_victim,198,81
2025-03,,stockton-town-centre,drugs,212,117
Community safety survey 2026,2026-03,stockton-town-centre,drugs,200,201
Community safety survey 2026,2026-03,atlantis,drugs,200,20
Label only,,all,drugs,10,2
Community safety survey 2026,2026-04,all,sex-work,1187,154
Community safety survey 2026,2026-03,all,drugs!,1187,154
Community safety survey 2026,2026-03,all,sex-work,0,0
Community safety survey 2026,2026-03,all,sex-work,10,-1
Community safety survey 2026,2026-03,all,drugs,1187,600
2025-03,soon,all,drugs,10,1
"""


def test_survey_rows_are_checked(stockton, write) -> None:
    summary = run(stockton, "survey", write("survey.csv", SURVEY))
    assert rejected(summary) == [
        (5, "agreeing"),
        (6, "area"),
        (7, "wave"),
        (8, "wave"),
        (9, "topic"),
        (10, "respondents"),
        (11, "agreeing"),
        (12, "topic"),
        (13, "wave_date"),
    ]
    reasons = [r.reason for r in summary.rejects]
    assert reasons[0] == "agreeing 201 is more than the 200 respondents"
    assert reasons[1] == "unknown area 'atlantis' (an area id of this database, or all)"
    assert reasons[2].startswith("wave 'Label only' is not a date (YYYY-MM or YYYY-MM-DD)")
    assert (
        reasons[3]
        == "wave 'Community safety survey 2026' has the date 2026-03-01 on row 1: one wave, one date"
    )
    assert reasons[7] == "wave, area and topic listed again (first on row 1)"
    assert table(
        stockton,
        "SELECT wave, wave_date::VARCHAR, area_id, topic, respondents, agreeing FROM survey ORDER BY ALL",
    ) == [
        ("2025-03", "2025-03-01", "stockton-town-centre", "drugs", 212, 117),
        ("Community safety survey 2026", "2026-03-01", "all", "drugs", 1187, 605),
        ("Community safety survey 2026", "2026-03-01", "all", "feel-less-safe", 1187, 748),
        ("Community safety survey 2026", "2026-03-01", "stockton-town-centre", "asb-victim", 198, 81),
    ]


def test_survey_reimport_is_idempotent_and_a_wave_keeps_one_date(stockton, write) -> None:
    path = write(
        "s.csv",
        "wave,date,area,topic,respondents,agreeing\nW1,2026-03-15,all,drugs,100,51\nW1,2026-03-15,all,sex-work,100,13\n",
    )
    run(stockton, "survey", path)
    again = run(stockton, "survey", path)
    assert again.changes[0].describe() == "survey: 2 rows → 2 (0 new, 2 updated)" and again.warnings == []
    moved = run(
        stockton,
        "survey",
        write("t.csv", "wave,date,area,topic,respondents,agreeing\nW1,2026-04,all,drugs,100,52\n"),
    )
    assert moved.warnings == [
        "wave 'W1' was stored with the date 2026-03-15; its rows now carry this file's date 2026-04-01"
    ]
    assert table(stockton, "SELECT topic, wave_date::VARCHAR, agreeing FROM survey ORDER BY topic") == [
        ("drugs", "2026-04-01", 52),
        ("sex-work", "2026-04-01", 13),
    ]


# --- the views on a hand-computed fixture -------------------------------------------------------


@pytest.fixture
def evidence(lookup) -> duckdb.DuckDBPyConnection:
    """Areas on 2011 codes. a: E01000001 (U, 1,000 people, decile 1), E01000002 (S into 600 + 400,
    decile 2), E01000003 (M with E01000004, outside a, into 1,200, decile 5). b: E01000003 and
    E01000004 (the whole merge) and E01000005 (no estimate). c: E01000006 alone of the X pair
    E01000006/E01000007 -> E01100004 (900, decile 3) and E01100005 (300, decile 9)."""
    con = lookup
    con.execute(
        "INSERT INTO areas (id, name, kind) VALUES ('a', 'A', 'custom'), ('b', 'B', 'custom'), ('c', 'C', 'custom')"
    )
    con.execute(
        "INSERT INTO area_lsoas (area_id, lsoa_code) VALUES ('a', 'E01000001'), ('a', 'E01000002'), ('a', 'E01000003'),"
        " ('b', 'E01000003'), ('b', 'E01000004'), ('b', 'E01000005'), ('c', 'E01000006')"
    )
    con.execute(
        "INSERT INTO population VALUES ('E01000001', 1000, 2022, 't'), ('E01100001', 600, 2022, 't'),"
        " ('E01100002', 400, 2022, 't'), ('E01100003', 1200, 2022, 't'), ('E01100004', 900, 2022, 't'),"
        " ('E01100005', 300, 2022, 't')"
    )
    con.execute(
        "INSERT INTO imd VALUES ('E01000001', 2019, 'x', 100, 1), ('E01100001', 2019, 'x', 5000, 2),"
        " ('E01100002', 2019, 'x', 5000, 2), ('E01100003', 2019, 'x', 15000, 5), ('E01100004', 2019, 'x', 9000, 3),"
        " ('E01100005', 2019, 'x', 30000, 9)"
    )
    return con


def test_area_population_maps_2011_lsoas(evidence) -> None:
    assert table(evidence, "SELECT * FROM area_population ORDER BY area_id") == [
        ("a", 1000 + 600 + 400 + 600, 3, 0, True),  # half the merged LSOA: approximate
        ("b", 1200, 3, 1, False),  # the whole merge, and one LSOA with no estimate
        ("c", 450 + 150, 1, 0, True),  # half of each X part
    ]


def test_area_deprivation_is_population_weighted(evidence) -> None:
    rows = table(
        evidence,
        "SELECT area_id, edition, mean_decile, share_most_deprived, lsoas FROM area_deprivation ORDER BY 1",
    )
    expected = [
        ("a", 2019, (1 * 1000 + 2 * 1000 + 5 * 600) / 2600, 1000 / 2600, 3),
        ("b", 2019, 5.0, 0.0, 2),
        ("c", 2019, (3 * 450 + 9 * 150) / 600, 0.0, 1),
    ]
    assert [r[:2] + (round(r[2], 9), round(r[3], 9), r[4]) for r in rows] == [
        e[:2] + (round(e[2], 9), round(e[3], 9), e[4]) for e in expected
    ]


def test_views_take_2021_codes_directly(con) -> None:
    con.execute("INSERT INTO areas (id, name, kind) VALUES ('n', 'N', 'custom')")
    con.execute("INSERT INTO area_lsoas (area_id, lsoa_code) VALUES ('n', 'E01035197'), ('n', 'E01035198')")
    con.execute("INSERT INTO population VALUES ('E01035197', 1500, NULL, NULL)")
    assert table(con, "SELECT * FROM area_population") == [("n", 1500, 2, 1, False)]


# --- psg db check -------------------------------------------------------------------------------


def messages(report, topic: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in report.findings if f.topic == topic]


def test_check_says_what_is_missing(stockton) -> None:
    report = check_database(stockton)
    assert messages(report, "population") == [
        (
            "info",
            "no population estimates: rates per 1,000 residents cannot be shown; import the ONS mid-year LSOA "
            "estimates (population)",
        )
    ]
    assert messages(report, "imd")[0][0] == "info" and messages(report, "survey") == []
    stockton.execute("INSERT INTO population VALUES ('E01012262', 1500, 2022, 'x')")
    report = check_database(stockton)
    assert (
        "warning",
        "no LSOA 2011 -> 2021 lookup, and 119 area LSOAs have no population estimate: if they are "
        "2011 codes, import the ONS lookup (lsoa-changes) so they reach the 2021 estimates",
    ) in messages(report, "lsoa_changes")
    [(severity, message)] = [m for m in messages(report, "population") if m[1].startswith("1 area has LSOAs")]
    assert severity == "warning"
    assert (
        message
        == "1 area has LSOAs without an estimate, so their population is too low: stockton-town-centre (2 of 3)"
    )


def test_check_reports_coverage_and_orphans(evidence) -> None:
    evidence.execute(
        "INSERT INTO survey VALUES ('W1', DATE '2026-03-01', 'all', 'drugs', 100, 51),"
        " ('W1', DATE '2026-03-01', 'gone', 'drugs', 10, 5)"
    )
    report = check_database(evidence)
    assert ("info", "LSOA 2011 -> 2021 lookup loaded: 14 rows (M 6, S 2, U 2, X 4)") in messages(
        report, "lsoa_changes"
    )
    population = messages(report, "population")
    assert ("info", "6 LSOAs with a population estimate (year 2022)") in population
    assert (
        "warning",
        "1 area has LSOAs without an estimate, so their population is too low: b (1 of 3)",
    ) in population
    assert (
        "info",
        "2 areas are approximate in population (a merged 2021 LSOA shared with another area): a, c",
    ) in population
    assert ("info", "IMD 2019: 6 LSOAs; 3 of 3 areas have a deprivation figure") in messages(report, "imd")
    assert ("error", "1 survey rows for unknown areas (e.g. gone)") in messages(report, "survey")
    assert ("info", "W1 (2026-03): 2 rows, 2 area(s), topics drugs") in messages(report, "survey")
    assert report.exit_code == 65


def test_cli_dry_run_changes_nothing(tmp_path, write, capsys) -> None:
    db = tmp_path / "t.duckdb"
    assert main(["db", "init", str(db)]) == 0
    path = write(
        "s.csv",
        "wave,area,topic,respondents,agreeing\n2026-03,all,drugs,100,120\n2026-03,all,sex-work,100,13\n",
    )
    assert main(["db", "import", str(db), "survey", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "agreeing 120 is more than the 100 respondents" in out
        and "survey: 0 rows → 1 (1 new, 0 updated)" in out
    )
    con = duckdb.connect(str(db), read_only=True)
    assert scalar(con, "SELECT count(*) FROM survey") == 0
    con.close()


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND,LAD22CD,LAD22NM,ObjectId", "lsoa-changes"),
        ("LAD 2021 Code,LAD 2021 Name,LSOA 2021 Code,LSOA 2021 Name,Total,F0", "population"),
        ("LSOA Code,LSOA Name,LA Code (2021 boundaries),All Ages,0,1", "population"),
        (
            "LSOA code (2011),LSOA name (2011),Index of Multiple Deprivation (IMD) Rank,"
            "Index of Multiple Deprivation (IMD) Decile",
            "imd",
        ),
        ("wave,date,area,topic,respondents,agreeing", "survey"),
    ],
)
def test_published_headers_are_recognised(header: str, kind: str) -> None:
    from psg_tui.importing.kinds import guess_kind

    assert guess_kind(header.split(",")) == kind


def test_old_2011_population_layout_is_read(stockton, write) -> None:
    path = write("mid2020.csv", "LSOA Code,LSOA Name,All Ages,0\nE01012266,Stockton-on-Tees 014E,4210,50\n")
    assert run(stockton, "population", path).stored == 1
    # A 2011 code the population holds is used as it is, lookup or not.
    assert table(
        stockton,
        "SELECT population, without_population FROM area_population WHERE area_id = 'stockton-town-centre'",
    ) == [(4210, 2)]


def test_2011_codes_in_a_2021_column_are_pointed_out(lookup, write) -> None:
    path = write("imd.csv", "lsoa_code,imd_rank,imd_decile\nE01000002,6000,2\nE01000001,100,1\n")
    summary = run(lookup, "imd", path)
    assert summary.stored == 2 and summary.warnings == [
        "1 LSOA code(s) read as 2021 codes are 2011 codes the lookup replaced (E01000002): if the file is on "
        "2011 LSOAs, rename its column LSOA11CD or 'LSOA code (2011)' so they are mapped"
    ]
    assert scalar(lookup, "SELECT edition FROM imd WHERE lsoa_code = 'E01000001'") == 2025


def test_title_lines_above_the_header_are_explained(con, write) -> None:
    path = write(
        "sapelsoasyoa.csv",
        "Mid-2022 LSOA population estimates,,,,\nLAD 2021 Code,LSOA 2021 Code,Total,F0,M0\n",
    )
    with pytest.raises(DataError) as caught:
        run(con, "population", path)
    assert "Delete the lines above the header row" in caught.value.hint
