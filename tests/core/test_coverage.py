"""A month without data is no comparison; out-of-range months never crash a reader
and never become the default period; data never drives the terminal through
`psg query`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from psg_tui.cli import main
from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period
from psg_tui.importing.check import check_database
from psg_tui.importing.derived import refresh_derived

OCT, SEP = Period(2026, 10), Period(2026, 9)
TODAY = date(2026, 12, 3)


def _sql(db: Path, *statements: str) -> Path:
    """The database changed by `statements`, with its derived tables in step (as imports keep them)."""
    con = duckdb.connect(str(db))
    for statement in statements:
        con.execute(statement)
    refresh_derived(con)
    con.close()
    return db


def _one_month(db: Path) -> Path:
    """The issue's case: one police.uk month loaded, and nothing else that makes an area red."""
    return _sql(
        db,
        "DELETE FROM incidents WHERE month <> DATE '2026-10-01'",
        "DELETE FROM actions",
        "DELETE FROM closure_orders",
        "DELETE FROM pspo_breaches",
    )


def test_one_month_loaded_is_no_comparison_not_a_rise(mini_db: Path) -> None:
    meeting = Meeting(_one_month(mini_db), today=TODAY)
    rows = {r["area_id"]: r for r in meeting.overview(OCT).dicts()}
    north = rows["north-ward"]
    assert (north["incidents"], north["previous"], north["change"], north["change_pct"]) == (
        10,
        None,
        None,
        None,
    )
    assert {r["rag"] for r in rows.values()} == {"green"}  # 10 against a missing month is not "up 10"
    assert north["concern"] == 10  # no rise counted
    assert north["trend"] == [None] * 11 + [10]  # the months before are gaps, not zeros
    panels = {k: v.dicts() for k, v in meeting.area_panels("north-ward", OCT).items()}
    everything = next(r for r in panels["area_categories"] if r["category"] == "All incidents")
    assert (everything["this_period"], everything["previous"], everything["last_year"]) == (10, None, None)
    assert everything["change"] is None and everything["change_ly_pct"] is None
    trend = panels["area_trend"]
    assert [r["incidents"] for r in trend] == [None] * 23 + [10]
    assert all(r["year_before"] is None for r in trend)
    assert panels["area_locations"][0]["previous"] is None
    assert meeting.month_sources(OCT).against(OCT, SEP) == "no comparison: no data for Sep 2026"
    meeting.close()


def test_psg_query_exports_null_not_zero(
    mini_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # a table as wide as it needs
    db = _one_month(mini_db)
    assert main(["query", str(db), "overview", "--format", "json"]) == 0
    north = next(r for r in json.loads(capsys.readouterr().out) if r["area_id"] == "north-ward")
    assert (north["previous"], north["change"], north["rag"]) == (None, None, "green")
    assert main(["query", str(db), "overview", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, north_line = lines[0].split(","), next(line for line in lines if line.startswith("north-ward"))
    values = dict(zip(header, north_line.split(","), strict=True))
    assert (values["incidents"], values["previous"], values["change"]) == ("10", "", "")
    assert values["trend"] == ";" * 11 + "10"
    assert main(["query", str(db), "area_categories", "--area", "north-ward"]) == 0
    table = capsys.readouterr().out
    assert "no comparison: no data for Sep 2026" in table and "no data for Oct 2025" in table


def test_a_gap_month_inside_the_data_has_no_figure(mini_db: Path) -> None:
    """September missing between August and October: October is not compared with it."""
    db = _sql(
        mini_db,
        "UPDATE incidents SET month = DATE '2026-08-01', occurred = TIMESTAMP '2026-08-01'"
        " WHERE month = DATE '2026-09-01'",
    )
    meeting = Meeting(db, today=TODAY)
    rows = {r["area_id"]: r for r in meeting.overview(OCT).dicts()}
    assert rows["north-ward"]["previous"] is None and rows["north-ward"]["trend"][-3:] == [6, None, 10]
    sep = {r["area_id"]: r for r in meeting.overview(SEP).dicts()}  # a month with no data at all
    assert sep["north-ward"]["incidents"] is None and sep["north-ward"]["previous"] is None
    assert meeting.month_sources(SEP).against(SEP, Period(2026, 8)) == "no comparison: no data for Sep 2026"
    meeting.close()


def test_a_month_with_police_uk_but_no_council_rows_is_compared_and_says_so(mini_db: Path) -> None:
    """The documented rule: police.uk (whole months) decides; a local extract's quiet month
    counts as none, and the comparison names the source with no rows."""
    meeting = Meeting(mini_db, today=TODAY)
    window = meeting.month_sources(OCT)
    assert window.compare(OCT, SEP).made
    assert window.against(OCT, SEP) == "against Sep 2026 (council-asb, partner-log: no rows in Sep 2026)"
    north = next(r for r in meeting.overview(OCT).dicts() if r["area_id"] == "north-ward")
    assert (north["incidents"], north["previous"]) == (10, 6)
    meeting.close()


def test_a_month_with_council_rows_but_no_police_uk_is_not_compared() -> None:
    from psg_tui.core.coverage import MonthSources

    window = MonthSources(
        {OCT: frozenset({"police-uk", "council-asb"}), SEP: frozenset({"council-asb"})},
        frozenset({"police-uk"}),
    )
    assert not window.compare(OCT, SEP).made
    assert window.against(OCT, SEP) == "no comparison: no police-uk data for Sep 2026"
    assert not window.has_data(SEP)
    local_only = MonthSources({OCT: frozenset({"council-asb"}), SEP: frozenset({"council-asb"})}, frozenset())
    assert local_only.compare(OCT, SEP).made  # a database with no police.uk: any rows count


def _hostile_months(db: Path) -> Path:
    """Months an older importer let in (counted in incident_counts, as `psg db upgrade` would)."""
    insert = (
        "INSERT INTO incidents SELECT id || '{m}', source, source_ref, batch, DATE '{m}', "
        "CAST(DATE '{m}' AS TIMESTAMP), precision, category, area_id, lsoa_code, location, latitude, "
        "longitude, outcome, operation FROM incidents WHERE source = 'police-uk' LIMIT 2"
    )
    return _sql(db, *(insert.format(m=m) for m in ("9999-12-01", "0000-01-01", "2099-01-01")))


def test_out_of_range_months_never_crash_a_reader(mini_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = _hostile_months(mini_db)
    meeting = Meeting(db, today=TODAY)
    assert meeting.default_period() == OCT  # not 2099-01, never after the current month
    assert meeting.coverage.months[-1] == OCT and meeting.coverage.months[0] == Period(2025, 10)
    meeting.close()
    for command in (
        ["query", str(db), "overview"],
        ["query", str(db), "months", "--format", "json"],
        ["query", str(db), "area_trend", "--area", "north-ward"],
    ):
        assert main(command) == 0, command
        shown = capsys.readouterr()
        assert "Traceback" not in shown.err and "9999" not in shown.out and "2099" not in shown.out
    con = duckdb.connect(str(db), read_only=True)
    report = check_database(con, today=TODAY)
    con.close()
    [finding] = [f for f in report.warnings if "incidents have a month" in f.message]
    assert (
        "6 incidents have a month before 1900-01 or after 2026-12 (0000-01, 2099-01, 9999-12)"
        in finding.message
    )
    assert [c.last for c in report.coverage] == ["2026-10", "2026-10", "2026-10"]
    assert report.coverage[0].first == "2025-10"
    assert main(["db", "check", str(db)]) == 0
    assert "incidents have a month before 1900-01" in capsys.readouterr().out


def test_a_future_month_is_never_the_default_period(mini_db: Path) -> None:
    """No incidents and an as-of date in 2099: the default is still no later than this month."""
    db = _sql(mini_db, "DELETE FROM incidents", "UPDATE meta SET value = '2099-03-01' WHERE key = 'as_of'")
    meeting = Meeting(db, today=TODAY)
    assert meeting.default_period() == Period(2026, 12)
    meeting.close()


def test_psg_query_prints_control_characters_harmlessly(
    mini_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    hostile = "On or near \x1b]0;pwned\x07\x1b[2J=HYPERLINK(\u202eevil)"
    db = _sql(
        mini_db, f"UPDATE incidents SET location = {_literal(hostile)} WHERE location = 'Market Square'"
    )
    args = ["query", str(db), "area_locations", "--area", "north-hotspot"]
    assert main(args) == 0
    table = capsys.readouterr().out
    assert not any(c in table for c in "\x1b\x07\u202e")
    assert "On or near \\x1b]0;pwned\\x07\\x1b[2J=HYPERLINK(\\u202eevil)" in table  # shown, escaped
    assert main([*args, "--format", "json"]) == 0
    assert hostile in [r["location"] for r in json.loads(capsys.readouterr().out)]  # the data is kept
    assert main([*args, "--format", "csv"]) == 0
    assert hostile in capsys.readouterr().out


def test_csv_keeps_its_formula_guard_beside_the_escaping(
    mini_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = _sql(mini_db, "UPDATE incidents SET location = '=HYPERLINK(\"x\")' WHERE location = 'Market Square'")
    assert main(["query", str(db), "area_locations", "--area", "north-hotspot", "--format", "csv"]) == 0
    assert "'=HYPERLINK" in capsys.readouterr().out


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
