"""Reading what is on the terminal, as text, the way a person in the room would see it."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App


def screen_text(app: App) -> str:
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def settle_screen(pilot, *, quiet: bool = True) -> None:
    """Wait until the app has finished its work and the screen has stopped changing.

    Workers start a moment after a key press and charts draw twice (once to lay out), so a
    fixed number of pauses is not enough on a busy machine: wait for two identical frames.
    """
    app = pilot.app
    previous = None
    for _ in range(100):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.02)
        if quiet:
            app.clear_notifications()
        for widget in app.screen.query("Input, TextArea"):
            widget.cursor_blink = False  # a blinking cursor would make the image depend on timing
        frame = app.export_screenshot()
        if frame == previous and not any(w.is_running for w in app.workers):
            return
        previous = frame
