"""Every key, grouped by where it works, built from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def _key_label(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    names = {"question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]", "escape": "esc"}
    return " / ".join(names.get(k, k) for k in binding.key.split(","))


def keys_table(groups: dict[str, list[BindingType]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", justify="right")
    table.add_column()
    for group, bindings in groups.items():
        table.add_row("", Text(group, style="bold underline"))
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                text = Text(binding.description)
                if binding.tooltip:  # what the footer has no room to say
                    text.append(f": {binding.tooltip}", style="dim")
                table.add_row(_key_label(binding), text)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("question_mark,q,ctrl+g", "dismiss", "Close help"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, groups: dict[str, list[BindingType]], notes: str) -> None:
        super().__init__()
        self.groups = groups
        self.notes = notes

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text("Keys", style="bold"))
            yield Static(keys_table(self.groups))
            yield Static(Text(self.notes))
            yield Static(Text("? or q closes this help (esc hides the screen, as everywhere).", style="dim"))
