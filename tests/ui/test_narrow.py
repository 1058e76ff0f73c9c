"""The narrow screen keeps what matters: at 80x24 the area view's
actions show their titles and owners, streets and categories are whole, toasts are brief and
whole, and the top bar keeps the as-of date; at 200x60 the tracker's titles use the width."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from psg_tui.widgets.fit import Column, fit_widths
from tests.ui.screen import screen_text, settle_screen
from tests.ui.test_chair_flow import sample_app
from tests.ui.test_layout import assert_fits, cell


def keys_of(table: DataTable) -> list[str]:
    return [str(c.value) for c in table.columns]


async def open_first_area(app, pilot) -> None:
    await settle_screen(pilot)
    await pilot.press("enter")
    await settle_screen(pilot)


async def test_this_meetings_actions_keep_title_and_owner_at_80(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_area(app, pilot)
        table = app.screen.query_one("#meeting-actions", DataTable)
        assert_fits(table)
        keys = keys_of(table)
        assert {"title", "owner", "agency", "rag"} <= set(keys) and "id" not in keys
        action = app.minutes_store.minutes.get_action(str(table.coordinate_to_cell_key((0, 0)).row_key.value))
        assert cell(table, 0, "owner") == action.owner
        assert cell(table, 0, "rag").strip() in {"late", "soon", "ok", "done", "drop"}  # the short RAG
        note = str(app.screen.query_one("#meeting-actions-left-out", Static).render())
        assert "Id" in note and "not shown at this width" in note
        await pilot.press("enter")  # the action, though its id is not shown, is the one edited
        await pilot.pause()
        assert action.id in screen_text(app)


async def test_this_meetings_actions_show_everything_at_200(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await open_first_area(app, pilot)
        table = app.screen.query_one("#meeting-actions", DataTable)
        assert keys_of(table) == ["rag", "id", "title", "owner", "agency", "due", "status"]
        assert cell(table, 0, "rag").strip() in {"overdue", "due soon", "on track", "done", "dropped"}
        assert not app.screen.query_one("#meeting-actions-left-out", Static).display


async def test_streets_and_categories_are_whole_at_80(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first_area(app, pilot)
        places = app.screen.query_one("#table-area_locations", DataTable)
        assert_fits(places)
        label = str(places.columns[places.ordered_columns[0].key].label)
        streets = [cell(places, row, "location") for row in range(places.row_count)]
        assert label == "On or near" and streets
        assert not any(s.startswith("On or near") or s.endswith("…") for s in streets), streets
        categories = app.screen.query_one("#table-area_categories", DataTable)
        assert_fits(categories)
        names = {cell(categories, row, "category") for row in range(categories.row_count)}
        assert "Violence and sexual offences" in names and not any(n.endswith("…") for n in names)
        note = str(app.screen.query_one("#panel-area_categories .left-out", Static).render())
        assert "Not shown at this width" in note  # the rightmost column made way, and says so


async def test_the_top_bar_keeps_the_as_of_date_at_80(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        top = screen_text(app).splitlines()[0]
        assert top.startswith(" OFFICIAL-SENSITIVE") and f"as of {app.meeting.as_of:%d %b %Y}" in top
        assert "vs" in top and "minutes:" not in top  # the file's name makes way at 80
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle_screen(pilot)
        top = screen_text(app).splitlines()[0]
        assert app.meeting.title in top and "minutes: minutes.toml" in top


LONG = (
    "These minutes were kept with the database city-partnership.duckdb, but this dashboard has "
    "stockton-sample.duckdb open: every figure on screen comes from stockton-sample.duckdb. If "
    "that is wrong, quit and run the dashboard on the other database with these minutes, "
    "last-word-of-the-toast"
)


async def test_toasts_at_80_are_brief_slim_and_whole(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle_screen(pilot)
        app.clear_notifications()
        app.notify(LONG, title="About these minutes", severity="warning", timeout=20)
        app.notify("Saved A-0050.", timeout=8)
        await pilot.pause(0.3)
        timeouts = {n.message: n.timeout for n in app._notifications}
        assert timeouts == {LONG: 10.0, "Saved A-0050.": 5.0}
        shown = screen_text(app)
        assert "last-word-of-the-toast" in shown  # wrapped whole, not run off the screen
        toasts = list(app.screen.query("Toast"))
        assert len(toasts) == 2 and all(t.region.bottom <= 23 for t in toasts)
        assert toasts[0].size.width >= 60 and toasts[0].size.height <= 8  # wide and slim, no padding
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await settle_screen(pilot)
        app.notify(LONG, severity="warning", timeout=20)
        await pilot.pause()
        assert [n.timeout for n in app._notifications][-1] == 20  # a wide screen has room for it


async def test_tracker_titles_use_the_width_at_200(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        table = app.screen.query_one("#tracker-table", DataTable)
        assert_fits(table)
        title = table.columns[table.ordered_columns[keys_of(table).index("title")].key]
        assert title.get_render_width(table) >= 70  # was cut at ~52 beside long area names
        agencies = {cell(table, r, "agency") for r in range(table.row_count)}
        assert "Stockton-on-Tees Borough Council" in agencies


def test_fit_by_importance_cuts_the_least_important_first_when_the_table_is_wide() -> None:
    columns = [
        Column("title", "Title", shrink_to=10, keep=9),
        Column("area", "Area", shrink_to=6, keep=1, ample=12),
        Column("agency", "Agency", shrink_to=6, keep=2, ample=12),
    ]
    naturals = {"title": 60, "area": 30, "agency": 14}
    # 90 cells: the area gives up its 18 to its ample width, then the agency, before the title
    wide = fit_widths(columns, naturals, 90, by_importance=True)
    assert wide == {"title": 60, "area": 12, "agency": 12}
    # too narrow for ample widths: cut as usual, the one with the most to spare first
    assert fit_widths(columns, naturals, 40, by_importance=True) == fit_widths(columns, naturals, 40)


def test_a_rows_name_is_kept_whole_at_the_cost_of_one_column_not_several() -> None:
    name = Column("name", "Name", shrink_to=28, keep=1, relax_to=12)
    figures = [Column(f"n{i}", f"N{i}", keep=-i) for i in range(1, 5)]
    naturals = {"name": 28, **{f"n{i}": 6 for i in range(1, 5)}}
    # in 60 cells a whole name leaves room for 3 figures, a cut one for all 4: one column's cost
    assert fit_widths([name, *figures], naturals, 60) == {"name": 28, "n1": 6, "n2": 6, "n3": 6}
    # in 52 a whole name would cost two figures: the name is cut instead
    narrow = fit_widths([name, *figures], naturals, 52)
    assert narrow["name"] < 28 and len(narrow) == 5
