"""police.uk outcomes files: each crime's outcome events, kept per force and month, matched to
the street rows by Crime ID; a file whose crimes are none of those held is refused (alone) or
left out (of a download)."""

from __future__ import annotations

import pytest

from psg_tui.importing import ImportRejected, import_files
from psg_tui.importing.kinds.columns import POLICE_UK_OUTCOMES_COLUMNS
from tests.importing.conftest import POLICE_HEADER, police_row, scalar, table

OUTCOMES_HEADER = ",".join(POLICE_UK_OUTCOMES_COLUMNS)
HERE = "-1.316,54.565,On or near High Street,E01012262,Stockton-on-Tees 014A"
ELSEWHERE = "-1.5,54.7,On or near Front Street,E01020001,County Durham 001A"


def street(month: str, *crimes: str) -> str:
    return (
        POLICE_HEADER
        + "\n"
        + "".join(police_row(crime_id=c, month=month, crime_type="Burglary") + "\n" for c in crimes)
    )


def outcomes(month: str, *events: tuple[str, str, str], force: str = "Cleveland Police") -> str:
    """events: (crime id, outcome, place: HERE or ELSEWHERE)."""
    return (
        OUTCOMES_HEADER
        + "\n"
        + "".join(f"{c},{month},{force},{force},{place},{o}\n" for c, o, place in events)
    )


@pytest.fixture
def held(stockton, write):
    import_files(
        stockton, "police-uk", [write("2021-08-cleveland-street.csv", street("2021-08", "c1", "c2", "c3"))]
    )
    return stockton


def test_outcomes_are_stored_by_crime_and_reimporting_changes_nothing(held, write) -> None:
    path = write(
        "2021-09-cleveland-outcomes.csv",
        outcomes(
            "2021-09",
            ("c1", "Under investigation", HERE),
            ("c2", "Suspect charged", HERE),
            ("old", "Investigation complete; no suspect identified", HERE),  # an earlier month's crime
            ("far", "Suspect charged", ELSEWHERE),  # another district's crime
        ),
    )
    [summary] = import_files(held, "police-uk-outcomes", [path])
    assert (summary.stored, summary.skipped) == (3, 1)
    assert summary.skipped_reasons == {"crime not held and LSOA in no area of this database": 1}
    assert any("1 outcome of crimes this database has no street row for" in w for w in summary.warnings)
    assert table(held, "SELECT crime_id, batch FROM outcomes ORDER BY 1") == [
        ("c1", "police-uk-outcomes:2021-09:Cleveland Police"),
        ("c2", "police-uk-outcomes:2021-09:Cleveland Police"),
        ("old", "police-uk-outcomes:2021-09:Cleveland Police"),
    ]
    [again] = import_files(held, "police-uk-outcomes", [path])
    assert [(c.label, c.before, c.after) for c in again.changes] == [
        ("2021-09 Cleveland Police outcomes", 3, 3)
    ]
    assert scalar(held, "SELECT count(*) FROM outcomes") == 3


def test_each_crimes_latest_outcome_and_the_months_it_took(held, write) -> None:
    import_files(
        held,
        "police-uk-outcomes",
        [
            write("2021-09-cleveland-outcomes.csv", outcomes("2021-09", ("c1", "Under investigation", HERE))),
            write("2021-11-cleveland-outcomes.csv", outcomes("2021-11", ("c1", "Suspect charged", HERE))),
        ],
    )
    assert table(
        held, "SELECT crime_id, outcome, outcome_month, crime_month, months_taken FROM crime_outcomes"
    ) == [("c1", "Suspect charged", *table(held, "SELECT DATE '2021-11-01', DATE '2021-08-01'")[0], 3)]


def test_a_lone_file_whose_crimes_are_all_unknown_is_refused_and_changes_nothing(held, write) -> None:
    path = write("2021-09-cleveland-outcomes.csv", outcomes("2021-09", ("zz", "Suspect charged", HERE)))
    with pytest.raises(ImportRejected) as caught:
        import_files(held, "police-uk-outcomes", [path])
    assert (
        "none of its 1 row can be stored: 1 skipped (none of its crimes is in this database's street data)"
        in (caught.value.message)
    )
    assert "None of its 1 crimes (by Crime ID)" in caught.value.message
    assert scalar(held, "SELECT count(*) FROM outcomes") == 0


def test_outcomes_before_any_street_file_say_to_import_those_first(stockton, write) -> None:
    path = write("2021-09-cleveland-outcomes.csv", outcomes("2021-09", ("c1", "Suspect charged", HERE)))
    with pytest.raises(ImportRejected, match="Import the street files"):
        import_files(stockton, "police-uk-outcomes", [path])


def test_bad_rows_are_rejected_with_reasons(held, write) -> None:
    path = write(
        "2021-09-cleveland-outcomes.csv",
        outcomes("2021-09", ("c1", "Suspect charged", HERE), ("", "Suspect charged", HERE), ("c2", "", HERE))
        + f"c3,Sep-21,Cleveland Police,Cleveland Police,{HERE},Under investigation\n",
    )
    [summary] = import_files(held, "police-uk-outcomes", [path])
    assert summary.stored == 1
    assert [(r.row, r.column, r.reason.split(" is ")[0]) for r in summary.rejects] == [
        (2, "Crime ID", "Crime ID"),
        (3, "Outcome type", "Outcome type"),
        (4, "Month", "Month 'Sep-21'"),
    ]


def test_a_street_file_given_as_outcomes_is_refused_by_its_header(held, write) -> None:
    from psg_tui.core.errors import DataError

    with pytest.raises(DataError) as caught:
        import_files(held, "police-uk-outcomes", [write("x.csv", street("2021-09", "c9"))])
    assert "police-uk" in str(caught.value.message) + str(caught.value.hint)
    assert scalar(held, "SELECT count(*) FROM outcomes") == 0
