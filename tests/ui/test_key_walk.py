"""A keyboard that never traps, whatever keys a chair presses.

From wherever a chair's random keys lead (every screen, form, box and the help), whatever has
the focus is on screen, and ctrl+g then o is the overview, neither key typed into a field on
the way. And every key the footer
shows does something when pressed: the screen changes (a toast counts) and nothing fails.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.errors import NoWidget
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from psg_tui.app import PsgApp
from psg_tui.screens.overview import OverviewScreen
from psg_tui.widgets.area_minutes import tidy_notes
from tests.examples import PER_DASHBOARD
from tests.ui.screen import screen_text
from tests.ui.test_chair_flow import sample_app

# What a chair presses: every screen's keys, moving and choosing, and letters that would be typed
# into a box or a form. Not esc, f12 or ctrl+b (the blank: by design nothing but the same key
# works under it), nor q (quits), nor ctrl+p (the palette, left with esc).
KEYS = (
    *"nporstmgaedukfvybhDO+/<>[]?12x ",
    "enter",
    "tab",
    "shift+tab",
    "up",
    "down",
    "ctrl+g",
    "ctrl+s",
    "ctrl+u",
    "ctrl+z",
    "backspace",
)
NAMES = {" ": "space", "+": "plus", "/": "slash", "<": "less_than_sign", ">": "greater_than_sign"}
NAMES |= {"[": "left_square_bracket", "]": "right_square_bracket", "?": "question_mark"}


def fields(app: PsgApp) -> dict[int, tuple[object, str]]:
    """Every box and editor on every screen the app holds, with its text."""
    found: dict[int, tuple[object, str]] = {}
    for stack in app._screen_stacks.values():
        for screen in stack:
            for widget in screen.query("Input, TextArea"):
                text = widget.value if isinstance(widget, Input) else widget.text  # type: ignore[attr-defined]
                found[id(widget)] = (widget, text)
    return found


def focus_is_visible(app: PsgApp) -> bool:
    """Whatever has the focus is drawn on the screen (a key never goes somewhere unseen)."""
    focused = app.screen.focused
    if focused is None:
        return True
    try:
        app.screen.find_widget(focused)  # in the compositor's map: displayed and not scrolled away
    except NoWidget:
        return False
    return focused.region.area > 0


async def settle(app: PsgApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@PER_DASHBOARD
@given(walk=st.lists(st.sampled_from(KEYS), min_size=1, max_size=14))
async def test_ctrl_g_then_o_is_the_overview_from_anywhere(sample_db: Path, walk: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = sample_app(sample_db, Path(folder))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            for key in walk:
                await pilot.press(NAMES.get(key, key))
            await settle(app, pilot)
            assert focus_is_visible(app), (walk, app.screen, app.screen.focused)
            before = fields(app)
            await pilot.press("ctrl+g", "o")
            await settle(app, pilot)
            assert isinstance(app.screen, OverviewScreen), (walk, app.screen)
            for key, (widget, text) in fields(app).items():
                if key in before:
                    was = before[key][1]
                    assert text in (was, tidy_notes(was)), (walk, widget, was, text)


# How the chair reaches each screen from the overview.
SCREENS = {"overview": (), "area": ("enter",), "tracker": ("t",), "agenda": ("m",), "pictures": ("g",)}
SCREENS |= {"operation": ("O",), "district": ("D",)}


def state(app: PsgApp) -> tuple[object, ...]:
    """What a key can change: the screen and its focus, the meeting's state, a toast, the text shown."""
    return (
        app.current_mode,
        app.screen,
        app.screen.focused,
        app.area_id,
        app.period,
        app.privacy,
        app.rank_by_rate,
        app.minutes_version,
        [n.message for n in app._notifications],
        screen_text(app),
    )


def footer_keys(app: PsgApp) -> list[str]:
    """The keys the footer shows on the current screen, one per action, as the footer picks them."""
    seen: dict[tuple[int, str], str] = {}
    for key, active in app.screen.active_bindings.items():
        if active.binding.show:
            seen.setdefault((id(active.node), active.binding.action), key)
    return list(seen.values())


# One test per screen, so the pytest-xdist workers share them out (together they took minutes).
@pytest.mark.parametrize("mode", SCREENS)
async def test_every_key_the_footer_shows_does_something(sample_db: Path, tmp_path: Path, mode: str) -> None:
    way = SCREENS[mode]
    app = sample_app(sample_db, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("m", "o")  # a meeting under way: q asks rather than quits
        await settle(app, pilot)
        await pilot.press("o", *way)
        await settle(app, pilot)
        screen = app.screen
        assert app.current_mode == mode
        keys = footer_keys(app)
        assert keys, mode
        for key in keys:
            app.clear_notifications()
            await pilot.pause()
            before = state(app)
            await pilot.press(key)
            await settle(app, pilot)
            assert state(app) != before, f"{key} on the {mode} screen did nothing"
            # Back to where the key was pressed: out of a form, a box, the help or the blank.
            if app.blanker.is_blank:
                await pilot.press("f12")
            if isinstance(app.screen, ModalScreen) or isinstance(app.screen.focused, (Input, TextArea)):
                await pilot.press("ctrl+g")
                await settle(app, pilot)
            if app.screen is not screen:
                await pilot.press("o", *way)
                await settle(app, pilot)
            screen = app.screen
        assert app.is_running
