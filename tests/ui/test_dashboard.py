"""The dashboard driven as a chair would drive it, asserting on what the panels then show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from psg_tui.app import PsgApp, make_app
from psg_tui.core.periods import Period
from psg_tui.screens.area import AreaScreen
from psg_tui.screens.help import HelpScreen
from psg_tui.screens.overview import OverviewScreen
from psg_tui.widgets.meeting_bar import MeetingBar
from tests.ui.screen import screen_text

AS_OF = date(2026, 11, 19)  # the mini database's


async def settle(app: PsgApp, pilot) -> None:
    """Let the workers finish and their messages land."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def cell_text(table: DataTable, row: int, column: str) -> str:
    return str(table.get_cell_at((row, table.get_column_index(column))))


def table_of(app: PsgApp, name: str) -> DataTable:
    return app.screen.query_one(f"#table-{name}", DataTable)


async def test_overview_ranks_every_area(mini_db: Path) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one("#overview-table", DataTable)
        assert table.row_count == 3
        assert cell_text(table, 0, "name") == "North Ward"
        assert cell_text(table, 0, "incidents") == "10"
        assert "▲ +4" in cell_text(table, 0, "change")
        assert cell_text(table, 2, "name") == "South Ward"
        assert "▼ -1" in cell_text(table, 2, "change")
        assert "1 late" in cell_text(table, 0, "actions")
        bar = app.screen.query_one(MeetingBar)
        assert bar.classification == "OFFICIAL-SENSITIVE"
        assert "OFFICIAL-SENSITIVE" in str(bar.render())


async def test_n_and_p_step_through_areas_and_the_panels_follow(mini_db: Path) -> None:
    app = make_app(mini_db, today=AS_OF)  # the meeting on the database's as-of date
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, AreaScreen)
        assert app.area_id == "north-ward"
        assert "North Ward" in str(app.screen.query_one("#area-heading", Static).render())
        categories = table_of(app, "area_categories")
        assert cell_text(categories, 0, "this_period") == "10"

        await pilot.press("n")
        await settle(app, pilot)
        assert app.area_id == "north-hotspot"
        categories = table_of(app, "area_categories")
        assert cell_text(categories, 0, "this_period") == "6"
        orders = table_of(app, "area_closure_orders")
        assert orders.row_count == 1 and "9d" in cell_text(orders, 0, "days_to_expiry")

        await pilot.press("n", "n")  # past the last area, back to the first
        await settle(app, pilot)
        assert app.area_id == "north-ward"
        await pilot.press("p")
        await settle(app, pilot)
        assert app.area_id == "south-ward"
        assert cell_text(table_of(app, "area_categories"), 0, "this_period") == "2"
        actions = table_of(app, "area_actions")
        assert actions.row_count == 1 and cell_text(actions, 0, "id") == "A-0002"
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, OverviewScreen)
        table = app.screen.query_one("#overview-table", DataTable)
        assert table.cursor_row == 2  # the overview follows the current area


async def test_an_order_expired_before_the_meeting_is_not_counted_as_expiring(mini_db: Path) -> None:
    """CO-1 expires on 28 Nov, after the data's as-of date (19 Nov) and before a 7 Dec meeting:
    it is reckoned from the meeting's date, as the actions are."""
    app = make_app(mini_db, today=date(2026, 12, 7))
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        hotspot = app.overview_rows["north-hotspot"]
        assert (hotspot["active_orders"], hotspot["expiring_orders"]) == (0, 0)
        assert "expiring" not in screen_text(app)
        table = app.screen.query_one("#overview-table", DataTable)
        table.move_cursor(row=table.get_row_index("north-hotspot"))
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.area_id == "north-hotspot"
        orders = table_of(app, "area_closure_orders")
        assert cell_text(orders, 0, "status") == "expired" and "⚠" not in cell_text(
            orders, 0, "days_to_expiry"
        )
        assert "36d late" in cell_text(table_of(app, "area_actions"), 0, "days_overdue")


async def test_enter_opens_the_highlighted_area(mini_db: Path) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AreaScreen)
        assert app.area_id == "south-ward"


async def test_period_keys_change_every_figure(mini_db: Path) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Oct 2026 vs Sep 2026" in app.screen.query_one(MeetingBar).detail
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.period == Period(2026, 9)
        table = app.screen.query_one("#overview-table", DataTable)
        assert table.get_column_index("incidents") >= 0
        row = table.get_row_index("north-ward")
        assert cell_text(table, row, "incidents") == "6"  # September
        # the mini database holds no incidents for Aug 2026: the bar does not promise a comparison
        assert "Sep 2026 no comparison" in app.screen.query_one(MeetingBar).detail
        await pilot.press("right_square_bracket", "right_square_bracket")  # Nov has no data: refused
        await settle(app, pilot)
        assert app.period == Period(2026, 10)


async def test_help_lists_every_key_with_its_description(mini_db: Path) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Next area", "Prev area", "Overview", "Prev month", "Help", "Quit", "Command palette"):
            assert words in text
        await pilot.press("question_mark")
        assert not isinstance(app.screen, HelpScreen)


async def test_every_binding_has_a_description() -> None:
    for owner in (PsgApp, OverviewScreen, HelpScreen):
        for binding in owner.BINDINGS:
            assert binding.description, f"{owner.__name__}: {binding.key}"


async def test_command_palette_offers_the_actions(mini_db: Path) -> None:
    app = make_app(mini_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in (
            "Overview",
            "Next area",
            "Previous area",
            "Next month",
            "Previous month",
            "Keys and help",
        ):
            assert title in titles
        assert "Period: Oct 2026" in titles
        await pilot.press("ctrl+p", *"South Ward", "enter")  # "Go to area: South Ward"
        await settle(app, pilot)
        assert app.area_id == "south-ward" and isinstance(app.screen, AreaScreen)


async def test_reload_sees_a_swapped_in_database(mini_db: Path, tmp_path: Path) -> None:
    import os

    import duckdb

    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        copy = tmp_path / "copy.duckdb"
        copy.write_bytes(mini_db.read_bytes())
        con = duckdb.connect(str(copy))
        con.execute("UPDATE areas SET name = 'Renamed Ward' WHERE id = 'south-ward'")
        con.close()
        os.replace(copy, mini_db)
        await pilot.press("r")
        await settle(app, pilot)
        table = app.screen.query_one("#overview-table", DataTable)
        assert cell_text(table, table.get_row_index("south-ward"), "name") == "Renamed Ward"


async def test_small_and_large_terminals_keep_the_marking(mini_db: Path) -> None:
    for size in ((80, 24), (200, 60), (40, 12)):
        app = make_app(mini_db)
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            await pilot.press("n")
            await settle(app, pilot)
            bar = app.screen.query_one(MeetingBar)
            assert bar.region.y == 0 and bar.region.height == 1
            assert screen_text(app).splitlines()[0].startswith(" OFFICIAL")


async def test_changing_the_period_keeps_the_area_and_settles(mini_db: Path) -> None:
    """A hidden overview refilling its table must not move the current area (it once looped,
    reloading the panels for ever at 190% CPU when the area was not the top-ranked one)."""
    app = make_app(mini_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert app.area_id == "south-ward"
        loads = 0
        original = AreaScreen._show

        def counting_load(self, *args, **kwargs):
            nonlocal loads
            loads += 1
            return original(self, *args, **kwargs)

        AreaScreen._show = counting_load
        try:
            for key in ("left_square_bracket", "r"):
                await pilot.press(key)
                for _ in range(10):
                    await settle(app, pilot)
                assert app.area_id == "south-ward"
                assert not any(w.is_running for w in app.workers)
        finally:
            AreaScreen._show = original
        assert app.period == Period(2026, 9)
        assert 2 <= loads <= 4  # one drawing per change (and at most one more), never a loop
