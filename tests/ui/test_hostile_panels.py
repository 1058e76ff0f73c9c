"""A hostile panel file fails in its own box; the area view and the other panels stay up."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given
from textual.widgets import DataTable

from psg_tui.app import make_app
from psg_tui.widgets.panel import QueryPanel
from tests.conftest import build_mini
from tests.examples import PER_DASHBOARD
from tests.panel_files import panel_files
from tests.ui.screen import screen_text
from tests.ui.test_dashboard import settle


def place_panel(folder: Path, monkeypatch: pytest.MonkeyPatch, sql: str, name: str = "hostile") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.sql").write_text(sql, encoding="utf-8")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))


async def area_view_with(mini_db: Path, name: str = "hostile") -> tuple[QueryPanel, str]:
    """Open the first area with the hostile panel placed; the panel and the screen's text."""
    app = make_app(mini_db)
    async with app.run_test(size=(120, 70)) as pilot:  # tall enough for the panel placed last
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.is_running
        assert app.screen.query_one("#table-area_categories", DataTable).row_count > 0
        return app.screen.query_one(f"#panel-{name}", QueryPanel), screen_text(app)


MONTHS = "SELECT CAST(DATE '2026-01-01' + INTERVAL (i) MONTH AS DATE) AS month"
TREND = f"-- render: trend\n{MONTHS}, {{}} FROM range(3) t(i)\n"
FAILING = {
    "render with a dot": ("-- render: table.v2\nSELECT 1 AS n\n", "render 'table.v2'"),
    "unknown render": ("-- render: pie\nSELECT 1 AS n\n", "render 'pie'"),
    "trend without incidents": ("-- render: trend\nSELECT 1 AS n\n", "no 'month' or 'incidents' column"),
    "trend with text counts": (TREND.format("'many' AS incidents"), "incidents column must hold numbers"),
    "trend with text months": (
        "-- render: trend\nSELECT 'Jan' AS month, 1 AS incidents\n",
        "month column must hold dates",
    ),
    "perception without its columns": (
        "-- render: perception\nSELECT 'asb' AS topic, 1 AS respondents\n",
        "no wave, wave_date, agreeing, incidents columns",
    ),
}
# Drawn, with gaps where a value is not a finite number.
DRAWN = {
    "sparkline with NaN": "-- render: table\nSELECT [1.0, 'nan'::DOUBLE, 3.0] AS trend\n",
    "sparkline with inf and NULL": "SELECT ['inf'::DOUBLE, NULL, 3.0] AS trend, [1, NULL] AS counts\n",
    "trend column of text": "SELECT 'up' AS trend, 'x' AS rag\n",
    "trend with NaN, inf and NULL": TREND.format(
        "[1.0, 'nan'::DOUBLE, NULL][i + 1] AS incidents, ['inf'::DOUBLE, 2, NULL][i + 1] AS year_before"
    ),
    "trend of NaN only": TREND.format("'nan'::DOUBLE AS incidents"),
    "figures by name that are not numbers": (
        "SELECT 'up' AS change, [1.5] AS change_pct, {'a': 1} AS days_overdue, 'nan'::DOUBLE AS days_to_expiry\n"
    ),
    "lists where text is expected": "SELECT ['red'] AS rag, [1, 2] AS id, 3 AS work_change, 'x' AS change_pct\n",
}


@pytest.mark.parametrize("sql, said", FAILING.values(), ids=FAILING.keys())
async def test_a_hostile_panel_fails_in_its_own_box(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, said: str
) -> None:
    place_panel(tmp_path / "queries", monkeypatch, f"-- title: Hostile\n-- scope: area\n{sql}")
    panel, text = await area_view_with(mini_db)
    assert panel.has_class("failed")
    assert said in text


@pytest.mark.parametrize("sql", DRAWN.values(), ids=DRAWN.keys())
async def test_values_that_are_not_numbers_are_gaps(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str
) -> None:
    place_panel(tmp_path / "queries", monkeypatch, f"-- title: Hostile\n-- scope: area\n{sql}")
    panel, text = await area_view_with(mini_db)
    assert not panel.has_class("failed")
    assert "could not be loaded" not in text


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_mini(tmp_path_factory.mktemp("hostile-ui") / "mini.duckdb")


async def _area_view_stays_up(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 70)) as pilot:  # tall enough for the panel placed last
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        panel = app.screen.query_one("#panel-hostile", QueryPanel)
        panel.scroll_visible(animate=False, immediate=True)
        await pilot.pause()
        text = screen_text(app)  # drawn, on screen: a chart that cannot draw fails here
        assert app.is_running
        assert app.screen.query_one("#table-area_categories", DataTable).row_count > 0
        failed = [p.query.name for p in app.screen.query(QueryPanel) if p.has_class("failed")]
        assert set(failed) <= {"hostile"}
        if failed:
            assert "This panel could not be loaded" in text


@pytest.mark.slow
@PER_DASHBOARD
@given(sql=panel_files(area_only=True))
def test_any_panel_file_leaves_the_area_view_up(
    shared_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str
) -> None:
    place_panel(tmp_path / "any", monkeypatch, sql)
    asyncio.run(_area_view_stays_up(shared_db))
