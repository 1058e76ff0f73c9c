"""The floor binds the same values as the app and runs the same query files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import floor

from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period


def test_floor_parameters_match_period_parameters() -> None:
    for period in (Period(2026, 10), Period(2024, 2), Period(2025, 1), Period(2016, 12)):
        assert floor.parameters(period.start, date(2026, 11, 19)) == period.parameters(date(2026, 11, 19))


def test_floor_runs_the_dashboards_area_queries_in_its_order(small_db: Path) -> None:
    meeting = Meeting(small_db)
    try:
        assert [name for name, _, _ in floor.load("area")] == [q.name for q in meeting.area_queries()]
        assert [name for name, _, _ in floor.load("overview")] == ["overview"]
    finally:
        meeting.close()


def test_the_floor_binds_the_panel_values_the_app_binds() -> None:
    """The floor may not import psg_tui, so it keeps its own copy of the app's fixed values."""
    import floor

    from psg_tui.core.evidence_maps import load_topics
    from psg_tui.core.queries import MIN_RESIDENTS

    assert floor.MIN_RESIDENTS == MIN_RESIDENTS
    assert load_topics().as_parameter() == floor.TOPIC_CATEGORIES
