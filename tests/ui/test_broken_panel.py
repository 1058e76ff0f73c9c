"""One broken custom panel never takes the area view down.

Before: a .sql file with a typo in PSG_QUERIES_DIR left every panel on "loading…" for good,
with no message; a file with a bad header stopped the dashboard from starting.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from psg_tui.app import make_app
from psg_tui.core.meeting import Meeting
from psg_tui.widgets.panel import QueryPanel
from tests.ui.screen import screen_text
from tests.ui.test_dashboard import settle

TYPO = "-- title: Street drinking\n-- scope: area\nSELECT locaton FROM area_incidents WHERE area_id = $area\n"
BAD_HEADER = "-- title: Odd one\n-- scope: panel\nSELECT 1 AS n\n"


@pytest.fixture
def broken_panels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "street_drinking.sql").write_text(TYPO, encoding="utf-8")
    (folder / "odd_one.sql").write_text(BAD_HEADER, encoding="utf-8")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))
    return folder


def test_a_failing_panel_gets_its_error_and_the_others_load(mini_db: Path, broken_panels: Path) -> None:
    meeting = Meeting(mini_db)
    results = meeting.area_panels("north-ward", meeting.default_period())
    assert results["area_categories"].rows and results["area_categories"].error is None
    assert "street_drinking.sql" in results["street_drinking"].error
    assert "locaton" in results["street_drinking"].error
    assert "scope 'panel'" in results["odd_one"].error
    meeting.close()


async def test_the_area_view_shows_the_broken_panel_and_loads_the_rest(
    mini_db: Path, broken_panels: Path
) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        categories = app.screen.query_one("#table-area_categories", DataTable)
        assert categories.row_count > 0
        broken = app.screen.query_one("#panel-street_drinking", QueryPanel)
        assert broken.has_class("failed")
        assert "loading" not in str(app.screen.query_one("#area-heading").render())
        broken.scroll_visible(animate=False, top=True)  # the analyst's files come after the bundled panels
        await pilot.pause()
        text = screen_text(app)
        assert "This panel could not be loaded" in text
        # The next area loads as well; a panel that failed and then works is drawn again.
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen.query_one("#table-area_categories", DataTable).row_count > 0


async def test_a_panel_file_named_with_spaces_or_dots_is_a_panel(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A widget id allows only letters, digits, _ and -: `street drinking.sql` closed the app."""
    folder = tmp_path / "odd-names"
    folder.mkdir()
    for name in ("street drinking", "v1.2", "v1_2"):
        (folder / f"{name}.sql").write_text(
            f"-- title: {name}\n-- scope: area\nSELECT '{name}' AS label\n", encoding="utf-8"
        )
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))
    app = make_app(mini_db)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        panels = {panel.query.name: panel for panel in app.screen.query(QueryPanel)}
        assert {"street drinking", "v1.2", "v1_2"} <= panels.keys()
        assert len({panels[n].id for n in ("street drinking", "v1.2", "v1_2")}) == 3
        for name in ("street drinking", "v1.2", "v1_2"):
            assert not panels[name].has_class("failed")
            assert name in str(panels[name].query_one(DataTable).get_cell_at((0, 0)))


async def test_a_panel_that_never_finishes_holds_back_no_other_and_stops_on_leaving(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A recursive CTE that never ends leaves no other panel empty and no core busy once the
    chair leaves the view."""
    from tests.core.test_budget import never_ending_panel

    monkeypatch.setenv("PSG_QUERIES_DIR", str(never_ending_panel(tmp_path / "queries", budget="3")))
    app = make_app(mini_db)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        forever = app.screen.query_one("#panel-forever", QueryPanel)
        for _ in range(100):  # the quick panels are drawn after the forever file's first second
            await pilot.pause(0.05)
            if app.screen.query_one("#table-area_categories", DataTable).row_count:
                break
        assert app.screen.query_one("#table-area_categories", DataTable).row_count > 0
        assert "Still loading" in str(forever.query_one(".empty").render())
        assert not forever.has_class("failed")
        # Leaving the view stops its query: no cursor runs one a moment later.
        await pilot.press("o")
        for _ in range(40):
            await pilot.pause(0.05)
            if not app.meeting.lanes.running:
                break
        assert not app.meeting.lanes.running
        # Coming back loads it again: the quick panels at once, the slow one fails on its budget.
        await pilot.press("n")
        await settle(app, pilot)
        forever = app.screen.query_one("#panel-forever", QueryPanel)
        assert forever.has_class("failed")
        text = screen_text(app)
        assert "took longer than 3 s" in text
        assert "loading" not in str(app.screen.query_one("#area-heading").render())
