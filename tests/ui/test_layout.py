"""The layout at a projector's 80x24, a laptop's 120x40 and a wide 200x60.

Tables use the width they have and never overflow it (an overflowing table is cut at the
edge mid-digit), names are never cut, what does not fit is in a detail line, and scrollbars
draw no stray glyphs.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from psg_tui.app import PsgApp, make_app
from psg_tui.importing.sample import sample_minutes_path
from tests.ui.screen import screen_text, settle_screen

MEETING = date(2026, 11, 19)
SIZES = [(80, 24), (120, 40), (200, 60)]
size_ids = pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")


def sample_app(sample_db: Path, tmp_path: Path) -> PsgApp:
    return make_app(
        sample_db,
        minutes=tmp_path / "minutes.toml",
        carry_from=sample_minutes_path(),
        today=MEETING,
        clock=lambda: datetime(2026, 11, 19, 10, 0),
    )


def columns_width(table: DataTable) -> int:
    return sum(column.get_render_width(table) for column in table.columns.values())


def assert_fits(table: DataTable) -> None:
    """Nothing wider than the table: no column is cut at its edge and it never scrolls sideways."""
    assert columns_width(table) <= table.scrollable_content_region.width, table.id
    assert not table.show_horizontal_scrollbar, table.id


def cell(table: DataTable, row: int, column: str) -> str:
    return str(table.get_cell_at((row, table.get_column_index(column))))


@size_ids
async def test_tracker_fits_and_never_cuts_a_name(sample_db: Path, tmp_path: Path, size) -> None:
    app = sample_app(sample_db, tmp_path)
    app.minutes_store.add_action(
        title="Visit the shop", owner="Zebedee Quartermaine", agency="Council", due=date(2026, 12, 1)
    )
    async with app.run_test(size=size) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        table = app.screen.query_one("#tracker-table", DataTable)
        assert_fits(table)
        keys = [c.value for c in table.columns]
        assert keys[:4] == ["rag", "id", "due", "status"]  # what the chair must see always stays
        if "owner" in keys:
            owners = {cell(table, r, "owner") for r in range(table.row_count)}
            assert "Zebedee Quartermaine" in owners  # a name is shown whole or not at all
        width = table.scrollable_content_region.width
        if size[0] >= 120:
            assert {"title", "owner", "agency"} <= set(keys)
            assert columns_width(table) >= width - 2  # the columns share the width: none left empty
        if size[0] >= 200:
            assert keys == ["rag", "id", "due", "status", "title", "owner", "agency", "area"]
            agencies = {cell(table, r, "agency") for r in range(table.row_count)}
            assert "Stockton-on-Tees Borough Council" in agencies  # was cut at 24 beside free space


async def test_narrow_tracker_shows_the_selected_row_in_full(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        table = app.screen.query_one("#tracker-table", DataTable)
        assert "agency" not in [c.value for c in table.columns]  # no room at 80 columns
        for row in (0, 1):
            table.move_cursor(row=row)
            await pilot.pause()
            action = app.minutes_store.minutes.get_action(cell(table, row, "id"))
            detail = str(app.screen.query_one("#tracker-detail", Static).render())
            assert action.title in detail and action.owner in detail and action.agency in detail
        # Privacy mode hides the owner there too.
        await pilot.press("h")
        await pilot.pause()
        assert action.owner not in str(app.screen.query_one("#tracker-detail", Static).render())


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_no_number_is_cut_in_any_table(sample_db: Path, tmp_path: Path, size) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle_screen(pilot)
        for table in app.screen.query(DataTable):
            assert_fits(table)  # the overview
        await pilot.press("n")
        await settle_screen(pilot)
        tables = [t for t in app.screen.query(DataTable) if t.display and t.row_count]
        assert len(tables) >= 3
        for table in tables:
            assert_fits(table)
        categories = app.screen.query_one("#table-area_categories", DataTable)
        # every figure whole: the same month last year was "24" for 246 at 80 columns
        assert cell(categories, 0, "last_year") == "246"


def scrollbar_cells(app: PsgApp, scroll) -> list[str]:
    """What the terminal shows where the widget's vertical scrollbar is."""
    lines = screen_text(app).splitlines()
    region = scroll.vertical_scrollbar.region
    return [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]


@pytest.mark.parametrize("size", [(80, 24), (200, 60)], ids=["80x24", "200x60"])
async def test_scrollbars_draw_no_stray_glyphs(sample_db: Path, tmp_path: Path, size) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=size) as pilot:
        await settle_screen(pilot)
        await pilot.press("n")
        await settle_screen(pilot)
        scroll = app.screen.query_one("#area-scroll", VerticalScroll)
        assert scroll.show_vertical_scrollbar
        for offset in (0, 3, 7):
            scroll.scroll_to(y=offset, animate=False)
            app.clear_notifications()  # a toast is drawn over the right edge: not the scrollbar's glyphs
            await pilot.pause()
            assert set("".join(scrollbar_cells(app, scroll))) <= {" "}, offset
        await pilot.press("question_mark")
        await settle_screen(pilot)
        app.clear_notifications()
        await pilot.pause()
        help_box = app.screen.query_one(VerticalScroll)
        assert help_box.show_vertical_scrollbar
        assert set("".join(scrollbar_cells(app, help_box))) <= {" "}


def test_fit_widths_cuts_text_before_it_drops_a_column_and_never_cuts_numbers() -> None:
    from psg_tui.widgets.fit import Column, fit_widths

    columns = [
        Column("name", "Name", shrink_to=6, keep=9),
        Column("count", "Count", keep=8),
        Column("note", "Note", shrink_to=4, keep=1),
        Column("more", "More", keep=0),
    ]
    naturals = {"name": 20, "count": 7, "note": 10, "more": 4}
    assert fit_widths(columns, naturals, 200) == naturals  # room for all: nothing cut
    # 30 cells: text gives way first, the widest first, down to its floor
    assert fit_widths(columns, naturals, 37) == {"name": 10, "count": 7, "note": 8, "more": 4}
    # narrower still: the least important column goes, never a number cut
    narrow = fit_widths(columns, naturals, 26)
    assert "more" not in narrow and narrow["count"] == 7 and sum(narrow.values()) + 2 * len(narrow) <= 26


async def test_a_fitted_table_fits_again_when_the_terminal_is_resized(mini_db: Path) -> None:
    from psg_tui.widgets.fit import FittedTable

    app = make_app(mini_db)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle_screen(pilot)
        table = app.screen.query_one("#overview-table", FittedTable)
        assert not table.left_out and not app.screen.query_one("#overview-detail").display
        await pilot.resize_terminal(80, 24)
        await settle_screen(pilot)
        assert_fits(table)
        assert table.left_out and app.screen.query_one("#overview-detail").display
        detail = str(app.screen.query_one("#overview-detail", Static).render())
        assert table.left_out[0].label in detail
