"""A hostile panel file fails in its own box; the area view and the other panels stay up
(issue 29, items 1-3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from psg_tui.app import make_app
from psg_tui.widgets.panel import QueryPanel
from tests.ui.screen import screen_text
from tests.ui.test_dashboard import settle


def place_panel(folder: Path, monkeypatch: pytest.MonkeyPatch, sql: str, name: str = "hostile") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.sql").write_text(sql, encoding="utf-8")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))


async def area_view_with(mini_db: Path, name: str = "hostile") -> tuple[QueryPanel, str]:
    """Open the first area with the hostile panel placed; the panel and the screen's text."""
    app = make_app(mini_db)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.is_running
        assert app.screen.query_one("#table-area_categories", DataTable).row_count > 0
        return app.screen.query_one(f"#panel-{name}", QueryPanel), screen_text(app)


FAILING = {
    "render with a dot": ("-- render: table.v2\nSELECT 1 AS n\n", "render 'table.v2'"),
    "unknown render": ("-- render: pie\nSELECT 1 AS n\n", "render 'pie'"),
}


@pytest.mark.parametrize("sql, said", FAILING.values(), ids=FAILING.keys())
async def test_a_hostile_panel_fails_in_its_own_box(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, said: str
) -> None:
    place_panel(tmp_path / "queries", monkeypatch, f"-- title: Hostile\n-- scope: area\n{sql}")
    panel, text = await area_view_with(mini_db)
    assert panel.has_class("failed")
    assert said in text
