"""Published minutes print area names from the meeting's database, not area ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import SAMPLE, run

NAME, ID = "Parkfield & Oxbridge (Project Harmony)", "parkfield-oxbridge-harmony"


@pytest.fixture
def beside_db(sample_db: Path, tmp_path: Path) -> Path:
    """The sample minutes in a folder with the database they name (`database = "stockton-sample.duckdb"`)."""
    folder = tmp_path / "meeting"
    folder.mkdir()
    shutil.copy(sample_db, folder / "stockton-sample.duckdb")
    minutes = folder / "minutes.toml"
    minutes.write_bytes(SAMPLE.read_bytes())
    return minutes


@pytest.mark.parametrize("command", [("show",), ("export", "--format", "md"), ("export", "--format", "html")])
def test_names_from_the_database_the_minutes_name(beside_db: Path, command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run(capsys, "minutes", command[0], str(beside_db), *command[1:])
    assert (code, err) == (0, "")
    out = out.replace("&amp;", "&")
    assert NAME in out and "Stockton High Street (Operation Shield)" in out
    assert ID not in out and "stockton-high-street" not in out
    assert "parkfield-and-oxbridge" not in out  # a ward's id too: 'Parkfield and Oxbridge'


def test_redacted_copies_keep_area_names(beside_db: Path, capsys):
    code, out, _ = run(capsys, "minutes", "export", str(beside_db), "--format", "md", "--redact")
    assert code == 0 and NAME in out and "Mandale and Victoria" in out


def test_db_option_names_the_database(sample_db: Path, tmp_path: Path, capsys):
    minutes = tmp_path / "elsewhere.toml"
    minutes.write_bytes(SAMPLE.read_bytes())
    code, out, err = run(capsys, "minutes", "show", str(minutes), "--db", str(sample_db))
    assert (code, err) == (0, "") and NAME in out and ID not in out


def test_without_a_database_the_ids_with_a_one_line_note(tmp_path: Path, capsys):
    minutes = tmp_path / "alone.toml"
    minutes.write_bytes(SAMPLE.read_bytes())
    code, out, err = run(capsys, "minutes", "show", str(minutes))
    assert code == 0 and ID in out
    assert (
        err.count("\n") == 1
        and "areas are shown by id" in err
        and "stockton-sample.duckdb was not found" in err
    )
    assert "--db" in err


def test_a_db_given_but_missing_or_not_a_database_is_an_error(tmp_path: Path, capsys):
    minutes = tmp_path / "m.toml"
    minutes.write_bytes(SAMPLE.read_bytes())
    code, out, err = run(capsys, "minutes", "show", str(minutes), "--db", str(tmp_path / "none.duckdb"))
    assert (code, out) == (66, "") and "There is no database" in err
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_text("not a database", encoding="utf-8")
    code, out, err = run(capsys, "minutes", "show", str(minutes), "--db", str(bogus))
    assert code in (65, 66) and out == "" and "Traceback" not in err


def test_the_minutes_database_unreadable_is_a_note_not_a_failure(tmp_path: Path, capsys):
    minutes = tmp_path / "m.toml"
    minutes.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "stockton-sample.duckdb").write_text("not a database", encoding="utf-8")
    code, out, err = run(capsys, "minutes", "show", str(minutes))
    assert code == 0 and ID in out and err.startswith("note: areas are shown by id") and err.count("\n") == 1
