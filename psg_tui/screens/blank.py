"""The one-key screen blank: everything hidden behind a neutral screen until the same key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static


class BlankScreen(Screen[None]):
    BINDINGS = [Binding("escape,b", "app.pop_screen", "Show the screen again", priority=True)]
    DEFAULT_CSS = """
    BlankScreen { background: #000000; align: center middle; }
    BlankScreen Static { width: auto; color: #333333; }
    """

    def compose(self) -> ComposeResult:
        yield Static("·")
