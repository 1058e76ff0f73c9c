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
    detail: reactive[str] = reactive("")  # the period and the as-of date: kept at any width
    minutes: reactive[str] = reactive("")  # the minutes file: shown when there is room
    privacy: reactive[bool] = reactive(False)
    following: reactive[str] = reactive("")  # "3 following" while the screen is shared
    share: reactive[str] = reactive("")  # the followers' link: shown when there is room

    def render(self) -> Text:
        """The marking first, never cut; then the period and as-of date, which a narrow screen
        keeps by cutting the meeting's title and leaving out the minutes file's name."""
        width = max(self.size.width, 1)
        head = Text.assemble(literal(f" {self.classification} ", "bold white on #8b0000"), " ")
        if self.privacy:
            head.append(" PRIVACY ON ", style="bold black on #ffd700")
            head.append(" ")
        if self.following:
            head.append_text(literal(f" {self.following} ", "bold white on #1f5fa8"))
            head.append(" ")
        tail = Text("")
        for part in (self.detail, self.share, self.minutes):
            candidate = tail.copy()
            if part:
                candidate.append_text(literal(f"  ·  {part}"))
            if not tail or head.cell_len + TITLE_AT_LEAST + candidate.cell_len <= width:
                tail = candidate
        title = literal(self.title, "bold")
        room = width - head.cell_len - tail.cell_len
        if title.cell_len > room:
            title.truncate(max(room, 0), overflow="ellipsis")
        text = Text.assemble(head, title, tail)
        text.truncate(width, overflow="ellipsis")
        return text


TITLE_AT_LEAST = 12  # cells of the meeting's title kept before the minutes file's name is shown
