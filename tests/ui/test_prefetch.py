"""The prefetched meeting as the chair meets it: once the overview is up, n and p find their
area computed and draw it without a query, with the same figures a load gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from psg_tui.app import make_app
from psg_tui.app.prefetch import Prefetch
from psg_tui.app.themes import HIGH_CONTRAST, NORMAL
from psg_tui.screens.area import AreaScreen
from tests.spy import count_query_runs
from tests.ui.test_dashboard import cell_text, settle, table_of


async def test_n_draws_a_prefetched_area_from_memory(mini_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)  # the overview, then the prefetch of every area
        first, last = app.area_order[0], app.area_order[-1]
        assert app.meeting.ready_area_panels(first, app.period) is not None
        assert app.meeting.ready_area_panels(last, app.period) is not None
        ran = count_query_runs(monkeypatch)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AreaScreen)
        assert app.area_id == first
        assert cell_text(table_of(app, "area_categories"), 0, "category")  # drawn already
        assert ran == []
        await pilot.press("p")
        await pilot.pause()
        assert app.area_id == last
        assert ran == []


async def test_a_period_change_prefetches_the_new_month(mini_db: Path) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        shown = cell_text(table_of(app, "area_categories"), 0, "this_period")
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        for area in app.area_order:
            assert app.meeting.ready_area_panels(area, app.period) is not None
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert cell_text(table_of(app, "area_categories"), 0, "this_period") == shown


async def test_the_month_before_is_ready_for_the_current_area(
    mini_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[` on an area: the area and the overview of the month before were computed beforehand."""
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        before = app.period.previous
        assert app.meeting.ready_area_panels(app.area_id, before) is not None
        ran = count_query_runs(monkeypatch)
        monkeypatch.setattr(Prefetch, "restart", lambda self, period: None)  # the next month's own prefetch
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.period == before
        assert [name for name in ran if name != "months"] == []  # neither the area nor the overview ran


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_panels_below_the_fold_show_the_area_on_screen(mini_db: Path, size: tuple[int, int]) -> None:
    """The area view builds three panels per column with its first frame and mounts the rest
    just after: each of them still shows the area on screen, also when the chair
    steps on before they are drawn."""
    from psg_tui.screens.area import FIRST_PANELS
    from psg_tui.widgets.panel import QueryPanel

    app = make_app(mini_db)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("n", "n")  # the second n lands while the first frame's panels settle
        await settle(app, pilot)
        await pilot.pause(0.2)
        panels = list(app.screen.query(QueryPanel))
        assert len(panels) == len(app.meeting.area_queries()) > FIRST_PANELS * 2
        expected = app.meeting.area_panels(app.area_id, app.period)
        for panel in panels:
            assert panel.period == app.period, panel.query.name
            assert panel.result == expected[panel.query.name], panel.query.name


async def test_the_area_view_is_built_ahead_and_drawn_whole_when_first_shown(
    mini_db: Path, tmp_path: Path
) -> None:
    """The first n switches to an area view composed while the overview was up, and its tables
    (filled only once it is shown) are as tall as their rows, the meeting's actions included."""
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(app, pilot)
        built = app.get_screen_stack("area")
        assert len(built) == 1 and isinstance(built[0], AreaScreen) and not built[0].is_current
        keys = list(built[0].query("FooterKey"))
        # its own keys, as they will be shown (the overview's key included, though that is up)
        assert "overview" in [key.action for key in keys]
        first = app.area_order[0]
        for title in ("Patrol the square", "Visit the shop"):
            app.minutes_store.add_action(
                title=title, owner="Jo", agency="Police", due="2026-12-01", area=first
            )
        app.minutes_version += 1
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is built[0]
        assert list(app.screen.query("FooterKey")) == keys  # not built again on being shown
        actions = app.screen.query_one("#meeting-actions")
        assert actions.row_count == 2
        assert actions.size.height == 3  # the header and both rows, not the height before its rows


async def test_a_view_shown_again_keeps_its_styles_unless_the_theme_changed(mini_db: Path) -> None:
    """Coming back to a view restyles nothing when nothing its styles depend on changed, and a
    theme changed while it was away is on it when it is shown."""
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        area = app.screen
        before = area.styles.background
        await pilot.press("o")
        await settle(app, pilot)
        app.theme = HIGH_CONTRAST if app.theme != HIGH_CONTRAST else NORMAL
        await settle(app, pilot)
        overview = app.screen
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is area
        assert area.styles.background == overview.styles.background  # the new theme's
        assert area.styles.background != before
