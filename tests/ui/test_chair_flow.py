"""The chair's flow through a meeting, judged by the screen and
by the minutes file on disk."""

from __future__ import annotations

import threading
import tomllib
from datetime import date, datetime
from pathlib import Path

import duckdb
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, DataTable, Input

from psg_tui.app import PsgApp, make_app
from psg_tui.core.minutes import read_minutes
from psg_tui.importing.sample import sample_minutes_path
from psg_tui.screens.agenda import AgendaScreen
from psg_tui.screens.area import AreaScreen
from psg_tui.screens.overview import OverviewScreen
from psg_tui.screens.pictures import PicturesScreen
from psg_tui.screens.tracker import TrackerScreen
from tests.ui.screen import screen_text, settle_screen
from tests.ui.test_tracker import type_text

MEETING = date(2026, 11, 19)


def sample_app(sample_db: Path, tmp_path: Path) -> PsgApp:
    return make_app(
        sample_db,
        minutes=tmp_path / "minutes.toml",
        carry_from=sample_minutes_path(),
        today=MEETING,
        clock=lambda: datetime(2026, 11, 19, 10, 0),
    )


def mini_app(mini_db: Path, tmp_path: Path) -> PsgApp:
    """A meeting on the mini database: an agenda of three areas, so its last item is a few keys away."""
    return make_app(
        mini_db,
        minutes=tmp_path / "minutes.toml",
        today=MEETING,
        clock=lambda: datetime(2026, 11, 19, 10, 0),
    )


def on_disk(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# -- graphs ----------------------------------------------------------------------


async def test_graphs_say_loading_at_once_and_g_goes_back(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    release = threading.Event()
    run = app.meeting.run

    def slow_run(*args, **kwargs):
        release.wait(10)  # a big month: the points take seconds
        return run(*args, **kwargs)

    async with app.run_test(size=(200, 60)) as pilot:
        await settle_screen(pilot)
        await pilot.press("n")
        await settle_screen(pilot)
        app.meeting.run = slow_run
        await pilot.press("g")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, PicturesScreen)
        text = screen_text(app)
        assert "Loading the map…" in text and "Loading the trend…" in text
        release.set()
        await settle_screen(pilot)
        text = screen_text(app)
        assert "Loading the map" not in text and "Top places" in text
        await pilot.press("g")  # g again: back to where the chair came from
        await pilot.pause()
        assert isinstance(app.screen, AreaScreen)
        await pilot.press("o", "g")
        await pilot.pause()
        assert isinstance(app.screen, PicturesScreen)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


# -- the command palette ------------------------------------------------------------


async def test_palette_enter_opens_the_area_whose_name_was_typed(mini_db: Path) -> None:
    con = duckdb.connect(str(mini_db))
    con.execute(
        "INSERT INTO areas VALUES ('hartburn-village', 'Hartburn Village', 'ward', 'E05000003', NULL, []),"
        " ('village', 'Village', 'ward', 'E05000004', NULL, [])"
    )
    con.close()
    app = make_app(mini_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_screen(pilot)
        await pilot.press("ctrl+p", *"Village", "enter")
        await settle_screen(pilot)
        assert isinstance(app.screen, AreaScreen) and app.area_id == "village"
        await pilot.press("ctrl+p", *"hartb", "enter")
        await settle_screen(pilot)
        assert app.area_id == "hartburn-village"


# -- the agenda's last item, time boxes ------------------------------------------------------


async def go_to_the_end(app: PsgApp, pilot) -> AgendaScreen:
    await pilot.press("m")
    await settle_screen(pilot)
    screen = app.screen
    assert isinstance(screen, AgendaScreen)
    while screen.step.kind != "aob":
        await pilot.press("n")
    await pilot.pause()
    return screen


async def test_last_item_keys_are_keys_until_the_date_box_is_chosen(mini_db: Path, tmp_path: Path) -> None:
    app = mini_app(mini_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        screen = await go_to_the_end(app, pilot)
        box = screen.query_one("#next-meeting", Input)
        await pilot.press("p")
        assert screen.step.kind == "new" and box.value == ""  # p moved back; nothing typed
        await pilot.press("n", "plus", "n")
        assert screen.step.kind == "aob" and box.value == ""
        # A fast chair: the next n is handled before the previous item's table takes the focus.
        await pilot.press("p", "p")
        screen.action_step(1)  # "new business": its table's focus is queued...
        screen.action_step(1)  # ...and the last item is shown before it lands
        await settle_screen(pilot)
        assert screen.step.kind == "aob" and app.screen.focused is None
        await pilot.press("p", "n")
        assert screen.step.kind == "aob" and box.value == ""
        await pilot.press("enter")  # now the chair chooses the box
        assert box.has_focus
        await type_text(pilot, "2026-12-17")
        await pilot.press("enter")
        await pilot.pause()
        assert not box.has_focus
        await pilot.press("p")
        assert screen.step.kind == "new"
    assert on_disk(tmp_path / "minutes.toml")["meeting"]["next_meeting"] == date(2026, 12, 17)


async def test_time_boxes_are_adjusted_on_screen_and_remembered(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("m", "n")  # the first carried action: 2 minutes
        await pilot.pause()
        assert "item 0:00/2:00" in screen_text(app)
        await pilot.press("greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert "item 0:00/4:00" in screen_text(app)
        await pilot.press("n")  # every carried action now has 4 minutes
        await pilot.pause()
        assert "item 0:00/4:00" in screen_text(app)
    (tmp_path / "next").mkdir()
    again = sample_app(sample_db, tmp_path / "next")  # the next meeting keeps the chair's boxes
    async with again.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("m", "n")
        await pilot.pause()
        assert "item 0:00/4:00" in screen_text(again)
        await pilot.press("p", "less_than_sign")  # attendance: 5 minutes down to 4
        await pilot.pause()
        assert "item 0:00/4:00" in screen_text(again)


# -- reloading the minutes ----------------------------------------------------------------


async def test_capital_r_reloads_the_minutes_and_the_conflict_says_so(
    sample_db: Path, tmp_path: Path
) -> None:
    app = sample_app(sample_db, tmp_path)
    path = tmp_path / "minutes.toml"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        # Someone else changes the minutes: the next change is refused and says which key helps.
        first = read_minutes(path).actions[0]
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f'title = "{first.title}"', 'title = "Changed elsewhere"', 1), "utf-8")
        await pilot.press("d")
        await pilot.pause()
        said = " ".join(str(n.message) for n in app._notifications)
        assert "Press R to reload the minutes" in said
        await pilot.press("R")
        await pilot.pause()
        assert app.minutes_store.minutes.get_action(first.id).title == "Changed elsewhere"


# -- where a screen opens -----------------------------------------------------------------


async def test_each_area_opens_at_its_own_place(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("n")
        await settle_screen(pilot)
        scroll = app.screen.query_one("#area-scroll", VerticalScroll)
        await pilot.press("pagedown", "pagedown")
        await settle_screen(pilot)
        left_at = scroll.scroll_y
        assert left_at > 0
        await pilot.press("n")  # another area starts at its top, not where the last was left
        await settle_screen(pilot)
        assert scroll.scroll_y == 0
        await pilot.press("p")  # and the first area is where the chair left it
        await settle_screen(pilot)
        assert scroll.scroll_y == left_at


async def test_each_agenda_item_starts_at_its_top(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("m")
        await settle_screen(pilot)
        screen = app.screen
        while screen.step.kind != "area":
            await pilot.press("n")
        await settle_screen(pilot)
        scroll = screen.query_one("#step-area", VerticalScroll)
        scroll.scroll_end(animate=False)
        await pilot.pause()
        assert scroll.scroll_y > 0
        await pilot.press("n")
        await settle_screen(pilot)
        assert scroll.scroll_y == 0


# -- the tracker: checkboxes, done twice, search -----------------------------------------------


def overdue_box_line(app: PsgApp) -> str:
    return next(line for line in screen_text(app).splitlines() if "Overdue only" in line)


async def test_checkbox_state_is_a_shape_not_only_a_colour(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        off = overdue_box_line(app)
        app.screen.query_one("#filter-overdue", Checkbox).value = True
        await settle_screen(pilot)
        on = overdue_box_line(app)
        assert "✓" in on and "✓" not in off
        assert on.replace("✓", " ") == off  # the glyph is the difference, not the colour alone


async def test_done_on_a_done_action_changes_nothing(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    path = tmp_path / "minutes.toml"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        table = app.screen.query_one("#tracker-table", DataTable)
        action_id = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        await pilot.press("d")
        await settle_screen(pilot)
        before = path.read_bytes()
        history = len(on_disk(path)["actions"][0].get("updates", []))
        table.move_cursor(row=table.get_row_index(action_id))
        app.clear_notifications()
        await pilot.press("d")
        await pilot.pause()
        assert path.read_bytes() == before  # no second "done" in the history
        said = " ".join(str(n.message) for n in app._notifications)
        assert f"{action_id} is already done: nothing changed." in said
        assert history == len(on_disk(path)["actions"][0].get("updates", []))


async def test_slash_searches_the_actions_by_text(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_screen(pilot)
        await pilot.press("t")
        await settle_screen(pilot)
        screen = app.screen
        assert isinstance(screen, TrackerScreen)
        table = screen.query_one("#tracker-table", DataTable)
        everything = table.row_count
        await pilot.press("slash")
        await type_text(pilot, "halyard")
        await pilot.pause()
        ids = [k.value for k in table.rows]
        assert ids == ["A-0041"]  # "Tenancy enforcement visit to 18 Halyard Street …"
        assert "matching 'halyard'" in screen_text(app)
        await pilot.press("enter")  # back to the table: its keys work on what was found
        assert table.has_focus
        # Words may come from different fields: the owner and the agency.
        await pilot.press("slash", "ctrl+u")
        await type_text(pilot, "priya council")
        await pilot.pause()
        found = [app.minutes_store.minutes.get_action(k.value) for k in table.rows]
        assert found and all(a.owner == "Priya Venn" for a in found)
        # In privacy mode a hidden name cannot be found by typing it.
        await pilot.press("enter", "h", "slash", "ctrl+u")
        await type_text(pilot, "priya")
        await pilot.pause()
        assert table.row_count == 0
        await pilot.press("ctrl+u", "enter")  # an empty search shows everything again
        await pilot.pause()
        restricted = sum(a.restricted for a in app.minutes_store.minutes.actions)  # hidden in privacy mode
        assert restricted and table.row_count == everything - restricted
        assert not screen.query_one("#tracker-search").display


# -- quitting mid-meeting -------------------------------------------------------------------


async def test_q_asks_first_during_a_meeting(sample_db: Path, tmp_path: Path) -> None:
    from psg_tui.dialogs.quit_confirm import QuitConfirm

    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("m", "space")  # the meeting is under way: an attendance is recorded
        await settle_screen(pilot)
        await pilot.press("q")
        await settle_screen(pilot)
        assert isinstance(app.screen, QuitConfirm) and app.is_running
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "already saved in" in text and str(tmp_path / "minutes.toml") in text
        await pilot.press("n")  # stays
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen) and app.is_running
        await pilot.press("q", "q")  # q q quits
        await pilot.pause()
    assert app.return_code == 0


async def test_q_quits_at_once_when_nothing_happened(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
