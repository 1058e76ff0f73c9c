"""`psg db check`'s report: coverage and gaps, expiries, areas without data, orphans."""

from __future__ import annotations

from datetime import date

from psg_tui.importing import import_files
from psg_tui.importing.check import check_database
from tests.importing.conftest import POLICE_FILE, POLICE_HEADER, police_row

EVIDENCE = ("population:", "imd:", "lsoa_changes:", "survey:")


def messages(report, severity: str) -> list[str]:
    return [f"{f.topic}: {f.message}" for f in report.findings if f.severity == severity]


def test_a_consistent_database_has_no_errors(stockton) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    report = check_database(stockton, today=date(2021, 10, 15))
    assert report.exit_code == 0 and report.errors == []
    assert report.counts["incidents"] == 2271 and report.counts["areas"] == 26
    [coverage] = report.coverage
    assert (coverage.source, coverage.rows, coverage.first, coverage.last, coverage.gaps) == (
        "police-uk",
        2271,
        "2021-08",
        "2021-08",
        [],
    )
    assert report.newest_complete_month == "2021-08"
    assert messages(report, "warning") == []


def test_gaps_expiries_and_empty_areas_are_reported(stockton, write) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    import_files(
        stockton, "police-uk", [write("oct.csv", f"{POLICE_HEADER}\n{police_row(month='2021-11')}\n")]
    )
    stockton.execute("INSERT INTO meta VALUES ('as_of', '2021-12-10')")
    stockton.execute(
        "INSERT INTO areas VALUES ('quiet-corner', 'Quiet Corner', 'hotspot', NULL, 'build', [])"
    )
    stockton.execute(
        "INSERT INTO closure_orders VALUES"
        " ('CO-1', '1 Fictional Row', 'stockton-town-centre', 'order', '2021-10-01', NULL, '2021-12-20', 'granted', 'x'),"
        " ('CO-2', '2 Fictional Row', 'stockton-town-centre', 'order', '2021-06-01', NULL, '2021-09-01', 'granted', 'x'),"
        " ('CO-3', '3 Fictional Row', 'stockton-town-centre', 'order', '2021-10-01', NULL, '2022-01-01', 'granted', 'x')"
    )
    stockton.execute(
        "INSERT INTO pspos VALUES ('P1', 'Street drinking', '2019-02-01', '2022-01-31', ['Drinking'], "
        "['stockton-town-centre']), ('P2', 'Dogs', '2021-01-01', '2023-12-31', ['Dogs'], ['stockton-town-centre'])"
    )
    report = check_database(stockton)
    assert report.as_of == date(2021, 12, 10)
    assert report.coverage[0].gaps == ["2021-09", "2021-10"]
    assert report.newest_complete_month == "2021-11"
    warnings = messages(report, "warning")
    assert "coverage: police-uk: no rows for 2021-09, 2021-10" in warnings
    assert "areas: area quiet-corner has no LSOAs (only incidents naming it count)" in warnings
    assert "areas: area quiet-corner has no incidents" in warnings
    assert "closure orders: CO-2 expired on 2021-09-01 but its status is still granted" in warnings
    assert any(w.startswith("pspos: P1 (Street drinking) expires 2022-01-31, in 52 day(s)") for w in warnings)
    assert not any("P2" in w for w in warnings)
    info = [m for m in messages(report, "info") if not m.startswith(EVIDENCE)]  # see test_evidence
    assert info == ["closure orders: CO-1 (1 Fictional Row, granted) expires 2021-12-20, in 10 day(s)"]
    assert report.exit_code == 0


def test_orphans_are_errors(stockton) -> None:
    stockton.execute("INSERT INTO area_lsoas VALUES ('gone', 'E01012262', NULL)")
    stockton.execute(
        "INSERT INTO pspo_breaches VALUES ('B1', 'P404', '2021-08-01', 'stockton-town-centre', NULL, 'x', 'advice')"
    )
    stockton.execute(
        "INSERT INTO closure_orders VALUES ('CO-1', 'x', 'atlantis', 'order', '2021-10-01', NULL, NULL, 'granted', NULL)"
    )
    stockton.execute(
        "INSERT INTO incidents VALUES ('x:1', 'x', '1', 'x', '2021-08-01', '2021-08-01', 'day', 'Begging', 'mars',"
        " NULL, NULL, NULL, NULL, NULL, NULL)"
    )
    report = check_database(stockton, today=date(2021, 9, 1))
    assert messages(report, "error") == [
        "incidents: 1 incidents in unknown areas (e.g. mars)",
        "area_lsoas: 1 LSOA links to unknown areas (e.g. gone)",
        "closure_orders: 1 closure orders in unknown areas (e.g. atlantis)",
        "pspo_breaches: 1 PSPO breaches of unknown PSPOs (e.g. P404)",
    ]
    assert report.exit_code == 65


def test_outcomes_with_no_street_row_and_searches_not_placed_are_counted(stockton, write) -> None:
    from psg_tui.importing.kinds.columns import POLICE_UK_OUTCOMES_COLUMNS, POLICE_UK_STOP_SEARCH_COLUMNS

    street = f"{POLICE_HEADER}\n{police_row(crime_id='held', crime_type='Burglary')}\n"
    place = "-1.316,54.565,On or near High Street,E01012262,Stockton-on-Tees 014A"
    outcomes = (
        ",".join(POLICE_UK_OUTCOMES_COLUMNS)
        + "\n"
        + "".join(
            f"{crime},2021-09,Cleveland Police,Cleveland Police,{place},Under investigation\n"
            for crime in ("held", "earlier1", "earlier2")
        )
    )
    search = "Person search,2021-09-03T10:15:00+00:00,False,,{},Male,18-24,,White,PACE,Stolen goods,Arrest,True,False\n"
    searches = (
        ",".join(POLICE_UK_STOP_SEARCH_COLUMNS)
        + "\n"
        + search.format("54.565,-1.316")
        + search.format("54.6,-1.3")
    )
    import_files(
        stockton,
        "police-uk",
        [
            write("2021-09/2021-09-cleveland-street.csv", street),
            write("2021-09/2021-09-cleveland-outcomes.csv", outcomes),
            write("2021-09/2021-09-cleveland-stop-and-search.csv", searches),
        ],
    )
    report = check_database(stockton, today=date(2021, 10, 15))
    assert (report.counts["outcomes"], report.counts["stop_searches"]) == (3, 2)
    found = messages(report, "info")
    assert (
        "outcomes: 2 outcomes (of 2 crimes, recorded 2021-09 to 2021-09) with no street row in this database,"
        " so no area counts them yet: import the street files of the months those crimes were recorded in"
    ) in found
    assert (
        "stop and search: 1 of 2 stop and searches could not be placed (no street row shares their map point,"
        " or they have no coordinates): no area shows them"
    ) in found
