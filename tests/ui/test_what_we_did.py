"""The area view's "What we did" panel: beside "What happened", readable at 80x24
and 200x60, a change in work shown without a judgement of better or worse, and a plain message
for an area with no interventions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable, Static

from psg_tui.app import make_app
from psg_tui.widgets.panel import QueryPanel
from tests.core.test_area_interventions import with_interventions
from tests.ui.screen import screen_text
from tests.ui.test_dashboard import cell_text, settle


@pytest.fixture
def work_db(tmp_path: Path) -> Path:
    return with_interventions(tmp_path / "work.duckdb")


def cell(table: DataTable, row: int, column: str) -> Text:
    value = table.get_cell_at((row, table.get_column_index(column)))
    assert isinstance(value, Text)
    return value


async def test_the_panel_at_80x24_has_every_column_and_no_colour_judgement(work_db: Path) -> None:
    app = make_app(work_db, period="2026-10")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.area_id == "north-ward"
        panel = app.screen.query_one("#panel-area_interventions", QueryPanel)
        assert panel.border_title is not None and "What we did" in str(panel.border_title)
        table = app.screen.query_one("#table-area_interventions", DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == ["Intervention", "Oct 2026", "Sep 2026", "Change"]  # change_pct folded in
        assert not panel.query_one(".left-out", Static).display
        assert [cell_text(table, r, "intervention") for r in range(3)] == [
            "All interventions",
            "Clear phase",
            "Build phase",
        ]
        patrol = cell(table, 4, "work_change")
        assert (cell_text(table, 4, "intervention"), str(patrol)) == ("Patrol", "▼ -2 (-33%)")
        # fewer patrols is not "good" and more is not "bad": bold, never red or green
        assert "red" not in str(patrol.style) and "green" not in str(patrol.style)
        assert cell_text(table, 5, "work_change") == "▲ +2 (+200%)"
        # under "What happened" in one column
        categories = app.screen.query_one("#panel-area_categories", QueryPanel)
        assert panel.region.x == categories.region.x and panel.region.y > categories.region.y


async def test_at_200x60_it_sits_beside_what_happened(work_db: Path) -> None:
    app = make_app(work_db, period="2026-10")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        panel = app.screen.query_one("#panel-area_interventions", QueryPanel)
        categories = app.screen.query_one("#panel-area_categories", QueryPanel)
        assert panel.region.y == categories.region.y and panel.region.x > categories.region.right
        text = screen_text(app)
        assert "What happened" in text and "What we did" in text
        assert re.search(r"All interventions +10 +7 +▲ \+3 \(\+43%\)", text)


async def test_an_area_with_no_interventions_says_so_plainly(work_db: Path) -> None:
    app = make_app(work_db, period="2026-09")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        while app.area_id != "south-ward":
            await pilot.press("n")
            await settle(app, pilot)
        panel = app.screen.query_one("#panel-area_interventions", QueryPanel)
        assert not panel.has_class("failed")
        assert not app.screen.query_one("#table-area_interventions", DataTable).display
        empty = panel.query_one(".empty", Static)
        assert empty.display
        assert str(empty.render()) == "No interventions recorded here this period or the last."
