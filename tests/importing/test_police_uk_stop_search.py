"""police.uk stop-and-search files: the file's own columns, placed through the street rows'
map points, kept per force and month."""

from __future__ import annotations

import pytest

from psg_tui.importing import ImportRejected, import_files
from psg_tui.importing.kinds.columns import POLICE_UK_STOP_SEARCH_COLUMNS
from tests.importing.conftest import POLICE_HEADER, police_row, scalar, table

HEADER = ",".join(POLICE_UK_STOP_SEARCH_COLUMNS)


def search(
    *,
    date: str = "2021-09-03T10:15:00+00:00",
    lat: str = "54.565",
    lon: str = "-1.316",
    obj: str = "Controlled drugs",
    outcome: str = "Arrest",
    linked: str = "True",
    part: str = "False",
) -> str:
    return (
        f"Person search,{date},{part},,{lat},{lon},Male,18-24,,White,"
        f"Misuse of Drugs Act 1971 (section 23),{obj},{outcome},{linked},False\n"
    )


@pytest.fixture
def placed(stockton, write):
    """A street row on the map point (54.565, -1.316) in Stockton's E01012262, and one in Durham
    (skipped: in no area)."""
    import_files(
        stockton,
        "police-uk",
        [
            write(
                "2021-09-cleveland-street.csv",
                f"{POLICE_HEADER}\n{police_row()}\n"
                + police_row(lat="54.7", lon="-1.5", lsoa="E01020001", lsoa_name="County Durham 001A")
                + "\n",
            )
        ],
    )
    return stockton


def test_searches_keep_the_files_columns_and_are_placed_by_map_point(placed, write) -> None:
    path = write(
        "2021-09-cleveland-stop-and-search.csv",
        HEADER
        + "\n"
        + search()
        + search(lat="54.7", lon="-1.5")
        + search(lat="54.6", linked="")
        + search(lat="", lon=""),
    )
    [summary] = import_files(placed, "police-uk-stop-and-search", [path])
    # Durham's street row was skipped, so its point places nothing: kept unplaced, and counted.
    assert (summary.stored, summary.skipped) == (4, 0)
    assert any(w.startswith("3 searches could not be placed") for w in summary.warnings)
    rows = table(
        placed,
        "SELECT id, force, strftime(month, '%Y-%m'), occurred::VARCHAR, type, part_of_operation, lsoa_code,"
        " object_of_search, outcome, outcome_linked, removal_of_clothing FROM stop_searches ORDER BY id",
    )
    assert rows[0] == (
        "pss:2021-09:cleveland-police:1",
        "Cleveland Police",
        "2021-09",
        "2021-09-03 10:15:00",
        "Person search",
        False,
        "E01012262",
        "Controlled drugs",
        "Arrest",
        True,
        False,
    )
    assert [(r[6], r[9]) for r in rows[1:]] == [(None, True), (None, None), (None, True)]
    [again] = import_files(placed, "police-uk-stop-and-search", [path])
    assert [(c.label, c.before, c.after) for c in again.changes] == [
        ("2021-09 Cleveland Police stop and search", 4, 4)
    ]


def test_a_lone_file_with_no_search_in_the_areas_is_refused_and_changes_nothing(placed, write) -> None:
    path = write("2021-09-durham-stop-and-search.csv", HEADER + "\n" + search(lat="54.7", lon="-1.5"))
    with pytest.raises(ImportRejected) as caught:
        import_files(placed, "police-uk-stop-and-search", [path])
    assert "none of its searches is at a map point of this database's areas" in caught.value.message
    assert scalar(placed, "SELECT count(*) FROM stop_searches") == 0


def test_bad_values_are_rejected_with_reasons(placed, write) -> None:
    path = write(
        "2021-09-cleveland-stop-and-search.csv",
        HEADER + "\n" + search() + search(date="03/09/2021") + search(linked="maybe") + search(lat="north"),
    )
    [summary] = import_files(placed, "police-uk-stop-and-search", [path])
    assert summary.stored == 1
    assert [(r.row, r.column) for r in summary.rejects] == [
        (2, "Date"),
        (3, "Outcome linked to object of search"),
        (4, "Latitude"),
    ]
    assert "'maybe' is not True or False" in summary.rejects[1].reason


def test_street_files_imported_later_place_the_searches_on_their_points(placed, write) -> None:
    path = write(
        "2021-09-cleveland-stop-and-search.csv", HEADER + "\n" + search() + search(lat="54.6", lon="-1.3")
    )
    import_files(placed, "police-uk-stop-and-search", [path])
    assert table(placed, "SELECT lsoa_code FROM stop_searches ORDER BY id") == [("E01012262",), (None,)]
    later = police_row(
        month="2021-10", lat="54.6", lon="-1.3", lsoa="E01012263", lsoa_name="Stockton-on-Tees 014B"
    )
    import_files(placed, "police-uk", [write("2021-10-cleveland-street.csv", f"{POLICE_HEADER}\n{later}\n")])
    assert table(placed, "SELECT lsoa_code FROM stop_searches ORDER BY id") == [
        ("E01012262",),
        ("E01012263",),
    ]


def test_a_file_named_otherwise_takes_its_name_as_the_force_as_text(placed, write) -> None:
    """A file not named as police.uk names it: its name is the force, a value bound to the SQL
    (quotes and all), never part of it."""
    path = write("o'brien'); DROP TABLE stop_searches; --.csv", HEADER + "\n" + search())
    [summary] = import_files(placed, "police-uk-stop-and-search", [path])
    assert summary.stored == 1
    assert scalar(placed, "SELECT force FROM stop_searches") == "o'brien'); DROP TABLE stop_searches; --"
