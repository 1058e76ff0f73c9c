"""Rates per 1,000 residents and deprivation, against figures worked out by hand.

The mini partnership (tests/data/mini.sql) with the residents and IMD deciles of
tests/evidence_fixture.py:
  E01000001 (North 001A): 1,500 residents, IMD 2025 decile 1 (2019: decile 3)
  E01000002 (North 001B): 2,500 residents, IMD 2025 decile 4 (2019: decile 5)
  E01000003 (South 001A):   800 residents, IMD 2025 decile 2
North Ward = 001A + 001B = 4,000 residents; Oct 2026 incidents 5 + 4 + the hotspot's council
row = 10 (2.5 per 1,000), Sep 6 (1.5). The hotspot = 001A = 1,500; Oct 5 + 1 = 6 (4.0), Sep 2
(1.333 -> 1.3). South Ward: 800 residents, under the 1,000 threshold: counts, no rate.
North Ward's decile = (1 x 1,500 + 4 x 2,500) / 4,000 = 2.875 -> 2.9; in the most deprived 10%:
1,500 / 4,000 = 37.5%.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period
from psg_tui.core.queries import MIN_RESIDENTS, QueryResult
from psg_tui.core.rates import has_rates, rank_by_rate
from tests.evidence_fixture import add as _with
from tests.evidence_fixture import with_evidence

OCT = Period(2026, 10)


def _context(db: Path, area: str, period: Period = OCT) -> dict:
    meeting = Meeting(db)
    try:
        rows = meeting.run(meeting.queries["area_context"], period, area).dicts()
    finally:
        meeting.close()
    assert len(rows) == 1
    return rows[0]


def _overview(db: Path, period: Period = OCT) -> dict[str, dict]:
    meeting = Meeting(db)
    try:
        return {row["area_id"]: row for row in meeting.overview(period).dicts()}
    finally:
        meeting.close()


@pytest.fixture
def evidence_db(mini_db: Path) -> Path:
    return with_evidence(mini_db)


def test_rates_per_thousand_residents(evidence_db: Path) -> None:
    north = _context(evidence_db, "north-ward")
    assert (north["population"], north["period_incidents"]) == (4000, 10)
    assert (north["rate_per_1000"], north["previous_rate_per_1000"]) == (2.5, 1.5)
    assert north["note"] is None
    hotspot = _context(evidence_db, "north-hotspot")
    assert (hotspot["population"], hotspot["period_incidents"], hotspot["rate_per_1000"]) == (1500, 6, 4.0)
    assert hotspot["previous_rate_per_1000"] == 1.3


def test_the_newest_imd_edition_weighted_by_population(evidence_db: Path) -> None:
    north = _context(evidence_db, "north-ward")
    assert (north["imd_edition"], north["imd_decile"], north["most_deprived_pct"]) == ("2025", 2.9, 37.5)
    hotspot = _context(evidence_db, "north-hotspot")
    assert (hotspot["imd_decile"], hotspot["most_deprived_pct"]) == (1.0, 100.0)
    south = _context(evidence_db, "south-ward")
    assert (south["imd_decile"], south["most_deprived_pct"]) == (2.0, 0.0)  # none in decile 1: 0, not blank


def test_too_few_residents_shows_counts_and_says_why(evidence_db: Path) -> None:
    assert MIN_RESIDENTS == 1000
    south = _context(evidence_db, "south-ward")
    assert (south["population"], south["period_incidents"], south["rate_per_1000"]) == (800, 2, None)
    assert south["note"] == "no rate: 800 residents, under 1,000, too few for a rate to mean anything"
    overview = _overview(evidence_db)
    assert (overview["south-ward"]["rate"], overview["south-ward"]["rate_note"]) == (None, "few residents")
    assert (overview["north-ward"]["rate"], overview["north-hotspot"]["rate"]) == (2.5, 4.0)


def test_no_population_data_says_so(mini_db: Path) -> None:
    north = _context(mini_db, "north-ward")
    assert (north["period_incidents"], north["population"], north["rate_per_1000"]) == (10, None, None)
    assert north["note"] == "no population or deprivation data imported"  # short: it fits the projector
    overview = _overview(mini_db)
    assert not has_rates(list(overview.values()))
    assert {row["rate_note"] for row in overview.values()} == {"no population"}


def test_a_missing_estimate_is_no_rate_and_no_partial_population(mini_db: Path) -> None:
    db = _with(mini_db, "INSERT INTO population VALUES ('E01000001', 1500, 2022, 'test')")
    north = _context(db, "north-ward")
    assert (north["population"], north["rate_per_1000"]) == (None, None)
    assert (
        north["note"] == "no rate: 1 of its 2 LSOAs have no population estimate; no deprivation data imported"
    )
    assert _overview(db)["north-ward"]["rate_note"] == "part population"
    assert _context(db, "north-hotspot")["rate_per_1000"] == 4.0  # its one LSOA has an estimate


def test_deprivation_from_part_of_an_area_is_said(mini_db: Path) -> None:
    db = _with(
        with_evidence(mini_db),
        "DELETE FROM imd",
        "INSERT INTO imd VALUES ('E01000001', 2019, 'E01000001', 100, 1)",
    )
    north = _context(db, "north-ward")
    assert (north["imd_edition"], north["imd_decile"], north["most_deprived_pct"]) == ("2019", 1.0, 100.0)
    assert north["note"] == "deprivation from 1 of its 2 LSOAs"


def test_a_month_without_data_has_no_count_and_no_rate(evidence_db: Path) -> None:
    nov = _context(evidence_db, "north-ward", Period(2026, 11))  # the mini database has no November rows
    assert (nov["period_incidents"], nov["rate_per_1000"]) == (None, None)
    assert "no incident data this period" in nov["note"]
    assert nov["previous_rate_per_1000"] is None  # no comparison either, as every panel has it


def test_rank_by_rate_puts_areas_without_a_rate_last(evidence_db: Path) -> None:
    meeting = Meeting(evidence_db)
    try:
        overview = meeting.overview(OCT)
    finally:
        meeting.close()
    ranked = rank_by_rate(overview)
    assert [row["area_id"] for row in ranked.dicts()] == ["north-hotspot", "north-ward", "south-ward"]
    assert sorted(ranked.rows) == sorted(overview.rows)
    plain = QueryResult("x", ["area_id"], [("a",)])
    assert rank_by_rate(plain) is plain  # a custom overview without a rate keeps its order
