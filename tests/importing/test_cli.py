"""`psg db import` and `psg db check` through the real entry point: output, exit codes, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from psg_tui.cli import main
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


@pytest.mark.slow
def test_import_prints_the_summary(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "db", "import", db, "police-uk", POLICE_FILE)
    assert code == 0
    assert "8,425" in out and "2,271" in out and "6,154" in out
    assert "skipped 6,154 rows of 2021-08-cleveland-street.csv: LSOA not in any area of this database" in out
    for column in ("read", "stored", "skipped", "rejected", "warnings", "time"):
        assert column in out


@pytest.mark.slow
def test_rejects_are_listed_and_written_beside_the_database(db: Path, tmp_path: Path, capsys) -> None:
    rows = [police_row(month=f"2021-{13 + i}") for i in range(12)] + [police_row()]
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([POLICE_HEADER, *rows]) + "\n")
    code, out, _ = run(capsys, "db", "import", db, "police-uk", bad)
    assert code == 0
    assert "12 rejected rows" in out
    assert "bad.csv row 1: Month: Month '2021-13' is not YYYY-MM" in out
    assert "bad.csv row 10:" in out and "bad.csv row 11:" not in out
    assert "... and 2 more" in out
    rejects = tmp_path / "meeting-rejects-police-uk.csv"
    assert f"All rejected rows: {rejects}" in out
    assert len(rejects.read_text().splitlines()) == 13


@pytest.mark.slow
def test_strict_fails_with_65_and_explains(db: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([POLICE_HEADER, police_row(), police_row(crime_type="")]) + "\n")
    code, out, err = run(capsys, "db", "import", db, "police-uk", bad, "--strict")
    assert code == 65
    assert "nothing stored" in out
    assert "psg: " in err and "--strict is on, so nothing was imported" in err
    code, out, _ = run(capsys, "db", "check", db)
    assert "no incidents: import police.uk files" in out


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (lambda d: d / "nope.csv", 66, "There is no file at"),
        (lambda d: (d / "x.csv").write_text("id,name\n") and d / "x.csv", 65, "Expected: Crime ID,Month"),
        (lambda d: (d / "e.csv").write_bytes(b"") or d / "e.csv", 65, "is empty"),
    ],
)
def test_bad_inputs_exit_with_a_message(db: Path, tmp_path: Path, capsys, make, code, message) -> None:
    got, _, err = run(capsys, "db", "import", db, "police-uk", make(tmp_path))
    assert got == code
    assert message in err


def test_a_missing_database_is_reported(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "db", "import", tmp_path / "none.duckdb", "police-uk", POLICE_FILE)
    assert code == 66 and "There is no database" in err


def test_incidents_with_a_map_and_a_source(db: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "map.toml").write_text('id = "Ref"\noccurred = "Date"\ncategory = "Type"\narea = "Ward"\n')
    (tmp_path / "x.csv").write_text("Ref,Date,Type,Ward\n1,2026-10-01,Begging,stockton-town-centre\n")
    code, out, _ = run(
        capsys,
        "db",
        "import",
        db,
        "incidents",
        tmp_path / "x.csv",
        "--source",
        "council-asb",
        "--map",
        tmp_path / "map.toml",
    )
    assert code == 0 and "x.csv" in out
    (tmp_path / "y.csv").write_text("id,occurred,category,area\n1,2026-10-01,Begging,stockton-town-centre\n")
    code, _, err = run(capsys, "db", "import", db, "incidents", tmp_path / "y.csv")
    assert code == 2 and "--source NAME" in err


def test_import_help_documents_kinds_and_the_map(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["db", "import", "--help"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert 'occurred = "Date Reported"' in out and "pspo-breaches" in out and "--strict" in out


@pytest.mark.slow
def test_check_exit_codes(db: Path, capsys) -> None:
    run(capsys, "db", "import", db, "police-uk", POLICE_FILE)
    code, out, _ = run(capsys, "db", "check", db)
    assert code == 0
    assert "Newest complete month: 2021-08" in out and "0 error(s)" in out
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("INSERT INTO area_lsoas VALUES ('gone', 'E01012262', NULL)")
    con.close()
    code, out, _ = run(capsys, "db", "check", db)
    assert code == 65
    assert "error area_lsoas: 1 LSOA links to unknown areas (e.g. gone)" in out


def test_a_hostile_file_name_is_printed_as_text_never_as_terminal_codes_or_markup(
    db: Path, tmp_path: Path, capsys
) -> None:
    """A file's name is the analyst's download, not ours: its control characters are shown as
    escapes and its brackets as brackets, in the summary, the accounting and the refusal."""
    folder = tmp_path / "download"
    folder.mkdir()
    lines = POLICE_FILE.read_text(encoding="utf-8").splitlines()[:40]
    hostile = folder / "2021-08-[red]x[bold]\x1b[31mcleveland-street.csv"
    hostile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "db", "import", db, "police-uk", hostile)
    assert code in (0, 65)
    assert "\x1b" not in out + err
    assert "[red]x[bold]\\x1b[31mcleveland-street.csv" in out + err
    code, out, err = run(capsys, "db", "import", db, "police-uk", folder)
    assert code in (0, 65)
    assert "\x1b" not in out + err
    assert "[red]x[bold]" in out + err
