"""police.uk street-level files: the real Cleveland file, re-imports, and broken files."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from psg_tui.core.errors import DataError, MissingInputError
from psg_tui.importing import ImportRejected, import_files
from tests.importing.conftest import (
    POLICE_FILE,
    POLICE_HEADER,
    lookup_rows,
    police_row,
    scalar,
    slug,
    table,
)


def expected_from_raw() -> tuple[Counter, Counter, int]:
    """Per-ward and per-category counts of the Stockton rows, from the raw file with the csv module."""
    ward_of = {row["LSOA11CD"]: slug(row["WD19NM"]) for row in lookup_rows()}
    by_ward: Counter = Counter()
    by_category: Counter = Counter()
    total = 0
    with POLICE_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            total += 1
            if row["LSOA code"] in ward_of:
                by_ward[ward_of[row["LSOA code"]]] += 1
                by_category[row["Crime type"]] += 1
    return by_ward, by_category, total


def test_real_file_stores_the_stockton_rows_and_skips_the_rest(stockton) -> None:
    [summary] = import_files(stockton, "police-uk", [POLICE_FILE])
    assert (summary.read, summary.stored, summary.skipped) == (8425, 2271, 6154)
    assert summary.rejects == []
    assert summary.skipped_reasons == {"LSOA not in any area of this database": 6154}
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 2271
    assert scalar(stockton, "SELECT count(*) FROM incidents WHERE category = 'Anti-social behaviour'") == 548


def test_real_file_counts_per_ward_and_category_match_the_raw_file(stockton) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    by_ward, by_category, _ = expected_from_raw()
    assert dict(table(stockton, "SELECT area_id, count(*) FROM incidents GROUP BY area_id")) == by_ward
    assert dict(table(stockton, "SELECT category, count(*) FROM incidents GROUP BY category")) == by_category
    assert len(by_ward) == 26 and by_ward["stockton-town-centre"] > 0


def test_real_file_rows_keep_their_values(stockton) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    with POLICE_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    stored = {
        r[0]: r
        for r in table(
            stockton,
            "SELECT id, source_ref, location, latitude, longitude, outcome, "
            "lsoa_code, month, precision, batch, source FROM incidents",
        )
    }
    for number in (6155, 8425):  # an ASB row (blank Crime ID) and the last row of the file
        raw = rows[number - 1]
        if raw["LSOA code"] not in {r["LSOA11CD"] for r in lookup_rows()}:
            continue
        got = stored[f"puk:2021-08:cleveland-police:{number}"]
        assert got[1] == (raw["Crime ID"] or None)
        assert got[2] == raw["Location"] and got[6] == raw["LSOA code"]
        assert (got[3], got[4]) == (float(raw["Latitude"]), float(raw["Longitude"]))
        assert got[5] == (raw["Last outcome category"] or None)
        assert str(got[7]) == "2021-08-01" and got[8] == "month"
        assert got[9] == "police-uk:2021-08:Cleveland Police" and got[10] == "police-uk"
    assert (
        scalar(
            stockton,
            "SELECT count(*) FROM incidents WHERE category = 'Anti-social behaviour' "
            "AND source_ref IS NOT NULL",
        )
        == 0
    )


def test_reimporting_the_same_file_changes_nothing(stockton) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    before = table(stockton, "SELECT * FROM incidents ORDER BY id")
    [again] = import_files(stockton, "police-uk", [POLICE_FILE])
    assert again.stored == 2271
    assert table(stockton, "SELECT * FROM incidents ORDER BY id") == before
    assert scalar(stockton, "SELECT count(DISTINCT id) FROM incidents") == 2271


def test_the_next_month_adds_only_that_month(stockton, write) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    september = write(
        "2021-09-cleveland-street.csv", "\n".join([POLICE_HEADER, police_row(), police_row()]) + "\n"
    )
    import_files(stockton, "police-uk", [september])
    assert table(
        stockton, "SELECT strftime(month, '%Y-%m'), count(*) FROM incidents GROUP BY 1 ORDER BY 1"
    ) == [
        ("2021-08", 2271),
        ("2021-09", 2),
    ]


def test_identical_rows_are_all_kept(stockton, write) -> None:
    same = police_row()
    path = write("same.csv", "\r\n".join([POLICE_HEADER, same, same, same]) + "\r\n")
    [summary] = import_files(stockton, "police-uk", [path])
    assert summary.stored == 3
    assert [r[0] for r in table(stockton, "SELECT id FROM incidents ORDER BY id")] == [
        "puk:2021-09:cleveland-police:1",
        "puk:2021-09:cleveland-police:2",
        "puk:2021-09:cleveland-police:3",
    ]


def test_a_folder_stands_for_its_street_files(stockton, tmp_path, write) -> None:
    write("download/2021-09/2021-09-cleveland-street.csv", f"{POLICE_HEADER}\n{police_row()}\n")
    write(
        "download/2021-10/2021-10-cleveland-street.csv", f"{POLICE_HEADER}\n{police_row(month='2021-10')}\n"
    )
    write("download/2021-10/notes.csv", "Crime ID,Month,Outcome type\n")
    summaries = import_files(stockton, "police-uk", [tmp_path / "download"])
    assert [Path(s.file).name for s in summaries] == [
        "2021-09-cleveland-street.csv",
        "2021-10-cleveland-street.csv",
    ]
    assert summaries.notes == ["not imported: 1 file (notes.csv): not part of a police.uk download"]
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 2


def test_bad_rows_are_rejected_or_skipped_with_reasons(stockton, write) -> None:
    rows = [
        police_row(),  # 1 good
        police_row(month="2021-13"),  # 2 bad month
        police_row(month="Aug 2021"),  # 3 bad month
        police_row(lat="north"),  # 4 not a number
        police_row(lat="95.0"),  # 5 out of range
        police_row(lon="-181"),  # 6 out of range
        police_row(crime_type=""),  # 7 blank crime type
        police_row(lsoa="", lsoa_name=""),  # 8 blank LSOA: skipped
        police_row(lat="", lon=""),  # 9 blank coordinates: stored, warned
        police_row(lat="40.7", lon="-74.0"),  # 10 outside the UK: stored, warned
        police_row(lsoa="E01011954", lsoa_name="Middlesbrough 001A"),  # 11 another district: skipped
    ]
    path = write("bad.csv", "\n".join([POLICE_HEADER, *rows]) + "\n")
    [summary] = import_files(stockton, "police-uk", [path])
    assert [(r.row, r.column) for r in summary.rejects] == [
        (2, "Month"),
        (3, "Month"),
        (4, "Latitude"),
        (5, "Latitude"),
        (6, "Longitude"),
        (7, "Crime type"),
    ]
    reasons = [r.reason for r in summary.rejects]
    assert "'2021-13' is not YYYY-MM" in reasons[0]
    assert "not a number" in reasons[2] and "-90..90" in reasons[3] and "-180..180" in reasons[4]
    assert reasons[5] == "Crime type is blank"
    assert all(r.file == str(path) for r in summary.rejects)
    assert summary.skipped_reasons == {
        "blank LSOA code (cannot be placed)": 1,
        "LSOA not in any area of this database": 1,
    }
    assert (summary.read, summary.stored, summary.skipped) == (11, 3, 2)
    assert any("1 rows have no coordinates" in w for w in summary.warnings)
    assert any("outside the UK" in w for w in summary.warnings)
    assert table(stockton, "SELECT latitude, longitude FROM incidents WHERE id LIKE '%:9'") == [(None, None)]


def test_strict_refuses_a_file_with_rejects_and_stores_nothing(stockton, write) -> None:
    path = write("bad.csv", "\n".join([POLICE_HEADER, police_row(), police_row(month="2021-13")]) + "\n")
    with pytest.raises(ImportRejected) as caught:
        import_files(stockton, "police-uk", [path], strict=True)
    assert caught.value.exit_code == 65
    assert caught.value.summaries[0].rejects[0].row == 2
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 0


def test_strict_keeps_the_files_before_the_refused_one(stockton, write) -> None:
    good = write("a.csv", f"{POLICE_HEADER}\n{police_row()}\n")
    bad = write("b.csv", f"{POLICE_HEADER}\n{police_row(month='2021-10', crime_type='')}\n")
    with pytest.raises(ImportRejected):
        import_files(stockton, "police-uk", [good, bad], strict=True)
    assert table(stockton, "SELECT strftime(month, '%Y-%m') FROM incidents") == [("2021-09",)]


@pytest.mark.parametrize(
    ("header", "expected_hint"),
    [
        (
            "Crime ID,Month,Reported by,Falls within,Easting,Northing,Location,Crime type,Context",
            "Easting/Northing",
        ),
        ("id,premises,area,kind,issued,hearing,expires,status,applicant", "closure-orders"),
        ("Crime ID,Month,Location", "right KIND"),
    ],
)
def test_a_file_of_another_layout_is_refused_and_nothing_changes(
    stockton, write, header, expected_hint
) -> None:
    import_files(stockton, "police-uk", [POLICE_FILE])
    before = table(stockton, "SELECT * FROM incidents ORDER BY id")
    path = write("other.csv", f"{header}\nx,y,z\n")
    with pytest.raises(DataError) as caught:
        import_files(stockton, "police-uk", [path])
    assert "Expected: Crime ID,Month,Reported by" in caught.value.message
    assert f"Found:    {header}" in caught.value.message
    assert expected_hint in caught.value.hint
    assert table(stockton, "SELECT * FROM incidents ORDER BY id") == before


def test_a_refused_header_among_several_files_stops_before_anything_is_written(stockton, write) -> None:
    good = write("a.csv", f"{POLICE_HEADER}\n{police_row()}\n")
    wrong = write("b.csv", "id,name\n1,x\n")
    with pytest.raises(DataError):
        import_files(stockton, "police-uk", [good, wrong])
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\r\n\r\n", "is empty"),
        (
            POLICE_HEADER.encode()
            + b"\n"
            + police_row(location="On or near Caf\xe9 Street").encode("latin-1")
            + b"\n",
            "is not UTF-8",
        ),
        ("\ufeff".encode("utf-16-le") + POLICE_HEADER.encode("utf-16-le"), "UTF-16"),
    ],
)
def test_unreadable_files_get_clear_messages(stockton, tmp_path, content, message) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        import_files(stockton, "police-uk", [path])
    assert message in caught.value.message
    assert caught.value.hint
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 0


def test_a_header_only_file_imports_nothing_with_a_warning(stockton, write) -> None:
    [summary] = import_files(stockton, "police-uk", [write("empty.csv", POLICE_HEADER + "\n")])
    assert (summary.read, summary.stored) == (0, 0)
    assert "no rows" in summary.warnings[0]


def test_a_bom_and_crlf_are_fine(stockton, write) -> None:
    path = write("bom.csv", "\ufeff" + "\r\n".join([POLICE_HEADER, police_row()]) + "\r\n")
    assert import_files(stockton, "police-uk", [path])[0].stored == 1


def test_rows_with_too_many_or_too_few_fields_are_rejected_and_the_others_keep_their_numbers(
    stockton, write
) -> None:
    rows = [police_row(), police_row() + ",extra", police_row(), "2021-09,short", police_row()]
    path = write("ragged.csv", "\n".join([POLICE_HEADER, *rows]) + "\n")
    [summary] = import_files(stockton, "police-uk", [path])
    assert [(r.row, r.reason) for r in summary.rejects] == [
        (2, "unreadable row: more than 12 fields"),
        (4, "unreadable row: 2 fields, expected 12"),
    ]
    assert summary.skipped_reasons == {}
    assert (summary.read, summary.stored, summary.skipped) == (5, 3, 0)
    assert [r[0] for r in table(stockton, "SELECT id FROM incidents ORDER BY id")] == [
        "puk:2021-09:cleveland-police:1",
        "puk:2021-09:cleveland-police:3",
        "puk:2021-09:cleveland-police:5",
    ]


@pytest.mark.parametrize("quoted", [False, True])
def test_a_short_row_is_rejected_not_skipped_and_strict_refuses_it(stockton, write, quoted) -> None:
    """A row cut short used to be read with its missing fields blank: 'skipped: blank LSOA'."""
    first = police_row(location='"On or near High Street, East"') if quoted else police_row()
    path = write(
        "short.csv", "\n".join([POLICE_HEADER, first, ",2021-09,Cleveland Police", police_row()]) + "\n"
    )
    [summary] = import_files(stockton, "police-uk", [path])
    assert [(r.row, r.reason) for r in summary.rejects] == [(2, "unreadable row: 3 fields, expected 12")]
    assert (summary.read, summary.stored, summary.skipped) == (3, 2, 0)
    with pytest.raises(ImportRejected, match="row 2, row: unreadable row: 3 fields, expected 12"):
        import_files(stockton, "police-uk", [path], strict=True)


def test_blank_lines_are_ignored_but_keep_their_place_in_the_numbering(stockton, write) -> None:
    path = write(
        "blank.csv", "\n".join([POLICE_HEADER, police_row(), "", police_row(month="2021-13"), "", ""])
    )
    [summary] = import_files(stockton, "police-uk", [path])
    assert (summary.read, summary.stored) == (2, 1)
    assert [(r.row, r.column) for r in summary.rejects] == [(3, "Month")]


def test_missing_files_and_empty_folders_are_reported(stockton, tmp_path) -> None:
    with pytest.raises(MissingInputError, match="no file"):
        import_files(stockton, "police-uk", [tmp_path / "nope.csv"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(MissingInputError, match="has no"):
        import_files(stockton, "police-uk", [tmp_path / "empty"])


def test_rows_count_records_not_lines(stockton, write) -> None:
    multi_line = police_row(location='"On or near\nHigh Street"')
    rows = [multi_line, police_row(), police_row(crime_type="")]
    [summary] = import_files(
        stockton, "police-uk", [write("quotes.csv", "\n".join([POLICE_HEADER, *rows]) + "\n")]
    )
    # the line break inside the value becomes a space: a value is one line on every screen
    assert [r[0] for r in table(stockton, "SELECT location FROM incidents ORDER BY id")] == [
        "On or near High Street",
        "On or near High Street",
    ]
    assert [(r.row, r.column) for r in summary.rejects] == [(3, "Crime type")]
    assert "line breaks inside 1 value(s) replaced by spaces" in summary.warnings
    assert (summary.lines, summary.read) == (4, 3)
    assert (
        summary.accounting
        == "4 data lines = 2 stored + 1 rejected + 0 skipped + 1 more inside rows that span lines"
    )


def test_progress_bar_on_a_terminal_does_not_disturb_the_import(stockton, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    [summary] = import_files(stockton, "police-uk", [POLICE_FILE], progress=True)
    assert summary.stored == 2271
    assert "importing" in capsys.readouterr().err


def test_many_files_committed_in_groups_all_arrive(stockton, write, monkeypatch) -> None:
    monkeypatch.setattr("psg_tui.importing.pipeline.COMMIT_ROWS", 1)
    files = [
        write(f"2021-{m:02d}.csv", f"{POLICE_HEADER}\n{police_row(month=f'2021-{m:02d}')}\n")
        for m in (9, 10, 11)
    ]
    summaries = import_files(stockton, "police-uk", [*files, POLICE_FILE])
    assert [s.stored for s in summaries] == [1, 1, 1, 2271]
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 2274


def test_outcomes_and_stop_and_search_files_renamed_are_refused_naming_their_kind(stockton, write) -> None:
    from psg_tui.core.errors import DataError
    from psg_tui.importing.kinds.columns import POLICE_UK_OUTCOMES_COLUMNS, POLICE_UK_STOP_SEARCH_COLUMNS

    for part, columns in (
        ("outcomes", POLICE_UK_OUTCOMES_COLUMNS),
        ("stop-and-search", POLICE_UK_STOP_SEARCH_COLUMNS),
    ):
        path = write(f"renamed-{part}.txt", ",".join(columns) + "\n" + ",".join(["x"] * len(columns)) + "\n")
        with pytest.raises(DataError) as caught:
            import_files(stockton, "police-uk", [path])
        assert f"is a police.uk {part} file, which the police-uk-{part} kind imports" in caught.value.message
        assert f"psg db import DB police-uk-{part} FILE" in str(caught.value.hint)
        assert scalar(stockton, "SELECT count(*) FROM incidents") == 0
