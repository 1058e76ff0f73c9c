"""The panel query files: their headers, their bound parameters, and their figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from psg_tui.core.errors import DataError, UsageError
from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period
from psg_tui.core.queries import load_queries, parse_query

OCT = Period(2026, 10)


def test_header_and_parameters() -> None:
    query = parse_query(
        "x",
        "-- title: Things\n-- description: About things\n-- scope: area\n-- order: 7\n"
        "SELECT '$not_a_param' AS s, $area AS a -- $nor_this\nWHERE $period_start IS NOT NULL",
    )
    assert (query.title, query.description, query.scope, query.order) == ("Things", "About things", "area", 7)
    assert query.parameters == {"area", "period_start"}
    assert query.bind({"area": "x", "period_start": 1, "unused": 2}) == {"area": "x", "period_start": 1}


def test_missing_parameter_is_a_usage_error() -> None:
    query = parse_query("x", "SELECT $area")
    with pytest.raises(UsageError, match=r"needs \$area"):
        query.bind({})


def test_bad_scope_is_reported_with_the_file() -> None:
    with pytest.raises(DataError, match="scope 'panel'"):
        parse_query("x", "-- scope: panel\nSELECT 1", Path("queries/x.sql"))


def test_values_are_bound_not_spliced(mini_db: Path) -> None:
    """An area id that is SQL must come back as 'no such area', not run."""
    meeting = Meeting(mini_db)
    hostile = "north-ward' OR '1'='1"
    results = meeting.area_panels(hostile, OCT)
    assert all(not r.rows for name, r in results.items() if name != "area_trend")
    meeting.close()


@pytest.mark.slow
def test_every_query_file_runs_on_the_mini_database(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    for query in meeting.queries.values():
        if query.scope == "operation":
            continue  # the mini database has no operations: tests/core/test_operation_queries.py
        for area in (
            [None] if "area" not in query.parameters else ["north-ward", "south-ward", "north-hotspot"]
        ):
            result = meeting.run(query, OCT, area)
            assert result.columns, query.name
    meeting.close()


def test_overview_figures(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    rows = {r["area_id"]: r for r in meeting.overview(OCT).dicts()}
    north, hotspot, south = rows["north-ward"], rows["north-hotspot"], rows["south-ward"]
    # North: 5 shoplifting + 4 ASB by LSOA, + the hotspot's LSOA-less street drinking report.
    assert (north["incidents"], north["previous"], north["change"]) == (10, 6, 4)
    assert (hotspot["incidents"], hotspot["previous"]) == (6, 2)
    # 1 burglary by LSOA + a partner report naming the ward from an LSOA in no area.
    assert (south["incidents"], south["previous"], south["change_pct"]) == (2, 3, -33.3)
    # The hotspot's order expires in 9 days: red, and it counts for the ward it lies in.
    assert (hotspot["active_orders"], hotspot["expiring_orders"], hotspot["rag"]) == (1, 1, "red")
    assert (north["active_orders"], north["expiring_orders"]) == (2, 1)  # + the 48-hour notice
    assert (south["rag"], south["open_actions"], south["overdue_actions"]) == ("green", 1, 0)
    assert hotspot["breaches"] == 2 and hotspot["overdue_actions"] == 1
    assert north["trend"][-2:] == [6, 10] and len(north["trend"]) == 12
    assert list(rows) == ["north-ward", "north-hotspot", "south-ward"]  # red first, by concern
    meeting.close()


def test_area_panels_figures(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    panels = {k: v.dicts() for k, v in meeting.area_panels("north-ward", OCT).items()}
    categories = {r["category"]: r for r in panels["area_categories"]}
    assert categories["All incidents"]["this_period"] == 10
    assert (categories["Shoplifting"]["previous"], categories["Shoplifting"]["last_year"]) == (2, 3)
    assert categories["Shoplifting"]["change_ly_pct"] == 66.7
    trend = panels["area_trend"]
    assert len(trend) == 24 and trend[-1]["month"] == date(2026, 10, 1)
    assert (trend[-1]["incidents"], trend[-1]["year_before"]) == (10, 3)
    locations = panels["area_locations"]
    assert locations[0]["location"] == "On or near High Street" and locations[0]["last_12_months"] == 7
    orders = {r["id"]: r for r in panels["area_closure_orders"]}
    assert orders["CO-3"]["status"] == "awaiting hearing"
    assert orders["CO-1"]["status"] == "granted, expiring" and orders["CO-1"]["days_to_expiry"] == 9
    assert "CO-2" not in orders  # the south ward's
    breaches = panels["area_pspo_breaches"]
    assert (breaches[0]["warning"], breaches[0]["fpn_issued"], breaches[0]["previous"]) == (1, 1, 1)
    actions = panels["area_actions"]
    assert [a["id"] for a in actions] == ["A-0001"] and actions[0]["days_overdue"] == 18
    meeting.close()


def test_default_period_is_the_newest_complete_police_month(mini_db: Path) -> None:
    meeting = Meeting(mini_db)
    assert meeting.default_period() == OCT
    with pytest.raises(UsageError, match="no incidents for 2027-01"):
        meeting.check_period(Period(2027, 1))
    meeting.close()


def test_query_files_have_titles_and_descriptions() -> None:
    queries = load_queries()
    assert {
        "overview",
        "area_categories",
        "area_trend",
        "area_locations",
        "area_closure_orders",
        "area_pspo_breaches",
        "area_actions",
    } <= set(queries)
    for query in queries.values():
        assert query.description, f"{query.name} needs a -- description: header"


def test_an_analysts_query_file_becomes_a_panel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zz_hours.sql").write_text(
        "-- title: My panel\n-- scope: area\nSELECT $area AS area_id, 1 AS n\n"
    )
    monkeypatch.setenv("PSG_QUERIES_DIR", str(tmp_path))
    names = [q.name for q in load_queries().values() if q.scope == "area"]
    assert names[-1] == "zz_hours"


def test_every_query_runs_on_the_sample_for_every_area(sample_db: Path) -> None:
    meeting = Meeting(sample_db)
    period = meeting.default_period()
    overview = meeting.overview(period).dicts()
    assert len(overview) >= 28
    assert sum(r["incidents"] for r in overview) > 0
    for row in overview:
        panels = meeting.area_panels(row["area_id"], period)
        assert panels["area_profile"].rows, row["area_id"]
        assert len(panels["area_trend"].rows) == 24
    meeting.close()


@pytest.mark.parametrize("render", ["table.v2", "pie", "table trend", "Table", "render-\x1b[2J"])
def test_a_render_that_is_not_known_is_refused_with_the_file(render: str) -> None:
    with pytest.raises(DataError, match=r"x\.sql: render '.*' is not one of table, trend"):
        parse_query("x", f"-- render: {render}\nSELECT 1", Path("queries/x.sql"))


def test_a_file_with_an_unknown_render_is_a_panel_saying_so(tmp_path: Path) -> None:
    (tmp_path / "odd.sql").write_text("-- title: Odd\n-- render: table.v2\nSELECT 1 AS n\n", encoding="utf-8")
    query = load_queries([tmp_path])["odd"]
    assert query.render == "table" and "render 'table.v2'" in (query.problem or "")
