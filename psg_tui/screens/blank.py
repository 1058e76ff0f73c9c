"""The screen blank: everything hidden behind a neutral screen until the blank key again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class BlankScreen(Screen[None]):
    """Shows nothing of the meeting, not even a toast or a tooltip (the app holds toasts back)."""

    BINDINGS = [Binding("b", "app.blank", "Show the screen again", priority=True)]
    DEFAULT_CSS = """
    BlankScreen { background: #000000; align: center middle; }
    BlankScreen Static { width: auto; color: #333333; }
    BlankScreen ToastRack, BlankScreen Tooltip { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static("·")
