"""A keyboard that never traps: every box on a screen can be left with
ctrl+g, tab or shift+tab, and the screen's keys are never typed into a box the chair has left."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input

from psg_tui.dialogs.action_form import ActionForm
from psg_tui.dialogs.quit_confirm import QuitConfirm
from psg_tui.screens.agenda import AgendaScreen
from psg_tui.screens.area import AreaScreen
from psg_tui.screens.overview import OverviewScreen
from psg_tui.screens.tracker import TrackerScreen
from psg_tui.widgets.actions_table import selected_action_id
from psg_tui.widgets.area_minutes import NotesArea
from tests.ui.screen import screen_text, settle_screen
from tests.ui.test_chair_flow import go_to_the_end, mini_app, on_disk, sample_app
from tests.ui.test_tracker import type_text


async def test_the_date_box_is_left_once_the_date_is_recorded(mini_db: Path, tmp_path: Path) -> None:
    app = mini_app(mini_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        screen = await go_to_the_end(app, pilot)
        box = screen.query_one("#next-meeting", Input)
        await pilot.press("enter")
        await type_text(pilot, "17/12/2026")
        await pilot.press("enter")
        await settle_screen(pilot)
        assert not box.has_focus and box.value == ""
        await pilot.press("p", "n")  # the agenda's keys, not letters in the box
        assert screen.step.kind == "aob" and box.value == ""
        await pilot.press("o")
        await settle_screen(pilot)
        assert isinstance(app.screen, OverviewScreen) and box.value == ""
    assert on_disk(tmp_path / "minutes.toml")["meeting"]["next_meeting"].isoformat() == "2026-12-17"


async def test_tab_shift_tab_and_ctrl_g_leave_the_date_box(mini_db: Path, tmp_path: Path) -> None:
    app = mini_app(mini_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        screen = await go_to_the_end(app, pilot)
        box = screen.query_one("#next-meeting", Input)
        for leave in ("tab", "shift+tab", "ctrl+g"):
            await pilot.press("enter")
            assert box.has_focus
            await type_text(pilot, "not a date")
            await pilot.press("enter")  # refused: the box keeps the focus to be corrected...
            await pilot.pause()
            assert box.has_focus
            await pilot.press(leave)  # ...but the chair can always leave it
            assert not box.has_focus, leave
            await pilot.press("ctrl+u")  # (a key the box would take)
            await pilot.press("p")
            assert screen.step.kind == "new", leave
            await pilot.press("n")
            assert screen.step.kind == "aob"
            box.value = ""
        await pilot.press("enter", "ctrl+g", "O")
        await settle_screen(pilot)
        assert not isinstance(app.screen, AgendaScreen) and box.value == ""


async def test_the_decision_box_and_the_search_are_left_with_ctrl_g(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("enter")  # the first area
        await settle_screen(pilot)
        assert isinstance(app.screen, AreaScreen)
        decision = app.screen.query_one("#decision-input", Input)
        decision.focus()
        await type_text(pilot, "Patrols")
        await pilot.press("ctrl+g")
        assert not decision.has_focus
        area = app.area_id
        await pilot.press("n")
        await settle_screen(pilot)
        assert app.area_id != area and decision.value == "Patrols"  # kept, not recorded, not added to
        await pilot.press("t", "slash")
        await settle_screen(pilot)
        assert isinstance(app.screen, TrackerScreen)
        search = app.screen.query_one("#tracker-search", Input)
        assert search.has_focus
        await pilot.press("ctrl+g")
        assert app.screen.query_one("#tracker-table").has_focus  # back to the table
        await pilot.press("slash", "tab")
        assert app.screen.query_one("#tracker-table").has_focus
        await pilot.press("o")
        await settle_screen(pilot)
        assert isinstance(app.screen, OverviewScreen) and search.value == ""


async def test_the_quit_question_says_what_each_key_does(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("m", "space", "q")
        await settle_screen(pilot)
        assert isinstance(app.screen, QuitConfirm)
        text = screen_text(app)
        assert "n or ctrl+g stays" in text and "esc hides the screen" in text and "esc stays" not in text
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen) and app.is_running
        await pilot.press("q", "escape")  # esc hides the screen, and the question is kept under it
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuitConfirm) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)


async def test_ctrl_g_leaves_the_notes_and_the_help(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_screen(pilot)
        await pilot.press("enter", "e")
        await settle_screen(pilot)
        assert isinstance(app.screen.focused, NotesArea)
        await pilot.press("ctrl+g", "question_mark")
        await pilot.pause()
        await pilot.press("ctrl+g", "o")
        await settle_screen(pilot)
        assert isinstance(app.screen, OverviewScreen)


# -- the area view: enter edits, tab goes to the actions ---------------------------------------


async def open_area_with_actions(app, pilot) -> AreaScreen:
    """The overview's first area with actions in these minutes (the sample's red areas have some)."""
    await settle_screen(pilot)
    await pilot.press("enter")
    await settle_screen(pilot)
    screen = app.screen
    assert isinstance(screen, AreaScreen)
    assert screen.query_one("#meeting-actions", DataTable).row_count
    return screen


async def test_enter_edits_the_selected_action_wherever_the_focus_is(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area_with_actions(app, pilot)
        first = selected_action_id(screen.query_one("#meeting-actions", DataTable))
        assert screen.focused is screen.query_one("#area-scroll")  # the panels, as the view opens
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm) and first in screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        screen.set_focus(None)  # nothing focused (as after leaving the notes in some terminals)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.screen is screen


async def test_tab_goes_straight_to_this_meetings_actions(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area_with_actions(app, pilot)
        table = screen.query_one("#meeting-actions", DataTable)
        await pilot.press("tab")
        assert table.has_focus
        await pilot.press("down", "enter")  # the second action
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        second = selected_action_id(table)
        assert second in screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("tab", "tab")  # the notes, then the decision box
        assert screen.focused is screen.query_one("#decision-input")
        await pilot.press("tab")  # leaves it for the panels; one more tab is the actions again
        assert screen.focused is screen.query_one("#area-scroll")
        await pilot.press("tab")
        assert table.has_focus


async def test_a_stray_enter_puts_no_blank_line_in_the_notes(sample_db: Path, tmp_path: Path) -> None:
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_area_with_actions(app, pilot)
        area = app.area_id
        await pilot.press("e", "enter")  # meant to edit the action: the notes had the focus
        await type_text(pilot, "Patrols doubled")
        await pilot.press("enter", "enter")
        await type_text(pilot, "CCTV  ")
        await pilot.press("enter", "ctrl+g")
        await settle_screen(pilot)
        assert isinstance(screen.focused, (type(None), VerticalScroll))
        saved = {a["area"]: a["notes"] for a in on_disk(tmp_path / "minutes.toml")["areas"]}
        assert saved[area] == "Patrols doubled\nCCTV"
        assert screen.query_one(NotesArea).text == "Patrols doubled\nCCTV"  # shown as saved
        await pilot.press("e", "ctrl+g")  # nothing typed: nothing changes
        await settle_screen(pilot)
        assert {a["area"]: a["notes"] for a in on_disk(tmp_path / "minutes.toml")["areas"]} == saved
