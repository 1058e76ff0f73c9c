"""queries/district_change.sql, district_interventions.sql and the district report on a
hand-countable fixture (tests/data/district.sql)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from psg_tui.core.district import NO_PRIORITY_GIVEN, actions_by_priority
from psg_tui.core.evidence_maps import PRIORITIES_ENV, TOPICS_ENV, load_priorities
from psg_tui.core.meeting import Meeting
from psg_tui.core.minutes.model import Action
from psg_tui.core.periods import Period
from tests.district_fixture import build_district

OCT = Period(2026, 10)


@pytest.fixture
def district_db(tmp_path: Path) -> Path:
    return build_district(tmp_path / "district.duckdb")


def run(db: Path, name: str, period: Period = OCT) -> list[dict]:
    meeting = Meeting(db)
    try:
        return meeting.run(meeting.queries[name], period).dicts()
    finally:
        meeting.close()


def test_twelve_months_against_the_twelve_before(district_db: Path) -> None:
    rows = run(district_db, "district_change")
    totals = {
        r["category"]: (r["previous_year"], r["this_year"], r["change"], r["change_pct"])
        for r in rows
        if r["level"] == "total"
    }
    assert totals == {
        "All incidents": (168, 116, -52, -31.0),
        "All recorded crime": (132, 78, -54, -40.9),  # police.uk rows but not ASB
    }
    categories = [
        (r["priority"], r["category"], r["previous_year"], r["this_year"], r["change_pct"])
        for r in rows
        if r["level"] == "category"
    ]
    assert categories == [
        ("Anti-social behaviour and feelings of safety", "Anti-social behaviour", 36, 36, 0.0),
        ("Drugs and alcohol", "Drugs", 12, 18, 50.0),
        ("Drugs and alcohol", "Street drinking", 0, 2, None),
        ("Reducing reoffending", "Burglary", 120, 60, -50.0),
    ]
    assert all(r["comparable"] for r in rows)


def test_no_change_without_both_whole_years(district_db: Path) -> None:
    rows = run(district_db, "district_change", Period(2026, 9))  # the earlier year starts Oct 2024: no data
    assert not rows[0]["comparable"] and rows[0]["change"] is None and rows[0]["this_year"] > 0
    assert (rows[0]["this_months"], rows[0]["previous_months"]) == (12, 11)


def test_a_year_the_database_holds_no_month_of_has_no_count(district_db: Path) -> None:
    rows = run(district_db, "district_change", Period(2025, 10))  # Nov 2023 - Oct 2024: nothing held
    assert {(r["previous_year"], r["previous_months"], r["this_months"]) for r in rows} == {(None, 0, 12)}
    assert next(r for r in rows if r["category"] == "Anti-social behaviour")["this_year"] == 36
    early = run(district_db, "district_change", Period(2024, 11))  # one month held of the later year
    assert {(r["this_months"], r["previous_year"]) for r in early} == {(1, None)}


def test_a_category_under_two_priorities_and_one_under_none(
    district_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "priorities.toml"
    mine.write_text(
        '[[priorities]]\nname = "Drugs"\ncategories = ["Drugs"]\nkinds = ["patrol"]\n'
        '[[priorities]]\nname = "Harm"\ncategories = ["Drugs", "Burglary"]\n'
    )
    monkeypatch.setenv(PRIORITIES_ENV, str(mine))
    rows = [
        (r["position"], r["priority"], r["category"])
        for r in run(district_db, "district_change")
        if r["level"] == "category"
    ]
    assert rows == [
        (1, "Drugs", "Drugs"),
        (2, "Harm", "Burglary"),
        (2, "Harm", "Drugs"),
        (1000000, None, "Anti-social behaviour"),
        (1000000, None, "Street drinking"),
    ]
    kinds = [
        (r["priority"], r["kind"], r["this_year"], r["previous_year"])
        for r in run(district_db, "district_interventions")
    ]
    assert kinds[0] == ("Drugs", "patrol", 14, 0)
    assert {k[1] for k in kinds[1:]} == {"treatment-referral", "disruption", "other"} and all(
        k[0] is None for k in kinds[1:]
    )


def test_interventions_by_priority(district_db: Path) -> None:
    rows = [
        (r["priority"], r["kind"], r["this_year"], r["previous_year"])
        for r in run(district_db, "district_interventions")
    ]
    assert rows == [
        ("Anti-social behaviour and feelings of safety", "patrol", 14, 0),
        ("Drugs and alcohol", "treatment-referral", 3, 0),
        ("Exploitation and vulnerability", "disruption", 0, 2),
        (None, "other", 1, 0),
    ]


def test_the_report_survives_a_broken_priorities_file(
    district_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "priorities.toml"
    mine.write_text("[[priorities]\n")
    monkeypatch.setenv(PRIORITIES_ENV, str(mine))
    monkeypatch.delenv(TOPICS_ENV, raising=False)
    meeting = Meeting(district_db)
    report = meeting.district_report(OCT)
    meeting.close()
    assert report.priorities is None and "is not valid TOML" in report.problems[0]
    assert "is not valid TOML" in (report.results["district_change"].error or "")
    assert [g.verdict for g in report.gaps if g.topic == "feel-less-safe"] == [
        "concern rising while recorded incidents fall"
    ]


def _action(id_: str, priority: str | None, due: date, status: str = "open") -> Action:
    return Action(id_, "t", "o", "a", date(2026, 10, 1), due, status, priority=priority)


def test_actions_by_priority_with_their_rag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRIORITIES_ENV, raising=False)
    actions = [
        _action("A-1", "ASB", date(2026, 11, 1)),  # overdue at a 20 November meeting
        _action("A-2", "drugs AND alcohol", date(2026, 11, 24)),  # within 7 days
        _action("A-3", "Parking", date(2026, 12, 20)),
        _action("A-4", None, date(2026, 12, 20), "done"),
    ]
    groups = actions_by_priority(actions, load_priorities(), date(2026, 11, 20))
    assert len(groups) == 8  # six priorities (listed even when empty), Parking, no priority
    by = {g.heading: [(a.id, rag) for a, rag in g.actions] for g in groups}
    assert by["Anti-social behaviour and feelings of safety"] == [("A-1", "red")]
    assert by["Drugs and alcohol"] == [("A-2", "amber")]
    assert by["Parking"] == [("A-3", "green")] and not groups[6].in_file
    assert by[NO_PRIORITY_GIVEN] == [("A-4", "blue")]
    assert by["Serious and organised crime"] == []


def test_an_own_perception_gap_file_that_does_not_fit_fails_only_its_panel(
    district_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "perception_gap.sql").write_text(
        "-- scope: district\n-- render: perception\nSELECT 'asb' AS topic, 0 AS respondents\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))
    meeting = Meeting(district_db)
    report = meeting.district_report(OCT)
    meeting.close()
    assert report.gaps == []
    assert "has no wave, wave_date, agreeing, incidents columns" in (
        report.results["perception_gap"].error or ""
    )
    assert report.results["district_change"].error is None
