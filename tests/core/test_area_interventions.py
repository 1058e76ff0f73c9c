"""queries/area_interventions.sql, the area view's "What we did": figures counted by hand from
tests/data/mini_interventions.sql (on top of tests/data/mini.sql)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from psg_tui.core.database import init_db
from psg_tui.core.interventions import INTERVENTION_KINDS
from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period
from psg_tui.core.queries import load_queries
from psg_tui.publish.operations import kind_label
from tests.conftest import DATA, build_mini

AUG, SEP, OCT, DEC = Period(2026, 8), Period(2026, 9), Period(2026, 10), Period(2026, 12)
COLUMNS = ["intervention", "this_period", "previous", "work_change", "change_pct"]


def with_interventions(path: Path) -> Path:
    build_mini(path)
    con = duckdb.connect(str(path))
    try:
        con.execute((DATA / "mini_interventions.sql").read_text(encoding="utf-8"))
    finally:
        con.close()
    return path


@pytest.fixture
def meeting(tmp_path: Path):
    meeting = Meeting(with_interventions(tmp_path / "work.duckdb"))
    yield meeting
    meeting.close()


def rows(meeting: Meeting, area: str, period: Period) -> list[tuple]:
    result = meeting.run(meeting.queries["area_interventions"], period, area)
    assert result.columns == COLUMNS
    return result.rows


def test_the_header_places_it_beside_what_happened() -> None:
    queries = load_queries()
    query = queries["area_interventions"]
    assert (query.title, query.scope, query.render) == ("What we did", "area", "table")
    assert queries["area_categories"].title == "What happened"
    # next in order after "What happened": beside it in the two-column grid, under it in one
    names = [q.name for q in queries.values() if q.scope == "area" and q.render == "table"]
    assert names.index("area_interventions") == names.index("area_categories") + 1
    assert query.empty.startswith("No interventions recorded")


def test_a_ward_counts_its_own_work_and_its_hotspots(meeting: Meeting) -> None:
    # Oct: patrol 4 (hotspot), engagement 3 (ward), CPW 2 (hotspot, month precision), CPN 1 (hotspot).
    # Sep: patrol 6 (hotspot), engagement 1 (ward, no phase). Counts are summed, not rows counted.
    assert rows(meeting, "north-ward", OCT) == [
        ("All interventions", 10, 7, 3, 42.9),
        ("Clear phase", 7, 6, 1, 16.7),
        ("Build phase", 3, 0, 3, None),
        ("No phase given", 0, 1, -1, -100.0),
        ("Patrol", 4, 6, -2, -33.3),
        ("Engagement", 3, 1, 2, 200.0),
        ("CPW", 2, 0, 2, None),
        ("CPN", 1, 0, 1, None),
    ]


def test_a_hotspot_counts_only_what_lies_within_it(meeting: Meeting) -> None:
    assert rows(meeting, "north-hotspot", OCT) == [
        ("All interventions", 7, 6, 1, 16.7),
        ("Clear phase", 7, 6, 1, 16.7),
        ("Patrol", 4, 6, -2, -33.3),
        ("CPW", 2, 0, 2, None),
        ("CPN", 1, 0, 1, None),
    ]


def test_last_period_recorded_elsewhere_is_a_real_zero(meeting: Meeting) -> None:
    # The register holds September (for the north), so the south's September is none, not unknown.
    assert rows(meeting, "south-ward", OCT) == [
        ("All interventions", 5, 0, 5, None),
        ("Hold phase", 5, 0, 5, None),
        ("Patrol", 5, 0, 5, None),
    ]


def test_a_month_the_register_does_not_cover_is_no_comparison(meeting: Meeting) -> None:
    # July has no interventions anywhere: August's previous and change are NULL, never 0.
    # No work in August names a phase, so there are no phase rows.
    assert rows(meeting, "north-ward", AUG) == [
        ("All interventions", 9, None, None, None),
        ("Patrol", 9, None, None, None),
    ]
    # December has none anywhere: this period is NULL; November's hotspot patrols are the previous.
    assert rows(meeting, "north-ward", DEC) == [
        ("All interventions", None, 7, None, None),
        ("Clear phase", None, 7, None, None),
        ("Patrol", None, 7, None, None),
    ]


def test_an_area_with_no_interventions_has_no_rows(meeting: Meeting) -> None:
    assert rows(meeting, "south-ward", AUG) == []
    assert rows(meeting, "south-ward", SEP) == []  # Operation Quiet did nothing yet
    assert rows(meeting, "north-ward' OR '1'='1", OCT) == []  # bound, not spliced


def test_a_database_with_no_interventions_at_all(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    init_db(path)
    meeting = Meeting(path)
    try:
        assert rows(meeting, "anywhere", OCT) == []
    finally:
        meeting.close()


def test_every_kind_is_labelled_as_the_minutes_label_it(tmp_path: Path) -> None:
    """The SQL and publish/operations.py write a kind the same way ('Joint patrol', 'CPW')."""
    path = tmp_path / "kinds.duckdb"
    init_db(path)
    con = duckdb.connect(str(path))
    try:
        con.execute("INSERT INTO areas VALUES ('a', 'A', 'ward', NULL, NULL, [])")
        for number, kind in enumerate(INTERVENTION_KINDS):
            con.execute(
                "INSERT INTO interventions VALUES (?, DATE '2026-10-02', 'day', DATE '2026-10-01', 'a',"
                " NULL, ?, ?, 'Police', NULL, NULL, NULL, NULL)",
                [f"K{number}", kind, number + 1],
            )
    finally:
        con.close()
    meeting = Meeting(path)
    try:
        found = {r[0]: r[1] for r in rows(meeting, "a", OCT)}
    finally:
        meeting.close()
    assert found.pop("All interventions") == sum(range(1, len(INTERVENTION_KINDS) + 1))
    assert found == {kind_label(kind): number + 1 for number, kind in enumerate(INTERVENTION_KINDS)}
    assert {"Joint patrol", "CPW", "FPN", "CBO", "Safeguarding referral"} <= set(found)
