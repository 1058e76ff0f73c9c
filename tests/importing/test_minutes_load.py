"""`psg db load-minutes` checks actions like an import checks rows: an unknown area is a reject."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.database import init_db, open_database
from psg_tui.core.minutes import dump_minutes, read_minutes
from psg_tui.importing import import_into_database
from psg_tui.importing.sample import sample_minutes_path
from tests.importing.conftest import LOOKUP

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The Stockton wards and the sample's hotspots: every area the sample minutes name."""
    path = tmp_path / "meeting.duckdb"
    init_db(path)
    import_into_database(path, "ons-wards", [LOOKUP])
    import_into_database(path, "areas", [ROOT / "sample_db" / "areas.csv"])
    return path


def minutes_with_areas(tmp_path: Path, areas: dict[str, str]) -> Path:
    """The sample minutes with some actions moved to other areas."""
    m = read_minutes(sample_minutes_path())
    actions = [dataclasses.replace(a, area=areas.get(a.id, a.area)) for a in m.actions]
    path = tmp_path / "minutes.toml"
    path.write_text(dump_minutes(dataclasses.replace(m, actions=tuple(actions))), encoding="utf-8")
    return path


def loaded(db: Path) -> list[str]:
    con = open_database(db)
    try:
        return [r[0] for r in con.execute("SELECT id FROM actions ORDER BY id").fetchall()]
    finally:
        con.close()


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_actions_for_areas_the_database_lacks_are_rejected_and_listed(db, tmp_path, capsys) -> None:
    ids = [a.id for a in read_minutes(sample_minutes_path()).actions]
    path = minutes_with_areas(tmp_path, {ids[0]: "middlesbrough-centre", ids[3]: "no-such-area"})
    code, out, _ = run(capsys, "db", "load-minutes", db, path)
    assert code == 0
    assert "Loaded 13 action(s)" in out
    assert "2 rejected action(s), not loaded:" in out
    assert f"minutes.toml action {ids[0]}: area: unknown area 'middlesbrough-centre'" in out
    assert loaded(db) == sorted(set(ids) - {ids[0], ids[3]})
    listing = tmp_path / "meeting-rejects-minutes.csv"
    assert f"All rejected actions: {listing}" in out
    with listing.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["file", "action", "field", "reason"]
    assert [(r[1], r[2]) for r in rows[1:]] == [(ids[0], "area"), (ids[3], "area")]
    # the next clean load removes the stale listing
    assert main(["db", "load-minutes", str(db), str(sample_minutes_path())]) == 0
    assert not listing.exists()


def test_strict_loads_nothing_when_an_action_is_rejected(db, tmp_path, capsys) -> None:
    ids = [a.id for a in read_minutes(sample_minutes_path()).actions]
    path = minutes_with_areas(tmp_path, {ids[1]: "elsewhere"})
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, out, err = run(capsys, "db", "load-minutes", db, path, "--strict")
    assert code == 65
    assert "--strict is on, so nothing was loaded" in err and f"action {ids[1]}, area" in err
    assert f"action {ids[1]}: area: unknown area 'elsewhere'" in out
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert loaded(db) == []


def test_minutes_whose_every_action_is_rejected_load_nothing(db, tmp_path, capsys) -> None:
    ids = [a.id for a in read_minutes(sample_minutes_path()).actions]
    path = minutes_with_areas(tmp_path, dict.fromkeys(ids, "nowhere"))
    code, _, err = run(capsys, "db", "load-minutes", db, path)
    assert code == 65 and "15 rejected action(s) and every action in it was rejected" in err
    assert loaded(db) == []


def test_minutes_kept_with_another_database_load_with_a_warning_naming_both(db, tmp_path, capsys) -> None:
    """As the dashboard does: the chair may have renamed the database, so it is told, not refused."""
    sample = read_minutes(sample_minutes_path())
    assert sample.meeting.database == "stockton-sample.duckdb"
    code, out, err = run(capsys, "db", "load-minutes", db, sample_minutes_path())
    assert code == 0 and "Loaded 15 action(s)" in out
    assert (
        f"was kept with the database stockton-sample.duckdb, but its actions are being loaded into {db}"
        in err
    )
    assert "psg db load-minutes stockton-sample.duckdb" in err

    same = tmp_path / "same.toml"
    meeting = dataclasses.replace(sample.meeting, database="meeting.duckdb")
    same.write_text(dump_minutes(dataclasses.replace(sample, meeting=meeting)), encoding="utf-8")
    code, _, err = run(capsys, "db", "load-minutes", db, same)
    assert code == 0 and "Warning" not in err
