"""Rates per 1,000 residents on the overview and the area view, and ranking by them (s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from psg_tui.app import PsgApp, make_app
from psg_tui.app.keys import RAG_NOTES
from psg_tui.app.palette import DASHBOARD_COMMANDS
from psg_tui.screens.area import AreaScreen
from psg_tui.screens.overview import OverviewScreen
from tests.evidence_fixture import with_evidence
from tests.ui.screen import screen_text


async def settle(app: PsgApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _table(app: PsgApp) -> DataTable:
    return app.screen.query_one("#overview-table", DataTable)


def _column(app: PsgApp, column: str) -> list[str]:
    table = _table(app)
    index = table.get_column_index(column)
    return [str(table.get_cell_at((row, index))) for row in range(table.row_count)]


def _keys(app: PsgApp) -> list[str]:
    return [str(row.key.value) for row in _table(app).ordered_rows]


def _heading(app: PsgApp) -> str:
    return str(app.screen.query_one("#overview-heading", Static).render())


def _said(app: PsgApp) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_the_overview_shows_each_areas_rate_or_why_not(mini_db: Path) -> None:
    app = make_app(with_evidence(mini_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        rates = dict(zip(_keys(app), _column(app, "rate"), strict=True))
        assert rates == {"north-ward": "2.5", "north-hotspot": "4.0", "south-ward": "few residents"}
        assert "ranked by concern" in _heading(app)
        assert _keys(app)[0] == "north-ward"  # red: an overdue action


async def test_s_ranks_by_rate_and_n_p_follow_the_order_shown(mini_db: Path) -> None:
    app = make_app(with_evidence(mini_db))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        concern = list(app.area_order)
        await pilot.press("s")
        await settle(app, pilot)
        assert app.rank_by_rate
        assert _keys(app) == ["north-hotspot", "north-ward", "south-ward"]
        assert "3 areas ranked by rate per 1,000 (1 without a rate last)" in _heading(app)
        assert "1 area(s) without a rate come last" in _said(app)
        assert app.area_order == ["north-hotspot", "north-ward", "south-ward"] != concern
        stepped = []
        for _ in range(3):
            await pilot.press("n")
            await settle(app, pilot)
            assert isinstance(app.screen, AreaScreen)
            stepped.append(app.area_id)
        assert stepped == ["north-hotspot", "north-ward", "south-ward"]  # the ranking survives stepping
        assert "area 3 of 3 by rate per 1,000" in screen_text(app)
        await pilot.press("p")
        await settle(app, pilot)
        assert app.area_id == "north-ward"
        await pilot.press("o")
        await settle(app, pilot)
        assert "ranked by rate per 1,000" in _heading(app)
        await pilot.press("s")
        await settle(app, pilot)
        assert not app.rank_by_rate
        assert app.area_order == concern
        assert "ranked by concern" in _heading(app)


async def test_ranking_survives_a_change_of_month(mini_db: Path) -> None:
    app = make_app(with_evidence(mini_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("left_square_bracket")  # September: North 6 / 4,000 = 1.5, hotspot 2 / 1,500 = 1.3
        await settle(app, pilot)
        assert _keys(app)[:2] == ["north-ward", "north-hotspot"]
        assert _column(app, "rate")[:2] == ["1.5", "1.3"]


async def test_without_population_data_the_rate_says_so_once_and_s_explains(mini_db: Path) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, OverviewScreen)
        with pytest.raises(Exception):  # noqa: B017  (no column of blanks)
            _table(app).get_column_index("rate")
        assert _heading(app).count("no rates: no population data") == 1
        order = list(app.area_order)
        await pilot.press("s")
        await settle(app, pilot)
        assert not app.rank_by_rate
        assert app.area_order == order
        said = _said(app)
        assert "Cannot rank by rate per 1,000 residents: no area has a population yet" in said
        assert "psg db import DB population FILE" in said


async def test_the_area_view_shows_population_rate_and_deprivation(mini_db: Path) -> None:
    app = make_app(with_evidence(mini_db))
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app, pilot)
        app.show_area("north-ward")
        await settle(app, pilot)
        panel = str(app.screen.query_one("#summary-area_context", Static).render())
        for shown in (
            "Population: 4,000",
            "Incidents Oct 2026: 10",
            "Per 1,000 residents: 2.5",
            "Sep 2026 per 1,000: 1.5",
            "IMD edition: 2025",
            "IMD decile: 2.9",
            "% in most deprived 10%: 37.5",
        ):
            assert shown in panel
        app.show_area("south-ward")
        await settle(app, pilot)
        panel = str(app.screen.query_one("#summary-area_context", Static).render())
        assert "Population: 800" in panel and "Per 1,000 residents" not in panel
        assert "too few for a rate to mean anything" in panel


def test_the_key_is_in_the_help_and_the_palette() -> None:
    assert any(action == "toggle_ranking" for _title, _help, action in DASHBOARD_COMMANDS)
    assert any(b.key == "s" and b.action == "app.toggle_ranking" for b in OverviewScreen.BINDINGS)
    assert "per 1,000 residents" in RAG_NOTES


async def test_on_a_projector_the_rate_stays_in_sight_when_ranked_by_it(mini_db: Path) -> None:
    """At 80 columns the rate gives way to closures and actions, unless the areas are ranked by it."""
    app = make_app(with_evidence(mini_db))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#overview-table")
        assert "rate" in {column.key for column in table.left_out}
        await pilot.press("s")
        await settle(app, pilot)
        assert "rate" not in {column.key for column in table.left_out}
        assert _column(app, "rate")[0] == "4.0"
