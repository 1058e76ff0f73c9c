"""The screen blank: one key from anywhere, nothing drawn over it, nothing lost under it."""

from __future__ import annotations

import threading
import tomllib
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from psg_tui.app import PsgApp, make_app
from psg_tui.app.blanking import CLEAR_TERMINAL, TerminalBlank
from psg_tui.dialogs.action_form import ActionForm
from psg_tui.screens.blank import BlankScreen
from psg_tui.screens.help import HelpScreen
from psg_tui.widgets.area_minutes import NotesArea
from tests.ui.screen import screen_text

TODAY = date(2026, 11, 19)


async def settle(app: PsgApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def is_blank(app: PsgApp) -> bool:
    text = screen_text(app)
    return isinstance(app.screen, BlankScreen) and text.strip() in ("", "·")


@pytest.fixture
def app(mini_db: Path, tmp_path: Path) -> PsgApp:
    return make_app(mini_db, minutes=tmp_path / "m.toml", today=TODAY)


@pytest.mark.parametrize("key", ["escape", "f12", "ctrl+b"])
async def test_each_blank_key_blanks_and_brings_the_screen_back(app: PsgApp, key: str) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = screen_text(app)
        await pilot.press(key)
        await pilot.pause()
        assert is_blank(app)
        await pilot.press(key)
        await pilot.pause()
        assert screen_text(app) == before


async def test_escape_in_the_action_form_blanks_and_keeps_the_draft(app: PsgApp, tmp_path: Path) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"Patrol", "tab", *"Sam")
        form = app.screen
        assert isinstance(form, ActionForm)
        await pilot.press("escape")  # one press: blank, not cancel
        await pilot.pause()
        assert is_blank(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Patrol"
        assert form.query_one("#owner", Input).value == "Sam"
        assert app.focused is form.query_one("#owner", Input)
        await pilot.press(*" Patel", "tab", *"Police", "ctrl+s")  # the chair carries on
        await pilot.pause()
        saved = tomllib.loads((tmp_path / "m.toml").read_text(encoding="utf-8"))["actions"]
        assert [(a["title"], a["owner"]) for a in saved] == [("Patrol", "Sam Patel")]


async def test_ctrl_g_cancels_a_form(app: PsgApp, tmp_path: Path) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"Patrol", "ctrl+g")
        await pilot.pause()
        assert not isinstance(app.screen, ActionForm)
        assert "actions" not in tomllib.loads((tmp_path / "m.toml").read_text(encoding="utf-8"))


async def test_escape_in_the_notes_editor_blanks_and_the_notes_are_kept(app: PsgApp, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await pilot.press("e", *"Street drinking")
        notes = app.screen.query_one(NotesArea)
        await pilot.press("escape")
        await pilot.pause()
        assert is_blank(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is notes and notes.text == "Street drinking"
        await pilot.press("ctrl+g")  # leaves the field, saving it
        await pilot.pause()
        areas = tomllib.loads((tmp_path / "m.toml").read_text(encoding="utf-8"))["areas"]
        assert areas[0]["notes"] == "Street drinking"


async def test_escape_blanks_from_the_help_and_the_command_palette(app: PsgApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark", "escape")
        await pilot.pause()
        assert is_blank(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)  # the help comes back as it was
        await pilot.press("q", "ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"North", "escape")
        await pilot.pause()
        assert is_blank(app)
        await pilot.press("ctrl+p")  # nothing opens over the blank screen
        await pilot.pause(0.2)
        assert is_blank(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "North Ward" in screen_text(app)  # the palette closed: it holds no draft


async def test_no_toast_is_drawn_over_the_blank_and_they_show_after(app: PsgApp) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.press("escape")
        await pilot.pause()
        app.notify("The database has changed (an import finished). Press r to reload.")
        app.notify("Could not load North Ward", severity="error")
        app.notify("Could not load North Ward", severity="error")
        await pilot.pause(0.2)
        assert is_blank(app)
        await pilot.press("escape")
        for _ in range(100):  # the toasts are mounted a frame or two after the screen comes back
            await pilot.pause(0.05)
            text = screen_text(app)
            if "The database has changed" in text and "Could not load North Ward" in text:
                break
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "The database has changed" in text and text.count("Could not load North Ward") == 1


def test_the_terminal_is_cleared_from_the_input_thread_and_frames_are_held() -> None:
    """The key is read on the input thread; the clear must not wait for a busy event loop."""
    written: list[str] = []
    passed: list[object] = []

    class Driver:
        def process_message(self, message: object) -> None:
            passed.append(message)

        def write(self, data: str) -> None:
            written.append(data)

    driver = Driver()
    repaints: list[bool] = []
    blank = TerminalBlank(lambda: repaints.append(True))
    blank.install(driver)
    driver.write("frame 1")
    key = events.Key("f12", None)
    reader = threading.Thread(target=driver.process_message, args=(key,))
    reader.start()
    reader.join()
    assert written == ["frame 1", CLEAR_TERMINAL] and passed == [key]
    driver.write("frame 2 of the dashboard, drawn late")  # held: it is what is being hidden
    assert written[-1] == CLEAR_TERMINAL
    blank.set_blanked(True)  # the app has the blank screen up
    driver.write("the blank screen")
    assert written[-1] == "the blank screen"
    driver.process_message(events.Key("f12", None))  # on the blank screen: the key lifts it
    assert written[-1] == "the blank screen" and not repaints
