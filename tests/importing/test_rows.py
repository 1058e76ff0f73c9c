"""Every line of a file is stored, rejected, skipped or blank, and says so; bad values never get in.

Quotes that are never closed, rows too short, control characters, months outside police.uk's
range: each is a reject with its row and reason, and the counts add up to the file's lines.
"""

from __future__ import annotations

from datetime import date

import pytest

from psg_tui.importing import ImportRejected, import_files
from psg_tui.importing.common import latest_month
from tests.importing.conftest import POLICE_HEADER, police_row, scalar, table

INCIDENTS = "id,occurred,category,area,lsoa_code,location"


def police_file(write, rows: list[str], name: str = "f.csv"):
    return write(name, "\n".join([POLICE_HEADER, *rows]) + "\n")


def adds_up(summary) -> None:
    """The summary's own figures account for every data line."""
    assert summary.read == summary.stored + len(summary.rejects) + summary.skipped
    assert summary.lines >= summary.read + summary.blank
    assert summary.accounting.startswith(f"{summary.lines:,} data lines = ")


def test_an_unterminated_quote_rejects_its_row_and_names_the_lines_it_swallowed(stockton, write) -> None:
    rows = [police_row(location=f"On or near Street {i}") for i in range(8)]
    rows[2] = police_row(location='"On or near High Street')
    path = police_file(write, rows)
    [summary] = import_files(stockton, "police-uk", [path])
    assert (summary.lines, summary.read, summary.stored) == (8, 3, 2)
    [reject] = summary.rejects
    assert reject.row == 3
    assert "a quote opened in this row is never closed" in reject.reason
    assert "lines 4-9 of the file" in reject.reason
    assert summary.accounting == (
        "8 data lines = 2 stored + 1 rejected + 0 skipped + 5 more inside rows that span lines"
    )
    adds_up(summary)
    with pytest.raises(ImportRejected, match="never closed"):
        import_files(stockton, "police-uk", [path], strict=True)


def test_a_stray_quote_closed_rows_later_rejects_the_merged_row(stockton, write) -> None:
    rows = [police_row(location=f"On or near Street {i}") for i in range(8)]
    rows[2] = police_row(location='"On or near High Street')
    rows[5] = police_row(location='On or "near" Street')
    [summary] = import_files(stockton, "police-uk", [police_file(write, rows)])
    assert summary.lines == 8
    assert [r.row for r in summary.rejects] == [3]
    assert summary.stored == 4  # rows 1, 2, 7, 8
    adds_up(summary)


def test_an_open_quote_in_the_last_column_that_swallows_rows_is_rejected(stockton, write) -> None:
    rows = [police_row() for _ in range(5)]
    rows[1] = police_row() + '"'  # Context opens a quote: the rest of the file would be one value
    rows[3] = police_row() + '"'  # ...closed here, so the field count is right by chance
    [summary] = import_files(stockton, "police-uk", [police_file(write, rows)])
    assert [r.row for r in summary.rejects] == [2]
    assert "never closed" in summary.rejects[0].reason
    assert summary.stored == 1 + 1  # rows 1 and 5
    adds_up(summary)


def test_a_legitimate_multi_line_value_is_kept_as_one_line(stockton, write) -> None:
    path = write(
        "asb.csv",
        f'{INCIDENTS}\nA1,2021-08-03,Begging,stockton-town-centre,,"12 High Street,\nStockton"\n'
        "A2,2021-08-04,Begging,stockton-town-centre,,Dovecot Street\n",
    )
    [summary] = import_files(stockton, "incidents", [path], source="council-asb")
    assert (summary.lines, summary.read, summary.stored, summary.rejects) == (3, 2, 2, [])
    assert (
        scalar(stockton, "SELECT location FROM incidents WHERE source_ref = 'A1'")
        == "12 High Street, Stockton"
    )


@pytest.mark.parametrize("crlf", [False, True])
def test_blank_lines_are_counted_and_the_counts_add_up(stockton, write, crlf) -> None:
    eol = "\r\n" if crlf else "\n"
    path = write("blank.csv", eol.join([POLICE_HEADER, police_row(), "", police_row(), "", ""]) + eol)
    [summary] = import_files(stockton, "police-uk", [path])
    assert (summary.lines, summary.read, summary.blank, summary.stored) == (5, 2, 3, 2)
    assert summary.accounting == "5 data lines = 2 stored + 0 rejected + 0 skipped + 3 blank"


def test_the_slow_exact_reader_numbers_rows_like_the_fast_one(stockton, write) -> None:
    """A row with too many fields sends the file to Python's csv reader: same rows, same numbers."""
    rows = [
        police_row(),
        "",
        police_row() + ",extra",
        police_row(month="2021-13"),
        "2021-09,short",
        police_row(),
    ]
    [summary] = import_files(stockton, "police-uk", [police_file(write, rows)])
    assert [(r.row, r.column or r.reason) for r in summary.rejects] == [
        (3, "unreadable row: more than 12 fields"),
        (5, "unreadable row: 2 fields, expected 12"),
        (4, "Month"),
    ]
    assert [r[0] for r in table(stockton, "SELECT id FROM incidents ORDER BY id")] == [
        "puk:2021-09:cleveland-police:1",
        "puk:2021-09:cleveland-police:6",
    ]
    assert (summary.lines, summary.blank) == (6, 1)
    adds_up(summary)


@pytest.mark.parametrize(
    ("month", "reason"),
    [
        ("9999-12", "'9999-12' is in the future"),
        ("0000-01", "'0000-01' is before 2010-12"),
        ("0001-01", "'0001-01' is before 2010-12, when police.uk data begins"),
        ("2010-11", "is before 2010-12"),
        ("2099-01", "'2099-01' is in the future"),
    ],
)
def test_months_outside_police_uk_range_are_rejected(stockton, write, month, reason) -> None:
    path = police_file(write, [police_row(), police_row(month=month)])
    [summary] = import_files(stockton, "police-uk", [path])
    [reject] = summary.rejects
    assert (reject.row, reject.column) == (2, "Month") and reason in reject.reason
    assert table(stockton, "SELECT DISTINCT strftime(month, '%Y-%m') FROM incidents") == [("2021-09",)]


def test_the_first_and_next_months_are_accepted(stockton, write) -> None:
    following = latest_month(date.today()).strftime("%Y-%m")
    rows = [police_row(month="2010-12"), police_row(month=following)]
    summaries = import_files(stockton, "police-uk", [police_file(write, rows)])
    assert summaries[0].rejects == [] and summaries[0].stored == 2


def test_latest_month_is_the_first_of_next_month() -> None:
    assert latest_month(date(2026, 12, 3)) == date(2027, 1, 1)
    assert latest_month(date(2026, 1, 31)) == date(2026, 2, 1)


def test_incident_dates_far_in_the_future_or_past_are_rejected(stockton, write) -> None:
    path = write(
        "asb.csv",
        f"{INCIDENTS}\nA1,2021-08-03,Begging,stockton-town-centre,,\nA2,9999-12-31,Begging,stockton-town-centre,,\n"
        "A3,0001-01-01,Begging,stockton-town-centre,,\n",
    )
    [summary] = import_files(stockton, "incidents", [path], source="council-asb")
    assert [(r.row, r.column) for r in summary.rejects] == [(2, "occurred"), (3, "occurred")]
    assert "is outside 1990 to" in summary.rejects[0].reason


def test_control_characters_are_removed_from_every_value_and_counted(stockton, write) -> None:
    evil = police_row(
        location="On or near \x1b]8;;http://x\x07High\x9b Street\x00", crime_type="Anti-social\x08 behaviour"
    )
    path = police_file(write, [evil, police_row(location="Tab\tkept")])
    [summary] = import_files(stockton, "police-uk", [path])
    assert summary.stored == 2
    assert table(stockton, "SELECT location, category FROM incidents ORDER BY id") == [
        ("On or near ]8;;http://xHigh Street", "Anti-social behaviour"),
        ("Tab\tkept", "Anti-social behaviour"),
    ]
    assert any("control characters" in w and "removed from 2 value(s)" in w for w in summary.warnings)


def test_control_characters_are_removed_on_the_exact_path_too(stockton, write) -> None:
    rows = [police_row(location="Bell\x07 Street"), police_row() + ",extra"]
    [summary] = import_files(stockton, "police-uk", [police_file(write, rows)])
    assert table(stockton, "SELECT location FROM incidents") == [("Bell Street",)]
    assert any("removed from 1 value(s)" in w for w in summary.warnings)


def test_control_characters_are_removed_from_parquet_values(stockton, tmp_path) -> None:
    path = tmp_path / "asb.parquet"
    stockton.execute(
        "COPY (SELECT 'A1' AS id, DATE '2021-08-03' AS occurred, 'Beg' || chr(27) || '[2Jging' AS category,"
        " 'stockton-town-centre' AS area) TO '" + str(path) + "' (FORMAT parquet)"
    )
    [summary] = import_files(stockton, "incidents", [path], source="council-asb")
    assert scalar(stockton, "SELECT category FROM incidents") == "Beg[2Jging"
    assert summary.accounting == "1 data rows = 1 stored + 0 rejected + 0 skipped"
