"""queries/perception_gap.sql on hand-countable fixtures (tests/data/district.sql, tests/data/mini.sql)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from psg_tui.core.evidence_maps import TOPICS_ENV
from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period
from tests.district_fixture import build_district

OCT = Period(2026, 10)


@pytest.fixture
def district_db(tmp_path: Path) -> Path:
    return build_district(tmp_path / "district.duckdb")


def run(db: Path, area: str, period: Period = OCT) -> list[dict]:
    meeting = Meeting(db)
    try:
        return meeting.run(meeting.queries["perception_gap"], period, area).dicts()
    finally:
        meeting.close()


def test_district_rows_count_the_year_before_each_wave(district_db: Path) -> None:
    rows = {(r["topic"], r["wave"]): r for r in run(district_db, "all")}
    # feel-less-safe is every category. W1 (Nov 2025): Nov 2024 - Oct 2025, the earlier year: 168.
    w1 = rows[("feel-less-safe", "W1 2025")]
    assert (w1["respondents"], w1["agreeing"], w1["share_pct"], w1["incidents"]) == (200, 100, 50.0, 168)
    assert (str(w1["window_start"]), str(w1["window_end"]), w1["months_with_data"]) == (
        "2024-11-01",
        "2025-10-01",
        12,
    )
    # W2 (Oct 2026): Oct 2025 (10 + 1 + 3) and Nov 2025 - Sep 2026 (11 x (5 + 1 + 3)) = 14 + 99 = 113;
    # October 2026's six extra drugs offences and two street-drinking reports are after the window.
    assert rows[("feel-less-safe", "W2 2026")]["incidents"] == 113
    assert rows[("drugs", "W1 2025")]["incidents"] == 12 and rows[("drugs", "W2 2026")]["incidents"] == 12
    assert rows[("asb-victim", "W2 2026")]["incidents"] == 36
    # a topic the topics file does not name has no incidents (not 0)
    assert rows[("litter", "W1 2025")]["incidents"] is None
    assert len(rows) == 7  # the north ward's rows are not the district's


def test_an_area_counts_its_own_incidents_and_only_waves_up_to_the_period(district_db: Path) -> None:
    rows = run(district_db, "north-ward")
    # W3 2027 is after October 2026: not shown yet
    assert [(r["wave"], r["agreeing"], r["incidents"]) for r in rows] == [
        ("W1 2025", 10, 12),
        ("W2 2026", 30, 12),
    ]
    assert run(district_db, "south-ward") == []
    assert [r["wave"] for r in run(district_db, "north-ward", Period(2027, 3))] == [
        "W1 2025",
        "W2 2026",
        "W3 2027",
    ]


def test_the_topics_file_reaches_the_query_as_bound_values(
    district_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "topics.toml"
    # a hostile category is a value, never SQL; a category listed twice counts once
    mine.write_text(
        '[topics.litter]\ncategories = ["Burglary", "Burglary", "x\' OR \'1\'=\'1"]\n'
        '[topics.drugs]\ncategories = ["Drugs", "*"]\n'
    )
    monkeypatch.setenv(TOPICS_ENV, str(mine))
    rows = {(r["topic"], r["wave"]): r["incidents"] for r in run(district_db, "all")}
    assert rows[("litter", "W1 2025")] == 120 and rows[("litter", "W2 2026")] == 10 + 55
    assert rows[("drugs", "W1 2025")] == 168  # '*' and Drugs: each incident once
    assert rows[("feel-less-safe", "W1 2025")] is None  # no longer in the file


def test_a_year_the_database_does_not_wholly_hold(district_db: Path) -> None:
    con = duckdb.connect(str(district_db))
    con.execute("DELETE FROM incidents WHERE month = DATE '2025-03-01'")
    con.close()
    rows = {(r["topic"], r["wave"]): r for r in run(district_db, "all")}
    assert rows[("drugs", "W1 2025")]["months_with_data"] == 11
    assert rows[("drugs", "W2 2026")]["months_with_data"] == 12


def test_a_year_the_database_holds_no_month_of_has_no_count(district_db: Path) -> None:
    """Not 'months_with_data 0, incidents 0': a year not held is said, never counted as 0."""
    con = duckdb.connect(str(district_db))
    con.execute("DELETE FROM incidents WHERE month < DATE '2025-11-01'")
    con.close()
    rows = {(r["topic"], r["wave"]): r for r in run(district_db, "all")}
    w1 = rows[("drugs", "W1 2025")]
    assert (w1["months_with_data"], w1["incidents"]) == (0, None)
    assert rows[("drugs", "W2 2026")]["incidents"] is not None


def test_no_survey_is_no_rows(mini_db: Path) -> None:
    assert run(mini_db, "all") == [] and run(mini_db, "north-ward") == []


def test_psg_query_prints_the_panels_figures(
    district_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from psg_tui.cli import main

    monkeypatch.delenv(TOPICS_ENV, raising=False)
    assert main(["query", str(district_db), "perception_gap", "--area", "all", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(",incidents,low_pct,high_pct,verdict")
    assert (
        "feel-less-safe,W2 2026,2026-10-10,200,126,63.0,2025-10-01,2026-09-01,12,113,56.1,69.4,"
        "concern rising while recorded incidents fall"
    ) in lines
    assert (
        "drugs,W1 2025,2025-11-20,100,51,51.0,2024-11-01,2025-10-01,12,12,41.3,60.6," in lines
    )  # no verdict
    # 'all' only where a file has a district figure
    assert main(["query", str(district_db), "area_categories", "--area", "all"]) == 2
    assert "'area_categories' has no district figure" in capsys.readouterr().err
    # the analyst's file with an unknown key: a warning on stderr, the figures still printed
    mine = tmp_path / "topics.toml"
    mine.write_text('[topics.drugs]\ncategories = ["Drugs"]\nweight = 2\n')
    monkeypatch.setenv(TOPICS_ENV, str(mine))
    assert (
        main(["query", str(district_db), "perception_gap", "--area", "north-ward", "--format", "json"]) == 0
    )
    out, err = capsys.readouterr()
    assert "topics.drugs.weight is not a key this file uses" in err and '"verdict": "concern rising' in out
    mine.write_text("[topics.drugs\n")
    assert main(["query", str(district_db), "perception_gap", "--area", "all"]) == 65
    out, err = capsys.readouterr()
    assert f"{mine} is not valid TOML" in err and "Traceback" not in out + err
