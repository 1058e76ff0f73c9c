"""The bar across the top of every screen: the protective marking, the meeting, the period."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from psg_tui.widgets.cells import literal


class MeetingBar(Static):
    """Always shows the classification; it must never scroll away or be hidden."""

    DEFAULT_CSS = """
    MeetingBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
    }
    """

    classification: reactive[str] = reactive("OFFICIAL-SENSITIVE")
    title: reactive[str] = reactive("")
    detail: reactive[str] = reactive("")
    privacy: reactive[bool] = reactive(False)

    def render(self) -> Text:
        marking = literal(f" {self.classification} ", "bold white on #8b0000")
        text = Text.assemble(marking, " ")
        if self.privacy:
            text.append(" PRIVACY ON ", style="bold black on #ffd700")
            text.append(" ")
        text.append_text(literal(self.title, "bold"))
        if self.detail:
            text.append("  ·  ")
            text.append_text(literal(self.detail))
        text.truncate(max(self.size.width, 1), overflow="ellipsis")
        return text
