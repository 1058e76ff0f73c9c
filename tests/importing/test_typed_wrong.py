"""What a user typed or saved a little wrong is named with the fix: a mistyped
import kind or area gets "did you mean", police.uk headers match whatever their case, and an
Excel workbook or an Excel-reformatted Month is said to be one."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.text import did_you_mean
from psg_tui.importing.rejects import REJECT_COLUMNS
from tests.importing.conftest import LOOKUP, POLICE_FILE, POLICE_HEADER, police_row


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(path)]) == 0
    assert main(["db", "import", str(path), "ons-wards", str(LOOKUP)]) == 0
    capsys.readouterr()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_did_you_mean_folds_case_spaces_and_names() -> None:
    kinds = ("police-uk", "incidents", "closure-orders", "pspos", "pspo-breaches")
    assert did_you_mean("polic-uk", kinds) == "Did you mean police-uk?"
    assert did_you_mean("Closure Orders", kinds) == "Did you mean closure-orders?"
    assert did_you_mean("pspo", kinds).startswith("Did you mean pspos")  # type: ignore[union-attr]
    assert (
        did_you_mean("closure", ("closure-orders", "closure-notices"))
        == "Did you mean closure-orders or closure-notices?"
    )
    assert did_you_mean("weather", kinds) is None
    areas = {"stockton-town-centre": "Stockton Town Centre", "norton-north": "Norton North"}
    assert did_you_mean("Stockton Town Centre", areas) == "Did you mean stockton-town-centre?"
    assert did_you_mean("nortn-north", areas) == "Did you mean norton-north?"


def test_an_unknown_import_kind_suggests_the_one_meant(db: Path, capsys) -> None:
    code, out, err = run(capsys, "db", "import", db, "polce-uk", POLICE_FILE)
    assert code == 2 and out == ""
    assert (
        "There is no import kind 'polce-uk'." in err
        and "Did you mean police-uk or police-uk-outcomes?" in err
    )
    assert "The kinds: police-uk, police-uk-outcomes, police-uk-stop-and-search, incidents," in err


@pytest.mark.slow
def test_an_unknown_area_suggests_the_one_meant(db: Path, capsys) -> None:
    assert main(["db", "import", str(db), "police-uk", str(POLICE_FILE)]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "query", db, "area_categories", "--area", "stockton-town-centr")
    assert code == 2 and "There is no area 'stockton-town-centr'" in err
    assert "Did you mean stockton-town-centre?" in err


@pytest.mark.parametrize("header", [POLICE_HEADER.upper(), POLICE_HEADER.lower().replace(",", " , ")])
def test_police_uk_headers_match_whatever_their_case(db: Path, tmp_path: Path, header: str, capsys) -> None:
    lines = POLICE_FILE.read_text(encoding="utf-8").splitlines()
    shouted = tmp_path / "2021-08-cleveland-street.csv"
    shouted.write_text("\n".join([header, *lines[1:]]) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "db", "import", db, "police-uk", shouted)
    assert code == 0 and "2,271" in out  # the same rows as the file as published


def test_an_excel_workbook_is_named_with_the_fix(db: Path, tmp_path: Path, capsys) -> None:
    book = tmp_path / "closures.xlsx"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    code, _, err = run(capsys, "db", "import", db, "closure-orders", book)
    assert code == 65
    assert "closures.xlsx is an Excel workbook, not a CSV file." in err
    assert "Save As > 'CSV UTF-8 (comma delimited)'" in err


def test_a_month_excel_reformatted_is_named_with_the_fix(db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "2021-09.csv"
    bad.write_text(
        "\n".join([POLICE_HEADER, police_row(month="Sep-21"), police_row(month="2021/09"), police_row()])
        + "\n"
    )
    code, out, _ = run(capsys, "db", "import", db, "police-uk", bad)
    assert code == 0
    assert "row 1: Month: Month 'Sep-21' is not YYYY-MM: Excel rewrites the month this way" in out
    assert (
        "row 2: Month: Month '2021/09' is not YYYY-MM" in out
        and "row 2: Month: Month '2021/09' is not YYYY-MM: Excel" not in out
    )


CLOSURES = (
    "id,premises,area,kind,issued,hearing,expires,status,applicant\n"
    "CO-1,1 Fictional Row,stockton-town-centre,order,2026-09-01,,2026-12-01,granted,Cleveland Police\n"
    "CO-2,2 Fictional Row,stockton-town-centr,order,2026-09-01,,2026-12-01,granted,Cleveland Police\n"
    'CO-3,"3 Fictional Row, Stockton",stockton-town-centre,order,2026-13-01,,2026-12-01,granted,Council\n'
)


def test_the_rejects_file_holds_the_rows_and_imports_again_once_corrected(
    db: Path, tmp_path: Path, capsys
) -> None:
    registers = tmp_path / "closures.csv"
    registers.write_text(CLOSURES, encoding="utf-8")
    code, out, _ = run(capsys, "db", "import", db, "closure-orders", registers)
    assert code == 0 and "2 rejected rows" in out
    rejects = tmp_path / "meeting-rejects-closure-orders.csv"
    with rejects.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*REJECT_COLUMNS, *CLOSURES.splitlines()[0].split(",")]
    assert [r[1:3] for r in rows[1:]] == [["2", "area"], ["3", "issued"]]
    assert rows[1][4:] == CLOSURES.splitlines()[2].split(",")  # the row's own values, as written
    assert rows[2][5] == "3 Fictional Row, Stockton" and rows[2][8] == "2026-13-01"

    # Corrected in place, the rejects file is imported as it is: its own four columns are not data.
    rows[1][6], rows[2][8] = "stockton-town-centre", "2026-10-01"
    with rejects.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    corrected = tmp_path / "corrected.csv"
    rejects.rename(corrected)
    code, out, _ = run(capsys, "db", "import", db, "closure-orders", corrected)
    assert code == 0 and "= 2 stored + 0 rejected" in out and "columns not used" not in out
    assert "closure_orders: 1 row → 3 (2 new, 0 updated, 0 unchanged)" in out
    assert not rejects.exists()


def test_a_rejected_subject_is_not_copied_into_the_rejects_file(db: Path, tmp_path: Path, capsys) -> None:
    iv = tmp_path / "iv.csv"
    iv.write_text(
        "date,area,operation,kind,count,agency,subject,outcome,phase,hours\n"
        "2025-07-05,stockton-town-centre,,cpw,,Council,John Smith,Served at the door,,\n",
        encoding="utf-8",
    )
    code, _, _ = run(capsys, "db", "import", db, "interventions", iv)
    assert code == 65  # its only row refused: nothing stored, the rejects listed
    text = (tmp_path / "meeting-rejects-interventions.csv").read_text(encoding="utf-8")
    assert "looks like a person's name" in text and "John Smith" not in text
    assert "Served at the door" in text and "2025-07-05" in text  # the rest of the row is there


def test_a_parquet_files_rejects_carry_its_values(db: Path, tmp_path: Path, capsys) -> None:
    import duckdb

    extract = tmp_path / "extract.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES ('C1', '2021-08-14', 'Street drinking', 'stockton-town-centre'),"
        " ('C2', 'nope', 'Street drinking', 'stockton-town-centre')) t(id, occurred, category, area))"
        f" TO '{extract}' (FORMAT parquet)"
    )
    code, _, _ = run(capsys, "db", "import", db, "incidents", extract, "--source", "council-asb")
    assert code == 0
    with (tmp_path / "meeting-rejects-incidents.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][4:] == ["id", "occurred", "category", "area"]
    assert rows[1][1:3] == ["2", "occurred"] and rows[1][4:] == [
        "C2",
        "nope",
        "Street drinking",
        "stockton-town-centre",
    ]
