"""The screen blank: one key, from anywhere, and nothing else is drawn until it is lifted.

The chair presses it when someone who must not see the screen walks in, often while the
dashboard is busy drawing the next area. So the blank does not wait its turn behind that work:
the input thread, which reads the key, clears the terminal itself and holds back every frame
the app writes until the blank screen is up (a busy event loop would otherwise draw the
dashboard for up to a second first). Toasts raised while the screen is blank are held and
shown when it is lifted; none is drawn over it. What was on screen under the blank (a form
half filled in, the notes being typed) is left exactly as it was.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App

from psg_tui.screens.blank import BlankScreen

BLANK_KEYS = ("escape", "f12", "ctrl+b")
# End any synchronised update the app had begun, reset the colours, clear, cursor home.
CLEAR_TERMINAL = "\x1b[?2026l\x1b[0m\x1b[2J\x1b[3J\x1b[H"
HOLD_LIMIT = 5.0  # seconds: if the app never puts the blank screen up, stop holding its frames
HELD_TOASTS_SHOWN = 5


class TerminalBlank:
    """Installed on the app's driver: blanks the terminal from the input thread."""

    def __init__(self, repaint: Callable[[], object], keys: tuple[str, ...] = BLANK_KEYS) -> None:
        self._repaint = repaint
        self._keys = keys
        self._lock = threading.Lock()
        self._since: float | None = None
        self.blanked = False  # set by the app, on its own thread, when the blank screen is up or down

    def install(self, driver: Any) -> None:
        process, write = driver.process_message, driver.write

        def process_message(message: Any) -> None:
            if isinstance(message, events.Key) and message.key in self._keys and not self.blanked:
                with self._lock:
                    if self._since is None:
                        self._since = time.monotonic()
                        write(CLEAR_TERMINAL)
            process(message)

        def guarded_write(data: str) -> None:
            with self._lock:
                if self._since is not None:
                    if time.monotonic() - self._since < HOLD_LIMIT:
                        return  # a frame of what is being hidden
                    self._since = None
                    self._repaint()
                write(data)

        driver.process_message = process_message
        driver.write = guarded_write

    def set_blanked(self, blanked: bool) -> None:
        """The app has put the blank screen up (or taken it down): its frames may be drawn."""
        with self._lock:
            self._since = None
            self.blanked = blanked


class Blanker:
    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.terminal = TerminalBlank(lambda: app.call_later(app.refresh, layout=True, repaint=True))
        self._held: list[tuple[str, str, Any, float | None]] = []

    @property
    def is_blank(self) -> bool:
        return isinstance(self.app.screen, BlankScreen)

    def install(self) -> None:
        driver = getattr(self.app, "_driver", None)
        if driver is not None:
            self.terminal.install(driver)

    def toggle(self) -> None:
        app = self.app
        if self.is_blank:
            app.pop_screen()
            self.terminal.set_blanked(False)
            self._show_held()
            return
        escape = getattr(app.screen, "_action_escape", None)
        if escape and app.screen.has_class("--textual-command-palette"):
            escape()  # the palette holds no draft: it closes, the screen under it is kept
        app.push_screen(BlankScreen())
        self.terminal.set_blanked(True)

    def hold(self, message: str, title: str, severity: Any, timeout: float | None) -> bool:
        """Keep a toast back while the screen is blank; True if it was held."""
        if not self.is_blank:
            return False
        self._held.append((message, title, severity, timeout))
        return True

    def _show_held(self) -> None:
        """Errors and warnings, then the latest information, each once, the newest few."""
        held, self._held = self._held, []
        if not held:
            return
        serious = [t for t in held if t[2] != "information"]
        latest = [t for t in held if t[2] == "information"][-1:]
        unique = list(dict.fromkeys(serious + latest))[-HELD_TOASTS_SHOWN:]
        for message, title, severity, timeout in unique:
            self.app.notify(message, title=title, severity=severity, timeout=timeout)
