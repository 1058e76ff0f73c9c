"""A database changed by hand never shows a count kept out of step: the months whose counts differ
from the incidents are found when it is opened, and the count panels read the raw rows for them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period
from psg_tui.importing.derived import refresh_derived

TODAY = date(2026, 11, 19)
OCT = Period(2026, 10)
PANELS = ("area_categories", "area_trend")


def _changed(db: Path, *statements: str) -> Path:
    con = duckdb.connect(str(db))
    for statement in statements:
        con.execute(statement)
    con.close()
    return db


def _figures(db: Path) -> dict:
    meeting = Meeting(db, today=TODAY)
    try:
        shown = {"overview": meeting.overview(OCT).rows}
        for area in meeting.area_names():
            for name in PANELS:
                shown[name, area] = meeting.run(meeting.queries[name], OCT, area).rows
        return shown
    finally:
        meeting.close()


def _rebuilt(db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(db, copy)
    con = duckdb.connect(str(copy))
    refresh_derived(con)
    con.close()
    return copy


def _stale(db: Path) -> list[date]:
    meeting = Meeting(db, today=TODAY)
    try:
        return meeting.stale_months
    finally:
        meeting.close()


@pytest.mark.parametrize(
    ("statements", "stale"),
    [
        (
            ("DELETE FROM incidents WHERE month = DATE '2026-10-01' AND category = 'Burglary'",),
            [date(2026, 10, 1)],
        ),
        (
            (
                "INSERT INTO incidents SELECT id || 'x', source, source_ref, batch, month, occurred, precision,"
                " category, area_id, lsoa_code, location, latitude, longitude, outcome, operation FROM incidents"
                " WHERE month = DATE '2026-09-01'",
            ),
            [date(2026, 9, 1)],
        ),
        (
            ("UPDATE incident_counts SET incidents = incidents + 5 WHERE month = DATE '2026-10-01'",),
            [date(2026, 10, 1)],
        ),
        (("DELETE FROM incident_counts",), "all"),
        (("DELETE FROM meta WHERE key = 'incident_tally'",), "all"),
    ],
)
def test_months_changed_by_hand_are_stale_and_shown_from_the_raw_rows(
    mini_db: Path, tmp_path: Path, statements: tuple[str, ...], stale
) -> None:
    db = _changed(mini_db, *statements)
    found = _stale(db)
    if stale == "all":
        con = duckdb.connect(str(db), read_only=True)
        stale = [r[0] for r in con.execute("SELECT DISTINCT month FROM incidents ORDER BY 1").fetchall()]
        con.close()
    assert found == stale
    if found:
        assert _figures(db) == _figures(_rebuilt(db, tmp_path))


def test_a_database_kept_by_the_imports_has_no_stale_month(mini_db: Path, sample_db: Path) -> None:
    assert _stale(mini_db) == [] and _stale(sample_db) == []


def test_psg_query_says_which_months_are_counted_from_the_raw_rows(
    mini_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from psg_tui.cli import main

    db = _changed(mini_db, "DELETE FROM incidents WHERE month = DATE '2026-10-01' AND category = 'Burglary'")
    assert main(["query", str(db), "area_trend", "--area", "north-ward", "--period", "2026-10"]) == 0
    err = capsys.readouterr().err
    assert "out of step with its incidents for 2026-10" in err and "psg db rebuild" in err
    assert main(["db", "rebuild", str(db)]) == 0
    assert _stale(db) == []
    capsys.readouterr()
    assert main(["query", str(db), "area_trend", "--area", "north-ward", "--period", "2026-10"]) == 0
    assert "out of step" not in capsys.readouterr().err


def test_the_months_held_come_from_the_record_while_it_matches(sample_db: Path, tmp_path: Path) -> None:
    """Opening reads the months held from the imports' record instead of every incident's month,
    with the same coverage; once the incidents' total differs from the record it scans them."""
    from psg_tui.core.counts import tallied_months
    from psg_tui.core.coverage import read_coverage
    from psg_tui.core.database import open_database

    db = Path(shutil.copy(sample_db, tmp_path / "copy.duckdb"))
    con = open_database(db)
    try:
        held = tallied_months(con)
        assert held is not None and len(held) >= 12
        assert read_coverage(con, TODAY, held) == read_coverage(con, TODAY)
    finally:
        con.close()
    _changed(db, "DELETE FROM incidents WHERE month = DATE '2025-10-01'")
    con = open_database(db)
    try:
        assert tallied_months(con) is None  # the record no longer matches: every month is read
        coverage = read_coverage(con, TODAY)
        assert Period(2025, 10) not in coverage.months
    finally:
        con.close()
    assert Period(2025, 10) not in Meeting(db, today=TODAY).coverage.months
